// The execution role a Serverless service generates, and each function's role: exact model contents,
// compared with what `serverless package` emits (tests/oracle/sls_iam/expected.json, which
// sls_iam_oracle checks against the Framework).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sources/common/document.h"
#include "sources/serverless/serverless.h"

namespace cs::sls {
namespace {

using model::Origin;

std::string read(const std::string& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

model::Model scan(const std::string& path, const std::string& yml) {
  io::MemoryFileSystem fs;
  fs.add(path, yml);
  model::Model m;
  Diagnostics d;
  scan_service(fs, path, yml, Options{}, m, d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d[0].message);
  return m;
}

std::string property(const model::Resource& r, std::string_view key) {
  for (const auto& [k, v] : r.properties)
    if (k == key) return v;
  return "";
}

TEST(SlsIam, GeneratedRoleAndFunctionRolesAgreeWithServerlessPackage) {
  std::string dir = std::string(CS_SOURCE_DIR) + "/tests/oracle/sls_iam/";
  auto expected = sources::parse_document(dir + "expected.json", read(dir + "expected.json"));
  ASSERT_TRUE(expected->ok() && expected->root->is_map());
  ASSERT_EQ(expected->root->pairs.size, 7u);
  for (const yaml::Pair& c : expected->root->pairs) {
    std::string name(c.key->value);
    SCOPED_TRACE(name);
    auto m = scan(name + "/serverless.yml", read(dir + name + "/serverless.yml"));
    const yaml::Node* want = c.value->find("role");
    // Roles under resources.Resources are the service's own (resources.Resources.<Id>), not generated.
    std::vector<model::aws::iam::Role> generated;
    std::set<std::string> raw;
    const model::aws::iam::Role* custom = nullptr;  // the custom resource functions' role
    for (const auto& r : m.iam_roles)
      if (r.address.rfind("resources.Resources.", 0) == 0)
        raw.insert(r.address.substr(20));
      else if (r.address == "IamRoleCustomResourcesLambdaExecution")
        custom = &r;
      else
        generated.push_back(r);
    const yaml::Node* want_custom = c.value->find("custom_role");
    ASSERT_TRUE(want_custom);
    if (want_custom->is_null()) {
      EXPECT_FALSE(custom);
    } else {
      ASSERT_TRUE(custom);
      EXPECT_EQ(custom->type, "AWS::IAM::Role");
      EXPECT_EQ(custom->kind, "serverless");
      EXPECT_EQ(custom->policies_unknown, "");
      ASSERT_EQ(custom->inline_policies.size(), 1u);
      EXPECT_EQ(custom->inline_policies[0].name, want_custom->find("PolicyName")->value);
      EXPECT_EQ(custom->inline_policies[0].json.origin, Origin::Explicit);
      std::string doc = "{\"Version\":\"2012-10-17\",\"Statement\":[";
      const yaml::Node* st = want_custom->find("Statements");
      for (size_t i = 0; i < st->items.size; ++i) doc += (i ? "," : "") + std::string(st->items[i]->value);
      EXPECT_EQ(custom->inline_policies[0].json.value, doc + "]}");
    }
    if (want->is_null()) {
      EXPECT_TRUE(generated.empty());
    } else {
      ASSERT_EQ(generated.size(), 1u);
      const auto& r = generated[0];
      EXPECT_EQ(r.address, "IamRoleLambdaExecution");
      EXPECT_EQ(r.type, "AWS::IAM::Role");
      EXPECT_EQ(r.kind, "serverless");
      EXPECT_EQ(r.name, want->find("RoleName")->value);
      EXPECT_EQ(r.policies_unknown, "");
      std::vector<std::string> arns, want_arns;
      for (const auto& p : r.managed_policies) arns.push_back(p.arn);
      for (const yaml::Node* a : want->find("ManagedPolicyArns")->items) want_arns.emplace_back(a->value);
      EXPECT_EQ(arns, want_arns);
      EXPECT_EQ(r.permissions_boundary.arn, want->find("PermissionsBoundary")->value);
      ASSERT_EQ(r.inline_policies.size(), 1u);
      EXPECT_EQ(r.inline_policies[0].name, want->find("PolicyName")->value);
      EXPECT_EQ(r.inline_policies[0].json.origin, Origin::Explicit);
      std::string doc = "{\"Version\":\"2012-10-17\",\"Statement\":[";
      const yaml::Node* st = want->find("Statements");
      for (size_t i = 0; i < st->items.size; ++i) doc += (i ? "," : "") + std::string(st->items[i]->value);
      EXPECT_EQ(r.inline_policies[0].json.value, doc + "]}");
    }
    // Each function's Role: an ARN as is, {"Fn::GetAtt": [Id, Arn]} the logical id.
    const yaml::Node* fns = c.value->find("functions");
    ASSERT_EQ(m.lambda_functions.size(), fns->pairs.size);
    for (const auto& f : m.lambda_functions) {
      const yaml::Node* role = fns->find(property(f, "logical_id"));
      ASSERT_TRUE(role) << f.address;
      if (role->is_scalar()) {
        EXPECT_EQ(f.role.arn, role->value) << f.address;
        EXPECT_EQ(f.role.address, "") << f.address;
      } else {
        std::string id(role->find("Fn::GetAtt")->items[0]->value);
        EXPECT_EQ(f.role.address, raw.count(id) ? "resources.Resources." + id : id) << f.address;
        EXPECT_EQ(f.role.arn, "") << f.address;
      }
    }
  }
}

// The statements of the cognitoUserPool and eventBridge custom resources are not modelled: unknown.
TEST(SlsIam, CustomResourcesRoleWithUnmodelledStatements) {
  auto m = scan("svc/serverless.yml",
                "service: s\nprovider: {name: aws, logs: {restApi: true}}\n"
                "functions:\n  f:\n    handler: h.h\n    events:\n"
                "      - cognitoUserPool: {pool: p, trigger: PreSignUp, existing: true}\n"
                "      - http: GET /\n");
  const model::aws::iam::Role* custom = nullptr;
  for (const auto& r : m.iam_roles)
    if (r.address == "IamRoleCustomResourcesLambdaExecution") custom = &r;
  ASSERT_TRUE(custom);
  // Placed on the first custom resource in the order the Framework adds them: API Gateway logs (line 2)
  // before cognito.
  EXPECT_EQ(custom->declared.line, 2u);
  ASSERT_EQ(custom->inline_policies.size(), 1u);
  EXPECT_EQ(custom->inline_policies[0].name, "dev-s-custom-resources-lambda");
  EXPECT_EQ(custom->inline_policies[0].json.origin, Origin::Unknown);
  EXPECT_EQ(custom->inline_policies[0].json.unknown_reason,
            "the statements the Framework adds for a cognitoUserPool event with existing: true "
            "(functions.f.events[0]) are not modelled");
  int custom_fns = 0;
  for (const auto& f : m.lambda_functions)
    if (f.address.rfind("CustomDashresource", 0) == 0) {
      ++custom_fns;
      EXPECT_EQ(f.role.address, "IamRoleCustomResourcesLambdaExecution");
    }
  EXPECT_EQ(custom_fns, 2);  // cognito and the API Gateway CloudWatch role
}

TEST(SlsIam, EventStatementsAndUnknowns) {
  auto m = scan("svc/serverless.yml",
                "service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      managedPolicies:\n"
                "        - {'Fn::Join': ['', ['arn:', {Ref: 'AWS::Partition'}, ':iam::aws:policy/X']]}\n"
                "      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n"
                "          Resource: ${ssm:/bucket}\n"
                "functions:\n  f:\n    handler: h.h\n    events:\n      - sqs: arn:aws:sqs:us-east-1:1:q\n");
  ASSERT_EQ(m.iam_roles.size(), 1u);
  const auto& r = m.iam_roles[0];
  EXPECT_EQ(r.name, "s-dev-us-east-1-lambdaRole");
  EXPECT_TRUE(r.managed_policies.empty());
  EXPECT_EQ(r.policies_unknown, "a managed policy is not a known ARN: a CloudFormation intrinsic");
  ASSERT_EQ(r.inline_policies.size(), 2u);
  EXPECT_EQ(r.inline_policies[0].name, "s-dev-lambda");
  EXPECT_EQ(r.inline_policies[0].json.origin, Origin::Unknown);
  EXPECT_NE(r.inline_policies[0].json.unknown_reason.find("ssm"), std::string::npos)
      << r.inline_policies[0].json.unknown_reason;
  EXPECT_EQ(r.inline_policies[1].json.origin, Origin::Unknown);
  EXPECT_EQ(r.inline_policies[1].json.unknown_reason,
            "the statements the Framework adds for sqs events are not modelled");
  ASSERT_EQ(m.lambda_functions.size(), 1u);
  EXPECT_EQ(m.lambda_functions[0].role.address, "IamRoleLambdaExecution");
}

TEST(SlsIam, DeprecatedStatementsWithoutCoercionStayAsWritten) {
  auto m = scan(
      "svc/serverless.yml",
      "service: s\nconfigValidationMode: off\nprovider:\n  name: aws\n  stage: prod\n  region: cn-north-1\n"
      "  iamRoleStatements:\n    - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"
      "  vpc: {securityGroupIds: [sg], subnetIds: [sn]}\n"
      "functions:\n  f:\n    handler: h.h\n    role: MyRole\n  g:\n    handler: h.h\n");
  ASSERT_EQ(m.iam_roles.size(), 1u);
  const auto& r = m.iam_roles[0];
  EXPECT_EQ(r.name, "s-prod-cn-north-1-lambdaRole");
  ASSERT_EQ(r.managed_policies.size(), 1u);
  EXPECT_EQ(r.managed_policies[0].arn,
            "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
  ASSERT_EQ(r.inline_policies.size(), 1u);
  EXPECT_NE(r.inline_policies[0].json.value.find(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"),
            std::string::npos)
      << r.inline_policies[0].json.value;
  EXPECT_EQ(r.inline_policies[0].json.value.find("xray"), std::string::npos);
  ASSERT_EQ(m.lambda_functions.size(), 2u);
  EXPECT_EQ(m.lambda_functions[0].role.address, "MyRole");
  EXPECT_EQ(m.lambda_functions[1].role.address, "IamRoleLambdaExecution");
}

}  // namespace
}  // namespace cs::sls
