#include "cli/gate.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "findings/baseline.h"
#include "io/fs.h"
#include "io/write.h"
#include "report/escape.h"

#ifndef CLOUDSIFT_VERSION
#define CLOUDSIFT_VERSION "0.0.0"
#endif

namespace cs::cli {

using report::esc;

std::string resolve_outputs(std::vector<Output>& outputs, const std::string& output) {
  if (outputs.empty()) outputs.push_back(Output{"text", report::Format::Text, ""});
  std::vector<Output*> on_stdout;
  for (auto& o : outputs)
    if (o.file.empty()) on_stdout.push_back(&o);
  if (on_stdout.size() > 1)
    return "formats " + on_stdout[0]->name + " and " + on_stdout[1]->name +
           " would both go to standard output; give all but one of them a file (--format " +
           on_stdout[1]->name + ":FILE)";
  if (!output.empty()) {
    if (on_stdout.empty())
      return "--output " + output + " has no format to apply to: every --format names its own file";
    on_stdout[0]->file = output;
  }
  for (size_t i = 0; i < outputs.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!outputs[i].file.empty() && outputs[i].file == outputs[j].file)
        return "formats " + outputs[j].name + " and " + outputs[i].name + " would both write " +
               outputs[i].file;
  return "";
}

int write_reports(const Options& o, const engine::ScanReport& rep, Io& io) {
  std::error_code ec;
  report::RenderOptions ro;
  ro.version = CLOUDSIFT_VERSION;
  ro.source_root = std::filesystem::current_path(ec).string();
  // SARIF counts columns in UTF-16 code units: the printer converts byte columns through the lines of
  // the files the results point at, read once each (a file that cannot be read now: no columns).
  auto files = std::make_shared<std::map<std::string, std::optional<std::vector<std::string>>>>();
  ro.line_text = [files](const std::string& file, unsigned line) -> std::optional<std::string> {
    auto it = files->find(file);
    if (it == files->end()) {
      std::optional<std::vector<std::string>> lines;
      if (auto text = io::disk().read(file)) {
        lines.emplace();
        std::string_view rest = *text;
        for (;;) {
          size_t nl = rest.find('\n');
          std::string_view l = rest.substr(0, nl);
          if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
          lines->emplace_back(l);
          if (nl == std::string_view::npos) break;
          rest.remove_prefix(nl + 1);
        }
      }
      it = files->emplace(file, std::move(lines)).first;
    }
    if (!it->second || line == 0 || line > it->second->size()) return std::nullopt;
    return (*it->second)[line - 1];
  };
  ro.text.quiet = o.quiet;
  ro.text.compact = o.compact;
  const char* nc = std::getenv("NO_COLOR");
  bool write_failed = false;
  for (const Output& out : o.outputs) {
    report::RenderOptions mine = ro;
    mine.text.color = !o.no_color && out.file.empty() && isatty(STDOUT_FILENO) && !(nc && *nc);
    if (out.file.empty()) {
      report::render(out.format, rep, mine, io.out);
      continue;
    }
    // Through a temporary file renamed over the target (io::write_atomic): a reader never sees half a
    // report, a link planted at the target is replaced, not followed, and a device or pipe is written
    // in place.
    if (auto w =
            io::write_atomic(out.file, [&](std::ostream& os) { report::render(out.format, rep, mine, os); });
        !w) {
      io.err << "cloudsift: " << esc(w.error().message) << "\n";
      write_failed = true;
    }
  }
  if (!o.create_baseline.empty()) {
    auto w = io::write_atomic(o.create_baseline, findings::baseline_json(rep.results, CLOUDSIFT_VERSION));
    if (!w) {
      io.err << "cloudsift: " << esc(w.error().message) << "\n";
      return kExitUsage;
    }
  }
  return write_failed ? kExitUsage : -1;
}

std::string baseline_to_apply(const Options& o) {
  if (!o.create_baseline.empty() && !o.baseline.empty() && !io::disk().is_file(o.baseline)) {
    struct stat st {};
    if (::lstat(o.baseline.c_str(), &st) != 0 && errno == ENOENT) return "";
  }
  return o.baseline;
}

int findings_exit(const Options& o, const engine::ScanReport& rep) {
  if (o.soft_fail || !o.create_baseline.empty()) return kExitClean;
  for (const auto& r : rep.results) {
    if (r.suppressed || r.severity < o.fail_on) continue;
    if (r.verdict == checks::Verdict::Fail) return kExitFindings;
    if (o.fail_on_unresolved && r.verdict == checks::Verdict::Unresolved) return kExitFindings;
  }
  return kExitClean;
}

void report_config(const MergedArgs& m, Io& io) {
  for (const auto& w : m.warnings) io.err << "cloudsift: warning: " << esc(w) << "\n";
  if (!m.config_file.empty()) io.err << "cloudsift: using config " << esc(m.config_file) << "\n";
}

}  // namespace cs::cli
