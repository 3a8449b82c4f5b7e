// Markdown for a pull-request comment (GitHub flavoured): short on top, details folded away.
#include <map>
#include <string>
#include <vector>

#include "report/escape.h"
#include "report/parts.h"
#include "report/report.h"

namespace cs::report {

namespace {

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void write_markdown(std::ostream& os, const findings::ScanReport& rep, const MarkdownOptions& opts) {
  detail::Counts c = detail::count(rep);
  size_t input_errors = rep.summary.parse_errors;

  // 1. The verdict, in one line.
  std::string tail;
  if (c.unresolved) tail += ", " + std::to_string(c.unresolved) + " unresolved";
  if (input_errors) tail += ", " + plural(input_errors, "input error", "input errors");
  if (c.failed) {
    os << "### ❌ cloudsift: " << plural(c.failed, "failing resource", "failing resources") << tail << "\n\n";
  } else if (c.unresolved || input_errors) {
    os << "### ⚠️ cloudsift: no failures" << tail << "\n\n";
  } else {
    os << "### ✅ cloudsift: no failures\n\n";
  }

  // 2. Counts.
  os << "| FAIL | UNRESOLVED | PASS | NOT_APPLICABLE | suppressed | input errors |\n"
     << "|---:|---:|---:|---:|---:|---:|\n"
     << "| " << c.failed << " | " << c.unresolved << " | " << c.passed << " | " << c.not_applicable << " | "
     << c.suppressed << " | " << input_errors << " |\n\n";
  os << "Checks: ";
  for (size_t i = 0; i < rep.checks_run.size(); ++i) os << (i ? ", " : "") << md_code(rep.checks_run[i]->id);
  if (rep.checks_run.empty()) os << "none";
  os << " · " << plural(rep.summary.files, "file", "files") << " scanned\n";

  // 3. What needs attention: FAIL first, then UNRESOLVED, each in the engine's order.
  std::vector<const findings::CheckResult*> rows;
  for (auto v : {findings::Verdict::Fail, findings::Verdict::Unresolved})
    for (const auto& r : rep.results)
      if (r.verdict == v && !r.suppressed) rows.push_back(&r);
  bool many_checks = rep.checks_run.size() > 1;
  if (!rows.empty()) {
    os << "\n| Verdict |" << (many_checks ? " Check |" : "") << " Resource | Where | Reason | Message |\n"
       << "|---|" << (many_checks ? "---|" : "") << "---|---|---|---|\n";
    size_t shown = 0;
    for (const auto* r : rows) {
      if (shown == opts.max_rows) break;
      ++shown;
      os << "| " << findings::to_string(r->verdict) << " |";
      if (many_checks) os << " " << md_code(r->check_id) << " |";
      os << " " << md_code(r->resource) << " | " << md_code(detail::where(r->location)) << " | "
         << md_code(r->reason) << " | " << md_text(r->message) << " |\n";
    }
    if (rows.size() > shown) os << "\n… and " << (rows.size() - shown) << " more (see the full report).\n";
  }
  if (c.suppressed)
    os << "\n"
       << plural(c.suppressed, "result is", "results are") << " suppressed (inline comments or baseline).\n";

  // 4. The fix for each check that failed.
  std::map<std::string, size_t> failing;
  for (const auto& r : rep.results)
    if (r.verdict == findings::Verdict::Fail && !r.suppressed) ++failing[r.check_id];
  for (const auto& [id, n] : failing) {
    const findings::Metadata* found = rep.metadata(id);
    if (!found) continue;
    const findings::Metadata& m = *found;
    os << "\n<details>\n<summary>How to fix <code>" << xml_escape(m.id) << "</code> ("
       << findings::to_string(m.severity) << ", " << n << " failing): " << xml_escape(m.title)
       << "</summary>\n\n";
    detail::write_remedies_markdown(os, m, "");
    os << "\nRun `cloudsift explain " << m.id << "` for why it matters and what it costs.\n\n</details>\n";
  }

  // Live coverage: what was not read.
  if (rep.coverage) {
    const findings::Coverage& cov = *rep.coverage;
    os << "\n**Coverage:** " << cov.scanned.size() << " account-regions read";
    if (cov.complete()) {
      os << ", complete.\n";
    } else {
      os << "; **incomplete**, not scanned:\n\n| Account | Region | Cause | Detail |\n|---|---|---|---|\n";
      for (const auto& g : cov.gaps)
        os << "| " << md_code(g.account) << " | " << md_code(g.region) << " | " << md_code(g.cause) << " | "
           << md_text(g.detail) << " |\n";
    }
  }

  // 5. Input problems.
  if (!rep.diagnostics.empty()) {
    os << "\n**Input problems**\n\n";
    for (const auto& d : rep.diagnostics) {
      model::Location l{d.file, d.line, d.col, 0, 0};
      os << "- " << detail::severity_name(d.severity) << " " << md_code(detail::where(l)) << ": "
         << md_text(d.message) << "\n";
    }
  }
}

}  // namespace cs::report
