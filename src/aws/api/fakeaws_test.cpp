// Live test of the client against tests/fakeaws/server.py over real HTTP (libcurl). Skipped when
// python3 cannot import botocore (the fake server needs it to verify signatures).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <string>

#include "aws/api/api.h"

namespace cs::aws::api {
namespace {

constexpr const char* kMgmtKey = "AKIAFAKEMGMT00000001";
constexpr const char* kMgmtSecret = "mgmt/secret/key/0000000000000000000001";

class FakeAws : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("python3 -c 'import botocore' >/dev/null 2>&1") != 0) return;
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      std::string script = std::string(CS_SOURCE_DIR) + "/tests/fakeaws/server.py";
      execlp("python3", "python3", script.c_str(), "--port", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char ch;
    while (read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
    close(fds[0]);
    size_t p = line.find("READY port=");
    if (pid < 0 || p == std::string::npos) {
      if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
      }
      return;
    }
    server_pid_ = pid;
    port_ = std::atoi(line.c_str() + p + 11);
    transport_ = http::make_curl_client().release();
  }
  static void TearDownTestSuite() {
    delete transport_;
    transport_ = nullptr;
    if (server_pid_ > 0) {
      kill(server_pid_, SIGTERM);
      waitpid(server_pid_, nullptr, 0);
      server_pid_ = -1;
    }
  }
  void SetUp() override {
    if (server_pid_ <= 0) GTEST_SKIP() << "fake AWS endpoint unavailable (python3 with botocore required)";
    control("POST", "/__fake/reset", "{}");
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  http::HttpResult control(const std::string& method, const std::string& path, const std::string& body) {
    http::HttpRequest rq;
    rq.method = method;
    rq.url = base() + path;
    rq.body = body;
    if (!body.empty()) rq.headers = {{"Content-Type", "application/json"}};
    return transport_->send(rq);
  }
  void fault(const std::string& json) {
    auto r = control("POST", "/__fake/faults", json);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.response->status, 200) << r.response->body;
  }

  ClientOptions options() const {
    ClientOptions o;
    o.overrides.endpoint_url = base();
    o.retry.max_backoff_seconds = 0.05;
    o.retry.honour_retry_after = false;
    return o;
  }
  Session mgmt() const {
    creds::Credentials c;
    c.access_key_id = kMgmtKey;
    c.secret_access_key = creds::Secret(kMgmtSecret);
    c.method = "env";
    return Session{creds::CredentialsProvider::fixed(c, clock_)};
  }

  template <typename T>
  static ApiResult<T> wait(std::function<void(Done<T>)> f) {
    auto pr = std::make_shared<std::promise<ApiResult<T>>>();
    auto fut = pr->get_future();
    f([pr](ApiResult<T> r) { pr->set_value(std::move(r)); });
    return fut.get();
  }

  static inline pid_t server_pid_ = -1;
  static inline int port_ = 0;
  static inline http::HttpClient* transport_ = nullptr;
  creds::SystemTimeSource clock_;
};

TEST_F(FakeAws, CallerIdentityAccountsRegions) {
  Client c(*transport_, clock_, options());
  auto id = wait<CallerIdentity>([&](auto d) { c.get_caller_identity(mgmt(), "us-east-1", d); });
  ASSERT_TRUE(id.ok()) << id.error.summary();
  EXPECT_EQ(id.value->account, "111111111111");
  EXPECT_EQ(id.value->arn, "arn:aws:iam::111111111111:user/scanner");

  std::vector<Account> accounts;
  std::string token;
  int pages = 0;
  do {
    auto p = wait<AccountsPage>([&](auto d) { c.list_accounts(mgmt(), "eu-west-1", token, d); });
    ASSERT_TRUE(p.ok()) << p.error.summary();
    accounts.insert(accounts.end(), p.value->accounts.begin(), p.value->accounts.end());
    token = p.value->next_token;
    ASSERT_LT(++pages, 20);
  } while (!token.empty());
  ASSERT_EQ(accounts.size(), 4u);
  int active = 0;
  for (const auto& a : accounts) active += a.active();
  EXPECT_EQ(active, 3);

  auto enabled =
      wait<std::vector<RegionInfo>>([&](auto d) { c.describe_regions(mgmt(), "us-east-1", false, d); });
  ASSERT_TRUE(enabled.ok()) << enabled.error.summary();
  auto all = wait<std::vector<RegionInfo>>([&](auto d) { c.describe_regions(mgmt(), "us-east-1", true, d); });
  ASSERT_TRUE(all.ok()) << all.error.summary();
  EXPECT_GT(all.value->size(), enabled.value->size());
  bool af = false, not_opted = false;
  for (const auto& r : *enabled.value) {
    EXPECT_TRUE(r.enabled()) << r.name;
    af = af || r.name == "af-south-1";
  }
  for (const auto& r : *all.value) not_opted = not_opted || r.opt_in_status == "not-opted-in";
  EXPECT_TRUE(af);
  EXPECT_TRUE(not_opted);
  EXPECT_EQ(c.stats().failures.load(), 0u);
}

TEST_F(FakeAws, FunctionsPagingAndMappings) {
  Client c(*transport_, clock_, options());
  std::string marker;
  std::vector<size_t> sizes;
  do {
    auto p = wait<FunctionsPage>([&](auto d) { c.list_functions(mgmt(), "us-east-1", marker, 50, d); });
    ASSERT_TRUE(p.ok()) << p.error.summary();
    sizes.push_back(p.value->functions.size());
    marker = p.value->next_marker;
    ASSERT_LT(sizes.size(), 10u);
  } while (!marker.empty());
  EXPECT_EQ(sizes, (std::vector<size_t>{50, 50, 20}));

  // Disabled opt-in region for the management account? af-south-1 is opted in; ap-east-1 is not.
  auto off = wait<FunctionsPage>([&](auto d) { c.list_functions(mgmt(), "ap-east-1", "", 50, d); });
  ASSERT_FALSE(off.ok());
  EXPECT_EQ(off.error.cause, ApiError::Cause::kInvalidToken) << off.error.summary();

  // Dev account: event source mappings, via AssumeRole.
  AssumeRoleRequest req;
  req.role_arn = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
  auto ar = wait<creds::Credentials>([&](auto d) { c.assume_role(mgmt(), "us-east-1", req, d); });
  ASSERT_TRUE(ar.ok()) << ar.error.summary();
  EXPECT_EQ(ar.value->account_id, "222222222222");
  EXPECT_EQ(ar.value->method, "assume-role");
  EXPECT_TRUE(ar.value->expiration.has_value());
  EXPECT_FALSE(ar.value->session_token.empty());
  Session dev{creds::CredentialsProvider::fixed(*ar.value, clock_)};
  auto id = wait<CallerIdentity>([&](auto d) { c.get_caller_identity(dev, "us-east-1", d); });
  ASSERT_TRUE(id.ok()) << id.error.summary();
  EXPECT_EQ(id.value->account, "222222222222");
  auto fns = wait<FunctionsPage>([&](auto d) { c.list_functions(dev, "us-east-1", "", 50, d); });
  ASSERT_TRUE(fns.ok()) << fns.error.summary();
  bool api_active = false;
  for (const auto& f : fns.value->functions)
    if (f.name == "api") api_active = f.tracing_mode == "Active";
  EXPECT_TRUE(api_active);
  auto m = wait<MappingsPage>([&](auto d) { c.list_event_source_mappings(dev, "us-east-1", "", 100, d); });
  ASSERT_TRUE(m.ok()) << m.error.summary();
  ASSERT_GE(m.value->mappings.size(), 2u);
  bool msk = false;
  for (const auto& e : m.value->mappings)
    msk = msk || e.event_source_arn.find(":kafka:") != std::string::npos;
  EXPECT_TRUE(msk);

  // Locked account refuses.
  req.role_arn = "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole";
  auto denied = wait<creds::Credentials>([&](auto d) { c.assume_role(mgmt(), "us-east-1", req, d); });
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error.cause, ApiError::Cause::kAccessDenied) << denied.error.summary();
  EXPECT_EQ(denied.error.code, "AccessDenied");
  EXPECT_EQ(denied.error.status, 403);
  EXPECT_EQ(denied.error.summary().find(kMgmtSecret), std::string::npos);

  // Non-management account cannot list accounts.
  auto la = wait<AccountsPage>([&](auto d) { c.list_accounts(dev, "us-east-1", "", d); });
  ASSERT_FALSE(la.ok());
  EXPECT_EQ(la.error.cause, ApiError::Cause::kAccessDenied);
  for (const auto* s : {&denied.error, &la.error}) {
    EXPECT_EQ(s->summary().find(ar.value->secret_access_key.reveal()), std::string::npos);
    EXPECT_EQ(s->summary().find(ar.value->session_token.reveal()), std::string::npos);
  }
}

TEST_F(FakeAws, InjectedFaults) {
  Client c(*transport_, clock_, options());
  // Throttle that clears after one: success on the second attempt.
  fault(R"({"kind":"throttle","service":"lambda","operation":"ListFunctions","times":1})");
  auto t = wait<FunctionsPage>([&](auto d) { c.list_functions(mgmt(), "eu-west-1", "", 50, d); });
  ASSERT_TRUE(t.ok()) << t.error.summary();
  EXPECT_EQ(t.value->functions.size(), 7u);
  EXPECT_EQ(c.stats().requests.load(), 2u);
  EXPECT_EQ(c.stats().retries.load(), 1u);

  // Permanent 500: retries exhausted at max attempts.
  fault(R"({"kind":"error","service":"ec2","status":500})");
  auto e = wait<std::vector<RegionInfo>>([&](auto d) { c.describe_regions(mgmt(), "us-east-1", false, d); });
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error.cause, ApiError::Cause::kRetriesExhausted);
  EXPECT_EQ(e.error.attempts, 3);
  EXPECT_EQ(e.error.status, 500);
  EXPECT_EQ(e.error.code, "InternalError");
  EXPECT_NE(e.error.summary().find("retries exhausted after 3 attempts"), std::string::npos)
      << e.error.summary();

  // Expired token with a refreshing provider: one refresh, then success.
  fault(R"({"kind":"expired_token","service":"sts","operation":"GetCallerIdentity","times":1})");
  int fetches = 0;
  auto provider = creds::CredentialsProvider::refreshing(
      "assume-role",
      [&]() -> Result<creds::Credentials> {
        ++fetches;
        creds::Credentials cr;
        cr.access_key_id = kMgmtKey;
        cr.secret_access_key = creds::Secret(kMgmtSecret);
        return cr;
      },
      clock_);
  auto x = wait<CallerIdentity>([&](auto d) { c.get_caller_identity(Session{provider}, "us-east-1", d); });
  ASSERT_TRUE(x.ok()) << x.error.summary();
  EXPECT_EQ(fetches, 2);
  // With fixed credentials it fails as expired-token.
  fault(R"({"kind":"expired_token","service":"sts","operation":"GetCallerIdentity","times":1})");
  auto y = wait<CallerIdentity>([&](auto d) { c.get_caller_identity(mgmt(), "us-east-1", d); });
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error.cause, ApiError::Cause::kExpiredToken) << y.error.summary();
  EXPECT_EQ(y.error.summary().find(kMgmtSecret), std::string::npos);
}

TEST_F(FakeAws, EndpointFromEnvironmentAndSdkHeader) {
  ClientOptions o = options();
  o.overrides.endpoint_url.clear();
  o.overrides.env = creds::Environment{{"AWS_ENDPOINT_URL", base()}};
  Client c(*transport_, clock_, o);
  auto id = wait<CallerIdentity>([&](auto d) { c.get_caller_identity(mgmt(), "eu-west-1", d); });
  ASSERT_TRUE(id.ok()) << id.error.summary();
  auto log = control("GET", "/__fake/requests?service=sts", "");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log.response->body.find("attempt=1; max=3"), std::string::npos) << log.response->body;
  EXPECT_NE(log.response->body.find("\"region\": \"eu-west-1\""), std::string::npos) << log.response->body;
  // Ignoring configured endpoints would send it to real AWS: only check the resolution here.
  o.overrides.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_FALSE(resolve_endpoint(Service::kSts, "eu-west-1", o.overrides)->overridden);
}

}  // namespace
}  // namespace cs::aws::api
