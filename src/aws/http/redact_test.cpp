#include <gtest/gtest.h>

#include "aws/http/redact.h"

namespace cs::aws::http {
namespace {

TEST(Redact, SensitiveNames) {
  for (const char* n :
       {"Authorization", "authorization", "X-Amz-Security-Token", "SecretAccessKey", "SessionToken",
        "aws_secret_access_key", "Password", "X-Amz-Signature", "Proxy-Authorization", "Cookie"})
    EXPECT_TRUE(is_sensitive_name(n)) << n;
  for (const char* n : {"Content-Type", "X-Amz-Date", "FunctionName", "AccessKeyId", "Host"})
    EXPECT_FALSE(is_sensitive_name(n)) << n;
  EXPECT_EQ(redact_header_value("Authorization", "AWS4-HMAC-SHA256 x"), "***");
  EXPECT_EQ(redact_header_value("X-Amz-Date", "20240101T000000Z"), "20240101T000000Z");
}

TEST(Redact, Json) {
  EXPECT_EQ(
      redact_body(
          R"({"Credentials":{"AccessKeyId":"AKID","SecretAccessKey":"s\"ec","SessionToken":"tok"},"n":1})"),
      R"({"Credentials":{"AccessKeyId":"AKID","SecretAccessKey":"***","SessionToken":"***"},"n":1})");
  EXPECT_EQ(redact_body(R"({ "password" : 12345, "x": "password"})"),
            R"({ "password" : "***", "x": "password"})");
}

TEST(Redact, Xml) {
  EXPECT_EQ(
      redact_body("<R><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>S3CR3T</SecretAccessKey>"
                  "<SessionToken>T0K</SessionToken></Credentials></R>"),
      "<R><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>***</SecretAccessKey>"
      "<SessionToken>***</SessionToken></Credentials></R>");
}

TEST(Redact, FormAndUrl) {
  EXPECT_EQ(redact_body("Action=AssumeRole&TokenCode=123456&RoleArn=arn"),
            "Action=AssumeRole&TokenCode=***&RoleArn=arn");
  EXPECT_EQ(redact_url("https://h/p?X-Amz-Security-Token=abc&X-Amz-Signature=def&a=b#f"),
            "https://h/p?X-Amz-Security-Token=***&X-Amz-Signature=***&a=b#f");
  EXPECT_EQ(redact_url("https://h/p"), "https://h/p");
}

// A SigV4 Authorization header's public pieces (date, region, service, header names) must survive in the
// log; only the whole value and the signature are scrubbed.
TEST(Redact, ScrubberKeepsThePublicPartsOfAnAuthorizationHeader) {
  SecretScrubber s;
  s.add_header("Authorization",
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/lambda/aws4_request, "
               "SignedHeaders=host;x-amz-date, "
               "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  s.add_header("X-Amz-Security-Token", "FwoGZXIvYXdzEJr//////////wEaDOPNUuxGX8token");
  EXPECT_EQ(s.scrub("X-Amz-Date: 20261124T003333Z arn:aws:lambda:us-east-1:1:function:f <Credentials>"),
            "X-Amz-Date: 20261124T003333Z arn:aws:lambda:us-east-1:1:function:f <Credentials>");
  EXPECT_EQ(s.scrub("echo 5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7 and "
                    "FwoGZXIvYXdzEJr//////////wEaDOPNUuxGX8token"),
            "echo *** and ***");
}

}  // namespace
}  // namespace cs::aws::http
