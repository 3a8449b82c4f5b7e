// Detection by content, and the adapter on in-memory templates and assemblies.
#include "sources/cloudformation/cloudformation.h"

#include <gtest/gtest.h>

#include <algorithm>

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

// Nested stacks: the parent's parameters are evaluated in the parent and become the child's values; a
// NoEcho value stays a secret through the child; the child's resources are addressed through the stack
// and enclosed by its declaration; a remote, missing or SAR template is one opaque component.
TEST(CfnNested, ParametersPassedDownAndOpaqueTemplates) {
  io::MemoryFileSystem fs;
  fs.add("p/child.yaml",
         "Parameters:\n  Mode: {Type: String}\n  Secret: {Type: String}\n  Queue: {Type: String}\n"
         "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
         "      Role: !GetAtt CR.Arn\n      TracingConfig: {Mode: !Ref Mode}\n"
         "  G:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig: {Mode: !Ref Secret}\n"
         "  H:\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig: {Mode: !Ref Queue}\n"
         "  CR:\n    Type: AWS::IAM::Role\n");
  std::string parent =
      "Parameters:\n  Pw: {Type: String, NoEcho: true, Default: hunter2}\nResources:\n"
      "  R:\n    Type: AWS::IAM::Role\n"
      "  S:\n    Type: AWS::CloudFormation::Stack\n    Metadata:\n      cloudsift:\n"
      "        ignore: [{id: lambda_notracing, reason: x}]\n    Properties:\n"
      "      TemplateURL: child.yaml\n"
      "      Parameters: {Mode: !Join ['', [Act, ive]], Secret: !Ref Pw, Queue: !GetAtt R.Arn}\n"
      "  Remote:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
      "      TemplateURL: s3://bucket/t.yaml\n"
      "  Unknown:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
      "      TemplateURL: !Sub 'https://${AWS::Region}.example.com/t.yaml'\n"
      "  Gone:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: nope.yaml\n";
  model::Model m;
  Diagnostics d;
  scan_template(fs, "p/parent.yaml", parent, Options{}, m, d);
  EXPECT_TRUE(d.empty());
  ASSERT_EQ(m.lambda_functions.size(), 3u);
  const auto& f = m.lambda_functions[0];
  EXPECT_EQ(f.address, "S/F");
  EXPECT_EQ(f.tracing.value, TracingMode::Active);
  EXPECT_EQ(f.declared.file, "p/child.yaml");
  EXPECT_EQ(f.declared.line, 6u);
  ASSERT_EQ(f.enclosing.size(), 1u);
  EXPECT_EQ(f.enclosing[0].file, "p/parent.yaml");
  EXPECT_EQ(f.enclosing[0].line, 6u);
  ASSERT_EQ(f.directives.size(), 1u);
  EXPECT_EQ(f.directives[0].text, "cloudsift:ignore lambda_notracing reason=\"x\"");
  EXPECT_EQ(f.role.address, "S/CR");  // references inside the child are addressed through the stack
  const auto& g = m.lambda_functions[1];
  EXPECT_EQ(g.address, "S/G");
  EXPECT_EQ(g.tracing.value, TracingMode::Invalid);
  EXPECT_TRUE(g.tracing.raw_is_label);
  EXPECT_EQ(g.tracing.raw, "(sensitive)");
  const auto& h = m.lambda_functions[2];
  EXPECT_EQ(h.tracing.value, TracingMode::Unknown);
  EXPECT_EQ(
      h.tracing.unknown_reason,
      "parameter Queue is passed by the parent stack's S as a value that cannot be known: Fn::GetAtt R.Arn "
      "is known only after deployment");
  ASSERT_EQ(m.iam_roles.size(), 2u);
  EXPECT_EQ(m.iam_roles[1].address, "S/CR");
  EXPECT_EQ(m.consumed_files, std::vector<std::string>{"p/child.yaml"});
  ASSERT_EQ(m.opaque.size(), 3u);
  EXPECT_EQ(m.opaque[0].address, "Remote");
  EXPECT_EQ(m.opaque[0].reason, "nested-stack-missing");
  EXPECT_NE(m.opaque[0].detail.find("s3://bucket/t.yaml is remote"), std::string::npos);
  EXPECT_EQ(m.opaque[1].address, "Unknown");
  EXPECT_NE(m.opaque[1].detail.find("TemplateURL cannot be known before deployment: AWS::Region"),
            std::string::npos);
  EXPECT_EQ(m.opaque[2].address, "Gone");
  EXPECT_EQ(m.opaque[2].kind, "sam");
  EXPECT_EQ(m.opaque[2].detail, "the nested stack's template p/nope.yaml is not on disk");
}

// A nested stack's Outputs are read back through Fn::GetAtt [Stack, Outputs.X]: evaluated in its template
// with what it is passed, through two levels, secrets kept; cycles and what cannot be known say why.
TEST(CfnNested, OutputsReadBackFromNestedStacks) {
  io::MemoryFileSystem fs;
  fs.add("leaf.yaml", "Parameters:\n  P: {Type: String}\nResources: {}\nOutputs:\n  Out: {Value: !Ref P}\n");
  fs.add("mid.yaml",
         "Parameters:\n  P: {Type: String}\nResources:\n  Leaf:\n    Type: AWS::CloudFormation::Stack\n"
         "    Properties: {TemplateURL: leaf.yaml, Parameters: {P: !Ref P}}\n"
         "Outputs:\n  Out: {Value: !GetAtt Leaf.Outputs.Out}\n  Off: {Value: x, Condition: No}\n"
         "Conditions:\n  No: !Equals [a, b]\n");
  fs.add("echo.yaml", "Parameters:\n  P: {Type: String}\nResources: {}\nOutputs:\n  Out: {Value: !Ref P}\n");
  std::string parent =
      "Parameters:\n  Pw: {Type: String, NoEcho: true, Default: Active}\nResources:\n"
      "  Mid:\n    Type: AWS::CloudFormation::Stack\n"
      "    Properties: {TemplateURL: mid.yaml, Parameters: {P: PassThrough}}\n"
      "  Sec:\n    Type: AWS::CloudFormation::Stack\n"
      "    Properties: {TemplateURL: echo.yaml, Parameters: {P: !Ref Pw}}\n"
      "  A:\n    Type: AWS::CloudFormation::Stack\n"
      "    Properties: {TemplateURL: echo.yaml, Parameters: {P: !GetAtt B.Outputs.Out}}\n"
      "  B:\n    Type: AWS::CloudFormation::Stack\n"
      "    Properties: {TemplateURL: echo.yaml, Parameters: {P: !GetAtt A.Outputs.Out}}\n"
      "  Remote:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: 's3://b/t.yaml'}\n"
      "  F1: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: !GetAtt Mid.Outputs.Out}}}\n"
      "  F2: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: !GetAtt Sec.Outputs.Out}}}\n"
      "  F3: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: !GetAtt A.Outputs.Out}}}\n"
      "  F4: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: !GetAtt Remote.Outputs.Out}}}\n"
      "  F5: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: !GetAtt Mid.Outputs.Off}}}\n";
  model::Model m;
  Diagnostics d;
  scan_template(fs, "parent.yaml", parent, Options{}, m, d);
  EXPECT_TRUE(d.empty());
  auto fn = [&](const std::string& a) -> const model::aws::lambda::Function& {
    for (const auto& f : m.lambda_functions)
      if (f.address == a) return f;
    ADD_FAILURE() << a;
    return m.lambda_functions[0];
  };
  EXPECT_EQ(fn("F1").tracing.value, TracingMode::PassThrough);  // two levels down and back
  EXPECT_EQ(fn("F2").tracing.value, TracingMode::Active);
  EXPECT_EQ(fn("F2").tracing.raw, "(sensitive)");  // a NoEcho value stays a secret through an output
  EXPECT_TRUE(fn("F2").tracing.raw_is_label);
  EXPECT_EQ(fn("F3").tracing.value, TracingMode::Unknown);
  EXPECT_NE(fn("F3").tracing.unknown_reason.find("a cycle between nested stacks"), std::string::npos)
      << fn("F3").tracing.unknown_reason;
  EXPECT_EQ(fn("F4").tracing.value, TracingMode::Unknown);
  EXPECT_EQ(
      fn("F4").tracing.unknown_reason.rfind("output Out of nested stack Remote is not known: the template "
                                            "s3://b/t.yaml is remote",
                                            0),
      0u)
      << fn("F4").tracing.unknown_reason;
  EXPECT_EQ(fn("F5").tracing.unknown_reason,
            "output Off of nested stack Mid is not known: its Condition is false: it is not created");
  std::vector<std::string> consumed = m.consumed_files;
  std::sort(consumed.begin(), consumed.end());
  EXPECT_EQ(consumed, (std::vector<std::string>{"echo.yaml", "leaf.yaml", "mid.yaml"}));
}

// Stacks nest at most 16 deep: below that, one opaque component says so.
TEST(CfnNested, DepthIsBounded) {
  io::MemoryFileSystem fs;
  for (int i = 0; i < 20; ++i)
    fs.add("t" + std::to_string(i) + ".yaml",
           "Resources:\n  N:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: t" +
               std::to_string(i + 1) + ".yaml\n  F:\n    Type: AWS::Lambda::Function\n");
  model::Model m;
  Diagnostics d;
  scan_template(fs, "t0.yaml", *fs.read("t0.yaml"), Options{}, m, d);
  EXPECT_EQ(m.lambda_functions.size(), 17u);
  ASSERT_EQ(m.opaque.size(), 1u);
  std::string addr;
  for (int i = 0; i < 17; ++i) addr += "N/";
  EXPECT_EQ(m.opaque[0].address, addr.substr(0, addr.size() - 1));
  EXPECT_EQ(m.opaque[0].detail, "nested more than 16 stacks deep; not evaluated");
  EXPECT_EQ(m.opaque[0].enclosing.size(), 16u);
}

// CDK: a nested stack's template is the asset its Metadata names in the assembly, evaluated with the
// parameters the parent passes, and not read again as a stack of its own.
TEST(CfnNested, CdkNestedStackThroughItsParent) {
  io::MemoryFileSystem fs;
  fs.add(
      "cdk.out/manifest.json",
      "{\"artifacts\": {\"S\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": "
      "\"S.template.json\"}}}}");
  fs.add(
      "cdk.out/S.template.json",
      "{\"Parameters\": {\"Mode\": {\"Type\": \"String\", \"Default\": \"Active\"}}, \"Resources\": {\"NS\": "
      "{\"Type\": \"AWS::CloudFormation::Stack\", \"Properties\": {\"TemplateURL\": {\"Fn::Join\": [\"\", "
      "[\"https://s3.\", {\"Ref\": \"AWS::Region\"}, \"/x.json\"]]}, \"Parameters\": {\"refMode\": {\"Ref\": "
      "\"Mode\"}}}, \"Metadata\": {\"aws:asset:path\": \"SW.nested.template.json\", \"aws:asset:property\": "
      "\"TemplateURL\"}}}}");
  fs.add("cdk.out/SW.nested.template.json",
         "{\"Parameters\": {\"refMode\": {\"Type\": \"String\"}}, \"Resources\": {\"W\": {\"Type\": "
         "\"AWS::Lambda::Function\", \"Properties\": {\"TracingConfig\": {\"Mode\": {\"Ref\": "
         "\"refMode\"}}}}}}");
  model::Model m;
  Diagnostics d;
  scan_cdk_out(fs, "cdk.out", Options{}, m, d);
  EXPECT_TRUE(d.empty());
  ASSERT_EQ(m.lambda_functions.size(), 1u);
  EXPECT_EQ(m.lambda_functions[0].address, "NS/W");
  EXPECT_EQ(m.lambda_functions[0].kind, "cdk");
  EXPECT_EQ(m.lambda_functions[0].tracing.value, TracingMode::Active);
}

}  // namespace
}  // namespace cs::cfn
