// The Serverless source's settings for one scan (--stage, --region, --param, --env-vars): what the engine
// and the CLI fill, apart from the source's internals.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "io/confine.h"

namespace cs::sls {

struct Options {
  std::string stage;                          // --stage (else ${opt:stage, default} defaults apply)
  std::string region;                         // --region
  std::map<std::string, std::string> params;  // --param k=v  (${param:k})
  bool env_vars = false;                      // --env-vars: ${env:X} may read the environment
  std::map<std::string, std::string> env;     // the environment, read only when env_vars is true
  // Where ${file(...)} may read: the scanned tree. Null: no confinement (an in-memory file system).
  const io::Confinement* confine = nullptr;
  uint64_t max_file_size = io::Confinement::kDefaultMaxFileSize;
};

}  // namespace cs::sls
