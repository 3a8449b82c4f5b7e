// Loopback tests of the libcurl client (and the retry layer over it) against testdata/test_server.py.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "aws/http/http_client.h"
#include "aws/http/retry.h"
#include "aws/http/test_server_util.h"

namespace cs::aws::http {
namespace {

using namespace std::chrono_literals;
using testing::TestServer;

const char* const kProxyVars[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
                                  "ALL_PROXY",  "no_proxy",    "NO_PROXY",    "AWS_CA_BUNDLE"};

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* v : kProxyVars) unsetenv(v);  // loopback tests must not go through a real proxy
    server_ = new TestServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(server_->ok()) << "test server did not start"; }

  static std::string url(const std::string& path) { return server_->url(path); }
  static HttpRequest get(const std::string& path) {
    HttpRequest r;
    r.url = url(path);
    return r;
  }
  // Connection/in-flight counters of the server, read through a dedicated keep-alive client.
  struct Stats {
    long connections = 0, max_inflight = 0, requests = 0;
  };
  static long field(const std::string& json, const std::string& name) {
    auto p = json.find("\"" + name + "\": ");
    return p == std::string::npos ? -1 : std::atol(json.c_str() + p + name.size() + 4);
  }
  static Stats stats(HttpClient& c) {
    auto r = c.send(get("/stats"));
    Stats s;
    if (r.ok()) {
      s.connections = field(r.response->body, "connections");
      s.max_inflight = field(r.response->body, "max_inflight");
      s.requests = field(r.response->body, "requests");
    }
    return s;
  }
  static TestServer* server_;
};
TestServer* HttpClientTest::server_ = nullptr;

TEST_F(HttpClientTest, GetReturnsStatusHeadersBody) {
  auto c = make_curl_client();
  auto r = c->send(get("/ok"));
  ASSERT_TRUE(r.ok()) << r.error.message;
  EXPECT_EQ(r.response->status, 200);
  EXPECT_EQ(r.response->body, "hello");
  ASSERT_NE(find_header(r.response->headers, "content-length"), nullptr);
  EXPECT_EQ(*find_header(r.response->headers, "CONTENT-LENGTH"), "5");
  auto nf = c->send(get("/nope"));
  ASSERT_TRUE(nf.ok());
  EXPECT_EQ(nf.response->status, 404);
}

TEST_F(HttpClientTest, SendsMethodHeadersAndBody) {
  auto c = make_curl_client();
  for (std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    HttpRequest r = get("/echo");
    r.method = method;
    r.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "Foo.Bar"}};
    r.body = "{\"a\":1}";
    auto res = c->send(r);
    ASSERT_TRUE(res.ok()) << res.error.message;
    const std::string& b = res.response->body;
    EXPECT_NE(b.find("\"method\": \"" + method + "\""), std::string::npos) << b;
    EXPECT_NE(b.find("\"X-Amz-Target\": \"Foo.Bar\""), std::string::npos) << b;
    EXPECT_NE(b.find("\"body\": \"{\\\"a\\\":1}\""), std::string::npos) << b;
    EXPECT_EQ(b.find("Expect"), std::string::npos) << b;
  }
  HttpRequest post = get("/echo");
  post.method = "POST";
  post.body = "Action=GetCallerIdentity";
  auto res = c->send(post);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res.response->body.find("x-www-form-urlencoded"), std::string::npos)
      << "no implicit Content-Type";
}

TEST_F(HttpClientTest, KeepAliveReusesOneConnection) {
  auto probe = make_curl_client();
  ASSERT_TRUE(probe->send(get("/reset-stats")).ok());
  {
    auto c = make_curl_client();
    for (int i = 0; i < 5; ++i) {
      auto r = c->send(get("/ok"));
      ASSERT_TRUE(r.ok()) << r.error.message;
      EXPECT_EQ(r.new_connections, i == 0 ? 1 : 0) << "request " << i;
    }
  }
  Stats s = stats(*probe);  // the probe reuses its own connection, opened before the reset
  EXPECT_EQ(s.connections, 1);
  EXPECT_EQ(s.requests, 6);
}

TEST_F(HttpClientTest, ConcurrencyIsBounded) {
  auto probe = make_curl_client();
  ASSERT_TRUE(probe->send(get("/reset-stats")).ok());
  CurlClientOptions o;
  o.max_concurrent = 2;
  auto c = make_curl_client(o);
  std::atomic<int> done{0}, ok{0};
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) {
    c->submit(get("/slow?ms=150"), [&](HttpResult r) {
      if (r.ok() && r.response->status == 200) ++ok;
      ++done;
    });
  }
  while (done < 6 && std::chrono::steady_clock::now() - t0 < 10s) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(ok.load(), 6);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 440ms);  // 3 waves of 150 ms
  EXPECT_EQ(stats(*probe).max_inflight, 2);
}

TEST_F(HttpClientTest, ManyAsyncTransfersAllComplete) {
  CurlClientOptions o;
  o.max_concurrent = 8;
  auto c = make_curl_client(o);
  std::mutex mu;
  std::condition_variable cv;
  int done = 0, ok = 0;
  for (int i = 0; i < 40; ++i) {
    c->submit(get("/ok"), [&](HttpResult r) {
      std::lock_guard<std::mutex> lk(mu);
      ++done;
      if (r.ok() && r.response->body == "hello") ++ok;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_for(lk, 10s, [&] { return done == 40; });
  EXPECT_EQ(ok, 40);
}

TEST_F(HttpClientTest, TotalTimeout) {
  auto c = make_curl_client();
  HttpRequest r = get("/slow?ms=3000");
  r.timeout = 300ms;
  auto res = c->send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kTimeout);
  EXPECT_FALSE(res.error.connect_phase);
  EXPECT_LT(res.elapsed_seconds, 2.0);
}

TEST_F(HttpClientTest, ConnectFailure) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(s);  // nothing listens there now
  auto c = make_curl_client();
  HttpRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(port) + "/ok";
  auto res = c->send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kConnect) << res.error.message;
}

TEST_F(HttpClientTest, ConnectionReset) {
  auto c = make_curl_client();
  auto res = c->send(get("/reset"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kConnectionReset) << res.error.message;
}

TEST_F(HttpClientTest, TruncatedBody) {
  auto c = make_curl_client();
  auto res = c->send(get("/truncated"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kTruncatedBody) << res.error.message;
}

TEST_F(HttpClientTest, GzipIsAcceptedAndDecoded) {
  auto c = make_curl_client();
  auto res = c->send(get("/gzip"));
  ASSERT_TRUE(res.ok());
  ASSERT_NE(find_header(res.response->headers, "Content-Encoding"), nullptr);
  EXPECT_EQ(res.response->body.size(), 17u * 50u);
  EXPECT_EQ(res.response->body.rfind("compressed hello ", 0), 0u);
}

// ---- bounds (README "Bounds of a live scan") ----

CurlClientOptions bounded(std::uint64_t max_body) {
  CurlClientOptions o;
  o.max_response_bytes = max_body;
  return o;
}

TEST_F(HttpClientTest, HugeContentLengthFailsBeforeTheBody) {
  auto c = make_curl_client();  // default bound: 16 MiB
  auto res = c->send(get("/huge-length"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kResponseTooLarge) << res.error.message;
  EXPECT_EQ(res.error.message, "the response announces a body larger than the 16 MiB limit (Content-Length)");
  EXPECT_LT(res.elapsed_seconds, 2.0);
  // An announced length at the bound is fine (and the body that follows it too).
  auto at = make_curl_client(bounded(64 << 10))->send(get("/big?bytes=65536"));
  ASSERT_TRUE(at.ok()) << at.error.message;
  EXPECT_EQ(at.response->body.size(), 65536u);
  auto over = make_curl_client(bounded(64 << 10))->send(get("/big?bytes=65537"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error.kind, TransportErrorKind::kResponseTooLarge);
  EXPECT_EQ(over.error.message,
            "the response announces a body larger than the 64 KiB limit (Content-Length)");
}

TEST_F(HttpClientTest, UnannouncedBodyIsCutAtTheBound) {
  auto c = make_curl_client(bounded(64 << 10));
  auto at = c->send(get("/big?bytes=65536&chunked=1"));
  ASSERT_TRUE(at.ok()) << at.error.message;
  EXPECT_EQ(at.response->body.size(), 65536u);
  EXPECT_EQ(at.response->body.capacity() <= (64u << 10) + 64u, true)
      << "capacity " << at.response->body.capacity();
  auto over = c->send(get("/big?bytes=8000000&chunked=1"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error.kind, TransportErrorKind::kResponseTooLarge);
  EXPECT_EQ(over.error.message, "the response body exceeds the 64 KiB limit");
  EXPECT_FALSE(over.response.has_value());
  // The client goes on working after a refused response.
  auto ok = c->send(get("/ok"));
  ASSERT_TRUE(ok.ok()) << ok.error.message;
  EXPECT_EQ(ok.response->body, "hello");
}

TEST_F(HttpClientTest, GzipBombIsBoundedAsDecoded) {
  auto c = make_curl_client(bounded(64 << 10));
  auto res = c->send(get("/bomb?bytes=4000000"));  // ~4 KB on the wire
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kResponseTooLarge);
  EXPECT_EQ(res.error.message, "the response body exceeds the 64 KiB limit once decoded (Content-Encoding)");
  auto small = c->send(get("/bomb?bytes=60000"));
  ASSERT_TRUE(small.ok()) << small.error.message;
  EXPECT_EQ(small.response->body, std::string(60000, 'x'));
}

TEST_F(HttpClientTest, CompressedStreamThatYieldsNothingIsBoundedAsReceived) {
  auto c = make_curl_client(bounded(64 << 10));
  auto res = c->send(get("/empty-gzip?bytes=4000000"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kResponseTooLarge) << res.error.message;
  EXPECT_EQ(res.error.message, "the response body exceeds the 64 KiB limit as received (before decoding)");
}

TEST_F(HttpClientTest, HeadersAreBounded) {
  CurlClientOptions o;
  o.max_header_bytes = 4096;
  auto c = make_curl_client(o);
  auto res = c->send(get("/many-headers?n=200"));  // ~20 KB of headers
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kResponseTooLarge);
  EXPECT_EQ(res.error.message, "the response headers exceed the 4 KiB limit");
  auto few = c->send(get("/many-headers?n=10"));
  ASSERT_TRUE(few.ok()) << few.error.message;
  EXPECT_EQ(few.response->body, "ok");
}

TEST_F(HttpClientTest, TooLargeIsNotRetried) {
  auto c = make_curl_client(bounded(64 << 10));
  RetryConfig cfg;
  cfg.max_backoff_seconds = 0;
  RetryingClient rc(*c, cfg);
  auto out = rc.send(get("/big?bytes=8000000&chunked=1"), Protocol::kRestJson);
  ASSERT_EQ(out.attempts.size(), 1u);
  EXPECT_EQ(out.attempts[0].verdict, AttemptVerdict::kNotRetryable);
  EXPECT_EQ(out.attempts[0].transport.kind, TransportErrorKind::kResponseTooLarge);
}

TEST_F(HttpClientTest, OneBytePerSecondTripsTheLowSpeedTimeout) {
  CurlClientOptions o;
  o.low_speed_time = 1s;  // the limit stays the default 1024 bytes/s
  auto c = make_curl_client(o);
  auto res = c->send(get("/trickle?bps=1"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kTimeout) << res.error.message;
  EXPECT_NE(res.error.message.find("too slow"), std::string::npos) << res.error.message;
  EXPECT_LT(res.elapsed_seconds, 4.0);
}

TEST_F(HttpClientTest, SlowButSteadyTripsTheRequestTimeout) {
  CurlClientOptions o;
  o.low_speed_limit_bytes = 1;  // 1 byte/s is not below 1 byte/s: only the total timeout ends it
  o.total_timeout = 1500ms;
  auto c = make_curl_client(o);
  auto res = c->send(get("/trickle?bps=5"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kTimeout) << res.error.message;
  EXPECT_NE(res.error.message.find("timed out"), std::string::npos) << res.error.message;
  EXPECT_LT(res.elapsed_seconds, 3.0);
  EXPECT_GE(res.elapsed_seconds, 1.4);
}

TEST(FormatBytes, BinaryUnits) {
  EXPECT_EQ(format_bytes(16ull << 20), "16 MiB");
  EXPECT_EQ(format_bytes(1ull << 30), "1 GiB");
  EXPECT_EQ(format_bytes(64 << 10), "64 KiB");
  EXPECT_EQ(format_bytes(1000), "1000 bytes");
  EXPECT_EQ(format_bytes(1), "1 byte");
  EXPECT_EQ(kDefaultMaxResponseBytes, 16ull << 20);
}

TEST_F(HttpClientTest, SubmitAfterDelays) {
  auto c = make_curl_client();
  auto t0 = std::chrono::steady_clock::now();
  std::promise<void> p;
  c->submit_after(200ms, get("/ok"), [&](HttpResult) { p.set_value(); });
  p.get_future().wait();
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 195ms);
}

TEST_F(HttpClientTest, DestroyCancelsPendingTransfers) {
  std::promise<HttpResult> p1, p2;
  auto t0 = std::chrono::steady_clock::now();
  {
    auto c = make_curl_client();
    c->submit(get("/slow?ms=3000"), [&](HttpResult r) { p1.set_value(std::move(r)); });
    c->submit_after(10s, get("/ok"), [&](HttpResult r) { p2.set_value(std::move(r)); });
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(p1.get_future().get().error.kind, TransportErrorKind::kCancelled);
  EXPECT_EQ(p2.get_future().get().error.kind, TransportErrorKind::kCancelled);
}

struct EnvGuard {
  std::vector<std::string> names;
  void set(const char* n, const std::string& v) {
    setenv(n, v.c_str(), 1);
    names.emplace_back(n);
  }
  ~EnvGuard() {
    for (auto& n : names) unsetenv(n.c_str());
  }
};

TEST_F(HttpClientTest, ProxyFromEnvironmentIsUsed) {
  EnvGuard env;
  env.set("http_proxy", "http://127.0.0.1:" + std::to_string(server_->port()));
  auto c = make_curl_client();
  HttpRequest r;
  r.url = "http://cloudsift-proxy-test.invalid/some/path";
  auto res = c->send(r);
  ASSERT_TRUE(res.ok()) << res.error.message;
  EXPECT_EQ(res.response->body, "proxied http://cloudsift-proxy-test.invalid/some/path");
}

TEST_F(HttpClientTest, NoProxyExemptsLoopback) {
  EnvGuard env;
  env.set("http_proxy", "http://127.0.0.1:9");  // discard port: nothing listens
  auto c = make_curl_client();
  auto via_proxy = c->send(get("/ok"));
  EXPECT_FALSE(via_proxy.ok()) << "without no_proxy the dead proxy must be used";
  env.set("no_proxy", "127.0.0.1");
  auto direct = c->send(get("/ok"));
  ASSERT_TRUE(direct.ok()) << direct.error.message;
  EXPECT_EQ(direct.response->body, "hello");
}

TEST_F(HttpClientTest, DebugHookNeverSeesSecrets) {
  std::mutex mu;
  std::vector<std::string> lines;
  CurlClientOptions o;
  o.debug = [&](std::string_view l) {
    std::lock_guard<std::mutex> lk(mu);
    lines.emplace_back(l);
  };
  auto c = make_curl_client(o);
  HttpRequest r = get("/echo?X-Amz-Security-Token=QUERYTOKEN123&X-Amz-Signature=SIGVALUE123&a=b");
  r.method = "POST";
  r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x, Signature=AUTHSIG123"},
               {"X-Amz-Security-Token", "HDRTOKEN123"},
               {"X-Custom-Password", "HDRPASS123"},
               {"Content-Type", "application/json"}};
  r.body = R"({"SecretAccessKey":"BODYSECRET123","Nested":{"SessionToken":"BODYTOKEN123"},"Name":"fn"})";
  auto res = c->send(r);  // the echo response repeats all of it in its body
  ASSERT_TRUE(res.ok());
  ASSERT_NE(res.response->body.find("HDRTOKEN123"), std::string::npos);  // the echo really carried it
  RetryingClient rc(*c, {}, {}, o.debug);
  (void)rc.send(r, Protocol::kRestJson);
  std::lock_guard<std::mutex> lk(mu);
  ASSERT_GT(lines.size(), 8u);
  bool saw_request_line = false, saw_status = false, saw_name = false;
  for (const auto& l : lines) {
    for (const char* secret : {"QUERYTOKEN123", "SIGVALUE123", "AUTHSIG123", "HDRTOKEN123", "HDRPASS123",
                               "BODYSECRET123", "BODYTOKEN123", "AKIDEXAMPLE"})
      EXPECT_EQ(l.find(secret), std::string::npos) << l;
    if (l.rfind("> POST http://127.0.0.1", 0) == 0) saw_request_line = true;
    if (l.rfind("< HTTP 200", 0) == 0) saw_status = true;
    if (l.find("\"fn\"") != std::string::npos) saw_name = true;
  }
  EXPECT_TRUE(saw_request_line);
  EXPECT_TRUE(saw_status);
  EXPECT_TRUE(saw_name) << "non-secret fields stay visible";
}

// ---- retry layer over the real transport ----

RetryEnv zero_jitter() {
  RetryEnv e;
  e.random = [] { return 0.0; };
  return e;
}

TEST_F(HttpClientTest, Retry503ThenSuccess) {
  auto c = make_curl_client();
  RetryingClient rc(*c, {}, zero_jitter());
  auto o = rc.send(get("/seq/a503?codes=503,200"), Protocol::kJson);
  ASSERT_TRUE(o.success()) << o.summary();
  ASSERT_EQ(o.attempts.size(), 2u);
  EXPECT_EQ(o.attempts[0].status, 503);
  EXPECT_EQ(o.attempts[0].verdict, AttemptVerdict::kRetried);
  EXPECT_EQ(o.result.response->status, 200);
  EXPECT_EQ(rc.quota().available(), 500);  // 5 taken, 5 refunded
}

TEST_F(HttpClientTest, Retry429HonoursRetryAfterCapped) {
  auto c = make_curl_client();
  RetryConfig cfg;
  cfg.retry_after_cap_seconds = 0.25;
  RetryingClient rc(*c, cfg, zero_jitter());
  auto t0 = std::chrono::steady_clock::now();
  auto o =
      rc.send(get("/seq/a429?codes=429,200&err=TooManyRequestsException&retry_after=30"), Protocol::kJson);
  ASSERT_TRUE(o.success()) << o.summary();
  ASSERT_EQ(o.attempts.size(), 2u);
  EXPECT_EQ(o.attempts[0].error.code, "TooManyRequestsException");
  EXPECT_TRUE(o.attempts[0].throttling);
  EXPECT_DOUBLE_EQ(o.attempts[0].delay_seconds, 0.25);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 240ms);
}

TEST_F(HttpClientTest, ThrottlingCodesInEachEnvelopeAreRetried) {
  auto c = make_curl_client();
  struct Case {
    const char* query;
    Protocol protocol;
    const char* code;
  } cases[] = {
      {"/seq/t1?codes=400,200&fmt=json&err=ThrottlingException", Protocol::kJson, "ThrottlingException"},
      {"/seq/t2?codes=429,200&fmt=restjson&err=TooManyRequestsException", Protocol::kRestJson,
       "TooManyRequestsException"},
      {"/seq/t3?codes=400,200&fmt=query&err=Throttling", Protocol::kQuery, "Throttling"},
      {"/seq/t4?codes=503,200&fmt=ec2&err=RequestLimitExceeded", Protocol::kEc2, "RequestLimitExceeded"},
  };
  for (const auto& k : cases) {
    RetryingClient rc(*c, {}, zero_jitter());
    auto o = rc.send(get(k.query), k.protocol);
    ASSERT_TRUE(o.success()) << k.query << ": " << o.summary();
    ASSERT_EQ(o.attempts.size(), 2u) << k.query;
    EXPECT_EQ(o.attempts[0].error.code, k.code);
    EXPECT_TRUE(o.attempts[0].throttling);
  }
}

TEST_F(HttpClientTest, RetriesExhaustedReportsCodeAndAttempts) {
  auto c = make_curl_client();
  RetryingClient rc(*c, {}, zero_jitter());
  auto o = rc.send(get("/seq/ex?codes=400&err=ThrottlingException"), Protocol::kJson);
  EXPECT_FALSE(o.success());
  ASSERT_EQ(o.attempts.size(), 3u);
  EXPECT_EQ(o.attempts[2].verdict, AttemptVerdict::kAttemptsExhausted);
  EXPECT_EQ(o.summary(), "retries exhausted: ThrottlingException after 3 attempts");
  ASSERT_TRUE(o.result.ok());
  EXPECT_EQ(o.result.response->status, 400);
}

TEST_F(HttpClientTest, AccessDeniedIsNotRetried) {
  auto c = make_curl_client();
  RetryingClient rc(*c, {}, zero_jitter());
  auto o = rc.send(get("/seq/ad?codes=403&fmt=query&err=AccessDenied"), Protocol::kQuery);
  ASSERT_EQ(o.attempts.size(), 1u);
  EXPECT_EQ(o.attempts[0].verdict, AttemptVerdict::kNotRetryable);
  EXPECT_EQ(o.summary(), "AccessDenied (HTTP 403): Rate exceeded");
}

TEST_F(HttpClientTest, TransportErrorsAreRetried) {
  auto c = make_curl_client();
  RetryingClient rc(*c, {}, zero_jitter());
  auto o = rc.send(get("/reset"), Protocol::kJson);
  ASSERT_EQ(o.attempts.size(), 3u);
  EXPECT_EQ(o.summary().rfind("retries exhausted: connection reset", 0), 0u) << o.summary();
}

// ---- TLS ----

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : kProxyVars) unsetenv(v);
    if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "openssl command not available";
    dir_ = std::filesystem::temp_directory_path() / ("cs_http_tls_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key_ + " -out " + cert_ + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl could not make a self-signed certificate";
    server_ = std::make_unique<TestServer>(std::vector<std::string>{"--tls", cert_, key_});
    ASSERT_TRUE(server_->ok());
  }
  void TearDown() override {
    server_.reset();
    unsetenv("AWS_CA_BUNDLE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string cert_, key_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(TlsTest, SelfSignedCertificateIsRejected) {
  auto c = make_curl_client();
  HttpRequest r;
  r.url = server_->url("/ok", "https");
  auto res = c->send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error.kind, TransportErrorKind::kTls) << res.error.message;
  EXPECT_TRUE(res.error.cert_verification) << res.error.message;
  RetryingClient rc(*c, {}, zero_jitter());
  EXPECT_EQ(rc.send(r, Protocol::kJson).attempts.size(), 1u) << "certificate failures are not retried";
}

TEST_F(TlsTest, AwsCaBundleTrustsTheCertificate) {
  setenv("AWS_CA_BUNDLE", cert_.c_str(), 1);
  auto c = make_curl_client();
  HttpRequest r;
  r.url = server_->url("/ok", "https");
  auto res = c->send(r);
  ASSERT_TRUE(res.ok()) << res.error.message;
  EXPECT_EQ(res.response->body, "hello");
}

}  // namespace
}  // namespace cs::aws::http

namespace cs::aws::http {
namespace {

TEST(RetryLifetime, RetryingClientMayDieWhileARetryIsPending) {
  TestServer srv;
  ASSERT_TRUE(srv.ok());
  auto c = make_curl_client();
  std::promise<RetryOutcome> p;
  {
    RetryConfig cfg;
    cfg.retry_after_cap_seconds = 0.2;
    RetryingClient rc(*c, cfg);
    HttpRequest r;
    r.url = srv.url("/seq/life?codes=503,200&retry_after=1");
    rc.submit(r, Protocol::kJson, [&](RetryOutcome o) { p.set_value(std::move(o)); });
  }
  auto f = p.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(f.get().success());
}

}  // namespace
}  // namespace cs::aws::http
