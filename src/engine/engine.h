// Runs a scan: finds the inputs, hands them to the source adapters, runs the checks on the model and
// returns results and diagnostics. Prints nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diag.h"
#include "base/result.h"
#include "checks/check.h"
#include "engine/suppress.h"
#include "findings/findings.h"
#include "io/fs.h"
#include "sources/source.h"

namespace cs::engine {

struct ScanRequest {
  std::vector<std::string> paths;        // files or directories
  std::vector<std::string> checks;       // ids or aliases to run (empty = all)
  std::vector<std::string> skip_checks;  // ids or aliases to skip
  tf::ScanOptions terraform;
  cfn::Options cloudformation;
  sls::Options serverless;
  SuppressOptions suppress;
  std::string baseline;  // --baseline FILE: findings in it do not fail
  std::string cwd;       // the working directory (absolute), for fingerprints
  std::string home;      // $HOME: a git repository there does not widen the tree file functions may read
  // Files this run reads or writes for itself (reports, --baseline, --create-baseline): the walk never
  // takes them as inputs (a report of an earlier run, or a link planted where a report goes).
  std::vector<std::string> own_files;
  unsigned threads = 1;
  // --skip-unknown-files (the pre-commit hook, which passes every changed YAML/JSON file): a named file
  // that is no input cloudsift reads is a note, not an error; a named .tfvars file scans the module in
  // its directory.
  bool skip_unknown_files = false;
};

using findings::ScanReport;
using findings::Summary;

// Resolve --check / --skip-check values to checks; an unknown id is an error.
Result<std::vector<const checks::Check*>> select_checks(const std::vector<std::string>& only,
                                                        const std::vector<std::string>& skip);

Result<ScanReport> scan(const ScanRequest& req, const io::FileSystem& fs);

// After the checks ran: fingerprints, inline suppressions, the baseline, sorting and the summary counts.
// `comments` are the comments of the scanned files, as the sources handed them over (Model::comments).
Result<void> finish_report(ScanReport& rep, const io::FileSystem& fs,
                           const std::vector<model::FileComments>& comments, const SuppressOptions& suppress,
                           const std::string& baseline, const std::string& cwd);

}  // namespace cs::engine
