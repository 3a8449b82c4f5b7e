#include "report/parts.h"

#include <cctype>

#include "base/json_writer.h"
#include "report/escape.h"

namespace cs::report::detail {

std::string camel_case(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '_' || c == '-' || c == '.' || c == ' ') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

std::string fence_for(std::string_view text) {
  size_t run = 0, longest = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return std::string(longest >= 3 ? longest + 1 : 3, '`');
}

void write_remedies_markdown(std::ostream& os, const findings::Metadata& m, std::string_view heading) {
  bool first = true;
  for (const auto& r : m.remedies) {
    if (!first) os << "\n";
    first = false;
    if (heading.empty()) {
      os << "**" << md_text(r.title) << "**\n\n";
    } else {
      os << heading << md_text(r.title) << "\n\n";
    }
    std::string fence = fence_for(r.text);
    os << fence << r.language << "\n"
       << r.text << (r.text.empty() || r.text.back() != '\n' ? "\n" : "") << fence << "\n";
  }
}

void write_verdicts_markdown(std::ostream& os, const findings::Metadata& m) {
  os << "| Verdict | Reason | When |\n|---|---|---|\n";
  for (const auto& row : m.verdicts)
    os << "| " << findings::to_string(row.verdict) << " | " << md_code(row.reason) << " | "
       << md_text(row.when) << " |\n";
}

Counts count(const findings::ScanReport& rep) {
  Counts c;
  for (const auto& r : rep.results) {
    if (r.suppressed) {
      ++c.suppressed;
      continue;
    }
    switch (r.verdict) {
      case findings::Verdict::Pass:
        ++c.passed;
        break;
      case findings::Verdict::Fail:
        ++c.failed;
        break;
      case findings::Verdict::Unresolved:
        ++c.unresolved;
        break;
      case findings::Verdict::NotApplicable:
        ++c.not_applicable;
        break;
    }
  }
  return c;
}

std::string where(const model::Location& l) {
  std::string s = l.file.empty() ? "-" : l.file;
  if (l.line) {
    s += ":" + std::to_string(l.line);
    if (l.col) s += ":" + std::to_string(l.col);
  }
  return s;
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

const Example* example_for(std::string_view check_id) {
  // Checks' metadata has no examples yet; until it does they live here, next to the only code that
  // prints them. tests/e2e/docs_fresh.py scans both and requires FAIL and PASS.
  static const Example lambda_notracing{
      "hcl",
      "resource \"aws_lambda_function\" \"orders\" {\n"
      "  function_name = \"orders\"\n"
      "  role          = aws_iam_role.orders.arn\n"
      "  runtime       = \"python3.12\"\n"
      "  handler       = \"app.handler\"\n"
      "  filename      = \"orders.zip\"\n"
      "  # no tracing_config: Lambda uses PassThrough\n"
      "}\n",
      "resource \"aws_lambda_function\" \"orders\" {\n"
      "  function_name = \"orders\"\n"
      "  role          = aws_iam_role.orders.arn\n"
      "  runtime       = \"python3.12\"\n"
      "  handler       = \"app.handler\"\n"
      "  filename      = \"orders.zip\"\n"
      "\n"
      "  tracing_config {\n"
      "    mode = \"Active\"\n"
      "  }\n"
      "}\n"
      "\n"
      "resource \"aws_iam_role_policy_attachment\" \"orders_xray\" {\n"
      "  role       = aws_iam_role.orders.name\n"
      "  policy_arn = \"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\"\n"
      "}\n",
  };
  static const Example apigateway_notracing{
      "yaml",
      "AWSTemplateFormatVersion: \"2010-09-09\"\n"
      "Resources:\n"
      "  OrdersStage:\n"
      "    Type: AWS::ApiGateway::Stage\n"
      "    Properties:\n"
      "      RestApiId: !Ref OrdersApi\n"
      "      DeploymentId: !Ref OrdersDeployment\n"
      "      StageName: prod\n"
      "      # no TracingEnabled: tracing is off\n",
      "AWSTemplateFormatVersion: \"2010-09-09\"\n"
      "Resources:\n"
      "  OrdersStage:\n"
      "    Type: AWS::ApiGateway::Stage\n"
      "    Properties:\n"
      "      RestApiId: !Ref OrdersApi\n"
      "      DeploymentId: !Ref OrdersDeployment\n"
      "      StageName: prod\n"
      "      TracingEnabled: true\n",
  };
  if (check_id == "apigateway_notracing") return &apigateway_notracing;
  if (check_id == "lambda_notracing") return &lambda_notracing;
  return nullptr;
}

std::string coverage_json(const findings::Coverage& c) {
  std::string o = "{\"complete\": ";
  o += c.complete() ? "true" : "false";
  o += ", \"caller\": {\"account\": " + json_quote(c.caller_account) +
       ", \"arn\": " + json_quote(c.caller_arn) + "}";
  o += ", \"partition\": " + json_quote(c.partition) + ", \"accounts\": [";
  for (size_t i = 0; i < c.accounts.size(); ++i) o += (i ? ", " : "") + json_quote(c.accounts[i]);
  o += "], \"scanned\": [";
  for (size_t i = 0; i < c.scanned.size(); ++i)
    o += std::string(i ? ", " : "") + "{\"account\": " + json_quote(c.scanned[i].account) +
         ", \"region\": " + json_quote(c.scanned[i].region) +
         ", \"functions\": " + std::to_string(c.scanned[i].functions) + "}";
  o += "], \"gaps\": [";
  for (size_t i = 0; i < c.gaps.size(); ++i) {
    const auto& g = c.gaps[i];
    o += std::string(i ? ", " : "") + "{\"account\": " + json_quote(g.account) +
         ", \"account_name\": " + json_quote(g.account_name) + ", \"region\": " + json_quote(g.region) +
         ", \"cause\": " + json_quote(g.cause) + ", \"detail\": " + json_quote(g.detail) + "}";
  }
  o += "], \"skipped\": [";
  for (size_t i = 0; i < c.skipped.size(); ++i) {
    const auto& k = c.skipped[i];
    o += std::string(i ? ", " : "") + "{\"account\": " + json_quote(k.account) +
         ", \"account_name\": " + json_quote(k.account_name) + ", \"region\": " + json_quote(k.region) +
         ", \"reason\": " + json_quote(k.reason) + "}";
  }
  return o + "]}";
}

}  // namespace cs::report::detail
