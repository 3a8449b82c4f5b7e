// The plan / state mappers by resource type: the registry, and what each mapper puts in the model.
#include "sources/tfplan/mappers.h"

#include <gtest/gtest.h>

#include "io/fs.h"
#include "sources/tfplan/tfplan.h"

namespace cs::tfplan {
namespace {

struct Out {
  model::Model model;
  Diagnostics diags;
};

Out scan_text(const std::string& text, const std::string& path = "plan.json") {
  io::MemoryFileSystem fs;
  fs.add(path, text);
  Out o;
  scan(fs, path, text, o.model, o.diags);
  return o;
}

// A plan of resource changes (each a JSON object text) with the configuration resources given.
std::string plan(const std::vector<std::string>& changes, const std::string& config_resources = "") {
  std::string p = R"({"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[)";
  for (size_t i = 0; i < changes.size(); ++i) p += (i ? ",\n" : "\n") + changes[i];
  p += "]";
  if (!config_resources.empty())
    p += R"(,"configuration":{"root_module":{"resources":[)" + config_resources + "]}}";
  return p + "}\n";
}

std::string change(const std::string& address, const std::string& type, const std::string& after,
                   const std::string& after_unknown = "{}", const std::string& after_sensitive = "{}",
                   const std::string& actions = R"(["create"])") {
  return R"({"address":")" + address + R"(","mode":"managed","type":")" + type +
         R"(","name":"x","change":{"actions":)" + actions + R"(,"before":null,"after":)" + after +
         R"(,"after_unknown":)" + after_unknown + R"(,"after_sensitive":)" + after_sensitive + "}}";
}

std::string config(const std::string& type, const std::string& name, const std::string& expressions) {
  return R"({"address":")" + type + "." + name + R"(","mode":"managed","type":")" + type + R"(","name":")" +
         name + R"(","expressions":)" + expressions + "}";
}

TEST(TfplanMappers, RegistryIsSortedByTypeAndFindsEach) {
  Span<const Mapper> all = mappers();
  ASSERT_EQ(all.size, 3u);
  for (uint32_t i = 1; i < all.size; ++i) EXPECT_LT(all[i - 1].type, all[i].type) << all[i].type;
  for (const Mapper& m : all) {
    EXPECT_EQ(find_mapper(m.type), &m);
    EXPECT_NE(m.plan, nullptr);
  }
  EXPECT_EQ(find_mapper("aws_lambda_event_source_mapping"), nullptr);
  EXPECT_EQ(find_mapper("aws_iam_rol"), nullptr);
  EXPECT_EQ(find_mapper("zzz"), nullptr);
  // States give functions, not stages (as before the split).
  EXPECT_NE(find_mapper("aws_lambda_function")->state, nullptr);
  EXPECT_EQ(find_mapper("aws_api_gateway_stage")->state, nullptr);
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

}  // namespace
}  // namespace cs::tfplan
