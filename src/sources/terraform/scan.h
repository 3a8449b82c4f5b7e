// The Terraform source adapter: finds root modules among the scanned directories, evaluates them with
// their modules (variables, locals, count/for_each, dynamic blocks, module inputs and outputs) and
// gives every instance of a managed resource whose type a mapper claims (mappers.h) to that mapper,
// which fills the model.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/diag.h"
#include "io/confine.h"
#include "io/fs.h"
#include "model/model.h"
#include "sources/terraform/config.h"
#include "sources/terraform/instance.h"
#include "sources/terraform/options.h"

namespace cs::tf {

struct ScanOutput {
  model::Model model;
  Diagnostics diags;
  size_t files = 0;
  size_t bytes = 0;
};

// Scan already loaded module directories (each a ModuleConfig; the key is the directory).
// A directory that another scanned directory calls as a module is evaluated only through its calls;
// the others are roots. `only_files`, when not empty, keeps only functions declared in those files
// (a scan of one file still loads its whole directory, as Terraform does).
ScanOutput scan_modules(const io::FileSystem& fs,
                        std::map<std::string, std::unique_ptr<ModuleConfig>> modules,
                        const std::set<std::string>& only_files, const ScanOptions& opts);

}  // namespace cs::tf
