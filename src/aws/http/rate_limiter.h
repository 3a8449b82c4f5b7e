// Client-side adaptive rate limiting for one endpoint: the idea of botocore's "adaptive" retry mode
// (retries/adaptive.py, bucket.py, throttling.py), written for a client that never blocks a thread.
//
// A token bucket that stays off until the endpoint first answers with a throttling error. From then on
// every request takes a token first. The bucket's fill rate follows CUBIC congestion control: a throttling
// response sets W_max to the rate we were sending at and drops the rate to beta × W_max; any other response
// lets it grow back along scale × (t − t_throttle − K)³ + W_max (K = ∛(W_max × (1 − beta) / scale), so it
// is back at W_max K seconds after the throttle and probes above it after that), never above twice the
// measured send rate and never below the minimum fill rate. The send rate is measured in half-second
// buckets, smoothed exponentially; until the first bucket closes it is the count since the limiter was made
// over the time since (at least half a second). That differs from botocore, which measures 0/s then, so
// that a throttle in a scan's first half-second drops the endpoint to the 0.5/s floor.
//
// Non-blocking: acquire() reserves a token and returns how long the caller must wait before sending;
// requests that find the bucket empty queue up behind each other by going into debt (capacity below 0),
// each told the time its token will have been refilled.
#pragma once

#include <functional>
#include <mutex>
#include <optional>

namespace cs::aws::http {

struct RateLimiterConfig {
  double beta = 0.7;                    // multiplicative decrease on a throttle
  double scale = 0.4;                   // CUBIC scale constant
  double smoothing = 0.8;               // weight of the newest measured rate
  double measure_interval = 0.5;        // seconds per send-rate bucket
  double min_fill_rate = 0.5;           // tokens per second, the floor
  double max_rate_over_measured = 2.0;  // the fill rate is at most this × the measured send rate
};

class AdaptiveRateLimiter {
 public:
  using Clock = std::function<double()>;  // monotonic seconds
  explicit AdaptiveRateLimiter(Clock clock, RateLimiterConfig config = {});

  // Takes one token: the seconds to wait before sending (0 while the limiter is off or a token is there).
  double acquire();
  // After every response to a request through this endpoint (every attempt); `throttled` when the answer
  // was a throttling error.
  void on_response(bool throttled);

  struct State {
    bool enabled = false;
    double fill_rate = 0;     // tokens per second
    double max_capacity = 0;  // bucket size (the fill rate, at least 1)
    double capacity = 0;      // tokens in the bucket at the last refill (negative: promised to waiters)
    double measured_rate = 0;
    double w_max = 0;  // the rate at the last throttle
    double k = 0;      // seconds from the last throttle back to w_max
  };
  State state() const;

 private:
  double measure(double now);
  double cubic_success(double now) const;
  void set_rate(double rate, double now);
  void refill(double now);

  Clock clock_;
  RateLimiterConfig config_;
  mutable std::mutex mu_;
  bool enabled_ = false;
  // bucket
  double fill_rate_ = 0;
  double max_capacity_ = 0;
  double capacity_ = 0;
  std::optional<double> last_refill_;
  // send-rate measurement
  double measured_ = 0;
  bool measured_once_ = false;  // a half-second bucket has closed
  double start_ = 0;
  double last_bucket_ = 0;
  double count_ = 0;
  // CUBIC
  double w_max_ = 0;
  double k_ = 0;
  double last_throttle_ = 0;
};

// The default clock: std::chrono::steady_clock in seconds.
AdaptiveRateLimiter::Clock steady_seconds();

}  // namespace cs::aws::http
