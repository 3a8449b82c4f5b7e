// Serverless Framework services (serverless.yml / serverless.yaml / serverless.json) into the model.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/diag.h"
#include "io/confine.h"
#include "io/fs.h"
#include "model/model.h"
#include "sources/serverless/options.h"

namespace cs::sls {

// serverless.yml|yaml|json by name, or content with a top-level "service" and "provider" whose name
// is aws. serverless.ts / serverless.js are not detected here (the engine reports them as skipped).
bool detect(std::string_view path, std::string_view content);

// Scan one service file (kind "serverless"; address = "functions.<name>").
void scan_service(const io::FileSystem& fs, const std::string& path, std::string content, const Options& opts,
                  model::Model& model, Diagnostics& diags);

}  // namespace cs::sls
