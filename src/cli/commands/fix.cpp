// cloudsift fix [PATH ...]
#include <map>
#include <set>
#include <sstream>

#include "base/json_writer.h"
#include "cli/commands/commands.h"
#include "cli/flags.h"
#include "fix/fix.h"
#include "io/fs.h"
#include "io/write.h"
#include "report/escape.h"

namespace cs::cli {

namespace {

// A file as the user named it: relative to the working directory (git apply takes the diff from there).
std::string shown(const std::string& file, const std::string& cwd) {
  if (file.empty() || file[0] != '/' || cwd.empty()) return file;
  return io::relative(file, cwd);
}

std::string json_of(const fix::Plan& plan, const std::string& cwd) {
  std::string out = "{\"fixes\": [";
  bool first = true;
  for (const fix::Fix& f : plan.fixes) {
    out += first ? "\n  {" : ",\n  {";
    first = false;
    out += "\"check_id\": " + json_quote(f.check_id) + ", \"resource\": " + json_quote(f.resource) +
           ", \"file\": " + json_quote(shown(f.file, cwd)) + ", \"line\": " + std::to_string(f.line) +
           ", \"kind\": " + (f.automatic ? "\"auto\"" : "\"manual\"") +
           ", \"reason\": " + json_quote(f.reason) + ", \"edits\": [";
    for (size_t i = 0; i < f.edits.size(); ++i) {
      const auto& e = f.edits[i];
      out += (i ? ", " : "") + std::string("{\"file\": ") + json_quote(shown(e.file, cwd)) +
             ", \"start\": " + std::to_string(e.edit.begin) + ", \"end\": " + std::to_string(e.edit.end) +
             ", \"text\": " + json_quote(e.edit.text) + "}";
    }
    out += "]}";
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace

int cmd_fix(const std::vector<std::string>& cli_args, Io& io) {
  const Command& cmd = fix_command();
  Options o;
  std::unique_ptr<ModuleFetcher> fetcher;
  if (int rc = prepare_scan(cmd, cli_args, io, o, fetcher); rc >= 0) return rc;
  engine::ScanRequest& req = o.scan;
  if (!o.fix_output.empty()) req.own_files.push_back(o.fix_output);
  auto rep = engine::scan(req, o.disk);
  if (!rep) {
    io.err << "cloudsift: " << report::esc(rep.error().to_string()) << "\n";
    return kExitUsage;
  }
  for (const auto& d : rep->diagnostics)
    if (d.severity == Severity::Error)
      io.err << report::esc(d.file) << ":" << d.line << ":" << d.col << ": error: " << report::esc(d.message)
             << "\n";
  // A file that does not parse is never edited (fix::plan parses every file it edits). In Terraform a
  // module is all its files: a module directory with one that does not parse is not edited either.
  std::set<std::string> broken_modules;
  for (const auto& d : rep->diagnostics)
    if (d.severity == Severity::Error &&
        (d.file.size() > 3 &&
         (d.file.compare(d.file.size() - 3, 3, ".tf") == 0 || d.file.find(".tf.json") != std::string::npos)))
      broken_modules.insert(io::dirname(d.file));

  fix::Plan plan = fix::plan(rep->results, o.disk);
  for (const fix::Fix& f : std::vector<fix::Fix>(plan.fixes))
    if (f.automatic && !f.edits.empty() && broken_modules.count(io::dirname(f.edits[0].file)))
      fix::demote(plan, f.check_id, f.resource,
                  "another file of this Terraform module does not parse: fix that first, then run fix again");
  // Verify before anything is shown or written: a scan of the fixed texts must pass every fixed result.
  for (int round = 0; round < 3 && !plan.after.empty(); ++round) {
    fix::OverlayFileSystem fixed(o.disk, plan.after);
    auto again = engine::scan(req, fixed);
    if (!again) break;
    std::map<std::pair<std::string, std::string>, const findings::CheckResult*> by_key;
    for (const auto& r : again->results) by_key[{r.check_id, r.resource}] = &r;
    bool demoted = false;
    for (const fix::Fix& f : std::vector<fix::Fix>(plan.fixes)) {
      if (!f.automatic) continue;
      auto it = by_key.find({f.check_id, f.resource});
      if (it != by_key.end() && it->second->verdict == findings::Verdict::Pass) continue;
      std::string now = it == by_key.end() ? "no result"
                                           : std::string(findings::to_string(it->second->verdict)) + " (" +
                                                 it->second->reason + ")";
      fix::demote(plan, f.check_id, f.resource,
                  "the edit (" + f.reason + ") was made and scanned, but the result is then " + now +
                      ": fix it by hand");
      demoted = true;
    }
    if (!demoted) break;
  }
  for (const auto& d : plan.diags)
    io.err << report::esc(d.file) << ": warning: " << report::esc(d.message) << "\n";

  size_t automatic = 0, manual = 0;
  for (const fix::Fix& f : plan.fixes) (f.automatic ? automatic : manual)++;
  std::ostringstream body;
  if (o.fix_format == "json") {
    body << json_of(plan, req.cwd);
  } else if (!o.fix_write) {
    for (const auto& [file, after] : plan.after)
      body << text::unified_diff(shown(file, req.cwd), plan.before[file], after);
  }
  for (const fix::Fix& f : plan.fixes)
    if (!f.automatic)
      io.err << "manual: " << report::esc(shown(f.file, req.cwd)) << ":" << f.line << " "
             << report::esc(f.resource) << " (" << f.check_id << "): " << report::esc(f.reason) << "\n";
  if (o.fix_write) {
    size_t files = 0;
    for (const auto& [file, after] : plan.after) {
      if (auto w = io::write_atomic(file, after); !w) {
        io.err << "cloudsift: cannot write " << report::esc(file) << ": " << report::esc(w.error().message)
               << "\n";
        return kExitUsage;
      }
      ++files;
    }
    for (const fix::Fix& f : plan.fixes)
      if (f.automatic)
        io.err << "fixed: " << report::esc(shown(f.file, req.cwd)) << ":" << f.line << " "
               << report::esc(f.resource) << " (" << f.check_id << "): " << report::esc(f.reason) << "\n";
    io.err << automatic << " fixed in " << files << (files == 1 ? " file" : " files") << ", " << manual
           << " to fix by hand\n";
  }
  if (!o.fix_output.empty()) {
    if (auto w = io::write_atomic(o.fix_output, body.str()); !w) {
      io.err << "cloudsift: cannot write " << report::esc(o.fix_output) << ": "
             << report::esc(w.error().message) << "\n";
      return kExitUsage;
    }
  } else {
    io.out << body.str();
  }
  if (rep->summary.parse_errors) {
    io.err << "cloudsift: some input could not be parsed (errors above): it was not scanned or fixed\n";
    return kExitUsage;
  }
  if (o.fix_write) return manual ? kExitFindings : kExitClean;
  return plan.fixes.empty() ? kExitClean : kExitFindings;
}

}  // namespace cs::cli
