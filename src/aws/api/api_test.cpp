// Unit tests of src/aws/api: endpoints, parsers on the real example bodies, request shapes and error causes
// (with a canned transport). The live test against the fake endpoint is in fakeaws_test.cpp.
#include "aws/api/api.h"

#include <gtest/gtest.h>

#include <atomic>

#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>

#include "aws/creds/util.h"
#include "io/fs.h"

namespace cs::aws::api {
namespace {

std::string read_example(const std::string& rel) {
  std::ifstream in(std::string(CS_SOURCE_DIR) + "/../shared/aws/examples/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ------------------------------------------------------------------------------------------ endpoints

struct EpCase {
  Service s;
  const char* region;
  const char* url;
  const char* host;
  const char* signing_region;
};

TEST(Endpoints, DefaultTable) {
  const EpCase cases[] = {
      {Service::kLambda, "us-east-1", "https://lambda.us-east-1.amazonaws.com",
       "lambda.us-east-1.amazonaws.com", "us-east-1"},
      {Service::kLambda, "eu-west-1", "https://lambda.eu-west-1.amazonaws.com",
       "lambda.eu-west-1.amazonaws.com", "eu-west-1"},
      {Service::kLambda, "cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn",
       "lambda.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::kLambda, "us-gov-east-1", "https://lambda.us-gov-east-1.amazonaws.com",
       "lambda.us-gov-east-1.amazonaws.com", "us-gov-east-1"},
      {Service::kSts, "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "sts.eu-west-1.amazonaws.com",
       "eu-west-1"},
      {Service::kSts, "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn",
       "sts.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
      {Service::kEc2, "us-gov-west-1", "https://ec2.us-gov-west-1.amazonaws.com",
       "ec2.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::kEc2, "af-south-1", "https://ec2.af-south-1.amazonaws.com", "ec2.af-south-1.amazonaws.com",
       "af-south-1"},
      {Service::kOrganizations, "eu-west-1", "https://organizations.us-east-1.amazonaws.com",
       "organizations.us-east-1.amazonaws.com", "us-east-1"},
      {Service::kOrganizations, "us-east-1", "https://organizations.us-east-1.amazonaws.com",
       "organizations.us-east-1.amazonaws.com", "us-east-1"},
      {Service::kOrganizations, "cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn",
       "organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
      {Service::kOrganizations, "us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com",
       "organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
  };
  for (const auto& c : cases) {
    auto ep = resolve_endpoint(c.s, c.region, {});
    ASSERT_TRUE(ep.ok()) << c.region << ": " << ep.error().message;
    EXPECT_EQ(ep->url, c.url);
    EXPECT_EQ(ep->host, c.host);
    EXPECT_EQ(ep->signing_region, c.signing_region);
    EXPECT_FALSE(ep->overridden);
  }
  EXPECT_EQ(partition_of("cn-north-1").name, "aws-cn");
  EXPECT_EQ(partition_of("us-gov-west-1").name, "aws-us-gov");
  EXPECT_EQ(partition_of("eu-west-1").name, "aws");
  EXPECT_EQ(env_suffix(Service::kOrganizations), "ORGANIZATIONS");
  EXPECT_EQ(signing_name(Service::kEc2), "ec2");
  EXPECT_FALSE(resolve_endpoint(Service::kLambda, "", {}).ok());
  EXPECT_FALSE(resolve_endpoint(Service::kLambda, "evil.com/x", {}).ok());
}

TEST(Endpoints, OverridePrecedence) {
  EndpointOverrides o;
  o.env = creds::Environment{{"AWS_ENDPOINT_URL", "http://global.local:4566"},
                             {"AWS_ENDPOINT_URL_LAMBDA", "https://Lambda.Local:8443/base/"}};
  auto lam = resolve_endpoint(Service::kLambda, "eu-west-1", o);
  ASSERT_TRUE(lam.ok());
  EXPECT_EQ(lam->url, "https://lambda.local:8443/base");
  EXPECT_EQ(lam->host, "lambda.local:8443");
  EXPECT_EQ(lam->signing_region, "eu-west-1");
  EXPECT_TRUE(lam->overridden);
  auto sts = resolve_endpoint(Service::kSts, "eu-west-1", o);
  ASSERT_TRUE(sts.ok());
  EXPECT_EQ(sts->url, "http://global.local:4566");
  EXPECT_EQ(sts->host, "global.local:4566");
  auto org = resolve_endpoint(Service::kOrganizations, "eu-west-1", o);
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->url, "http://global.local:4566");
  EXPECT_EQ(org->signing_region, "us-east-1");
  // The flag beats both variables.
  o.endpoint_url = "http://127.0.0.1:9000";
  auto flag = resolve_endpoint(Service::kLambda, "eu-west-1", o);
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(flag->url, "http://127.0.0.1:9000");
  EXPECT_EQ(flag->host, "127.0.0.1:9000");
  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS disables the variables, not the flag.
  o.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
  EXPECT_EQ(resolve_endpoint(Service::kLambda, "eu-west-1", o)->url, "http://127.0.0.1:9000");
  o.endpoint_url.clear();
  EXPECT_EQ(resolve_endpoint(Service::kLambda, "eu-west-1", o)->url,
            "https://lambda.eu-west-1.amazonaws.com");
  o.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
  EXPECT_EQ(resolve_endpoint(Service::kLambda, "eu-west-1", o)->url, "https://lambda.local:8443/base");
  // Empty variables are ignored.
  EndpointOverrides empty;
  empty.env = creds::Environment{{"AWS_ENDPOINT_URL_EC2", ""}, {"AWS_ENDPOINT_URL", "http://x:1"}};
  EXPECT_EQ(resolve_endpoint(Service::kEc2, "us-east-1", empty)->url, "http://x:1");
  // Default ports are not part of Host (as libcurl and botocore send it).
  EndpointOverrides def;
  def.endpoint_url = "https://h.example:443";
  EXPECT_EQ(resolve_endpoint(Service::kSts, "us-east-1", def)->host, "h.example");
  def.endpoint_url = "http://[::1]:8080/";
  auto v6 = resolve_endpoint(Service::kSts, "us-east-1", def);
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "[::1]:8080");
  EXPECT_EQ(v6->url, "http://[::1]:8080");
}

TEST(Endpoints, BadOverridesNameTheirSource) {
  for (const char* bad :
       {"localhost:4566", "ftp://x", "http://", "http://:80", "http://h:0", "http://h:70000", "http://h:12a",
        "http://u:p@h", "http://h/p?x=1", "http://h/#f", "http://h h", "http://h:", "http://[::1"}) {
    EndpointOverrides o;
    o.endpoint_url = bad;
    auto r = resolve_endpoint(Service::kLambda, "us-east-1", o);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("--endpoint-url"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
  EndpointOverrides o;
  o.env = creds::Environment{{"AWS_ENDPOINT_URL_STS", "nope"}};
  auto r = resolve_endpoint(Service::kSts, "us-east-1", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("AWS_ENDPOINT_URL_STS"), std::string::npos);
  o.env = creds::Environment{{"AWS_ENDPOINT_URL", "nope"}};
  r = resolve_endpoint(Service::kOrganizations, "us-east-1", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("AWS_ENDPOINT_URL"), std::string::npos);
}

// Configured endpoints from the shared config file, each case as botocore 1.43.11 resolves it
// (Session(profile=...).create_client(svc).meta.endpoint_url on this same file).
TEST(Endpoints, SharedConfigFileEndpoints) {
  io::MemoryFileSystem fs;
  fs.add("/h/.aws/config",
         "[profile p]\nregion = us-east-1\nendpoint_url = http://profile.example:1\nservices = s1\n\n"
         "[profile q]\nendpoint_url = http://profile-q.example:1\nservices = missing\n\n"
         "[profile r]\nendpoint_url = http://profile-r.example:1\nignore_configured_endpoint_urls = true\n\n"
         "[services s1]\nlambda =\n  endpoint_url = http://svc-lambda.example:2\n"
         "organizations =\n  endpoint_url = http://svc-org.example:3\n");
  auto files = creds::load_config_files(creds::Environment{{"HOME", "/h"}}, fs);
  ASSERT_TRUE(files.ok()) << files.error().message;
  auto url = [&](const char* profile, Service s, creds::Environment env) -> std::string {
    EndpointOverrides o;
    o.env = std::move(env);
    add_configured_endpoints(*files, profile, o);
    auto ep = resolve_endpoint(s, "us-east-1", o);
    return ep ? ep->url : "ERR " + ep.error().message;
  };
  // The services section's key for the service, else the profile's endpoint_url.
  EXPECT_EQ(url("p", Service::kLambda, {}), "http://svc-lambda.example:2");
  EXPECT_EQ(url("p", Service::kSts, {}), "http://profile.example:1");
  EXPECT_EQ(url("p", Service::kEc2, {}), "http://profile.example:1");
  EXPECT_EQ(url("p", Service::kOrganizations, {}), "http://svc-org.example:3");
  // The variables come first.
  EXPECT_EQ(url("p", Service::kLambda, {{"AWS_ENDPOINT_URL", "http://env.example:4"}}),
            "http://env.example:4");
  EXPECT_EQ(url("p", Service::kLambda,
                {{"AWS_ENDPOINT_URL_LAMBDA", "http://envl.example:5"},
                 {"AWS_ENDPOINT_URL", "http://env.example:4"}}),
            "http://envl.example:5");
  // Ignoring: the variable (any case) drops variables and file; else the profile's key; the variable,
  // when set at all, wins over the key.
  EXPECT_EQ(
      url("p", Service::kLambda,
          {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}, {"AWS_ENDPOINT_URL", "http://env.example:4"}}),
      "https://lambda.us-east-1.amazonaws.com");
  EXPECT_EQ(url("p", Service::kLambda, {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"}}),
            "https://lambda.us-east-1.amazonaws.com");
  EXPECT_EQ(url("r", Service::kLambda, {}), "https://lambda.us-east-1.amazonaws.com");
  EXPECT_EQ(url("r", Service::kLambda, {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"}}),
            "http://profile-r.example:1");
  EXPECT_EQ(url("r", Service::kLambda, {{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""}}),
            "http://profile-r.example:1");
  // A services section that does not exist is an error when it is consulted (not when a variable wins).
  std::string missing = url("q", Service::kLambda, {});
  EXPECT_EQ(missing.rfind("ERR ", 0), 0u) << missing;
  EXPECT_NE(missing.find("[services missing]"), std::string::npos) << missing;
  EXPECT_NE(missing.find("/h/.aws/config:"), std::string::npos) << missing;
  EXPECT_EQ(url("q", Service::kSts, {{"AWS_ENDPOINT_URL_STS", "http://x.example:6"}}), "http://x.example:6");
  // No such profile: the default endpoints.
  EXPECT_EQ(url("none", Service::kLambda, {}), "https://lambda.us-east-1.amazonaws.com");
  // A bad configured URL names where it is written.
  fs.add("/h/.aws/config", "[default]\nendpoint_url = nope\n");
  files = creds::load_config_files(creds::Environment{{"HOME", "/h"}}, fs);
  ASSERT_TRUE(files.ok());
  std::string bad = url("default", Service::kLambda, {});
  EXPECT_NE(bad.find("endpoint_url of the profile (/h/.aws/config:2)"), std::string::npos) << bad;
}

// -------------------------------------------------------------------------------------------- parsers

TEST(Parsers, GetCallerIdentity) {
  auto r = parse_get_caller_identity(read_example("sts/GetCallerIdentity.response.xml"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->account, "123456789012");
  EXPECT_EQ(r->arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(r->user_id, "AKIAI44QH8DHBEXAMPLE");
  EXPECT_FALSE(parse_get_caller_identity("<x/>").ok());
  EXPECT_FALSE(parse_get_caller_identity("not xml").ok());
  EXPECT_FALSE(
      parse_get_caller_identity(
          "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn></GetCallerIdentityResult>"
          "</GetCallerIdentityResponse>")
          .ok());
}

TEST(Parsers, AssumeRole) {
  auto r = parse_assume_role(read_example("sts/AssumeRole.response.xml"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->method, "assume-role");
  EXPECT_EQ(r->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(r->secret_access_key.reveal(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  EXPECT_EQ(r->session_token.reveal().substr(0, 12), "AQoDYXdzEPT/");
  ASSERT_TRUE(r->expiration.has_value());
  EXPECT_EQ(creds::format_iso8601(*r->expiration), "2011-07-15T23:28:33Z");
  EXPECT_EQ(r->account_id, "123456789012");
  // A token with line breaks and indentation (the real GetSessionToken sample) is accepted, whitespace
  // removed.
  std::string gst = read_example("botocore-fixtures/sts-get-session-token.xml");
  size_t a = gst.find("GetSessionTokenResult");
  while (a != std::string::npos) {
    gst.replace(a, 21, "AssumeRoleResult");
    a = gst.find("GetSessionTokenResult");
  }
  auto t = parse_assume_role(gst);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->session_token.reveal().find_first_of(" \n"), std::string::npos);
  EXPECT_EQ(t->account_id, "");
  // Errors never quote the document (it holds secrets).
  auto bad =
      parse_assume_role("<AssumeRoleResponse><AssumeRoleResult><Credentials><SecretAccessKey>SEKRIT&x;");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("SEKRIT"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("&x"), std::string::npos);
  auto noexp = parse_assume_role(
      "<R><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>SEKRIT</"
      "SecretAccessKey>"
      "<SessionToken>T0KEN</SessionToken></Credentials></AssumeRoleResult></R>");
  ASSERT_FALSE(noexp.ok());
  EXPECT_EQ(noexp.error().message, "AssumeRole response has no Expiration");
}

TEST(Parsers, ListAccounts) {
  auto r = parse_list_accounts(read_example("organizations/ListAccounts.response.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_GE(r->accounts.size(), 3u);
  EXPECT_EQ(r->accounts[0].id, "111111111111");
  EXPECT_EQ(r->accounts[0].name, "Master Account");
  EXPECT_EQ(r->accounts[0].email, "bill@example.com");
  EXPECT_EQ(r->accounts[0].status, "ACTIVE");
  EXPECT_TRUE(r->accounts[0].active());
  EXPECT_EQ(r->next_token, "");
  auto s = parse_list_accounts(
      R"({"Accounts":[{"Id":"1","Status":"ACTIVE","State":"PENDING_CLOSURE","Future":{"x":[1]}},)"
      R"({"Id":"2","Status":"SUSPENDED"}],"NextToken":"tok=="})");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->accounts[0].status, "PENDING_CLOSURE");
  EXPECT_FALSE(s->accounts[0].active());
  EXPECT_EQ(s->accounts[1].status, "SUSPENDED");
  EXPECT_EQ(s->next_token, "tok==");
  EXPECT_TRUE(parse_list_accounts(R"({"Accounts":[],"NextToken":null})").ok());
  EXPECT_FALSE(parse_list_accounts(R"({"Accounts":{}})").ok());
  EXPECT_FALSE(parse_list_accounts(R"({"Accounts":[{"Name":"x"}]})").ok());
  EXPECT_FALSE(parse_list_accounts("[1]").ok());
  EXPECT_FALSE(parse_list_accounts("{").ok());
}

TEST(Parsers, DescribeRegions) {
  auto r = parse_describe_regions(read_example("ec2/DescribeRegions.response.xml"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_GT(r->size(), 5u);
  EXPECT_EQ((*r)[0].name, "ap-south-1");
  EXPECT_EQ((*r)[0].opt_in_status, "");
  EXPECT_TRUE((*r)[0].enabled());
  auto old = parse_describe_regions(read_example("botocore-fixtures/ec2-describe-regions.xml"));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ((*old)[0].name, "eu-west-1");
  auto opt = parse_describe_regions(
      "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>x</requestId>"
      "<regionInfo><item><regionName>af-south-1</regionName><optInStatus>not-opted-in</optInStatus></item>"
      "<item><regionName>us-east-1</regionName><optInStatus>opt-in-not-required</optInStatus></item>"
      "</regionInfo></DescribeRegionsResponse>");
  ASSERT_TRUE(opt.ok());
  ASSERT_EQ(opt->size(), 2u);
  EXPECT_FALSE((*opt)[0].enabled());
  EXPECT_TRUE((*opt)[1].enabled());
  EXPECT_FALSE(parse_describe_regions("<Response><Errors/></Response>").ok());
}

TEST(Parsers, ListFunctions) {
  auto r = parse_list_functions(read_example("lambda/ListFunctions.response.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->functions.size(), 2u);
  const FunctionInfo& f = r->functions[0];
  EXPECT_EQ(f.name, "helloworld");
  EXPECT_EQ(f.arn, "arn:aws:lambda:us-west-2:123456789012:function:helloworld");
  EXPECT_EQ(f.runtime, "nodejs10.x");
  EXPECT_EQ(f.role, "arn:aws:iam::123456789012:role/service-role/MyTestFunction-role-zgur6bf4");
  EXPECT_EQ(f.version, "$LATEST");
  EXPECT_EQ(f.last_modified, "2019-09-23T18:32:33.857+0000");
  EXPECT_EQ(f.tracing_mode, "PassThrough");
  EXPECT_EQ(f.revision_id, "1718e831-badf-4253-9518-d0644210af7b");
  EXPECT_EQ(r->next_marker, "");
  auto m = parse_list_functions(
      R"({"Functions":[{"FunctionName":"a","FunctionArn":"arn:aws:lambda:us-east-1:1:function:a","PackageType":"Image",)"
      R"("State":"Active"},{"FunctionName":"b","FunctionArn":"x","TracingConfig":{}},)"
      R"({"FunctionName":"c","FunctionArn":"y","TracingConfig":{"Mode":"Active"}}],"NextMarker":"m1"})");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->functions[0].tracing_mode, "");
  EXPECT_EQ(m->functions[0].package_type, "Image");
  EXPECT_EQ(m->functions[0].state, "Active");
  EXPECT_EQ(m->functions[1].tracing_mode, "");
  EXPECT_EQ(m->functions[2].tracing_mode, "Active");
  EXPECT_EQ(m->next_marker, "m1");
  auto g = parse_list_functions(read_example("lambda/GetFunctionConfiguration.response.json"));
  EXPECT_TRUE(g.ok());  // no Functions: an empty page
  EXPECT_FALSE(parse_list_functions(R"({"Functions":[{"FunctionName":"x"}]})").ok());
}

TEST(Parsers, ListEventSourceMappings) {
  auto r = parse_list_event_source_mappings(R"({"EventSourceMappings":[
    {"UUID":"u1","FunctionArn":"arn:aws:lambda:us-east-1:1:function:f","EventSourceArn":"arn:aws:sqs:us-east-1:1:q","State":"Enabled","LastModified":1704067200.0},
    {"UUID":"u2","FunctionArn":"f","EventSourceArn":"arn:aws:kafka:us-east-1:1:cluster/c/x-1"},
    {"UUID":"u3","FunctionArn":"f","SelfManagedEventSource":{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["b:9092"]}}},
    {"UUID":"u4","FunctionArn":"f","EventSourceArn":"arn:aws:mq:us-east-1:1:broker:b:b-1"},
    {"UUID":"u5","FunctionArn":"f","EventSourceArn":"arn:aws:rds:us-east-1:1:cluster:d","DocumentDBEventSourceConfig":{"DatabaseName":"db"}},
    {"UUID":"u6","FunctionArn":"f","EventSourceArn":"arn:aws-cn:kinesis:cn-north-1:1:stream/s"}
  ],"NextMarker":"nm"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->mappings.size(), 6u);
  EXPECT_EQ(r->mappings[0].uuid, "u1");
  EXPECT_EQ(r->mappings[0].state, "Enabled");
  EXPECT_EQ(r->mappings[0].event_source_arn, "arn:aws:sqs:us-east-1:1:q");
  EXPECT_FALSE(r->mappings[0].self_managed_kafka || r->mappings[0].documentdb);
  EXPECT_EQ(r->mappings[1].event_source_arn, "arn:aws:kafka:us-east-1:1:cluster/c/x-1");
  EXPECT_TRUE(r->mappings[2].self_managed_kafka);
  EXPECT_EQ(r->mappings[2].event_source_arn, "");
  EXPECT_EQ(r->mappings[3].event_source_arn, "arn:aws:mq:us-east-1:1:broker:b:b-1");
  EXPECT_TRUE(r->mappings[4].documentdb);
  EXPECT_FALSE(r->mappings[5].self_managed_kafka || r->mappings[5].documentdb);
  EXPECT_EQ(r->next_marker, "nm");
  EXPECT_FALSE(parse_list_event_source_mappings(R"({"EventSourceMappings":[{"State":"x"}]})").ok());
}

TEST(ApiError, SummaryAndCauseNames) {
  ApiError e;
  e.cause = ApiError::Cause::kRetriesExhausted;
  e.operation = "lambda:ListFunctions";
  e.region = "eu-west-1";
  e.code = "ThrottlingException";
  e.status = 429;
  e.attempts = 3;
  e.message = "Rate exceeded";
  EXPECT_EQ(e.summary(),
            "lambda:ListFunctions in eu-west-1: retries exhausted after 3 attempts: ThrottlingException "
            "(HTTP 429): "
            "Rate exceeded");
  e.cause = ApiError::Cause::kAccessDenied;
  e.code = "AccessDeniedException";
  e.status = 403;
  e.message = "User x is not authorized";
  EXPECT_EQ(e.summary(),
            "lambda:ListFunctions in eu-west-1: AccessDeniedException (HTTP 403): User x is not authorized");
  EXPECT_EQ(to_string(ApiError::Cause::kAccessDenied), "access-denied");
  EXPECT_EQ(to_string(ApiError::Cause::kInvalidToken), "invalid-token");
  EXPECT_EQ(to_string(ApiError::Cause::kExpiredToken), "expired-token");
  EXPECT_EQ(to_string(ApiError::Cause::kRetriesExhausted), "retries-exhausted");
  EXPECT_EQ(to_string(ApiError::Cause::kCredentials), "credentials");
  EXPECT_EQ(to_string(ApiError::Cause::kBadResponse), "bad-response");
  EXPECT_EQ(to_string(ApiError::Cause::kOther), "other");
  EXPECT_EQ(to_string(ApiError::Cause::kTimeout), "timeout");
  EXPECT_EQ(to_string(ApiError::Cause::kResponseTooLarge), "response-too-large");
  e.cause = ApiError::Cause::kTimeout;
  e.code = "timeout";
  e.status = 0;
  e.message = "Operation too slow. Less than 1024 bytes/sec transferred the last 30 seconds";
  EXPECT_EQ(
      e.summary(),
      "lambda:ListFunctions in eu-west-1: timed out after 3 attempts: Operation too slow. Less than 1024 "
      "bytes/sec transferred the last 30 seconds");
  e.cause = ApiError::Cause::kResponseTooLarge;
  e.code = "response too large";
  e.attempts = 1;
  e.message = "the response body exceeds the 16 MiB limit";
  EXPECT_EQ(
      e.summary(),
      "lambda:ListFunctions in eu-west-1: response too large: the response body exceeds the 16 MiB limit");
}

// ------------------------------------------------------------------------------- client (canned HTTP)

constexpr const char* kSecret = "canned/secret/key/0000000000000000000001";
constexpr const char* kToken = "canned-session-token-ABCDEFGHIJKLMNOP";

class FixedClock : public creds::TimeSource {
 public:
  creds::TimePoint now() const override { return *creds::parse_iso8601("2025-01-15T12:00:00Z"); }
};

struct Canned {
  long status = 200;
  http::Headers headers;
  std::string body;
};

// Answers each request synchronously with the next canned response (the last one repeats).
class CannedHttp : public http::HttpClient {
 public:
  void submit_after(std::chrono::milliseconds, http::HttpRequest request, http::Callback cb) override {
    Canned c;
    {
      std::lock_guard<std::mutex> lk(mu);
      requests.push_back(request);
      if (responses.empty()) {
        c.status = 599;
      } else {
        c = responses.front();
        if (responses.size() > 1) responses.pop_front();
      }
    }
    http::HttpResult r;
    r.response = http::HttpResponse{c.status, c.headers, c.body};
    cb(std::move(r));
  }
  std::string header(size_t i, std::string_view name) const {
    const std::string* v = http::find_header(requests.at(i).headers, name);
    return v ? *v : "<absent>";
  }
  std::mutex mu;
  std::deque<Canned> responses;
  std::vector<http::HttpRequest> requests;
};

creds::Credentials test_creds(std::string token = kToken) {
  creds::Credentials c;
  c.access_key_id = "AKIDCANNED";
  c.secret_access_key = creds::Secret(kSecret);
  c.session_token = creds::Secret(std::move(token));
  c.method = "env";
  return c;
}

ClientOptions fast_options() {
  ClientOptions o;
  o.retry.max_backoff_seconds = 0;
  o.retry.honour_retry_after = false;
  return o;
}

template <typename T>
ApiResult<T> capture(std::function<void(Done<T>)> f) {
  std::optional<ApiResult<T>> out;
  f([&](ApiResult<T> r) { out = std::move(r); });
  EXPECT_TRUE(out.has_value());
  return out ? std::move(*out) : ApiResult<T>{};
}

const char* kGci =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    "<UserId>AIDA</UserId><Account>111111111111</Account><Arn>arn:aws:iam::111111111111:user/scanner</Arn>"
    "</GetCallerIdentityResult></GetCallerIdentityResponse>";

TEST(Client, StsRequestShapeAndSignature) {
  CannedHttp http;
  FixedClock clock;
  http.responses.push_back({200, {}, kGci});
  std::vector<std::string> lines;
  std::mutex mu;
  ClientOptions o = fast_options();
  o.debug = [&](std::string_view l) {
    std::lock_guard<std::mutex> lk(mu);
    lines.emplace_back(l);
  };
  Client c(http, clock, o);
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  auto r = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(s, "eu-west-1", d); });
  ASSERT_TRUE(r.ok()) << r.error.summary();
  EXPECT_EQ(r.value->account, "111111111111");
  ASSERT_EQ(http.requests.size(), 1u);
  const auto& rq = http.requests[0];
  EXPECT_EQ(rq.method, "POST");
  EXPECT_EQ(rq.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(rq.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(http.header(0, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(http.header(0, "Host"), "sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(http.header(0, "X-Amz-Date"), "20250115T120000Z");
  EXPECT_EQ(http.header(0, "X-Amz-Security-Token"), kToken);
  EXPECT_EQ(http.header(0, "amz-sdk-request"), "attempt=1; max=3");
  EXPECT_EQ(http.header(0, "User-Agent"), "cloudsift");
  std::string auth = http.header(0, "Authorization");
  EXPECT_NE(auth.find("Credential=AKIDCANNED/20250115/eu-west-1/sts/aws4_request"), std::string::npos)
      << auth;
  EXPECT_NE(auth.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"), std::string::npos)
      << auth;
  EXPECT_EQ(c.stats().requests.load(), 1u);
  EXPECT_EQ(c.stats().retries.load(), 0u);
  EXPECT_EQ(c.stats().failures.load(), 0u);
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines) {
    EXPECT_EQ(l.find(kSecret), std::string::npos) << l;
    EXPECT_EQ(l.find(kToken), std::string::npos) << l;
  }
}

TEST(Client, OtherRequestShapes) {
  CannedHttp http;
  FixedClock clock;
  Client c(http, clock, fast_options());
  Session s{creds::CredentialsProvider::fixed(test_creds(""), clock)};
  http.responses.push_back({200, {}, R"({"Accounts":[]})"});
  auto a = capture<AccountsPage>([&](auto d) { c.list_accounts(s, "cn-north-1", "tok \"x\"", d); });
  ASSERT_TRUE(a.ok()) << a.error.summary();
  EXPECT_EQ(http.requests[0].url, "https://organizations.cn-northwest-1.amazonaws.com.cn/");
  EXPECT_EQ(http.requests[0].body, R"({"MaxResults":20,"NextToken":"tok \"x\""})");
  EXPECT_EQ(http.header(0, "X-Amz-Target"), "AWSOrganizationsV20161128.ListAccounts");
  EXPECT_EQ(http.header(0, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(http.header(0, "X-Amz-Security-Token"), "<absent>");
  EXPECT_NE(http.header(0, "Authorization").find("/cn-northwest-1/organizations/aws4_request"),
            std::string::npos);

  http.responses = {{200, {}, "<DescribeRegionsResponse><regionInfo/></DescribeRegionsResponse>"}};
  auto d1 = capture<std::vector<RegionInfo>>([&](auto d) { c.describe_regions(s, "us-east-1", true, d); });
  ASSERT_TRUE(d1.ok());
  EXPECT_EQ(http.requests[1].body, "Action=DescribeRegions&Version=2016-11-15&AllRegions=true");
  EXPECT_EQ(http.requests[1].url, "https://ec2.us-east-1.amazonaws.com/");
  auto d2 = capture<std::vector<RegionInfo>>([&](auto d) { c.describe_regions(s, "us-east-1", false, d); });
  EXPECT_EQ(http.requests[2].body, "Action=DescribeRegions&Version=2016-11-15");

  http.responses = {{200, {}, R"({"Functions":[]})"}};
  auto f =
      capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "exampleMarker==", 50, d); });
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(http.requests[3].method, "GET");
  EXPECT_EQ(
      http.requests[3].url,
      "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions?MaxItems=50&Marker=exampleMarker%3D%3D");
  EXPECT_EQ(http.requests[3].body, "");
  EXPECT_EQ(http.header(3, "Content-Type"), "<absent>");
  http.responses = {{200, {}, R"({"EventSourceMappings":[]})"}};
  auto m = capture<MappingsPage>([&](auto d) { c.list_event_source_mappings(s, "eu-west-1", "", 100, d); });
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(http.requests[4].url,
            "https://lambda.eu-west-1.amazonaws.com/2015-03-31/event-source-mappings?MaxItems=100");

  http.responses = {{200, {}, read_example("sts/AssumeRole.response.xml")}};
  AssumeRoleRequest req;
  req.role_arn = "arn:aws:iam::111122223333:role/ScannerRole";
  req.session_name = "scanner";
  req.external_id = "ext-123";
  auto ar = capture<creds::Credentials>([&](auto d) { c.assume_role(s, "eu-west-1", req, d); });
  ASSERT_TRUE(ar.ok()) << ar.error.summary();
  EXPECT_EQ(
      http.requests[5].body,
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FScannerRole"
      "&RoleSessionName=scanner&DurationSeconds=3600&ExternalId=ext-123");
}

TEST(Client, EndpointOverrideWithBasePathAndPort) {
  CannedHttp http;
  FixedClock clock;
  ClientOptions o = fast_options();
  o.overrides.endpoint_url = "http://127.0.0.1:4566/proxy/";
  Client c(http, clock, o);
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  http.responses.push_back({200, {}, R"({"Functions":[]})"});
  auto f = capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 10, d); });
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(http.requests[0].url, "http://127.0.0.1:4566/proxy/2015-03-31/functions?MaxItems=10");
  EXPECT_EQ(http.header(0, "Host"), "127.0.0.1:4566");
  EXPECT_NE(http.header(0, "Authorization").find("/eu-west-1/lambda/"), std::string::npos);

  ClientOptions bad = fast_options();
  bad.overrides.endpoint_url = "nope";
  Client cb(http, clock, bad);
  auto e = capture<FunctionsPage>([&](auto d) { cb.list_functions(s, "eu-west-1", "", 10, d); });
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error.cause, ApiError::Cause::kOther);
  EXPECT_NE(e.error.message.find("--endpoint-url"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 1u);
}

struct CauseCase {
  http::Protocol protocol;
  Canned response;
  ApiError::Cause cause;
  const char* code;
};

TEST(Client, ErrorCauses) {
  const CauseCase cases[] = {
      {http::Protocol::kRestJson,
       {403, {{"x-amzn-ErrorType", "AccessDeniedException"}}, R"({"Type":"User","message":"no"})"},
       ApiError::Cause::kAccessDenied,
       "AccessDeniedException"},
      {http::Protocol::kRestJson,
       {403, {{"x-amzn-ErrorType", "UnrecognizedClientException:http://x"}}, R"({"message":"bad token"})"},
       ApiError::Cause::kInvalidToken,
       "UnrecognizedClientException"},
      {http::Protocol::kRestJson,
       {403, {{"x-amzn-ErrorType", "ExpiredTokenException"}}, R"({"message":"expired"})"},
       ApiError::Cause::kExpiredToken,
       "ExpiredTokenException"},
      {http::Protocol::kRestJson,
       {400, {{"x-amzn-ErrorType", "InvalidParameterValueException"}}, R"({"message":"bad marker"})"},
       ApiError::Cause::kOther,
       "InvalidParameterValueException"},
      {http::Protocol::kRestJson,
       {429, {{"x-amzn-ErrorType", "TooManyRequestsException"}}, R"({"message":"Rate exceeded"})"},
       ApiError::Cause::kRetriesExhausted,
       "TooManyRequestsException"},
      {http::Protocol::kRestJson,
       {500, {}, R"({"message":"boom"})"},
       ApiError::Cause::kRetriesExhausted,
       "500"},
  };
  for (const auto& cc : cases) {
    CannedHttp http;
    FixedClock clock;
    Client c(http, clock, fast_options());
    Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
    http.responses.push_back(cc.response);
    auto r = capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 50, d); });
    ASSERT_FALSE(r.ok()) << cc.code;
    EXPECT_EQ(r.error.cause, cc.cause) << cc.code << ": " << r.error.summary();
    EXPECT_EQ(r.error.code, cc.code);
    EXPECT_EQ(r.error.status, cc.response.status);
    EXPECT_EQ(r.error.operation, "lambda:ListFunctions");
    EXPECT_EQ(r.error.region, "eu-west-1");
    int expected_attempts = cc.cause == ApiError::Cause::kRetriesExhausted ? 3 : 1;
    EXPECT_EQ(r.error.attempts, expected_attempts) << cc.code;
    EXPECT_EQ(http.requests.size(), static_cast<size_t>(expected_attempts));
    EXPECT_EQ(c.stats().failures.load(), 1u);
    if (expected_attempts == 3) {
      EXPECT_EQ(http.header(2, "amz-sdk-request"), "attempt=3; max=3");
      EXPECT_EQ(c.stats().retries.load(), 2u);
    }
  }
  // Query and ec2 envelopes.
  CannedHttp http;
  FixedClock clock;
  Client c(http, clock, fast_options());
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  http.responses = {{403,
                     {},
                     "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                     "<Message>The security token included in the request is invalid.</Message></Error>"
                     "</ErrorResponse>"}};
  auto g = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(s, "af-south-1", d); });
  EXPECT_EQ(g.error.cause, ApiError::Cause::kInvalidToken);
  http.responses = {{403,
                     {},
                     "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message>"
                     "</Error></Errors><RequestID>r</RequestID></Response>"}};
  auto d = capture<std::vector<RegionInfo>>([&](auto dn) { c.describe_regions(s, "us-east-1", false, dn); });
  EXPECT_EQ(d.error.cause, ApiError::Cause::kAccessDenied);
  EXPECT_EQ(d.error.code, "UnauthorizedOperation");
  http.responses = {{401,
                     {},
                     "<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message>"
                     "</Error></Errors><RequestID>r</RequestID></Response>"}};
  d = capture<std::vector<RegionInfo>>([&](auto dn) { c.describe_regions(s, "us-east-1", false, dn); });
  EXPECT_EQ(d.error.cause, ApiError::Cause::kInvalidToken);
  http.responses = {{400,
                     {},
                     "<Response><Errors><Error><Code>RequestExpired</Code><Message>old</Message>"
                     "</Error></Errors><RequestID>r</RequestID></Response>"}};
  d = capture<std::vector<RegionInfo>>([&](auto dn) { c.describe_regions(s, "us-east-1", false, dn); });
  EXPECT_EQ(d.error.cause, ApiError::Cause::kExpiredToken);
  http.responses = {{400, {}, R"({"__type":"AccessDeniedException","Message":"not mgmt"})"}};
  auto a = capture<AccountsPage>([&](auto dn) { c.list_accounts(s, "us-east-1", "", dn); });
  EXPECT_EQ(a.error.cause, ApiError::Cause::kAccessDenied);
  EXPECT_EQ(a.error.region, "us-east-1");
  // 2xx with a body that does not parse.
  http.responses = {{200, {}, "{\"Functions\": 5}"}};
  auto b = capture<FunctionsPage>([&](auto dn) { c.list_functions(s, "eu-west-1", "", 50, dn); });
  EXPECT_EQ(b.error.cause, ApiError::Cause::kBadResponse);
  EXPECT_NE(b.error.summary().find("Functions is not an array"), std::string::npos) << b.error.summary();
}

TEST(Client, ReadOnlyOperations) {
  for (const char* op : {"ListFunctions", "GetRestApis", "GetStages", "DescribeRegions", "ListAccounts",
                         "AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"})
    EXPECT_TRUE(is_read_only_operation(op)) << op;
  for (const char* op : {"UpdateFunctionConfiguration", "PutFunctionConcurrency", "CreateStage", "List",
                         "Get", "TagResource", "AssumeRoleWithSAMLX"})
    EXPECT_FALSE(is_read_only_operation(op)) << op;
}

TEST(Client, ThrottlingBudgetAndOneRateLimiterPerEndpoint) {
  CannedHttp http;
  FixedClock clock;
  std::vector<std::string> lines;
  std::mutex mu;
  ClientOptions o = fast_options();
  o.retry.throttle_max_attempts = 5;
  o.adaptive_rate_limit = true;
  o.debug = [&](std::string_view l) {
    std::lock_guard<std::mutex> lk(mu);
    lines.emplace_back(l);
  };
  auto rate_limited = [&] {
    std::lock_guard<std::mutex> lk(mu);
    size_t n = 0;
    for (const auto& l : lines) n += l.find("rate limited, sent in") != std::string::npos;
    return n;
  };
  Client c(http, clock, o);
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock), "111111111111"};
  http.responses = {
      {429, {{"x-amzn-ErrorType", "TooManyRequestsException"}}, R"({"message":"Rate exceeded"})"}};
  auto r = capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 50, d); });
  EXPECT_EQ(r.error.cause, ApiError::Cause::kRetriesExhausted);
  EXPECT_EQ(r.error.attempts, 5);  // the throttling budget of a read-only call, not max_attempts (3)
  ASSERT_EQ(http.requests.size(), 5u);
  EXPECT_EQ(http.header(0, "amz-sdk-request"), "attempt=1; max=5");
  EXPECT_EQ(http.header(4, "amz-sdk-request"), "attempt=5; max=5");
  EXPECT_EQ(rate_limited(), 4u);  // attempts 2-5 waited for the endpoint's tokens
  // Another endpoint (same account, other region; other service) has its own limiter, still off.
  http.responses = {{200, {}, R"({"Functions":[]})"}};
  capture<FunctionsPage>([&](auto d) { c.list_functions(s, "us-east-1", "", 50, d); });
  http.responses = {{200, {}, kGci}};
  capture<CallerIdentity>([&](auto d) { c.get_caller_identity(s, "eu-west-1", d); });
  EXPECT_EQ(rate_limited(), 4u);
  // The throttled endpoint still paces its calls.
  http.responses = {{200, {}, R"({"Functions":[]})"}};
  capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 50, d); });
  EXPECT_EQ(rate_limited(), 5u);
}

TEST(Client, CredentialsFailureSendsNothing) {
  CannedHttp http;
  FixedClock clock;
  Client c(http, clock, fast_options());
  auto provider = creds::CredentialsProvider::refreshing(
      "assume-role", [] { return Result<creds::Credentials>(Error{"AssumeRole failed: AccessDenied"}); },
      clock);
  auto r = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(Session{provider}, "us-east-1", d); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.cause, ApiError::Cause::kCredentials);
  EXPECT_NE(r.error.message.find("AccessDenied"), std::string::npos);
  EXPECT_TRUE(http.requests.empty());
  auto none = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(Session{}, "us-east-1", d); });
  EXPECT_EQ(none.error.cause, ApiError::Cause::kCredentials);
}

TEST(Client, ExpiredTokenRefreshesOnce) {
  FixedClock clock;
  const Canned expired{400,
                       {},
                       "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token "
                       "included in the request is expired</Message></Error></ErrorResponse>"};
  // Refreshable provider: invalidated, fetched again, the call is sent once more.
  {
    CannedHttp http;
    http.responses = {expired, {200, {}, kGci}};
    int fetches = 0;
    auto provider = creds::CredentialsProvider::refreshing(
        "assume-role",
        [&]() -> Result<creds::Credentials> {
          ++fetches;
          return test_creds(std::string(kToken) + std::to_string(fetches));
        },
        clock);
    Client c(http, clock, fast_options());
    auto r =
        capture<CallerIdentity>([&](auto d) { c.get_caller_identity(Session{provider}, "us-east-1", d); });
    ASSERT_TRUE(r.ok()) << r.error.summary();
    EXPECT_EQ(fetches, 2);
    ASSERT_EQ(http.requests.size(), 2u);
    EXPECT_EQ(http.header(0, "X-Amz-Security-Token"), std::string(kToken) + "1");
    EXPECT_EQ(http.header(1, "X-Amz-Security-Token"), std::string(kToken) + "2");
  }
  // Still expired after the refresh: kExpiredToken.
  {
    CannedHttp http;
    http.responses = {expired};
    int fetches = 0;
    auto provider = creds::CredentialsProvider::refreshing(
        "assume-role",
        [&]() -> Result<creds::Credentials> {
          ++fetches;
          return test_creds();
        },
        clock);
    Client c(http, clock, fast_options());
    auto r =
        capture<CallerIdentity>([&](auto d) { c.get_caller_identity(Session{provider}, "us-east-1", d); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error.cause, ApiError::Cause::kExpiredToken);
    EXPECT_EQ(fetches, 2);
    EXPECT_EQ(http.requests.size(), 2u);
    EXPECT_EQ(r.error.attempts, 2);
  }
  // Fixed credentials cannot be refreshed: no second send.
  {
    CannedHttp http;
    http.responses = {expired};
    Client c(http, clock, fast_options());
    Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
    auto r = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(s, "us-east-1", d); });
    EXPECT_EQ(r.error.cause, ApiError::Cause::kExpiredToken);
    EXPECT_EQ(http.requests.size(), 1u);
  }
}

TEST(Client, SecretsNeverInErrors) {
  CannedHttp http;
  FixedClock clock;
  std::vector<std::string> lines;
  std::mutex mu;
  ClientOptions o = fast_options();
  o.debug = [&](std::string_view l) {
    std::lock_guard<std::mutex> lk(mu);
    lines.emplace_back(l);
  };
  Client c(http, clock, o);
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  // A server that echoes the secret and the token back in its message.
  http.responses = {{400,
                     {},
                     std::string("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>key ") +
                         kSecret + " token " + kToken + "</Message></Error></ErrorResponse>"}};
  auto r = capture<CallerIdentity>([&](auto d) { c.get_caller_identity(s, "us-east-1", d); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.summary().find(kSecret), std::string::npos) << r.error.summary();
  EXPECT_EQ(r.error.summary().find(kToken), std::string::npos) << r.error.summary();
  EXPECT_EQ(r.error.summary().find("canned/secret"), std::string::npos) << r.error.summary();
  for (const auto& l : lines) {
    EXPECT_EQ(l.find(kSecret), std::string::npos) << l;
    EXPECT_EQ(l.find(kToken), std::string::npos) << l;
  }
}

// A transport whose every attempt fails with `kind`; counts the attempts.
class FailingHttp : public http::HttpClient {
 public:
  explicit FailingHttp(http::TransportErrorKind kind, std::string message)
      : kind_(kind), message_(std::move(message)) {}
  void submit_after(std::chrono::milliseconds, http::HttpRequest, http::Callback cb) override {
    ++attempts;
    http::HttpResult r;
    r.error.kind = kind_;
    r.error.message = message_;
    cb(std::move(r));
  }
  std::atomic<int> attempts{0};

 private:
  http::TransportErrorKind kind_;
  std::string message_;
};

TEST(Client, ResponseTooLargeIsOneAttemptAndItsOwnCause) {
  FailingHttp http(http::TransportErrorKind::kResponseTooLarge, "the response body exceeds the 16 MiB limit");
  FixedClock clock;
  Client c(http, clock, fast_options());
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  auto r = capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 50, d); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.cause, ApiError::Cause::kResponseTooLarge);
  EXPECT_EQ(http.attempts.load(), 1) << "a response too large is not retried";
  EXPECT_EQ(
      r.error.summary(),
      "lambda:ListFunctions in eu-west-1: response too large: the response body exceeds the 16 MiB limit");
}

TEST(Client, TimeoutIsRetriedThenItsOwnCause) {
  FailingHttp http(http::TransportErrorKind::kTimeout, "Operation timed out after 3001 milliseconds");
  FixedClock clock;
  ClientOptions o = fast_options();
  o.retry.max_attempts = 4;
  Client c(http, clock, o);
  Session s{creds::CredentialsProvider::fixed(test_creds(), clock)};
  auto r = capture<FunctionsPage>([&](auto d) { c.list_functions(s, "eu-west-1", "", 50, d); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.cause, ApiError::Cause::kTimeout);
  EXPECT_EQ(http.attempts.load(), 4) << "a timeout is retried (AWS standard mode), up to max attempts";
  EXPECT_EQ(r.error.summary(),
            "lambda:ListFunctions in eu-west-1: timed out after 4 attempts: Operation timed out after 3001 "
            "milliseconds");
  // Other transport failures past max attempts stay retries-exhausted.
  FailingHttp reset(http::TransportErrorKind::kConnectionReset, "Recv failure");
  Client c2(reset, clock, o);
  auto r2 = capture<FunctionsPage>([&](auto d) { c2.list_functions(s, "eu-west-1", "", 50, d); });
  EXPECT_EQ(r2.error.cause, ApiError::Cause::kRetriesExhausted);
}

TEST(Adapters, HttpGetterMapsTransportErrors) {
  class Failing : public http::HttpClient {
   public:
    void submit_after(std::chrono::milliseconds, http::HttpRequest, http::Callback cb) override {
      http::HttpResult r;
      r.error.kind = http::TransportErrorKind::kConnect;
      r.error.message = "Connection refused";
      cb(std::move(r));
    }
  } failing;
  auto g = make_http_getter(failing);
  creds::HttpRequest rq;
  rq.url = "http://169.254.169.254/latest/api/token";
  auto r = g->send(rq);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Connection refused"), std::string::npos);

  CannedHttp http;
  http.responses = {{404, {}, "nope"}};
  auto g2 = make_http_getter(http);
  auto ok = g2->send(rq);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, 404);
  EXPECT_EQ(ok->body, "nope");
}

TEST(Adapters, StsClient) {
  CannedHttp http;
  FixedClock clock;
  http.responses = {{200, {}, read_example("sts/AssumeRole.response.xml")}};
  auto sts = make_sts_client(http, clock, fast_options());
  creds::AssumeRoleParams p;
  p.role_arn = "arn:aws:iam::123456789012:role/demo";
  p.role_session_name = "Bob";
  auto r = sts->assume_role(test_creds(), p);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(http.requests[0].url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(http.requests[0].body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            "&RoleSessionName=Bob");
  EXPECT_NE(http.header(0, "Authorization").find("Credential=AKIDCANNED/"), std::string::npos);

  creds::WebIdentityParams w;
  w.region = "eu-west-1";
  w.role_arn = "arn:aws:iam::123456789012:role/demo";
  w.role_session_name = "ci";
  w.web_identity_token = creds::Secret("eyJhbGciOiJSUzI1NiJ9.web-identity-token-value");
  w.duration_seconds = 900;
  std::string body = read_example("sts/AssumeRole.response.xml");
  for (size_t a; (a = body.find("AssumeRoleResult")) != std::string::npos;)
    body.replace(a, 16, "AssumeRoleWithWebIdentityResult");
  http.responses = {{200, {}, body}};
  auto wr = sts->assume_role_with_web_identity(w);
  ASSERT_TRUE(wr.ok()) << wr.error().message;
  EXPECT_EQ(wr->method, "assume-role-with-web-identity");
  EXPECT_EQ(http.requests[1].url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(http.header(1, "Authorization"), "<absent>");
  EXPECT_NE(http.requests[1].body.find("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&"),
            std::string::npos);
  EXPECT_NE(http.requests[1].body.find("&DurationSeconds=900"), std::string::npos);
  // Failure: the token is never in the error.
  http.responses = {{400,
                     {},
                     "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad "
                     "eyJhbGciOiJSUzI1NiJ9.web-identity-token-value</Message></Error></ErrorResponse>"}};
  auto bad = sts->assume_role_with_web_identity(w);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("InvalidIdentityToken"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("web-identity-token-value"), std::string::npos) << bad.error().message;
}

// API Gateway (API.md §19): the wire key is "item", the next-page token "position"; tracingEnabled absent
// means false.
TEST(ApiGatewayParse, RestApisAndStages) {
  auto r = parse_get_rest_apis(
      R"({"item":[{"id":"a1b2c3d4e5","name":"orders","createdDate":1700000000},{"id":"f6g7h8i9j0"}],)"
      R"("position":"cG9zMQ=="})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->apis.size(), 2u);
  EXPECT_EQ(r->apis[0].id, "a1b2c3d4e5");
  EXPECT_EQ(r->apis[0].name, "orders");
  EXPECT_EQ(r->apis[1].name, "");
  EXPECT_EQ(r->position, "cG9zMQ==");
  auto last = parse_get_rest_apis(R"({"item":[]})");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->position, "");
  auto noid = parse_get_rest_apis(R"({"item":[{"name":"x"}]})");
  ASSERT_FALSE(noid.ok());
  EXPECT_EQ(noid.error().message, "GetRestApis response: API 1 has no id");

  auto st = parse_get_stages(
      R"({"item":[{"stageName":"prod","deploymentId":"d1","tracingEnabled":true},{"stageName":"dev"},)"
      R"({"stageName":"qa","tracingEnabled":false}]})");
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(st->size(), 3u);
  EXPECT_TRUE((*st)[0].tracing_enabled);
  EXPECT_EQ((*st)[0].deployment_id, "d1");
  EXPECT_FALSE((*st)[1].tracing_enabled);
  EXPECT_FALSE((*st)[2].tracing_enabled);
  auto bad = parse_get_stages(R"({"item":[{"stageName":"prod","tracingEnabled":"true"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "GetStages response: stage 1: tracingEnabled is not a boolean");
}

TEST(ApiGatewayEndpoint, RegionalHostAndSigningName) {
  auto ep = resolve_endpoint(Service::kApiGateway, "eu-west-1", {});
  ASSERT_TRUE(ep.ok()) << ep.error().message;
  EXPECT_EQ(ep->url, "https://apigateway.eu-west-1.amazonaws.com");
  EXPECT_EQ(ep->signing_region, "eu-west-1");
  EXPECT_EQ(signing_name(Service::kApiGateway), "apigateway");
  EXPECT_EQ(env_suffix(Service::kApiGateway), "API_GATEWAY");
  auto cn = resolve_endpoint(Service::kApiGateway, "cn-north-1", {});
  ASSERT_TRUE(cn.ok());
  EXPECT_EQ(cn->url, "https://apigateway.cn-north-1.amazonaws.com.cn");
}

}  // namespace
}  // namespace cs::aws::api
