// Wiring for `cloudsift scan aws`, kept out of the engine (which only selects, runs and suppresses):
// resolves credentials as botocore does, builds the transports and the AWS client,
// reads the accounts and regions (sources/live), runs the checks on what was read and returns the report
// with its coverage. Prints nothing: --debug lines and progress go through the hooks given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/creds/types.h"
#include "aws/http/http_client.h"
#include "engine/engine.h"
#include "io/fs.h"
#include "sources/live/live.h"

// Still named engine::scan_aws so that callers did not change with the move (cli and, later, service
// own the wiring of clients, credentials and clocks).
namespace cs::engine {

struct AwsScanRequest {
  std::vector<std::string> checks, skip_checks;
  std::string baseline;
  std::string cwd;
  live::Options live;                  // home_region is filled from region/profile when `region` is empty
  std::optional<std::string> profile;  // --profile
  std::optional<std::string> region;   // --region (home region)
  std::string endpoint_url;            // --endpoint-url
  int max_attempts = 0;                // --max-attempts; 0 = AWS_MAX_ATTEMPTS, else 5
  // --max-throttle-attempts; 0 = max_attempts when that (or AWS_MAX_ATTEMPTS) is set, else 9
  int max_throttle_attempts = 0;
  // --retry-mode: "adaptive", "standard", "legacy" (= standard); "" = AWS_RETRY_MODE, else adaptive
  std::string retry_mode;
  size_t concurrency = 32;  // requests in flight at once
  // Bounds of every HTTP response, on the scan's transport and the credential chain's
  // (--max-response-size, --request-timeout, --low-speed-limit, --low-speed-time; --max-pages is
  // live.max_pages).
  uint64_t max_response_bytes = aws::http::kDefaultMaxResponseBytes;
  std::chrono::milliseconds request_timeout = aws::http::kDefaultRequestTimeout;
  long low_speed_limit = aws::http::kDefaultLowSpeedLimit;
  std::chrono::seconds low_speed_time = aws::http::kDefaultLowSpeedTime;
  aws::creds::Environment env;         // the process environment (tests inject one)
  aws::http::DebugHook debug;          // --debug (lines are redacted before they get here)
  live::Progress* progress = nullptr;  // the progress line's counters
  std::string user_agent = "cloudsift";
};

// An Error when nothing can be scanned (no credentials, a bad flag or endpoint, refused credentials).
Result<ScanReport> scan_aws(const AwsScanRequest& req, const io::FileSystem& fs);

}  // namespace cs::engine
