// Credentials that refresh themselves (API.md §12 "Refresh"): a thread-safe holder that returns the
// current credentials and calls its fetch function again when they come within the advisory window
// (15 minutes) of their expiry; inside the mandatory window (10 minutes) a failed refresh is an error,
// before it the old credentials are kept.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/creds/types.h"
#include "base/result.h"

namespace cs::aws::creds {

inline constexpr std::chrono::seconds kAdvisoryRefresh{15 * 60};
inline constexpr std::chrono::seconds kMandatoryRefresh{10 * 60};

using Fetch = std::function<Result<Credentials>()>;

class CredentialsProvider {
 public:
  // Fixed credentials (they may still carry an expiry; once past it get() fails).
  static std::shared_ptr<CredentialsProvider> fixed(Credentials c, const TimeSource& clock);
  // Credentials from `fetch`, called on first use (initial == nullopt) and whenever a refresh is due.
  // `fetch` and `clock` must outlive the provider.
  static std::shared_ptr<CredentialsProvider> refreshing(std::string method, Fetch fetch,
                                                         const TimeSource& clock,
                                                         std::optional<Credentials> initial = std::nullopt);

  // Current credentials, refreshed if due. Safe to call from many threads.
  Result<Credentials> get();
  const std::string& method() const { return method_; }
  // Drops the cached credentials so the next get() fetches fresh ones (after a server said the token
  // expired). Does nothing for fixed credentials.
  void invalidate();
  // True when get() can fetch new credentials (false for fixed credentials).
  bool refreshable() const { return static_cast<bool>(fetch_); }
  // "CredentialsProvider(method=assume-role, state=...)": never a secret.
  std::string to_string() const;

  CredentialsProvider(std::string method, Fetch fetch, const TimeSource& clock,
                      std::optional<Credentials> initial);

 private:
  std::string method_;
  Fetch fetch_;  // empty for fixed credentials
  const TimeSource& clock_;
  mutable std::mutex state_mu_;  // guards cached_
  std::mutex refresh_mu_;        // one refresh at a time
  std::optional<Credentials> cached_;
};

}  // namespace cs::aws::creds
