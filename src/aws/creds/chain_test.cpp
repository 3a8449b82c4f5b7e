#include "aws/creds/chain.h"

#include <gtest/gtest.h>

#include <thread>

#include "aws/creds/fakes_test.h"

namespace cs::aws::creds {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeHttp;
using testing::FakeRunner;
using testing::FakeSts;

const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

class Chain : public ::testing::Test {
 protected:
  io::MemoryFileSystem fs;
  std::map<std::string, std::string> env{{"HOME", "/home/u"}};
  FakeClock clock;
  FakeHttp http;
  FakeSts sts{clock};
  FakeRunner runner;

  void config(const std::string& text) { fs.add("/home/u/.aws/config", text); }
  void credentials(const std::string& text) { fs.add("/home/u/.aws/credentials", text); }

  Result<Resolution> resolve(std::optional<std::string> profile = std::nullopt) {
    ResolverDeps d;
    d.env = Environment(env);
    d.fs = &fs;
    d.clock = &clock;
    d.process = &runner;
    d.http = &http;
    d.sts = &sts;
    ResolveOptions o;
    o.profile = std::move(profile);
    return resolve_credentials(o, d);
  }
  // Resolve and fetch; the method must match.
  Credentials get(const std::string& method, std::optional<std::string> profile = std::nullopt) {
    auto r = resolve(profile);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    if (!r.ok()) return {};
    EXPECT_EQ(r->method, method);
    auto c = r->provider->get();
    EXPECT_TRUE(c.ok()) << c.error().to_string();
    return c.ok() ? *c : Credentials{};
  }
  std::string error(std::optional<std::string> profile = std::nullopt) {
    auto r = resolve(profile);
    if (!r.ok()) return r.error().to_string();
    auto c = r->provider->get();
    if (!c.ok()) return c.error().to_string();
    ADD_FAILURE() << "expected an error, got " << r->method;
    return "";
  }
  static std::string imds_creds(const std::string& akid, const std::string& exp) {
    return R"({"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":")" +
           akid + R"(","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":")" + exp + "\"}";
  }
};

// ---- env ---------------------------------------------------------------------------------------

TEST_F(Chain, EnvironmentCredentials) {
  credentials("[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = f\n");
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  env["AWS_SECRET_ACCESS_KEY"] = "es";
  env["AWS_SECURITY_TOKEN"] = "legacy-token";
  env["AWS_ACCOUNT_ID"] = "111122223333";
  auto c = get("env");
  EXPECT_EQ(c.access_key_id, "AKIAENV");
  EXPECT_EQ(c.secret_access_key.reveal(), "es");
  EXPECT_EQ(c.session_token.reveal(), "legacy-token");
  EXPECT_EQ(c.account_id, "111122223333");
  EXPECT_FALSE(c.expiration);
  env["AWS_SESSION_TOKEN"] = "modern-token";
  EXPECT_EQ(get("env").session_token.reveal(), "modern-token");
}

TEST_F(Chain, EnvironmentPartialAndSecretOnly) {
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  EXPECT_NE(error().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  env.erase("AWS_ACCESS_KEY_ID");
  env["AWS_SECRET_ACCESS_KEY"] = "s";  // a lone secret is ignored, as botocore does
  credentials("[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = f\n");
  EXPECT_EQ(get("shared-credentials-file").access_key_id, "AKIAFILE");
}

TEST_F(Chain, EnvVarProfileKeepsEnvCredentialsButExplicitProfileSkipsThem) {
  credentials("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = d\n");
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  env["AWS_SECRET_ACCESS_KEY"] = "es";
  env["AWS_PROFILE"] = "dev";
  EXPECT_EQ(get("env").access_key_id, "AKIAENV");
  EXPECT_EQ(get("shared-credentials-file", "dev").access_key_id, "AKIADEV");
}

TEST_F(Chain, EnvExpirationMakesThemExpire) {
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  env["AWS_SECRET_ACCESS_KEY"] = "es";
  env["AWS_CREDENTIAL_EXPIRATION"] = "2026-01-01T01:00:00Z";
  auto r = resolve();
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->provider->get().ok());
  clock.advance(2h);
  auto c = r->provider->get();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("expired"), std::string::npos);
  env["AWS_CREDENTIAL_EXPIRATION"] = "yesterday";
  EXPECT_NE(error().find("AWS_CREDENTIAL_EXPIRATION"), std::string::npos);
}

TEST_F(Chain, MissingProfileIsAnError) {
  EXPECT_NE(error("nosuch").find("(nosuch) could not be found"), std::string::npos);
  env["AWS_PROFILE"] = "nosuch";
  EXPECT_NE(error().find("could not be found"), std::string::npos);
}

TEST_F(Chain, NoCredentialsAnywhere) {
  env["AWS_EC2_METADATA_DISABLED"] = "TRUE";
  std::string e = error();
  EXPECT_NE(e.find("no AWS credentials found"), std::string::npos);
  EXPECT_NE(e.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_TRUE(http.requests.empty());
}

// ---- files ---------------------------------------------------------------------------------------

TEST_F(Chain, SharedCredentialsBeatConfigFileKeys) {
  config("[default]\naws_access_key_id = AKIACFG\naws_secret_access_key = c\nregion = eu-west-1\n");
  credentials("[default]\naws_access_key_id = AKIACRED\naws_secret_access_key = d\naws_session_token = t\n");
  auto c = get("shared-credentials-file");
  EXPECT_EQ(c.access_key_id, "AKIACRED");
  EXPECT_EQ(c.session_token.reveal(), "t");
  EXPECT_EQ(resolve()->region, "eu-west-1");
  credentials("");
  EXPECT_EQ(get("config-file").access_key_id, "AKIACFG");
}

TEST_F(Chain, PartialFileCredentialsNameFileAndLine) {
  credentials("[default]\n\naws_access_key_id = AKIAPART\n");
  std::string e = error();
  EXPECT_EQ(e.rfind("/home/u/.aws/credentials:3:", 0), 0u) << e;
}

TEST_F(Chain, MalformedConfigNamesFileAndLine) {
  config("[default]\nregion = a\nno delimiter here\n");
  EXPECT_EQ(error().rfind("/home/u/.aws/config:3:", 0), 0u);
}

TEST_F(Chain, RegionPrecedence) {
  config("[default]\nregion = from-config\naws_access_key_id = A\naws_secret_access_key = b\n");
  EXPECT_EQ(resolve()->region, "from-config");
  env["AWS_DEFAULT_REGION"] = "default-region";
  EXPECT_EQ(resolve()->region, "default-region");
  env["AWS_REGION"] = "region";
  EXPECT_EQ(resolve()->region, "region");
}

// ---- assume role ---------------------------------------------------------------------------------

TEST_F(Chain, AssumeRoleFromSourceProfile) {
  config(
      "[default]\nregion = eu-west-1\n"
      "[profile scanner]\nrole_arn = arn:aws:iam::111122223333:role/ScannerRole\nsource_profile = default\n"
      "role_session_name = lambda-xray-scanner\nexternal_id = ext-123\nduration_seconds = 3600\n");
  credentials("[default]\naws_access_key_id = AKIASRC\naws_secret_access_key = src\n");
  auto r = resolve("scanner");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->method, "assume-role");
  EXPECT_EQ(sts.calls, 0);  // deferred until first use, like botocore
  auto c = r->provider->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "ASIAROLE1");
  EXPECT_EQ(c->method, "assume-role");
  ASSERT_EQ(sts.params.size(), 1u);
  EXPECT_EQ(sts.sources[0].access_key_id, "AKIASRC");
  EXPECT_EQ(sts.params[0].role_arn, "arn:aws:iam::111122223333:role/ScannerRole");
  EXPECT_EQ(sts.params[0].role_session_name, "lambda-xray-scanner");
  EXPECT_EQ(sts.params[0].external_id, "ext-123");
  EXPECT_EQ(sts.params[0].duration_seconds, 3600);
  EXPECT_EQ(sts.params[0].region, "");  // the scanner profile has no region; default's is not inherited
  EXPECT_TRUE(r->provider->get().ok());
  EXPECT_EQ(sts.calls, 1);  // cached
}

TEST_F(Chain, AssumeRoleDefaultSessionNameAndRegion) {
  config(
      "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = s\nregion = us-west-2\n"
      "[profile s]\naws_access_key_id = AKIAS\naws_secret_access_key = s\n");
  get("assume-role", "r");
  EXPECT_EQ(sts.params[0].role_session_name.rfind("cloudsift-session-", 0), 0u);
  EXPECT_EQ(sts.params[0].region, "us-west-2");
  EXPECT_FALSE(sts.params[0].duration_seconds);
}

TEST_F(Chain, AssumeRoleBeatsStaticKeysOfTheSameProfile) {
  config("[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = r\n");
  credentials("[r]\naws_access_key_id = AKIASELF\naws_secret_access_key = s\n");
  get("assume-role", "r");
  EXPECT_EQ(sts.sources[0].access_key_id, "AKIASELF");  // self-reference with static keys is allowed
}

TEST_F(Chain, RoleChains) {
  config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = c\n"
      "[profile c]\naws_access_key_id = AKIAC\naws_secret_access_key = c\n");
  auto c = get("assume-role", "a");
  ASSERT_EQ(sts.params.size(), 2u);
  EXPECT_EQ(sts.params[0].role_arn, "arn:aws:iam::1:role/B");
  EXPECT_EQ(sts.sources[0].access_key_id, "AKIAC");
  EXPECT_EQ(sts.params[1].role_arn, "arn:aws:iam::1:role/A");
  EXPECT_EQ(sts.sources[1].access_key_id, "ASIAROLE1");
  EXPECT_EQ(c.access_key_id, "ASIAROLE2");
}

TEST_F(Chain, SourceProfileViaProcessAndWebIdentity) {
  config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = p\n"
      "[profile p]\ncredential_process = helper --x\n"
      "[profile w]\nrole_arn = arn:aws:iam::1:role/W\nsource_profile = wi\n"
      "[profile wi]\nrole_arn = arn:aws:iam::1:role/WI\nweb_identity_token_file = /tok\n");
  fs.add("/tok", "jwt-token\n");
  runner.outputs.push_back({0, R"({"Version":1,"AccessKeyId":"AKIAPROC","SecretAccessKey":"ps"})", ""});
  get("assume-role", "a");
  EXPECT_EQ(sts.sources.back().access_key_id, "AKIAPROC");
  get("assume-role", "w");
  ASSERT_EQ(sts.web.size(), 1u);
  EXPECT_EQ(sts.web[0].role_arn, "arn:aws:iam::1:role/WI");
  EXPECT_EQ(sts.sources.back().access_key_id, "ASIAWEB2");
}

TEST_F(Chain, ProfileChainErrors) {
  config(
      "[profile loopa]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loopb\n"
      "[profile loopb]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loopa\n"
      "[profile self]\nrole_arn = arn:aws:iam::1:role/S\nsource_profile = self\n"
      "[profile missing]\nrole_arn = arn:aws:iam::1:role/M\nsource_profile = nosuch\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = self\ncredential_source = "
      "Environment\n"
      "[profile neither]\nrole_arn = arn:aws:iam::1:role/X\n"
      "[profile empty]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = nocreds\n"
      "[profile nocreds]\nregion = x\n"
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = loopa\nmfa_serial = "
      "arn:aws:iam::1:mfa/u\n"
      "[profile baddur]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = nocreds\nduration_seconds = 1h\n"
      "[profile badsrc]\nrole_arn = arn:aws:iam::1:role/X\ncredential_source = Ec2\n");
  std::string e = error("loopa");
  EXPECT_NE(e.find("infinite loop"), std::string::npos) << e;
  EXPECT_NE(e.find("loopa -> loopb -> loopa"), std::string::npos) << e;
  EXPECT_EQ(e.rfind("/home/u/.aws/config:6:", 0), 0u) << e;
  EXPECT_NE(error("self").find("infinite loop"), std::string::npos);
  e = error("missing");
  EXPECT_NE(e.find("source_profile 'nosuch'"), std::string::npos) << e;
  EXPECT_EQ(e.rfind("/home/u/.aws/config:", 0), 0u);
  EXPECT_NE(error("both").find("both source_profile and credential_source"), std::string::npos);
  EXPECT_NE(error("neither").find("neither source_profile nor credential_source"), std::string::npos);
  EXPECT_NE(error("empty").find("'nocreds' must have credentials"), std::string::npos);
  e = error("mfa");
  EXPECT_NE(e.find("MFA"), std::string::npos) << e;
  EXPECT_NE(e.find("mfa_serial"), std::string::npos) << e;
  EXPECT_NE(error("baddur").find("duration_seconds"), std::string::npos);
  EXPECT_NE(error("badsrc").find("not one of Environment, Ec2InstanceMetadata, EcsContainer"),
            std::string::npos);
  EXPECT_EQ(sts.calls, 0);
}

TEST_F(Chain, CredentialSources) {
  config(
      "[profile e]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source = Environment\n"
      "[profile ec2]\nrole_arn = arn:aws:iam::1:role/I\ncredential_source = Ec2InstanceMetadata\n"
      "[profile ecs]\nrole_arn = arn:aws:iam::1:role/C\ncredential_source = EcsContainer\n");
  EXPECT_NE(error("e").find("no credentials found in credential_source 'Environment'"), std::string::npos);
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  env["AWS_SECRET_ACCESS_KEY"] = "es";
  get("assume-role", "e");
  EXPECT_EQ(sts.sources.back().access_key_id, "AKIAENV");

  EXPECT_NE(error("ec2").find("Ec2InstanceMetadata"), std::string::npos);
  http.on("PUT", "http://169.254.169.254/latest/api/token", 200, "tok");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "InstRole");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/InstRole", 200,
          imds_creds("ASIAIMDS", "2026-01-01T06:00:00Z"));
  get("assume-role", "ec2");
  EXPECT_EQ(sts.sources.back().access_key_id, "ASIAIMDS");

  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/creds";
  http.on(
      "GET", "http://169.254.170.2/v2/creds", 200,
      R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"x","Token":"t","Expiration":"2026-01-01T06:00:00Z"})");
  get("assume-role", "ecs");
  EXPECT_EQ(sts.sources.back().access_key_id, "ASIAECS");
}

TEST_F(Chain, StsFailureIsReportedWithoutSecrets) {
  config(
      "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = s\n"
      "[profile s]\naws_access_key_id = AKIAS\naws_secret_access_key = " +
      std::string(kSecret) + "\n");
  sts.fail_with = std::string("AccessDenied: signature for ") + kSecret + " is wrong";
  std::string e = error("r");
  EXPECT_NE(e.find("AssumeRole arn:aws:iam::1:role/x failed: AccessDenied"), std::string::npos) << e;
  EXPECT_EQ(e.find(kSecret), std::string::npos) << e;
}

// ---- web identity --------------------------------------------------------------------------------

TEST_F(Chain, WebIdentityFromEnvironmentWinsOverProfileKeys) {
  config(
      "[default]\nrole_arn = arn:aws:iam::1:role/Profile\nweb_identity_token_file = /profile-token\n"
      "role_session_name = prof\nregion = eu-north-1\n");
  fs.add("/profile-token", "profile-jwt");
  fs.add("/env-token", "env-jwt\n");
  auto c = get("assume-role-with-web-identity");
  EXPECT_EQ(c.access_key_id, "ASIAWEB1");
  EXPECT_EQ(sts.web[0].role_arn, "arn:aws:iam::1:role/Profile");
  EXPECT_EQ(sts.web[0].web_identity_token.reveal(), "profile-jwt");
  EXPECT_EQ(sts.web[0].role_session_name, "prof");
  EXPECT_EQ(sts.web[0].region, "eu-north-1");
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/env-token";
  env["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Env";
  env["AWS_ROLE_SESSION_NAME"] = "envsess";
  get("assume-role-with-web-identity");
  EXPECT_EQ(sts.web[1].role_arn, "arn:aws:iam::1:role/Env");
  EXPECT_EQ(sts.web[1].web_identity_token.reveal(), "env-jwt");
  EXPECT_EQ(sts.web[1].role_session_name, "envsess");
}

TEST_F(Chain, WebIdentityTokenReReadOnRefresh) {
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/t";
  env["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Env";
  fs.add("/t", "jwt-1");
  auto r = resolve();
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->provider->get().ok());
  fs.add("/t", "jwt-2");
  clock.advance(51min);  // inside the mandatory window of a one-hour credential
  auto c = r->provider->get();
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->access_key_id, "ASIAWEB2");
  EXPECT_EQ(sts.web[1].web_identity_token.reveal(), "jwt-2");
}

TEST_F(Chain, WebIdentityErrors) {
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/missing";
  EXPECT_NE(error().find("no role ARN"), std::string::npos);
  env["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Env";
  EXPECT_NE(error().find("cannot read the web identity token file /missing"), std::string::npos);
}

// ---- SSO -----------------------------------------------------------------------------------------

TEST_F(Chain, SsoWithSession) {
  config(
      "[profile sso-admin]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = "
      "SecurityAudit\n"
      "region = eu-west-1\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
      "sso_registration_scopes = sso:account:access\n");
  fs.add(
      "/home/u/.aws/sso/cache/" + sha1_hex("corp") + ".json",
      R"({"startUrl":"https://corp.awsapps.com/start","region":"us-east-1","accessToken":"sso-access-token",)"
      R"("expiresAt":"2026-01-01T08:00:00UTC","refreshToken":"r","clientId":"c","clientSecret":"cs"})");
  http.on(
      "GET",
      "https://portal.sso.us-east-1.amazonaws.com/federation/"
      "credentials?role_name=SecurityAudit&account_id=111122223333",
      200,
      R"({"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"ss","sessionToken":"st","expiration":1767232800000}})");
  auto c = get("sso", "sso-admin");
  EXPECT_EQ(c.access_key_id, "ASIASSO");
  EXPECT_EQ(c.account_id, "111122223333");
  EXPECT_EQ(format_iso8601(*c.expiration), "2026-01-01T02:00:00Z");
  ASSERT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(http.header(0, "x-amz-sso_bearer_token"), "sso-access-token");
}

TEST_F(Chain, SsoLegacyCacheKeyAndExpiredToken) {
  config(
      "[default]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n"
      "sso_account_id = 1\nsso_role_name = R\n");
  std::string e = error();
  EXPECT_NE(e.find("aws sso login"), std::string::npos) << e;
  fs.add("/home/u/.aws/sso/cache/" + sha1_hex("https://x.awsapps.com/start") + ".json",
         R"({"accessToken":"tok","expiresAt":"2025-12-31T23:00:00Z"})");
  e = error();
  EXPECT_NE(e.find("expired"), std::string::npos) << e;
  EXPECT_NE(e.find("aws sso login"), std::string::npos) << e;
  EXPECT_TRUE(http.requests.empty());
  fs.add("/home/u/.aws/sso/cache/" + sha1_hex("https://x.awsapps.com/start") + ".json",
         R"({"accessToken":"tok","expiresAt":"2026-01-01T05:00:00Z"})");
  http.on("GET", "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?role_name=R&account_id=1",
          401, R"({"message":"Session token not found or invalid"})");
  e = error();
  EXPECT_NE(e.find("rejected (HTTP 401)"), std::string::npos) << e;
  EXPECT_NE(e.find("aws sso login"), std::string::npos) << e;
}

TEST_F(Chain, SsoConfigErrors) {
  config(
      "[profile partial]\nsso_account_id = 1\n"
      "[profile nosess]\nsso_session = nosuch\nsso_account_id = 1\nsso_role_name = r\n"
      "[profile conflict]\nsso_session = s\nsso_start_url = https://other\nsso_account_id = 1\nsso_role_name "
      "= r\n"
      "[sso-session s]\nsso_start_url = https://s\nsso_region = us-east-1\n");
  EXPECT_NE(error("partial").find("missing required configuration: sso_start_url, sso_region, sso_role_name"),
            std::string::npos);
  EXPECT_NE(error("nosess").find("sso-session 'nosuch', which does not exist"), std::string::npos);
  EXPECT_NE(error("conflict").find("differently"), std::string::npos);
}

// ---- credential_process -------------------------------------------------------------------------

TEST_F(Chain, CredentialProcess) {
  config("[default]\ncredential_process = \"/opt/my tool/get\" --account '1111 2222' plain\n");
  runner.outputs.push_back(
      {0,
       R"({"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "ps", "SessionToken": "pt",)"
       R"( "Expiration": "2026-01-01T01:00:00Z", "AccountId": "111122223333"})",
       ""});
  runner.outputs.push_back({0,
                            R"({"Version": 1, "AccessKeyId": "AKIAPROC2", "SecretAccessKey": "ps2",)"
                            R"( "Expiration": "2026-01-01T03:00:00Z"})",
                            ""});
  auto r = resolve();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->method, "custom-process");
  EXPECT_EQ(runner.calls, 1);  // run during resolution, as botocore does
  EXPECT_EQ(runner.last_argv,
            (std::vector<std::string>{"/opt/my tool/get", "--account", "1111 2222", "plain"}));
  auto c = r->provider->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIAPROC");
  EXPECT_EQ(c->account_id, "111122223333");
  clock.advance(46min);  // advisory window: refresh by re-running the process
  c = r->provider->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIAPROC2");
  EXPECT_EQ(runner.calls, 2);
}

TEST_F(Chain, CredentialProcessBeatsConfigKeysButNotCredentialsFile) {
  config("[default]\ncredential_process = helper\naws_access_key_id = AKIACFG\naws_secret_access_key = c\n");
  runner.outputs.push_back({0, R"({"Version":1,"AccessKeyId":"AKIAPROC","SecretAccessKey":"ps"})", ""});
  EXPECT_EQ(get("custom-process").access_key_id, "AKIAPROC");
  credentials("[default]\naws_access_key_id = AKIACRED\naws_secret_access_key = d\n");
  EXPECT_EQ(get("shared-credentials-file").access_key_id, "AKIACRED");
}

TEST_F(Chain, CredentialProcessErrors) {
  config("[default]\ncredential_process = helper arg\n");
  runner.outputs.push_back({2, "", std::string("token expired; secret was ") + kSecret + "\n"});
  std::string e = error();
  EXPECT_NE(e.find("credential_process 'helper' exited with status 2: token expired"), std::string::npos)
      << e;
  EXPECT_EQ(e.find(kSecret), std::string::npos) << e;
  EXPECT_EQ(e.find("arg"), std::string::npos);  // only the program name, never the arguments

  runner.outputs = {
      {0, std::string(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":")") + kSecret + "\",}", ""}};
  e = error();
  EXPECT_NE(e.find("is not valid JSON"), std::string::npos) << e;
  EXPECT_EQ(e.find(kSecret), std::string::npos) << e;

  runner.outputs = {{0, R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"s"})", ""}};
  EXPECT_NE(error().find("Version (expected 1)"), std::string::npos);
  runner.outputs = {{0, R"({"Version":1,"AccessKeyId":"A"})", ""}};
  EXPECT_NE(error().find("missing SecretAccessKey"), std::string::npos);
  runner.outputs = {{0, R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"soon"})", ""}};
  EXPECT_NE(error().find("invalid Expiration"), std::string::npos);
  runner.start_error = "No such file or directory";
  EXPECT_NE(error().find("could not be run"), std::string::npos);
  config("[default]\ncredential_process = \"unterminated\n");
  EXPECT_NE(error().find("not a valid command line"), std::string::npos);
}

TEST(PosixRunner, RunsWithoutAShell) {
  PosixProcessRunner r;
  auto out = r.run({"sh", "-c", "printf '%s' \"$0\"; echo err >&2; exit 4", "a b;c"});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 4);
  EXPECT_EQ(out->out, "a b;c");
  EXPECT_EQ(out->err, "err\n");
  auto missing = r.run({"/nonexistent/program"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->exit_code, 127);
}

// ---- container -----------------------------------------------------------------------------------

TEST_F(Chain, ContainerRelativeUri) {
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  http.on(
      "GET", "http://169.254.170.2/v2/credentials/abc", 200,
      R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"x","Token":"t","Expiration":"2026-01-01T06:00:00Z","AccountId":"1"})");
  auto c = get("container-role");
  EXPECT_EQ(c.access_key_id, "ASIAECS");
  EXPECT_EQ(c.account_id, "1");
  EXPECT_EQ(http.header(0, "Accept"), "application/json");
  EXPECT_EQ(http.header(0, "Authorization"), "<absent>");
  EXPECT_EQ(http.requests[0].timeout, 2000ms);
}

TEST_F(Chain, ContainerFullUriHostsAndAuthorization) {
  const std::string body =
      R"({"AccessKeyId":"ASIAPOD","SecretAccessKey":"x","Token":"t","Expiration":"2026-01-01T06:00:00Z"})";
  for (std::string url :
       {"http://127.0.0.1:8080/creds", "http://localhost/creds", "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials", "https://creds.example.com/x", "http://127.1.2.3/x"}) {
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = url;
    http.on("GET", url, 200, body);
    EXPECT_EQ(get("container-role").access_key_id, "ASIAPOD") << url;
  }
  for (std::string url : {"http://169.254.169.254/x", "http://example.com/x", "http://127.0.0.1.evil.com/x",
                          "ftp://localhost/x"}) {
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = url;
    EXPECT_NE(error().find("must use https, a loopback address"), std::string::npos) << url;
  }
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
  env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "env-auth";
  http.requests.clear();
  get("container-role");
  EXPECT_EQ(http.header(0, "Authorization"), "env-auth");
  env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/token";
  fs.add("/var/run/token", "file-auth\n");
  http.requests.clear();
  get("container-role");
  EXPECT_EQ(http.header(0, "Authorization"), "file-auth");
  fs.add("/var/run/token", "bad\r\nX-Injected: 1");
  EXPECT_NE(error().find("line break"), std::string::npos);
}

TEST_F(Chain, ContainerErrorsAndRetries) {
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c";
  http.on("GET", "http://169.254.170.2/c", 500, "oops");
  http.on(
      "GET", "http://169.254.170.2/c", 200,
      R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"x","Token":"t","Expiration":"2026-01-01T06:00:00Z"})");
  EXPECT_EQ(get("container-role").access_key_id, "ASIAECS");
  EXPECT_EQ(http.requests.size(), 2u);
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/denied";
  http.on("GET", "http://169.254.170.2/denied", 403, "denied");
  EXPECT_NE(error().find("HTTP 403"), std::string::npos);
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/down";
  EXPECT_NE(error().find("unreachable"), std::string::npos);
}

TEST_F(Chain, ContainerBeatsImdsAndLosesToFiles) {
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c";
  http.on(
      "GET", "http://169.254.170.2/c", 200,
      R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"x","Token":"t","Expiration":"2026-01-01T06:00:00Z"})");
  credentials("[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = f\n");
  EXPECT_EQ(get("shared-credentials-file").access_key_id, "AKIAFILE");
  EXPECT_TRUE(http.requests.empty());
}

// ---- IMDS ------------------------------------------------------------------------------------------

TEST_F(Chain, ImdsV2) {
  http.on("PUT", "http://169.254.169.254/latest/api/token", 200, "imds-session-token");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "InstanceRole\n");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/InstanceRole", 200,
          imds_creds("ASIAIMDS", "2026-01-01T06:00:00Z"));
  auto c = get("iam-role");
  EXPECT_EQ(c.access_key_id, "ASIAIMDS");
  EXPECT_EQ(c.session_token.reveal(), "imds-token");
  ASSERT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(http.requests[0].method, "PUT");
  EXPECT_EQ(http.header(0, "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(http.header(1, "x-aws-ec2-metadata-token"), "imds-session-token");
  EXPECT_EQ(http.header(2, "x-aws-ec2-metadata-token"), "imds-session-token");
  for (const auto& r : http.requests) EXPECT_EQ(r.timeout, 1000ms);
}

TEST_F(Chain, ImdsEndpointOverrideIpv6AndTimeouts) {
  env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://imds.local:1338/";
  env["AWS_METADATA_SERVICE_TIMEOUT"] = "2.5";
  env["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "2";
  http.on("PUT", "http://imds.local:1338/latest/api/token", 200, "t");
  http.on("GET", "http://imds.local:1338/latest/meta-data/iam/security-credentials/", 200, "R");
  http.on("GET", "http://imds.local:1338/latest/meta-data/iam/security-credentials/R", 200,
          imds_creds("ASIAOVR", "2026-01-01T06:00:00Z"));
  EXPECT_EQ(get("iam-role").access_key_id, "ASIAOVR");
  EXPECT_EQ(http.requests[0].timeout, 2500ms);
  env.erase("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  env["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "ipv6";
  http.on("PUT", "http://[fd00:ec2::254]/latest/api/token", 200, "t");
  http.on("GET", "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/", 200, "R");
  http.on("GET", "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/R", 200,
          imds_creds("ASIAV6", "2026-01-01T06:00:00Z"));
  EXPECT_EQ(get("iam-role").access_key_id, "ASIAV6");
}

TEST_F(Chain, ImdsV1FallbackAndDisabling) {
  http.on("PUT", "http://169.254.169.254/latest/api/token", 403, "");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "R");
  http.on("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/R", 200,
          imds_creds("ASIAV1", "2026-01-01T06:00:00Z"));
  EXPECT_EQ(get("iam-role").access_key_id, "ASIAV1");
  EXPECT_EQ(http.header(1, "x-aws-ec2-metadata-token"), "<absent>");
  env["AWS_EC2_METADATA_V1_DISABLED"] = "true";
  EXPECT_NE(error().find("IMDSv1 is disabled"), std::string::npos);
  env["AWS_EC2_METADATA_DISABLED"] = "true";
  http.requests.clear();
  EXPECT_NE(error().find("no AWS credentials found"), std::string::npos);
  EXPECT_TRUE(http.requests.empty());
}

TEST_F(Chain, ImdsProblemsMeanNoCredentials) {
  EXPECT_NE(error().find("iam-role: instance metadata service unreachable"), std::string::npos);
  http.set("PUT", "http://169.254.169.254/latest/api/token", 400, "");
  EXPECT_NE(error().find("HTTP 400"), std::string::npos);
  http.set("PUT", "http://169.254.169.254/latest/api/token", 200, "t");
  http.set("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 404, "");
  EXPECT_NE(error().find("no IAM role"), std::string::npos);
  http.set("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "R");
  http.set("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/R", 200,
           R"({"Code":"Success","AccessKeyId":"A","SecretAccessKey":"s"})");
  EXPECT_NE(error().find("missing Token, Expiration"), std::string::npos);
}

// ---- refresh -------------------------------------------------------------------------------------

TEST(Refresh, AdvisoryAndMandatoryWindows) {
  FakeClock clock;
  int calls = 0;
  bool fail = false;
  Fetch fetch = [&]() -> Result<Credentials> {
    ++calls;
    if (fail) return Error{"endpoint down"};
    Credentials c;
    c.access_key_id = "AKIA" + std::to_string(calls);
    c.secret_access_key = Secret("s");
    c.expiration = clock.now() + 1h;
    return c;
  };
  auto p = CredentialsProvider::refreshing("test", fetch, clock);
  EXPECT_EQ(p->get()->access_key_id, "AKIA1");
  clock.advance(44min);  // 16 min left: no refresh
  EXPECT_EQ(p->get()->access_key_id, "AKIA1");
  EXPECT_EQ(calls, 1);
  clock.advance(2min);  // 14 min left: advisory refresh
  EXPECT_EQ(p->get()->access_key_id, "AKIA2");
  EXPECT_EQ(p->get()->method, "test");
  clock.advance(46min);  // 14 min left on AKIA2, refresh fails: keep the old ones
  fail = true;
  auto c = p->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIA2");
  clock.advance(5min);  // 9 min left: mandatory, failing refresh is an error
  c = p->get();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("endpoint down"), std::string::npos);
  fail = false;
  EXPECT_EQ(p->get()->access_key_id, "AKIA5");
}

TEST(Refresh, RefreshedButStillExpired) {
  FakeClock clock;
  Fetch fetch = [&]() -> Result<Credentials> {
    Credentials c;
    c.access_key_id = "AKIA";
    c.expiration = clock.now() - 1s;
    return c;
  };
  auto p = CredentialsProvider::refreshing("m", fetch, clock);
  auto c = p->get();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("already expired"), std::string::npos);
}

TEST(Refresh, ThreadSafeSingleRefresh) {
  FakeClock clock;
  std::atomic<int> calls{0};
  Fetch fetch = [&]() -> Result<Credentials> {
    int n = ++calls;
    std::this_thread::sleep_for(20ms);
    Credentials c;
    c.access_key_id = "AKIA" + std::to_string(n);
    c.expiration = clock.now() + 1h;
    return c;
  };
  auto p = CredentialsProvider::refreshing("m", fetch, clock);
  std::vector<std::thread> ts;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i)
    ts.emplace_back([&] {
      for (int j = 0; j < 50; ++j)
        if (p->get().ok()) ++ok;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ok, 16 * 50);
  clock.advance(55min);  // mandatory for everyone at once: still one refresh
  ts.clear();
  for (int i = 0; i < 16; ++i) ts.emplace_back([&] { EXPECT_EQ(p->get()->access_key_id, "AKIA2"); });
  for (auto& t : ts) t.join();
  EXPECT_EQ(calls, 2);
}

TEST(Refresh, FixedCredentials) {
  FakeClock clock;
  Credentials c;
  c.access_key_id = "AKIA";
  c.method = "env";
  auto p = CredentialsProvider::fixed(c, clock);
  clock.advance(24h * 365);
  EXPECT_TRUE(p->get().ok());
  EXPECT_EQ(p->method(), "env");
}

// ---- secrets -------------------------------------------------------------------------------------

TEST_F(Chain, SecretsNeverInToStringOrErrors) {
  const std::string token = "IQoJb3JpZ2luX2VjEXAMPLETOKENw0KAQ0123456789abcdefSESSION";
  Credentials c;
  c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  c.secret_access_key = Secret(kSecret);
  c.session_token = Secret(token);
  c.expiration = clock.now();
  std::string s = c.to_string();
  EXPECT_NE(s.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_EQ(s.find(kSecret), std::string::npos);
  EXPECT_EQ(s.find(token), std::string::npos);

  // Real-looking secrets in every place an error can be born.
  env["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
  env["AWS_SECRET_ACCESS_KEY"] = kSecret;
  env["AWS_SESSION_TOKEN"] = token;
  auto r = resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->to_string().find(kSecret), std::string::npos);
  EXPECT_EQ(r->provider->to_string().find(kSecret), std::string::npos);
  EXPECT_EQ(r->provider->to_string().find(token), std::string::npos);
  env["AWS_CREDENTIAL_EXPIRATION"] = "2025-01-01T00:00:00Z";  // expired
  std::vector<std::string> errors;
  errors.push_back(error());
  env.clear();
  env["HOME"] = "/home/u";
  std::string sec = kSecret;
  // malformed files holding secrets
  config("[default]\naws_secret_access_key " + sec + "\n");
  errors.push_back(error());
  config("[default]\naws_secret_access_key = " + sec + "\naws_secret_access_key = " + sec + "\n");
  errors.push_back(error());
  config("");
  credentials("[default]\naws_secret_access_key = " + sec + "\naws_session_token = " + token +
              "\naws_access_key_id = A\n");
  // (a full set: no error; make it partial instead)
  credentials("[default]\naws_access_key_id = AKIA\naws_session_token = " + token + "\n");
  errors.push_back(error());
  credentials("");
  // container and IMDS responses that echo secrets
  env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c";
  http.on("GET", "http://169.254.170.2/c", 404, "no such credentials for " + sec + " " + token);
  errors.push_back(error());
  http.on("GET", "http://169.254.170.2/c", 200,
          R"({"AccessKeyId":"A","SecretAccessKey":")" + sec + R"(","Token":")" + token + "\",,}");
  errors.push_back(error());
  env.erase("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = token + "\r\n";
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://localhost/x";
  errors.push_back(error());
  env.erase("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  env.erase("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  // process output and stderr
  config("[default]\ncredential_process = helper\n");
  runner.outputs = {{1, sec, "failed with key " + sec + " and token " + token}};
  errors.push_back(error());
  runner.outputs = {{0,
                     "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"" + sec +
                         "\",\"Expiration\":\"" + token + "\"}",
                     ""}};
  errors.push_back(error());
  // SSO: cache and portal
  config(
      "[default]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = "
      "R\n");
  fs.add("/home/u/.aws/sso/cache/" + sha1_hex("https://x") + ".json",
         "{\"accessToken\":\"" + token + "\",\"expiresAt\":\"2026-01-01T05:00:00Z\"}");
  http.on("GET", "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=R&account_id=1",
          500, "internal error for bearer " + token);
  errors.push_back(error());
  // STS via web identity: the token file holds a JWT
  config("");
  fs.add("/jwt", token);
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/jwt";
  env["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/x";
  sts.fail_with = "InvalidIdentityToken: " + token + " is not valid";
  errors.push_back(error());

  ASSERT_EQ(errors.size(), 11u);
  for (const auto& e : errors) {
    EXPECT_FALSE(e.empty());
    EXPECT_EQ(e.find(kSecret), std::string::npos) << e;
    EXPECT_EQ(e.find(token), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace cs::aws::creds
