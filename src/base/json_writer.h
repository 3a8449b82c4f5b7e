// Minimal JSON output helpers (escaping). Parsing lives in syntax/json.
#pragma once

#include <string>
#include <string_view>

namespace cs {

// s as a JSON string literal, quotes included; control characters and invalid UTF-8 bytes escaped.
std::string json_quote(std::string_view s);
// Appends json_quote(s) to out (no temporary string).
void json_quote_to(std::string& out, std::string_view s);

}  // namespace cs
