#include "findings/findings.h"

#include <algorithm>
#include <cctype>

namespace cs::findings {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Low:
      return "LOW";
    case Severity::Medium:
      return "MEDIUM";
    case Severity::High:
      return "HIGH";
    case Severity::Critical:
      return "CRITICAL";
  }
  return "?";
}

bool parse_severity(const std::string& s, Severity* out) {
  std::string u = s;
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
  for (Severity v : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical}) {
    if (u == to_string(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass:
      return "PASS";
    case Verdict::Fail:
      return "FAIL";
    case Verdict::Unresolved:
      return "UNRESOLVED";
    case Verdict::NotApplicable:
      return "NOT_APPLICABLE";
  }
  return "?";
}

const Metadata* ScanReport::metadata(const std::string& check_id) const {
  for (const Metadata* m : checks_run)
    if (m && m->id == check_id) return m;
  return nullptr;
}

}  // namespace cs::findings
