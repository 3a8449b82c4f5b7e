// The check on a model built by hand: one stage per verdict row.
#include "checks/apigateway_notracing/apigateway_notracing.h"

#include <gtest/gtest.h>

namespace cs::checks {
namespace {

using model::Origin;
using model::aws::apigateway::Stage;

Stage stage(std::string addr, Origin o, bool v, bool implicit = false, std::string why = "") {
  Stage s;
  s.address = std::move(addr);
  s.kind = "cloudformation";
  s.declared = {"template.yaml", 10, 3};
  s.tracing.origin = o;
  s.tracing.value = v;
  s.tracing.unknown_reason = std::move(why);
  s.implicit = implicit;
  if (o != Origin::Default) s.tracing.where = {"template.yaml", 14, 23};
  return s;
}

TEST(ApiGatewayNoTracing, EveryVerdictRow) {
  model::Model m;
  m.apigateway_stages.push_back(stage("Absent", Origin::Default, false));
  m.apigateway_stages.push_back(stage("Disabled", Origin::Explicit, false));
  m.apigateway_stages.push_back(stage("Implicit", Origin::Default, false, true));
  m.apigateway_stages.push_back(stage("Active", Origin::Explicit, true));
  m.apigateway_stages.push_back(
      stage("Unknown", Origin::Unknown, false, false, "parameter Trace has no value"));
  m.opaque.push_back({"module.api", "terraform", {"main.tf", 30, 1}, "module-missing", "source not on disk"});

  std::vector<CheckResult> out;
  ApiGatewayNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 6u);
  auto expect = [&](size_t i, Verdict v, const char* reason) {
    EXPECT_EQ(out[i].verdict, v) << out[i].resource;
    EXPECT_EQ(out[i].reason, reason) << out[i].resource;
    EXPECT_EQ(out[i].check_id, "apigateway_notracing");
    EXPECT_EQ(out[i].severity, Severity::Low);
  };
  expect(0, Verdict::Fail, "absent");
  expect(1, Verdict::Fail, "disabled");
  expect(2, Verdict::Fail, "implicit-stage");
  expect(3, Verdict::Pass, "active");
  expect(4, Verdict::Unresolved, "unknown");
  expect(5, Verdict::Unresolved, "module-missing");
  // Absent points at the declaration; a written value at itself.
  EXPECT_EQ(out[0].location.line, 10u);
  EXPECT_EQ(out[1].location.line, 14u);
  EXPECT_EQ(out[0].message, "X-Ray tracing is not set, so it is off");
  EXPECT_EQ(out[1].message, "X-Ray tracing is disabled");
  EXPECT_EQ(
      out[4].message,
      "whether X-Ray tracing is enabled cannot be known before deployment: parameter Trace has no value");
  EXPECT_EQ(out[5].location.line, 30u);
}

// An implicit stage that a source nonetheless knows the tracing of (never today) follows the value.
TEST(ApiGatewayNoTracing, ImplicitWithExplicitValueFollowsValue) {
  model::Model m;
  m.apigateway_stages.push_back(stage("I", Origin::Explicit, true, true));
  std::vector<CheckResult> out;
  ApiGatewayNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].reason, "active");
}

TEST(ApiGatewayNoTracing, EditLocationAndNote) {
  model::Model m;
  auto s = stage("ServerlessRestApiProdStage", Origin::Default, false);
  s.edit = {"template.yaml", 3, 1};
  s.note = "implicit API of Api events";
  m.apigateway_stages.push_back(s);
  std::vector<CheckResult> out;
  ApiGatewayNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].location.line, 3u);
  EXPECT_EQ(out[0].declared.line, 10u);
  EXPECT_EQ(out[0].message, "X-Ray tracing is not set, so it is off (implicit API of Api events)");
}

}  // namespace
}  // namespace cs::checks
