// One function per command (src/cli/commands/<command>.cpp); cli/cli.cpp dispatches to them.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace cs::cli {

int cmd_scan(const std::vector<std::string>& args, Io& io);      // scan.cpp (scan aws goes to scan_aws.cpp)
int cmd_scan_aws(const std::vector<std::string>& args, Io& io);  // scan_aws.cpp
int cmd_list_checks(const std::vector<std::string>& args, Io& io);
int cmd_explain(const std::vector<std::string>& args, Io& io);
int cmd_config(const std::vector<std::string>& args, Io& io);
int cmd_docs(const std::vector<std::string>& args, Io& io);
int cmd_version(const std::vector<std::string>& args, Io& io);

}  // namespace cs::cli
