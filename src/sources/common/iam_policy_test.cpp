#include "sources/common/iam_policy.h"

#include <gtest/gtest.h>

namespace cs::sources {
namespace {

using model::aws::iam::PolicyDocument;

PolicyDocument read(std::string json, bool secret = false) {
  PolicyDocument d;
  d.name = "p";
  d.json.origin = model::Origin::Explicit;
  d.json.value = std::move(json);
  d.json.raw_is_label = secret;
  read_policy_statements(d);
  return d;
}

TEST(IamPolicyRead, StatementObjectOrArrayStringsOrLists) {
  PolicyDocument d = read(R"({"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow",
      "Action":"xray:PutTraceSegments","Resource":"*"}})");
  ASSERT_EQ(d.invalid, "");
  ASSERT_EQ(d.statements.size(), 1u);
  EXPECT_EQ(d.statements[0].sid, "A");
  EXPECT_FALSE(d.statements[0].deny);
  EXPECT_EQ(d.statements[0].actions, std::vector<std::string>{"xray:PutTraceSegments"});
  EXPECT_EQ(d.statements[0].resources, std::vector<std::string>{"*"});

  d = read(R"({"Statement":[{"Effect":"Deny","NotAction":["iam:*","s3:*"],"NotResource":["arn:aws:s3:::b"],
      "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})");
  ASSERT_EQ(d.statements.size(), 1u);
  const auto& s = d.statements[0];
  EXPECT_TRUE(s.deny);
  EXPECT_TRUE(s.not_action);
  EXPECT_TRUE(s.not_resource);
  EXPECT_TRUE(s.has_condition);
  EXPECT_EQ(s.actions, (std::vector<std::string>{"iam:*", "s3:*"}));
}

TEST(IamPolicyRead, IntrinsicsAreUnknownValuesNotErrors) {
  PolicyDocument d = read(R"({"Statement":[{"Effect":"Allow","Action":["xray:*",{"Ref":"Extra"}],
      "Resource":{"Fn::Sub":"arn:${AWS::Partition}:s3:::b"}}]})");
  ASSERT_EQ(d.invalid, "");
  ASSERT_EQ(d.statements.size(), 1u);
  EXPECT_TRUE(d.statements[0].actions_unknown);
  EXPECT_EQ(d.statements[0].actions, std::vector<std::string>{"xray:*"});
  EXPECT_TRUE(d.statements[0].resources_unknown);
}

TEST(IamPolicyRead, WhatIamRejectsIsInvalidWithWhy) {
  EXPECT_EQ(read("not json").invalid, "not JSON");
  EXPECT_EQ(read("[]").invalid, "not a JSON object");
  EXPECT_EQ(read("{}").invalid, "no Statement");
  EXPECT_EQ(read(R"({"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]})").invalid,
            "Effect \"allow\" is neither \"Allow\" nor \"Deny\"");
  EXPECT_EQ(
      read(R"({"Statement":[{"Effect":"Allow","Action":"*","NotAction":"x:y","Resource":"*"}]})").invalid,
      "a statement has both Action and NotAction");
  EXPECT_EQ(read(R"({"Statement":[{"Effect":"Allow","Action":"*"}]})").invalid,
            "a statement has neither Resource nor NotResource");
  EXPECT_TRUE(read(R"({"Statement":[{"Effect":"Allow","Action":"*"}]})").statements.empty());
}

TEST(IamPolicyRead, UnknownDocumentsAreNotRead) {
  PolicyDocument d;
  d.json.origin = model::Origin::Unknown;
  read_policy_statements(d);
  EXPECT_FALSE(d.parsed);
  EXPECT_TRUE(d.statements.empty());
}

TEST(IamPolicyRead, AMarkedDocumentKeepsNoSid) {
  PolicyDocument d =
      read(R"({"Statement":{"Sid":"secret-name","Effect":"Allow","Action":"*","Resource":"*"}})",
           /*secret=*/true);
  ASSERT_EQ(d.statements.size(), 1u);
  EXPECT_EQ(d.statements[0].sid, "");
}

}  // namespace
}  // namespace cs::sources
