// docs/checks/<id>.md, generated from a check's metadata. Written by `cloudsift docs`; the docs_fresh
// test fails when the committed pages differ from what the code generates.
#include "report/escape.h"
#include "report/parts.h"
#include "report/report.h"

namespace cs::report {

void write_check_doc(std::ostream& os, const findings::Metadata& m) {
  os << "<!-- Generated from the check's metadata by `cloudsift docs --output-dir docs/checks`. Do not edit. "
        "-->\n\n";
  os << "# " << m.id << ": " << md_text(m.title) << "\n\n";
  os << "| | |\n|---|---|\n";
  os << "| Severity | " << findings::to_string(m.severity) << " |\n";
  os << "| Resource | " << md_code(m.resource_type) << " |\n";
  os << "| Aliases | ";
  for (size_t i = 0; i < m.aliases.size(); ++i) os << (i ? ", " : "") << md_code(m.aliases[i]);
  os << " |\n\n";

  os << "## Why it matters\n\n" << m.rationale << "\n\n";
  os << "## Verdicts\n\n";
  detail::write_verdicts_markdown(os, m);
  os << "\n## How to fix\n\n";
  detail::write_remedies_markdown(os, m, "### ");
  if (const detail::Example* ex = detail::example_for(m.id)) {
    os << "\n## Example\n\nFails:\n\n";
    std::string f = detail::fence_for(ex->failing);
    os << f << ex->language << "\n" << ex->failing << f << "\n\nPasses:\n\n";
    f = detail::fence_for(ex->passing);
    os << f << ex->language << "\n" << ex->passing << f << "\n";
  }
  if (!m.notes.empty()) {
    os << "\n## Notes\n";
    for (const auto& n : m.notes) os << "\n" << n << "\n";
  }
  if (!m.references.empty()) {
    os << "\n## References\n\n";
    for (const auto& r : m.references) {
      bool url = r.rfind("https://", 0) == 0 || r.rfind("http://", 0) == 0;
      os << "- " << (url ? "<" + r + ">" : md_text(r)) << "\n";
    }
  }
}

}  // namespace cs::report
