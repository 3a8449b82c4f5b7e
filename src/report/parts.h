// Pieces the printers share (internal to src/report).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "findings/findings.h"

namespace cs::report::detail {

// "lambda_notracing" -> "LambdaNotracing" (SARIF rule names).
std::string camel_case(std::string_view id);

// A backtick fence longer than any run of backticks in text (at least three).
std::string fence_for(std::string_view text);

// The fix for a check as Markdown: one paragraph per remedy title, its snippet fenced with the
// remedy's language. `heading` prefixes each remedy title ("### " for docs, "" for bold titles).
void write_remedies_markdown(std::ostream& os, const findings::Metadata& m, std::string_view heading);

// The verdict table as Markdown.
void write_verdicts_markdown(std::ostream& os, const findings::Metadata& m);

// Counts by verdict over the results; suppressed results count only as suppressed.
struct Counts {
  size_t passed = 0, failed = 0, unresolved = 0, not_applicable = 0, suppressed = 0;
};
Counts count(const findings::ScanReport& rep);

// "file:line:col" (what is known of it), "-" without a file.
std::string where(const model::Location& l);

const char* severity_name(Severity s);

// The coverage of a live scan as one JSON object (JSON output, SARIF run properties):
// {"complete", "caller": {"account", "arn"}, "partition", "accounts", "scanned": [{"account", "region",
// "functions"}], "gaps": [{"account", "account_name", "region", "cause", "detail"}], "skipped": [...]}.
std::string coverage_json(const findings::Coverage& c);  // "error", "warning", "note"

// The examples a check's doc page shows: a configuration that fails and one that passes.
struct Example {
  std::string language;  // fence language
  std::string failing;
  std::string passing;
};
// Nullptr when the check has none.
const Example* example_for(std::string_view check_id);

}  // namespace cs::report::detail
