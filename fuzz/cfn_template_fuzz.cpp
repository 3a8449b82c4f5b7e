// libFuzzer: the input as a CloudFormation/SAM template (YAML, or JSON when it starts with '{'):
// detection, parse_document, scan_template with parameters and a region, then every check. Anything
// may come in; nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/registry.h"
#include "io/fs.h"
#include "sources/cloudformation/cloudformation.h"
#include "sources/common/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string src(reinterpret_cast<const char*>(data), size);
  (void)cs::cfn::detect("template.yaml", src);
  // The document layer on its own, as the adapter sees it.
  auto doc = cs::sources::parse_document("template.yaml", src);
  (void)doc;
  cs::io::MemoryFileSystem fs;
  fs.add("params.json", "{\"Parameters\": {\"Mode\": \"Active\"}}");
  cs::cfn::Options opts;
  opts.parameter_files.push_back("params.json");
  opts.parameters.emplace_back("Env", "prod");
  opts.pseudo["AWS::Region"] = "eu-west-1";
  cs::model::Model model;
  cs::Diagnostics diags;
  cs::cfn::scan_template(fs, "template.yaml", src, opts, model, diags);
  std::vector<cs::checks::CheckResult> results;
  for (const auto& c : cs::checks::all()) c->run(model, results);
  return 0;
}
