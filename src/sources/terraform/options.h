// The Terraform source's settings for one scan (--var, --var-file, TF_VAR_*, workspace, limits): what the
// engine and the CLI fill, apart from the source's internals (config, evaluator, mappers).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "io/confine.h"
#include "sources/terraform/budget.h"

namespace cs::tf {

// --var NAME=VALUE and --var-file FILE, in command-line order (later ones win, as in Terraform).
struct VarArg {
  bool is_file = false;
  std::string name;   // --var: the variable name
  std::string value;  // --var: the raw value; --var-file: the path
};

// A module whose source is not on disk, as a fetcher outside the source gives it (the CLI's
// --download-external-modules, cli/module_fetch.h): the directory holding the module, or why it could not be
// fetched. The source itself does no network I/O.
struct FetchedModule {
  std::string dir;
  std::string error;
  bool hostile = false;  // an archive refused (hostile or unreadable): also a warning at the call
};
// Called with a module call's literal source and version constraint ("" when none); must be thread-safe
// (root modules are evaluated in parallel).
using ModuleFetcher = std::function<FetchedModule(const std::string& source, const std::string& version)>;

struct ScanOptions {
  std::vector<VarArg> var_args;
  std::map<std::string, std::string> tf_var_env;  // TF_VAR_<name> values (lowest precedence)
  std::string workspace = "default";
  unsigned threads = 1;
  int max_module_depth = 32;
  // Where file(), templatefile() and the other file functions may read: the scanned tree. Null: no
  // confinement (an in-memory file system), only the size limit applies.
  const io::Confinement* confine = nullptr;
  uint64_t max_file_size = io::Confinement::kDefaultMaxFileSize;
  EvalLimits limits;  // the evaluation budget of each root module (budget.h)
  // When set, a module source that is neither local nor in .terraform/modules is asked for here.
  ModuleFetcher fetch_module;
};

}  // namespace cs::tf
