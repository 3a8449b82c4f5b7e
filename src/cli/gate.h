// What both scans share after parsing: outputs, the baseline and the exit-code policy.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/config.h"

namespace cs::cli {

// Applies the default output (text) and --output (the FILE of the one format given without one);
// returns a usage error message, or "" when the outputs are consistent.
std::string resolve_outputs(std::vector<Output>& outputs, const std::string& output);

// Writes every output and the --create-baseline file; kExitUsage when one could not be written (said
// on stderr), else -1.
int write_reports(const Options& o, const engine::ScanReport& rep, Io& io);

// The baseline to apply. While a baseline is being created, one that does not exist yet (typically
// the `baseline:` of .cloudsift.yaml, before its first creation) is nothing to apply, not an error.
std::string baseline_to_apply(const Options& o);

// The exit code the findings call for under the gate flags.
int findings_exit(const Options& o, const engine::ScanReport& rep);

// Names the configuration file in use on stderr, and the ones found but refused.
void report_config(const MergedArgs& m, Io& io);

}  // namespace cs::cli
