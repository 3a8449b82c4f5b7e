#include "findings/baseline.h"

#include <sstream>

#include "base/json_writer.h"
#include "io/fs.h"
#include "syntax/json/json.h"

namespace cs::findings {

std::string fingerprint(const CheckResult& r, const std::string& cwd) {
  std::string file = r.declared.file.empty() ? r.location.file : r.declared.file;
  if (!cwd.empty() && !file.empty() && file[0] == '/') file = io::relative(file, cwd);
  std::string fp = r.check_id + "|" + io::normalize(file) + "|" + r.resource;
  // The root module a child module's resource is evaluated from. The working directory as root is left
  // out, so that fingerprints of a scan with one root there are what they were before roots counted.
  if (!r.root.empty()) {
    std::string root = r.root;
    if (!cwd.empty() && root[0] == '/') root = io::relative(root, cwd);
    root = io::normalize(root);
    if (!root.empty() && root != ".") fp += "|root=" + root;
  }
  return fp;
}

std::string baseline_json(const std::vector<CheckResult>& results, const std::string& version) {
  std::ostringstream os;
  os << "{\n  \"cloudsift_baseline\": 1,\n  \"tool_version\": " << json_quote(version)
     << ",\n  \"findings\": [";
  bool first = true;
  for (const auto& r : results) {
    // Suppressed inline: not a finding to record. Suppressed only by the baseline being applied (a
    // refresh, e.g. with `baseline:` in .cloudsift.yaml): still an accepted finding, so it stays.
    bool only_by_baseline = r.suppressed;
    for (const auto& s : r.suppressions)
      if (s.kind != "baseline" && s.status == "applied") only_by_baseline = false;
    if (r.suppressed && !only_by_baseline) continue;
    if (r.verdict != Verdict::Fail && r.verdict != Verdict::Unresolved) continue;
    os << (first ? "\n" : ",\n") << "    {\"fingerprint\": " << json_quote(r.fingerprint)
       << ", \"check_id\": " << json_quote(r.check_id) << ", \"resource\": " << json_quote(r.resource)
       << ", \"file\": " << json_quote(r.declared.file.empty() ? r.location.file : r.declared.file)
       << ", \"verdict\": " << json_quote(to_string(r.verdict)) << ", \"reason\": " << json_quote(r.reason)
       << "}";
    first = false;
  }
  os << (first ? "]\n}\n" : "\n  ]\n}\n");
  return os.str();
}

Result<std::set<std::string>> read_baseline(const std::string& path, const std::string& content) {
  auto doc = json::parse(path, content);
  if (!doc->ok())
    return Error{doc->diags.empty() ? "invalid baseline" : "invalid baseline: " + doc->diags[0].message, path,
                 doc->diags.empty() ? 0 : doc->diags[0].line, doc->diags.empty() ? 0 : doc->diags[0].col};
  const json::Node* ver = doc->root->find("cloudsift_baseline");
  const json::Node* findings = doc->root->find("findings");
  if (!ver || !ver->is_number() || ver->number != 1 || !findings || !findings->is_array())
    return Error{"not a cloudsift baseline (expected {\"cloudsift_baseline\": 1, \"findings\": [...]})",
                 path};
  std::set<std::string> out;
  for (const json::Node* f : findings->items()) {
    const json::Node* fp = f->find("fingerprint");
    if (!fp || !fp->is_string())
      return Error{"baseline finding without a fingerprint", path, f->range.begin.line, f->range.begin.col};
    out.insert(std::string(fp->text()));
  }
  return out;
}

void apply_baseline(std::vector<CheckResult>& results, const std::set<std::string>& fingerprints,
                    const std::string& baseline_path) {
  for (auto& r : results) {
    if (r.verdict == Verdict::Pass || !fingerprints.count(r.fingerprint)) continue;
    Suppression s;
    s.kind = "baseline";
    s.syntax = "baseline";
    s.justification = "accepted in baseline " + baseline_path;
    s.where = model::Location{baseline_path, 0, 0, 0, 0};
    r.suppressions.push_back(std::move(s));
    r.suppressed = true;
  }
}

}  // namespace cs::findings
