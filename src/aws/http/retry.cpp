#include "aws/http/retry.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <future>
#include <random>

namespace cs::aws::http {
namespace {

constexpr std::string_view kThrottlingCodes[] = {"Throttling",
                                                 "ThrottlingException",
                                                 "ThrottledException",
                                                 "RequestThrottledException",
                                                 "TooManyRequestsException",
                                                 "ProvisionedThroughputExceededException",
                                                 "TransactionInProgressException",
                                                 "RequestLimitExceeded",
                                                 "BandwidthLimitExceeded",
                                                 "LimitExceededException",
                                                 "RequestThrottled",
                                                 "SlowDown",
                                                 "PriorRequestNotComplete",
                                                 "EC2ThrottledException"};
// RequestTimeout, RequestTimeoutException, PriorRequestNotComplete (standard.py transient codes), plus STS's
// IDPCommunicationError (standard.py's service-specific checker; the code is unique to STS).
constexpr std::string_view kTransientCodes[] = {"RequestTimeout", "RequestTimeoutException",
                                                "PriorRequestNotComplete", "IDPCommunicationError"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Unescapes the JSON string starting at s[i] == '"' (basic escapes; \u kept verbatim when non-ASCII).
std::string json_string_at(std::string_view s, std::size_t i, std::size_t* end) {
  std::string out;
  ++i;
  while (i < s.size() && s[i] != '"') {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[i + 1];
      switch (c) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'u':
          if (i + 5 < s.size()) {
            unsigned v = std::strtoul(std::string(s.substr(i + 2, 4)).c_str(), nullptr, 16);
            if (v < 0x80)
              out.push_back(static_cast<char>(v));
            else
              out.append(s.substr(i, 6));
            i += 4;
          }
          break;
        default:
          out.push_back(c);
          break;
      }
      i += 2;
      continue;
    }
    out.push_back(s[i++]);
  }
  if (end) *end = i < s.size() ? i + 1 : s.size();
  return out;
}

// First string member named `name` (exact) anywhere in the JSON text.
std::optional<std::string> json_string_field(std::string_view s, std::string_view name) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '"') {
      ++i;
      continue;
    }
    std::size_t end = 0;
    std::string key = json_string_at(s, i, &end);
    i = end;
    std::size_t j = i;
    while (j < s.size() && is_space(s[j])) ++j;
    if (j >= s.size() || s[j] != ':') continue;
    ++j;
    while (j < s.size() && is_space(s[j])) ++j;
    if (key == name && j < s.size() && s[j] == '"') return json_string_at(s, j, nullptr);
    i = j;
  }
  return std::nullopt;
}

std::optional<std::string> xml_element(std::string_view s, std::string_view name) {
  std::string open;
  open.append("<").append(name).append(">");
  std::string close;
  close.append("</").append(name).append(">");
  std::size_t b = s.find(open);
  if (b == std::string_view::npos) return std::nullopt;
  b += open.size();
  std::size_t e = s.find(close, b);
  if (e == std::string_view::npos) return std::nullopt;
  std::string v(s.substr(b, e - b));
  // trim
  std::size_t x = 0, y = v.size();
  while (x < y && is_space(v[x])) ++x;
  while (y > x && is_space(v[y - 1])) --y;
  return v.substr(x, y - x);
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", s);
  return buf;
}

}  // namespace

std::string sanitize_error_code(std::string_view raw) {
  std::string_view c = raw;
  if (auto colon = c.find(':'); colon != std::string_view::npos) c = c.substr(0, colon);
  if (auto hash = c.rfind('#'); hash != std::string_view::npos) c = c.substr(hash + 1);
  while (!c.empty() && is_space(c.front())) c.remove_prefix(1);
  while (!c.empty() && is_space(c.back())) c.remove_suffix(1);
  return std::string(c);
}

AwsError parse_aws_error(Protocol protocol, const HttpResponse& r) {
  AwsError e;
  const std::string& body = r.body;
  switch (protocol) {
    case Protocol::kRestJson:
    case Protocol::kJson: {
      const std::string* query_err = find_header(r.headers, "x-amzn-query-error");
      const std::string* hdr = find_header(r.headers, "x-amzn-ErrorType");
      std::optional<std::string> code;
      if (protocol == Protocol::kJson && query_err && !query_err->empty()) {
        auto semi = query_err->find(';');
        code = query_err->substr(0, semi);
        if (semi != std::string::npos) e.type = query_err->substr(semi + 1);
      }
      if (!code && protocol == Protocol::kRestJson && hdr && !hdr->empty()) code = *hdr;
      if (!code) code = json_string_field(body, "__type");
      if (!code && protocol == Protocol::kRestJson) code = json_string_field(body, "code");
      if (!code && protocol == Protocol::kRestJson) code = json_string_field(body, "Code");
      if (!code && hdr && !hdr->empty()) code = *hdr;
      if (code) e.code = sanitize_error_code(*code);
      if (auto m = json_string_field(body, "message"))
        e.message = *m;
      else if (auto m2 = json_string_field(body, "Message"))
        e.message = *m2;
      if (e.type.empty()) {
        if (auto t = json_string_field(body, "Type")) e.type = *t;
      }
      break;
    }
    case Protocol::kQuery:
    case Protocol::kEc2:
    case Protocol::kRestXml: {
      if (auto c = xml_element(body, "Code")) e.code = sanitize_error_code(*c);
      if (auto m = xml_element(body, "Message")) e.message = *m;
      if (auto t = xml_element(body, "Type")) e.type = *t;
      break;
    }
  }
  if (e.code.empty() && (r.status < 200 || r.status >= 300)) e.code = std::to_string(r.status);
  return e;
}

bool is_throttling_code(std::string_view code) {
  return std::find(std::begin(kThrottlingCodes), std::end(kThrottlingCodes), code) !=
         std::end(kThrottlingCodes);
}
bool is_transient_code(std::string_view code) {
  return std::find(std::begin(kTransientCodes), std::end(kTransientCodes), code) != std::end(kTransientCodes);
}

bool RetryQuota::acquire(int amount) {
  std::lock_guard<std::mutex> lk(mu_);
  if (capacity_ <= 0) return true;
  if (amount > available_) return false;
  available_ -= amount;
  return true;
}
void RetryQuota::release(int amount) {
  std::lock_guard<std::mutex> lk(mu_);
  if (capacity_ <= 0) return;
  available_ = std::min(capacity_, available_ + amount);
}
int RetryQuota::available() const {
  std::lock_guard<std::mutex> lk(mu_);
  return available_;
}

std::string_view to_string(AttemptVerdict v) {
  switch (v) {
    case AttemptVerdict::kSuccess:
      return "success";
    case AttemptVerdict::kNotRetryable:
      return "not retryable";
    case AttemptVerdict::kRetried:
      return "retried";
    case AttemptVerdict::kAttemptsExhausted:
      return "retries exhausted";
    case AttemptVerdict::kQuotaExhausted:
      return "retry quota exhausted";
  }
  return "";
}

const AwsError* RetryOutcome::error() const {
  if (attempts.empty() || attempts.back().status == 0) return nullptr;
  if (attempts.back().verdict == AttemptVerdict::kSuccess) return nullptr;
  return &attempts.back().error;
}

std::string RetryOutcome::summary() const {
  if (attempts.empty() || success()) return "";
  const AttemptRecord& last = attempts.back();
  std::string what;
  if (last.status == 0) {
    what = std::string(to_string(last.transport.kind));
    if (!last.transport.message.empty()) what += " (" + last.transport.message + ")";
  } else {
    what = last.error.code.empty() ? "HTTP " + std::to_string(last.status) : last.error.code;
  }
  std::string n = std::to_string(attempts.size()) + (attempts.size() == 1 ? " attempt" : " attempts");
  switch (last.verdict) {
    case AttemptVerdict::kAttemptsExhausted:
      return "retries exhausted: " + what + " after " + n;
    case AttemptVerdict::kQuotaExhausted:
      return "retry quota exhausted: " + what + " after " + n;
    default: {
      std::string s = what;
      if (last.status != 0) {
        s += " (HTTP " + std::to_string(last.status) + ")";
        if (!last.error.message.empty()) s += ": " + last.error.message;
      }
      if (attempts.size() > 1) s += " after " + n;
      return s;
    }
  }
}

std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  std::string v(value);
  while (!v.empty() && is_space(v.back())) v.pop_back();
  while (!v.empty() && is_space(v.front())) v.erase(v.begin());
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 9) return 1e9;
    return static_cast<double>(std::stol(v));
  }
  static const char* const kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                                         "%a %b %d %H:%M:%S %Y"};
  for (const char* f : kFormats) {
    std::tm tm{};
    const char* end = strptime(v.c_str(), f, &tm);
    if (!end || *end != '\0') continue;
    time_t t = timegm(&tm);
    double delta = std::chrono::duration<double>(std::chrono::system_clock::from_time_t(t) - now).count();
    return std::max(0.0, delta);
  }
  return std::nullopt;
}

Classification classify_attempt(const HttpResult& result, Protocol protocol, const RetryConfig& config) {
  Classification c;
  if (!result.ok()) {
    const TransportError& e = result.error;
    switch (e.kind) {
      case TransportErrorKind::kCancelled:
      case TransportErrorKind::kNone:
      case TransportErrorKind::kResponseTooLarge:  // the same request gets the same answer: never retried
        break;
      case TransportErrorKind::kTls:
        c.retryable = !e.cert_verification || config.retry_tls_verification_failures;
        break;
      case TransportErrorKind::kTimeout:
        c.retryable = true;
        c.timeout = true;
        break;
      case TransportErrorKind::kOther:  // HTTP client errors (protocol errors, bad responses)
      case TransportErrorKind::kConnect:
      case TransportErrorKind::kConnectionReset:
      case TransportErrorKind::kTruncatedBody:
        c.retryable = true;
        break;
    }
    return c;
  }
  const HttpResponse& r = *result.response;
  if (r.status >= 200 && r.status < 300) return c;
  c.error = parse_aws_error(protocol, r);
  const std::string& code = c.error.code;
  c.throttling = is_throttling_code(code);
  bool modeled = std::find(config.extra_retryable_codes.begin(), config.extra_retryable_codes.end(), code) !=
                 config.extra_retryable_codes.end();
  c.retryable = c.throttling || is_transient_code(code) || modeled || r.status == 500 || r.status == 502 ||
                r.status == 503 || r.status == 504;
  return c;
}

double backoff_seconds(int failed_attempt, double random01, const RetryConfig& config) {
  double exp = std::pow(config.backoff_base, std::max(0, failed_attempt - 1));
  double d = std::clamp(random01, 0.0, 1.0) * exp;
  return std::min(d, config.max_backoff_seconds);
}

int max_attempts_for(const RetryConfig& config, bool read_only) {
  int general = std::max(1, config.max_attempts);
  if (!read_only || config.throttle_max_attempts <= 0) return general;
  return std::max(general, config.throttle_max_attempts);
}

struct RetryingClient::Call {
  std::shared_ptr<Shared> s;
  std::function<HttpRequest(int)> make;
  Protocol protocol;
  CallOptions opts;
  std::function<void(RetryOutcome)> cb;
  RetryOutcome outcome;
  bool retried = false;
  int last_retry_cost = 0;  // quota taken for the most recent retry
  int other_failures = 0;   // retryable failures counted against max_attempts
  double rate_wait = 0;     // token wait of the attempt in flight
};

RetryingClient::RetryingClient(HttpClient& inner, RetryConfig config, RetryEnv env, DebugHook debug) {
  if (config.max_attempts < 1) config.max_attempts = 1;
  if (!env.random) {
    auto state = std::make_shared<std::pair<std::mutex, std::mt19937_64>>();
    state->second.seed(std::random_device{}());
    env.random = [state] {
      std::lock_guard<std::mutex> lk(state->first);
      return std::uniform_real_distribution<double>(0.0, 1.0)(state->second);
    };
  }
  if (!env.now) env.now = [] { return std::chrono::system_clock::now(); };
  shared_ = std::make_shared<Shared>(inner, std::move(config), std::move(env), std::move(debug));
}

void RetryingClient::submit(HttpRequest request, Protocol protocol,
                            std::function<void(RetryOutcome)> callback) {
  auto shared = std::make_shared<HttpRequest>(std::move(request));
  submit([shared](int) { return *shared; }, protocol, std::move(callback));
}

void RetryingClient::submit(std::function<HttpRequest(int)> make_request, Protocol protocol,
                            std::function<void(RetryOutcome)> callback) {
  submit(std::move(make_request), protocol, CallOptions{}, std::move(callback));
}

void RetryingClient::submit(std::function<HttpRequest(int)> make_request, Protocol protocol,
                            CallOptions options, std::function<void(RetryOutcome)> callback) {
  auto call = std::make_shared<Call>();
  call->s = shared_;
  call->make = std::move(make_request);
  call->protocol = protocol;
  call->opts = std::move(options);
  call->cb = std::move(callback);
  attempt(std::move(call), std::chrono::milliseconds(0));
}

RetryOutcome RetryingClient::send(HttpRequest request, Protocol protocol) {
  auto promise = std::make_shared<std::promise<RetryOutcome>>();
  auto fut = promise->get_future();
  submit(std::move(request), protocol, [promise](RetryOutcome o) { promise->set_value(std::move(o)); });
  return fut.get();
}

void RetryingClient::attempt(std::shared_ptr<Call> call, std::chrono::milliseconds delay) {
  int n = static_cast<int>(call->outcome.attempts.size()) + 1;
  call->rate_wait = 0;
  if (call->opts.limiter) {
    // The token is taken now and the send waits for whichever is later: the backoff or the token.
    call->rate_wait = call->opts.limiter->acquire();
    auto wait = std::chrono::milliseconds(static_cast<long long>(std::ceil(call->rate_wait * 1000.0)));
    if (wait > delay) {
      if (call->s->debug)
        call->s->debug("* attempt " + std::to_string(n) + ": rate limited, sent in " +
                       fmt_seconds(static_cast<double>(wait.count()) / 1000.0));
      delay = wait;
    }
  }
  HttpRequest req = call->make(n);
  call->s->inner->submit_after(delay, std::move(req),
                               [call](HttpResult r) { on_result(call, std::move(r)); });
}

void RetryingClient::on_result(std::shared_ptr<Call> call, HttpResult result) {
  Shared& s = *call->s;
  AttemptRecord rec;
  rec.attempt = static_cast<int>(call->outcome.attempts.size()) + 1;
  rec.elapsed_seconds = result.elapsed_seconds;
  if (result.ok())
    rec.status = result.response->status;
  else
    rec.transport = result.error;
  Classification c = classify_attempt(result, call->protocol, s.config);
  rec.error = c.error;
  rec.throttling = c.throttling;
  rec.rate_wait_seconds = call->rate_wait;
  if (call->opts.limiter && result.error.kind != TransportErrorKind::kCancelled)
    call->opts.limiter->on_response(c.throttling);

  bool success = result.ok() && rec.status >= 200 && rec.status < 400;
  // A read-only call's throttling errors count against the throttle budget, everything else against
  // max_attempts (see RetryConfig::throttle_max_attempts).
  bool throttle_budget = call->opts.read_only && c.throttling && s.config.throttle_max_attempts > 0;
  bool exhausted = false;
  if (!success && c.retryable) {
    if (throttle_budget) {
      exhausted = rec.attempt >= s.config.throttle_max_attempts;
    } else {
      ++call->other_failures;
      exhausted = call->other_failures >= s.config.max_attempts ||
                  rec.attempt >= max_attempts_for(s.config, call->opts.read_only);
    }
  }
  if (success) {
    rec.verdict = AttemptVerdict::kSuccess;
    s.quota.release(call->retried ? call->last_retry_cost : s.config.no_retry_increment);
  } else if (!c.retryable) {
    rec.verdict = AttemptVerdict::kNotRetryable;
  } else if (exhausted) {
    rec.verdict = AttemptVerdict::kAttemptsExhausted;
  } else {
    int cost = throttle_budget ? s.config.throttle_retry_cost
                               : (c.timeout ? s.config.timeout_retry_cost : s.config.retry_cost);
    if (cost > 0 && !s.quota.acquire(cost)) {
      rec.verdict = AttemptVerdict::kQuotaExhausted;
    } else {
      call->retried = true;
      call->last_retry_cost = cost;
      rec.verdict = AttemptVerdict::kRetried;
      double delay = backoff_seconds(rec.attempt, s.env.random(), s.config);
      if (s.config.honour_retry_after && result.ok()) {
        if (const std::string* ra = find_header(result.response->headers, "Retry-After")) {
          if (auto secs = parse_retry_after(*ra, s.env.now()))
            delay = std::max(delay, std::min(*secs, s.config.retry_after_cap_seconds));
        }
      }
      rec.delay_seconds = delay;
    }
  }
  if (s.debug) {
    std::string what = result.ok() ? "HTTP " + std::to_string(rec.status) +
                                         (rec.error.code.empty() ? "" : " " + rec.error.code)
                                   : std::string(to_string(rec.transport.kind));
    std::string line = "* attempt " + std::to_string(rec.attempt) + ": " + what + " -> " +
                       std::string(to_string(rec.verdict));
    if (rec.verdict == AttemptVerdict::kRetried) line += " in " + fmt_seconds(rec.delay_seconds);
    s.debug(line);
  }
  AttemptVerdict verdict = rec.verdict;
  double delay = rec.delay_seconds;
  call->outcome.attempts.push_back(std::move(rec));
  if (verdict == AttemptVerdict::kRetried) {
    attempt(call, std::chrono::milliseconds(static_cast<long long>(std::llround(delay * 1000.0))));
    return;
  }
  call->outcome.result = std::move(result);
  auto cb = std::move(call->cb);
  RetryOutcome out = std::move(call->outcome);
  if (cb) cb(std::move(out));
}

}  // namespace cs::aws::http
