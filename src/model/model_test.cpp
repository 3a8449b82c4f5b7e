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

}  // namespace
}  // namespace cs::model
