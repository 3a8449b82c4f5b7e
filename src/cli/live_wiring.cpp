#include "cli/live_wiring.h"

#include <cstdlib>

#include "aws/api/api.h"
#include "aws/creds/chain.h"
#include "aws/http/retry.h"

namespace cs::engine {

namespace api = aws::api;
namespace creds = aws::creds;
namespace http = aws::http;

namespace {
// A scan's calls are read-only and a gap costs a whole re-scan, so more than the AWS CLI's 3: with 1 call in
// 31 answered 500 and 1 in 53 reset, 3 attempts lose about one call in 7,500 (a region per scan of a large
// Organization), 5 about one in 3 million. The retry quota still stops a storm of them.
constexpr int kDefaultAttempts = 5;
constexpr int kDefaultThrottleAttempts = 9;
}  // namespace

Result<ScanReport> scan_aws(const AwsScanRequest& req, const io::FileSystem& fs) {
  auto selected = select_checks(req.checks, req.skip_checks);
  if (!selected) return selected.error();

  int attempts = req.max_attempts;
  bool attempts_set_by_user = attempts != 0;
  if (attempts == 0) {
    if (auto v = req.env.get_nonempty("AWS_MAX_ATTEMPTS")) {
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 100)
        return Error{"AWS_MAX_ATTEMPTS must be a number from 1 to 100, not \"" + *v + "\""};
      attempts = static_cast<int>(n);
      attempts_set_by_user = true;
    } else {
      attempts = kDefaultAttempts;
    }
  }

  // Throttling of a read-only call gets its own, larger budget (Steampipe's default, 9) unless the user
  // bounded attempts: a number given with --max-attempts or AWS_MAX_ATTEMPTS caps every retry, throttling
  // included, as it does in the AWS CLI; --max-throttle-attempts sets the throttling budget either way.
  int throttle_attempts = req.max_throttle_attempts;
  if (throttle_attempts == 0) throttle_attempts = attempts_set_by_user ? attempts : kDefaultThrottleAttempts;

  // adaptive: the rate limiter on (botocore's adaptive mode idea); standard (and legacy, which cloudsift
  // does not implement apart): retries only. The flag, else AWS_RETRY_MODE, else adaptive.
  std::string mode = req.retry_mode;
  if (mode.empty()) {
    mode = req.env.get_nonempty("AWS_RETRY_MODE").value_or("adaptive");
    if (mode != "adaptive" && mode != "standard" && mode != "legacy")
      return Error{"AWS_RETRY_MODE must be adaptive, standard or legacy, not \"" + mode + "\""};
  }

  api::ClientOptions copts;
  copts.retry.max_attempts = attempts;
  copts.retry.throttle_max_attempts = throttle_attempts;
  copts.adaptive_rate_limit = mode == "adaptive";
  copts.overrides.endpoint_url = req.endpoint_url;
  copts.overrides.env = req.env;
  // Configured endpoints of the selected profile (endpoint_url, its services section): before the
  // credential chain's STS client, which uses them as botocore's does. A file that cannot be read is
  // the credential resolution's error below.
  if (auto files = creds::load_config_files(req.env, fs))
    api::add_configured_endpoints(*files, creds::select_profile(req.profile, req.env).name, copts.overrides);
  copts.user_agent = req.user_agent;
  copts.debug = req.debug;

  // The credential chain's own transport (IMDS, container, SSO, STS for profile roles and refreshes):
  // separate from the scan's, so a refresh may block inside a scan callback.
  auto bound = [&req](http::CurlClientOptions& o) {
    o.max_response_bytes = req.max_response_bytes;
    o.total_timeout = req.request_timeout;
    o.low_speed_limit_bytes = req.low_speed_limit;
    o.low_speed_time = req.low_speed_time;
  };
  http::CurlClientOptions side_opts;
  bound(side_opts);
  side_opts.max_concurrent = 4;
  side_opts.debug = req.debug;
  side_opts.user_agent = copts.user_agent;
  auto side = http::make_curl_client(side_opts);
  creds::SystemTimeSource clock;
  creds::PosixProcessRunner runner;
  auto getter = api::make_http_getter(*side);
  auto sts = api::make_sts_client(*side, clock, copts);

  creds::ResolveOptions ropts;
  ropts.profile = req.profile;
  ropts.region = req.region;
  creds::ResolverDeps deps;
  deps.env = req.env;
  deps.fs = &fs;
  deps.clock = &clock;
  deps.process = &runner;
  deps.http = getter.get();
  deps.sts = sts.get();
  auto resolution = creds::resolve_credentials(ropts, std::move(deps));
  if (!resolution) return Error{"no usable AWS credentials: " + resolution.error().message};

  live::Options lopts = req.live;
  lopts.home_region = resolution->region.empty() ? "us-east-1" : resolution->region;
  // Fail early and clearly on a malformed endpoint override.
  for (auto s :
       {api::Service::kSts, api::Service::kLambda, api::Service::kEc2, api::Service::kOrganizations}) {
    auto ep = api::resolve_endpoint(s, lopts.home_region, copts.overrides);
    if (!ep) return ep.error();
  }
  if (auto c = resolution->provider->get(); !c)
    return Error{"cannot get AWS credentials: " + c.error().message};

  http::CurlClientOptions main_opts;
  bound(main_opts);
  main_opts.max_concurrent = req.concurrency ? req.concurrency : 32;
  main_opts.max_cached_connections = static_cast<long>(main_opts.max_concurrent) * 2;
  main_opts.debug = req.debug;
  main_opts.user_agent = copts.user_agent;
  auto transport = http::make_curl_client(main_opts);
  api::Client client(*transport, clock, copts);
  api::Session base{resolution->provider};
  if (req.debug) req.debug("credentials: " + resolution->to_string());
  if (req.progress) req.progress->client = &client.stats();

  auto live = live::scan(client, base, lopts, clock, sts.get(), req.progress);
  if (req.progress) req.progress->client = nullptr;
  if (!live) return live.error();

  ScanReport rep;
  for (const checks::Check* c : *selected) rep.checks_run.push_back(&c->metadata());
  // Region by region, each model freed once checked: the results carry what the printers need.
  rep.results.reserve(live->functions() * selected->size());
  for (auto& region : live->regions) {
    for (const checks::Check* c : *selected) c->run(region, rep.results);
    region = model::Model{};
  }
  rep.coverage = std::move(live->coverage);
  auto done = finish_report(rep, fs, {}, SuppressOptions{false, false, ""}, req.baseline, req.cwd);
  if (!done) return done.error();
  return rep;
}

}  // namespace cs::engine
