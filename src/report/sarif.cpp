// SARIF 2.1.0 for GitHub code scanning. The document is buffered as a small tree and written with
// stable key order and indentation, so identical scans give byte-identical files.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <utility>
#include <variant>

#include "base/json_writer.h"
#include "report/escape.h"
#include "report/parts.h"
#include "report/report.h"

namespace cs::report {

namespace {

// A JSON value: null, bool, integer, string, array or object (keys in insertion order).
class J {
 public:
  J() = default;
  J(bool b) : v_(b) {}
  J(int n) : v_(static_cast<int64_t>(n)) {}
  J(unsigned n) : v_(static_cast<int64_t>(n)) {}
  J(size_t n) : v_(static_cast<int64_t>(n)) {}
  J(std::string s) : v_(std::move(s)) {}
  J(const char* s) : v_(std::string(s)) {}
  static J array() {
    J j;
    j.v_ = Arr{};
    return j;
  }
  static J object() {
    J j;
    j.v_ = Obj{};
    return j;
  }
  J& set(std::string key, J value) {
    std::get<Obj>(v_).emplace_back(std::move(key), std::move(value));
    return *this;
  }
  J& push(J value) {
    std::get<Arr>(v_).push_back(std::move(value));
    return *this;
  }
  bool empty_container() const {
    if (auto* a = std::get_if<Arr>(&v_)) return a->empty();
    if (auto* o = std::get_if<Obj>(&v_)) return o->empty();
    return false;
  }
  void write(std::ostream& os, int indent) const {
    std::string pad(indent * 2, ' '), inner((indent + 1) * 2, ' ');
    if (std::holds_alternative<std::monostate>(v_)) {
      os << "null";
    } else if (auto* b = std::get_if<bool>(&v_)) {
      os << (*b ? "true" : "false");
    } else if (auto* n = std::get_if<int64_t>(&v_)) {
      os << *n;
    } else if (auto* s = std::get_if<std::string>(&v_)) {
      os << json_quote(*s);
    } else if (auto* a = std::get_if<Arr>(&v_)) {
      if (a->empty()) {
        os << "[]";
        return;
      }
      os << "[\n";
      for (size_t i = 0; i < a->size(); ++i) {
        os << inner;
        (*a)[i].write(os, indent + 1);
        os << (i + 1 < a->size() ? ",\n" : "\n");
      }
      os << pad << "]";
    } else if (auto* o = std::get_if<Obj>(&v_)) {
      if (o->empty()) {
        os << "{}";
        return;
      }
      os << "{\n";
      for (size_t i = 0; i < o->size(); ++i) {
        os << inner << json_quote((*o)[i].first) << ": ";
        (*o)[i].second.write(os, indent + 1);
        os << (i + 1 < o->size() ? ",\n" : "\n");
      }
      os << pad << "}";
    }
  }

 private:
  using Arr = std::vector<J>;
  using Obj = std::vector<std::pair<std::string, J>>;
  std::variant<std::monostate, bool, int64_t, std::string, Arr, Obj> v_;
};

J text(const std::string& s) {
  return J::object().set("text", s);
}

// SARIF messages are sentences (the multitool's SARIF2001 asks for the final period).
std::string sentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (s.empty() || (s.back() != '.' && s.back() != '!' && s.back() != '?')) s += '.';
  return s;
}

const char* security_severity(findings::Severity s) {
  switch (s) {
    case findings::Severity::Low:
      return "3.0";
    case findings::Severity::Medium:
      return "5.5";
    case findings::Severity::High:
      return "8.0";
    case findings::Severity::Critical:
      return "9.5";
  }
  return "3.0";
}

const char* fail_level(findings::Severity s) {
  return s == findings::Severity::High || s == findings::Severity::Critical ? "error" : "warning";
}

// Where a file is, as SARIF wants it: relative to %SRCROOT% when it is under the source root, else
// an absolute file:// URI.
struct Artifact {
  std::string uri;
  bool relative = false;
};

Artifact artifact_of(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  fs::path p(file);
  if (!root.empty()) {
    fs::path r = fs::path(root).lexically_normal();
    fs::path abs = (p.is_absolute() ? p : r / p).lexically_normal();
    fs::path rel = abs.lexically_relative(r);
    if (!rel.empty() && *rel.begin() != ".." && rel != ".") return {uri_path(rel.generic_string()), true};
    return {"file://" + uri_path(abs.generic_string()), false};
  }
  fs::path n = p.lexically_normal();
  if (n.is_absolute()) return {"file://" + uri_path(n.generic_string()), false};
  return {uri_path(n.generic_string()), true};
}

J artifact_location(const Artifact& a) {
  J j = J::object().set("uri", a.uri);
  if (a.relative) j.set("uriBaseId", "%SRCROOT%");
  return j;
}

// region with the fields that are known (SARIF lines and columns are 1-based; 0 means unknown).
J region_of(unsigned line, unsigned col, unsigned end_line, unsigned end_col) {
  J r = J::object();
  r.set("startLine", line);
  if (col) r.set("startColumn", col);
  bool end_ok = end_line > line || (end_line == line && (!col || end_col > col));
  if (end_line && end_ok) {
    r.set("endLine", end_line);
    if (end_col && col) r.set("endColumn", end_col);
  }
  return r;
}

J physical_location(const std::string& file, unsigned line, unsigned col, unsigned end_line, unsigned end_col,
                    const SarifOptions& opts) {
  J pl = J::object().set("artifactLocation", artifact_location(artifact_of(file, opts.source_root)));
  if (opts.line_text && line) {
    // Byte columns become UTF-16 code units through the line's text; unknown when it cannot be read.
    auto convert = [&](unsigned ln, unsigned c) -> unsigned {
      if (!c || !ln) return 0;
      std::optional<std::string> text = opts.line_text(file, ln);
      return text ? utf16_column(*text, c) : 0;
    };
    unsigned c = convert(line, col);
    end_col = c ? convert(end_line, end_col) : 0;
    col = c;
  }
  if (line) pl.set("region", region_of(line, col, end_line, end_col));
  return pl;
}

// 128-bit FNV-1a (two 64-bit lanes with different offsets), hex: a stable identity, not a secret.
std::string stable_hash(const std::string& s) {
  uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
  for (unsigned char c : s) {
    a = (a ^ c) * 0x100000001b3ULL;
    b = (b ^ c) * 0x100000001b3ULL;
  }
  std::ostringstream o;
  o << std::hex;
  o.width(16);
  o.fill('0');
  o << a;
  o.width(16);
  o << b;
  return o.str();
}

std::string help_text(const findings::Metadata& m) {
  std::ostringstream o;
  write_explain(o, m);
  return o.str();
}

std::string help_markdown(const findings::Metadata& m) {
  std::ostringstream o;
  o << m.rationale << "\n\n**Verdicts**\n\n";
  detail::write_verdicts_markdown(o, m);
  o << "\n**How to fix**\n\n";
  detail::write_remedies_markdown(o, m, "");
  for (const auto& n : m.notes) o << "\n" << n << "\n";
  return o.str();
}

// GitHub shows at most 1024 characters of a description: the rationale's first paragraph, cut at a
// word boundary if it is still too long.
std::string full_description(const findings::Metadata& m) {
  std::string s = m.rationale.substr(0, m.rationale.find("\n\n"));
  if (s.size() > 1000) {
    s.resize(1000);
    auto sp = s.rfind(' ');
    if (sp != std::string::npos) s.resize(sp);
    s += " ...";
  }
  return s;
}

J rule_of(const findings::Metadata& m) {
  J tags = J::array().push("security").push("aws");
  // "AWS::Lambda::Function" -> "lambda": the service, for filtering.
  const std::string& rt = m.resource_type;
  if (rt.rfind("AWS::", 0) == 0) {
    std::string svc =
        rt.substr(5, rt.find("::", 5) == std::string::npos ? std::string::npos : rt.find("::", 5) - 5);
    for (char& c : svc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!svc.empty()) tags.push(svc);
  }
  tags.push("iac");
  J aliases = J::array();
  for (const auto& a : m.aliases) aliases.push(a);
  return J::object()
      .set("id", m.id)
      .set("name", detail::camel_case(m.id))
      .set("shortDescription", text(sentence(m.title)))
      .set("fullDescription", text(full_description(m)))
      .set("helpUri", "https://github.com/cloudsift/cloudsift/blob/main/docs/checks/" + m.id + ".md")
      .set("help", J::object().set("text", help_text(m)).set("markdown", help_markdown(m)))
      .set("defaultConfiguration", J::object().set("level", fail_level(m.severity)))
      .set("properties", J::object()
                             .set("tags", std::move(tags))
                             .set("precision", "high")
                             .set("security-severity", security_severity(m.severity))
                             .set("aliases", std::move(aliases)));
}

}  // namespace

unsigned utf16_column(std::string_view line, unsigned byte_col) {
  if (byte_col == 0) return 0;
  size_t bytes = byte_col - 1;
  size_t in_line = std::min(bytes, line.size());
  unsigned units = 1;
  for (size_t i = 0; i < in_line; ++i) {
    auto b = static_cast<unsigned char>(line[i]);
    if ((b & 0xC0) == 0x80) continue;  // a continuation byte: counted with its lead
    units += b >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs in UTF-16
  }
  return units + static_cast<unsigned>(bytes - in_line);
}

void write_sarif(std::ostream& os, const findings::ScanReport& rep, const SarifOptions& opts) {
  // Rules: every check that ran, in the order it ran.
  std::vector<const findings::Metadata*> rules;
  std::map<std::string, size_t> index;
  auto add_rule = [&](const findings::Metadata& m) {
    if (index.count(m.id)) return;
    index[m.id] = rules.size();
    rules.push_back(&m);
  };
  for (const findings::Metadata* m : rep.checks_run) add_rule(*m);

  J results = J::array();
  for (const auto& r : rep.results) {
    if (r.verdict != findings::Verdict::Fail && r.verdict != findings::Verdict::Unresolved) continue;
    J res = J::object().set("ruleId", r.check_id);
    if (auto it = index.find(r.check_id); it != index.end()) res.set("ruleIndex", it->second);
    bool fail = r.verdict == findings::Verdict::Fail;
    res.set("level", fail ? fail_level(r.severity) : "note");
    std::string msg = r.resource + ": " + r.message;
    if (!fail) msg = "Unresolved (" + r.reason + "): " + msg;
    res.set("message", text(sentence(msg)));

    Artifact art = artifact_of(r.location.file, opts.source_root);
    J loc = J::object();
    if (!r.location.file.empty())
      loc.set("physicalLocation", physical_location(r.location.file, r.location.line, r.location.col,
                                                    r.location.end_line, r.location.end_col, opts));
    loc.set("logicalLocations", J::array().push(J::object()
                                                    .set("name", r.resource)
                                                    .set("fullyQualifiedName", r.resource)
                                                    .set("kind", "resource")));
    res.set("locations", J::array().push(std::move(loc)));
    if (!r.declared.file.empty() &&
        (r.declared.file != r.location.file || r.declared.line != r.location.line)) {
      res.set("relatedLocations",
              J::array().push(J::object()
                                  .set("id", 1)
                                  .set("physicalLocation",
                                       physical_location(r.declared.file, r.declared.line, 0, 0, 0, opts))
                                  .set("message", text("Where the resource is declared."))));
    }
    // Never from line numbers: the identity survives edits above the resource.
    std::string fp =
        !r.fingerprint.empty() ? r.fingerprint : stable_hash(r.check_id + '\n' + art.uri + '\n' + r.resource);
    res.set("partialFingerprints", J::object().set("cloudsift/v1", fp));

    J sups = J::array();
    J unapplied = J::array();
    for (const auto& s : r.suppressions) {
      if (!r.suppressed || s.status != "applied") {  // matched but did not count (expired, unjustified)
        J e =
            J::object().set("syntax", s.syntax).set("status", s.status).set("justification", s.justification);
        if (!s.until.empty()) e.set("until", s.until);
        unapplied.push(std::move(e));
        continue;
      }
      J props = J::object().set("syntax", s.syntax);
      if (!s.until.empty()) props.set("until", s.until);
      J sj = J::object()
                 .set("kind", s.kind == "baseline" ? "external" : "inSource")
                 .set("status", "accepted")
                 .set("justification", s.justification);
      if (!s.where.file.empty() && s.where.line)
        sj.set("location", J::object().set("physicalLocation", physical_location(s.where.file, s.where.line,
                                                                                 s.where.col, 0, 0, opts)));
      sj.set("properties", std::move(props));
      sups.push(std::move(sj));
    }
    if (!sups.empty_container()) res.set("suppressions", std::move(sups));

    J props = J::object()
                  .set("verdict", findings::to_string(r.verdict))
                  .set("reason", r.reason)
                  .set("severity", findings::to_string(r.severity))
                  .set("resource", r.resource)
                  .set("kind", r.kind);
    for (const auto& [k, v] : r.properties) props.set(k, v);
    if (!unapplied.empty_container()) props.set("unappliedSuppressions", std::move(unapplied));
    res.set("properties", std::move(props));
    results.push(std::move(res));
  }

  J notes = J::array();
  for (const auto& d : rep.diagnostics) {
    J n =
        J::object().set("level", detail::severity_name(d.severity)).set("message", text(sentence(d.message)));
    if (!d.file.empty())
      n.set("locations", J::array().push(J::object().set(
                             "physicalLocation", physical_location(d.file, d.line, d.col, 0, 0, opts))));
    notes.push(std::move(n));
  }
  // A live scan with gaps did not do all it was asked: each gap is an error notification, and the run
  // carries the whole coverage.
  J coverage;
  if (rep.coverage) {
    const findings::Coverage& c = *rep.coverage;
    for (const auto& g : c.gaps) {
      std::string who = g.account == "*" ? std::string("the organization") : "account " + g.account;
      std::string where_ = g.region == "*" ? "every region" : "region " + g.region;
      notes.push(J::object()
                     .set("level", "error")
                     .set("message", text(sentence("Not scanned: " + who + ", " + where_ + " (" + g.cause +
                                                   "): " + g.detail)))
                     .set("properties", J::object()
                                            .set("account", g.account)
                                            .set("accountName", g.account_name)
                                            .set("region", g.region)
                                            .set("cause", g.cause)));
    }
    J scanned = J::array(), gaps = J::array(), skipped = J::array(), accounts = J::array();
    for (const auto& a : c.accounts) accounts.push(a);
    for (const auto& sc : c.scanned)
      scanned.push(
          J::object().set("account", sc.account).set("region", sc.region).set("functions", sc.functions));
    for (const auto& g : c.gaps)
      gaps.push(J::object()
                    .set("account", g.account)
                    .set("account_name", g.account_name)
                    .set("region", g.region)
                    .set("cause", g.cause)
                    .set("detail", g.detail));
    for (const auto& k : c.skipped)
      skipped.push(J::object()
                       .set("account", k.account)
                       .set("account_name", k.account_name)
                       .set("region", k.region)
                       .set("reason", k.reason));
    coverage = J::object()
                   .set("complete", c.complete())
                   .set("caller", J::object().set("account", c.caller_account).set("arn", c.caller_arn))
                   .set("partition", c.partition)
                   .set("accounts", std::move(accounts))
                   .set("scanned", std::move(scanned))
                   .set("gaps", std::move(gaps))
                   .set("skipped", std::move(skipped));
  }
  J invocation = J::object().set(
      "executionSuccessful", rep.summary.parse_errors == 0 && (!rep.coverage || rep.coverage->complete()));
  if (!notes.empty_container()) invocation.set("toolExecutionNotifications", std::move(notes));

  J rule_arr = J::array();
  for (const auto* m : rules) rule_arr.push(rule_of(*m));
  J driver = J::object()
                 .set("name", "cloudsift")
                 .set("version", opts.version)
                 .set("semanticVersion", opts.version)
                 .set("informationUri", "https://github.com/cloudsift/cloudsift")
                 .set("rules", std::move(rule_arr));
  J run = J::object().set("tool", J::object().set("driver", std::move(driver)));
  run.set("invocations", J::array().push(std::move(invocation)));
  if (!opts.source_root.empty()) {
    std::string root = std::filesystem::path(opts.source_root).lexically_normal().generic_string();
    if (root.empty() || root.back() != '/') root += '/';
    run.set("originalUriBaseIds",
            J::object().set("%SRCROOT%", J::object().set("uri", "file://" + uri_path(root))));
  }
  run.set("results", std::move(results));
  run.set("columnKind", "utf16CodeUnits");
  if (rep.coverage) run.set("properties", J::object().set("coverage", std::move(coverage)));

  J doc = J::object()
              .set("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
              .set("version", "2.1.0")
              .set("runs", J::array().push(std::move(run)));
  doc.write(os, 0);
  os << "\n";
}

}  // namespace cs::report
