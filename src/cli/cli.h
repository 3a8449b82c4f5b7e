// The command line: the only layer that writes to stdout/stderr and chooses exit codes.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cs::cli {

// Run the command line (argv without the program name). Returns the process exit code.
int run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace cs::cli
