// The Terraform source's unit of work: directories of .tf / .tf.json files, each one module. Reads and
// parses every file (in parallel), builds one module per directory and evaluates every root module.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/fs.h"
#include "sources/terraform/scan.h"

namespace cs::tf {

// `dirs`: directory -> its Terraform files. `only_files` (when not empty) keeps the results of those
// files only; `whole_dirs` is true when a directory was scanned (then a directory whose files repeat
// blocks is still read as one module).
ScanOutput scan_directories(const io::FileSystem& fs,
                            const std::map<std::string, std::vector<std::string>>& dirs,
                            const std::set<std::string>& only_files, bool whole_dirs,
                            const ScanOptions& opts);

}  // namespace cs::tf
