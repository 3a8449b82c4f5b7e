#include "model/model.h"

#include <gtest/gtest.h>

namespace cs::model {
namespace {

using aws::lambda::parse_tracing_mode;
using aws::lambda::TracingMode;
using aws::lambda::untraceable_event_source;

TEST(TracingMode, ExactCaseSensitiveValues) {
  EXPECT_EQ(parse_tracing_mode("Active"), TracingMode::Active);
  EXPECT_EQ(parse_tracing_mode("PassThrough"), TracingMode::PassThrough);
  EXPECT_EQ(parse_tracing_mode("active"), TracingMode::Invalid);
  EXPECT_EQ(parse_tracing_mode("Passthrough"), TracingMode::Invalid);
  EXPECT_EQ(parse_tracing_mode(""), TracingMode::Invalid);
  EXPECT_EQ(parse_tracing_mode(" Active"), TracingMode::Invalid);
}

TEST(UntraceableEventSource, ArnsTypesAndKinds) {
  EXPECT_EQ(untraceable_event_source("arn:aws:kafka:us-east-1:123456789012:cluster/c/1"), "Amazon MSK");
  EXPECT_EQ(untraceable_event_source("arn:aws-cn:mq:cn-north-1:123456789012:broker:b:1"), "Amazon MQ");
  EXPECT_EQ(untraceable_event_source("arn:aws:rds:us-east-1:123456789012:cluster:docs"), "Amazon DocumentDB");
  EXPECT_EQ(untraceable_event_source("arn:aws:sqs:us-east-1:123456789012:q"), "");
  EXPECT_EQ(untraceable_event_source("arn:aws:kinesis:us-east-1:123456789012:stream/s"), "");
  EXPECT_EQ(untraceable_event_source("AWS::MSK::ServerlessCluster"), "Amazon MSK");
  EXPECT_EQ(untraceable_event_source("AWS::AmazonMQ::Broker"), "Amazon MQ");
  EXPECT_EQ(untraceable_event_source("AWS::DocDB::DBCluster"), "Amazon DocumentDB");
  EXPECT_EQ(untraceable_event_source("SelfManagedKafka"), "self-managed Apache Kafka");
  EXPECT_EQ(untraceable_event_source("rabbitmq"), "Amazon MQ");
  EXPECT_EQ(untraceable_event_source("DocumentDB"), "Amazon DocumentDB");
  EXPECT_EQ(untraceable_event_source("SQS"), "");
  EXPECT_EQ(untraceable_event_source(""), "");
}

TEST(Model, MergeAppendsInOrder) {
  Model a, b;
  a.lambda_functions.resize(1);
  a.lambda_functions[0].address = "a";
  b.lambda_functions.resize(2);
  b.lambda_functions[0].address = "b0";
  b.lambda_functions[1].address = "b1";
  b.apigateway_stages.resize(1);
  b.opaque.resize(1);
  a.merge(std::move(b));
  ASSERT_EQ(a.lambda_functions.size(), 3u);
  EXPECT_EQ(a.lambda_functions[0].address, "a");
  EXPECT_EQ(a.lambda_functions[2].address, "b1");
  EXPECT_EQ(a.apigateway_stages.size(), 1u);
  EXPECT_EQ(a.opaque.size(), 1u);
  Model empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_FALSE(a.empty());
}

TEST(EventSourceMappings, MarkTheFunctionTheyDesignateOnce) {
  Model m;
  aws::lambda::Function a, b, c;
  a.address = "aws_lambda_function.a";
  b.address = "arn:aws:lambda:us-east-1:1:function:b";
  c.address = "aws_lambda_function.c";
  m.lambda_functions = {a, b, c};
  aws::lambda::EventSourceMapping sqs, msk, mq, kafka;
  sqs.function.address = "aws_lambda_function.c";
  sqs.source = "arn:aws:sqs:us-east-1:1:q";
  msk.function.address = "aws_lambda_function.a";
  msk.source = "aws_msk_cluster";
  mq.function.address = "aws_lambda_function.a";
  mq.source = "arn:aws:mq:us-east-1:1:broker:b:1";
  kafka.function.arn = "arn:aws:lambda:us-east-1:1:function:b";
  kafka.source = "SelfManagedKafka";
  m.lambda_event_source_mappings = {sqs, msk, mq, kafka};
  m.link();
  EXPECT_EQ(m.lambda_functions[0].unsupported_event_source, "Amazon MSK");  // the first mapping wins
  EXPECT_EQ(m.lambda_functions[1].unsupported_event_source, "self-managed Apache Kafka");
  EXPECT_EQ(m.lambda_functions[2].unsupported_event_source, "");  // SQS can be traced
}

TEST(RolePolicies, GatheredOnTheRoleTheyName) {
  Model m;
  aws::iam::Role byaddr, byname, other;
  byaddr.address = "aws_iam_role.exec";
  byaddr.inline_policies.push_back(aws::iam::PolicyDocument{"xray", {}, {}});  // as a plan's role lists it
  byname.address = "FnRole";
  byname.name = "fn-role";
  other.address = "aws_iam_role.other";
  other.managed_policies.push_back(Ref{"", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"});
  m.iam_roles = {byaddr, byname, other};
  aws::iam::RolePolicy p1, p2;
  p1.role.address = "aws_iam_role.exec";
  p1.document.name = "xray";
  p1.document.json.value = R"({"Statement":[]})";
  p2.role.arn = "arn:aws:iam::123456789012:role/fn-role";  // by ARN, matched on the role's name
  p2.document.name = "logs";
  m.iam_role_policies = {p1, p2};
  aws::iam::RolePolicyAttachment a1, a2, a3;
  a1.role.address = "aws_iam_role.exec";
  a1.policy.address = "aws_iam_policy.xray";
  a2.role.arn = "fn-role";  // by name (aws_iam_role_policy_attachment.role takes the name)
  a2.policy.arn = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";
  a3.role.address = "aws_iam_role.other";  // already listed on the role: not added twice
  a3.policy.arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";
  m.iam_role_policy_attachments = {a1, a2, a3};
  aws::iam::ManagedPolicy xray;
  xray.address = "aws_iam_policy.xray";
  m.iam_managed_policies = {xray};
  m.link();
  ASSERT_EQ(m.iam_roles[0].inline_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].inline_policies[0].name, "xray");
  EXPECT_EQ(m.iam_roles[0].inline_policies[0].json.value, R"({"Statement":[]})");  // the role policy's
  ASSERT_EQ(m.iam_roles[0].managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[0].managed_policies[0].address, "aws_iam_policy.xray");
  EXPECT_EQ(aws::iam::find_managed_policy(m.iam_managed_policies, m.iam_roles[0].managed_policies[0]),
            &m.iam_managed_policies[0]);
  ASSERT_EQ(m.iam_roles[1].inline_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[1].inline_policies[0].name, "logs");
  ASSERT_EQ(m.iam_roles[1].managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_roles[1].managed_policies[0].arn, "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");
  EXPECT_EQ(m.iam_roles[2].managed_policies.size(), 1u);
  EXPECT_TRUE(m.iam_roles[2].inline_policies.empty());
}

}  // namespace
}  // namespace cs::model
