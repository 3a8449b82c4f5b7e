// IAM evaluation for one action (evaluate_access): the rules lambda_tracing_nopermission relies on.
#include <gtest/gtest.h>

#include "model/aws/iam.h"
#include "model/model.h"

namespace cs::model::aws::iam {
namespace {

Statement st(bool deny, std::vector<std::string> actions, std::vector<std::string> resources = {"*"}) {
  Statement s;
  s.deny = deny;
  s.actions = std::move(actions);
  s.resources = std::move(resources);
  return s;
}

PolicyDocument doc(std::vector<Statement> statements, std::string name = "p") {
  PolicyDocument d;
  d.name = std::move(name);
  d.json.origin = Origin::Explicit;
  d.statements = std::move(statements);
  d.parsed = true;
  return d;
}

Access access(const std::vector<PolicyDocument>& docs, const PolicyDocument* boundary = nullptr,
              std::string_view action = "xray:PutTraceSegments") {
  std::vector<const PolicyDocument*> ptrs;
  for (const auto& d : docs) ptrs.push_back(&d);
  return evaluate_access(ptrs, boundary, action).access;
}

TEST(IamWildcard, StarAndQuestionMark) {
  EXPECT_TRUE(wildcard_match("xray:Put*", "xray:PutTraceSegments", false));
  EXPECT_TRUE(wildcard_match("XRAY:put*", "xray:PutTraceSegments", true));
  EXPECT_FALSE(wildcard_match("XRAY:put*", "xray:PutTraceSegments", false));
  EXPECT_TRUE(wildcard_match("xray:Put?raceSegments", "xray:PutTraceSegments", false));
  EXPECT_TRUE(wildcard_match("*", "", false));
  EXPECT_TRUE(wildcard_match("*:*Segments", "xray:PutTraceSegments", false));
  EXPECT_FALSE(wildcard_match("xray:Put", "xray:PutTraceSegments", false));
  EXPECT_FALSE(wildcard_match("arn:aws:xray:*", "*", false));  // a resource pattern never covers "*"
  EXPECT_TRUE(wildcard_match("a*b*c", "aXbYbZc", false));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXbYbZ", false));
}

TEST(IamAccess, AllowByActionWildcardsCaseInsensitive) {
  EXPECT_EQ(access({doc({st(false, {"xray:PutTraceSegments"})})}), Access::kAllowed);
  EXPECT_EQ(access({doc({st(false, {"XRay:Put*"})})}), Access::kAllowed);
  EXPECT_EQ(access({doc({st(false, {"*"})})}), Access::kAllowed);
  EXPECT_EQ(access({doc({st(false, {"xray:Get*"})})}), Access::kNotAllowed);
  EXPECT_EQ(access({}), Access::kNotAllowed);
}

TEST(IamAccess, ResourceMustCoverStar) {
  EXPECT_EQ(access({doc({st(false, {"xray:*"}, {"arn:aws:xray:eu-west-1:1:group/g"})})}),
            Access::kNotAllowed);
  Statement nr = st(false, {"xray:*"}, {"arn:aws:s3:::b/*"});
  nr.not_resource = true;  // everything but that bucket: "*" is not that bucket
  EXPECT_EQ(access({doc({nr})}), Access::kAllowed);
  Statement nr_all = st(false, {"xray:*"}, {"*"});
  nr_all.not_resource = true;
  EXPECT_EQ(access({doc({nr_all})}), Access::kNotAllowed);
}

TEST(IamAccess, NotAction) {
  Statement s = st(false, {"iam:*", "organizations:*"});
  s.not_action = true;
  EXPECT_EQ(access({doc({s})}), Access::kAllowed);
  Statement t = st(false, {"xray:*"});
  t.not_action = true;
  EXPECT_EQ(access({doc({t})}), Access::kNotAllowed);
}

TEST(IamAccess, ExplicitDenyWinsAcrossDocuments) {
  auto r = evaluate_access({}, nullptr, "x:Y");
  EXPECT_EQ(r.access, Access::kNotAllowed);
  PolicyDocument allow = doc({st(false, {"*"})}, "admin");
  Statement deny = st(true, {"xray:PutTelemetryRecords"});
  deny.sid = "NoTelemetry";
  PolicyDocument d = doc({deny}, "guard");
  EXPECT_EQ(access({allow, d}, nullptr, "xray:PutTraceSegments"), Access::kAllowed);
  AccessResult res = evaluate_access({&allow, &d}, nullptr, "xray:PutTelemetryRecords");
  EXPECT_EQ(res.access, Access::kDenied);
  EXPECT_EQ(res.detail, "policy guard, statement \"NoTelemetry\" denies xray:PutTelemetryRecords");
}

TEST(IamAccess, ConditionsAndUnknownValuesMakeItMaybe) {
  Statement c = st(false, {"xray:*"});
  c.has_condition = true;
  AccessResult r = [&] {
    PolicyDocument d = doc({c}, "cond");
    return evaluate_access({&d}, nullptr, "xray:PutTraceSegments");
  }();
  EXPECT_EQ(r.access, Access::kMaybe);
  EXPECT_EQ(r.detail, "policy cond, statement 1 has a Condition and may allow xray:PutTraceSegments");
  // A conditional Deny beside a certain Allow: may deny.
  Statement cd = st(true, {"*"});
  cd.has_condition = true;
  EXPECT_EQ(access({doc({st(false, {"*"}), cd})}), Access::kMaybe);
  // An Allow whose action list holds an unknown value.
  Statement u = st(false, {"s3:*"});
  u.actions_unknown = true;
  EXPECT_EQ(access({doc({u})}), Access::kMaybe);
  // ... but a known Allow elsewhere decides.
  EXPECT_EQ(access({doc({u}), doc({st(false, {"xray:*"})})}), Access::kAllowed);
}

TEST(IamAccess, UnreadableDocumentsAreUnknownUnlessADenyDecides) {
  PolicyDocument unknown;
  unknown.name = "later";
  unknown.json.origin = Origin::Unknown;
  unknown.json.unknown_reason = "known after apply";
  AccessResult r = evaluate_access({&unknown}, nullptr, "xray:PutTraceSegments");
  EXPECT_EQ(r.access, Access::kUnknown);
  EXPECT_EQ(r.detail, "policy later cannot be known before deployment: known after apply");
  // Even with an Allow: the unknown document may deny.
  EXPECT_EQ(access({doc({st(false, {"*"})}), unknown}), Access::kUnknown);
  // A certain Deny decides whatever the unknown document says.
  EXPECT_EQ(access({doc({st(true, {"*"})}), unknown}), Access::kDenied);
  // A document known to hold only Allow statements (a SAM policy template) cannot take an Allow away.
  PolicyDocument allow_only = unknown;
  allow_only.allow_only = true;
  EXPECT_EQ(access({doc({st(false, {"xray:*"})}), allow_only}), Access::kAllowed);
  EXPECT_EQ(access({allow_only}), Access::kUnknown);
  // Without any Allow, a conditional Deny changes nothing: not allowed.
  Statement cd = st(true, {"*"});
  cd.has_condition = true;
  EXPECT_EQ(access({doc({cd})}), Access::kNotAllowed);
  PolicyDocument invalid = doc({});
  invalid.invalid = "Effect \"allow\" is neither \"Allow\" nor \"Deny\"";
  EXPECT_EQ(access({invalid}), Access::kUnknown);
}

TEST(IamAccess, PermissionsBoundaryMustAllowToo) {
  PolicyDocument admin = doc({st(false, {"*"})});
  PolicyDocument logs_only = doc({st(false, {"logs:*"})}, "boundary");
  PolicyDocument xray_boundary = doc({st(false, {"xray:*"})}, "boundary");
  EXPECT_EQ(access({admin}, &xray_boundary), Access::kAllowed);
  AccessResult r = evaluate_access({&admin}, &logs_only, "xray:PutTraceSegments");
  EXPECT_EQ(r.access, Access::kNotAllowed);
  EXPECT_EQ(r.detail, "the permissions boundary boundary does not allow xray:PutTraceSegments");
  // A boundary alone grants nothing.
  EXPECT_EQ(access({}, &xray_boundary), Access::kNotAllowed);
}

TEST(IamManaged, TableByArnInAnyPartitionAndPath) {
  ASSERT_NE(aws_managed_policy("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"), nullptr);
  ASSERT_NE(aws_managed_policy("arn:aws-us-gov:iam::aws:policy/AWSXrayWriteOnlyAccess"), nullptr);
  ASSERT_NE(aws_managed_policy("arn:${AWS::Partition}:iam::aws:policy/AWSXrayFullAccess"), nullptr);
  ASSERT_NE(aws_managed_policy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), nullptr);
  EXPECT_EQ(aws_managed_policy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), nullptr);
  EXPECT_TRUE(is_aws_managed_policy_arn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
  EXPECT_FALSE(is_aws_managed_policy_arn("arn:aws:iam::123456789012:policy/AWSXRayDaemonWriteAccess"));
  EXPECT_EQ(aws_managed_policy("arn:aws:iam::123456789012:policy/AWSXRayDaemonWriteAccess"), nullptr);
  auto allowed = [](const char* arn) {
    const PolicyDocument* d = aws_managed_policy(arn);
    return evaluate_access({d}, nullptr, "xray:PutTraceSegments").access == Access::kAllowed &&
           evaluate_access({d}, nullptr, "xray:PutTelemetryRecords").access == Access::kAllowed;
  };
  EXPECT_TRUE(allowed("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"));
  EXPECT_TRUE(allowed("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"));
  EXPECT_TRUE(allowed("arn:aws:iam::aws:policy/AWSXrayFullAccess"));
  EXPECT_TRUE(allowed("arn:aws:iam::aws:policy/AdministratorAccess"));
  EXPECT_TRUE(allowed("arn:aws:iam::aws:policy/PowerUserAccess"));
  EXPECT_FALSE(allowed("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
  EXPECT_FALSE(allowed("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
  EXPECT_FALSE(allowed("arn:aws:iam::aws:policy/AWSLambdaExecute"));
}

TEST(IamLink, FunctionsGetTheRoleOfTheirOwnInput) {
  // Logical ids are a template's own: two templates with a role of one name each keep their own.
  Model a, b;
  Role ra;
  ra.address = "Role";
  ra.managed_policies.push_back(Ref{"", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"});
  a.iam_roles.push_back(ra);
  lambda::Function fa;
  fa.address = "Fn";
  fa.role.address = "Role";
  a.lambda_functions.push_back(fa);
  Role rb;
  rb.address = "Role";
  b.iam_roles.push_back(rb);
  b.lambda_functions.push_back(fa);
  ManagedPolicy mp;
  mp.address = "Custom";
  mp.document = doc({st(false, {"xray:*"})}, "Custom");
  b.iam_managed_policies.push_back(mp);
  b.iam_roles[0].managed_policies.push_back(Ref{"Custom", ""});
  a.link();
  b.link();
  a.merge(std::move(b));
  ASSERT_EQ(a.lambda_functions.size(), 2u);
  ASSERT_TRUE(a.lambda_functions[0].execution_role);
  ASSERT_TRUE(a.lambda_functions[1].execution_role);
  EXPECT_EQ(a.lambda_functions[0].execution_role->managed_policies.size(), 1u);
  EXPECT_TRUE(a.lambda_functions[0].execution_role->declared_documents.empty());
  const Role& second = *a.lambda_functions[1].execution_role;
  ASSERT_EQ(second.declared_documents.size(), 1u);
  EXPECT_NE(second.declared_document(Ref{"Custom", ""}), nullptr);
}

}  // namespace
}  // namespace cs::model::aws::iam
