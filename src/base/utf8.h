// UTF-8 encoding shared by the parsers (JSON, HCL, XML escapes) and Terraform's string functions.
#pragma once

#include <cstdint>
#include <string>

namespace cs {

// Appends code point `cp` (at most 0x10FFFF; callers validate) as 1-4 UTF-8 bytes.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace cs
