// cloudsift docs --output-dir DIR
#include <filesystem>
#include <sstream>

#include "checks/registry.h"
#include "cli/commands/commands.h"
#include "io/write.h"
#include "report/escape.h"

namespace cs::cli {

int cmd_docs(const std::vector<std::string>& args, Io& io) {
  static const Command cmd{
      .name = "docs",
      .usage = "cloudsift docs --output-dir DIR",
      .about =
          "Writes one Markdown page per check, DIR/<check id>.md, generated from the check's metadata: "
          "title,\n"
          "severity, aliases, why it matters, the verdict table, the fix per tool, a failing and a passing\n"
          "example, notes and references. The pages in docs/checks are made this way; the docs_fresh test\n"
          "fails when they are out of date.",
      .flags = {Flag{.name = "output-dir",
                     .kind = Flag::Value,
                     .value_name = "DIR",
                     .help = "the directory to write (created when missing)",
                     .config = false,
                     .empty_is_missing = true,
                     .missing = "--output-dir needs a directory",
                     .apply =
                         [](Options& o, const std::string& v) {
                           o.output_dir = v;
                           return std::string();
                         }}},
      .examples = "cloudsift docs --output-dir docs/checks",
  };
  Options o;
  if (int rc = parse(cmd, args, o, io); rc >= 0) return rc;
  const std::string& dir = o.output_dir;
  if (dir.empty()) return usage_error(io, "docs needs --output-dir DIR", cmd);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    io.err << "cloudsift: cannot create " << report::esc(dir) << ": " << ec.message() << "\n";
    return kExitUsage;
  }
  for (const auto& c : checks::all()) {
    std::ostringstream buf;
    report::write_check_doc(buf, c->metadata());
    std::string path = (std::filesystem::path(dir) / (c->metadata().id + ".md")).string();
    if (auto w = io::write_atomic(path, buf.str()); !w) {
      io.err << "cloudsift: " << report::esc(w.error().message) << "\n";
      return kExitUsage;
    }
  }
  return kExitClean;
}

}  // namespace cs::cli
