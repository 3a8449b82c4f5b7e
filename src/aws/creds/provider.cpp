#include "aws/creds/provider.h"

#include "aws/creds/util.h"

namespace cs::aws::creds {

CredentialsProvider::CredentialsProvider(std::string method, Fetch fetch, const TimeSource& clock,
                                         std::optional<Credentials> initial)
    : method_(std::move(method)), fetch_(std::move(fetch)), clock_(clock), cached_(std::move(initial)) {}

std::shared_ptr<CredentialsProvider> CredentialsProvider::fixed(Credentials c, const TimeSource& clock) {
  std::string m = c.method;
  return std::make_shared<CredentialsProvider>(std::move(m), Fetch{}, clock, std::move(c));
}

std::shared_ptr<CredentialsProvider> CredentialsProvider::refreshing(std::string method, Fetch fetch,
                                                                     const TimeSource& clock,
                                                                     std::optional<Credentials> initial) {
  return std::make_shared<CredentialsProvider>(std::move(method), std::move(fetch), clock,
                                               std::move(initial));
}

Result<Credentials> CredentialsProvider::get() {
  std::optional<Credentials> snapshot;
  {
    std::lock_guard<std::mutex> lk(state_mu_);
    snapshot = cached_;
  }
  TimePoint now = clock_.now();
  auto remaining = [&](const Credentials& c) { return *c.expiration - now; };
  if (snapshot && (!snapshot->expiration || remaining(*snapshot) > kAdvisoryRefresh)) return *snapshot;

  if (!fetch_) {
    // Fixed credentials with an expiry: usable until they expire.
    if (snapshot && remaining(*snapshot) > std::chrono::seconds(0)) return *snapshot;
    return Error{"credentials from '" + method_ + "' expired at " +
                 (snapshot ? format_iso8601(*snapshot->expiration) : std::string("?")) +
                 " and cannot be refreshed"};
  }

  bool mandatory = !snapshot || remaining(*snapshot) <= kMandatoryRefresh;
  std::unique_lock<std::mutex> rl(refresh_mu_, std::defer_lock);
  if (mandatory) {
    rl.lock();
  } else if (!rl.try_lock()) {
    return *snapshot;  // someone else is refreshing; the old credentials are still good
  }
  // Another thread may have refreshed while we waited.
  {
    std::lock_guard<std::mutex> lk(state_mu_);
    snapshot = cached_;
  }
  now = clock_.now();
  if (snapshot && (!snapshot->expiration || remaining(*snapshot) > kAdvisoryRefresh)) return *snapshot;
  mandatory = !snapshot || remaining(*snapshot) <= kMandatoryRefresh;

  Result<Credentials> fresh = fetch_();
  if (!fresh) {
    if (!mandatory) return *snapshot;  // advisory refresh failed: keep using the old ones
    Error e = fresh.error();
    if (snapshot) e.message = "refreshing credentials from '" + method_ + "' failed: " + e.message;
    return e;
  }
  Credentials c = std::move(fresh).value();
  if (c.method.empty()) c.method = method_;
  if (c.expiration && *c.expiration <= now)
    return Error{"credentials from '" + method_ + "' were refreshed but are already expired (expiry " +
                 format_iso8601(*c.expiration) + ")"};
  {
    std::lock_guard<std::mutex> lk(state_mu_);
    cached_ = c;
  }
  return c;
}

void CredentialsProvider::invalidate() {
  if (!fetch_) return;
  std::lock_guard<std::mutex> lk(state_mu_);
  cached_.reset();
}

std::string CredentialsProvider::to_string() const {
  std::lock_guard<std::mutex> lk(state_mu_);
  std::string s = "CredentialsProvider(method=" + method_ + ", refreshable=" + (fetch_ ? "yes" : "no");
  if (cached_) s += ", current=" + cached_->to_string();
  return s + ")";
}

}  // namespace cs::aws::creds
