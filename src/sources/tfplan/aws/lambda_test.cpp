// aws_lambda_event_source_mapping in plans and states (aws/lambda.cpp): the function and the source the
// mapping names, and the functions Model::link() marks with it.
#include <gtest/gtest.h>

#include "io/fs.h"
#include "sources/tfplan/aws/test_plans.h"
#include "sources/tfplan/mappers.h"

namespace cs::tfplan {
namespace {

using namespace plan_test;
using model::aws::lambda::EventSourceMapping;

testing::AssertionResult is(const EventSourceMapping& m, const std::string& address,
                            const std::string& fn_address, const std::string& fn_arn,
                            const std::string& source) {
  if (m.address == address && m.function.address == fn_address && m.function.arn == fn_arn &&
      m.source == source)
    return testing::AssertionSuccess();
  return testing::AssertionFailure() << "mapping {" << m.address << ", fn {" << m.function.address << ", "
                                     << m.function.arn << "}, " << m.source << "}, want {" << address
                                     << ", fn {" << fn_address << ", " << fn_arn << "}, " << source << "}";
}

// The functions Model::link() marks: address -> the event source X-Ray cannot trace ("" when none).
std::map<std::string, std::string> marks(model::Model& m) {
  m.link();
  std::map<std::string, std::string> out;
  for (const auto& f : m.lambda_functions) out[f.address] = f.unsupported_event_source;
  return out;
}

// tests/fixtures/lambda_notracing/tfplan/aws_provider/plan.json: a real plan (terraform 1.11.4,
// hashicorp/aws 5.100.0) of tests/oracle/tfplan_oracle.py's configuration: on create the event source
// ARN and the function's ARN are unknown; the configuration names the resources they come from.
TEST(TfplanLambdaMappings, TheRealProviderPlan) {
  io::DiskFileSystem fs;
  std::string path =
      std::string(CS_SOURCE_DIR) + "/tests/fixtures/lambda_notracing/tfplan/aws_provider/plan.json";
  auto content = fs.read(path);
  ASSERT_TRUE(content.ok());
  Out o;
  scan(fs, path, std::move(*content), o.model, o.diags);
  EXPECT_TRUE(o.diags.empty());
  const auto& ms = o.model.lambda_event_source_mappings;
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_TRUE(
      is(ms[0], "aws_lambda_event_source_mapping.mq", "aws_lambda_function.mq_fed", "", "aws_mq_broker"));
  EXPECT_TRUE(
      is(ms[1], "aws_lambda_event_source_mapping.msk", "aws_lambda_function.msk_fed", "", "aws_msk_cluster"));
  EXPECT_TRUE(is(ms[2], "aws_lambda_event_source_mapping.sqs", "aws_lambda_function.sqs_fed", "", ""));
  EXPECT_EQ(ms[0].kind, "terraform-plan");
  EXPECT_EQ(ms[0].type, "aws_lambda_event_source_mapping");
  EXPECT_EQ(ms[0].declared.file, path);
  EXPECT_EQ(ms[0].declared.line, 1u);
  auto marked = marks(o.model);
  EXPECT_EQ(marked["aws_lambda_function.msk_fed"], "Amazon MSK");
  EXPECT_EQ(marked["aws_lambda_function.mq_fed"], "Amazon MQ");
  EXPECT_EQ(marked["aws_lambda_function.sqs_fed"], "");
  EXPECT_EQ(marked["aws_lambda_function.absent"], "");
}

TEST(TfplanLambdaMappings, SourceFromBlocksValueReferencesTopicsAndQueues) {
  const std::string fn =
      R"({"function_name":{"references":["aws_lambda_function.f.arn","aws_lambda_function.f"]}})";
  Out o = scan_text(plan(
      {
          // A block only self-managed Kafka has, in the values.
          change(
              "aws_lambda_event_source_mapping.smk", "aws_lambda_event_source_mapping",
              R"({"self_managed_event_source":[{"endpoints":{"KAFKA_BOOTSTRAP_SERVERS":"b:9092"}}],"topics":["t"]})"),
          // A known ARN wins over the reference.
          change("aws_lambda_event_source_mapping.known", "aws_lambda_event_source_mapping",
                 R"({"event_source_arn":"arn:aws:rds:us-east-1:123456789012:cluster:docs"})"),
          // Unknown: the resource type the configuration refers to.
          change("aws_lambda_event_source_mapping.docdb", "aws_lambda_event_source_mapping", "{}",
                 R"({"event_source_arn":true})"),
          // Unknown and referring to something X-Ray can trace: topics say Kafka.
          change("aws_lambda_event_source_mapping.topics", "aws_lambda_event_source_mapping",
                 R"({"topics":["orders"]})", R"({"event_source_arn":true,"topics":[false]})"),
          change("aws_lambda_event_source_mapping.queues", "aws_lambda_event_source_mapping",
                 R"({"queues":["q"],"topics":[]})", R"({"event_source_arn":true})"),
          // Blocks and topics not known before apply claim nothing; an SQS ARN is traceable.
          change(
              "aws_lambda_event_source_mapping.sqs", "aws_lambda_event_source_mapping",
              R"({"event_source_arn":"arn:aws:sqs:us-east-1:123456789012:q","document_db_event_source_config":[]})",
              R"({"amazon_managed_kafka_event_source_config":true,"topics":true})"),
      },
      config("aws_lambda_event_source_mapping", "smk", fn) + "," +
          config("aws_lambda_event_source_mapping", "known",
                 R"({"event_source_arn":{"references":["aws_mq_broker.b.arn","aws_mq_broker.b"]}})") +
          "," +
          config(
              "aws_lambda_event_source_mapping", "docdb",
              R"({"event_source_arn":{"references":["aws_docdb_cluster.c[0].arn","aws_docdb_cluster.c[0]","aws_docdb_cluster.c"]}})") +
          "," +
          config("aws_lambda_event_source_mapping", "topics",
                 R"({"event_source_arn":{"references":["aws_sqs_queue.q.arn","aws_sqs_queue.q"]}})")));
  EXPECT_TRUE(o.diags.empty());
  const auto& ms = o.model.lambda_event_source_mappings;
  ASSERT_EQ(ms.size(), 6u);
  EXPECT_TRUE(
      is(ms[0], "aws_lambda_event_source_mapping.smk", "aws_lambda_function.f", "", "SelfManagedKafka"));
  EXPECT_TRUE(is(ms[1], "aws_lambda_event_source_mapping.known", "", "",
                 "arn:aws:rds:us-east-1:123456789012:cluster:docs"));
  EXPECT_TRUE(is(ms[2], "aws_lambda_event_source_mapping.docdb", "", "", "aws_docdb_cluster"));
  EXPECT_TRUE(is(ms[3], "aws_lambda_event_source_mapping.topics", "", "", "MSK"));
  EXPECT_TRUE(is(ms[4], "aws_lambda_event_source_mapping.queues", "", "", "MQ"));
  EXPECT_TRUE(
      is(ms[5], "aws_lambda_event_source_mapping.sqs", "", "", "arn:aws:sqs:us-east-1:123456789012:q"));
}

TEST(TfplanLambdaMappings, FunctionByReferenceInTheModuleOrByArn) {
  Out o = scan_text(
      R"({"format_version":"1.2","resource_changes":[
{"address":"module.m[\"a\"].aws_lambda_event_source_mapping.e","module_address":"module.m[\"a\"]","mode":"managed",
 "type":"aws_lambda_event_source_mapping","name":"e",
 "change":{"actions":["create"],"after":{"topics":["t"]},"after_unknown":{"function_name":true}}},
{"address":"aws_lambda_event_source_mapping.by_arn","mode":"managed","type":"aws_lambda_event_source_mapping","name":"by_arn",
 "change":{"actions":["no-op"],"after":{"function_name":"arn:aws:lambda:us-east-1:123456789012:function:live:prod",
  "event_source_arn":"arn:aws:kafka:us-east-1:123456789012:cluster/c/1"},"after_unknown":{}}},
{"address":"aws_lambda_event_source_mapping.secret","mode":"managed","type":"aws_lambda_event_source_mapping","name":"secret",
 "change":{"actions":["create"],"after":{"function_name":"arn:aws:lambda:us-east-1:123456789012:function:hidden",
  "event_source_arn":"arn:aws:mq:us-east-1:123456789012:broker:b:1"},"after_unknown":{},"after_sensitive":{"function_name":true}}},
{"address":"aws_lambda_function.live","mode":"managed","type":"aws_lambda_function","name":"live",
 "change":{"actions":["no-op"],"after":{"arn":"arn:aws:lambda:us-east-1:123456789012:function:live",
  "tracing_config":[{"mode":"PassThrough"}]},"after_unknown":{}}}],
"configuration":{"root_module":{"module_calls":{"m":{"module":{"resources":[{"mode":"managed",
 "type":"aws_lambda_event_source_mapping","name":"e","expressions":{
  "function_name":{"references":["aws_lambda_function.f[\"x\"].function_name","aws_lambda_function.f[\"x\"]","aws_lambda_function.f"]}}}]}}}}}})");
  EXPECT_TRUE(o.diags.empty());
  const auto& ms = o.model.lambda_event_source_mappings;
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_TRUE(is(ms[0], "module.m[\"a\"].aws_lambda_event_source_mapping.e",
                 "module.m[\"a\"].aws_lambda_function.f[\"x\"]", "", "MSK"));
  // An alias ARN names the function of that ARN in the same plan.
  EXPECT_TRUE(is(ms[1], "aws_lambda_event_source_mapping.by_arn", "aws_lambda_function.live",
                 "arn:aws:lambda:us-east-1:123456789012:function:live:prod",
                 "arn:aws:kafka:us-east-1:123456789012:cluster/c/1"));
  // A value from something sensitive is not used.
  EXPECT_TRUE(is(ms[2], "aws_lambda_event_source_mapping.secret", "", "",
                 "arn:aws:mq:us-east-1:123456789012:broker:b:1"));
  EXPECT_EQ(marks(o.model)["aws_lambda_function.live"], "Amazon MSK");
}

// A state has no configuration: the mapping names its function by function_arn, which the function's arn
// matches. terraform show -json and terraform.tfstate v4 alike; deposed objects are skipped.
TEST(TfstateLambdaMappings, FunctionByArnInShowJsonAndRawStates) {
  Out o =
      scan_text(R"({"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
{"address":"aws_lambda_event_source_mapping.kafka","mode":"managed","type":"aws_lambda_event_source_mapping","name":"kafka",
 "values":{"function_name":"consumer","function_arn":"arn:aws:lambda:us-east-1:123456789012:function:consumer",
  "event_source_arn":"arn:aws:kafka:us-east-1:123456789012:cluster/c/1","topics":["t"],
  "amazon_managed_kafka_event_source_config":[{"consumer_group_id":"g"}],"self_managed_event_source":[]}}],
"child_modules":[{"address":"module.fn","resources":[
{"address":"module.fn.aws_lambda_function.this","mode":"managed","type":"aws_lambda_function","name":"this",
 "values":{"arn":"arn:aws:lambda:us-east-1:123456789012:function:consumer","tracing_config":[{"mode":"PassThrough"}]}}]}]}}})",
                "state.json");
  EXPECT_TRUE(o.diags.empty());
  ASSERT_EQ(o.model.lambda_event_source_mappings.size(), 1u);
  const auto& m = o.model.lambda_event_source_mappings[0];
  EXPECT_TRUE(is(m, "aws_lambda_event_source_mapping.kafka", "module.fn.aws_lambda_function.this",
                 "arn:aws:lambda:us-east-1:123456789012:function:consumer", "MSK"));
  EXPECT_EQ(m.kind, "terraform-state");
  EXPECT_EQ(m.declared.file, "state.json");
  EXPECT_EQ(m.declared.line, 2u);
  EXPECT_EQ(marks(o.model)["module.fn.aws_lambda_function.this"], "Amazon MSK");

  Out raw = scan_text(R"({"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"l","resources":[
{"mode":"managed","type":"aws_lambda_event_source_mapping","name":"mq","instances":[
  {"index_key":0,"attributes":{"function_name":"arn:aws:lambda:us-east-1:123456789012:function:worker",
   "function_arn":"arn:aws:lambda:us-east-1:123456789012:function:worker",
   "event_source_arn":"arn:aws:mq:us-east-1:123456789012:broker:b:b-1","queues":["q"]}},
  {"index_key":1,"deposed":"d1","attributes":{"function_arn":"arn:aws:lambda:us-east-1:123456789012:function:other",
   "event_source_arn":"arn:aws:mq:us-east-1:123456789012:broker:b:b-1"}}]},
{"mode":"managed","type":"aws_lambda_function","name":"worker","instances":[
  {"index_key":"a","attributes":{"arn":"arn:aws:lambda:us-east-1:123456789012:function:worker","tracing_config":[{"mode":"PassThrough"}]}}]},
{"mode":"managed","type":"aws_lambda_function","name":"other","instances":[
  {"attributes":{"arn":"arn:aws:lambda:us-east-1:123456789012:function:other","tracing_config":[]}}]}]})",
                      "terraform.tfstate");
  EXPECT_TRUE(raw.diags.empty());
  ASSERT_EQ(raw.model.lambda_event_source_mappings.size(), 1u);
  EXPECT_TRUE(is(raw.model.lambda_event_source_mappings[0], "aws_lambda_event_source_mapping.mq[0]",
                 "aws_lambda_function.worker[\"a\"]", "arn:aws:lambda:us-east-1:123456789012:function:worker",
                 "arn:aws:mq:us-east-1:123456789012:broker:b:b-1"));
  auto marked = marks(raw.model);
  EXPECT_EQ(marked["aws_lambda_function.worker[\"a\"]"], "Amazon MQ");
  EXPECT_EQ(marked["aws_lambda_function.other"], "");
}

}  // namespace
}  // namespace cs::tfplan
