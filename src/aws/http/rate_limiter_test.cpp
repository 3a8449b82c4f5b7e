// The adaptive rate limiter with an injected clock: exact rates and waits after a throttle and during the
// recovery (numbers worked out by hand from the rules in rate_limiter.h).
#include "aws/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cs::aws::http {
namespace {

constexpr double kEps = 1e-9;

struct Clocked {
  double t = 10.0;
  AdaptiveRateLimiter lim{[this] { return t; }};
};

TEST(AdaptiveRateLimiter, OffUntilTheFirstThrottle) {
  Clocked c;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(c.lim.acquire(), 0);
    c.lim.on_response(false);
  }
  c.t = 30;
  c.lim.on_response(false);
  EXPECT_FALSE(c.lim.state().enabled);
  EXPECT_EQ(c.lim.acquire(), 0);
}

TEST(AdaptiveRateLimiter, ExactRateAndWaitsAfterAThrottle) {
  Clocked c;
  for (double t : {10.1, 10.2, 10.3, 10.4}) {
    c.t = t;
    c.lim.on_response(false);
  }
  EXPECT_EQ(c.lim.state().measured_rate, 0);  // no half-second completed yet
  c.t = 10.5;
  c.lim.on_response(false);  // closes [10.0, 10.5): 5 answers / 0.5 s = 10/s, smoothed 0.8 × 10
  EXPECT_NEAR(c.lim.state().measured_rate, 8, kEps);
  // Before any throttle the bucket is not used; its rate sits at the floor (min(cubic, 2 × measured)).
  EXPECT_NEAR(c.lim.state().fill_rate, 0.5, kEps);
  // Bucket: 0 tokens at 10.0, +0.1 at 1/s by 10.1, then +0.4 s × 0.5/s = 0.3 at 10.5.
  EXPECT_NEAR(c.lim.state().capacity, 0.3, kEps);

  c.t = 10.6;
  c.lim.on_response(true);
  auto s = c.lim.state();
  EXPECT_TRUE(s.enabled);
  EXPECT_NEAR(s.w_max, 8, kEps);           // the measured rate we were sending at
  EXPECT_NEAR(s.fill_rate, 5.6, kEps);     // beta 0.7 × 8
  EXPECT_NEAR(s.max_capacity, 5.6, kEps);  // bucket size = rate (at least 1)
  EXPECT_NEAR(s.k, std::cbrt(6.0), kEps);  // ∛(8 × (1 − 0.7) / 0.4)
  EXPECT_NEAR(s.capacity, 0.35, kEps);     // +0.1 s × 0.5/s, earned at the old rate

  // Requests now wait for tokens, queueing behind each other (never blocking: they are told how long).
  EXPECT_NEAR(c.lim.acquire(), 0.65 / 5.6, kEps);  // 0.35 − 1 = −0.65 tokens
  EXPECT_NEAR(c.lim.acquire(), 1.65 / 5.6, kEps);
  c.t = 10.7;  // + 0.1 s × 5.6/s = 0.56 tokens: −1.65 + 0.56 − 1 = −2.09
  EXPECT_NEAR(c.lim.acquire(), 2.09 / 5.6, kEps);
}

TEST(AdaptiveRateLimiter, RecoversAlongTheCubicCurve) {
  Clocked c;
  for (double t : {10.1, 10.2, 10.3, 10.4, 10.5}) {
    c.t = t;
    c.lim.on_response(false);
  }
  c.t = 10.6;
  c.lim.on_response(true);  // W_max 8, rate 5.6, K = ∛6 (see above)
  const double k = std::cbrt(6.0);
  // Keep answers coming at 200/s so that the 2 × measured-rate cap stays far above the curve.
  auto load_until = [&c](double end) {
    for (double t = c.t + 0.1; t < end; t += 0.1) {
      c.t = t;
      for (int j = 0; j < 20; ++j) c.lim.on_response(false);
    }
  };
  load_until(11.55);
  ASSERT_GT(c.lim.state().measured_rate, 100);
  c.t = 11.6;  // 1 s after the throttle: 0.4 × (1 − K)³ + 8, below W_max
  c.lim.on_response(false);
  EXPECT_NEAR(c.lim.state().fill_rate, 0.4 * std::pow(1 - k, 3) + 8, kEps);
  EXPECT_LT(c.lim.state().fill_rate, 8);
  load_until(10.6 + k - 0.01);
  c.t = 10.6 + k;  // K seconds after the throttle: back at W_max
  c.lim.on_response(false);
  EXPECT_NEAR(c.lim.state().fill_rate, 8, kEps);
  load_until(10.6 + k + 1.99);
  c.t = 10.6 + k + 2;  // then probing above it: 8 + 0.4 × 2³
  c.lim.on_response(false);
  EXPECT_NEAR(c.lim.state().fill_rate, 8 + 0.4 * 8, kEps);
  ASSERT_GT(c.lim.state().measured_rate, 100);
  EXPECT_TRUE(c.lim.state().enabled);  // stays on; the rate just grows
}

TEST(AdaptiveRateLimiter, RateCappedAtTwiceTheMeasuredRate) {
  Clocked c;
  for (double t : {10.1, 10.2, 10.3, 10.4, 10.5}) {
    c.t = t;
    c.lim.on_response(false);
  }
  c.t = 10.6;
  c.lim.on_response(true);  // measured 8, rate 5.6
  // One answer at 20.0: the bucket [10.5, 20.0) held 2 answers (10.6's throttle and this one):
  // 2 / 9.5 s, smoothed: 0.8 × 2/9.5 + 0.2 × 8. The curve is far above, so the cap decides.
  c.t = 20.0;
  c.lim.on_response(false);
  double measured = 0.8 * 2 / 9.5 + 0.2 * 8;
  EXPECT_NEAR(c.lim.state().measured_rate, measured, kEps);
  EXPECT_NEAR(c.lim.state().fill_rate, 2 * measured, kEps);
}

TEST(AdaptiveRateLimiter, ThrottleBeforeAnyMeasurementUsesTheRateSinceTheStart) {
  Clocked c;
  c.t = 10.2;
  c.lim.on_response(true);  // 1 answer in the first 0.2 s, counted over at least 0.5 s: 2/s
  auto s = c.lim.state();
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.measured_rate, 0);  // no half-second bucket closed yet
  EXPECT_NEAR(s.w_max, 2, kEps);
  EXPECT_NEAR(s.fill_rate, 1.4, kEps);
  EXPECT_NEAR(s.max_capacity, 1.4, kEps);
  EXPECT_NEAR(s.k, std::cbrt(1.5), kEps);
  // 0.2 s at 1/s earned before the throttle: 0.2 tokens; the next request waits 0.8 / 1.4 s.
  EXPECT_NEAR(c.lim.acquire(), 0.8 / 1.4, kEps);
}

TEST(AdaptiveRateLimiter, ThrottlesWhileLimitedUseTheBucketRateDownToTheFloor) {
  Clocked c;
  c.t = 10.2;
  c.lim.on_response(true);  // 1.4/s (above)
  // Throttled again while limited: the rate we were sending at is min(measured, bucket rate).
  c.t = 10.3;
  c.lim.on_response(true);  // min(2 / 0.5, 1.4) × 0.7
  EXPECT_NEAR(c.lim.state().fill_rate, 0.98, kEps);
  EXPECT_NEAR(c.lim.state().max_capacity, 1, kEps);  // the bucket holds at least one token
  c.t = 10.4;
  c.lim.on_response(true);
  EXPECT_NEAR(c.lim.state().fill_rate, 0.686, kEps);
  c.t = 10.45;
  c.lim.on_response(true);  // 0.686 × 0.7 = 0.4802: raised to the 0.5/s floor
  EXPECT_NEAR(c.lim.state().w_max, 0.686, kEps);
  EXPECT_NEAR(c.lim.state().fill_rate, 0.5, kEps);
  c.t = 10.5;
  c.lim.on_response(true);  // closes [10.0, 10.5): 5 answers -> 8/s measured, but the bucket allowed 0.5/s
  auto s = c.lim.state();
  EXPECT_NEAR(s.measured_rate, 8, kEps);
  EXPECT_NEAR(s.w_max, 0.5, kEps);
  EXPECT_NEAR(s.fill_rate, 0.5, kEps);
}

}  // namespace
}  // namespace cs::aws::http
