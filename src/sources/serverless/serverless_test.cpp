#include "sources/serverless/serverless.h"

#include <gtest/gtest.h>

namespace cs::sls {
namespace {

using model::aws::lambda::TracingMode;

TEST(SlsDetect, ByNameAndByContent) {
  EXPECT_TRUE(detect("a/serverless.yml", "garbage: ["));
  EXPECT_TRUE(detect("serverless.json", "{}"));
  EXPECT_TRUE(detect("x/serverless.prod.yml", "service: s\nprovider:\n  name: aws\n"));
  EXPECT_TRUE(detect("svc.json", "{\"service\": \"s\", \"provider\": \"aws\"}"));
  EXPECT_FALSE(detect("x/other.yml", "service: s\nprovider:\n  name: google\n"));
  EXPECT_FALSE(
      detect("template.yaml",
             "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F:\n    Type: AWS::Lambda::Function\n"));
  EXPECT_FALSE(detect("t.yaml", "Transform: AWS::Serverless-2016-10-31\nservice: s\nprovider: aws\n"));
  EXPECT_FALSE(detect("package.json", "{\"service\": \"s\", \"provider\": \"aws\"}"));
  EXPECT_FALSE(detect("plan.json", "{\"format_version\": \"1.2\", \"resource_changes\": []}"));
  EXPECT_FALSE(detect("serverless.ts", "service: s\nprovider: aws\n"));
}

struct Scan {
  io::MemoryFileSystem fs;
  model::Model model;
  Diagnostics diags;
  const model::aws::lambda::Function* fn(const std::string& address) const {
    for (const auto& f : model.lambda_functions)
      if (f.address == address) return &f;
    return nullptr;
  }
  Scan(const std::string& yml, Options opts = {}) {
    fs.add("svc/serverless.yml", yml);
    scan_service(fs, "svc/serverless.yml", yml, opts, model, diags);
    model.link();  // as the engine does once the source ran
  }
};

TEST(SlsScan, EffectiveModeAndLocations) {
  Scan s(
      "service: s\n"               // 1
      "provider:\n"                // 2
      "  name: aws\n"              // 3
      "  tracing:\n"               // 4
      "    lambda: PassThrough\n"  // 5
      "functions:\n"               // 6
      "  own:\n"                   // 7
      "    handler: h\n"           // 8
      "    tracing: true\n"        // 9
      "  inherits:\n"              // 10
      "    handler: h\n"           // 11
      "  falseInherits:\n"         // 12
      "    tracing: false\n");     // 13
  ASSERT_EQ(s.model.lambda_functions.size(), 3u);
  const auto* own = s.fn("functions.own");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->kind, "serverless");
  EXPECT_EQ(own->tracing.value, TracingMode::Active);
  EXPECT_EQ(own->declared.line, 7u);
  EXPECT_EQ(own->declared.col, 3u);
  EXPECT_EQ(own->tracing.where.line, 9u);
  const auto* inh = s.fn("functions.inherits");
  EXPECT_EQ(inh->tracing.value, TracingMode::PassThrough);
  EXPECT_EQ(inh->tracing.where.line, 5u);
  EXPECT_EQ(inh->note, "from provider.tracing.lambda");
  EXPECT_EQ(s.fn("functions.falseInherits")->tracing.value, TracingMode::PassThrough);
  ASSERT_FALSE(own->properties.empty());
  EXPECT_EQ(own->properties[0], (std::pair<std::string, std::string>("logical_id", "OwnLambdaFunction")));
}

TEST(SlsScan, ValidationModeOffKeepsStrings) {
  Scan s(
      "service: s\nconfigValidationMode: off\nprovider: {name: aws}\nfunctions:\n  f:\n    tracing: "
      "'true'\n");
  const auto* f = s.fn("functions.f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->tracing.value, TracingMode::Invalid);
  EXPECT_EQ(f->tracing.raw, "true");
}

TEST(SlsScan, UnknownAndUnsupported) {
  Scan s(
      "service: s\nprovider: {name: aws}\nfunctions:\n  u:\n    tracing: ${opt:stage}\n"
      "  k:\n    events:\n      - kafka: {topic: t}\n");
  const auto* u = s.fn("functions.u");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->tracing.value, TracingMode::Unknown);
  EXPECT_EQ(u->tracing.unknown_reason, "${opt:stage} has no value and no default (use --stage)");
  EXPECT_EQ(s.fn("functions.k")->unsupported_event_source, "self-managed Apache Kafka");
  ASSERT_EQ(s.model.lambda_event_source_mappings.size(), 1u);
  EXPECT_EQ(s.model.lambda_event_source_mappings[0].function.address, "functions.k");
  EXPECT_EQ(s.model.lambda_event_source_mappings[0].source, "self-managed Apache Kafka");
}

TEST(SlsScan, BrokenYamlIsADiagnostic) {
  Scan s("service: s\nprovider:\n  name: aws\nfunctions: [\n");
  EXPECT_TRUE(s.model.lambda_functions.empty());
  ASSERT_FALSE(s.diags.empty());
  EXPECT_EQ(s.diags[0].severity, Severity::Error);
  EXPECT_GT(s.diags[0].line, 0u);
}

TEST(SlsScan, FunctionsFromAnUnreadableIncludeAreOpaque) {
  Scan s("service: s\nprovider: {name: aws}\nfunctions: ${file(./nope.yml)}\n");
  ASSERT_EQ(s.model.opaque.size(), 1u);
  EXPECT_EQ(s.model.opaque[0].address, "functions");
  EXPECT_EQ(s.model.opaque[0].reason, "unknown");
}

}  // namespace
}  // namespace cs::sls
