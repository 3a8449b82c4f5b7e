// cloudsift scan [PATH ...]
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/commands/commands.h"
#include "cli/config.h"
#include "cli/flags.h"
#include "cli/gate.h"
#include "cli/module_fetch.h"
#include "io/fs.h"
#include "report/escape.h"

extern char** environ;

namespace cs::cli {

int prepare_scan(const Command& cmd, const std::vector<std::string>& cli_args, Io& io, Options& o,
                 std::unique_ptr<ModuleFetcher>& fetcher) {
  for (const auto& a : cli_args)
    if (a == "-h" || a == "--help") {
      io.out << help_text(cmd);
      return kExitClean;
    }
  auto merged = merge_config(io::disk(), cli_args, cmd);
  if (!merged) return usage_error(io, merged.error().to_string(), cmd);
  report_config(*merged, io);
  engine::ScanRequest& req = o.scan;
  req.suppress.today = today();
  {
    std::error_code cwd_ec;
    req.cwd = std::filesystem::current_path(cwd_ec).string();
  }
  unsigned hw = std::thread::hardware_concurrency();
  req.threads = hw ? hw : 1;
  if (int rc = parse(cmd, merged->args, o, io); rc >= 0) return rc;
  req.paths = o.positional;
  if (req.paths.empty()) req.paths.push_back(".");
  req.checks = o.checks;
  req.skip_checks = o.skip_checks;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    if (kv.compare(0, 7, "TF_VAR_") != 0) continue;
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq <= 7) continue;
    req.terraform.tf_var_env[kv.substr(7, eq - 7)] = kv.substr(eq + 1);
  }
  if (const char* ws = std::getenv("TF_WORKSPACE"); ws && *ws) req.terraform.workspace = ws;
  if (const char* home = std::getenv("HOME"); home && *home) req.home = home;
  if (req.serverless.env_vars) {
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      auto eq = kv.find('=');
      if (eq != std::string::npos && eq > 0) req.serverless.env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }

  // --download-external-modules: the Terraform source asks the fetcher for modules not on disk.
  if (o.download_external_modules) {
    ModuleFetchOptions fo;
    fo.cache_dir = o.external_modules_dir;
    if (fo.cache_dir.empty()) {
      std::error_code ec;
      const std::string& first = req.paths.front();
      std::string base = std::filesystem::is_directory(first, ec) ? first : io::dirname(first);
      fo.cache_dir = io::join(base, ".cloudsift/modules");
    }
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      auto eq = kv.find('=');
      if (kv.compare(0, 9, "TF_TOKEN_") == 0 && eq != std::string::npos)
        fo.tokens[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    fetcher = std::make_unique<ModuleFetcher>(std::move(fo));
    req.terraform.fetch_module = [f = fetcher.get()](const std::string& source, const std::string& version) {
      return f->fetch(source, version);
    };
  }
  return -1;
}

int cmd_scan(const std::vector<std::string>& cli_args, Io& io) {
  if (!cli_args.empty() && cli_args[0] == "aws")
    return cmd_scan_aws(std::vector<std::string>(cli_args.begin() + 1, cli_args.end()), io);
  const Command& cmd = scan_command();
  Options o;
  std::unique_ptr<ModuleFetcher> fetcher;
  if (int rc = prepare_scan(cmd, cli_args, io, o, fetcher); rc >= 0) return rc;
  engine::ScanRequest& req = o.scan;
  if (std::string err = resolve_outputs(o.outputs, o.output); !err.empty()) return usage_error(io, err, cmd);
  req.baseline = baseline_to_apply(o);
  for (const auto& out : o.outputs)
    if (!out.file.empty()) req.own_files.push_back(out.file);
  if (!o.create_baseline.empty()) req.own_files.push_back(o.create_baseline);
  if (!req.baseline.empty()) req.own_files.push_back(req.baseline);

  auto rep = engine::scan(req, o.disk);
  if (!rep) {
    io.err << "cloudsift: " << report::esc(rep.error().to_string()) << "\n";
    return kExitUsage;
  }
  if (int rc = write_reports(o, *rep, io); rc >= 0) return rc;
  if (rep->summary.parse_errors) return kExitUsage;
  return findings_exit(o, *rep);
}

}  // namespace cs::cli
