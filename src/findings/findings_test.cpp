// The findings library on its own: names, the metadata of a report, fingerprints and baselines.
#include "findings/findings.h"

#include <gtest/gtest.h>

#include "findings/baseline.h"

namespace cs::findings {
namespace {

TEST(Findings, SeverityNamesAreCaseInsensitive) {
  Severity s = Severity::Low;
  EXPECT_TRUE(parse_severity("high", &s));
  EXPECT_EQ(s, Severity::High);
  EXPECT_FALSE(parse_severity("urgent", &s));
  EXPECT_STREQ(to_string(Verdict::NotApplicable), "NOT_APPLICABLE");
}

TEST(Findings, ReportFindsTheMetadataOfChecksThatRan) {
  Metadata m;
  m.id = "lambda_notracing";
  ScanReport rep;
  rep.checks_run.push_back(&m);
  EXPECT_EQ(rep.metadata("lambda_notracing"), &m);
  EXPECT_EQ(rep.metadata("apigateway_notracing"), nullptr);
}

TEST(Findings, NoFixIntentUnlessACheckGivesOne) {
  CheckResult r;
  EXPECT_FALSE(r.fix.has_value());
}

TEST(Baseline, FingerprintIsRelativeToTheWorkingDirectory) {
  CheckResult r;
  r.check_id = "lambda_notracing";
  r.resource = "aws_lambda_function.a";
  r.declared.file = "/repo/infra/main.tf";
  EXPECT_EQ(fingerprint(r, "/repo"), "lambda_notracing|infra/main.tf|aws_lambda_function.a");
  r.fingerprint = fingerprint(r, "/repo");
  r.verdict = Verdict::Fail;
  auto fps = read_baseline("b.json", baseline_json({r}, "0.1.0"));
  ASSERT_TRUE(fps);
  EXPECT_EQ(fps->count("lambda_notracing|infra/main.tf|aws_lambda_function.a"), 1u);
  std::vector<CheckResult> rs{r};
  apply_baseline(rs, *fps, "b.json");
  EXPECT_TRUE(rs[0].suppressed);
  EXPECT_EQ(rs[0].suppressions.at(0).syntax, "baseline");
}

// A child module's resource reached from two root modules: same file, same address, one identity per root.
// The working directory as root adds nothing (fingerprints of a one-root scan there are unchanged).
TEST(Baseline, FingerprintNamesTheRootModuleOfAChildModulesResource) {
  CheckResult r;
  r.check_id = "lambda_notracing";
  r.resource = "module.svc.module.label";
  r.declared.file = "/repo/modules/svc/main.tf";
  r.root = "/repo/prod";
  EXPECT_EQ(fingerprint(r, "/repo"),
            "lambda_notracing|modules/svc/main.tf|module.svc.module.label|root=prod");
  r.root = "./staging/";
  EXPECT_EQ(fingerprint(r, "/repo"),
            "lambda_notracing|modules/svc/main.tf|module.svc.module.label|root=staging");
  r.root = "/repo";
  EXPECT_EQ(fingerprint(r, "/repo"), "lambda_notracing|modules/svc/main.tf|module.svc.module.label");
  r.root = ".";
  EXPECT_EQ(fingerprint(r, "/repo"), "lambda_notracing|modules/svc/main.tf|module.svc.module.label");
}

}  // namespace
}  // namespace cs::findings
