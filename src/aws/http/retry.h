// botocore "standard" retry mode (API.md §11) on top of HttpClient: error-code extraction per protocol,
// retryable classification, truncated binary exponential backoff with full jitter, per-client retry quota.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/http/http_client.h"
#include "aws/http/rate_limiter.h"

namespace cs::aws::http {

enum class Protocol { kRestJson, kJson, kQuery, kEc2, kRestXml };

struct AwsError {
  std::string code;  // e.g. "ThrottlingException" (namespace prefix / ":suffix" stripped); may be empty
  std::string message;
  std::string type;  // query "Sender"/"Receiver", Lambda "User"/"Service" when given
};

// Parses the error envelope of a non-2xx response (API.md §11 "Error envelopes"). When no code can be
// found, code is the status as text ("503"), as botocore does for JSON protocols.
AwsError parse_aws_error(Protocol protocol, const HttpResponse& response);
// "aws.protocoltests.restjson#FooError:http://internal..." -> "FooError"
std::string sanitize_error_code(std::string_view raw);

bool is_throttling_code(std::string_view code);
bool is_transient_code(std::string_view code);

struct RetryConfig {
  int max_attempts = 3;  // total attempts including the first (AWS_MAX_ATTEMPTS)
  // Read-only calls (CallOptions::read_only) only: the attempts a call may make while its failures are
  // throttling errors; 0 = max_attempts. A read-only call stops at the first throttling error of attempt
  // >= throttle_max_attempts, or at its max_attempts-th other retryable failure; it never makes more than
  // max(max_attempts, throttle_max_attempts) attempts. Other calls count every failure against max_attempts.
  int throttle_max_attempts = 0;
  // Quota cost of retrying a throttling error of a read-only call. They are paced by the rate limiter and
  // bounded by throttle_max_attempts, so by default they take nothing from the quota, which is left to
  // guard against failures that mean the service is unwell (5xx, resets, timeouts). (botocore's standard
  // and adaptive modes charge retry_cost for them like any retry.)
  int throttle_retry_cost = 0;
  double max_backoff_seconds = 20;  // cap of the exponential backoff
  double backoff_base = 2;
  // Retry-After (seconds or HTTP-date) on a retryable response: delay = max(backoff, min(retry_after, cap)).
  // botocore's standard mode ignores it; cloudsift honours it (capped) so we don't hammer a throttled API.
  bool honour_retry_after = true;
  double retry_after_cap_seconds = 20;
  // Retry quota (token bucket). 0 capacity disables the quota.
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int no_retry_increment = 1;
  // Modeled retryable errors of the operation (shapes with the `retryable` trait), e.g.
  // "InternalServerException".
  std::vector<std::string> extra_retryable_codes;
  // TLS certificate verification failures are permanent; botocore would retry them (SSLError is a
  // ConnectionError), which only wastes time. Other TLS errors (handshake reset) are retried.
  bool retry_tls_verification_failures = false;
};

// Per-client token bucket (botocore retries/quota.py). Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}
  bool acquire(int amount);  // false (and nothing taken) when it can't pay; always true when capacity is 0
  void release(int amount);  // capped at capacity
  int available() const;
  int capacity() const { return capacity_; }

 private:
  mutable std::mutex mu_;
  int capacity_;
  int available_;
};

// How one call is retried.
struct CallOptions {
  bool read_only = false;  // List*/Get*/Describe*, STS AssumeRole*/GetCallerIdentity: throttle budget applies
  // The endpoint's adaptive rate limiter (shared by every call to that endpoint), or none: each attempt
  // first takes a token (its wait is folded into the attempt's delay) and reports its answer back.
  std::shared_ptr<AdaptiveRateLimiter> limiter;
};
// The most attempts a call with these options can make.
int max_attempts_for(const RetryConfig& config, bool read_only);

enum class AttemptVerdict {
  kSuccess,       // 2xx/3xx
  kNotRetryable,  // error, not retryable (AccessDenied, ExpiredToken, validation, ...)
  kRetried,       // retryable; another attempt follows after delay_seconds
  kAttemptsExhausted,
  kQuotaExhausted,
};
std::string_view to_string(AttemptVerdict v);

struct AttemptRecord {
  int attempt = 0;           // 1-based
  long status = 0;           // 0 when no HTTP response
  TransportError transport;  // kind != kNone for transport failures
  AwsError error;            // parsed for non-2xx responses
  bool throttling = false;
  AttemptVerdict verdict = AttemptVerdict::kSuccess;
  double delay_seconds = 0;      // sleep before the next attempt (kRetried): backoff (or Retry-After)
  double rate_wait_seconds = 0;  // wait for a rate-limiter token before this attempt (included in its delay)
  double elapsed_seconds = 0;
};

struct RetryOutcome {
  HttpResult result;                    // of the last attempt
  std::vector<AttemptRecord> attempts;  // every attempt, in order
  bool success() const { return !attempts.empty() && attempts.back().verdict == AttemptVerdict::kSuccess; }
  // "" on success; else e.g. "retries exhausted: ThrottlingException after 3 attempts",
  // "AccessDenied (HTTP 403): User ... is not authorized", "retry quota exhausted: timeout after 2 attempts".
  std::string summary() const;
  const AwsError* error() const;  // last attempt's parsed error, nullptr when none
};

struct RetryEnv {
  std::function<double()> random;  // uniform [0,1]; default std::mt19937_64 seeded from random_device
  std::function<std::chrono::system_clock::time_point()> now;  // for Retry-After dates; default system_clock
};

// Parses Retry-After: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850, asctime). nullopt when invalid.
std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

// Decision helpers (exposed for tests and for callers that drive their own loop).
struct Classification {
  bool retryable = false;
  bool throttling = false;
  bool timeout = false;  // costs timeout_retry_cost
  AwsError error;
};
Classification classify_attempt(const HttpResult& result, Protocol protocol, const RetryConfig& config);
// Backoff before attempt `failed_attempt + 1`: min(random * base^(failed_attempt-1), max_backoff).
double backoff_seconds(int failed_attempt, double random01, const RetryConfig& config);

class RetryingClient {
 public:
  // `inner` must outlive this object. Delays are realised with inner.submit_after (no thread sleeps).
  RetryingClient(HttpClient& inner, RetryConfig config = {}, RetryEnv env = {}, DebugHook debug = {});

  // `callback` gets the outcome once (on the inner client's callback thread). Requests are resent as given
  // (a signer that needs fresh dates per attempt should use the overload with a request factory).
  void submit(HttpRequest request, Protocol protocol, std::function<void(RetryOutcome)> callback);
  // `make_request(attempt)` builds (and signs) the request for each 1-based attempt.
  void submit(std::function<HttpRequest(int attempt)> make_request, Protocol protocol,
              std::function<void(RetryOutcome)> callback);
  void submit(std::function<HttpRequest(int attempt)> make_request, Protocol protocol, CallOptions options,
              std::function<void(RetryOutcome)> callback);
  RetryOutcome send(HttpRequest request, Protocol protocol);  // blocking; not from a callback

  RetryQuota& quota() { return shared_->quota; }
  const RetryConfig& config() const { return shared_->config; }

 private:
  // Kept alive by in-flight calls, so destroying the RetryingClient while retries are pending is safe
  // (the inner client must still outlive them).
  struct Shared {
    Shared(HttpClient& i, RetryConfig c, RetryEnv e, DebugHook d)
        : inner(&i),
          config(std::move(c)),
          env(std::move(e)),
          debug(std::move(d)),
          quota(config.quota_capacity) {}
    HttpClient* inner;
    RetryConfig config;
    RetryEnv env;
    DebugHook debug;
    RetryQuota quota;
  };
  struct Call;
  static void attempt(std::shared_ptr<Call> call, std::chrono::milliseconds delay);
  static void on_result(std::shared_ptr<Call> call, HttpResult result);

  std::shared_ptr<Shared> shared_;
};

}  // namespace cs::aws::http
