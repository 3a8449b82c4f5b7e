#include "engine/suppress.h"

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "model/comments.h"
#include "sources/common/document.h"
#include "sources/terraform/config.h"
#include "syntax/hcl/ast.h"
#include "syntax/json/json.h"
#include "syntax/yaml/yaml.h"

namespace cs::engine {
namespace {

using Scope = Directive::Scope;

// Files as the sources hand them to suppression: their comments, found when the Terraform source and
// the document sources (CloudFormation, SAM, Serverless) parse them.
struct Files {
  std::vector<model::FileComments> comments;
  void add(const std::string& path, const std::string& text) {
    if (path.ends_with(".tf") || path.ends_with(".tfvars"))
      tf::add_comments(*hcl::parse(path, text), comments);
    else
      sources::add_comments(*sources::parse_document(path, text), comments);
  }
};

// Sources keep only the comments model::may_hold_directive() accepts: it must accept every text
// parse_directives() reads a directive from, in every syntax.
TEST(Directives, EveryDirectiveSyntaxIsKeptBySources) {
  for (const char* t :
       {" cloudsift:ignore lambda_notracing reason=x", "cloudsift:ignore-file apigateway_notracing",
        "checkov:skip=CKV_AWS_50: no", " tfsec:ignore:aws-lambda-enable-tracing", "trivy:ignore:AVD-AWS-0066",
        " kics-scan ignore-line", "kics-scan ignore-block",
        "kics-scan disable=5813ef56-fa94-406a-b35d-977d4a56ff2b", "text before checkov:skip=CKV_AWS_73"}) {
    ASSERT_FALSE(parse_directives(t).empty()) << t;
    EXPECT_TRUE(model::may_hold_directive(t)) << t;
  }
  EXPECT_FALSE(model::may_hold_directive(" just a note about tracing"));
}

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

checks::CheckResult failing(const std::string& resource, model::Location declared,
                            std::vector<model::Location> enclosing = {}) {
  checks::CheckResult r;
  r.check_id = "lambda_notracing";
  r.verdict = checks::Verdict::Fail;
  r.resource = resource;
  r.declared = declared;
  r.location = declared;
  r.enclosing = std::move(enclosing);
  return r;
}

// "syntax@line" of each suppression that matched, in order.
std::string matched(const checks::CheckResult& r) {
  std::string out;
  for (const auto& s : r.suppressions)
    out += (out.empty() ? "" : " ") + s.syntax + "@" + std::to_string(s.where.line);
  return out;
}

// Each result meets exactly the directives whose scope covers it, in the order they are written
// (directives are looked up by file and line, not tried one by one against every result).
TEST(ApplySuppressions, EachResultMeetsOnlyTheDirectivesInItsScope) {
  Files fs;
  fs.add("m/main.tf",
         "# kics-scan disable=lambda_notracing\n"              // 1: file scope
         "# cloudsift:ignore lambda_notracing reason=\"a\"\n"  // 2: attached to 3
         "resource \"aws_lambda_function\" \"a\" {\n"          // 3
         "  #checkov:skip=CKV_AWS_50:inside a\n"               // 4: inside 3..6
         "  tracing_config { mode = \"PassThrough\" }\n"       // 5
         "}\n"                                                 // 6
         "resource \"aws_lambda_function\" \"b\" { # tfsec:ignore:aws-lambda-enable-tracing\n"  // 7: trailing
                                                                                                // on 7
         "}\n"                                                                                  // 8
         "# kics-scan ignore-block\n"                    // 9: next block (11)
         "\n"                                            // 10
         "module \"c\" {\n"                              // 11
         "  #checkov:skip=CKV_AWS_50:inside the call\n"  // 12: inside 11..13
         "}\n");                                         // 13
  fs.add("m/other.tf", "resource \"aws_lambda_function\" \"d\" {\n}\n");
  std::vector<checks::CheckResult> results = {
      failing("aws_lambda_function.a", {"m/main.tf", 3, 1, 6, 2}),
      failing("aws_lambda_function.b", {"m/main.tf", 7, 1, 8, 2}),
      failing("module.c.aws_lambda_function.x", {"m/mod/main.tf", 1, 1, 3, 2}, {{"m/main.tf", 11, 1, 13, 2}}),
      failing("aws_lambda_function.d", {"m/other.tf", 1, 1, 2, 2}),
  };
  Diagnostics diags;
  apply_inline_suppressions(fs.comments, results, SuppressOptions{}, diags);
  EXPECT_EQ(matched(results[0]), "kics@1 cloudsift@2 checkov@4");
  EXPECT_EQ(matched(results[1]), "kics@1 tfsec@7");
  EXPECT_EQ(matched(results[2]), "kics@9 checkov@12");
  EXPECT_EQ(matched(results[3]), "");
  EXPECT_TRUE(results[0].suppressed && results[1].suppressed && results[2].suppressed);
  EXPECT_FALSE(results[3].suppressed);
}

// A checkov:skip inside a YAML resource applies to it and not to the next resource (the block ends
// where the indentation returns to the resource's own).
TEST(ApplySuppressions, YamlInsideEndsWithTheBlock) {
  Files fs;
  fs.add("t.yaml",
         "Resources:\n"                                  // 1
         "  A:\n"                                        // 2
         "    Type: AWS::Lambda::Function\n"             // 3
         "    Properties:\n"                             // 4
         "      # checkov:skip=CKV_AWS_50:only A\n"      // 5
         "      Handler: h\n"                            // 6
         "\n"                                            // 7
         "  B:\n"                                        // 8
         "    Type: AWS::Lambda::Function\n"             // 9
         "  # checkov:skip=CKV_AWS_50:between blocks\n"  // 10: inside no block but Resources
         "  C:\n"                                        // 11
         "    Type: AWS::Lambda::Function\n");           // 12
  std::vector<checks::CheckResult> results = {failing("A", {"t.yaml", 2, 3, 0, 0}),
                                              failing("B", {"t.yaml", 8, 3, 0, 0}),
                                              failing("C", {"t.yaml", 11, 3, 0, 0})};
  Diagnostics diags;
  apply_inline_suppressions(fs.comments, results, SuppressOptions{}, diags);
  EXPECT_EQ(matched(results[0]), "checkov@5");
  EXPECT_EQ(matched(results[1]), "");
  EXPECT_EQ(matched(results[2]), "");
}

// Many resources, each with its own comment: each result gets exactly its own suppression.
TEST(ApplySuppressions, OneCommentPerResourceAtScale) {
  Files fs;
  std::string tf;
  std::vector<checks::CheckResult> results;
  unsigned line = 1;
  for (int i = 0; i < 2000; ++i) {
    tf += "# cloudsift:ignore lambda_notracing reason=\"r" + std::to_string(i) + "\"\n";
    tf += "resource \"aws_lambda_function\" \"f" + std::to_string(i) + "\" {\n}\n";
    results.push_back(
        failing("aws_lambda_function.f" + std::to_string(i), {"m/main.tf", line + 1, 1, line + 2, 2}));
    line += 3;
  }
  fs.add("m/main.tf", tf);
  Diagnostics diags;
  apply_inline_suppressions(fs.comments, results, SuppressOptions{}, diags);
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(results[i].suppressions.size(), 1u) << i;
    EXPECT_EQ(results[i].suppressions[0].justification, "r" + std::to_string(i));
    EXPECT_EQ(results[i].suppressions[0].where.line, 3u * i + 1);
  }
  EXPECT_TRUE(diags.empty());
}

// A scan parses each file once: the sources hand the comments of what they parsed to suppression,
// which reads no file again; a template or service is parsed once even though its source looked into it
// to claim it. Each kind of suppression still applies.
TEST(ApplySuppressions, AScanParsesEachFileOnce) {
  io::MemoryFileSystem fs;
  fs.add("r/tf/main.tf",
         "variable \"mode\" {}\n"
         "# cloudsift:ignore lambda_notracing reason=\"traced upstream\"\n"
         "resource \"aws_lambda_function\" \"a\" {\n"
         "  function_name = \"a\"\n"
         "  role = \"arn:aws:iam::123456789012:role/r\"\n"
         "}\n"
         "resource \"aws_lambda_function\" \"b\" {\n"
         "  function_name = \"b\"\n"
         "  role = \"arn:aws:iam::123456789012:role/r\"\n"
         "  tracing_config { mode = var.mode }\n"
         "}\n");
  fs.add("r/tf/terraform.tfvars", "mode = \"PassThrough\"\n");
  fs.add("r/cfn/template.yaml",
         "AWSTemplateFormatVersion: '2010-09-09'\n"
         "Resources:\n"
         "  Fn:\n"
         "    Type: AWS::Lambda::Function\n"
         "    Properties:\n"
         "      # checkov:skip=CKV_AWS_50:batch job\n"
         "      Role: arn:aws:iam::123456789012:role/r\n");
  fs.add("r/cfn/template.json",
         "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"J\": {\"Type\": "
         "\"AWS::Lambda::Function\", \"Properties\": {\"Role\": \"arn:aws:iam::123456789012:role/r\"}}}}");
  fs.add("r/sls/serverless.yml",
         "service: s\n"
         "provider:\n"
         "  name: aws\n"
         "functions:\n"
         "  # tfsec:ignore:aws-lambda-enable-tracing\n"
         "  f:\n"
         "    handler: h\n");
  uint64_t hcl0 = hcl::parse_count(), yaml0 = yaml::parse_count(), json0 = json::parse_count();
  ScanRequest req;
  req.paths = {"r"};
  req.threads = 1;
  req.checks = {"lambda_notracing"};
  auto rep = scan(req, fs);
  ASSERT_TRUE(rep);
  EXPECT_EQ(hcl::parse_count() - hcl0, 2u);    // main.tf, terraform.tfvars
  EXPECT_EQ(yaml::parse_count() - yaml0, 2u);  // template.yaml, serverless.yml
  EXPECT_EQ(json::parse_count() - json0, 1u);  // template.json
  std::vector<std::string> got;
  for (const auto& r : rep->results)
    got.push_back(r.resource +
                  (r.suppressed ? " suppressed by " + r.suppressions.at(0).syntax : " reported"));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "J reported", "Fn suppressed by checkov", "functions.f suppressed by tfsec",
                     "aws_lambda_function.a suppressed by cloudsift", "aws_lambda_function.b reported"}));
}

// Whether a FAIL declared at file:line survives the comments of `file` (text as written on disk).
std::string outcome(const std::string& file, const std::string& text, unsigned line) {
  Files fs;
  fs.add(file, text);
  checks::CheckResult r;
  r.check_id = "lambda_notracing";
  r.verdict = checks::Verdict::Fail;
  r.resource = "fn";
  r.location = model::Location{file, line, 1, 0, 0};
  r.declared = r.location;
  std::vector<checks::CheckResult> results{r};
  Diagnostics diags;
  apply_inline_suppressions(fs.comments, results, SuppressOptions{}, diags);
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
