#include "aws/http/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cs::aws::http {

AdaptiveRateLimiter::AdaptiveRateLimiter(Clock clock, RateLimiterConfig config)
    : clock_(clock ? std::move(clock) : steady_seconds()), config_(config) {
  double now = clock_();
  start_ = now;
  last_throttle_ = now;
  last_bucket_ = std::floor(now / config_.measure_interval) * config_.measure_interval;
  set_rate(1, now);  // a bucket of one token filling at 1/s, unused until the first throttle
}

void AdaptiveRateLimiter::refill(double now) {
  if (!last_refill_) {
    last_refill_ = now;
    return;
  }
  double elapsed = std::max(0.0, now - *last_refill_);
  capacity_ = std::min(max_capacity_, capacity_ + elapsed * fill_rate_);
  last_refill_ = now;
}

void AdaptiveRateLimiter::set_rate(double rate, double now) {
  refill(now);  // tokens earned so far are earned at the old rate
  fill_rate_ = std::max(rate, config_.min_fill_rate);
  max_capacity_ = std::max(rate, 1.0);
  capacity_ = std::min(capacity_, max_capacity_);
}

double AdaptiveRateLimiter::measure(double now) {
  double bucket = std::floor(now / config_.measure_interval) * config_.measure_interval;
  count_ += 1;
  if (bucket > last_bucket_) {
    double current = count_ / (bucket - last_bucket_);
    measured_ = current * config_.smoothing + measured_ * (1 - config_.smoothing);
    count_ = 0;
    last_bucket_ = bucket;
    measured_once_ = true;
  }
  if (measured_once_) return measured_;
  // Nothing measured yet (botocore would say 0/s here and drop to the floor): the rate since the start.
  return count_ / std::max(now - start_, config_.measure_interval);
}

double AdaptiveRateLimiter::cubic_success(double now) const {
  double dt = now - last_throttle_ - k_;
  return config_.scale * dt * dt * dt + w_max_;
}

double AdaptiveRateLimiter::acquire() {
  std::lock_guard<std::mutex> lk(mu_);
  if (!enabled_) return 0;
  double now = clock_();
  refill(now);
  capacity_ -= 1;
  if (capacity_ >= 0) return 0;
  return -capacity_ / fill_rate_;
}

void AdaptiveRateLimiter::on_response(bool throttled) {
  std::lock_guard<std::mutex> lk(mu_);
  double now = clock_();
  double measured = measure(now);
  double rate;
  if (!throttled) {
    rate = cubic_success(now);
  } else {
    // The rate we were sending at: measured, or the bucket's rate when that is lower (we were limited).
    double sending = enabled_ ? std::min(measured, fill_rate_) : measured;
    w_max_ = sending;
    k_ = std::cbrt(w_max_ * (1 - config_.beta) / config_.scale);
    last_throttle_ = now;
    rate = sending * config_.beta;
    enabled_ = true;
  }
  set_rate(std::min(rate, config_.max_rate_over_measured * measured), now);
}

AdaptiveRateLimiter::State AdaptiveRateLimiter::state() const {
  std::lock_guard<std::mutex> lk(mu_);
  State s;
  s.enabled = enabled_;
  s.fill_rate = fill_rate_;
  s.max_capacity = max_capacity_;
  s.capacity = capacity_;
  s.measured_rate = measured_;
  s.w_max = w_max_;
  s.k = k_;
  return s;
}

AdaptiveRateLimiter::Clock steady_seconds() {
  return [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
}

}  // namespace cs::aws::http
