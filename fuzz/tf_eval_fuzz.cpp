// libFuzzer: parse the input as a Terraform file, evaluate it as a root module with a called local
// module, and run every check. Anything may come in; nothing may crash, hang or leak. The input may
// call itself as module "./m" from m (a cycle) and use any function, regex or budget-busting value.
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
  // The evaluation budget, tighter than a scan's so that each input stays well inside libFuzzer's
  // -timeout and -rss_limit_mb: a hostile expression must end as an unknown, never a hang or OOM.
  opts.limits.max_steps = 200000;
  opts.limits.max_work = 2000000;
  opts.limits.max_elements = 100000;
  opts.limits.max_bytes = 4u << 20;
  opts.limits.max_allocated = 64u << 20;
  auto out = cs::tf::scan_modules(fs, std::move(mods), {}, opts);
  std::vector<cs::checks::CheckResult> results;
  for (const auto& c : cs::checks::all()) c->run(out.model, results);
  return 0;
}
