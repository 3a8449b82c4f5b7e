// JUnit XML, the dialect CI systems (Jenkins, GitLab, Azure Pipelines, GitHub test reporters) read:
// <testsuites> of <testsuite> of <testcase>, with <failure>, <error> and <skipped> children.
#include <map>
#include <string>
#include <vector>

#include "report/escape.h"
#include "report/parts.h"
#include "report/report.h"

namespace cs::report {

namespace {

// Why a result is skipped, or empty when it is not.
std::string skip_reason(const findings::CheckResult& r) {
  if (r.suppressed) {
    std::string why = "suppressed";
    for (const auto& s : r.suppressions) {
      if (s.status != "applied") continue;
      why += " (" + s.syntax + (s.kind.empty() ? "" : " " + s.kind);
      if (!s.justification.empty()) why += ": " + s.justification;
      if (!s.until.empty()) why += ", until " + s.until;
      why += ")";
      break;
    }
    return why + "; verdict " + findings::to_string(r.verdict) + " " + r.reason;
  }
  switch (r.verdict) {
    case findings::Verdict::Unresolved:
      return "UNRESOLVED " + r.reason + ": " + r.message;
    case findings::Verdict::NotApplicable:
      return "NOT_APPLICABLE " + r.reason + ": " + r.message;
    default:
      return "";
  }
}

struct Suite {
  std::string name;
  std::vector<const findings::CheckResult*> results;
  size_t failures = 0, skipped = 0;
};

}  // namespace

void write_junit(std::ostream& os, const findings::ScanReport& rep) {
  std::vector<Suite> suites;
  std::map<std::string, size_t> index;
  auto suite_for = [&](const std::string& id) -> Suite& {
    auto it = index.find(id);
    if (it != index.end()) return suites[it->second];
    index[id] = suites.size();
    suites.push_back(Suite{id, {}, 0, 0});
    return suites.back();
  };
  for (const findings::Metadata* m : rep.checks_run) suite_for(m->id);
  for (const auto& r : rep.results) {
    Suite& s = suite_for(r.check_id);
    s.results.push_back(&r);
    if (!skip_reason(r).empty()) {
      ++s.skipped;
    } else if (r.verdict == findings::Verdict::Fail) {
      ++s.failures;
    }
  }
  std::vector<const Diagnostic*> errors, others;
  for (const auto& d : rep.diagnostics) (d.severity == Severity::Error ? errors : others).push_back(&d);

  size_t tests = rep.results.size() + errors.size(), failures = 0, skipped = 0;
  size_t gap_errors = rep.coverage ? rep.coverage->gaps.size() : 0;
  if (rep.coverage) tests += rep.coverage->scanned.size() + gap_errors;
  for (const auto& s : suites) failures += s.failures, skipped += s.skipped;

  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"cloudsift\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\""
     << errors.size() + gap_errors << "\" skipped=\"" << skipped << "\">\n";
  for (const auto& s : suites) {
    os << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << s.results.size()
       << "\" failures=\"" << s.failures << "\" errors=\"0\" skipped=\"" << s.skipped << "\">\n";
    for (const auto* r : s.results) {
      os << "    <testcase classname=\"" << xml_escape(r->location.file.empty() ? r->kind : r->location.file)
         << "\" name=\"" << xml_escape(r->resource) << "\"";
      std::string skip = skip_reason(*r);
      if (!skip.empty()) {
        os << ">\n      <skipped message=\"" << xml_escape(skip) << "\"/>\n    </testcase>\n";
      } else if (r->verdict == findings::Verdict::Fail) {
        os << ">\n      <failure message=\"" << xml_escape(r->message) << "\" type=\""
           << xml_escape(std::string("FAIL ") + r->reason) << "\">"
           << xml_escape(detail::where(r->location) + ": " + r->resource + ": " + r->message + " [" +
                         r->check_id + ", severity " + findings::to_string(r->severity) + "]")
           << "</failure>\n    </testcase>\n";
      } else {
        os << "/>\n";
      }
    }
    os << "  </testsuite>\n";
  }
  if (!errors.empty() || !others.empty()) {
    os << "  <testsuite name=\"cloudsift.input\" tests=\"" << errors.size() << "\" failures=\"0\" errors=\""
       << errors.size() << "\" skipped=\"0\">\n";
    for (const auto* d : errors) {
      model::Location l{d->file, d->line, d->col, 0, 0};
      os << "    <testcase classname=\"" << xml_escape(d->file) << "\" name=\""
         << xml_escape(detail::where(l)) << "\">\n      <error message=\"" << xml_escape(d->message)
         << "\" type=\"input error\">" << xml_escape(detail::where(l) + ": " + d->message)
         << "</error>\n    </testcase>\n";
    }
    if (!others.empty()) {
      // Warnings and notes do not fail anything; they are kept as the suite's output.
      os << "    <system-out>";
      for (const auto* d : others) {
        model::Location l{d->file, d->line, d->col, 0, 0};
        os << xml_escape(detail::where(l) + ": " + detail::severity_name(d->severity) + ": " + d->message)
           << "&#10;";
      }
      os << "</system-out>\n";
    }
    os << "  </testsuite>\n";
  }
  if (rep.coverage) {
    // Live coverage: one case per account-region read, one <error> per gap.
    const findings::Coverage& c = *rep.coverage;
    os << "  <testsuite name=\"cloudsift.coverage\" tests=\"" << c.scanned.size() + c.gaps.size()
       << "\" failures=\"0\" errors=\"" << c.gaps.size() << "\" skipped=\"0\">\n";
    for (const auto& sc : c.scanned)
      os << "    <testcase classname=\"coverage\" name=\"" << xml_escape(sc.account + " " + sc.region)
         << "\"/>\n";
    for (const auto& g : c.gaps)
      os << "    <testcase classname=\"coverage\" name=\"" << xml_escape(g.account + " " + g.region)
         << "\">\n      <error message=\"" << xml_escape(g.detail) << "\" type=\"" << xml_escape(g.cause)
         << "\">" << xml_escape("not scanned: " + g.cause + ": " + g.detail) << "</error>\n    </testcase>\n";
    os << "  </testsuite>\n";
  }
  os << "</testsuites>\n";
}

}  // namespace cs::report
