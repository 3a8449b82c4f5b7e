#include "report/report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "report/escape.h"
#include "report/parts.h"

namespace cs::report {

namespace {

const char* color_of(findings::Verdict v) {
  switch (v) {
    case findings::Verdict::Pass:
      return "\033[32m";
    case findings::Verdict::Fail:
      return "\033[31m";
    case findings::Verdict::Unresolved:
      return "\033[33m";
    case findings::Verdict::NotApplicable:
      return "\033[36m";
  }
  return "";
}

std::string where(const model::Location& l) {
  std::string s = l.file.empty() ? "-" : l.file;
  if (l.line) {
    s += ":" + std::to_string(l.line);
    if (l.col) s += ":" + std::to_string(l.col);
  }
  return s;
}

const char* sev_name(Severity s) {
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

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

const std::vector<std::string_view>& format_names() {
  static const std::vector<std::string_view> names = {"text", "json", "sarif", "junit", "csv", "markdown"};
  return names;
}

bool parse_format(std::string_view name, Format* out) {
  const auto& names = format_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].size() == name.size() &&
        std::equal(name.begin(), name.end(), names[i].begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
      *out = static_cast<Format>(i);
      return true;
    }
  }
  return false;
}

void write_text(std::ostream& os, const findings::ScanReport& rep, const TextOptions& opts) {
  const char* reset = opts.color ? "\033[0m" : "";
  for (const auto& r : rep.results) {
    if (opts.quiet && (r.verdict != findings::Verdict::Fail || r.suppressed)) continue;
    // Live results have no file: the ARN leads the line, and the account facts follow the message.
    if (r.location.file.empty() && r.kind == "live")
      os << esc(r.resource) << ": " << (opts.color ? color_of(r.verdict) : "")
         << findings::to_string(r.verdict) << reset << " " << esc(r.check_id) << " [" << esc(r.reason) << "] "
         << esc(r.message);
    else
      os << esc(where(r.location)) << ": " << (opts.color ? color_of(r.verdict) : "")
         << findings::to_string(r.verdict) << reset << " " << esc(r.check_id) << " " << esc(r.resource)
         << " [" << esc(r.reason) << "] " << esc(r.message);
    if (opts.compact) {
      os << "\n";
      continue;
    }
    for (const auto& [k, v] : r.properties)
      if (k == "construct_path") os << " (construct " << esc(v) << ")";
    if (r.kind == "live") {
      os << " (";
      bool first_prop = true;
      for (const auto& [k, v] : r.properties) {
        if (k == "account_name" || v.empty()) continue;
        os << (first_prop ? "" : ", ") << esc(k) << " " << esc(v);
        first_prop = false;
      }
      os << ")";
    }
    for (const auto& sup : r.suppressions) {
      os << (sup.status == "applied" ? " [suppressed by " : " [not suppressed, " + sup.status + ": ")
         << esc(sup.syntax);
      if (!sup.where.file.empty() && sup.where.line)
        os << " at " << esc(sup.where.file) << ":" << sup.where.line;
      if (!sup.justification.empty()) os << ": " << esc(sup.justification);
      if (!sup.until.empty()) os << " (until " << esc(sup.until) << ")";
      os << "]";
    }
    os << "\n";
  }
  for (const auto& d : rep.diagnostics) {
    if (opts.quiet && d.severity != Severity::Error) continue;
    if (opts.compact && d.severity == Severity::Note) continue;
    os << esc(d.file);
    if (d.line) os << ":" << d.line << (d.col ? ":" + std::to_string(d.col) : "");
    os << ": " << (opts.color && d.severity == Severity::Error ? "\033[31m" : "") << sev_name(d.severity)
       << reset << ": " << esc(d.message) << "\n";
  }
  const auto& s = rep.summary;
  os << s.passed << " passed, " << s.failed << " failed, " << s.unresolved << " unresolved, "
     << s.not_applicable << " not applicable";
  if (s.suppressed) os << ", " << s.suppressed << " suppressed";
  if (s.parse_errors) os << "; " << plural(s.parse_errors, "error", "errors") << " in the input";
  if (!rep.coverage) {
    os << " (" << plural(s.files, "file", "files") << " scanned)\n";
    return;
  }
  const findings::Coverage& c = *rep.coverage;
  std::set<std::string> accounts;
  for (const auto& sc : c.scanned) accounts.insert(sc.account);
  os << " (" << plural(accounts.size(), "account", "accounts") << ", "
     << plural(c.scanned.size(), "account-region", "account-regions") << " scanned)\n";
  // Whole accounts one per line; regions that are not enabled, one line per account.
  std::map<std::string, std::vector<const findings::Skipped*>> regions_off;
  for (const auto& sk : c.skipped) {
    if (sk.region != "*" && sk.reason.rfind("region not enabled", 0) == 0) {
      regions_off[sk.account].push_back(&sk);
      continue;
    }
    os << "SKIPPED " << esc(sk.account)
       << (sk.account_name.empty() ? "" : " (" + text_escape(sk.account_name) + ")") << " " << esc(sk.region)
       << ": " << esc(sk.reason) << "\n";
  }
  for (const auto& [account, list] : regions_off) {
    os << "SKIPPED " << esc(account)
       << (list[0]->account_name.empty() ? "" : " (" + text_escape(list[0]->account_name) + ")") << " "
       << plural(list.size(), "region", "regions") << " not enabled for the account:";
    for (size_t i = 0; i < list.size(); ++i) os << (i ? ", " : " ") << esc(list[i]->region);
    os << "\n";
  }
  for (const auto& g : c.gaps)
    os << (opts.color ? "\033[31m" : "") << "GAP" << reset << " " << esc(g.account)
       << (g.account_name.empty() ? "" : " (" + text_escape(g.account_name) + ")") << " " << esc(g.region)
       << " " << esc(g.cause) << ": " << esc(g.detail) << "\n";
  if (c.complete())
    os << "Coverage: complete: every account and region in scope was read\n";
  else
    os << "Coverage: INCOMPLETE: " << plural(c.gaps.size(), "gap", "gaps")
       << " (listed above); functions there were not read and are not reported as clean\n";
}

void write_json(std::ostream& os, const findings::ScanReport& rep, const std::string& version) {
  os << "{\n  \"tool\": {\"name\": \"cloudsift\", \"version\": " << json_quote(version) << "},\n";
  os << "  \"results\": [";
  bool first = true;
  // Each result is built in one reused buffer and written at once (a live organization scan writes
  // ~100k results).
  std::string b;
  auto q = [&b](std::string_view v) { json_quote_to(b, v); };
  auto num = [&b](unsigned long long n) { b += std::to_string(n); };
  for (const auto& r : rep.results) {
    b.clear();
    b += first ? "\n" : ",\n";
    first = false;
    b += "    {\"check_id\": ";
    q(r.check_id);
    b += ", \"verdict\": ";
    q(findings::to_string(r.verdict));
    b += ", \"reason\": ";
    q(r.reason);
    b += ", \"resource\": ";
    q(r.resource);
    b += ", \"kind\": ";
    q(r.kind);
    b += ", \"file\": ";
    q(r.location.file);
    b += ", \"line\": ";
    num(r.location.line);
    b += ", \"column\": ";
    num(r.location.col);
    b += ", \"end_line\": ";
    num(r.location.end_line);
    b += ", \"end_column\": ";
    num(r.location.end_col);
    b += ", \"severity\": ";
    q(findings::to_string(r.severity));
    b += ", \"message\": ";
    q(r.message);
    b += ", \"declared\": {\"file\": ";
    q(r.declared.file);
    b += ", \"line\": ";
    num(r.declared.line);
    b += "}, \"properties\": {";
    for (size_t i = 0; i < r.properties.size(); ++i) {
      if (i) b += ", ";
      q(r.properties[i].first);
      b += ": ";
      q(r.properties[i].second);
    }
    b += "}, \"fingerprint\": ";
    q(r.fingerprint);
    b += ", \"suppressed\": ";
    b += r.suppressed ? "true" : "false";
    b += ", \"suppressions\": [";
    for (size_t i = 0; i < r.suppressions.size(); ++i) {
      const auto& sup = r.suppressions[i];
      if (i) b += ", ";
      b += "{\"kind\": ";
      q(sup.kind);
      b += ", \"syntax\": ";
      q(sup.syntax);
      b += ", \"status\": ";
      q(sup.status);
      b += ", \"justification\": ";
      q(sup.justification);
      b += ", \"until\": ";
      q(sup.until);
      b += ", \"file\": ";
      q(sup.where.file);
      b += ", \"line\": ";
      num(sup.where.line);
      b += "}";
    }
    b += "]}";
    os.write(b.data(), static_cast<std::streamsize>(b.size()));
  }
  os << (first ? "],\n" : "\n  ],\n");
  const auto& s = rep.summary;
  os << "  \"summary\": {\"passed\": " << s.passed << ", \"failed\": " << s.failed
     << ", \"unresolved\": " << s.unresolved << ", \"not_applicable\": " << s.not_applicable
     << ", \"suppressed\": " << s.suppressed << ", \"parse_errors\": " << s.parse_errors
     << ", \"files\": " << s.files << ", \"bytes\": " << s.bytes << "},\n";
  os << "  \"checks\": [";
  first = true;
  for (const findings::Metadata* m : rep.checks_run) {
    os << (first ? "" : ", ") << json_quote(m->id);
    first = false;
  }
  os << "],\n";
  if (rep.coverage) os << "  \"coverage\": " << detail::coverage_json(*rep.coverage) << ",\n";
  os << "  \"diagnostics\": [";
  first = true;
  for (const auto& d : rep.diagnostics) {
    os << (first ? "\n" : ",\n");
    first = false;
    os << "    {\"severity\": " << json_quote(sev_name(d.severity)) << ", \"file\": " << json_quote(d.file)
       << ", \"line\": " << d.line << ", \"column\": " << d.col << ", \"message\": " << json_quote(d.message)
       << "}";
  }
  os << (first ? "]\n" : "\n  ]\n") << "}\n";
}

void write_explain(std::ostream& os, const findings::Metadata& m) {
  os << m.id << ": " << m.title << "\n";
  os << "Severity: " << findings::to_string(m.severity) << "    Resource: " << m.resource_type << "\n";
  os << "Also known as: ";
  for (size_t i = 0; i < m.aliases.size(); ++i) os << (i ? ", " : "") << m.aliases[i];
  os << "\n\nWhy it matters\n\n" << m.rationale << "\n\nVerdicts\n\n";
  for (const auto& row : m.verdicts)
    os << "  " << findings::to_string(row.verdict) << " " << row.reason << ": " << row.when << "\n";
  os << "\nHow to fix\n";
  for (const auto& r : m.remedies) {
    os << "\n" << r.title << ":\n\n";
    std::string line;
    for (char c : r.text + "\n") {
      if (c == '\n') {
        os << (line.empty() ? "" : "    ") << line << "\n";
        line.clear();
      } else {
        line += c;
      }
    }
  }
  for (const auto& n : m.notes) os << "\n" << n << "\n";
  if (!m.references.empty()) {
    os << "\nReferences\n\n";
    for (const auto& r : m.references) os << "  - " << r << "\n";
  }
}

void write_check_list(std::ostream& os, const std::vector<const findings::Metadata*>& checks) {
  for (const findings::Metadata* c : checks) {
    const auto& m = *c;
    os << m.id << "\t" << findings::to_string(m.severity) << "\t" << m.title << "\n";
    os << "    aliases: ";
    for (size_t i = 0; i < m.aliases.size(); ++i) os << (i ? ", " : "") << m.aliases[i];
    os << "\n";
  }
}

void write_check_list_json(std::ostream& os, const std::vector<const findings::Metadata*>& checks) {
  os << "{\n  \"checks\": [";
  bool first = true;
  for (const findings::Metadata* c : checks) {
    const auto& m = *c;
    os << (first ? "\n" : ",\n") << "    {\"id\": " << json_quote(m.id)
       << ", \"title\": " << json_quote(m.title)
       << ", \"severity\": " << json_quote(findings::to_string(m.severity)) << ", \"aliases\": [";
    for (size_t i = 0; i < m.aliases.size(); ++i) os << (i ? ", " : "") << json_quote(m.aliases[i]);
    os << "], \"resource_types\": [";
    if (!m.resource_type.empty()) os << json_quote(m.resource_type);
    os << "]}";
    first = false;
  }
  os << (first ? "" : "\n  ") << "]\n}\n";
}

void render(Format format, const findings::ScanReport& rep, const RenderOptions& opts, std::ostream& os) {
  switch (format) {
    case Format::Text:
      write_text(os, rep, opts.text);
      return;
    case Format::Json:
      write_json(os, rep, opts.version);
      return;
    case Format::Sarif:
      write_sarif(os, rep, {opts.version, opts.source_root, opts.line_text});
      return;
    case Format::Junit:
      write_junit(os, rep);
      return;
    case Format::Csv:
      write_csv(os, rep);
      return;
    case Format::Markdown:
      write_markdown(os, rep, opts.markdown);
      return;
  }
}

}  // namespace cs::report
