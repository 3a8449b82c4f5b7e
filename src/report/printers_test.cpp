// The printers on a hand-built report: suppressions, awkward characters, input errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "report/report.h"

namespace cs::report {
namespace {

// The metadata the printers read, as a check would give it (the report layer never sees the registry).
const findings::Metadata& tracing_check() {
  static const findings::Metadata m = [] {
    findings::Metadata d;
    d.id = "lambda_notracing";
    d.aliases = {"CKV_AWS_50"};
    d.title = "Lambda function without active X-Ray tracing";
    d.severity = findings::Severity::Low;
    d.resource_type = "AWS::Lambda::Function";
    d.rationale = "Without tracing, requests cannot be followed.";
    d.remedies = {{"Terraform", "hcl", "tracing_config {\n  mode = \"Active\"\n}"}};
    d.verdicts = {{findings::Verdict::Fail, "absent", "no tracing setting"}};
    return d;
  }();
  return m;
}

findings::CheckResult result(findings::Verdict v, const std::string& reason, const std::string& resource,
                             const std::string& file, unsigned line) {
  findings::CheckResult r;
  r.check_id = "lambda_notracing";
  r.verdict = v;
  r.reason = reason;
  r.resource = resource;
  r.kind = "terraform";
  r.message = "tracing mode is PassThrough";
  r.location = {file, line, 3, line, 9};
  r.declared = {file, line, 1, 0, 0};
  return r;
}

findings::ScanReport sample() {
  findings::ScanReport rep;
  rep.checks_run.push_back(&tracing_check());
  rep.results.push_back(
      result(findings::Verdict::Fail, "passthrough", "aws_lambda_function.a", "infra/main.tf", 4));
  auto weird = result(findings::Verdict::Fail, "absent", "module.x[\"<k>|&\"].aws_lambda_function.b",
                      "infra/a b.tf", 9);
  weird.message = "bad\x01value, \"quoted\" | piped\nnext line";
  rep.results.push_back(weird);
  auto sup = result(findings::Verdict::Fail, "absent", "aws_lambda_function.s", "infra/main.tf", 20);
  sup.suppressed = true;
  findings::Suppression why;
  why.kind = "inline";
  why.syntax = "checkov";
  why.justification = "legacy function";
  why.until = "2030-01-01";
  why.where.file = "infra/main.tf";
  why.where.line = 19;
  why.where.col = 3;
  sup.suppressions.push_back(why);
  rep.results.push_back(sup);
  rep.results.push_back(
      result(findings::Verdict::Unresolved, "unknown", "aws_lambda_function.u", "infra/main.tf", 30));
  rep.results.push_back(
      result(findings::Verdict::Pass, "active", "aws_lambda_function.p", "infra/main.tf", 40));
  rep.diagnostics.push_back({Severity::Error, "infra/bad.tf", 3, 9, "Invalid <expression>"});
  rep.summary.passed = 1;
  rep.summary.failed = 2;
  rep.summary.unresolved = 1;
  rep.summary.suppressed = 1;
  rep.summary.parse_errors = 1;
  rep.summary.files = 3;
  return rep;
}

TEST(Sarif, ResultsLevelsSuppressionsAndNotifications) {
  std::ostringstream o;
  write_sarif(o, sample(), {"1.2.3", "/repo"});
  std::string s = o.str();
  EXPECT_NE(s.find("\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""), std::string::npos);
  EXPECT_NE(s.find("\"uri\": \"file:///repo/\""), std::string::npos);
  EXPECT_NE(s.find("\"uri\": \"infra/a%20b.tf\""), std::string::npos);
  EXPECT_NE(s.find("\"level\": \"note\""), std::string::npos);    // UNRESOLVED
  EXPECT_EQ(s.find("aws_lambda_function.p"), std::string::npos);  // PASS is not a result
  EXPECT_NE(s.find("\"kind\": \"inSource\""), std::string::npos);
  EXPECT_NE(s.find("\"justification\": \"legacy function\""), std::string::npos);
  EXPECT_NE(s.find("\"until\": \"2030-01-01\""), std::string::npos);
  EXPECT_NE(s.find("\"executionSuccessful\": false"), std::string::npos);
  EXPECT_NE(s.find("\"text\": \"Invalid <expression>.\""), std::string::npos);
  EXPECT_NE(s.find("\"security-severity\": \"3.0\""), std::string::npos);
  EXPECT_NE(s.find("\"cloudsift/v1\": \""), std::string::npos);
}

TEST(Sarif, FingerprintDoesNotDependOnLines) {
  auto a = sample(), b = sample();
  for (auto& r : b.results) r.location.line += 10, r.location.end_line += 10;
  std::ostringstream oa, ob;
  write_sarif(oa, a, {"1", "/repo"});
  write_sarif(ob, b, {"1", "/repo"});
  auto fps = [](const std::string& s) {
    std::string out;
    for (size_t p = s.find("cloudsift/v1"); p != std::string::npos; p = s.find("cloudsift/v1", p + 1))
      out += s.substr(p, 60) + "\n";
    return out;
  };
  EXPECT_EQ(fps(oa.str()), fps(ob.str()));
}

TEST(Sarif, FilesOutsideTheRootAreAbsolute) {
  auto rep = sample();
  rep.results[0].location.file = "../elsewhere/x.tf";
  std::ostringstream o;
  write_sarif(o, rep, {"1", "/repo/sub"});
  EXPECT_NE(o.str().find("\"uri\": \"file:///repo/elsewhere/x.tf\""), std::string::npos);
}

TEST(Sarif, Utf16Column) {
  // "h\u00e9llo \U0001F680": é is 2 bytes and 1 UTF-16 unit, the rocket 4 bytes and 2 units.
  std::string line = "  P: {D: \"h\xc3\xa9llo \xf0\x9f\x9a\x80\", T: PassThrough}";
  size_t at = line.find("PassThrough");
  EXPECT_EQ(utf16_column(line, static_cast<unsigned>(at) + 1), at + 1 - 3);  // é: 2 bytes, 1 unit; 🚀: 4, 2
  EXPECT_EQ(utf16_column("abc", 2), 2u);
  EXPECT_EQ(utf16_column("abc", 5), 5u);  // past the end of the line: one unit a byte
  EXPECT_EQ(utf16_column("abc", 0), 0u);
}

// Columns are bytes in the model and UTF-16 code units in SARIF (its default columnKind).
TEST(Sarif, ColumnsAreUtf16CodeUnitsThroughTheLine) {
  findings::ScanReport rep;
  rep.checks_run.push_back(&tracing_check());
  const std::string line =
      "    Properties: {Description: \"h\xc3\xa9llo \xf0\x9f\x9a\x80\", "
      "TracingConfig: {Mode: PassThrough}}";
  unsigned byte_col = static_cast<unsigned>(line.find("PassThrough")) + 1;  // 68
  ASSERT_EQ(byte_col, 68u);
  auto r = result(findings::Verdict::Fail, "passthrough", "Fn", "template.yaml", 5);
  r.location = {"template.yaml", 5, byte_col, 5, byte_col + 11};
  rep.results.push_back(r);
  rep.diagnostics.push_back({Severity::Error, "gone.yaml", 2, 7, "unreadable"});
  SarifOptions opts{"1", "/repo"};
  opts.line_text = [&](const std::string& file, unsigned ln) -> std::optional<std::string> {
    if (file == "template.yaml" && ln == 5) return line;
    return std::nullopt;
  };
  std::ostringstream o;
  write_sarif(o, rep, opts);
  std::string s = o.str();
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n'; }), s.end());
  EXPECT_NE(s.find("\"region\":{\"startLine\":5,\"startColumn\":65,\"endLine\":5,\"endColumn\":76}"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\"columnKind\":\"utf16CodeUnits\""), std::string::npos);
  // A line that cannot be read keeps its line and loses its column.
  EXPECT_NE(s.find("\"region\":{\"startLine\":2}"), std::string::npos) << s;
}

TEST(Junit, CountsAndEscaping) {
  std::ostringstream o;
  write_junit(o, sample());
  std::string s = o.str();
  EXPECT_NE(
      s.find("<testsuite name=\"lambda_notracing\" tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"2\">"),
      std::string::npos);
  EXPECT_NE(s.find("name=\"module.x[&quot;&lt;k&gt;|&amp;&quot;].aws_lambda_function.b\""),
            std::string::npos);
  EXPECT_NE(s.find("bad\xEF\xBF\xBDvalue, &quot;quoted&quot; | piped&#10;next line"), std::string::npos);
  EXPECT_EQ(s.find('\x01'), std::string::npos);
  EXPECT_NE(s.find("<skipped message=\"suppressed (checkov inline: legacy function, until 2030-01-01)"),
            std::string::npos);
  EXPECT_NE(s.find("<testsuite name=\"cloudsift.input\" tests=\"1\" failures=\"0\" errors=\"1\""),
            std::string::npos);
  EXPECT_NE(s.find("<error message=\"Invalid &lt;expression&gt;\""), std::string::npos);
}

TEST(Csv, HeaderRowsAndQuoting) {
  std::ostringstream o;
  write_csv(o, sample());
  std::string s = o.str();
  EXPECT_EQ(s.substr(0, s.find("\r\n")),
            "check_id,verdict,reason,severity,resource,kind,file,line,column,message,suppressed");
  EXPECT_NE(s.find("lambda_notracing,FAIL,passthrough,LOW,aws_lambda_function.a,terraform,infra/main.tf,4,3,"
                   "tracing mode is PassThrough,false\r\n"),
            std::string::npos);
  EXPECT_NE(s.find("\"module.x[\"\"<k>|&\"\"].aws_lambda_function.b\""), std::string::npos);
  EXPECT_NE(s.find(",\"bad\\x01value, \"\"quoted\"\" | piped\nnext line\",false\r\n"), std::string::npos);
  EXPECT_NE(s.find("aws_lambda_function.s,terraform,infra/main.tf,20,3,tracing mode is PassThrough,true\r\n"),
            std::string::npos);
}

TEST(Markdown, SummaryTableFixAndErrors) {
  std::ostringstream o;
  write_markdown(o, sample(), {});
  std::string s = o.str();
  EXPECT_EQ(s.substr(0, s.find('\n')), "### ❌ cloudsift: 2 failing resources, 1 unresolved, 1 input error");
  EXPECT_NE(s.find("| 2 | 1 | 1 | 0 | 1 | 1 |"), std::string::npos);
  EXPECT_NE(s.find("`module.x[\"<k>\\|&\"].aws_lambda_function.b`"), std::string::npos);
  EXPECT_NE(s.find("bad\\\\x01value, \"quoted\" \\| piped\\\\nnext line"), std::string::npos);
  EXPECT_EQ(s.find("aws_lambda_function.s`"), std::string::npos);  // suppressed: counted, not listed
  EXPECT_NE(s.find("1 result is suppressed"), std::string::npos);
  EXPECT_NE(s.find("<details>"), std::string::npos);
  EXPECT_NE(s.find("```hcl"), std::string::npos);
  EXPECT_NE(s.find("- error `infra/bad.tf:3:9`: Invalid \\<expression\\>"), std::string::npos);
}

TEST(Markdown, TableIsCapped) {
  auto rep = sample();
  std::ostringstream o;
  write_markdown(o, rep, {1});
  EXPECT_NE(o.str().find("… and 2 more"), std::string::npos);
}

TEST(Markdown, CleanScan) {
  findings::ScanReport rep;
  rep.checks_run.push_back(&tracing_check());
  std::ostringstream o;
  write_markdown(o, rep, {});
  EXPECT_EQ(o.str().substr(0, o.str().find('\n')), "### ✅ cloudsift: no failures");
  EXPECT_EQ(o.str().find("<details>"), std::string::npos);
}

TEST(Formats, Names) {
  Format f;
  EXPECT_TRUE(parse_format("sarif", &f));
  EXPECT_EQ(f, Format::Sarif);
  EXPECT_TRUE(parse_format("markdown", &f));
  EXPECT_EQ(f, Format::Markdown);
  // Names in any case, as Checkov and Trivy users type them (issue 10); unknown names stay unknown.
  EXPECT_TRUE(parse_format("SARIF", &f));
  EXPECT_EQ(f, Format::Sarif);
  EXPECT_TRUE(parse_format("JUnit", &f));
  EXPECT_EQ(f, Format::Junit);
  EXPECT_FALSE(parse_format("yaml", &f));
  EXPECT_FALSE(parse_format("sarif2", &f));
}

}  // namespace
}  // namespace cs::report

namespace cs::report {
namespace {

findings::ScanReport live_sample(bool with_gap) {
  findings::ScanReport rep;
  rep.checks_run.push_back(&tracing_check());
  findings::CheckResult r;
  r.check_id = "lambda_notracing";
  r.verdict = findings::Verdict::Fail;
  r.reason = "passthrough";
  r.resource = "arn:aws:lambda:eu-west-1:222222222222:function:worker";
  r.kind = "live";
  r.message = "tracing mode is PassThrough";
  r.properties = {{"account", "222222222222"},
                  {"region", "eu-west-1"},
                  {"runtime", "python3.12"},
                  {"role", "arn:aws:iam::222222222222:role/worker"}};
  rep.results.push_back(r);
  rep.summary.failed = 1;
  findings::Coverage c;
  c.caller_account = "111111111111";
  c.caller_arn = "arn:aws:iam::111111111111:user/scanner";
  c.partition = "aws";
  c.accounts = {"222222222222", "333333333333"};
  c.scanned = {{"222222222222", "eu-west-1", 1}};
  c.skipped = {{"444444444444", "closed", "*", "account status SUSPENDED"}};
  if (with_gap)
    c.gaps = {{"333333333333", "locked", "*", "assume-role-failed",
               "sts:AssumeRole in us-east-1: AccessDenied (HTTP 403)"}};
  rep.coverage = c;
  return rep;
}

TEST(Live, TextLeadsWithTheArnAndListsGaps) {
  std::ostringstream os;
  write_text(os, live_sample(true), {});
  std::string s = os.str();
  EXPECT_NE(
      s.find("arn:aws:lambda:eu-west-1:222222222222:function:worker: FAIL lambda_notracing [passthrough] "
             "tracing mode is PassThrough (account 222222222222, region eu-west-1, runtime python3.12, role "
             "arn:aws:iam::222222222222:role/worker)\n"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("SKIPPED 444444444444 (closed) *: account status SUSPENDED\n"), std::string::npos) << s;
  EXPECT_NE(
      s.find("GAP 333333333333 (locked) * assume-role-failed: sts:AssumeRole in us-east-1: AccessDenied"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("Coverage: INCOMPLETE: 1 gap"), std::string::npos) << s;
  std::ostringstream clean;
  write_text(clean, live_sample(false), {});
  EXPECT_NE(clean.str().find("Coverage: complete"), std::string::npos);
}

// Every string that came from the input or from AWS is escaped in the text format: no raw control
// byte reaches the terminal, and no line can be forged.
TEST(Text, EscapesEveryStringFromTheInput) {
  findings::ScanReport rep = sample();
  rep.results[0].resource = "aws_lambda_function.a\n0 passed, 0 failed\x1b[2K";
  rep.results[0].location.file = "infra/evil\r\xE2\x80\xAE.tf";
  rep.diagnostics[0].file =
      "infra/\x1b]8;;http://x\x07"
      "bad.tf";
  rep.diagnostics[0].message =
      "Invalid\n\xC2\x9B"
      "31m";
  std::ostringstream os;
  write_text(os, rep, {});
  std::string s = os.str();
  EXPECT_NE(
      s.find("infra/evil\\r\\u202e.tf:4:3: FAIL lambda_notracing aws_lambda_function.a\\n0 passed, 0 failed"
             "\\x1b[2K [passthrough]"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("bad\\x01value, \"quoted\" | piped\\nnext line\n"), std::string::npos) << s;
  EXPECT_NE(s.find("infra/\\x1b]8;;http://x\\x07bad.tf:3:9: error: Invalid\\n\\u009b31m\n"),
            std::string::npos)
      << s;
  for (char c : {'\x1b', '\r', '\x01', '\x07'}) EXPECT_EQ(s.find(c), std::string::npos) << int(c);
  EXPECT_EQ(s.find("\xE2\x80\xAE"), std::string::npos);
  EXPECT_EQ(s.find("\xC2\x9B"), std::string::npos);
  // One line per result and diagnostic, plus the summary.
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 7) << s;
}

TEST(Live, TextEscapesAwsStrings) {
  findings::ScanReport rep = live_sample(true);
  rep.results[0].resource = "arn:aws:lambda:eu-west-1:222222222222:function:w\x1b[8m";
  rep.results[0].properties[2].second = "python3.12\nGAP forged";
  rep.coverage->gaps[0].account_name = "locked\r";
  rep.coverage->gaps[0].detail = "AccessDenied\n\x1b[0m";
  std::ostringstream os;
  write_text(os, rep, {});
  std::string s = os.str();
  EXPECT_NE(s.find("function:w\\x1b[8m: FAIL"), std::string::npos) << s;
  EXPECT_NE(s.find("runtime python3.12\\nGAP forged"), std::string::npos) << s;
  EXPECT_NE(s.find("GAP 333333333333 (locked\\r) * assume-role-failed: AccessDenied\\n\\x1b[0m\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.find('\r'), std::string::npos);
}

// A Markdown PR comment: a name or file with a line break cannot end its table row or start a heading.
TEST(Markdown, LineBreaksCannotForgeRowsOrHeadings) {
  findings::ScanReport rep = sample();
  rep.results[0].resource = "a\n\n## All checks passed\n| PASS | x |";
  rep.results[0].location.file = "infra/x\r\n### forged.tf";
  rep.diagnostics[0].message = "oops\n\n# heading";
  std::ostringstream os;
  write_markdown(os, rep, {});
  std::string s = os.str();
  EXPECT_EQ(s.find("\n## All"), std::string::npos) << s;
  EXPECT_EQ(s.find("\n### forged"), std::string::npos) << s;
  EXPECT_EQ(s.find("\n# heading"), std::string::npos) << s;
  EXPECT_EQ(s.find("\n| PASS"), std::string::npos) << s;
  EXPECT_NE(s.find("`a\\n\\n## All checks passed\\n\\| PASS \\| x \\|`"), std::string::npos) << s;
  EXPECT_NE(s.find("`infra/x\\r\\n### forged.tf:4:3`"), std::string::npos) << s;
  EXPECT_EQ(s.find('\r'), std::string::npos);
}

TEST(Live, JsonAndSarifCarryTheCoverage) {
  std::ostringstream js, sarif;
  write_json(js, live_sample(true), "1.0");
  EXPECT_NE(js.str().find("\"coverage\": {\"complete\": false, \"caller\": {\"account\": \"111111111111\""),
            std::string::npos)
      << js.str();
  EXPECT_NE(js.str().find("{\"account\": \"333333333333\", \"account_name\": \"locked\", \"region\": \"*\", "
                          "\"cause\": \"assume-role-failed\""),
            std::string::npos);
  EXPECT_NE(js.str().find("\"properties\": {\"account\": \"222222222222\", \"region\": \"eu-west-1\""),
            std::string::npos);
  write_sarif(sarif, live_sample(true), {"1.0", "/src"});
  std::string s = sarif.str();
  EXPECT_NE(s.find("\"executionSuccessful\": false"), std::string::npos) << s;
  EXPECT_NE(s.find("Not scanned: account 333333333333, every region (assume-role-failed)"), std::string::npos)
      << s;
  EXPECT_NE(s.find("\"cause\": \"assume-role-failed\""), std::string::npos);
  EXPECT_EQ(s.find("physicalLocation"), std::string::npos) << "a live result has no file";
  std::ostringstream ok;
  write_sarif(ok, live_sample(false), {"1.0", "/src"});
  EXPECT_NE(ok.str().find("\"executionSuccessful\": true"), std::string::npos);
}

}  // namespace
}  // namespace cs::report
