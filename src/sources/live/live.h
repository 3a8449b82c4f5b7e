// The live AWS source (DESIGN.md §2 "sources"): reads Lambda functions from accounts and regions through
// the AWS layer and fills the same model the IaC adapters fill, plus an account of what was and was not
// read (coverage). Nothing here prints.
//
// Discovery: STS GetCallerIdentity (who we are), Organizations ListAccounts (--org, ACTIVE accounts),
// STS AssumeRole into every account but the caller's, EC2 DescribeRegions (AllRegions, so a region that
// is not enabled can be told from one that does not exist), then per (account, region) Lambda
// ListFunctions and ListEventSourceMappings, all pages, every (account, region) at once up to the
// transport's concurrency.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "aws/api/api.h"
#include "aws/creds/types.h"
#include "base/result.h"
#include "findings/findings.h"
#include "model/model.h"

namespace cs::live {

inline constexpr size_t kDefaultMaxPages = 10000;
// Longest marker / NextToken taken from a response (it goes back in the next request's URL or body);
// AWS's are a few hundred bytes. A longer one is a bad response.
inline constexpr size_t kMaxMarkerBytes = 64 * 1024;

struct Options {
  std::string home_region = "us-east-1";  // STS, EC2 DescribeRegions and the partition
  std::vector<std::string> regions;       // empty = every region enabled for each account
  bool org = false;                       // list the Organization's accounts
  std::string role_name = "OrganizationAccountAccessRole";
  std::string external_id;
  std::vector<std::string> accounts;          // only these (empty = all)
  std::vector<std::string> exclude_accounts;  // never these
  int page_size = 50;                         // ListFunctions MaxItems (Lambda's maximum is 50)
  // Pages per listing (ListAccounts, ListFunctions, ListEventSourceMappings of one region) before it
  // stops as a gap `too-many-pages`: 10,000 pages are 500,000 functions in one region at 50 a page (real
  // regions hold at most a few thousand; Lambda bounds code storage, not the count), 1,000,000 mappings
  // or 200,000 accounts. Only a server whose markers never repeat and never end gets there.
  size_t max_pages = kDefaultMaxPages;
  std::string session_name = "cloudsift-scan";
};

// What a live scan read and could not read is findings data (report and store show it).
using findings::Coverage;
using findings::Gap;
using findings::kAccessDenied;
using findings::kAccountNotFound;
using findings::kAssumeRoleFailed;
using findings::kBadResponse;
using findings::kCredentials;
using findings::kExpiredToken;
using findings::kOrgListingFailed;
using findings::kOtherError;
using findings::kRegionDiscoveryFailed;
using findings::kRegionNotEnabled;
using findings::kResponseTooLarge;
using findings::kRetriesExhausted;
using findings::kTimeout;
using findings::kTooManyPages;
using findings::ScannedRegion;
using findings::Skipped;

// Counters the CLI's progress line reads while the scan runs (any thread).
struct Progress {
  std::atomic<size_t> accounts_total{0}, accounts_done{0};
  std::atomic<size_t> regions_total{0}, regions_done{0};
  std::atomic<size_t> functions{0}, findings{0};  // findings: functions whose mode is not Active
  std::atomic<size_t> gaps{0};
  std::atomic<const aws::api::ClientStats*> client{nullptr};  // requests, retries, failed calls
};

struct LiveResult {
  // One model per (account, region) read, so a caller can check and free them one at a time (a large
  // organization holds hundreds of thousands of functions).
  std::vector<model::Model> regions;
  Coverage coverage;
  size_t functions() const;
};

// The member-account sessions refresh themselves through `refresher` (a blocking STS client on a
// transport of its own) when they near expiry. An Error only when nothing can be scanned: the base
// credentials are refused (GetCallerIdentity fails). Everything else is a gap in the coverage.
Result<LiveResult> scan(aws::api::Client& client, const aws::api::Session& base, const Options& options,
                        const aws::creds::TimeSource& clock, aws::creds::StsClient* refresher,
                        Progress* progress = nullptr);

// The standard regions of a partition (enabled in every account), used when DescribeRegions is refused.
std::vector<std::string> default_regions(const std::string& partition);

// Map an API error to a gap cause code.
const char* gap_cause(const aws::api::ApiError& e);

}  // namespace cs::live
