// The Terraform source's settings for one scan (--var, --var-file, TF_VAR_*, workspace, limits): what the
// engine and the CLI fill, apart from the source's internals (config, evaluator, mappers).
#pragma once

#include <cstdint>
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
};

}  // namespace cs::tf
