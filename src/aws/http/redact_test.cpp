#include <gtest/gtest.h>

#include "aws/http/redact.h"

namespace cs::aws::http {
namespace {

TEST(Redact, SensitiveNames) {
  for (const char* n : {"Authorization", "authorization", "X-Amz-Security-Token", "SecretAccessKey", "SessionToken",
                        "aws_secret_access_key", "Password", "X-Amz-Signature", "Proxy-Authorization", "Cookie"})
    EXPECT_TRUE(is_sensitive_name(n)) << n;
  for (const char* n : {"Content-Type", "X-Amz-Date", "FunctionName", "AccessKeyId", "Host"})
    EXPECT_FALSE(is_sensitive_name(n)) << n;
  EXPECT_EQ(redact_header_value("Authorization", "AWS4-HMAC-SHA256 x"), "***");
  EXPECT_EQ(redact_header_value("X-Amz-Date", "20240101T000000Z"), "20240101T000000Z");
}

TEST(Redact, Json) {
  EXPECT_EQ(redact_body(R"({"Credentials":{"AccessKeyId":"AKID","SecretAccessKey":"s\"ec","SessionToken":"tok"},"n":1})"),
            R"({"Credentials":{"AccessKeyId":"AKID","SecretAccessKey":"***","SessionToken":"***"},"n":1})");
  EXPECT_EQ(redact_body(R"({ "password" : 12345, "x": "password"})"), R"({ "password" : "***", "x": "password"})");
}

TEST(Redact, Xml) {
  EXPECT_EQ(redact_body("<R><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>S3CR3T</SecretAccessKey>"
                        "<SessionToken>T0K</SessionToken></Credentials></R>"),
            "<R><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>***</SecretAccessKey>"
            "<SessionToken>***</SessionToken></Credentials></R>");
}

TEST(Redact, FormAndUrl) {
  EXPECT_EQ(redact_body("Action=AssumeRole&TokenCode=123456&RoleArn=arn"), "Action=AssumeRole&TokenCode=***&RoleArn=arn");
  EXPECT_EQ(redact_url("https://h/p?X-Amz-Security-Token=abc&X-Amz-Signature=def&a=b#f"),
            "https://h/p?X-Amz-Security-Token=***&X-Amz-Signature=***&a=b#f");
  EXPECT_EQ(redact_url("https://h/p"), "https://h/p");
}

}  // namespace
}  // namespace cs::aws::http
