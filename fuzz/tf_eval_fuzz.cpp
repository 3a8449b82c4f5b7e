// libFuzzer: parse the input as a Terraform file, evaluate it as a root module with a called local
// module, and run every check. Anything may come in; nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/registry.h"
#include "io/fs.h"
#include "sources/terraform/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string src(reinterpret_cast<const char*>(data), size);
  cs::io::MemoryFileSystem fs;
  fs.add("root/main.tf", src);
  // The same text as a module the root may call with source = "./m".
  fs.add("root/m/main.tf", src);
  fs.add("root/terraform.tfvars", "mode = \"Active\"\n");
  std::map<std::string, std::unique_ptr<cs::tf::ModuleConfig>> mods;
  mods["root"] = cs::tf::load_module(fs, "root");
  cs::tf::ScanOptions opts;
  opts.max_module_depth = 6;
  auto out = cs::tf::scan_modules(fs, std::move(mods), {}, opts);
  std::vector<cs::checks::CheckResult> results;
  for (const auto& c : cs::checks::all()) c->run(out.model, results);
  return 0;
}
