// IAM roles and policies of CloudFormation and SAM templates: exact model contents.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sources/cloudformation/cloudformation.h"
#include "sources/common/document.h"

namespace cs::cfn {
namespace {

using model::Origin;
using model::aws::iam::Role;

model::Model scan(const std::string& tpl, Options o = {}) {
  io::MemoryFileSystem fs;
  model::Model m;
  Diagnostics d;
  scan_template(fs, "t.yaml", tpl, o, m, d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d[0].message);
  return m;
}

const Role* role(const model::Model& m, std::string_view address) {
  for (const Role& r : m.iam_roles)
    if (r.address == address) return &r;
  return nullptr;
}

std::vector<std::string> managed(const Role& r) {
  std::vector<std::string> out;
  for (const auto& p : r.managed_policies) out.push_back(p.address.empty() ? p.arn : "address:" + p.address);
  return out;
}

TEST(CfnIam, RoleWithInlineManagedAndBoundary) {
  auto m = scan(
      "Parameters:\n  Env: {Type: String, Default: prod}\n"
      "Resources:\n"
      "  Pol:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      ManagedPolicyName: mp\n"
      "      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'xray:*', Resource: "
      "'*'}]}\n"
      "  Table:\n    Type: AWS::DynamoDB::Table\n"
      "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub app-${Env}\n"
      "      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\n"
      "        - !Sub arn:aws:iam::aws:policy/${Env}Policy\n"
      "        - !Join ['', ['arn:aws:iam::aws:policy/', 'X']]\n        - !Ref Pol\n"
      "        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/Y\n"
      "        - !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/Z']]\n"
      "      PermissionsBoundary: arn:aws:iam::123456789012:policy/b\n"
      "      Policies:\n        - PolicyName: inline\n          PolicyDocument:\n            Version: "
      "2012-10-17\n"
      "            Statement:\n              - Effect: Allow\n                Action: [dynamodb:GetItem]\n"
      "                Resource: !GetAtt Table.Arn\n              - Effect: Allow\n"
      "                Action: s3:GetObject\n                Resource: !Sub 'arn:aws:s3:::${Env}-bucket/*'\n"
      "                Condition: {Bool: {aws:SecureTransport: true}}\n"
      "        - PolicyName: text\n          PolicyDocument: '{\"Statement\": []}'\n");
  ASSERT_EQ(m.iam_roles.size(), 1u);
  const Role& r = m.iam_roles[0];
  EXPECT_EQ(r.address, "R");
  EXPECT_EQ(r.type, "AWS::IAM::Role");
  EXPECT_EQ(r.kind, "cloudformation");
  EXPECT_EQ(r.name, "app-prod");
  EXPECT_EQ(r.declared.line, 11u);
  EXPECT_EQ(managed(r), (std::vector<std::string>{
                            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
                            "arn:aws:iam::aws:policy/prodPolicy", "arn:aws:iam::aws:policy/X", "address:Pol",
                            "arn:aws:iam::aws:policy/service-role/Y", "arn:aws:iam::aws:policy/Z"}));
  EXPECT_EQ(r.permissions_boundary.arn, "arn:aws:iam::123456789012:policy/b");
  EXPECT_EQ(r.policies_unknown, "");
  ASSERT_EQ(r.inline_policies.size(), 2u);
  EXPECT_EQ(r.inline_policies[0].name, "inline");
  EXPECT_EQ(r.inline_policies[0].json.origin, Origin::Explicit);
  // Resolved where it can be; a resource's attribute stays the intrinsic CloudFormation resolves.
  EXPECT_EQ(
      r.inline_policies[0].json.value,
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\"],"
      "\"Resource\":{\"Fn::GetAtt\":[\"Table\",\"Arn\"]}},{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
      "\"Resource\":\"arn:aws:s3:::prod-bucket/"
      "*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":true}}}]}");
  EXPECT_EQ(r.inline_policies[1].name, "text");
  EXPECT_EQ(r.inline_policies[1].json.value, "{\"Statement\": []}");
  ASSERT_EQ(m.iam_managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_managed_policies[0].address, "Pol");
  EXPECT_EQ(m.iam_managed_policies[0].name, "mp");
  EXPECT_EQ(m.iam_managed_policies[0].document.json.value,
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"xray:*\","
            "\"Resource\":\"*\"}]}");
}

TEST(CfnIam, UnknowableDocumentsAndLists) {
  auto m = scan(
      "Parameters:\n  P: {Type: String}\n"
      "Conditions:\n  C: !Equals [!Ref P, x]\n"
      "Resources:\n"
      "  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
      "      ManagedPolicyArns: [!Ref P]\n"
      "      Policies:\n        - PolicyName: a\n          PolicyDocument:\n"
      "            Statement: [{Effect: !If [C, Allow, Deny], Action: '*', Resource: '*'}]\n"
      "        - PolicyName: b\n          PolicyDocument:\n"
      "            Statement: [{Effect: Allow, Action: '*', Resource: !Ref Nowhere}]\n"
      "        - PolicyName: c\n          PolicyDocument:\n"
      "            Statement: [{Effect: Allow, Action: '*', Resource: !Ref P, NotAction: !Ref "
      "AWS::NoValue}]\n");
  ASSERT_EQ(m.iam_roles.size(), 1u);
  const Role& r = m.iam_roles[0];
  EXPECT_TRUE(r.managed_policies.empty());
  EXPECT_NE(r.policies_unknown.find("a ManagedPolicyArns entry cannot be known"), std::string::npos)
      << r.policies_unknown;
  ASSERT_EQ(r.inline_policies.size(), 3u);
  EXPECT_EQ(r.inline_policies[0].json.origin, Origin::Unknown);
  EXPECT_NE(r.inline_policies[0].json.unknown_reason.find("C"), std::string::npos);
  EXPECT_EQ(r.inline_policies[1].json.origin, Origin::Unknown);
  EXPECT_NE(r.inline_policies[1].json.unknown_reason.find("Nowhere"), std::string::npos)
      << r.inline_policies[1].json.unknown_reason;
  // A parameter without a value is a deployment-time value: kept as the Ref; NoValue drops the key.
  EXPECT_EQ(r.inline_policies[2].json.origin, Origin::Explicit);
  EXPECT_EQ(r.inline_policies[2].json.value,
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":{\"Ref\":\"P\"}}]}");
}

TEST(CfnIam, PolicyRolePolicyAndManagedPolicyRoles) {
  auto m = scan(
      "Resources:\n"
      "  R1:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: one}\n"
      "  R2:\n    Type: AWS::IAM::Role\n"
      "  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n"
      "      PolicyDocument: {Statement: [{Effect: Allow, Action: 'xray:PutTraceSegments', Resource: '*'}]}\n"
      "      Roles: [!Ref R1, !Ref R2, external]\n"
      "  RP:\n    Type: AWS::IAM::RolePolicy\n    Properties:\n      PolicyName: rp\n      RoleName: one\n"
      "      PolicyDocument: {Statement: []}\n"
      "  MP:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
      "      PolicyDocument: {Statement: []}\n      Roles: [!Ref R2]\n");
  ASSERT_EQ(m.iam_role_policies.size(), 4u);
  EXPECT_EQ(m.iam_role_policies[0].address, "P");
  EXPECT_EQ(m.iam_role_policies[0].type, "AWS::IAM::Policy");
  EXPECT_EQ(m.iam_role_policies[0].role.address, "R1");
  EXPECT_EQ(m.iam_role_policies[1].role.address, "R2");
  EXPECT_EQ(m.iam_role_policies[2].role.arn, "external");
  EXPECT_EQ(m.iam_role_policies[0].document.name, "p");
  EXPECT_EQ(
      m.iam_role_policies[0].document.json.value,
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"xray:PutTraceSegments\",\"Resource\":\"*\"}]}");
  EXPECT_EQ(m.iam_role_policies[3].address, "RP");
  EXPECT_EQ(m.iam_role_policies[3].role.arn, "one");
  EXPECT_EQ(m.iam_role_policies[3].document.name, "rp");
  ASSERT_EQ(m.iam_role_policy_attachments.size(), 1u);
  EXPECT_EQ(m.iam_role_policy_attachments[0].role.address, "R2");
  EXPECT_EQ(m.iam_role_policy_attachments[0].policy.address, "MP");
  ASSERT_EQ(m.iam_managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_managed_policies[0].document.name, "MP");
  // Model::link gathers them on the roles (R1 by address and by name).
  m.link();
  const Role* r1 = role(m, "R1");
  const Role* r2 = role(m, "R2");
  ASSERT_TRUE(r1 && r2);
  ASSERT_EQ(r1->inline_policies.size(), 2u);
  EXPECT_EQ(r1->inline_policies[0].name, "p");
  EXPECT_EQ(r1->inline_policies[1].name, "rp");
  ASSERT_EQ(r2->inline_policies.size(), 1u);
  EXPECT_EQ(managed(*r2), (std::vector<std::string>{"address:MP"}));
}

TEST(CfnIam, FunctionRoles) {
  auto m = scan(
      "Transform: AWS::Serverless-2016-10-31\n"
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n"
      "  A:\n    Type: AWS::Lambda::Function\n    Properties: {Role: !GetAtt R.Arn}\n"
      "  B:\n    Type: AWS::Lambda::Function\n    Properties: {Role: !Sub '${R.Arn}'}\n"
      "  C:\n    Type: AWS::Serverless::Function\n    Properties: {Role: arn:aws:iam::123456789012:role/c}\n"
      "  D:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: python3.12}\n"
      "  E:\n    Type: AWS::Serverless::Function\n    Properties: {Role: !Ref AWS::NoValue}\n");
  ASSERT_EQ(m.lambda_functions.size(), 5u);
  EXPECT_TRUE(m.lambda_functions[4].role.empty());
  EXPECT_EQ(m.lambda_functions[0].role.address, "R");
  EXPECT_EQ(m.lambda_functions[1].role.address, "R");
  EXPECT_EQ(m.lambda_functions[2].role.address, "");
  EXPECT_EQ(m.lambda_functions[2].role.arn, "arn:aws:iam::123456789012:role/c");
  EXPECT_EQ(m.lambda_functions[3].role.address, "DRole");
  // Only D gets a generated role (SAM passes E's AWS::NoValue on: checked with samtranslator 1.110).
  ASSERT_EQ(m.iam_roles.size(), 2u);
  EXPECT_EQ(m.iam_roles[1].address, "DRole");
  EXPECT_EQ(m.iam_roles[1].kind, "sam");
  EXPECT_EQ(m.iam_roles[1].note, "the execution role SAM generates for D");
}

TEST(CfnIam, SamPolicyTemplatesAndStatementsRecorded) {
  auto m = scan(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      Policies:\n        - DynamoDBCrudPolicy: {TableName: t}\n"
      "        - Statement: [{Effect: Allow, Action: 'xray:*', Resource: '*'}]\n");
  const Role* r = role(m, "FRole");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->inline_policies.size(), 2u);
  EXPECT_EQ(r->inline_policies[0].name, "FRolePolicy0");
  EXPECT_EQ(r->inline_policies[0].json.origin, Origin::Unknown);
  EXPECT_EQ(r->inline_policies[0].json.unknown_reason,
            "SAM policy template DynamoDBCrudPolicy is not expanded");
  EXPECT_EQ(r->inline_policies[1].name, "FRolePolicy1");
  EXPECT_EQ(r->inline_policies[1].json.value,
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"xray:*\",\"Resource\":\"*\"}]}");
}

// tests/oracle/sam_iam/expected.json is what samtranslator emits for template.yaml (sam_iam_oracle checks
// it): the model of each generated role must say the same.
TEST(CfnIam, SamGeneratedRolesAgreeWithTheTranslator) {
  auto read = [](const std::string& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  std::string dir = std::string(CS_SOURCE_DIR) + "/tests/oracle/sam_iam/";
  auto m = scan(read(dir + "template.yaml"));
  auto expected = sources::parse_document(dir + "expected.json", read(dir + "expected.json"));
  ASSERT_TRUE(expected->ok() && expected->root->is_map());
  size_t generated = 0;
  for (const Role& r : m.iam_roles) generated += r.note.rfind("the execution role SAM generates", 0) == 0;
  EXPECT_EQ(generated, expected->root->pairs.size);
  for (const yaml::Pair& p : expected->root->pairs) {
    std::string id(p.key->value);
    const Role* r = role(m, id);
    ASSERT_TRUE(r) << id;
    std::vector<std::string> arns, names, want_arns, want_names;
    for (const auto& x : r->managed_policies) arns.push_back(x.arn);
    for (const auto& x : r->inline_policies) names.push_back(x.name);
    for (const yaml::Node* x : p.value->find("ManagedPolicyArns")->items) want_arns.emplace_back(x->value);
    for (const yaml::Node* x : p.value->find("Policies")->items) want_names.emplace_back(x->value);
    EXPECT_EQ(arns, want_arns) << id;
    EXPECT_EQ(names, want_names) << id;
    EXPECT_EQ(r->permissions_boundary.arn, std::string(p.value->find("PermissionsBoundary")->value)) << id;
    EXPECT_EQ(r->policies_unknown, "") << id;
  }
}

}  // namespace
}  // namespace cs::cfn
