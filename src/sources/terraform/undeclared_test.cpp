// Values for variables no root module declares: Terraform's "Value for undeclared variable".
#include <gtest/gtest.h>

#include "sources/terraform/scan.h"

namespace cs::tf {
namespace {

std::vector<std::string> warnings(io::MemoryFileSystem& fs, const std::vector<std::string>& dirs,
                                  ScanOptions opts) {
  std::map<std::string, std::unique_ptr<ModuleConfig>> mods;
  for (const auto& d : dirs) mods[d] = load_module(fs, d);
  auto out = scan_modules(fs, std::move(mods), {}, opts);
  std::vector<std::string> v;
  for (const auto& d : out.diags)
    if (d.severity == Severity::Warning)
      v.push_back(d.file + ":" + std::to_string(d.line) + ": " + d.message);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

TEST(UndeclaredVariables, CommandLineValueNoRootDeclaresWarns) {
  io::MemoryFileSystem fs;
  fs.add("a/main.tf", "variable \"mode\" {}\n");
  fs.add("b/main.tf", "variable \"other\" {}\n");
  ScanOptions opts;
  opts.var_args = {{false, "mode", "Active"}, {false, "mdoe", "s3cr3t"}, {false, "other", "x"}};
  opts.tf_var_env = {{"global", "1"}};  // TF_VAR_* for undeclared names is silent, as in Terraform
  auto w = warnings(fs, {"a", "b"}, opts);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0],
            "--var:0: Value for undeclared variable: a variable named \"mdoe\" was assigned on the command "
            "line, but no root module scanned declares a variable of that name; the value is not used "
            "(terraform plan rejects it)");
  EXPECT_EQ(w[0].find("s3cr3t"), std::string::npos);
}

TEST(UndeclaredVariables, TfvarsEntriesWarnPerRootVarFilesWhenNoRootDeclares) {
  io::MemoryFileSystem fs;
  fs.add("a/main.tf", "variable \"mode\" {}\n");
  fs.add("a/terraform.tfvars", "mode = \"Active\"\nzz = 1\n");
  fs.add("a/x.auto.tfvars.json", "{\"yy\": 2}");
  fs.add("b/main.tf", "variable \"shared\" {}\n");
  fs.add("common.tfvars", "shared = 1\nnobody = 2\n");
  ScanOptions opts;
  opts.var_args = {{true, "", "common.tfvars"}};
  auto w = warnings(fs, {"a", "b"}, opts);
  EXPECT_EQ(
      w,
      (std::vector<std::string>{
          "a/terraform.tfvars:2: Value for undeclared variable: the root module does not declare a variable "
          "named \"zz\" but a value was found in file \"terraform.tfvars\"; the value is not used",
          "a/x.auto.tfvars.json:1: Value for undeclared variable: the root module does not declare a "
          "variable named \"yy\" but a value was found in file \"x.auto.tfvars.json\"; the value is not used",
          "common.tfvars:2: Value for undeclared variable: the root module does not declare a variable "
          "named \"nobody\" but a value was found in file \"common.tfvars\"; the value is not used"}));
}

}  // namespace
}  // namespace cs::tf
