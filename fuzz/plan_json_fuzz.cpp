// libFuzzer target for the Terraform plan/state adapter: any input must be scanned or rejected with
// diagnostics, never crash, and every function it reports must have an address, a kind and a position.
// The input is scanned as a plan beside a small .tf configuration (so the mapping to .tf files runs)
// and as a terraform.tfstate.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "io/fs.h"
#include "sources/tfplan/tfplan.h"

namespace {

void check(bool cond) {
  if (!cond) std::abort();
}

void scan_as(const cs::io::MemoryFileSystem& fs, const std::string& path, const std::string& text) {
  if (cs::tfplan::detect(path, text) == cs::tfplan::Kind::None) return;
  cs::model::Model model;
  cs::Diagnostics diags;
  cs::tfplan::scan(fs, path, text, model, diags);
  for (const auto& f : model.lambda_functions) {
    check(!f.address.empty());
    check(f.kind == "terraform-plan" || f.kind == "terraform-state");
    check(!f.declared.file.empty() && f.declared.line >= 1);
  }
  for (const auto& d : diags) check(!d.file.empty() && !d.message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  cs::io::MemoryFileSystem fs;
  fs.add("d/main.tf",
         "module \"m\" {\n  source = \"./m\"\n  for_each = toset([\"a\"])\n}\n"
         "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = \"Active\"\n  }\n}\n"
         "resource \"aws_lambda_function\" \"g\" {\n  dynamic \"tracing_config\" {\n    for_each = [1]\n"
         "    content {\n      mode = var.x\n    }\n  }\n}\n");
  fs.add("d/m/main.tf", "resource \"aws_lambda_function\" \"this\" {\n  tracing_config {}\n}\n");
  fs.add("d/plan.json", text);
  scan_as(fs, "d/plan.json", text);
  scan_as(fs, "d/terraform.tfstate", text);
  return 0;
}
