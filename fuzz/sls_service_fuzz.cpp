// libFuzzer target: a Serverless Framework service (YAML or JSON) through detection, the variable
// resolver and the adapter. The first byte picks the options (stage, env vars) and the format; the
// in-memory file system holds the input also as ./inc.yml so ${file(...)} includes recurse into it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/fs.h"
#include "sources/serverless/serverless.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  uint8_t mode = data[0];
  std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  cs::io::MemoryFileSystem fs;
  std::string path = (mode & 1) ? "svc/serverless.json" : "svc/serverless.yml";
  fs.add(path, content);
  fs.add("svc/inc.yml", content);
  fs.add("svc/inc.json", content);
  cs::sls::Options opts;
  if (mode & 2) opts.stage = "prod";
  if (mode & 4) opts.region = "eu-west-1";
  if (mode & 8) {
    opts.env_vars = true;
    opts.env["A"] = "Active";
  }
  if (mode & 16) opts.params["tracing"] = "${self:custom}";
  (void)cs::sls::detect(path, content);
  (void)cs::sls::detect("svc/other.yml", content);
  cs::model::Model model;
  cs::Diagnostics diags;
  cs::sls::scan_service(fs, path, content, opts, model, diags);
  return 0;
}
