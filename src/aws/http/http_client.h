// HTTP transport for the live AWS layer (DESIGN.md §2 "aws"): an abstract asynchronous client and a libcurl
// implementation on the multi interface (one event-loop thread per client, keep-alive connection cache,
// bounded concurrency, timeouts, TLS verification always on, proxies from the environment).
//
// Library rules: nothing here prints, throws across the API or aborts. Transport failures are values.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cs::aws::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; nullptr when absent (first match wins).
const std::string* find_header(const Headers& headers, std::string_view name);
bool iequals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, POST, PUT, DELETE, PATCH, ...
  std::string url;             // absolute http(s) URL
  Headers headers;  // sent as given (Host/Content-Length are derived from the URL/body when absent)
  std::string body;
  // Per-request total timeout; 0 = client default.
  std::chrono::milliseconds timeout{0};
};

struct HttpResponse {
  long status = 0;
  Headers headers;   // of the final response (interim 100-continue / proxy responses are dropped)
  std::string body;  // decoded (gzip is undone by the transport)
};

enum class TransportErrorKind {
  kNone,
  kConnect,           // DNS / refused / unreachable / proxy unreachable
  kTimeout,           // connect, total or low-speed timeout (see connect_phase)
  kConnectionReset,   // reset / closed without a response / send or receive failure
  kTls,               // handshake or certificate failure (see cert_verification)
  kTruncatedBody,     // fewer body bytes than announced
  kCancelled,         // client shut down before the transfer finished
  kResponseTooLarge,  // over CurlClientOptions::max_response_bytes / max_header_bytes (never retried)
  kOther,
};
std::string_view to_string(TransportErrorKind kind);

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::kNone;
  std::string message;             // human-readable, from the transport
  int code = 0;                    // transport-specific code (CURLcode for the libcurl client)
  bool connect_phase = false;      // timeout before a connection was established
  bool cert_verification = false;  // TLS peer certificate / host name verification failed
};

struct HttpResult {
  std::optional<HttpResponse> response;  // set when an HTTP response was fully received (any status)
  TransportError error;                  // kind != kNone when response is empty
  double elapsed_seconds = 0;
  long new_connections = 0;  // TCP connections this transfer had to open (0 = reused)
  bool ok() const { return response.has_value(); }
};

using Callback = std::function<void(HttpResult)>;
// Receives one line per call: "> GET https://..." / "> header: value" / "< HTTP 200" / "< header: value" /
// "> body: ..." / "< body: ...". Secrets are redacted before the hook sees them (see redact.h).
// May be called from the client's event-loop thread; must be thread-safe.
using DebugHook = std::function<void(std::string_view line)>;

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Starts `request` after `delay` (0 = as soon as a concurrency slot is free). `callback` is called exactly
  // once, possibly on another thread (the libcurl client calls it on its event-loop thread: keep it short;
  // it may call submit again).
  virtual void submit_after(std::chrono::milliseconds delay, HttpRequest request, Callback callback) = 0;

  void submit(HttpRequest request, Callback callback) {
    submit_after(std::chrono::milliseconds(0), std::move(request), std::move(callback));
  }
  // Blocking convenience. Never call it from inside a callback of the same client.
  HttpResult send(HttpRequest request);
};

// Bounds of every response (README "Bounds of a live scan"). Real AWS responses of the calls cloudsift
// makes are under 1 MiB (a ListFunctions page of 50 functions with 4 KB of environment each is ~0.5 MiB);
// 16 MiB leaves 16x headroom while 32 transfers in flight stay near 512 MiB against a hostile endpoint.
inline constexpr std::uint64_t kDefaultMaxResponseBytes = 16ull << 20;
inline constexpr std::uint64_t kDefaultMaxHeaderBytes = 1ull << 20;  // AWS sends a few hundred bytes
inline constexpr std::chrono::milliseconds kDefaultRequestTimeout{60000};
inline constexpr long kDefaultLowSpeedLimit = 1024;              // bytes per second ...
inline constexpr std::chrono::seconds kDefaultLowSpeedTime{30};  // ... averaged over this long

// "16 MiB", "1 KiB", "1000 bytes": a byte count as the flags take it.
std::string format_bytes(std::uint64_t n);

struct CurlClientOptions {
  std::size_t max_concurrent = 32;   // transfers in flight at once; further ones queue
  long max_cached_connections = 64;  // keep-alive cache size (CURLMOPT_MAXCONNECTS)
  long max_host_connections = 0;     // 0 = unlimited per host
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout = kDefaultRequestTimeout;  // default per transfer; 0 = none
  long low_speed_limit_bytes = kDefaultLowSpeedLimit;          // abort (kTimeout) when slower than this ...
  std::chrono::seconds low_speed_time = kDefaultLowSpeedTime;  // ... for this long (0 = off)
  // A response whose body is larger, as announced (Content-Length), as received or as decoded (gzip), or
  // whose headers are larger, ends in kResponseTooLarge as soon as the bound is crossed: nothing beyond it
  // is buffered.
  std::uint64_t max_response_bytes = kDefaultMaxResponseBytes;
  std::uint64_t max_header_bytes = kDefaultMaxHeaderBytes;
  // CA bundle file; when empty, AWS_CA_BUNDLE from the environment (read at construction), else the system
  // default. TLS peer and host verification are always on.
  std::string ca_bundle;
  std::string user_agent = "cloudsift";
  DebugHook debug;                      // --debug; empty = off
  std::size_t debug_body_limit = 8192;  // bytes of each body passed (redacted) to the hook
};

// Never returns null. The client owns one event-loop thread; destroying it cancels unfinished transfers
// (their callbacks get kCancelled) and joins the thread. Do not destroy it from inside one of its callbacks.
std::unique_ptr<HttpClient> make_curl_client(CurlClientOptions options = {});

}  // namespace cs::aws::http
