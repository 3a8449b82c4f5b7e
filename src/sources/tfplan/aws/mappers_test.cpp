// The plan / state mappers by resource type: the registry, and what each mapper puts in the model.
#include "sources/tfplan/mappers.h"

#include <gtest/gtest.h>

#include <map>

#include "io/fs.h"
#include "sources/tfplan/aws/test_plans.h"
#include "sources/tfplan/tfplan.h"

namespace cs::tfplan {
namespace {

using namespace plan_test;

TEST(TfplanMappers, RegistryIsSortedByTypeAndFindsEach) {
  Span<const Mapper> all = mappers();
  ASSERT_EQ(all.size, 9u);
  for (uint32_t i = 1; i < all.size; ++i) EXPECT_LT(all[i - 1].type, all[i].type) << all[i].type;
  for (const Mapper& m : all) {
    EXPECT_EQ(find_mapper(m.type), &m);
    EXPECT_NE(m.plan, nullptr);
  }
  EXPECT_EQ(find_mapper("aws_iam_rol"), nullptr);
  EXPECT_EQ(find_mapper("zzz"), nullptr);
  // Every mapped type is read from states too.
  for (const Mapper& m : all) EXPECT_NE(m.state, nullptr) << m.type;
}

TEST(TfplanApiGateway, StagesAndDeploymentsAsTheRealPlanShowsThem) {
  // As terraform 1.11.4 / hashicorp/aws 5.100.0 write them: an absent xray_tracing_enabled is null.
  Out o = scan_text(plan({
      change("aws_api_gateway_stage.absent", "aws_api_gateway_stage",
             R"({"stage_name":"absent","xray_tracing_enabled":null})", R"({"arn":true})"),
      change("aws_api_gateway_stage.off", "aws_api_gateway_stage",
             R"({"stage_name":"off","xray_tracing_enabled":false})"),
      change("aws_api_gateway_stage.on", "aws_api_gateway_stage",
             R"({"stage_name":"on","xray_tracing_enabled":true})", "{}", "{}", R"(["update"])"),
      change("aws_api_gateway_stage.unk", "aws_api_gateway_stage", R"({"stage_name":"u"})",
             R"({"xray_tracing_enabled":true})"),
      change("aws_api_gateway_deployment.dep", "aws_api_gateway_deployment", R"({"stage_name":"implicit"})"),
      change("aws_api_gateway_deployment.none", "aws_api_gateway_deployment", R"({"stage_name":null})"),
      change("aws_api_gateway_deployment.later", "aws_api_gateway_deployment", "{}",
             R"({"stage_name":true})"),
      change("aws_api_gateway_stage.gone", "aws_api_gateway_stage", R"({"stage_name":"gone"})", "{}", "{}",
             R"(["delete"])"),
  }));
  EXPECT_TRUE(o.diags.empty());
  const auto& st = o.model.apigateway_stages;
  ASSERT_EQ(st.size(), 6u);
  EXPECT_EQ(st[0].address, "aws_api_gateway_stage.absent");
  EXPECT_EQ(st[0].kind, "terraform-plan");
  EXPECT_EQ(st[0].stage_name, "absent");
  EXPECT_EQ(st[0].tracing.origin, model::Origin::Default);
  EXPECT_FALSE(st[0].implicit);
  EXPECT_EQ(st[0].note, "plan [create]");
  EXPECT_EQ(st[0].declared.line, 2u);
  EXPECT_EQ(st[1].tracing.origin, model::Origin::Explicit);
  EXPECT_FALSE(st[1].tracing.value);
  EXPECT_EQ(st[1].tracing.raw, "false");
  EXPECT_EQ(st[1].tracing.where.line, 3u);
  EXPECT_EQ(st[2].tracing.origin, model::Origin::Explicit);
  EXPECT_TRUE(st[2].tracing.value);
  EXPECT_EQ(st[2].note, "plan [update]");
  EXPECT_EQ(st[3].tracing.origin, model::Origin::Unknown);
  EXPECT_EQ(
      st[3].tracing.unknown_reason,
      "the plan marks resource_changes[3].change.after_unknown.xray_tracing_enabled unknown (after_unknown)");
  EXPECT_EQ(st[4].address, "aws_api_gateway_deployment.dep");
  EXPECT_TRUE(st[4].implicit);
  EXPECT_EQ(st[4].stage_name, "implicit");
  EXPECT_EQ(st[5].address, "aws_api_gateway_deployment.later");
  EXPECT_FALSE(st[5].implicit);
  EXPECT_EQ(st[5].tracing.origin, model::Origin::Unknown);
  EXPECT_EQ(st[5].tracing.unknown_reason,
            "the plan marks resource_changes[6].change.after_unknown.stage_name unknown");
}

TEST(TfplanReader, MalformedChangesOfAnyMappedTypeAreDiagnosed) {
  Out o = scan_text(plan({
      R"({"mode":"managed","type":"aws_api_gateway_stage","change":{"actions":["create"],"after":{}}})",
      R"({"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","change":{"after":{}}})",
      R"({"address":"aws_api_gateway_stage.s","mode":"managed","type":"aws_api_gateway_stage","change":{"actions":["create"],"after":null}})",
      R"({"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","change":{}})",
  }));
  ASSERT_EQ(o.diags.size(), 3u);
  EXPECT_EQ(o.diags[0].message, "resource_changes[0] has no address; skipped");
  EXPECT_EQ(o.diags[1].message, "resource_changes[1] (aws_lambda_function.f) has no change.actions; skipped");
  EXPECT_EQ(o.diags[2].message,
            "resource_changes[2] (aws_api_gateway_stage.s) has no change.after object for actions [create]; "
            "skipped");
  EXPECT_TRUE(o.model.apigateway_stages.empty());
  EXPECT_TRUE(o.model.lambda_functions.empty());
}

TEST(TfplanInstance, ReferencesAreResourcesOfTheTypeInTheInstancesModule) {
  auto doc = json::parse("config.json", R"({"expressions":{
    "role":{"references":["aws_iam_role.a[\"k\"].arn","aws_iam_role.a[\"k\"]","aws_iam_role.a",
                          "aws_iam_role_policy.x.id","aws_iam_role_policy.x","data.aws_iam_role.d.arn","data.aws_iam_role.d",
                          "aws_iam_role.b[count.index].name","aws_iam_role.b","count.index","local.aws_iam_role",
                          "aws_iam_role.c[2].arn","aws_iam_role.c[2]","aws_iam_role.c"]},
    "inline_policy":[{"policy":{"references":["aws_iam_policy.p.policy","aws_iam_policy.p"]}}]}})");
  ASSERT_TRUE(doc->ok());
  Instance inst;
  inst.config = doc->root;
  inst.module_prefix = "module.m[0].";
  EXPECT_EQ(inst.references("role", "aws_iam_role"),
            (std::vector<std::string>{"module.m[0].aws_iam_role.a[\"k\"]", "module.m[0].aws_iam_role.b",
                                      "module.m[0].aws_iam_role.c[2]"}));
  EXPECT_EQ(inst.references("inline_policy", "aws_iam_policy"),
            (std::vector<std::string>{"module.m[0].aws_iam_policy.p"}));
  EXPECT_TRUE(inst.references("role", "aws_iam_policy").empty());
  EXPECT_TRUE(inst.references("absent", "aws_iam_role").empty());
  inst.config = nullptr;
  EXPECT_TRUE(inst.references("role", "aws_iam_role").empty());
}

// ---------- IAM ----------

using model::Origin;
using model::Ref;

testing::AssertionResult same(const Ref& r, const std::string& address, const std::string& arn) {
  if (r.address == address && r.arn == arn) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "Ref{" << r.address << ", " << r.arn << "}, want {" << address << ", "
                                     << arn << "}";
}

// What terraform 1.11.4 with hashicorp/aws 5.100.0 planned for tests/oracle/tfplan_oracle.py's role,
// attachment and functions (values cut to what the mappers read).
const char* kPolicy =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"xray:PutTraceSegments\",\"Effect\":\"Allow\",\"Resource\":\"*\"}]})";

TEST(TfplanIam, RoleAttachmentAndFunctionRoleOfARealCreatePlan) {
  std::string inline_policy = std::string(R"([{"name":"inl","policy":")") + kPolicy + R"("}])";
  Out o = scan_text(plan(
      {
          change("aws_iam_role.exec", "aws_iam_role",
                 R"({"name":"exec","path":"/","permissions_boundary":null,"inline_policy":)" + inline_policy +
                     "}",
                 R"({"arn":true,"id":true,"inline_policy":[{}],"managed_policy_arns":true,"unique_id":true})",
                 R"({"inline_policy":[{}],"managed_policy_arns":[],"tags_all":{}})"),
          change("aws_iam_role_policy_attachment.xray", "aws_iam_role_policy_attachment",
                 R"({"policy_arn":"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess","role":"exec"})",
                 R"({"id":true})"),
          change("aws_lambda_function.absent", "aws_lambda_function", R"({"function_name":"absent"})",
                 R"({"arn":true,"role":true,"tracing_config":true})", R"({"tracing_config":[]})"),
          change(
              "aws_lambda_function.known", "aws_lambda_function",
              R"({"role":"arn:aws:iam::123456789012:role/known","tracing_config":[{"mode":"PassThrough"}]})",
              R"({"tracing_config":[{}]})"),
          change("aws_lambda_function.secret", "aws_lambda_function",
                 R"({"role":"arn:aws:iam::123456789012:role/secret"})", "{}", R"({"role":true})"),
      },
      config(
          "aws_iam_role", "exec",
          R"({"assume_role_policy":{},"inline_policy":[{"name":{"constant_value":"inl"},"policy":{}}],"name":{"constant_value":"exec"}})") +
          "," +
          config(
              "aws_iam_role_policy_attachment", "xray",
              R"({"policy_arn":{"constant_value":"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"},"role":{"references":["aws_iam_role.exec.name","aws_iam_role.exec"]}})") +
          "," +
          config("aws_lambda_function", "absent",
                 R"({"role":{"references":["aws_iam_role.exec.arn","aws_iam_role.exec"]}})") +
          "," +
          config("aws_lambda_function", "known",
                 R"({"role":{"constant_value":"arn:aws:iam::123456789012:role/known"}})")));
  EXPECT_TRUE(o.diags.empty());
  ASSERT_EQ(o.model.iam_roles.size(), 1u);
  const auto& role = o.model.iam_roles[0];
  EXPECT_EQ(role.address, "aws_iam_role.exec");
  EXPECT_EQ(role.type, "aws_iam_role");
  EXPECT_EQ(role.kind, "terraform-plan");
  EXPECT_EQ(role.note, "plan [create]");
  EXPECT_EQ(role.declared.line, 2u);
  EXPECT_EQ(role.name, "exec");
  EXPECT_EQ(role.arn, "");  // known after apply
  // managed_policy_arns is unknown but not set by the configuration: only attachments add to it.
  EXPECT_EQ(role.policies_unknown, "");
  EXPECT_TRUE(role.managed_policies.empty());
  EXPECT_TRUE(role.permissions_boundary.empty());
  ASSERT_EQ(role.inline_policies.size(), 1u);
  EXPECT_EQ(role.inline_policies[0].name, "inl");
  EXPECT_EQ(role.inline_policies[0].json.origin, Origin::Explicit);
  EXPECT_EQ(
      role.inline_policies[0].json.value,
      R"({"Version":"2012-10-17","Statement":[{"Action":"xray:PutTraceSegments","Effect":"Allow","Resource":"*"}]})");
  EXPECT_EQ(role.inline_policies[0].json.raw, "");
  EXPECT_FALSE(role.inline_policies[0].json.raw_is_label);
  EXPECT_EQ(role.inline_policies[0].json.where.line, 2u);

  ASSERT_EQ(o.model.iam_role_policy_attachments.size(), 1u);
  const auto& att = o.model.iam_role_policy_attachments[0];
  EXPECT_EQ(att.address, "aws_iam_role_policy_attachment.xray");
  EXPECT_TRUE(same(att.role, "aws_iam_role.exec", "exec"));
  EXPECT_TRUE(same(att.policy, "", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"));

  ASSERT_EQ(o.model.lambda_functions.size(), 3u);
  EXPECT_TRUE(same(o.model.lambda_functions[0].role, "aws_iam_role.exec", ""));
  EXPECT_TRUE(same(o.model.lambda_functions[1].role, "", "arn:aws:iam::123456789012:role/known"));
  EXPECT_TRUE(o.model.lambda_functions[2].role.empty());  // sensitive: not kept

  o.model.link();
  ASSERT_EQ(o.model.iam_roles[0].managed_policies.size(), 1u);
  EXPECT_TRUE(
      same(o.model.iam_roles[0].managed_policies[0], "", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"));
}

TEST(TfplanIam, ManagedPolicyArnsSetFromUnknownsAreUnknownWithTheirAddresses) {
  Out o = scan_text(plan(
      {
          change("aws_iam_role.set", "aws_iam_role", R"({"name":"set"})", R"({"managed_policy_arns":true})"),
          change("aws_iam_role.noconfig", "aws_iam_role", R"({"name":"n"})",
                 R"({"managed_policy_arns":true})"),
          change(
              "aws_iam_role.partial", "aws_iam_role",
              R"({"name":"p","managed_policy_arns":["arn:aws:iam::aws:policy/A",null,"arn:aws:iam::aws:policy/S"],
                     "permissions_boundary":"arn:aws:iam::1:policy/b"})",
              R"({"managed_policy_arns":[false,true,false]})",
              R"({"managed_policy_arns":[false,false,true]})", R"(["update"])"),
          change("aws_iam_role.bound", "aws_iam_role", R"({"name":"b"})", R"({"permissions_boundary":true})"),
      },
      config(
          "aws_iam_role", "set",
          R"({"managed_policy_arns":{"references":["aws_iam_policy.p.arn","aws_iam_policy.p","aws_iam_policy.q[0].arn","aws_iam_policy.q[0]","aws_iam_policy.q"]}})") +
          "," + config("aws_iam_role", "partial", R"({"managed_policy_arns":{"references":["var.extra"]}})") +
          "," +
          config(
              "aws_iam_role", "bound",
              R"({"permissions_boundary":{"references":["aws_iam_policy.boundary.arn","aws_iam_policy.boundary"]}})")));
  EXPECT_TRUE(o.diags.empty());
  const auto& roles = o.model.iam_roles;
  ASSERT_EQ(roles.size(), 4u);
  EXPECT_EQ(roles[0].policies_unknown,
            "the plan marks resource_changes[0].change.after_unknown.managed_policy_arns unknown (known "
            "after apply) and the configuration sets it");
  ASSERT_EQ(roles[0].managed_policies.size(), 2u);
  EXPECT_TRUE(same(roles[0].managed_policies[0], "aws_iam_policy.p", ""));
  EXPECT_TRUE(same(roles[0].managed_policies[1], "aws_iam_policy.q[0]", ""));

  EXPECT_EQ(roles[1].policies_unknown,
            "the plan marks resource_changes[1].change.after_unknown.managed_policy_arns unknown (known "
            "after apply) "
            "and the plan has no configuration for this resource to tell whether it is set");
  EXPECT_TRUE(roles[1].managed_policies.empty());

  ASSERT_EQ(roles[2].managed_policies.size(), 1u);
  EXPECT_TRUE(same(roles[2].managed_policies[0], "", "arn:aws:iam::aws:policy/A"));
  EXPECT_EQ(
      roles[2].policies_unknown,
      "the plan marks resource_changes[2].change.after_unknown.managed_policy_arns[1] unknown (known after "
      "apply); the plan marks resource_changes[2].change.after_sensitive.managed_policy_arns[2] sensitive: "
      "shown as (sensitive) only");
  EXPECT_TRUE(same(roles[2].permissions_boundary, "", "arn:aws:iam::1:policy/b"));
  EXPECT_EQ(roles[2].note, "plan [update]");

  EXPECT_TRUE(same(roles[3].permissions_boundary, "aws_iam_policy.boundary", ""));
  EXPECT_EQ(roles[3].policies_unknown, "");
}

TEST(TfplanIam, InlinePoliciesUnknownAndSensitive) {
  Out o = scan_text(plan(
      {
          change(
              "aws_iam_role.r", "aws_iam_role",
              R"({"name":"r","inline_policy":[{"name":"a","policy":"{\"Statement\":[]}"},{"name":"b"},{"name":"c","policy":"{}"}]})",
              R"({"inline_policy":[{},{"policy":true},{}]})", R"({"inline_policy":[{"policy":true},{},{}]})"),
          change("aws_iam_role.whole", "aws_iam_role", R"({"name":"w"})", R"({"inline_policy":true})"),
          change("aws_iam_role.computed", "aws_iam_role", R"({"name":"c"})", R"({"inline_policy":true})"),
      },
      config("aws_iam_role", "r", R"({"inline_policy":[{"name":{"constant_value":"a"}}]})") + "," +
          config("aws_iam_role", "whole", R"({"inline_policy":[{"policy":{"references":["local.p"]}}]})") +
          "," + config("aws_iam_role", "computed", R"({"name":{"constant_value":"c"}})")));
  const auto& roles = o.model.iam_roles;
  ASSERT_EQ(roles.size(), 3u);
  ASSERT_EQ(roles[0].inline_policies.size(), 3u);
  const auto& a = roles[0].inline_policies[0];
  EXPECT_EQ(a.name, "a");
  EXPECT_EQ(a.json.origin, Origin::Explicit);
  EXPECT_EQ(a.json.value, R"({"Statement":[]})");  // kept for checks
  EXPECT_EQ(a.json.raw, "(sensitive)");            // shown by its label
  EXPECT_TRUE(a.json.raw_is_label);
  const auto& b = roles[0].inline_policies[1];
  EXPECT_EQ(b.name, "b");
  EXPECT_EQ(b.json.origin, Origin::Unknown);
  EXPECT_EQ(b.json.unknown_reason,
            "the plan marks resource_changes[0].change.after_unknown.inline_policy[1].policy unknown (known "
            "after apply)");
  EXPECT_EQ(roles[0].inline_policies[2].json.value, "{}");
  EXPECT_FALSE(roles[0].inline_policies[2].json.raw_is_label);
  EXPECT_EQ(roles[0].policies_unknown, "");

  EXPECT_TRUE(roles[1].inline_policies.empty());
  EXPECT_EQ(
      roles[1].policies_unknown,
      "the plan marks resource_changes[1].change.after_unknown.inline_policy unknown (known after apply) and "
      "the configuration sets it");
  EXPECT_EQ(roles[2].policies_unknown, "");  // Optional+Computed, not set
}

TEST(TfplanIam, RolePoliciesAttachmentsAndManagedPoliciesInModules) {
  std::string p = R"({"format_version":"1.2","resource_changes":[
{"address":"module.m[\"k\"].aws_iam_role_policy.p","module_address":"module.m[\"k\"]","mode":"managed","type":"aws_iam_role_policy","name":"p",
 "change":{"actions":["create"],"after":{"name":"inl","policy":"{\"Statement\":[]}"},"after_unknown":{"role":true},"after_sensitive":{}}},
{"address":"module.m[\"k\"].aws_iam_role_policy.later","mode":"managed","type":"aws_iam_role_policy","name":"later",
 "change":{"actions":["create"],"after":{"role":"r1"},"after_unknown":{"policy":true,"name":true},"after_sensitive":{}}},
{"address":"module.m[\"k\"].aws_iam_policy.pol","mode":"managed","type":"aws_iam_policy","name":"pol",
 "change":{"actions":["create"],"after":{"name":"pol","policy":"{\"S\":1}"},"after_unknown":{"arn":true},"after_sensitive":{"policy":true}}},
{"address":"module.m[\"k\"].aws_iam_role_policy_attachment.a","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a",
 "change":{"actions":["create"],"after":{},"after_unknown":{"role":true,"policy_arn":true},"after_sensitive":{}}},
{"address":"aws_iam_policy_attachment.known","mode":"managed","type":"aws_iam_policy_attachment","name":"known",
 "change":{"actions":["create"],"after":{"policy_arn":"arn:aws:iam::aws:policy/X","roles":["r1","r2"],"users":["u"]},"after_unknown":{},"after_sensitive":{}}},
{"address":"aws_iam_policy_attachment.refs","mode":"managed","type":"aws_iam_policy_attachment","name":"refs",
 "change":{"actions":["create"],"after":{"roles":["r1",null]},"after_unknown":{"roles":[false,true],"policy_arn":true},"after_sensitive":{}}},
{"address":"aws_iam_policy_attachment.none","mode":"managed","type":"aws_iam_policy_attachment","name":"none",
 "change":{"actions":["create"],"after":{"policy_arn":"arn:aws:iam::aws:policy/X"},"after_unknown":{"roles":true},"after_sensitive":{}}}
],
"configuration":{"root_module":{
 "resources":[
  {"address":"aws_iam_policy_attachment.refs","mode":"managed","type":"aws_iam_policy_attachment","name":"refs",
   "expressions":{"roles":{"references":["aws_iam_role.a.name","aws_iam_role.a","aws_iam_role.b[\"x\"].name","aws_iam_role.b[\"x\"]","aws_iam_role.b"]},
                  "policy_arn":{"references":["aws_iam_policy.p.arn","aws_iam_policy.p"]}}}],
 "module_calls":{"m":{"module":{"resources":[
  {"address":"aws_iam_role_policy.p","mode":"managed","type":"aws_iam_role_policy","name":"p",
   "expressions":{"role":{"references":["aws_iam_role.r.id","aws_iam_role.r"]}}},
  {"address":"aws_iam_role_policy_attachment.a","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a",
   "expressions":{"role":{"references":["aws_iam_role.r[each.key].name","aws_iam_role.r","each.key"]},
                  "policy_arn":{"references":["aws_iam_policy.pol.arn","aws_iam_policy.pol"]}}}]}}}}}}
)";
  Out o = scan_text(p);
  EXPECT_TRUE(o.diags.empty());
  const auto& rp = o.model.iam_role_policies;
  ASSERT_EQ(rp.size(), 2u);
  EXPECT_EQ(rp[0].address, "module.m[\"k\"].aws_iam_role_policy.p");
  EXPECT_TRUE(same(rp[0].role, "module.m[\"k\"].aws_iam_role.r", ""));
  EXPECT_EQ(rp[0].document.name, "inl");
  EXPECT_EQ(rp[0].document.json.value, R"({"Statement":[]})");
  EXPECT_EQ(rp[0].document.json.origin, Origin::Explicit);
  EXPECT_TRUE(same(rp[1].role, "", "r1"));
  EXPECT_EQ(rp[1].document.name, "");
  EXPECT_EQ(rp[1].document.json.origin, Origin::Unknown);
  EXPECT_EQ(rp[1].document.json.unknown_reason,
            "the plan marks resource_changes[1].change.after_unknown.policy unknown (known after apply)");

  ASSERT_EQ(o.model.iam_managed_policies.size(), 1u);
  const auto& mp = o.model.iam_managed_policies[0];
  EXPECT_EQ(mp.address, "module.m[\"k\"].aws_iam_policy.pol");
  EXPECT_EQ(mp.name, "pol");
  EXPECT_EQ(mp.arn, "");
  EXPECT_EQ(mp.document.name, "module.m[\"k\"].aws_iam_policy.pol");
  EXPECT_EQ(mp.document.json.value, R"({"S":1})");
  EXPECT_EQ(mp.document.json.raw, "(sensitive)");
  EXPECT_TRUE(mp.document.json.raw_is_label);

  const auto& at = o.model.iam_role_policy_attachments;
  ASSERT_EQ(at.size(), 7u);
  EXPECT_TRUE(same(at[0].role, "module.m[\"k\"].aws_iam_role.r", ""));  // each.key: the resource only
  EXPECT_TRUE(same(at[0].policy, "module.m[\"k\"].aws_iam_policy.pol", ""));
  EXPECT_EQ(at[1].address, "aws_iam_policy_attachment.known");
  EXPECT_TRUE(same(at[1].role, "", "r1"));
  EXPECT_TRUE(same(at[2].role, "", "r2"));
  EXPECT_TRUE(same(at[2].policy, "", "arn:aws:iam::aws:policy/X"));
  EXPECT_EQ(at[2].note, "plan [create]");
  EXPECT_EQ(at[3].address, "aws_iam_policy_attachment.refs");
  EXPECT_TRUE(same(at[3].role, "", "r1"));
  EXPECT_TRUE(same(at[4].role, "aws_iam_role.a", ""));
  EXPECT_TRUE(same(at[5].role, "aws_iam_role.b[\"x\"]", ""));
  EXPECT_TRUE(same(at[5].policy, "aws_iam_policy.p", ""));
  EXPECT_EQ(at[6].address, "aws_iam_policy_attachment.none");
  EXPECT_TRUE(at[6].role.empty());
  EXPECT_EQ(at[6].note,
            "plan [create]; the plan marks resource_changes[6].change.after_unknown.roles unknown (known "
            "after apply)");
}

TEST(TfplanIam, StatesGiveRolesWithTheirArns) {
  Out o =
      scan_text(R"({"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
{"address":"aws_iam_role.exec","mode":"managed","type":"aws_iam_role","name":"exec",
 "values":{"arn":"arn:aws:iam::123456789012:role/exec","name":"exec","inline_policy":[],
           "managed_policy_arns":["arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"],"permissions_boundary":null}},
{"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","name":"f",
 "values":{"role":"arn:aws:iam::123456789012:role/exec","tracing_config":[{"mode":"Active"}]}}]}}})",
                "terraform.json");
  EXPECT_TRUE(o.diags.empty());
  ASSERT_EQ(o.model.iam_roles.size(), 1u);
  const auto& role = o.model.iam_roles[0];
  EXPECT_EQ(role.kind, "terraform-state");
  EXPECT_EQ(role.note, "state");
  EXPECT_EQ(role.arn, "arn:aws:iam::123456789012:role/exec");
  EXPECT_EQ(role.name, "exec");
  ASSERT_EQ(role.managed_policies.size(), 1u);
  EXPECT_TRUE(same(role.managed_policies[0], "", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"));
  EXPECT_EQ(role.policies_unknown, "");
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_TRUE(same(o.model.lambda_functions[0].role, "", "arn:aws:iam::123456789012:role/exec"));
}

TEST(TfplanIam, RawStateVersion4) {
  Out o = scan_text(R"({"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"l","resources":[
{"module":"module.m","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a","instances":[
  {"index_key":"x","attributes":{"role":"exec","policy_arn":"arn:aws:iam::aws:policy/X"}},
  {"index_key":"y","deposed":"d1","attributes":{"role":"old","policy_arn":"arn:aws:iam::aws:policy/Y"}}]},
{"mode":"managed","type":"aws_iam_role","name":"exec","instances":[
  {"attributes":{"arn":"arn:aws:iam::123456789012:role/exec","name":"exec","managed_policy_arns":[]}}]}]})",
                    "terraform.tfstate");
  EXPECT_TRUE(o.diags.empty());
  ASSERT_EQ(o.model.iam_role_policy_attachments.size(), 1u);
  const auto& a = o.model.iam_role_policy_attachments[0];
  EXPECT_EQ(a.address, "module.m.aws_iam_role_policy_attachment.a[\"x\"]");
  EXPECT_EQ(a.kind, "terraform-state");
  EXPECT_TRUE(same(a.role, "", "exec"));
  EXPECT_TRUE(same(a.policy, "", "arn:aws:iam::aws:policy/X"));
  ASSERT_EQ(o.model.iam_roles.size(), 1u);
  o.model.link();
  ASSERT_EQ(o.model.iam_roles[0].managed_policies.size(), 1u);
  EXPECT_TRUE(same(o.model.iam_roles[0].managed_policies[0], "", "arn:aws:iam::aws:policy/X"));
}

// tests/fixtures/lambda_notracing/tfplan/aws_provider/plan.json: a real plan (terraform 1.11.4,
// hashicorp/aws 5.100.0) of tests/oracle/tfplan_oracle.py's configuration.
TEST(TfplanIam, TheRealProviderPlan) {
  io::DiskFileSystem fs;
  std::string path =
      std::string(CS_SOURCE_DIR) + "/tests/fixtures/lambda_notracing/tfplan/aws_provider/plan.json";
  auto content = fs.read(path);
  ASSERT_TRUE(content.ok());
  Out o;
  scan(fs, path, std::move(*content), o.model, o.diags);
  EXPECT_TRUE(o.diags.empty());
  auto& m = o.model;
  ASSERT_EQ(m.apigateway_stages.size(), 5u);
  for (const auto& st : m.apigateway_stages)
    EXPECT_EQ(st.api.address, "aws_api_gateway_rest_api.api") << st.address;
  ASSERT_EQ(m.iam_roles.size(), 3u);
  const auto& exec = m.iam_roles[0];
  EXPECT_EQ(exec.address, "aws_iam_role.exec");
  EXPECT_EQ(exec.name, "exec");
  EXPECT_EQ(exec.arn, "");
  EXPECT_EQ(exec.policies_unknown, "");
  ASSERT_EQ(exec.inline_policies.size(), 1u);
  EXPECT_EQ(exec.inline_policies[0].name, "xray");
  // The provider writes an inline or role policy's document Version first; aws_iam_policy's as
  // jsonencode gave it (keys sorted).
  EXPECT_EQ(
      exec.inline_policies[0].json.value,
      R"({"Version":"2012-10-17","Statement":[{"Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Effect":"Allow","Resource":"*"}]})");
  EXPECT_TRUE(exec.managed_policies.empty());
  const auto& managed = m.iam_roles[1];
  EXPECT_EQ(managed.address, "aws_iam_role.managed");
  EXPECT_EQ(managed.policies_unknown,
            "the plan marks resource_changes[9].change.after_unknown.managed_policy_arns unknown (known "
            "after apply) and the configuration sets it");
  ASSERT_EQ(managed.managed_policies.size(), 1u);
  EXPECT_TRUE(same(managed.managed_policies[0], "aws_iam_policy.custom", ""));
  EXPECT_TRUE(managed.inline_policies.empty());
  EXPECT_EQ(m.iam_roles[2].address, "module.m.aws_iam_role.r");
  EXPECT_EQ(m.iam_roles[2].policies_unknown, "");

  ASSERT_EQ(m.iam_managed_policies.size(), 1u);
  EXPECT_EQ(m.iam_managed_policies[0].address, "aws_iam_policy.custom");
  EXPECT_EQ(m.iam_managed_policies[0].name, "custom");
  EXPECT_EQ(
      m.iam_managed_policies[0].document.json.value,
      R"({"Statement":[{"Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"})");

  ASSERT_EQ(m.iam_role_policies.size(), 1u);
  EXPECT_TRUE(same(m.iam_role_policies[0].role, "aws_iam_role.exec", ""));  // role = aws_iam_role.exec.id
  EXPECT_EQ(m.iam_role_policies[0].document.name, "logs");
  EXPECT_EQ(m.iam_role_policies[0].document.json.value,
            R"({"Version":"2012-10-17","Statement":[{"Action":"logs:*","Effect":"Allow","Resource":"*"}]})");

  ASSERT_EQ(m.iam_role_policy_attachments.size(), 2u);
  EXPECT_EQ(m.iam_role_policy_attachments[0].address, "aws_iam_policy_attachment.custom");
  EXPECT_TRUE(same(m.iam_role_policy_attachments[0].role, "", "exec"));
  EXPECT_TRUE(same(m.iam_role_policy_attachments[0].policy, "aws_iam_policy.custom", ""));
  EXPECT_EQ(m.iam_role_policy_attachments[1].address, "aws_iam_role_policy_attachment.basic");
  EXPECT_TRUE(same(m.iam_role_policy_attachments[1].role, "aws_iam_role.exec", "exec"));
  EXPECT_TRUE(same(m.iam_role_policy_attachments[1].policy, "",
                   "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));

  std::map<std::string, model::Ref> roles;
  for (const auto& f : m.lambda_functions) roles[f.address] = f.role;
  ASSERT_EQ(roles.size(), 10u);  // and msk_fed, mq_fed, sqs_fed (aws/lambda_test.cpp), dyn_known, dyn_unknown
  EXPECT_TRUE(same(roles["aws_lambda_function.absent"], "aws_iam_role.exec", ""));
  EXPECT_TRUE(same(roles["aws_lambda_function.passthrough"], "", "arn:aws:iam::123456789012:role/known"));
  EXPECT_TRUE(same(roles["aws_lambda_function.unknown"], "aws_iam_role.managed", ""));
  EXPECT_TRUE(same(roles["module.m.aws_lambda_function.f"], "module.m.aws_iam_role.r", ""));

  // Gathered on the role: the inline policy, the separate role policy, and both attachments.
  m.link();
  const auto& linked = m.iam_roles[0];
  ASSERT_EQ(linked.inline_policies.size(), 2u);
  EXPECT_EQ(linked.inline_policies[1].name, "logs");
  ASSERT_EQ(linked.managed_policies.size(), 2u);
  EXPECT_TRUE(same(linked.managed_policies[0], "aws_iam_policy.custom", ""));
  EXPECT_TRUE(same(linked.managed_policies[1], "",
                   "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
}

}  // namespace
}  // namespace cs::tfplan
