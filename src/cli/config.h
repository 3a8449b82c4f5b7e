// .cloudsift.yaml: any `scan` or `scan aws` flag, written as YAML keys (the flag without "--"); each
// command takes the keys it has flags for, and `scan aws` also takes an `aws:` mapping whose keys
// replace the top level's for it. Found upward from the
// first scanned path up to the root of its git repository (the nearest directory holding `.git`); with
// no repository, only the scanned directory itself is looked at. A file that others could have
// planted (it, or its directory, is writable by group or others and not owned by the user) is skipped
// with a warning. --config FILE names the file instead. Paths in the file (var-file, parameters-file,
// baseline, create-baseline, output, the FILE of format NAME:FILE) are relative to the file's own
// directory. Flags on the command line override it: a flag given on the command line replaces every
// value the file gives for that flag.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "cli/command.h"
#include "io/fs.h"

namespace cs::cli {

struct MergedArgs {
  std::vector<std::string> args;      // config-derived flags first, then the command line's
  std::string config_file;            // the file used, or empty
  std::vector<std::string> warnings;  // configuration files found but not used, and why
  // config dump only: the top-level keys only `scan aws` has, and the file's aws: section.
  std::vector<std::string> aws_args, aws_section;
};

// Find the config (--config FILE on the command line wins over the upward search from the first
// path argument, which defaults to ".") and merge it with the command-line arguments.
// Only the keys `cmd` has apply to it; for `scan aws` the aws: section's keys replace the top level's.
Result<MergedArgs> merge_config(const io::FileSystem& fs, const std::vector<std::string>& cli_args,
                                const Command& cmd);

// The effective configuration as YAML, from merged arguments.
std::string dump_config(const MergedArgs& merged);

}  // namespace cs::cli
