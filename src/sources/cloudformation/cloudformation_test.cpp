// Detection by content, and the adapter on in-memory templates and assemblies.
#include "sources/cloudformation/cloudformation.h"

#include <gtest/gtest.h>

namespace cs::cfn {
namespace {

using model::aws::lambda::TracingMode;

TEST(CfnDetect, ByContentNotName) {
  EXPECT_EQ(detect("x.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"),
            TemplateKind::CloudFormation);
  EXPECT_EQ(detect("x.yml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n"),
            TemplateKind::CloudFormation);
  EXPECT_EQ(detect("x.template", "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}"),
            TemplateKind::CloudFormation);
  EXPECT_EQ(detect("t.yaml", "Transform: AWS::Serverless-2016-10-31\nResources: {}\n"), TemplateKind::Sam);
  EXPECT_EQ(
      detect("t.yaml", "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n"),
      TemplateKind::Sam);
  EXPECT_EQ(detect("t.json", "{\"Transform\": \"AWS::Serverless-2016-10-31\", \"Resources\": {}}"),
            TemplateKind::Sam);
}

TEST(CfnDetect, NotTemplates) {
  // A Serverless Framework service has a resources section that looks like a template.
  EXPECT_EQ(detect("serverless.yml",
                   "service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    Q:\n"
                   "      Type: AWS::SQS::Queue\n"),
            TemplateKind::None);
  EXPECT_EQ(detect("package.json", "{\"name\": \"x\", \"dependencies\": {\"aws-cdk-lib\": \"2\"}}"),
            TemplateKind::None);
  EXPECT_EQ(detect("plan.json", "{\"format_version\": \"1.2\", \"resource_changes\": []}"),
            TemplateKind::None);
  EXPECT_EQ(detect("k8s.yaml", "kind: Deployment\nResources:\n  limits: {cpu: 1}\n# AWS::\n"),
            TemplateKind::None);
  EXPECT_EQ(detect("list.yaml", "- AWS::Lambda::Function\n- Resources\n"), TemplateKind::None);
}

TEST(CfnDetect, BrokenTemplateIsStillScannedSoItsErrorIsReported) {
  std::string bad = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F: [\n";
  EXPECT_EQ(detect("bad.yaml", bad), TemplateKind::CloudFormation);
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(fs, "bad.yaml", bad, Options{}, m, d);
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "bad.yaml");
  EXPECT_GT(d[0].line, 0u);
  EXPECT_TRUE(m.lambda_functions.empty());
}

TEST(CfnScan, LocationsAndGlobalsNote) {
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(
      fs, "t.yaml",
      "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Tracing: Active\nResources:\n"
      "  Fn:\n    Type: AWS::Serverless::Function\n",
      Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), 1u);
  const auto& f = m.lambda_functions[0];
  EXPECT_EQ(f.kind, "sam");
  EXPECT_EQ(f.address, "Fn");
  EXPECT_EQ(f.declared.line, 6u);
  EXPECT_EQ(f.declared.col, 3u);
  EXPECT_EQ(f.tracing.value, TracingMode::Active);
  EXPECT_EQ(f.tracing.where.line, 4u);
  EXPECT_EQ(f.tracing.where.col, 14u);
  EXPECT_EQ(f.note, "from Globals.Function.Tracing");
}

TEST(CfnScan, TypesRolesAndEventSourceMappings) {
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(
      fs, "t.yaml",
      "Resources:\n  Role:\n    Type: AWS::IAM::Role\n"
      "  A:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n"
      "  B:\n    Type: AWS::Lambda::Function\n    Properties:\n"
      "      Role: arn:aws:iam::123456789012:role/b\n"
      "  Map:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref B\n"
      "      EventSourceArn: arn:aws:kafka:us-east-1:123456789012:cluster/c/1\n",
      Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), 2u);
  EXPECT_EQ(m.lambda_functions[0].type, "AWS::Lambda::Function");
  EXPECT_EQ(m.lambda_functions[0].role.address, "Role");
  EXPECT_EQ(m.lambda_functions[1].role.arn, "arn:aws:iam::123456789012:role/b");
  ASSERT_EQ(m.lambda_event_source_mappings.size(), 1u);
  EXPECT_EQ(m.lambda_event_source_mappings[0].address, "Map");
  EXPECT_EQ(m.lambda_event_source_mappings[0].function.address, "B");
  EXPECT_EQ(m.lambda_functions[0].unsupported_event_source, "");
  EXPECT_EQ(m.lambda_functions[1].unsupported_event_source, "Amazon MSK");
  // No tracing written: the anchor is the first key of Properties, at its indentation.
  EXPECT_EQ(m.lambda_functions[0].tracing.anchor.file, "t.yaml");
  EXPECT_EQ(m.lambda_functions[0].tracing.anchor.line, 7u);
  EXPECT_EQ(m.lambda_functions[0].tracing.anchor.col, 7u);
  EXPECT_EQ(m.lambda_functions[0].tracing.anchor.indent, "      ");
}

TEST(CfnScan, ParameterFilesThenCliParameters) {
  io::MemoryFileSystem fs;
  fs.add("a.json", "[{\"ParameterKey\": \"M\", \"ParameterValue\": \"PassThrough\"}]");
  fs.add("b.json", "{\"Parameters\": {\"M\": \"Active\"}}");
  fs.add("bad.json", "{\"Nope\": 1}");
  std::string tpl =
      "Parameters:\n  M: {Type: String}\nResources:\n  F:\n    Type: AWS::Lambda::Function\n"
      "    Properties: {TracingConfig: {Mode: !Ref M}}\n";
  auto run = [&](Options o) {
    model::Model m;
    Diagnostics d;
    scan_template(fs, "t.yaml", tpl, o, m, d);
    return std::make_pair(m.lambda_functions.at(0).tracing.value, d.size());
  };
  Options o;
  o.parameter_files = {"a.json"};
  EXPECT_EQ(run(o).first, TracingMode::PassThrough);
  o.parameter_files = {"a.json", "b.json"};
  EXPECT_EQ(run(o).first, TracingMode::Active);
  o.parameters = {{"M", "active"}};
  EXPECT_EQ(run(o).first, TracingMode::Invalid);
  o.parameter_files = {"bad.json", "missing.json"};
  o.parameters.clear();
  auto [mode, ndiags] = run(o);
  EXPECT_EQ(mode, TracingMode::Unknown);
  EXPECT_EQ(ndiags, 2u);
}

TEST(CfnCdk, AssemblyWithNestedStage) {
  io::MemoryFileSystem fs;
  fs.add("cdk.out/manifest.json",
         "{\"version\": \"36.0.0\", \"artifacts\": {"
         "\"S\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": "
         "\"S.template.json\"}},"
         "\"assembly-P\": {\"type\": \"cdk:cloud-assembly\", \"properties\": {\"directoryName\": "
         "\"assembly-P\"}}}}");
  fs.add("cdk.out/S.template.json",
         "{\"Resources\": {\"FnA1B2\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": "
         "{\"TracingConfig\": "
         "{\"Mode\": \"Active\"}}, \"Metadata\": {\"aws:cdk:path\": \"S/Fn/Resource\"}}}}");
  fs.add(
      "cdk.out/assembly-P/manifest.json",
      "{\"artifacts\": {\"PS\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": "
      "\"missing.template.json\"}}}}");
  fs.add("other/manifest.json", "{\"name\": \"web app\"}");
  EXPECT_TRUE(is_cdk_assembly(fs, "cdk.out"));
  EXPECT_FALSE(is_cdk_assembly(fs, "other"));
  EXPECT_FALSE(is_cdk_assembly(fs, "nowhere"));
  model::Model m;
  Diagnostics d;
  scan_cdk_out(fs, "cdk.out", Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), 1u);
  const auto& f = m.lambda_functions[0];
  EXPECT_EQ(f.kind, "cdk");
  EXPECT_EQ(f.tracing.value, TracingMode::Active);
  ASSERT_EQ(f.properties.size(), 1u);
  EXPECT_EQ(f.properties[0], (std::pair<std::string, std::string>{"construct_path", "S/Fn/Resource"}));
  EXPECT_EQ(f.note.find("S/Fn/Resource"),
            std::string::npos);  // shown once, from the property, not again in the note
  ASSERT_EQ(d.size(), 1u);       // the nested stage's template is missing
  EXPECT_EQ(d[0].file, "cdk.out/assembly-P/missing.template.json");
}

// Every event source mapping reaches its function, whether it names it by Ref or by FunctionName,
// however many functions the template holds (a mapping used to search the functions one by one,
// evaluating their names, until the template's evaluation budget ran out and later mappings were lost).
TEST(CfnScan, ManyEventSourceMappingsEachReachTheirFunction) {
  std::string tpl = "{\"Resources\": {\n";
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    std::string id = std::to_string(i);
    tpl +=
        "\"F" + id +
        "\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"FunctionName\": {\"Fn::Sub\": \"fn-" +
        id + "\"}}},\n";
    std::string fname = i % 2 ? "{\"Ref\": \"F" + id + "\"}" : "\"fn-" + id + "\"";
    tpl += "\"M" + id +
           "\": {\"Type\": \"AWS::Lambda::EventSourceMapping\", \"Properties\": {\"EventSourceArn\": "
           "\"arn:aws:kafka:us-east-1:111122223333:cluster/c/" +
           id + "\", \"FunctionName\": " + fname + "}}" + (i + 1 < n ? ",\n" : "\n");
  }
  tpl += "}}\n";
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(fs, "t.json", tpl, Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), static_cast<size_t>(n));
  for (const auto& f : m.lambda_functions) EXPECT_FALSE(f.unsupported_event_source.empty()) << f.address;
}

// The evaluation budget grows with the template: every function of a big template is evaluated, the
// last ones too (a flat per-template budget made them "too complex to evaluate").
TEST(CfnScan, EvaluationBudgetScalesWithTheResources) {
  std::string parts = "\"\"";
  for (int k = 0; k < 80; ++k) parts += ", \"\"";  // about 85 evaluation steps per function
  std::string tpl = "{\"Resources\": {\n";
  const int n = 3000;  // 3,000 x 85 steps: past the flat 200,000
  for (int i = 0; i < n; ++i)
    tpl += "\"F" + std::to_string(i) +
           "\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"TracingConfig\": {\"Mode\": "
           "{\"Fn::Join\": [\"\", [" +
           parts + ", \"Active\"]]}}}}" + (i + 1 < n ? ",\n" : "\n");
  tpl += "}}\n";
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(fs, "t.json", tpl, Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), static_cast<size_t>(n));
  for (const auto& f : m.lambda_functions)
    ASSERT_EQ(f.tracing.value, TracingMode::Active) << f.address << ": " << f.tracing.unknown_reason;
}

}  // namespace
}  // namespace cs::cfn
