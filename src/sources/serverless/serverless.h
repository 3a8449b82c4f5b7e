// Serverless Framework services (serverless.yml / serverless.yaml / serverless.json) into the model.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/diag.h"
#include "io/confine.h"
#include "io/fs.h"
#include "model/model.h"

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

// serverless.yml|yaml|json by name, or content with a top-level "service" and "provider" whose name
// is aws. serverless.ts / serverless.js are not detected here (the engine reports them as skipped).
bool detect(std::string_view path, std::string_view content);

// Scan one service file (kind "serverless"; address = "functions.<name>").
void scan_service(const io::FileSystem& fs, const std::string& path, std::string content, const Options& opts,
                  model::Model& model, Diagnostics& diags);

}  // namespace cs::sls
