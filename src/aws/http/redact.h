// Redaction for --debug output: secrets never reach a debug hook.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cs::aws::http {

inline constexpr std::string_view kRedacted = "***";

// True for names that carry credentials: Authorization, Proxy-Authorization, Cookie, X-Amz-Security-Token,
// X-Amz-Signature, and anything containing "secret", "token", "password" or "signature" (case-insensitive).
bool is_sensitive_name(std::string_view name);

// Value of a header as it may be shown: kRedacted for sensitive names, else the value unchanged.
std::string redact_header_value(std::string_view name, std::string_view value);

// URL with sensitive query parameter values replaced (X-Amz-Security-Token=***, X-Amz-Signature=***).
std::string redact_url(std::string_view url, std::vector<std::string>* removed = nullptr);

// Body with sensitive fields' values replaced: JSON members ("SecretAccessKey": "..."), XML elements
// (<SessionToken>...</SessionToken>) and form/query pairs (Password=...). The kind is guessed from the first
// non-space character ('{'/'[' JSON, '<' XML, else form).
// `removed` (optional) receives the original values that were replaced.
std::string redact_body(std::string_view body, std::vector<std::string>* removed = nullptr);

// Defence in depth for one exchange: remembers the secret values a request carried (sensitive headers, query
// parameters, body fields) and replaces any later occurrence of them, e.g. a server echoing the request back
// inside a string that structural redaction can't see into.
class SecretScrubber {
 public:
  void add(
      std::string_view value);  // the value and its long tokens (>= 8 chars); values < 6 chars are ignored
  void add_header(std::string_view name, std::string_view value);  // adds only when the name is sensitive
  std::string scrub(std::string_view text) const;
  bool empty() const { return values_.empty(); }

 private:
  std::vector<std::string> values_;
};

}  // namespace cs::aws::http
