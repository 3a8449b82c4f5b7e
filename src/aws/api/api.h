// AWS service calls for the live scan (DESIGN.md §2 "aws", API.md §§1-11): endpoints per partition with
// --endpoint-url / AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> overrides, and the operations the scanner
// needs (STS GetCallerIdentity and AssumeRole, Organizations ListAccounts, EC2 DescribeRegions, Lambda
// ListFunctions and ListEventSourceMappings), each signed with SigV4 per attempt and sent through the
// standard-mode retrying client.
//
// Library rules: nothing here prints, throws across the API or aborts. Secrets (secret keys, session
// tokens) never appear in an ApiError, a debug line or any to_string().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/creds/config.h"
#include "aws/creds/provider.h"
#include "aws/creds/types.h"
#include "aws/http/http_client.h"
#include "aws/http/retry.h"
#include "base/result.h"

namespace cs::aws::api {

// ---------------------------------------------------------------------------------------------- endpoints

enum class Service { kLambda, kSts, kOrganizations, kEc2, kApiGateway };
std::string_view signing_name(Service s);  // "lambda", "sts", "organizations", "ec2", "apigateway"
std::string_view env_suffix(
    Service s);  // "LAMBDA", "STS", "ORGANIZATIONS", "EC2", "API_GATEWAY" (AWS_ENDPOINT_URL_<x>)

struct Partition {
  std::string name;           // "aws", "aws-cn", "aws-us-gov"
  std::string dns_suffix;     // "amazonaws.com", "amazonaws.com.cn"
  std::string global_region;  // where global services sign: us-east-1, cn-northwest-1, us-gov-west-1
};
// By region name: cn-* -> aws-cn, us-gov-* -> aws-us-gov, everything else -> aws.
Partition partition_of(std::string_view region);

// A configured endpoint from the shared config file, with where it is written ("file:line").
struct ConfiguredUrl {
  std::string url, where;
};

struct EndpointOverrides {
  std::string endpoint_url;  // --endpoint-url: every service
  // Read for AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
  creds::Environment env;
  // The selected profile of the shared config files (add_configured_endpoints): the endpoint_url under
  // each service key ("lambda", "sts", "ec2", "organizations", "api_gateway": AWS_ENDPOINT_URL_<x> in
  // lower case) of the [services NAME] section it names, its own endpoint_url, and its
  // ignore_configured_endpoint_urls. botocore's precedence: flag, service variable, global variable,
  // services section, profile; ignoring (the variable when set, else the profile key, "true" in any
  // case) drops the variables and the file, never the flag.
  std::map<std::string, ConfiguredUrl> config_service_urls;
  ConfiguredUrl config_url;
  bool config_ignore = false;
  // The profile names a [services NAME] section that does not exist: an error when it is consulted.
  std::string services_error;
};

// Fills the configured-endpoint fields of `out` from `profile` of `files` (nothing when it does not
// exist).
void add_configured_endpoints(const creds::ConfigFiles& files, const std::string& profile,
                              EndpointOverrides& out);

struct Endpoint {
  std::string url;             // scheme://host[:port][/base-path] without a trailing '/'
  std::string host;            // the Host header value as libcurl sends it (port included when present)
  std::string signing_region;  // the credential-scope region
  bool overridden = false;
};
// Regional services (Lambda, EC2, STS) use https://<svc>.<region>.<dns_suffix>; Organizations is global:
// https://organizations.<global_region>.<dns_suffix>, signed for the partition's global region.
// An override URL that is not http(s)://host[:port][/path] is an Error naming the variable or flag.
Result<Endpoint> resolve_endpoint(Service s, std::string_view region, const EndpointOverrides& overrides);

// --------------------------------------------------------------------------------------------- results

struct ApiError {
  enum class Cause {
    kAccessDenied,      // AccessDenied, AccessDeniedException, UnauthorizedOperation, AuthorizationError...
    kInvalidToken,      // UnrecognizedClientException, InvalidClientTokenId, AuthFailure: the key is not
                        // valid *there* (in a region that is not enabled, or not valid at all)
    kExpiredToken,      // ExpiredToken, ExpiredTokenException, RequestExpired (after one forced refresh)
    kRetriesExhausted,  // retryable failures until max attempts (or the retry quota) ran out
    kTimeout,           // the last attempt timed out (total or low-speed) and no attempt was left
    kResponseTooLarge,  // a response over the transport's size bounds (not retried)
    kCredentials,       // credentials could not be obtained/refreshed before sending
    kBadResponse,       // 2xx whose body could not be parsed
    kOther,             // any other non-retryable error (validation, not found, ...)
  };
  Cause cause = Cause::kOther;
  std::string operation;  // "lambda:ListFunctions"
  std::string region;     // signing region of the call
  std::string code;       // AWS error code, or the transport failure kind ("connection-reset", "timeout")
  std::string message;    // AWS's message or the transport's; never a secret
  long status = 0;        // HTTP status of the last attempt (0 = none)
  int attempts = 0;
  // "lambda:ListFunctions in eu-west-1: AccessDeniedException (HTTP 403): User ... is not authorized ..."
  // or "... retries exhausted after 3 attempts: ThrottlingException (HTTP 429): Rate exceeded".
  std::string summary() const;
};
std::string_view to_string(ApiError::Cause c);  // "access-denied", "invalid-token", "expired-token",
                                                // "retries-exhausted", "timeout", "response-too-large",
                                                // "credentials", "bad-response", "other"

template <typename T>
struct ApiResult {
  std::optional<T> value;
  ApiError error;  // meaningful when !ok()
  bool ok() const { return value.has_value(); }
};
template <typename T>
using Done = std::function<void(ApiResult<T>)>;

struct CallerIdentity {
  std::string account, arn, user_id;
};

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name = "cloudsift";
  std::string external_id;      // "" = not sent
  int duration_seconds = 3600;  // <= 0: not sent (STS default)
};

// AssumeRoleWithWebIdentity (API.md §12): unsigned; the token is a secret.
struct WebIdentityRequest {
  std::string role_arn;
  std::string session_name = "cloudsift";
  creds::Secret token;
  int duration_seconds = 0;  // 0 = not sent (STS default)
};

struct Account {
  std::string id, arn, name, email;
  std::string status;  // State when present (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ...), else Status
  bool active() const { return status == "ACTIVE"; }
};
struct AccountsPage {
  std::vector<Account> accounts;
  std::string next_token;  // "" = last page
};

struct RegionInfo {
  std::string name;
  std::string opt_in_status;  // opt-in-not-required, opted-in, not-opted-in ("" when not returned)
  bool enabled() const { return opt_in_status != "not-opted-in"; }
};

struct FunctionInfo {
  std::string name, arn, runtime, role, package_type, version, last_modified, state;
  std::string tracing_mode;  // TracingConfig.Mode as returned; "" when TracingConfig/Mode is absent
  std::string revision_id;
};
struct FunctionsPage {
  std::vector<FunctionInfo> functions;
  std::string next_marker;  // "" = last page
};

struct EventSourceMapping {
  std::string uuid, function_arn, event_source_arn, state;
  bool self_managed_kafka = false;  // SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS present
  bool documentdb = false;          // DocumentDBEventSourceConfig present
};
struct MappingsPage {
  std::vector<EventSourceMapping> mappings;
  std::string next_marker;
};

// API Gateway REST APIs (API.md §19). HTTP and WebSocket APIs (v2) are another service and not listed.
struct RestApiInfo {
  std::string id, name;
};
struct RestApisPage {
  std::vector<RestApiInfo> apis;
  std::string position;  // "" = last page
};
struct StageInfo {
  std::string name, deployment_id;
  bool tracing_enabled = false;  // tracingEnabled absent = false
};

// Body parsers (pure; exposed for tests). Errors say what is missing, never echo a secret.
Result<CallerIdentity> parse_get_caller_identity(std::string_view xml);
Result<creds::Credentials> parse_assume_role(std::string_view xml);  // method "assume-role", expiration set
Result<AccountsPage> parse_list_accounts(std::string_view json);
Result<std::vector<RegionInfo>> parse_describe_regions(std::string_view xml);
Result<FunctionsPage> parse_list_functions(std::string_view json);
Result<MappingsPage> parse_list_event_source_mappings(std::string_view json);
Result<RestApisPage> parse_get_rest_apis(std::string_view json);         // {"item": [...], "position": ...}
Result<std::vector<StageInfo>> parse_get_stages(std::string_view json);  // {"item": [...]} (not paginated)

// ---------------------------------------------------------------------------------------------- client

// Credentials a call is signed with. `provider` is asked on every attempt (it refreshes itself).
struct Session {
  std::shared_ptr<creds::CredentialsProvider> provider;
  // The account the session acts in, when known: with the service and region it names the endpoint whose
  // adaptive rate limiter a call uses (else the access key id of the call's credentials does).
  std::string account;
};

// Read-only for the retry policy (the throttling budget, RetryConfig::throttle_max_attempts): List*, Get*,
// Describe*, and STS AssumeRole, AssumeRoleWithWebIdentity and GetCallerIdentity (they change nothing a
// scan could observe twice).
bool is_read_only_operation(std::string_view operation);

struct ClientOptions {
  http::RetryConfig retry;  // --max-attempts lands in retry.max_attempts
  // One AdaptiveRateLimiter per (service, region, account) endpoint (botocore's adaptive mode idea): off
  // until that endpoint throttles, then pacing its calls.
  bool adaptive_rate_limit = false;
  http::RateLimiterConfig rate_limit;
  EndpointOverrides overrides;
  std::string user_agent = "cloudsift";
  http::DebugHook debug;  // --debug: one redacted line per request/response/retry decision
};

// Live counters (for the progress line).
struct ClientStats {
  std::atomic<uint64_t> requests{0};  // attempts sent
  std::atomic<uint64_t> retries{0};   // attempts after the first
  std::atomic<uint64_t> failures{0};  // calls that ended in an ApiError
};

class Client {
 public:
  // `transport` and `clock` must outlive the client and every call in flight.
  Client(http::HttpClient& transport, const creds::TimeSource& clock, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Every operation is asynchronous: `done` is called exactly once, possibly on the transport's callback
  // thread (keep it short; it may start further calls). Each attempt gets fresh credentials from the
  // session and a fresh signature. On an expired-token error the session's provider is invalidated and
  // the call is sent once more with refreshed credentials before it fails with kExpiredToken.
  void get_caller_identity(const Session& s, const std::string& region, Done<CallerIdentity> done);
  void assume_role(const Session& s, const std::string& region, const AssumeRoleRequest& req,
                   Done<creds::Credentials> done);
  // Unsigned (no session); used by make_sts_client for web identity credentials.
  void assume_role_with_web_identity(const std::string& region, const WebIdentityRequest& req,
                                     Done<creds::Credentials> done);
  // Organizations is global; `region` picks the partition (and is the region for overrides).
  void list_accounts(const Session& s, const std::string& region, const std::string& next_token,
                     Done<AccountsPage> done);
  // all_regions=true sends AllRegions=true (every region with its opt-in status).
  void describe_regions(const Session& s, const std::string& region, bool all_regions,
                        Done<std::vector<RegionInfo>> done);
  void list_functions(const Session& s, const std::string& region, const std::string& marker, int max_items,
                      Done<FunctionsPage> done);
  void list_event_source_mappings(const Session& s, const std::string& region, const std::string& marker,
                                  int max_items, Done<MappingsPage> done);

  // GET /restapis?limit=N&position=P (REST-JSON, signing name apigateway); `limit` is clamped to 1..500.
  void get_rest_apis(const Session& s, const std::string& region, const std::string& position, int limit,
                     Done<RestApisPage> done);
  // GET /restapis/{id}/stages: every stage of one REST API.
  void get_stages(const Session& s, const std::string& region, const std::string& rest_api_id,
                  Done<std::vector<StageInfo>> done);

  const ClientStats& stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Blocking adapters for the credential chain (src/aws/creds), each on its own transport so they can be
// used from inside a callback of the scan's transport (credential refresh during a scan).
// AssumeRole / AssumeRoleWithWebIdentity via STS (regional endpoint of params.region, else us-east-1).
std::unique_ptr<creds::StsClient> make_sts_client(http::HttpClient& transport, const creds::TimeSource& clock,
                                                  ClientOptions options);
// Plain HTTP for IMDS/container/SSO (no signing, no retries beyond what the chain does).
std::unique_ptr<creds::HttpGetter> make_http_getter(http::HttpClient& transport);

}  // namespace cs::aws::api
