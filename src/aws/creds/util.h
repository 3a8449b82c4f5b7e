// Small helpers of the credential chain (time stamps, hashing, shell-style splitting, redaction).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/creds/types.h"

namespace cs::aws::creds {

// ISO-8601 / RFC 3339 time stamps: "2026-01-02T03:04:05Z", fractional seconds, "+hh:mm" offsets,
// a space instead of 'T', and "UTC" as a suffix (the SSO cache writes "2026-01-02T03:04:05UTC").
std::optional<TimePoint> parse_iso8601(const std::string& s);
std::string format_iso8601(TimePoint t);  // "2026-01-02T03:04:05Z"

std::string sha1_hex(const std::string& data);

// shlex.split (POSIX mode) for credential_process command lines; nullopt on an unterminated quote.
std::optional<std::vector<std::string>> shell_split(const std::string& s);

// External text (a child's stderr, an HTTP body) made safe for an error message: cut to `max`
// bytes, control characters replaced, and any run of 16+ characters of [A-Za-z0-9/+=_-] that looks
// like a key or token replaced by "<redacted>". Values in `secrets` are always removed.
std::string scrub(const std::string& text, size_t max = 300, const std::vector<std::string>& secrets = {});

}  // namespace cs::aws::creds
