// Unit tests of the retry layer with a scripted fake transport: no sockets, no sleeping.
#include <gtest/gtest.h>

#include <deque>

#include "aws/http/retry.h"

namespace cs::aws::http {
namespace {

using namespace std::chrono_literals;

// Answers from a script (last entry repeats); records requested delays; calls back synchronously.
class FakeClient : public HttpClient {
 public:
  std::deque<HttpResult> script;
  std::vector<std::chrono::milliseconds> delays;
  std::vector<HttpRequest> requests;
  void submit_after(std::chrono::milliseconds delay, HttpRequest request, Callback cb) override {
    delays.push_back(delay);
    requests.push_back(std::move(request));
    HttpResult r = script.front();
    if (script.size() > 1) script.pop_front();
    cb(std::move(r));
  }
};

HttpResult response(long status, std::string body = "", Headers headers = {}) {
  HttpResult r;
  r.response = HttpResponse{status, std::move(headers), std::move(body)};
  return r;
}
HttpResult json_error(long status, const std::string& code) {
  return response(status, "{\"__type\":\"" + code + "\",\"message\":\"m\"}");
}
HttpResult transport(TransportErrorKind k) {
  HttpResult r;
  r.error.kind = k;
  r.error.message = "boom";
  return r;
}

RetryEnv fixed(double rnd) {
  RetryEnv e;
  e.random = [rnd] { return rnd; };
  e.now = [] { return std::chrono::system_clock::from_time_t(1700000000); };
  return e;
}

TEST(ParseAwsError, JsonNamespacedCode) {
  auto e = parse_aws_error(
      Protocol::kJson,
      {400,
       {},
       R"({"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/x","Message":"hi"})"});
  EXPECT_EQ(e.code, "FooError");
  EXPECT_EQ(e.message, "hi");
  EXPECT_EQ(sanitize_error_code("com.amazon.coral.service#ThrottlingException"), "ThrottlingException");
}

TEST(ParseAwsError, JsonQueryCompatibleHeader) {
  auto e = parse_aws_error(Protocol::kJson, {400,
                                             {{"x-amzn-query-error", "Throttling;Sender"}},
                                             R"({"__type":"com.amazonaws.cloudwatch#ThrottlingException"})"});
  EXPECT_EQ(e.code, "Throttling");
  EXPECT_EQ(e.type, "Sender");
}

TEST(ParseAwsError, RestJsonHeaderThenBody) {
  auto e = parse_aws_error(Protocol::kRestJson,
                           {429,
                            {{"X-Amzn-ErrorType", "TooManyRequestsException:http://internal.amazon.com/"}},
                            R"({"Type":"User","message":"Rate exceeded"})"});
  EXPECT_EQ(e.code, "TooManyRequestsException");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_EQ(e.type, "User");
  auto b = parse_aws_error(Protocol::kRestJson, {400, {}, R"({"code":"ValidationException","message":"x"})"});
  EXPECT_EQ(b.code, "ValidationException");
}

TEST(ParseAwsError, QueryAndEc2Xml) {
  auto q = parse_aws_error(
      Protocol::kQuery, {400,
                         {},
                         "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                         "<Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>"});
  EXPECT_EQ(q.code, "Throttling");
  EXPECT_EQ(q.message, "Rate exceeded");
  EXPECT_EQ(q.type, "Sender");
  auto e = parse_aws_error(Protocol::kEc2, {503,
                                            {},
                                            "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                                            "<Message>m</Message></Error></Errors></Response>"});
  EXPECT_EQ(e.code, "RequestLimitExceeded");
}

TEST(ParseAwsError, NoBodyFallsBackToStatus) {
  EXPECT_EQ(parse_aws_error(Protocol::kJson, {502, {}, ""}).code, "502");
  EXPECT_EQ(parse_aws_error(Protocol::kQuery, {500, {}, "<html>oops</html>"}).code, "500");
}

TEST(Classify, ExactThrottlingAndTransientLists) {
  RetryConfig cfg;
  for (const char* code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException"}) {
    auto c = classify_attempt(json_error(400, code), Protocol::kJson, cfg);
    EXPECT_TRUE(c.retryable) << code;
    EXPECT_TRUE(c.throttling) << code;
  }
  for (const char* code : {"RequestTimeout", "RequestTimeoutException", "IDPCommunicationError"}) {
    auto c = classify_attempt(json_error(400, code), Protocol::kJson, cfg);
    EXPECT_TRUE(c.retryable) << code;
    EXPECT_FALSE(c.throttling) << code;
  }
  for (long s : {500L, 502L, 503L, 504L})
    EXPECT_TRUE(classify_attempt(response(s), Protocol::kJson, cfg).retryable);
  for (long s : {400L, 401L, 403L, 404L, 409L, 429L, 501L})
    EXPECT_FALSE(classify_attempt(response(s), Protocol::kJson, cfg).retryable) << s;
  for (const char* code : {"AccessDenied", "AccessDeniedException", "ExpiredToken", "ExpiredTokenException",
                           "LimitExceeded", "ResourceConflictException", "UnrecognizedClientException",
                           "InvalidClientTokenId", "ValidationException"})
    EXPECT_FALSE(classify_attempt(json_error(400, code), Protocol::kJson, cfg).retryable) << code;
  EXPECT_FALSE(classify_attempt(response(200), Protocol::kJson, cfg).retryable);
}

TEST(Classify, TransportErrors) {
  RetryConfig cfg;
  for (auto k : {TransportErrorKind::kConnect, TransportErrorKind::kConnectionReset,
                 TransportErrorKind::kTruncatedBody, TransportErrorKind::kTimeout, TransportErrorKind::kTls,
                 TransportErrorKind::kOther})
    EXPECT_TRUE(classify_attempt(transport(k), Protocol::kJson, cfg).retryable) << to_string(k);
  EXPECT_TRUE(classify_attempt(transport(TransportErrorKind::kTimeout), Protocol::kJson, cfg).timeout);
  EXPECT_FALSE(classify_attempt(transport(TransportErrorKind::kCancelled), Protocol::kJson, cfg).retryable);
  HttpResult cert = transport(TransportErrorKind::kTls);
  cert.error.cert_verification = true;
  EXPECT_FALSE(classify_attempt(cert, Protocol::kJson, cfg).retryable);
}

TEST(Backoff, ExponentialWithJitterCappedAt20) {
  RetryConfig cfg;
  EXPECT_DOUBLE_EQ(backoff_seconds(1, 1.0, cfg), 1);
  EXPECT_DOUBLE_EQ(backoff_seconds(2, 1.0, cfg), 2);
  EXPECT_DOUBLE_EQ(backoff_seconds(5, 1.0, cfg), 16);
  EXPECT_DOUBLE_EQ(backoff_seconds(6, 1.0, cfg), 20);
  EXPECT_DOUBLE_EQ(backoff_seconds(30, 1.0, cfg), 20);
  EXPECT_DOUBLE_EQ(backoff_seconds(3, 0.25, cfg), 1);
  EXPECT_DOUBLE_EQ(backoff_seconds(3, 0.0, cfg), 0);
}

TEST(RetryingClient, DelaysFollowInjectedRandomAndCap) {
  FakeClient f;
  f.script = {response(503)};
  RetryConfig cfg;
  cfg.max_attempts = 8;
  RetryingClient rc(f, cfg, fixed(1.0));
  auto o = rc.send(HttpRequest{}, Protocol::kJson);
  ASSERT_EQ(o.attempts.size(), 8u);
  std::vector<long long> ms;
  for (auto d : f.delays) ms.push_back(d.count());
  EXPECT_EQ(ms, (std::vector<long long>{0, 1000, 2000, 4000, 8000, 16000, 20000, 20000}));
  EXPECT_EQ(o.summary(), "retries exhausted: 503 after 8 attempts");
}

TEST(RetryingClient, MaxAttemptsSettable) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException")};
  RetryConfig cfg;
  cfg.max_attempts = 1;
  RetryingClient rc(f, cfg, fixed(0.5));
  auto o = rc.send(HttpRequest{}, Protocol::kJson);
  ASSERT_EQ(o.attempts.size(), 1u);
  EXPECT_EQ(o.summary(), "retries exhausted: ThrottlingException after 1 attempt");
}

TEST(RetryingClient, ExhaustedSummaryAndRecords) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException")};
  RetryingClient rc(f, {}, fixed(0.5));
  auto o = rc.send(HttpRequest{}, Protocol::kJson);
  ASSERT_EQ(o.attempts.size(), 3u);
  EXPECT_EQ(o.attempts[0].verdict, AttemptVerdict::kRetried);
  EXPECT_DOUBLE_EQ(o.attempts[0].delay_seconds, 0.5);
  EXPECT_DOUBLE_EQ(o.attempts[1].delay_seconds, 1.0);
  EXPECT_EQ(o.attempts[2].verdict, AttemptVerdict::kAttemptsExhausted);
  EXPECT_EQ(o.summary(), "retries exhausted: ThrottlingException after 3 attempts");
  ASSERT_NE(o.error(), nullptr);
  EXPECT_EQ(o.error()->code, "ThrottlingException");
}

TEST(RetryingClient, ExpiredTokenAndAccessDeniedNotRetried) {
  for (const char* code : {"ExpiredTokenException", "AccessDeniedException"}) {
    FakeClient f;
    f.script = {json_error(403, code)};
    RetryingClient rc(f, {}, fixed(0.5));
    auto o = rc.send(HttpRequest{}, Protocol::kJson);
    ASSERT_EQ(o.attempts.size(), 1u) << code;
    EXPECT_EQ(o.attempts[0].verdict, AttemptVerdict::kNotRetryable);
    EXPECT_EQ(o.summary(), std::string(code) + " (HTTP 403): m");
  }
}

TEST(RetryingClient, ModeledRetryableCodes) {
  FakeClient f;
  f.script = {json_error(400, "InternalServerException"), response(200)};
  RetryConfig cfg;
  cfg.extra_retryable_codes = {"InternalServerException"};
  RetryingClient rc(f, cfg, fixed(0));
  EXPECT_TRUE(rc.send(HttpRequest{}, Protocol::kJson).success());
  EXPECT_EQ(f.requests.size(), 2u);
}

TEST(RetryingClient, RetryAfterSecondsAndDateCapped) {
  {
    FakeClient f;
    f.script = {response(503, "", {{"Retry-After", "7"}}), response(200)};
    RetryingClient rc(f, {}, fixed(0.1));
    auto o = rc.send(HttpRequest{}, Protocol::kJson);
    ASSERT_TRUE(o.success());
    EXPECT_DOUBLE_EQ(o.attempts[0].delay_seconds, 7);
    EXPECT_EQ(f.delays[1], 7000ms);
  }
  {
    FakeClient f;  // now = 1700000000 = Tue, 14 Nov 2023 22:13:20 GMT
    f.script = {response(503, "", {{"Retry-After", "Tue, 14 Nov 2023 22:13:32 GMT"}}), response(200)};
    RetryingClient rc(f, {}, fixed(0.1));
    auto o = rc.send(HttpRequest{}, Protocol::kJson);
    EXPECT_DOUBLE_EQ(o.attempts[0].delay_seconds, 12);
  }
  {
    FakeClient f;
    f.script = {response(503, "", {{"Retry-After", "3600"}}), response(200)};
    RetryingClient rc(f, {}, fixed(0.1));
    EXPECT_DOUBLE_EQ(rc.send(HttpRequest{}, Protocol::kJson).attempts[0].delay_seconds, 20);
  }
  {
    FakeClient f;  // garbage is ignored; backoff applies
    f.script = {response(503, "", {{"Retry-After", "soon"}}), response(200)};
    RetryingClient rc(f, {}, fixed(0.5));
    EXPECT_DOUBLE_EQ(rc.send(HttpRequest{}, Protocol::kJson).attempts[0].delay_seconds, 0.5);
  }
  {
    FakeClient f;  // not honoured when switched off (botocore behaviour)
    f.script = {response(503, "", {{"Retry-After", "7"}}), response(200)};
    RetryConfig cfg;
    cfg.honour_retry_after = false;
    RetryingClient rc(f, cfg, fixed(0.5));
    EXPECT_DOUBLE_EQ(rc.send(HttpRequest{}, Protocol::kJson).attempts[0].delay_seconds, 0.5);
  }
  auto now = std::chrono::system_clock::from_time_t(1700000000);
  EXPECT_EQ(parse_retry_after("Tuesday, 14-Nov-23 22:13:25 GMT", now), 5.0);
  EXPECT_EQ(parse_retry_after("Tue Nov 14 22:13:30 2023", now), 10.0);
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now), 0.0);  // past
  EXPECT_FALSE(parse_retry_after("", now).has_value());
}

TEST(RetryingClient, QuotaCostsRefundsAndExhaustion) {
  FakeClient f;
  f.script = {response(503)};
  RetryingClient rc(f, {}, fixed(0));
  for (int i = 0; i < 50; ++i) {
    auto o = rc.send(HttpRequest{}, Protocol::kJson);
    ASSERT_EQ(o.attempts.size(), 3u) << i;  // 2 retries x 5
  }
  EXPECT_EQ(rc.quota().available(), 0);
  auto o = rc.send(HttpRequest{}, Protocol::kJson);
  ASSERT_EQ(o.attempts.size(), 1u);
  EXPECT_EQ(o.attempts[0].verdict, AttemptVerdict::kQuotaExhausted);
  EXPECT_EQ(o.summary(), "retry quota exhausted: 503 after 1 attempt");

  f.script = {response(200)};  // first-try success refunds 1
  EXPECT_TRUE(rc.send(HttpRequest{}, Protocol::kJson).success());
  EXPECT_EQ(rc.quota().available(), 1);

  RetryingClient rc2(f, {}, fixed(0));
  f.script = {transport(TransportErrorKind::kTimeout), response(200)};
  auto t = rc2.send(HttpRequest{}, Protocol::kJson);
  ASSERT_TRUE(t.success());
  EXPECT_EQ(rc2.quota().available(), 500);  // 10 taken, 10 refunded (cost of the last retry)
  f.script = {transport(TransportErrorKind::kTimeout), transport(TransportErrorKind::kConnect),
              response(200)};
  ASSERT_TRUE(rc2.send(HttpRequest{}, Protocol::kJson).success());
  EXPECT_EQ(rc2.quota().available(), 500 - 10 - 5 + 5);
  f.script = {transport(TransportErrorKind::kTimeout)};
  rc2.send(HttpRequest{}, Protocol::kJson);
  EXPECT_EQ(rc2.quota().available(), 490 - 20);
  EXPECT_EQ(rc2.send(HttpRequest{}, Protocol::kJson)
                .summary()
                .rfind("retries exhausted: timeout (boom) after 3", 0),
            0u);
}

TEST(RetryingClient, QuotaIsPerClient) {
  FakeClient f;
  f.script = {response(503)};
  RetryingClient a(f, {}, fixed(0)), b(f, {}, fixed(0));
  a.send(HttpRequest{}, Protocol::kJson);
  EXPECT_EQ(a.quota().available(), 490);
  EXPECT_EQ(b.quota().available(), 500);
}

TEST(RetryingClient, RequestFactorySeesAttemptNumbers) {
  FakeClient f;
  f.script = {response(500), response(502), response(200)};
  RetryingClient rc(f, {}, fixed(0));
  std::vector<int> seen;
  std::optional<RetryOutcome> out;
  rc.submit(
      [&](int n) {
        seen.push_back(n);
        HttpRequest r;
        r.url = "u" + std::to_string(n);
        return r;
      },
      Protocol::kJson, [&](RetryOutcome o) { out = std::move(o); });
  ASSERT_TRUE(out && out->success());
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(f.requests[2].url, "u3");
}

TEST(RetryingClient, DebugHookGetsAttemptLines) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException"), response(200)};
  std::vector<std::string> lines;
  RetryingClient rc(f, {}, fixed(0.5), [&](std::string_view l) { lines.emplace_back(l); });
  rc.send(HttpRequest{}, Protocol::kJson);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "* attempt 1: HTTP 400 ThrottlingException -> retried in 0.500s");
  EXPECT_EQ(lines[1], "* attempt 2: HTTP 200 -> success");
}

// Runs one call with CallOptions through a synchronous fake (the callback runs before submit returns).
RetryOutcome run_call(RetryingClient& rc, CallOptions opts) {
  RetryOutcome out;
  rc.submit([](int) { return HttpRequest{}; }, Protocol::kJson, std::move(opts),
            [&out](RetryOutcome o) { out = std::move(o); });
  return out;
}

RetryConfig throttle_config(int general, int throttle) {
  RetryConfig cfg;
  cfg.max_attempts = general;
  cfg.throttle_max_attempts = throttle;
  return cfg;
}

std::vector<long> statuses(const RetryOutcome& o) {
  std::vector<long> v;
  for (const auto& a : o.attempts) v.push_back(a.status);
  return v;
}

TEST(ThrottleBudget, ReadOnlyThrottlingGetsTheLargerBudgetWithoutTouchingTheQuota) {
  FakeClient f;
  for (int i = 0; i < 8; ++i) f.script.push_back(json_error(400, "ThrottlingException"));
  f.script.push_back(response(200));
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.0));
  auto o = run_call(rc, CallOptions{.read_only = true});
  EXPECT_TRUE(o.success());
  EXPECT_EQ(o.attempts.size(), 9u);
  EXPECT_EQ(rc.quota().available(), 500);  // 8 throttling retries cost 0, and the success refunds 0
}

TEST(ThrottleBudget, PermanentThrottlingStopsAtTheThrottleBudget) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException")};
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.0));
  auto o = run_call(rc, CallOptions{.read_only = true});
  EXPECT_EQ(o.attempts.size(), 9u);
  EXPECT_EQ(o.summary(), "retries exhausted: ThrottlingException after 9 attempts");
}

TEST(ThrottleBudget, OtherErrorsKeepTheGeneralBudgetAndTheQuota) {
  FakeClient f;
  f.script = {response(503)};
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.0));
  auto o = run_call(rc, CallOptions{.read_only = true});
  EXPECT_EQ(o.attempts.size(), 3u);
  EXPECT_EQ(o.summary(), "retries exhausted: 503 after 3 attempts");
  EXPECT_EQ(rc.quota().available(), 490);
}

TEST(ThrottleBudget, MixedFailuresCountSeparately) {
  // throttle, 503, throttle, 503, throttle, 503: the third 503 is the third failure against max_attempts 3.
  FakeClient f;
  for (int i = 0; i < 4; ++i) {
    f.script.push_back(json_error(400, "ThrottlingException"));
    f.script.push_back(response(503));
  }
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.0));
  auto o = run_call(rc, CallOptions{.read_only = true});
  EXPECT_EQ(statuses(o), (std::vector<long>{400, 503, 400, 503, 400, 503}));
  EXPECT_EQ(o.attempts.back().verdict, AttemptVerdict::kAttemptsExhausted);
  EXPECT_EQ(rc.quota().available(), 500 - 5 - 5);  // only the two 503 retries paid
}

TEST(ThrottleBudget, NotReadOnlyOrUnsetCountsThrottlingAgainstMaxAttempts) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException")};
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.0));
  EXPECT_EQ(run_call(rc, CallOptions{.read_only = false}).attempts.size(), 3u);
  EXPECT_EQ(rc.quota().available(), 490);
  RetryingClient unset(f, throttle_config(3, 0), fixed(0.0));
  EXPECT_EQ(run_call(unset, CallOptions{.read_only = true}).attempts.size(), 3u);
  EXPECT_EQ(max_attempts_for(throttle_config(3, 9), true), 9);
  EXPECT_EQ(max_attempts_for(throttle_config(3, 9), false), 3);
  EXPECT_EQ(max_attempts_for(throttle_config(5, 2), true), 5);
  EXPECT_EQ(max_attempts_for(throttle_config(3, 0), true), 3);
}

TEST(ThrottleBudget, SmallerThrottleBudgetThanGeneral) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException")};
  RetryingClient rc(f, throttle_config(5, 2), fixed(0.0));
  EXPECT_EQ(run_call(rc, CallOptions{.read_only = true}).attempts.size(), 2u);
  FakeClient g;
  g.script = {response(500)};
  RetryingClient rc2(g, throttle_config(5, 2), fixed(0.0));
  EXPECT_EQ(run_call(rc2, CallOptions{.read_only = true}).attempts.size(), 5u);
}

TEST(ThrottleBudget, LimiterWaitIsFoldedIntoTheAttemptDelay) {
  FakeClient f;
  f.script = {json_error(400, "ThrottlingException"), response(200)};
  double now = 10;
  auto limiter = std::make_shared<AdaptiveRateLimiter>([&now] { return now; });
  RetryingClient rc(f, throttle_config(3, 9), fixed(0.5));
  auto o = run_call(rc, CallOptions{.read_only = true, .limiter = limiter});
  ASSERT_TRUE(o.success());
  // Attempt 1: limiter off, sent at once. The throttle turns it on: 1 answer at once, counted over 0.5 s,
  // is 2/s, × 0.7 = 1.4/s, with an empty bucket: attempt 2 waits 1 / 1.4 s (715 ms rounded up), longer
  // than its 0.5 s backoff.
  EXPECT_EQ(f.delays, (std::vector<std::chrono::milliseconds>{0ms, 715ms}));
  EXPECT_DOUBLE_EQ(o.attempts[0].delay_seconds, 0.5);
  EXPECT_NEAR(o.attempts[1].rate_wait_seconds, 1 / 1.4, 1e-12);
  EXPECT_TRUE(limiter->state().enabled);
  // A later call on the same endpoint queues behind: 1 token already promised, so 2 at 1.4/s (the success
  // at the same instant leaves the rate where it was: 0.4 × (0 − K)³ + 2 = 2 − 0.6).
  f.script = {response(200)};
  auto o2 = run_call(rc, CallOptions{.read_only = true, .limiter = limiter});
  EXPECT_EQ(f.delays.back(), 1429ms);
  EXPECT_NEAR(o2.attempts[0].rate_wait_seconds, 2 / 1.4, 1e-12);
}

}  // namespace
}  // namespace cs::aws::http
