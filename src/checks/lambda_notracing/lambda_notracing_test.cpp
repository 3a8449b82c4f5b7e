// The check on a model built by hand: one function per verdict row of DESIGN.md §1.
#include "checks/lambda_notracing/lambda_notracing.h"

#include <gtest/gtest.h>

namespace cs::checks {
namespace {

using model::Origin;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;

Function fn(std::string addr, TracingMode m, std::string raw = "", std::string why = "") {
  Function f;
  f.address = std::move(addr);
  f.kind = "terraform";
  f.declared = {"main.tf", 10, 1};
  f.tracing.value = m;
  f.tracing.origin = m == TracingMode::Absent    ? Origin::Default
                     : m == TracingMode::Unknown ? Origin::Unknown
                                                 : Origin::Explicit;
  f.tracing.raw = std::move(raw);
  f.tracing.unknown_reason = std::move(why);
  if (m != TracingMode::Absent) f.tracing.where = {"main.tf", 12, 5};
  return f;
}

TEST(LambdaNoTracing, EveryVerdictRow) {
  model::Model m;
  m.lambda_functions.push_back(fn("a", TracingMode::Absent));
  m.lambda_functions.push_back(fn("b", TracingMode::PassThrough, "PassThrough"));
  m.lambda_functions.push_back(fn("c", TracingMode::Invalid, "active"));
  m.lambda_functions.push_back(fn("d", TracingMode::Active, "Active"));
  m.lambda_functions.push_back(fn("e", TracingMode::Unknown, "", "var.mode has no value"));
  auto kafka = fn("f", TracingMode::Active);
  kafka.unsupported_event_source = "Amazon MSK";
  m.lambda_functions.push_back(kafka);
  m.opaque.push_back({"module.x", "terraform", {"main.tf", 30, 1}, "module-missing", "source not on disk"});

  std::vector<CheckResult> out;
  LambdaNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 7u);
  auto expect = [&](size_t i, Verdict v, const char* reason) {
    EXPECT_EQ(out[i].verdict, v) << out[i].resource;
    EXPECT_EQ(out[i].reason, reason) << out[i].resource;
    EXPECT_EQ(out[i].check_id, "lambda_notracing");
    EXPECT_EQ(out[i].severity, Severity::Low);
  };
  expect(0, Verdict::Fail, "absent");
  expect(1, Verdict::Fail, "passthrough");
  expect(2, Verdict::Fail, "invalid");
  expect(3, Verdict::Pass, "active");
  expect(4, Verdict::Unresolved, "unknown");
  expect(5, Verdict::NotApplicable, "unsupported-source");
  expect(6, Verdict::Unresolved, "module-missing");
  // Absent points at the declaration (where the block goes); a written value points at itself.
  EXPECT_EQ(out[0].location.line, 10u);
  EXPECT_EQ(out[1].location.line, 12u);
  EXPECT_EQ(out[2].message,
            "tracing mode \"active\" is not valid (expected \"Active\" or \"PassThrough\", case-sensitive)");
  EXPECT_EQ(out[4].message, "tracing mode cannot be known before deployment: var.mode has no value");
  EXPECT_EQ(out[6].location.line, 30u);
}

TEST(LambdaNoTracing, EditLocationWins) {
  model::Model m;
  auto f = fn("module.api.aws_lambda_function.this[0]", TracingMode::Absent);
  f.edit = {"main.tf", 3, 1};
  m.lambda_functions.push_back(f);
  std::vector<CheckResult> out;
  LambdaNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].location.line, 3u);
  EXPECT_EQ(out[0].declared.line, 10u);
}

}  // namespace
}  // namespace cs::checks

namespace cs::checks {
namespace {

// Live scans: when the event source mappings of a region could not be listed, a function that is not
// Active might still be one X-Ray cannot trace, so it is UNRESOLVED, never FAIL; Active still passes.
TEST(LambdaNoTracing, EventSourcesUnknownMakesNonActiveUnresolved) {
  model::Model m;
  auto a = fn("arn:aws:lambda:us-east-1:111111111111:function:a", TracingMode::PassThrough, "PassThrough");
  a.applicability_unknown = "event source mappings could not be listed: AccessDenied";
  auto b = fn("arn:aws:lambda:us-east-1:111111111111:function:b", TracingMode::Active, "Active");
  b.applicability_unknown = a.applicability_unknown;
  auto c = fn("arn:aws:lambda:us-east-1:111111111111:function:c", TracingMode::Absent);
  c.applicability_unknown = a.applicability_unknown;
  m.lambda_functions = {a, b, c};
  std::vector<CheckResult> out;
  LambdaNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].verdict, Verdict::Unresolved);
  EXPECT_EQ(out[0].reason, "event-sources-unknown");
  EXPECT_NE(out[0].message.find("AccessDenied"), std::string::npos);
  EXPECT_NE(out[0].message.find("PassThrough"), std::string::npos);
  EXPECT_EQ(out[1].verdict, Verdict::Pass);
  EXPECT_EQ(out[2].verdict, Verdict::Unresolved);
  EXPECT_NE(out[2].message.find("not set"), std::string::npos);
}

}  // namespace
}  // namespace cs::checks

namespace cs::checks {
namespace {

TEST(LambdaNoTracing, LongWrittenValueIsCutInMessages) {
  model::Model m;
  std::string big(1 << 20, 'x');
  big.replace(78, 3, "\xc3\xa9\xc3");  // a two-byte character straddling the cut at 80
  m.lambda_functions.push_back(fn("a", TracingMode::Invalid, big));
  std::vector<CheckResult> out;
  LambdaNoTracing().run(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "tracing mode \"" + std::string(78, 'x') + "\xc3\xa9" +
                                "\"... (1048576 bytes) is not valid (expected \"Active\" or \"PassThrough\", "
                                "case-sensitive)");
}

}  // namespace
}  // namespace cs::checks
