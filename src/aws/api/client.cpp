// The asynchronous service client (API.md §§2-7, 11): request building per protocol, SigV4 per attempt,
// standard-mode retries, error-cause mapping and the one forced refresh on an expired token.
#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <optional>

#include "aws/api/api.h"
#include "aws/http/redact.h"
#include "aws/sigv4/sigv4.h"

namespace cs::aws::api {

namespace {

constexpr std::string_view kStsVersion = "2011-06-15";
constexpr std::string_view kEc2Version = "2016-11-15";
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded; charset=utf-8";

std::string enc(std::string_view v) {
  return sigv4::uri_encode(v, "");
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

bool is_expired_code(std::string_view c) {
  return c == "ExpiredToken" || c == "ExpiredTokenException" || c == "RequestExpired";
}
bool is_access_denied_code(std::string_view c) {
  return c == "AccessDenied" || c == "AccessDeniedException" || c == "UnauthorizedOperation" ||
         c == "AuthorizationError" || c == "AuthorizationErrorException" || c == "UnauthorizedAccess" ||
         c == "Forbidden";
}
bool is_invalid_token_code(std::string_view c) {
  return c == "UnrecognizedClientException" || c == "InvalidClientTokenId" || c == "AuthFailure" ||
         c == "InvalidAccessKeyId";
}

struct OpSpec {
  Service service = Service::kSts;
  std::string op;      // "GetCallerIdentity"
  std::string region;  // the call's region
  std::string method = "POST";
  std::string path = "/";
  std::string query;  // encoded, no '?'
  std::string body;
  http::Headers headers;  // Content-Type, X-Amz-Target, ...
  http::Protocol protocol = http::Protocol::kQuery;
  bool sign = true;
  std::vector<std::string> secrets;  // values in the request that must never reach an error or debug line
};

// Result of a call before parsing: the 2xx body, or the error.
using RawDone = std::function<void(std::optional<std::string> body, ApiError error)>;

std::string query_body(std::string_view action, std::string_view version,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  std::string b = "Action=" + std::string(action) + "&Version=" + std::string(version);
  for (const auto& [k, v] : params) {
    b += '&';
    b += enc(k);
    b += '=';
    b += enc(v);
  }
  return b;
}

OpSpec sts_op(std::string op, const std::string& region,
              std::vector<std::pair<std::string, std::string>> params) {
  OpSpec s;
  s.service = Service::kSts;
  s.op = op;
  s.region = region;
  s.body = query_body(op, kStsVersion, params);
  s.headers = {{"Content-Type", std::string(kFormContentType)}};
  s.protocol = http::Protocol::kQuery;
  return s;
}

}  // namespace

bool is_read_only_operation(std::string_view op) {
  auto starts = [op](std::string_view p) { return op.substr(0, p.size()) == p && op.size() > p.size(); };
  return starts("List") || starts("Get") || starts("Describe") || op == "AssumeRole" ||
         op == "AssumeRoleWithWebIdentity";
}

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
  Impl(http::HttpClient& t, const creds::TimeSource& c, ClientOptions o)
      : transport(t), clock(c), options(std::move(o)), retry(t, options.retry, {}, options.debug) {}

  http::HttpClient& transport;
  const creds::TimeSource& clock;
  ClientOptions options;
  http::RetryingClient retry;
  ClientStats stats;
  std::mutex limiters_mu;
  std::map<std::string, std::shared_ptr<http::AdaptiveRateLimiter>> limiters;  // "lambda|eu-west-1|1111…"

  std::shared_ptr<http::AdaptiveRateLimiter> limiter_for(const std::string& key) {
    std::lock_guard<std::mutex> lk(limiters_mu);
    auto& l = limiters[key];
    if (!l) l = std::make_shared<http::AdaptiveRateLimiter>(http::steady_seconds(), options.rate_limit);
    return l;
  }

  struct Call {
    OpSpec spec;
    Endpoint ep;
    std::string base_path;  // path part of ep.url
    std::string operation;  // "sts:GetCallerIdentity"
    std::shared_ptr<creds::CredentialsProvider> provider;
    std::string account;  // Session::account
    RawDone done;
    bool refreshed = false;
    int prior_attempts = 0;
    std::mutex mu;  // guards the fields below (attempts run on the transport thread)
    creds::Credentials creds;
    std::string sign_error;
    http::SecretScrubber scrubber;
  };

  void debug(const std::string& line) {
    if (options.debug) options.debug(line);
  }

  ApiError error_for(const Call& c, ApiError::Cause cause, std::string code, std::string message) {
    ApiError e;
    e.cause = cause;
    e.operation = c.operation;
    e.region = c.ep.signing_region.empty() ? c.spec.region : c.ep.signing_region;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
  }

  void fail(const std::shared_ptr<Call>& c, ApiError e) {
    {
      std::lock_guard<std::mutex> lk(c->mu);
      e.message = c->scrubber.scrub(e.message);
    }
    stats.failures.fetch_add(1);
    debug("api: " + e.summary());
    c->done(std::nullopt, std::move(e));
  }

  void call(const Session& s, OpSpec spec, RawDone done) {
    auto c = std::make_shared<Call>();
    c->operation = std::string(signing_name(spec.service)) + ":" + spec.op;
    c->provider = s.provider;
    c->account = s.account;
    c->done = std::move(done);
    c->spec = std::move(spec);
    for (const auto& v : c->spec.secrets) c->scrubber.add(v);
    auto ep = resolve_endpoint(c->spec.service, c->spec.region, options.overrides);
    if (!ep) {
      fail(c, error_for(*c, ApiError::Cause::kOther, "InvalidEndpoint", ep.error().message));
      return;
    }
    c->ep = std::move(ep).value();
    size_t scheme_end = c->ep.url.find("://");
    size_t slash = c->ep.url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    if (slash != std::string::npos) c->base_path = c->ep.url.substr(slash);
    start(c);
  }

  void start(const std::shared_ptr<Call>& c) {
    if (c->spec.sign) {
      if (!c->provider) {
        fail(c, error_for(*c, ApiError::Cause::kCredentials, "NoCredentials", "no credentials provider"));
        return;
      }
      auto cr = c->provider->get();
      if (!cr) {
        fail(c, error_for(*c, ApiError::Cause::kCredentials, "NoCredentials", cr.error().message));
        return;
      }
      if (cr->access_key_id.empty() || cr->secret_access_key.empty()) {
        fail(c, error_for(*c, ApiError::Cause::kCredentials, "NoCredentials",
                          "credentials from '" + c->provider->method() + "' have no access key"));
        return;
      }
      std::lock_guard<std::mutex> lk(c->mu);
      remember(*c, std::move(cr).value());
    }
    http::CallOptions copts;
    copts.read_only = is_read_only_operation(c->spec.op);
    if (options.adaptive_rate_limit) {
      std::string who = c->account;
      if (who.empty()) {
        std::lock_guard<std::mutex> lk(c->mu);
        who = c->creds.access_key_id;  // unsigned calls: "" (one limiter per service and region)
      }
      copts.limiter =
          limiter_for(std::string(signing_name(c->spec.service)) + "|" + c->ep.signing_region + "|" + who);
    }
    auto self = shared_from_this();
    retry.submit([self, c](int attempt) { return self->build(*c, attempt); }, c->spec.protocol,
                 std::move(copts), [self, c](http::RetryOutcome o) { self->finish(c, std::move(o)); });
  }

  static void remember(Call& c, creds::Credentials cr) {
    c.scrubber.add(cr.secret_access_key.reveal());
    c.scrubber.add(cr.session_token.reveal());
    c.creds = std::move(cr);
  }

  http::HttpRequest build(Call& c, int attempt) {
    const OpSpec& sp = c.spec;
    std::string path = c.base_path + sp.path;
    http::HttpRequest rq;
    rq.method = sp.method;
    rq.url = c.ep.url + sp.path + (sp.query.empty() ? "" : "?" + sp.query);
    rq.body = sp.body;
    std::string akid;
    if (sp.sign) {
      if (attempt > 1 && c.provider) {
        auto fresh = c.provider->get();  // a failure keeps the credentials of the previous attempt
        if (fresh && !fresh->access_key_id.empty()) {
          std::lock_guard<std::mutex> lk(c.mu);
          remember(c, std::move(fresh).value());
        }
      }
      sigv4::Credentials sc;
      {
        std::lock_guard<std::mutex> lk(c.mu);
        sc.access_key = c.creds.access_key_id;
        sc.secret_key = c.creds.secret_access_key.reveal();
        sc.session_token = c.creds.session_token.reveal();
      }
      akid = sc.access_key;
      sigv4::Request sr;
      sr.method = sp.method;
      sr.host = c.ep.host;
      sr.path = path;
      sr.raw_query = sp.query;
      sr.headers.push_back({"Host", c.ep.host});
      for (const auto& [k, v] : sp.headers) sr.headers.push_back({k, v});
      sr.body = sp.body;
      auto now = std::chrono::floor<std::chrono::seconds>(clock.now());
      auto signed_ = sigv4::sign(sr, sc, c.ep.signing_region, signing_name(sp.service), now);
      if (!signed_) {
        std::lock_guard<std::mutex> lk(c.mu);
        c.sign_error = signed_.error().message;
      }
      for (auto& h : sr.headers) rq.headers.emplace_back(std::move(h.name), std::move(h.value));
    } else {
      rq.headers.emplace_back("Host", c.ep.host);
      for (const auto& h : sp.headers) rq.headers.push_back(h);
    }
    rq.headers.emplace_back("User-Agent", options.user_agent);
    rq.headers.emplace_back(
        "amz-sdk-request",
        "attempt=" + std::to_string(attempt) +
            "; max=" + std::to_string(http::max_attempts_for(options.retry, is_read_only_operation(sp.op))));
    if (options.debug) {
      std::string line = "> " + c.operation + " attempt " + std::to_string(attempt) + ": " + rq.method + " " +
                         http::redact_url(rq.url) + " (region " + c.ep.signing_region;
      line += akid.empty() ? ", unsigned)" : ", key " + akid + ")";
      debug(line);
    }
    return rq;
  }

  void finish(const std::shared_ptr<Call>& c, http::RetryOutcome o) {
    const int n = static_cast<int>(o.attempts.size());
    stats.requests.fetch_add(static_cast<uint64_t>(n));
    if (n > 1) stats.retries.fetch_add(static_cast<uint64_t>(n - 1));
    if (o.success() && o.result.response) {
      debug("api: " + c->operation + " in " + c->ep.signing_region + ": ok (HTTP " +
            std::to_string(o.result.response->status) + ", " + std::to_string(c->prior_attempts + n) +
            (c->prior_attempts + n == 1 ? " attempt)" : " attempts)"));
      c->done(std::move(o.result.response->body), ApiError{});
      return;
    }
    ApiError e = error_for(*c, ApiError::Cause::kOther, "", "");
    e.attempts = c->prior_attempts + n;
    if (o.attempts.empty()) {
      e.code = "internal";
      e.message = "no attempt was made";
      fail(c, std::move(e));
      return;
    }
    const http::AttemptRecord& last = o.attempts.back();
    e.status = last.status;
    if (last.transport.kind != http::TransportErrorKind::kNone) {
      e.code = std::string(http::to_string(last.transport.kind));
      e.message = last.transport.message;
    } else {
      e.code = last.error.code;
      e.message = last.error.message;
    }
    if (last.transport.kind == http::TransportErrorKind::kResponseTooLarge) {
      e.cause = ApiError::Cause::kResponseTooLarge;
    } else if (last.verdict == http::AttemptVerdict::kAttemptsExhausted ||
               last.verdict == http::AttemptVerdict::kQuotaExhausted) {
      e.cause = last.transport.kind == http::TransportErrorKind::kTimeout
                    ? ApiError::Cause::kTimeout
                    : ApiError::Cause::kRetriesExhausted;
      if (last.verdict == http::AttemptVerdict::kQuotaExhausted)
        e.message = "retry quota exhausted" + (e.message.empty() ? std::string() : "; " + e.message);
    } else if (is_expired_code(e.code)) {
      if (!c->refreshed && c->provider && c->provider->refreshable()) {
        c->refreshed = true;
        c->prior_attempts += n;
        debug("api: " + c->operation + " in " + c->ep.signing_region + ": " + e.code +
              "; refreshing credentials from '" + c->provider->method() + "' and sending again");
        c->provider->invalidate();
        start(c);
        return;
      }
      e.cause = ApiError::Cause::kExpiredToken;
    } else if (is_access_denied_code(e.code)) {
      e.cause = ApiError::Cause::kAccessDenied;
    } else if (is_invalid_token_code(e.code)) {
      e.cause = ApiError::Cause::kInvalidToken;
    }
    {
      std::lock_guard<std::mutex> lk(c->mu);
      if (!c->sign_error.empty()) {
        e.cause = ApiError::Cause::kCredentials;
        e.message = "signing failed: " + c->sign_error;
      }
    }
    fail(c, std::move(e));
  }

  template <typename T>
  void typed(const Session& s, OpSpec spec, std::function<Result<T>(std::string_view)> parse, Done<T> done) {
    std::string operation = std::string(signing_name(spec.service)) + ":" + spec.op;
    auto self = shared_from_this();
    call(s, std::move(spec),
         [self, parse = std::move(parse), done = std::move(done), operation](std::optional<std::string> body,
                                                                             ApiError err) {
           ApiResult<T> r;
           if (!body) {
             r.error = std::move(err);
             done(std::move(r));
             return;
           }
           auto v = parse(*body);
           if (!v) {
             r.error.cause = ApiError::Cause::kBadResponse;
             r.error.operation = operation;
             r.error.region = err.region;
             r.error.code = "BadResponse";
             r.error.message = v.error().message;
             self->stats.failures.fetch_add(1);
             self->debug("api: " + r.error.summary());
             done(std::move(r));
             return;
           }
           r.value = std::move(v).value();
           done(std::move(r));
         });
  }
};

Client::Client(http::HttpClient& transport, const creds::TimeSource& clock, ClientOptions options)
    : impl_(std::make_shared<Impl>(transport, clock, std::move(options))) {}
Client::~Client() = default;

const ClientStats& Client::stats() const {
  return impl_->stats;
}

void Client::get_caller_identity(const Session& s, const std::string& region, Done<CallerIdentity> done) {
  impl_->typed<CallerIdentity>(s, sts_op("GetCallerIdentity", region, {}), parse_get_caller_identity,
                               std::move(done));
}

void Client::assume_role(const Session& s, const std::string& region, const AssumeRoleRequest& req,
                         Done<creds::Credentials> done) {
  std::vector<std::pair<std::string, std::string>> params{{"RoleArn", req.role_arn},
                                                          {"RoleSessionName", req.session_name}};
  if (req.duration_seconds > 0) params.emplace_back("DurationSeconds", std::to_string(req.duration_seconds));
  if (!req.external_id.empty()) params.emplace_back("ExternalId", req.external_id);
  impl_->typed<creds::Credentials>(s, sts_op("AssumeRole", region, std::move(params)), parse_assume_role,
                                   std::move(done));
}

void Client::assume_role_with_web_identity(const std::string& region, const WebIdentityRequest& req,
                                           Done<creds::Credentials> done) {
  std::vector<std::pair<std::string, std::string>> params{{"RoleArn", req.role_arn},
                                                          {"RoleSessionName", req.session_name},
                                                          {"WebIdentityToken", req.token.reveal()}};
  if (req.duration_seconds > 0) params.emplace_back("DurationSeconds", std::to_string(req.duration_seconds));
  OpSpec sp = sts_op("AssumeRoleWithWebIdentity", region, std::move(params));
  sp.sign = false;
  sp.secrets.push_back(req.token.reveal());
  impl_->typed<creds::Credentials>(Session{}, std::move(sp), parse_assume_role, std::move(done));
}

void Client::list_accounts(const Session& s, const std::string& region, const std::string& next_token,
                           Done<AccountsPage> done) {
  OpSpec sp;
  sp.service = Service::kOrganizations;
  sp.op = "ListAccounts";
  sp.region = region;
  sp.body = "{\"MaxResults\":20";
  if (!next_token.empty()) sp.body += ",\"NextToken\":" + json_string(next_token);
  sp.body += "}";
  sp.headers = {{"X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts"},
                {"Content-Type", "application/x-amz-json-1.1"}};
  sp.protocol = http::Protocol::kJson;
  impl_->typed<AccountsPage>(s, std::move(sp), parse_list_accounts, std::move(done));
}

void Client::describe_regions(const Session& s, const std::string& region, bool all_regions,
                              Done<std::vector<RegionInfo>> done) {
  OpSpec sp;
  sp.service = Service::kEc2;
  sp.op = "DescribeRegions";
  sp.region = region;
  std::vector<std::pair<std::string, std::string>> params;
  if (all_regions) params.emplace_back("AllRegions", "true");
  sp.body = query_body("DescribeRegions", kEc2Version, params);
  sp.headers = {{"Content-Type", std::string(kFormContentType)}};
  sp.protocol = http::Protocol::kEc2;
  impl_->typed<std::vector<RegionInfo>>(s, std::move(sp), parse_describe_regions, std::move(done));
}

namespace {
OpSpec lambda_list(std::string op, std::string path, const std::string& region, const std::string& marker,
                   int max_items) {
  OpSpec sp;
  sp.service = Service::kLambda;
  sp.op = std::move(op);
  sp.region = region;
  sp.method = "GET";
  sp.path = std::move(path);
  sp.query = "MaxItems=" + std::to_string(std::clamp(max_items, 1, 10000));
  if (!marker.empty()) sp.query += "&Marker=" + enc(marker);
  sp.protocol = http::Protocol::kRestJson;
  return sp;
}
}  // namespace

void Client::list_functions(const Session& s, const std::string& region, const std::string& marker,
                            int max_items, Done<FunctionsPage> done) {
  impl_->typed<FunctionsPage>(
      s, lambda_list("ListFunctions", "/2015-03-31/functions", region, marker, max_items),
      parse_list_functions, std::move(done));
}

void Client::list_event_source_mappings(const Session& s, const std::string& region,
                                        const std::string& marker, int max_items, Done<MappingsPage> done) {
  impl_->typed<MappingsPage>(
      s,
      lambda_list("ListEventSourceMappings", "/2015-03-31/event-source-mappings", region, marker, max_items),
      parse_list_event_source_mappings, std::move(done));
}

void Client::get_rest_apis(const Session& s, const std::string& region, const std::string& position,
                           int limit, Done<RestApisPage> done) {
  OpSpec sp;
  sp.service = Service::kApiGateway;
  sp.op = "GetRestApis";
  sp.region = region;
  sp.method = "GET";
  sp.path = "/restapis";
  sp.query = "limit=" + std::to_string(std::clamp(limit, 1, 500));
  if (!position.empty()) sp.query += "&position=" + enc(position);
  sp.headers = {{"Accept", "application/json"}};
  sp.protocol = http::Protocol::kRestJson;
  impl_->typed<RestApisPage>(s, std::move(sp), parse_get_rest_apis, std::move(done));
}

void Client::get_stages(const Session& s, const std::string& region, const std::string& rest_api_id,
                        Done<std::vector<StageInfo>> done) {
  OpSpec sp;
  sp.service = Service::kApiGateway;
  sp.op = "GetStages";
  sp.region = region;
  sp.method = "GET";
  sp.path = "/restapis/" + enc(rest_api_id) + "/stages";
  sp.headers = {{"Accept", "application/json"}};
  sp.protocol = http::Protocol::kRestJson;
  impl_->typed<std::vector<StageInfo>>(s, std::move(sp), parse_get_stages, std::move(done));
}

// ------------------------------------------------------------------------------------------ adapters

namespace {

template <typename T>
ApiResult<T> wait_for(std::function<void(Done<T>)> start) {
  auto promise = std::make_shared<std::promise<ApiResult<T>>>();
  auto fut = promise->get_future();
  start([promise](ApiResult<T> r) { promise->set_value(std::move(r)); });
  return fut.get();
}

class StsAdapter final : public creds::StsClient {
 public:
  StsAdapter(http::HttpClient& transport, const creds::TimeSource& clock, ClientOptions options)
      : clock_(clock), client_(transport, clock, std::move(options)) {}

  Result<creds::Credentials> assume_role(const creds::Credentials& source,
                                         const creds::AssumeRoleParams& p) override {
    Session s{creds::CredentialsProvider::fixed(source, clock_)};
    AssumeRoleRequest req;
    req.role_arn = p.role_arn;
    req.session_name = p.role_session_name;
    req.external_id = p.external_id;
    req.duration_seconds = p.duration_seconds.value_or(0);  // 0 = not sent (STS default)
    std::string region = p.region.empty() ? "us-east-1" : p.region;
    auto r = wait_for<creds::Credentials>(
        [&](Done<creds::Credentials> d) { client_.assume_role(s, region, req, std::move(d)); });
    if (!r.ok()) return Error{r.error.summary()};
    return std::move(*r.value);
  }

  Result<creds::Credentials> assume_role_with_web_identity(const creds::WebIdentityParams& p) override {
    WebIdentityRequest req;
    req.role_arn = p.role_arn;
    req.session_name = p.role_session_name;
    req.token = p.web_identity_token;
    req.duration_seconds = p.duration_seconds.value_or(0);
    std::string region = p.region.empty() ? "us-east-1" : p.region;
    auto r = wait_for<creds::Credentials>([&](Done<creds::Credentials> d) {
      client_.assume_role_with_web_identity(region, req, std::move(d));
    });
    if (!r.ok()) return Error{r.error.summary()};
    r.value->method = "assume-role-with-web-identity";
    return std::move(*r.value);
  }

 private:
  const creds::TimeSource& clock_;
  Client client_;
};

class HttpGetterAdapter final : public creds::HttpGetter {
 public:
  explicit HttpGetterAdapter(http::HttpClient& t) : transport_(t) {}
  Result<creds::HttpResponse> send(const creds::HttpRequest& req) override {
    http::HttpRequest rq;
    rq.method = req.method;
    rq.url = req.url;
    rq.headers = req.headers;
    rq.body = req.body;
    rq.timeout = req.timeout;
    http::HttpResult r = transport_.send(std::move(rq));
    if (!r.ok())
      return Error{std::string(http::to_string(r.error.kind)) + ": " + http::redact_url(req.url) +
                   (r.error.message.empty() ? "" : ": " + r.error.message)};
    creds::HttpResponse out;
    out.status = static_cast<int>(r.response->status);
    out.body = std::move(r.response->body);
    return out;
  }

 private:
  http::HttpClient& transport_;
};

}  // namespace

std::unique_ptr<creds::StsClient> make_sts_client(http::HttpClient& transport, const creds::TimeSource& clock,
                                                  ClientOptions options) {
  return std::make_unique<StsAdapter>(transport, clock, std::move(options));
}

std::unique_ptr<creds::HttpGetter> make_http_getter(http::HttpClient& transport) {
  return std::make_unique<HttpGetterAdapter>(transport);
}

}  // namespace cs::aws::api
