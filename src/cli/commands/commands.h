// One function per command (src/cli/commands/<command>.cpp); cli/cli.cpp dispatches to them.
#pragma once

#include <string>
#include <vector>

#include <memory>

#include "cli/command.h"
#include "cli/module_fetch.h"

namespace cs::cli {

int cmd_scan(const std::vector<std::string>& args, Io& io);      // scan.cpp (scan aws goes to scan_aws.cpp)
int cmd_scan_aws(const std::vector<std::string>& args, Io& io);  // scan_aws.cpp
int cmd_fix(const std::vector<std::string>& args, Io& io);       // fix.cpp
int cmd_list_checks(const std::vector<std::string>& args, Io& io);
int cmd_explain(const std::vector<std::string>& args, Io& io);
int cmd_config(const std::vector<std::string>& args, Io& io);
int cmd_docs(const std::vector<std::string>& args, Io& io);
int cmd_version(const std::vector<std::string>& args, Io& io);

// The common part of `scan` and `fix`: --help, .cloudsift.yaml, flags, paths, TF_VAR_*, the module
// fetcher. -1 when the scan can go on; else the exit code (help printed, usage error reported).
int prepare_scan(const Command& cmd, const std::vector<std::string>& cli_args, Io& io, Options& o,
                 std::unique_ptr<ModuleFetcher>& fetcher);

}  // namespace cs::cli
