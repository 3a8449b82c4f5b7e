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

// provider.tracing: true is not a mapping: `serverless package` warns and deploys no TracingConfig.
TEST(SlsScan, BareBooleanProviderTracingIsIgnoredAndSaid) {
  Scan s(
      "service: s\nprovider:\n  name: aws\n  tracing: true\nfunctions:\n  a:\n    handler: h\n"
      "  b:\n    tracing: false\n  c:\n    tracing: Active\n");
  const std::string said =
      "provider.tracing is true, not a mapping: the Framework ignores it (it warns \"Invalid configuration "
      "encountered at 'provider.tracing': must be object\"); set provider.tracing.lambda";
  const auto* a = s.fn("functions.a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->tracing.value, TracingMode::Absent);
  EXPECT_EQ(a->note, said);
  EXPECT_EQ(s.fn("functions.b")->tracing.value, TracingMode::Absent);
  EXPECT_EQ(s.fn("functions.b")->note, "functions.b.tracing is false; " + said);
  EXPECT_EQ(s.fn("functions.c")->tracing.value, TracingMode::Active);
  EXPECT_EQ(s.fn("functions.c")->note, "");
  Scan mapped("service: s\nprovider:\n  name: aws\n  tracing: {apiGateway: true}\nfunctions:\n  a: {}\n");
  EXPECT_EQ(mapped.fn("functions.a")->note, "");
}

// resources: deep-merged into the generated function (Resources), then extensions' Properties assigned
// key by key (an extension's TracingConfig replaces the generated one), as `serverless package` does.
TEST(SlsScan, ResourcesMergeIntoGeneratedFunctions) {
  Scan s(
      "service: s\n"                                             // 1
      "provider:\n"                                              // 2
      "  name: aws\n"                                            // 3
      "  tracing: {lambda: true}\n"                              // 4
      "functions:\n"                                             // 5
      "  a-b: {}\n"                                              // 6
      "  c_d: {}\n"                                              // 7
      "  keep: {}\n"                                             // 8
      "  extEmpty: {}\n"                                         // 9
      "  resNull: {}\n"                                          // 10
      "  ref: {}\n"                                              // 11
      "resources:\n"                                             // 12
      "  extensions:\n"                                          // 13
      "    ADashbLambdaFunction:\n"                              // 14
      "      Properties:\n"                                      // 15
      "        TracingConfig: {Mode: PassThrough}\n"             // 16
      "    ExtEmptyLambdaFunction:\n"                            // 17
      "      Properties: {TracingConfig: {}}\n"                  // 18
      "    KeepLambdaFunction:\n"                                // 19
      "      Properties: {MemorySize: 256}\n"                    // 20
      "  Resources:\n"                                           // 21
      "    CUnderscoredLambdaFunction:\n"                        // 22
      "      Properties: {TracingConfig: {Mode: Active}}\n"      // 23
      "    KeepLambdaFunction:\n"                                // 24
      "      Properties: {TracingConfig: {}}\n"                  // 25
      "    ResNullLambdaFunction:\n"                             // 26
      "      Properties: {TracingConfig: null}\n"                // 27
      "    RefLambdaFunction:\n"                                 // 28
      "      Properties: {TracingConfig: {Mode: !Ref M}}\n"      // 29
      "    ExtEmptyLambdaFunction:\n"                            // 30
      "      Properties: {TracingConfig: {Mode: {Ref: M}}}\n");  // 31: replaced by the extension
  const auto* ab = s.fn("functions.a-b");
  ASSERT_TRUE(ab);
  EXPECT_EQ(ab->tracing.value, TracingMode::PassThrough);
  EXPECT_EQ(ab->tracing.where.line, 16u);
  EXPECT_EQ(ab->note, "TracingConfig from resources.extensions.ADashbLambdaFunction");
  EXPECT_EQ(s.fn("functions.c_d")->tracing.value, TracingMode::Active);
  EXPECT_EQ(s.fn("functions.c_d")->tracing.where.line, 23u);
  const auto* keep = s.fn("functions.keep");  // {} merges nothing; MemorySize is not tracing
  EXPECT_EQ(keep->tracing.value, TracingMode::Active);
  EXPECT_EQ(keep->tracing.where.line, 4u);
  EXPECT_EQ(keep->note, "from provider.tracing.lambda");
  const auto* ee = s.fn("functions.extEmpty");
  EXPECT_EQ(ee->tracing.value, TracingMode::Absent);
  EXPECT_EQ(ee->note, "TracingConfig from resources.extensions.ExtEmptyLambdaFunction, which sets no Mode");
  EXPECT_EQ(s.fn("functions.resNull")->tracing.value, TracingMode::Absent);
  const auto* ref = s.fn("functions.ref");
  EXPECT_EQ(ref->tracing.value, TracingMode::Unknown);
  EXPECT_EQ(
      ref->tracing.unknown_reason,
      "the CloudFormation intrinsic !Ref at svc/serverless.yml:29 is resolved by CloudFormation at deploy "
      "time");
  Scan m(
      "service: s\nprovider: {name: aws}\nfunctions:\n  f: {}\nresources:\n  Resources:\n"
      "    FLambdaFunction: {Properties: {TracingConfig: {Mode: {Ref: M}}}}\n");
  EXPECT_EQ(m.fn("functions.f")->tracing.value, TracingMode::Unknown);
  EXPECT_EQ(
      m.fn("functions.f")->tracing.unknown_reason,
      "Mode in resources.Resources.FLambdaFunction is an intrinsic function, evaluated by CloudFormation at "
      "deploy");
}

TEST(SlsScan, UnreadableResourcesLeaveFunctionsUnresolved) {
  Scan s(
      "service: s\nprovider: {name: aws, tracing: {lambda: true}}\nfunctions:\n  f: {}\n"
      "resources: ${file(./nope.yml)}\n");
  const auto* f = s.fn("functions.f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->tracing.value, TracingMode::Unknown);
  EXPECT_EQ(
      f->tracing.unknown_reason.rfind("whether resources change FLambdaFunction is not known: resources "
                                      "cannot be read: ",
                                      0),
      0u)
      << f->tracing.unknown_reason;
}

// Raw CloudFormation under resources.Resources: the CloudFormation mappers, the service's variables
// resolved, addresses resources.Resources.<Id>, links to what the Framework generates.
TEST(SlsScan, RawResourcesAreCheckedAsCloudFormation) {
  Scan s(
      "service: s\n"                                                       // 1
      "provider: {name: aws, stage: dev}\n"                                // 2
      "custom: {mode: Active}\n"                                           // 3
      "functions:\n"                                                       // 4
      "  hello: {handler: h}\n"                                            // 5
      "resources:\n"                                                       // 6
      "  - Conditions:\n"                                                  // 7
      "      IsProd: !Equals ['${sls:stage}', prod]\n"                     // 8
      "  - Resources:\n"                                                   // 9
      "      Raw:\n"                                                       // 10
      "        Type: AWS::Lambda::Function\n"                              // 11
      "        Properties:\n"                                              // 12
      "          Role: !GetAtt IamRoleLambdaExecution.Arn\n"               // 13
      "          TracingConfig: {Mode: '${self:custom.mode}'}\n"           // 14
      "      Own:\n"                                                       // 15
      "        Type: AWS::Lambda::Function\n"                              // 16
      "        Properties: {Role: !GetAtt OwnRole.Arn}\n"                  // 17
      "      OwnRole: {Type: AWS::IAM::Role, Properties: {}}\n"            // 18
      "      Prod: {Type: AWS::Lambda::Function, Condition: IsProd}\n"     // 19
      "      Msk:\n"                                                       // 20
      "        Type: AWS::Lambda::EventSourceMapping\n"                    // 21
      "        Properties:\n"                                              // 22
      "          FunctionName: !Ref HelloLambdaFunction\n"                 // 23
      "          EventSourceArn: arn:aws:kafka:us-east-1:1:cluster/c/x\n"  // 24
      "      HelloLambdaFunction: {Type: AWS::Lambda::Function}\n"         // 25
      "      Sam: {Type: AWS::Serverless::Function, Properties: {}}\n"     // 26
      "      Lost: ${file(./nope.yml)}\n"                                  // 27
      "      Env:\n"                                                       // 28
      "        Type: AWS::Lambda::Function\n"                              // 29
      "        Properties: ${env:PROPS}\n");                               // 30
  const auto* raw = s.fn("resources.Resources.Raw");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->kind, "serverless");
  EXPECT_EQ(raw->tracing.value, TracingMode::Active);
  EXPECT_EQ(raw->tracing.where.file, "svc/serverless.yml");
  EXPECT_EQ(raw->tracing.where.line, 14u);
  EXPECT_EQ(raw->declared.line, 10u);
  EXPECT_EQ(raw->role.address, "IamRoleLambdaExecution");  // the generated role
  const auto* own = s.fn("resources.Resources.Own");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->tracing.value, TracingMode::Absent);
  EXPECT_EQ(own->role.address, "resources.Resources.OwnRole");
  bool role = false;
  for (const auto& r : s.model.iam_roles) role |= r.address == "resources.Resources.OwnRole";
  EXPECT_TRUE(role);
  EXPECT_FALSE(s.fn("resources.Resources.Prod"));                 // Condition false: not created
  EXPECT_FALSE(s.fn("resources.Resources.HelloLambdaFunction"));  // merged into functions.hello
  EXPECT_FALSE(s.fn("resources.Resources.Sam"));                  // no SAM transform
  const auto* hello = s.fn("functions.hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->unsupported_event_source, "Amazon MSK");  // the raw mapping links to it
  ASSERT_EQ(s.model.lambda_event_source_mappings.size(), 1u);
  EXPECT_EQ(s.model.lambda_event_source_mappings[0].address, "resources.Resources.Msk");
  EXPECT_EQ(s.model.lambda_event_source_mappings[0].function.address, "functions.hello");
  bool warned = false;
  for (const auto& d : s.diags)
    warned |= d.severity == Severity::Warning && d.line == 26 &&
              d.message.find("resources.Resources.Sam is an AWS::Serverless::Function") == 0;
  EXPECT_TRUE(warned);
  // What cannot be read is UNRESOLVED, never dropped.
  // One UNRESOLVED component per service, at the first entry that cannot be read, naming them all.
  ASSERT_EQ(s.model.opaque.size(), 1u);
  EXPECT_EQ(s.model.opaque[0].address, "resources.Resources");
  EXPECT_EQ(s.model.opaque[0].declared.line, 27u);
  EXPECT_EQ(
      s.model.opaque[0].detail.rfind("2 entries of resources cannot be read (resources.Resources.Lost, "
                                     "resources.Resources.Env); the first: the resource cannot be read: ",
                                     0),
      0u)
      << s.model.opaque[0].detail;
}

TEST(SlsScan, RawResourceWithUnreadableProperties) {
  Scan s(
      "service: s\nprovider: {name: aws}\n"
      "resources:\n"
      "  Resources:\n"
      "    Env:\n"
      "      Type: AWS::Lambda::Function\n"
      "      Properties: ${env:PROPS}\n");
  ASSERT_EQ(s.model.opaque.size(), 1u);
  EXPECT_EQ(s.model.opaque[0].address, "resources.Resources.Env");
  EXPECT_EQ(s.model.opaque[0].declared.line, 5u);
  EXPECT_EQ(s.model.opaque[0].detail.rfind("the AWS::Lambda::Function's Properties cannot be read: ", 0), 0u)
      << s.model.opaque[0].detail;
  EXPECT_TRUE(s.model.lambda_functions.empty());
}

// A variable that includes a mapping it is in makes an endless tree: cut, no crash; a variable that
// expands to a huge tree stops at a budget and what it cuts is UNRESOLVED.
TEST(SlsScan, RawResourcesThatNeverEnd) {
  Scan cycle(
      "service: s\nprovider: {name: aws}\nresources:\n  Resources:\n    X: ${self:resources}\n"
      "    F: {Type: AWS::Lambda::Function, Properties: {TracingConfig: {Mode: Active}}}\n");
  const auto* f = cycle.fn("resources.Resources.F");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->tracing.value, TracingMode::Active);
  std::string yml = "service: s\nprovider: {name: aws}\ncustom:\n  a0: [x, x]\n";
  for (int i = 1; i < 24; ++i)
    yml += "  a" + std::to_string(i) + ": ['${self:custom.a" + std::to_string(i - 1) +
           "}', '${self:custom.a" + std::to_string(i - 1) + "}']\n";
  yml +=
      "resources:\n  Resources:\n    F:\n      Type: AWS::Lambda::Function\n      Properties:\n"
      "        Tags: ${self:custom.a23}\n        TracingConfig: {Mode: Active}\n";
  Scan big(yml);
  const auto* g = big.fn("resources.Resources.F");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->tracing.value, TracingMode::Unknown);
  EXPECT_EQ(g->tracing.unknown_reason, "TracingConfig: resources is too large to evaluate");
}

// An entry included with ${file(...)} points at the line that includes it; where a fix would write in
// it is not known (no anchor), unlike an entry written in the service file.
TEST(SlsScan, RawResourcesFromAnIncludedFile) {
  io::MemoryFileSystem fs;
  std::string yml =
      "service: s\nprovider: {name: aws}\nresources:\n  Resources:\n"  // 1-4
      "    Inc: ${file(./fn.yml)}\n"                                   // 5
      "    Here:\n      Type: AWS::Lambda::Function\n      Properties:\n        Runtime: nodejs18.x\n";
  fs.add("svc/serverless.yml", yml);
  fs.add("svc/fn.yml", "Type: AWS::Lambda::Function\nProperties:\n  Runtime: nodejs18.x\n");
  model::Model m;
  Diagnostics d;
  scan_service(fs, "svc/serverless.yml", yml, Options{}, m, d);
  ASSERT_EQ(m.lambda_functions.size(), 2u);
  const auto& inc = m.lambda_functions[0];
  EXPECT_EQ(inc.address, "resources.Resources.Inc");
  EXPECT_EQ(inc.tracing.value, TracingMode::Absent);
  EXPECT_EQ(inc.declared.file, "svc/serverless.yml");
  EXPECT_EQ(inc.declared.line, 5u);
  EXPECT_TRUE(inc.tracing.anchor.empty());
  const auto& here = m.lambda_functions[1];
  EXPECT_EQ(here.address, "resources.Resources.Here");
  EXPECT_EQ(here.tracing.anchor.file, "svc/serverless.yml");
  EXPECT_EQ(here.tracing.anchor.line, 9u);  // the first key of its Properties
  EXPECT_EQ(here.tracing.anchor.indent, "        ");
}

TEST(SlsScan, RawResourcesWithTheSamTransform) {
  Scan s(
      "service: s\nprovider: {name: aws}\n"
      "resources:\n"
      "  Transform: AWS::Serverless-2016-10-31\n"
      "  Resources:\n"
      "    Sam: {Type: AWS::Serverless::Function, Properties: {Tracing: Active}}\n");
  const auto* sam = s.fn("resources.Resources.Sam");
  ASSERT_TRUE(sam);
  EXPECT_EQ(sam->kind, "serverless");
  EXPECT_EQ(sam->tracing.value, TracingMode::Active);
  EXPECT_EQ(sam->role.address, "resources.Resources.SamRole");  // the role SAM generates
}

// Custom resources: the Framework's own functions, with no TracingConfig whatever provider.tracing says.
TEST(SlsScan, FrameworkCustomResourceFunctions) {
  Scan s(
      "service: s\n"                                                       // 1
      "provider: {name: aws, tracing: {lambda: true}, eventBridge: {}}\n"  // 2
      "functions:\n"                                                       // 3
      "  a:\n"                                                             // 4
      "    events:\n"                                                      // 5
      "      - s3: {bucket: b, existing: 'true'}\n"                        // 6
      "      - cognitoUserPool: {pool: p, trigger: PreSignUp}\n"           // 7: not existing: no function
      "  b:\n"                                                             // 8
      "    events:\n"                                                      // 9
      "      - s3: {bucket: c, existing: true}\n"                          // 10: the same function again
      "      - cognitoUserPool: {pool: p, trigger: PreSignUp, existing: true}\n"  // 11
      "      - eventBridge: {pattern: {source: [x]}}\n");                         // 12
  ASSERT_EQ(s.model.lambda_functions.size(), 5u);
  const auto* s3 = s.fn("CustomDashresourceDashexistingDashs3LambdaFunction");
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->tracing.value, TracingMode::Absent);
  EXPECT_EQ(s3->declared.line, 6u);
  EXPECT_EQ(s3->kind, "serverless");
  EXPECT_EQ(
      s3->note,
      "the Framework deploys this function for an s3 event with existing: true (functions.a.events[0]) and "
      "sets no tracing on it");
  ASSERT_TRUE(s.fn("CustomDashresourceDashexistingDashcupLambdaFunction"));
  EXPECT_EQ(s.fn("CustomDashresourceDashexistingDashcupLambdaFunction")->declared.line, 11u);
  // provider.eventBridge set without useCloudFormation: true -> the custom resource (v3 default is native)
  ASSERT_TRUE(s.fn("CustomDashresourceDasheventDashbridgeLambdaFunction"));
  Scan native(
      "service: s\nprovider: {name: aws}\nfunctions:\n  a:\n    events:\n"
      "      - eventBridge: {pattern: {source: [x]}}\n      - s3: {bucket: b}\n");
  EXPECT_EQ(native.model.lambda_functions.size(), 1u);
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
