// AWS Signature Version 4, as botocore's SigV4Auth (botocore/auth.py) computes it. No AWS SDK.
//
// The signer never reads a clock (the time is an argument), never prints, never throws across its API,
// and never puts the secret key or session token into an error message. The session token appears only
// in the X-Amz-Security-Token header it adds and in the canonical request it signs; use
// redact_canonical_request()/redact_header() before logging either.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cs::aws::sigv4 {

struct Header {
  std::string name;
  std::string value;
};

struct QueryParam {
  std::string key;    // raw (not percent-encoded)
  std::string value;  // raw (not percent-encoded); may be empty
};

struct Request {
  std::string method;  // upper-cased for signing
  // Value for the Host header when `headers` has none: lower-case host, with ":port" only when the port is
  // not the scheme's default (botocore's _host_from_url). Ignored when a Host header is present.
  std::string host;
  // Path exactly as sent on the wire (already percent-encoded for real AWS requests). "" means "/".
  std::string path;
  // Query: when `query_params` is non-empty it is used (each key/value RFC 3986-encoded, botocore's
  // request.params branch) and `raw_query` is ignored; otherwise `raw_query` (already encoded, no '?') is
  // split on '&' and '=' and sorted without re-encoding (botocore's URL branch). wire_query() gives
  // the string to send either way.
  std::vector<QueryParam> query_params;
  std::string raw_query;
  std::vector<Header> headers;  // in wire order; duplicates allowed
  std::string body;             // bytes
  // Precomputed payload hash (hex SHA-256, or e.g. "UNSIGNED-PAYLOAD"); when set, `body` is not hashed.
  std::optional<std::string> payload_hash;
};

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty = none
};

struct Options {
  // true (every service except S3): remove dot segments and empty segments from the path, then
  // URI-encode it again (double encoding). false (S3): the path is used as sent.
  bool normalize_and_encode_path = true;
  // S3-style: set X-Amz-Content-Sha256 to the payload hash (and sign it).
  bool add_content_sha256_header = false;
};

struct Signed {
  std::string canonical_request;  // contains the session token when there is one: redact before logging
  std::string string_to_sign;
  std::string credential_scope;  // YYYYMMDD/region/service/aws4_request
  std::string signed_headers;    // "host;x-amz-date"
  std::string signature;         // hex
  std::string authorization;     // the Authorization header value
};

inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Signs `request` in place: removes any Authorization header, sets X-Amz-Date (or, when the request has a
// Date header, re-writes Date as botocore does and drops X-Amz-Date), replaces X-Amz-Security-Token when
// the credentials carry a token, optionally sets X-Amz-Content-Sha256, then appends Authorization.
// Returns the intermediate strings. Errors (missing key, crypto failure) never quote secrets.
Result<Signed> sign(Request& request, const Credentials& credentials, std::string_view region,
                    std::string_view service, std::chrono::sys_seconds time, const Options& options = {});

// Pieces, exposed for tests and callers (all pure).
std::string amz_date(std::chrono::sys_seconds time);  // 20150830T123600Z
std::string uri_encode(std::string_view s,
                       std::string_view safe);  // Python quote(): unreserved + `safe` kept
std::string canonical_uri(std::string_view path, bool normalize_and_encode);
std::string canonical_query(const Request& request);
std::string wire_query(const Request& request);  // the query string to send (no '?'), params in given order
std::string collapse_whitespace(std::string_view value);  // Python ' '.join(value.split()) on UTF-8
std::string sha256_hex(std::string_view data);
bool is_excluded_header(std::string_view lower_name);  // headers botocore never signs

// Loggable forms. redact_header: X-Amz-Security-Token -> "<redacted>"; Authorization keeps Credential
// (access key id and scope), SignedHeaders and Signature (none is secret); other headers unchanged.
std::string redact_header(std::string_view name, std::string_view value);
// Canonical request with the x-amz-security-token line's value replaced by "<redacted>".
std::string redact_canonical_request(std::string_view canonical_request);

}  // namespace cs::aws::sigv4
