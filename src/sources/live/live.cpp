#include "sources/live/live.h"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_set>

#include "sources/live/aws/mappers.h"

namespace cs::live {

namespace api = aws::api;
namespace creds = aws::creds;

std::vector<std::string> default_regions(const std::string& partition) {
  if (partition == "aws-cn") return {"cn-north-1", "cn-northwest-1"};
  if (partition == "aws-us-gov") return {"us-gov-east-1", "us-gov-west-1"};
  return {"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
          "ap-southeast-2", "ca-central-1",   "eu-central-1",   "eu-north-1", "eu-west-1",
          "eu-west-2",      "eu-west-3",      "sa-east-1",      "us-east-1",  "us-east-2",
          "us-west-1",      "us-west-2"};
}

const char* gap_cause(const api::ApiError& e) {
  using C = api::ApiError::Cause;
  switch (e.cause) {
    case C::kAccessDenied:
      return kAccessDenied;
    case C::kInvalidToken:
      return kRegionNotEnabled;
    case C::kExpiredToken:
      return kExpiredToken;
    case C::kRetriesExhausted:
      return kRetriesExhausted;
    case C::kTimeout:
      return kTimeout;
    case C::kResponseTooLarge:
      return kResponseTooLarge;
    case C::kCredentials:
      return kCredentials;
    case C::kBadResponse:
      return kBadResponse;
    case C::kOther:
      return kOtherError;
  }
  return kOtherError;
}

namespace {

template <typename T, typename Start>
api::ApiResult<T> blocking(Start start) {
  auto p = std::make_shared<std::promise<api::ApiResult<T>>>();
  auto f = p->get_future();
  start([p](api::ApiResult<T> r) { p->set_value(std::move(r)); });
  return f.get();
}

// The cause of a gap left by a discovery call (ListAccounts, AssumeRole, DescribeRegions): a bound that was
// hit names itself, anything else names the step that failed.
const char* discovery_cause(const api::ApiError& e, const char* step) {
  using C = api::ApiError::Cause;
  return e.cause == C::kTimeout || e.cause == C::kResponseTooLarge ? gap_cause(e) : step;
}

// Why a listing stopped short: the gap's cause and detail.
struct Failure {
  const char* cause;
  std::string detail;
};
Failure failure(const api::ApiError& e) {
  return Failure{gap_cause(e), e.summary()};
}

// One paginated listing. It stops after `max_pages` pages, when a marker comes back that was seen before
// (the listing would loop) and when a marker is implausibly long. Only a hash of each marker is kept.
class Pager {
 public:
  enum class Step { kDone, kNext, kRepeats, kTooManyPages, kMarkerTooLong };
  explicit Pager(size_t max_pages) : max_pages_(max_pages ? max_pages : 1) {}
  // After each page, with the marker it returned ("" = the last page).
  Step next(const std::string& marker) {
    ++pages_;
    if (marker.empty()) return Step::kDone;
    if (marker.size() > kMaxMarkerBytes) return Step::kMarkerTooLong;
    if (!seen_.insert(std::hash<std::string>{}(marker)).second) return Step::kRepeats;
    if (pages_ >= max_pages_) return Step::kTooManyPages;
    return Step::kNext;
  }
  size_t pages() const { return pages_; }

 private:
  size_t max_pages_;
  size_t pages_ = 0;
  std::unordered_set<size_t> seen_;
};

// A listing the pager stopped (kRepeats, kTooManyPages, kMarkerTooLong).
Failure stopped(Pager::Step step, const Pager& pager, const std::string& operation, const std::string& region,
                const std::string& marker) {
  std::string where = operation + (region.empty() ? "" : " in " + region) + ": ";
  switch (step) {
    case Pager::Step::kTooManyPages:
      return Failure{kTooManyPages, where + "more pages after " + std::to_string(pager.pages()) +
                                        " pages (the --max-pages limit); the listing stops there"};
    case Pager::Step::kMarkerTooLong:
      return Failure{kBadResponse, where + "bad response: a next-page marker of " +
                                       std::to_string(marker.size()) + " bytes (the limit is " +
                                       std::to_string(kMaxMarkerBytes) + ")"};
    default:
      return Failure{kBadResponse,
                     where + "bad response: the listing does not advance (a next-page marker repeats)"};
  }
}

struct AccountCtx {
  std::string id, name;
  api::Session session;
  std::atomic<size_t> regions_left{0};
};

struct RegionJob {
  std::shared_ptr<AccountCtx> account;
  std::string region;
  std::vector<model::aws::lambda::Function> functions;  // converted page by page
  std::vector<api::EventSourceMapping> mappings;
  std::optional<Failure> fn_error, esm_error;
  // API Gateway REST APIs and their stages (a third chain: GetRestApis pages, then GetStages per API).
  std::vector<api::RestApiInfo> apis;
  std::vector<model::aws::apigateway::Stage> stages;
  std::optional<Failure> api_error;
  size_t stages_failed = 0;
  int chains_left = 3;
  Pager fn_pages, esm_pages, api_pages;
  explicit RegionJob(size_t max_pages) : fn_pages(max_pages), esm_pages(max_pages), api_pages(max_pages) {}
};

class Run {
 public:
  Run(api::Client& client, const api::Session& base, const Options& o, const creds::TimeSource& clock,
      creds::StsClient* refresher, Progress* progress)
      : client_(client), base_(base), opts_(o), clock_(clock), refresher_(refresher), progress_(progress) {
    if (!progress_) progress_ = &own_progress_;
  }

  Result<LiveResult> go() {
    auto partition = api::partition_of(opts_.home_region);
    out_.coverage.partition = partition.name;
    partition_ = partition.name;

    auto who = blocking<api::CallerIdentity>([&](api::Done<api::CallerIdentity> d) {
      client_.get_caller_identity(base_, opts_.home_region, std::move(d));
    });
    if (!who.ok()) return Error{"cannot establish who the credentials belong to: " + who.error.summary()};
    out_.coverage.caller_account = who.value->account;
    out_.coverage.caller_arn = who.value->arn;

    // Which accounts.
    std::vector<std::pair<std::string, std::string>> targets;  // id, name
    std::set<std::string> only(opts_.accounts.begin(), opts_.accounts.end());
    std::set<std::string> excluded(opts_.exclude_accounts.begin(), opts_.exclude_accounts.end());
    if (opts_.org) {
      std::vector<api::Account> accounts;
      std::string token, error;
      Pager pager(opts_.max_pages);
      const std::string only_caller = "; only the caller's account " + who.value->account + " was scanned";
      for (;;) {
        auto page = blocking<api::AccountsPage>([&](api::Done<api::AccountsPage> d) {
          client_.list_accounts(base_, opts_.home_region, token, std::move(d));
        });
        if (!page.ok()) {
          add_gap("*", "", "*", discovery_cause(page.error, kOrgListingFailed),
                  page.error.summary() + only_caller);
          accounts.clear();
          error = "failed";
          break;
        }
        for (auto& a : page.value->accounts) accounts.push_back(std::move(a));
        token = std::move(page.value->next_token);
        Pager::Step step = pager.next(token);
        if (step == Pager::Step::kDone) break;
        if (step != Pager::Step::kNext) {
          Failure f = stopped(step, pager, "organizations:ListAccounts", "", token);
          add_gap("*", "", "*", f.cause == kTooManyPages ? kTooManyPages : kOrgListingFailed,
                  f.detail + only_caller);
          accounts.clear();
          error = "stopped";
          break;
        }
      }
      if (!error.empty()) {
        if (!excluded.count(who.value->account)) targets.emplace_back(who.value->account, "");
      } else {
        std::set<std::string> in_org;
        for (const auto& a : accounts) {
          in_org.insert(a.id);
          if (!only.empty() && !only.count(a.id)) continue;
          if (excluded.count(a.id)) {
            add_skipped(a.id, a.name, "*", "excluded by --exclude-accounts");
            continue;
          }
          if (!a.active()) {
            add_skipped(a.id, a.name, "*",
                        "account status " + (a.status.empty() ? std::string("unknown") : a.status));
            continue;
          }
          targets.emplace_back(a.id, a.name);
        }
        for (const auto& id : only)
          if (!in_org.count(id))
            add_gap(id, "", "*", kAccountNotFound,
                    "account " + id + " is not in the organization's account list");
      }
    } else if (!only.empty()) {
      for (const auto& id : only)
        if (!excluded.count(id)) targets.emplace_back(id, "");
    } else if (!excluded.count(who.value->account)) {
      targets.emplace_back(who.value->account, "");
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    for (const auto& t : targets) out_.coverage.accounts.push_back(t.first);
    progress_->accounts_total = targets.size();

    // Every account at once; each fans out into its regions.
    for (const auto& [id, name] : targets) {
      auto ctx = std::make_shared<AccountCtx>();
      ctx->id = id;
      ctx->name = name;
      ctx->session.account = id;  // names the endpoints (rate limiters) of this account's calls
      if (id == who.value->account) {
        ctx->session.provider = base_.provider;
        begin();
        discover_regions(ctx);
      } else {
        begin();
        assume(ctx);
      }
    }
    wait();
    finish();
    return std::move(out_);
  }

 private:
  void begin() {
    std::lock_guard<std::mutex> lk(mu_);
    ++pending_;
  }
  void end() {
    std::lock_guard<std::mutex> lk(mu_);
    if (--pending_ == 0) cv_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return pending_ == 0; });
  }

  // Callers hold no lock.
  void add_gap(std::string account, std::string name, std::string region, std::string cause,
               std::string detail) {
    std::lock_guard<std::mutex> lk(mu_);
    out_.coverage.gaps.push_back(
        Gap{std::move(account), std::move(name), std::move(region), std::move(cause), std::move(detail)});
    ++progress_->gaps;
  }
  void add_skipped(std::string account, std::string name, std::string region, std::string reason) {
    std::lock_guard<std::mutex> lk(mu_);
    out_.coverage.skipped.push_back(
        Skipped{std::move(account), std::move(name), std::move(region), std::move(reason)});
  }

  void assume(std::shared_ptr<AccountCtx> ctx) {
    api::AssumeRoleRequest req;
    req.role_arn = "arn:" + partition_ + ":iam::" + ctx->id + ":role/" + opts_.role_name;
    req.session_name = opts_.session_name;
    req.external_id = opts_.external_id;
    client_.assume_role(
        base_, opts_.home_region, req, [this, ctx, req](api::ApiResult<creds::Credentials> r) {
          if (!r.ok()) {
            add_gap(ctx->id, ctx->name, "*", discovery_cause(r.error, kAssumeRoleFailed), r.error.summary());
            ++progress_->accounts_done;
            end();
            return;
          }
          // Refresh near expiry through the blocking STS client (its own transport, so it may run inside a
          // callback of ours).
          creds::Fetch fetch;
          if (refresher_) {
            auto base = base_.provider;
            auto* sts = refresher_;
            creds::AssumeRoleParams p;
            p.region = opts_.home_region;
            p.role_arn = req.role_arn;
            p.role_session_name = req.session_name;
            p.external_id = req.external_id;
            p.duration_seconds = req.duration_seconds;
            fetch = [base, sts, p]() -> Result<creds::Credentials> {
              auto src = base->get();
              if (!src) return src.error();
              auto c = sts->assume_role(*src, p);
              if (c) c->method = "assume-role";
              return c;
            };
          }
          ctx->session.provider = fetch ? creds::CredentialsProvider::refreshing(
                                              "assume-role", std::move(fetch), clock_, std::move(*r.value))
                                        : creds::CredentialsProvider::fixed(std::move(*r.value), clock_);
          discover_regions(ctx);
        });
  }

  // Holds one pending count on entry, releases it when the regions are dispatched.
  void discover_regions(std::shared_ptr<AccountCtx> ctx) {
    client_.describe_regions(
        ctx->session, opts_.home_region, true, [this, ctx](api::ApiResult<std::vector<api::RegionInfo>> r) {
          std::vector<std::string> targets;
          if (r.ok()) {
            std::map<std::string, const api::RegionInfo*> by_name;
            for (const auto& info : *r.value) by_name[info.name] = &info;
            if (opts_.regions.empty()) {
              for (const auto& [name, info] : by_name) {
                if (info->enabled())
                  targets.push_back(name);
                else
                  add_skipped(ctx->id, ctx->name, name,
                              "region not enabled for the account (" + info->opt_in_status + ")");
              }
            } else {
              for (const auto& want : opts_.regions) {
                auto it = by_name.find(want);
                if (it == by_name.end())
                  add_gap(ctx->id, ctx->name, want, kRegionNotEnabled,
                          "ec2:DescribeRegions does not list " + want +
                              " for this account (not a region of partition " + partition_ + ")");
                else if (!it->second->enabled())
                  add_gap(ctx->id, ctx->name, want, kRegionNotEnabled,
                          "opt-in region " + want + " is not enabled for this account (" +
                              it->second->opt_in_status + ")");
                else
                  targets.push_back(want);
              }
            }
          } else if (!opts_.regions.empty()) {
            targets = opts_.regions;  // the listing calls will say what is wrong with each
          } else {
            targets = default_regions(partition_);
            add_gap(ctx->id, ctx->name, "*", discovery_cause(r.error, kRegionDiscoveryFailed),
                    r.error.summary() + "; scanned the " + std::to_string(targets.size()) +
                        " regions enabled in every account of partition " + partition_ +
                        ", opt-in regions unknown");
          }
          std::sort(targets.begin(), targets.end());
          targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
          if (targets.empty()) {
            ++progress_->accounts_done;
            end();
            return;
          }
          ctx->regions_left = targets.size();
          progress_->regions_total += targets.size();
          for (const auto& region : targets) {
            auto job = std::make_shared<RegionJob>(opts_.max_pages);
            job->account = ctx;
            job->region = region;
            begin();
            list_functions(job, "");
            list_mappings(job, "");
            list_rest_apis(job, "");
          }
          end();
        });
  }

  void list_functions(std::shared_ptr<RegionJob> job, std::string marker) {
    client_.list_functions(job->account->session, job->region, marker, opts_.page_size,
                           [this, job](api::ApiResult<api::FunctionsPage> r) {
                             if (!r.ok()) {
                               job->fn_error = failure(r.error);
                               chain_done(job);
                               return;
                             }
                             size_t n = r.value->functions.size(), bad = 0;
                             job->functions.reserve(job->functions.size() + n);
                             for (const auto& f : r.value->functions) {
                               if (f.tracing_mode != "Active") ++bad;
                               job->functions.push_back(lambda_function(place(*job), f));
                             }
                             progress_->functions += n;
                             progress_->findings += bad;
                             const std::string& next = r.value->next_marker;
                             Pager::Step step = job->fn_pages.next(next);
                             if (step == Pager::Step::kDone) return chain_done(job);
                             if (step != Pager::Step::kNext) {
                               job->fn_error =
                                   stopped(step, job->fn_pages, "lambda:ListFunctions", job->region, next);
                               return chain_done(job);
                             }
                             list_functions(job, next);
                           });
  }

  void list_mappings(std::shared_ptr<RegionJob> job, std::string marker) {
    client_.list_event_source_mappings(
        job->account->session, job->region, marker, 100, [this, job](api::ApiResult<api::MappingsPage> r) {
          if (!r.ok()) {
            job->esm_error = failure(r.error);
            return chain_done(job);
          }
          for (auto& m : r.value->mappings) job->mappings.push_back(std::move(m));
          const std::string& next = r.value->next_marker;
          Pager::Step step = job->esm_pages.next(next);
          if (step == Pager::Step::kDone) return chain_done(job);
          if (step != Pager::Step::kNext) {
            job->esm_error =
                stopped(step, job->esm_pages, "lambda:ListEventSourceMappings", job->region, next);
            return chain_done(job);
          }
          list_mappings(job, next);
        });
  }

  void list_rest_apis(std::shared_ptr<RegionJob> job, std::string position) {
    client_.get_rest_apis(
        job->account->session, job->region, position, 500, [this, job](api::ApiResult<api::RestApisPage> r) {
          if (!r.ok()) {
            job->api_error = failure(r.error);
            return chain_done(job);
          }
          for (auto& a : r.value->apis) job->apis.push_back(std::move(a));
          const std::string& next = r.value->position;
          Pager::Step step = job->api_pages.next(next);
          if (step == Pager::Step::kNext) return list_rest_apis(job, next);
          if (step != Pager::Step::kDone)
            job->api_error = stopped(step, job->api_pages, "apigateway:GetRestApis", job->region, next);
          // The stages of the APIs listed (also those before a stopped listing), one API at a time.
          list_stages(job, 0);
        });
  }

  void list_stages(std::shared_ptr<RegionJob> job, size_t i) {
    if (i >= job->apis.size()) return chain_done(job);
    client_.get_stages(job->account->session, job->region, job->apis[i].id,
                       [this, job, i](api::ApiResult<std::vector<api::StageInfo>> r) {
                         if (!r.ok()) {
                           // One API's stages: the others are still read; the region is a gap.
                           ++job->stages_failed;
                           if (!job->api_error) job->api_error = failure(r.error);
                         } else {
                           for (const auto& st : *r.value)
                             job->stages.push_back(apigateway_stage(place(*job), job->apis[i], st));
                         }
                         list_stages(job, i + 1);
                       });
  }

  // The chains of a region job run on the transport's single callback thread, but nothing here relies
  // on that: the job's counters are guarded by mu_.
  void chain_done(std::shared_ptr<RegionJob> job) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (--job->chains_left > 0) return;
    }
    complete_region(*job);
    ++progress_->regions_done;
    if (--job->account->regions_left == 0) ++progress_->accounts_done;
    end();
  }

  Place place(const RegionJob& job) const {
    return Place{partition_, job.account->id, job.account->name, job.region};
  }

  void complete_region(RegionJob& job) {
    const AccountCtx& a = *job.account;
    auto maps = lambda_event_source_mappings(job.mappings);
    model::aws::lambda::apply_event_source_mappings(job.functions, maps);
    std::string esm_unknown;
    if (job.esm_error) esm_unknown = "event source mappings could not be listed: " + job.esm_error->detail;
    if (!esm_unknown.empty())
      for (auto& m : job.functions) m.applicability_unknown = esm_unknown;
    size_t count = job.functions.size();
    std::lock_guard<std::mutex> lk(mu_);
    parts_.push_back(Part{std::move(job.functions), std::move(job.stages)});
    // Gaps are keyed by (account, region) for every service: an API Gateway listing that failed makes
    // the region a gap of its own (its detail names apigateway:GetRestApis / GetStages), apart from the
    // Lambda one, so the region stays "scanned" for Lambda when only API Gateway failed.
    if (job.api_error) {
      std::string detail = job.api_error->detail;
      if (job.stages_failed > 1)
        detail +=
            " (and " + std::to_string(job.stages_failed - 1) + " more APIs whose stages could not be listed)";
      out_.coverage.gaps.push_back(Gap{a.id, a.name, job.region, job.api_error->cause, std::move(detail)});
      ++progress_->gaps;
    }
    const Failure* e = job.fn_error ? &*job.fn_error : job.esm_error ? &*job.esm_error : nullptr;
    if (!e) {
      out_.coverage.scanned.push_back(ScannedRegion{a.id, job.region, count});
      return;
    }
    std::string detail = e->detail;
    if (job.fn_error && job.esm_error) detail += "; also " + job.esm_error->detail;
    if (job.fn_error && count)
      detail += " (" + std::to_string(count) + " functions read before the failure are reported)";
    out_.coverage.gaps.push_back(Gap{a.id, a.name, job.region, e->cause, std::move(detail)});
    ++progress_->gaps;
  }

  void finish() {
    auto& c = out_.coverage;
    std::sort(c.scanned.begin(), c.scanned.end(), [](const ScannedRegion& x, const ScannedRegion& y) {
      return std::tie(x.account, x.region) < std::tie(y.account, y.region);
    });
    std::sort(c.gaps.begin(), c.gaps.end(), [](const Gap& x, const Gap& y) {
      return std::tie(x.account, x.region, x.cause, x.detail) <
             std::tie(y.account, y.region, y.cause, y.detail);
    });
    std::sort(c.skipped.begin(), c.skipped.end(), [](const Skipped& x, const Skipped& y) {
      return std::tie(x.account, x.region, x.reason) < std::tie(y.account, y.region, y.reason);
    });
    // Each part is one (account, region): sorted within, and the parts in ARN order, the whole is in the
    // order the report sorts into (so that sort has nothing to do).
    for (auto& part : parts_) {
      std::sort(part.functions.begin(), part.functions.end(),
                [](const auto& x, const auto& y) { return x.address < y.address; });
      std::sort(part.stages.begin(), part.stages.end(),
                [](const auto& x, const auto& y) { return x.address < y.address; });
    }
    std::sort(parts_.begin(), parts_.end(), [](const Part& x, const Part& y) {
      if (x.functions.empty() || y.functions.empty()) {
        if (x.functions.size() != y.functions.size()) return x.functions.size() < y.functions.size();
        if (x.stages.empty() || y.stages.empty()) return x.stages.size() < y.stages.size();
        return x.stages.front().address < y.stages.front().address;
      }
      return x.functions.front().address < y.functions.front().address;
    });
    for (auto& part : parts_) {
      out_.regions.emplace_back();
      out_.regions.back().lambda_functions = std::move(part.functions);
      out_.regions.back().apigateway_stages = std::move(part.stages);
    }
    parts_.clear();
  }

  api::Client& client_;
  api::Session base_;
  const Options& opts_;
  const creds::TimeSource& clock_;
  creds::StsClient* refresher_;
  Progress own_progress_;
  Progress* progress_;
  std::string partition_;

  std::mutex mu_;
  std::condition_variable cv_;
  size_t pending_ = 0;
  LiveResult out_;
  struct Part {
    std::vector<model::aws::lambda::Function> functions;
    std::vector<model::aws::apigateway::Stage> stages;
  };
  std::vector<Part> parts_;  // per region, until finish()
};

}  // namespace

size_t LiveResult::functions() const {
  size_t n = 0;
  for (const auto& m : regions) n += m.lambda_functions.size();
  return n;
}

Result<LiveResult> scan(api::Client& client, const api::Session& base, const Options& options,
                        const creds::TimeSource& clock, creds::StsClient* refresher, Progress* progress) {
  Run run(client, base, options, clock, refresher, progress);
  return run.go();
}

}  // namespace cs::live
