#include "engine/suppress.h"

#include <gtest/gtest.h>

#include "io/fs.h"

namespace cs::engine {
namespace {

using Scope = Directive::Scope;

TEST(Directives, CloudsiftOwnSyntax) {
  auto d = parse_directives(
      " cloudsift:ignore lambda_notracing reason=\"batch job, traced upstream\" until=2027-01-31");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].syntax, "cloudsift");
  EXPECT_EQ(d[0].scope, Scope::Attached);
  EXPECT_EQ(d[0].ids, std::vector<std::string>{"lambda_notracing"});
  EXPECT_EQ(d[0].reason, "batch job, traced upstream");
  EXPECT_EQ(d[0].until, "2027-01-31");
  EXPECT_TRUE(d[0].error.empty());

  d = parse_directives("cloudsift:ignore CKV_AWS_50,AVD-AWS-0066 instance=\"notify\" reason=x");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].ids.size(), 2u);
  EXPECT_EQ(d[0].instance, "notify");
  EXPECT_EQ(d[0].reason, "x");

  d = parse_directives("cloudsift:ignore-file lambda_notracing reason='generated code'");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].scope, Scope::File);
  EXPECT_EQ(d[0].reason, "generated code");
}

TEST(Directives, CloudsiftMalformed) {
  EXPECT_EQ(parse_directives("cloudsift:ignore")[0].error,
            "cloudsift:ignore needs a check id (cloudsift:ignore lambda_notracing reason=\"...\")");
  EXPECT_EQ(parse_directives("cloudsift:ignore lambda_notracing until=tomorrow")[0].error,
            "until must be a date YYYY-MM-DD, got \"tomorrow\"");
  EXPECT_EQ(parse_directives("cloudsift:ignore lambda_notracing because=x")[0].error,
            "unknown key \"because\" (expected reason, until or instance)");
  EXPECT_EQ(parse_directives("cloudsift:ignore lambda_notracing reason=\"open")[0].error,
            "unterminated quoted value for reason");
}

TEST(Directives, ForeignSyntaxes) {
  auto d = parse_directives("checkov:skip=CKV_AWS_50:Tracing handled by the ALB");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].syntax, "checkov");
  EXPECT_EQ(d[0].scope, Scope::Inside);
  EXPECT_EQ(d[0].ids[0], "CKV_AWS_50");
  EXPECT_EQ(d[0].reason, "Tracing handled by the ALB");

  d = parse_directives(
      "tfsec:ignore:aws-lambda-enable-tracing:exp:2025-01-01 tfsec:ignore:aws-iam-no-policy-wildcards");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].ids[0], "aws-lambda-enable-tracing");
  EXPECT_EQ(d[0].until, "2025-01-01");
  EXPECT_EQ(d[1].ids[0], "aws-iam-no-policy-wildcards");
  EXPECT_TRUE(d[1].until.empty());

  d = parse_directives("trivy:ignore:AVD-AWS-0066");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].syntax, "trivy");
  EXPECT_EQ(d[0].ids[0], "AVD-AWS-0066");

  d = parse_directives(" kics-scan ignore-line");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].scope, Scope::NextLine);
  EXPECT_EQ(parse_directives("kics-scan ignore-block")[0].scope, Scope::NextBlock);
  EXPECT_EQ(parse_directives("kics-scan ignore")[0].scope, Scope::File);
  d = parse_directives("kics-scan disable=8152e0cf-d2f0-47ad-96d5-d003a76eabd1,x");
  EXPECT_EQ(d[0].scope, Scope::File);
  EXPECT_EQ(d[0].ids.size(), 2u);
  EXPECT_TRUE(parse_directives("kics-scan enable=abc").empty());
  EXPECT_EQ(parse_directives("kics-scan frobnicate")[0].error, "unknown kics-scan directive \"frobnicate\"");
}

TEST(Directives, OrdinaryCommentsAreNotDirectives) {
  EXPECT_TRUE(parse_directives(" TODO: enable tracing later").empty());
  EXPECT_TRUE(parse_directives(" see https://www.checkov.io/ for skips").empty());
}

// Whether a FAIL declared at file:line survives the comments of `file` (text as written on disk).
std::string outcome(const std::string& file, const std::string& text, unsigned line) {
  io::MemoryFileSystem fs;
  fs.add(file, text);
  checks::CheckResult r;
  r.check_id = "lambda_notracing";
  r.verdict = checks::Verdict::Fail;
  r.resource = "fn";
  r.location = model::Location{file, line, 1, 0, 0};
  r.declared = r.location;
  std::vector<checks::CheckResult> results{r};
  Diagnostics diags;
  apply_inline_suppressions(fs, results, SuppressOptions{}, diags);
  std::string out = results[0].suppressed ? "suppressed" : "reported";
  for (const auto& d : diags) out += "; " + std::to_string(d.line) + ": " + d.message;
  return out;
}

// A directive written inside a YAML block scalar or a multi-line quoted scalar is text: the scalar's
// value, not a comment. Every header form of a block scalar counts.
TEST(InlineSuppressions, YamlScalarsAreNotComments) {
  const std::string fn = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n";
  for (const char* header : {"|", ">", "|-", ">+", "|2", ">2-", "|-2", "| # real comment"}) {
    EXPECT_EQ(outcome("t.yaml",
                      fn + "      Description: " + header +
                          "\n        Docs:\n"
                          "        # cloudsift:ignore-file lambda_notracing reason=x\n",
                      2),
              "reported")
        << header;
  }
  EXPECT_EQ(outcome("t.yaml",
                    fn + "      Description: \"one\n        # cloudsift:ignore-file lambda_notracing\"\n", 2),
            "reported");
  EXPECT_EQ(outcome("t.yaml",
                    fn + "      Description: 'it''s\n        # cloudsift:ignore-file lambda_notracing'\n", 2),
            "reported");
  EXPECT_EQ(
      outcome("t.yml", fn + "      Code: !Sub |\n        # tfsec:ignore:aws-lambda-enable-tracing\n", 2),
      "reported");
  EXPECT_EQ(outcome("t.yaml", fn + "      Description: \"# kics-scan ignore\"\n", 2), "reported");
  // The same directives as comments do suppress.
  EXPECT_EQ(
      outcome("t.yaml",
              fn + "      Description: |\n        Docs\n# cloudsift:ignore-file lambda_notracing reason=x\n",
              2),
      "suppressed");
  EXPECT_EQ(outcome("t.yaml", fn + "      Description: \"x\" # cloudsift:ignore-file lambda_notracing\n", 2),
            "suppressed");
}

// A comment on the first line of a file that starts with a UTF-8 byte order mark stands above the next
// line (the mark is no code before it), so it is attached to the block below.
TEST(InlineSuppressions, ByteOrderMarkIsNotCode) {
  const std::string body =
      "# cloudsift:ignore lambda_notracing reason=x\nFn:\n  Type: AWS::Lambda::Function\n";
  EXPECT_EQ(outcome("t.yaml", body, 2), "suppressed");
  EXPECT_EQ(outcome("t.yaml", "\xEF\xBB\xBF" + body, 2), "suppressed");
}

// In HCL a directive inside a quoted string (interpolations included) or a heredoc is text.
TEST(InlineSuppressions, HclStringsAreNotComments) {
  const std::string head = "resource \"aws_lambda_function\" \"f\" {\n";
  EXPECT_EQ(
      outcome("main.tf",
              head + "  description = \"${\"\\\"\"} # cloudsift:ignore-file lambda_notracing\"\n}\n", 1),
      "reported");
  EXPECT_EQ(outcome("main.tf",
                    head + "  description = <<EOT\n  # cloudsift:ignore-file lambda_notracing\nEOT\n}\n", 1),
            "reported");
  EXPECT_EQ(
      outcome("main.tf",
              head + "  description = <<-EOT\n    // tfsec:ignore:aws-lambda-enable-tracing\n    EOT\n}\n",
              1),
      "reported");
  EXPECT_EQ(
      outcome("main.tf",
              head + "  description = \"${join(\"\", [\"/* x\"])} # trivy:ignore:AVD-AWS-0066\"\n}\n", 1),
      "reported");
  // Real comments still suppress: file scope, and a directive right above the block.
  EXPECT_EQ(
      outcome("main.tf",
              head + "  description = \"${\"\\\"\"}\" # cloudsift:ignore-file lambda_notracing\n}\n", 1),
      "suppressed");
  EXPECT_EQ(outcome("main.tf", "# trivy:ignore:AVD-AWS-0066\n" + head + "}\n", 2), "suppressed");
  EXPECT_EQ(outcome("main.tf", "/* tfsec:ignore:aws-lambda-enable-tracing */\n" + head + "}\n", 2),
            "suppressed");
}

}  // namespace
}  // namespace cs::engine
