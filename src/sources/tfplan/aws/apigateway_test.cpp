// API Gateway stages in plans and states (aws/apigateway.cpp): placed on the .tf beside a plan, and read
// from states.
#include <gtest/gtest.h>

#include "sources/tfplan/aws/test_plans.h"
#include "sources/tfplan/mappers.h"

namespace cs::tfplan {
namespace {

using namespace plan_test;
using model::Origin;
using model::aws::apigateway::Stage;

std::string at(const model::Location& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.col) + "-" +
         std::to_string(l.end_line) + ":" + std::to_string(l.end_col);
}

const Stage* find(const model::Model& m, const std::string& address) {
  for (const auto& st : m.apigateway_stages)
    if (st.address == address) return &st;
  return nullptr;
}

// The stage block, its arguments and the module calls it comes through, as the .tf scan places them.
TEST(TfplanApiGateway, StagesPointIntoTheTfFilesBesideThePlan) {
  const std::string main_tf =
      "resource \"aws_api_gateway_deployment\" \"dep\" {\n"  // 1
      "  rest_api_id = \"a\"\n"
      "  stage_name  = \"implicit\"\n"  // 3
      "}\n"
      "resource \"aws_api_gateway_stage\" \"off\" {\n"  // 5
      "  stage_name           = \"off\"\n"
      "  xray_tracing_enabled = false\n"  // 7
      "}\n"
      "resource \"aws_api_gateway_stage\" \"unk\" {\n"  // 9
      "  xray_tracing_enabled = var.x\n"
      "}\n"
      "module \"outer\" {\n"  // 12
      "  source = \"./outer\"\n"
      "}\n";
  const std::string outer_tf =
      "module \"inner\" {\n"
      "  for_each = toset([\"k\"])\n"
      "  source   = \"../inner\"\n"
      "}\n";
  const std::string inner_tf =
      "\n"
      "resource \"aws_api_gateway_stage\" \"this\" {\n"  // 2
      "    stage_name = \"s\"\n"
      "}\n";
  std::string p = plan({
      change("aws_api_gateway_deployment.dep", "aws_api_gateway_deployment", R"({"stage_name":"implicit"})"),
      change("aws_api_gateway_stage.off", "aws_api_gateway_stage",
             R"({"stage_name":"off","xray_tracing_enabled":false})"),
      change("aws_api_gateway_stage.unk", "aws_api_gateway_stage", R"({"stage_name":"u"})",
             R"({"xray_tracing_enabled":true})"),
      change(R"(module.outer.module.inner[\"k\"].aws_api_gateway_stage.this)", "aws_api_gateway_stage",
             R"({"stage_name":"s","xray_tracing_enabled":null})"),
      change("aws_api_gateway_stage.elsewhere", "aws_api_gateway_stage",
             R"({"stage_name":"e","xray_tracing_enabled":true})"),
  });
  Out o = scan_files(
      "infra/plan.json", p,
      {{"infra/main.tf", main_tf}, {"infra/outer/main.tf", outer_tf}, {"infra/inner/main.tf", inner_tf}});
  EXPECT_TRUE(o.diags.empty());
  ASSERT_EQ(o.model.apigateway_stages.size(), 5u);

  const Stage* dep = find(o.model, "aws_api_gateway_deployment.dep");
  ASSERT_NE(dep, nullptr);
  EXPECT_EQ(dep->kind, "terraform-plan");
  EXPECT_TRUE(dep->implicit);
  EXPECT_EQ(at(dep->declared), "infra/main.tf:1:1-4:2");  // the whole block
  EXPECT_EQ(at(dep->edit), "infra/main.tf:3:17-3:27");    // stage_name's value
  EXPECT_TRUE(dep->enclosing.empty());

  const Stage* off = find(o.model, "aws_api_gateway_stage.off");
  ASSERT_NE(off, nullptr);
  EXPECT_EQ(off->tracing.origin, Origin::Explicit);
  EXPECT_FALSE(off->tracing.value);
  EXPECT_EQ(off->tracing.raw, "false");
  EXPECT_EQ(at(off->declared), "infra/main.tf:5:1-8:2");
  EXPECT_EQ(at(off->tracing.where), "infra/main.tf:7:26-7:31");
  EXPECT_TRUE(off->edit.empty());
  EXPECT_TRUE(off->tracing.anchor.empty());

  const Stage* unk = find(o.model, "aws_api_gateway_stage.unk");
  ASSERT_NE(unk, nullptr);
  EXPECT_EQ(unk->tracing.origin, Origin::Unknown);
  EXPECT_EQ(at(unk->tracing.where), "infra/main.tf:10:26-10:31");

  // Not set: the anchor after the last argument; the module calls it comes through, outermost first.
  const Stage* in = find(o.model, "module.outer.module.inner[\"k\"].aws_api_gateway_stage.this");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->tracing.origin, Origin::Default);
  EXPECT_EQ(at(in->declared), "infra/inner/main.tf:2:1-4:2");
  EXPECT_TRUE(in->tracing.where.empty());
  EXPECT_EQ(in->tracing.anchor.file, "infra/inner/main.tf");
  EXPECT_EQ(in->tracing.anchor.line, 3u);
  EXPECT_EQ(in->tracing.anchor.col, 21u);
  EXPECT_EQ(in->tracing.anchor.indent, "    ");
  EXPECT_EQ(in->tracing.anchor.offset, inner_tf.find("\"s\"") + 3);
  ASSERT_EQ(in->enclosing.size(), 2u);
  EXPECT_EQ(at(in->enclosing[0]), "infra/main.tf:12:1-14:2");
  EXPECT_EQ(at(in->enclosing[1]), "infra/outer/main.tf:1:1-4:2");

  // Not in the .tf files: the plan itself.
  const Stage* e = find(o.model, "aws_api_gateway_stage.elsewhere");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->declared.file, "infra/plan.json");
  EXPECT_EQ(e->declared.line, 6u);
  EXPECT_EQ(e->tracing.where.file, "infra/plan.json");
  EXPECT_EQ(e->tracing.where.line, 6u);
  EXPECT_TRUE(e->enclosing.empty());
}

// A value from something sensitive is shown by its label only.
TEST(TfplanApiGateway, SensitiveTracingIsShownByItsLabel) {
  Out o = scan_text(plan({change("aws_api_gateway_stage.s", "aws_api_gateway_stage",
                                 R"({"stage_name":"s","xray_tracing_enabled":true})", "{}",
                                 R"({"xray_tracing_enabled":true})")}));
  ASSERT_EQ(o.model.apigateway_stages.size(), 1u);
  const auto& t = o.model.apigateway_stages[0].tracing;
  EXPECT_EQ(t.origin, Origin::Explicit);
  EXPECT_TRUE(t.value);
  EXPECT_EQ(t.raw, "(sensitive)");
  EXPECT_TRUE(t.raw_is_label);
}

TEST(TfstateApiGateway, StagesAndDeploymentStagesFromStates) {
  Out o =
      scan_text(R"({"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
{"address":"aws_api_gateway_stage.on","mode":"managed","type":"aws_api_gateway_stage","name":"on",
 "values":{"stage_name":"on","xray_tracing_enabled":true}}],
"child_modules":[{"address":"module.api","resources":[
{"address":"module.api.aws_api_gateway_stage.off","mode":"managed","type":"aws_api_gateway_stage","name":"off",
 "values":{"stage_name":"off","xray_tracing_enabled":false}},
{"address":"module.api.aws_api_gateway_deployment.dep","mode":"managed","type":"aws_api_gateway_deployment","name":"dep",
 "values":{"stage_name":"v1"}},
{"address":"module.api.aws_api_gateway_deployment.bare","mode":"managed","type":"aws_api_gateway_deployment","name":"bare",
 "values":{"stage_name":null}}]}]}}})",
                "state.json");
  EXPECT_TRUE(o.diags.empty());
  const auto& st = o.model.apigateway_stages;
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].address, "aws_api_gateway_stage.on");
  EXPECT_EQ(st[0].kind, "terraform-state");
  EXPECT_EQ(st[0].note, "state");
  EXPECT_EQ(st[0].tracing.origin, Origin::Explicit);
  EXPECT_TRUE(st[0].tracing.value);
  EXPECT_EQ(st[0].declared.file, "state.json");
  EXPECT_EQ(st[0].declared.line, 2u);
  EXPECT_EQ(st[0].tracing.where.line, 3u);
  EXPECT_EQ(st[1].address, "module.api.aws_api_gateway_stage.off");
  EXPECT_EQ(st[1].tracing.origin, Origin::Explicit);
  EXPECT_FALSE(st[1].tracing.value);
  EXPECT_EQ(st[2].address, "module.api.aws_api_gateway_deployment.dep");
  EXPECT_TRUE(st[2].implicit);
  EXPECT_EQ(st[2].stage_name, "v1");
  EXPECT_EQ(st[2].tracing.origin, Origin::Default);
  EXPECT_TRUE(st[2].edit.empty());

  Out raw = scan_text(R"({"version":4,"terraform_version":"1.11.4","serial":2,"lineage":"l","resources":[
{"mode":"managed","type":"aws_api_gateway_stage","name":"s","instances":[
  {"index_key":"prod","attributes":{"stage_name":"prod","xray_tracing_enabled":false}},
  {"index_key":"dev","attributes":{"stage_name":"dev"}},
  {"index_key":"old","deposed":"d1","attributes":{"stage_name":"old","xray_tracing_enabled":false}}]},
{"module":"module.m","mode":"managed","type":"aws_api_gateway_deployment","name":"d","instances":[
  {"attributes":{"stage_name":"live"}},{"index_key":1,"attributes":{"stage_name":""}}]}]})",
                      "terraform.tfstate");
  EXPECT_TRUE(raw.diags.empty());
  const auto& rs = raw.model.apigateway_stages;
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].address, "aws_api_gateway_stage.s[\"prod\"]");
  EXPECT_EQ(rs[0].tracing.origin, Origin::Explicit);
  EXPECT_FALSE(rs[0].tracing.value);
  EXPECT_EQ(rs[1].address, "aws_api_gateway_stage.s[\"dev\"]");
  EXPECT_EQ(rs[1].tracing.origin, Origin::Default);  // not in the state: not set
  EXPECT_EQ(rs[2].address, "module.m.aws_api_gateway_deployment.d");
  EXPECT_TRUE(rs[2].implicit);
  EXPECT_EQ(rs[2].declared.file, "terraform.tfstate");
  EXPECT_EQ(rs[2].declared.line, 7u);
}

}  // namespace
}  // namespace cs::tfplan
