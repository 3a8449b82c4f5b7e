// Cycles Terraform rejects: locals that refer to each other, modules that call each other. Each is an
// error diagnostic naming the cycle; what depends on it is UNRESOLVED; the rest is still reported.
#include "sources/terraform/cycles.h"

#include <gtest/gtest.h>

#include "sources/terraform/scan.h"

namespace cs::tf {
namespace {

using model::aws::lambda::TracingMode;

ScanOutput scan_dirs(io::MemoryFileSystem& fs, const std::vector<std::string>& dirs) {
  std::map<std::string, std::unique_ptr<ModuleConfig>> mods;
  for (const auto& d : dirs) {
    auto m = load_module(fs, d);
    mods[d] = std::move(m);
  }
  return scan_modules(fs, std::move(mods), {}, ScanOptions{});
}

std::vector<std::string> errors(const ScanOutput& out) {
  std::vector<std::string> v;
  for (const auto& d : out.diags)
    if (d.severity == Severity::Error) v.push_back(d.file + ":" + std::to_string(d.line) + ": " + d.message);
  return v;
}

const char* kFn =
    "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = local.a\n  }\n}\n";

TEST(Cycles, LocalsCycleIsAnErrorNamingIt) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", std::string("locals {\n  a = local.b\n  b = local.a\n  ok = 1\n}\n") + kFn);
  auto out = scan_dirs(fs, {"r"});
  EXPECT_EQ(errors(out),
            (std::vector<std::string>{"r/main.tf:2: Cycle: local.a, local.b (local values that refer to "
                                      "each other; Terraform rejects the configuration)"}));
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  const auto& t = out.model.lambda_functions[0].tracing;
  EXPECT_EQ(t.value, TracingMode::Unknown);
  EXPECT_EQ(t.unknown_reason, "local.a depends on itself (a cycle, which Terraform rejects)");
}

TEST(Cycles, TryCannotHideACycle) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", std::string("locals {\n  a = try(local.b, \"Active\")\n  b = local.a\n}\n") + kFn);
  auto out = scan_dirs(fs, {"r"});
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
}

TEST(Cycles, SelfReferenceAndLongCycles) {
  io::MemoryFileSystem fs;
  std::string locals = "locals {\n  c = local.c\n";
  for (int i = 0; i < 5000; ++i)
    locals += "  x" + std::to_string(i) + " = local.x" + std::to_string((i + 1) % 5000) + "\n";
  fs.add("r/main.tf", locals + "  a = \"Active\"\n}\n" + kFn);
  auto out = scan_dirs(fs, {"r"});
  auto e = errors(out);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0],
            "r/main.tf:2: Self-referencing local value: local.c cannot use its own result as part of its "
            "expression (Terraform rejects the configuration)");
  EXPECT_EQ(e[1].rfind("r/main.tf:3: Cycle: local.x0, local.x1, local.x2,", 0), 0u) << e[1];
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Active);
}

TEST(Cycles, VariableDefaultsCannotReferToValues) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "variable \"x\" {\n  default = var.x\n}\nlocals {\n  a = var.x\n}\n" + std::string(kFn));
  auto out = scan_dirs(fs, {"r"});
  EXPECT_EQ(errors(out),
            (std::vector<std::string>{"r/main.tf:2: Variables not allowed: the default of variable \"x\" "
                                      "refers to other values, which Terraform does not allow here"}));
  EXPECT_EQ(out.model.lambda_functions.at(0).tracing.value, TracingMode::Unknown);
}

TEST(Cycles, ModulesCallingEachOtherAreReportedAndTheirFunctionsKept) {
  io::MemoryFileSystem fs;
  fs.add("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_lambda_function\" \"fa\" {}\n");
  fs.add("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\nresource \"aws_lambda_function\" \"fb\" {}\n");
  auto out = scan_dirs(fs, {"a", "b"});
  EXPECT_EQ(errors(out),
            (std::vector<std::string>{
                "b/main.tf:1: Module cycle: a -> b -> a (module \"a\" calls \"../a\", which is already "
                "being evaluated; Terraform cannot install modules that call each other)"}));
  std::vector<std::string> addrs;
  for (const auto& f : out.model.lambda_functions) addrs.push_back(f.address);
  EXPECT_EQ(addrs, (std::vector<std::string>{"aws_lambda_function.fa", "module.b.aws_lambda_function.fb"}));
  ASSERT_EQ(out.model.opaque.size(), 1u);
  EXPECT_EQ(out.model.opaque[0].address, "module.b.module.a");
  EXPECT_EQ(out.model.opaque[0].detail, "module \"a\" is part of a module cycle (a -> b -> a)");
}

TEST(Cycles, ChildCallingItsParentKeepsTheParentAsRoot) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "module \"child\" {\n  source = \"./child\"\n}\nresource \"aws_lambda_function\" \"top\" {}\n");
  fs.add("r/child/main.tf",
         "module \"up\" {\n  source = \"../\"\n}\nresource \"aws_lambda_function\" \"c\" {}\n");
  auto out = scan_dirs(fs, {"r", "r/child"});
  EXPECT_EQ(errors(out).size(), 1u);
  std::vector<std::string> addrs;
  for (const auto& f : out.model.lambda_functions) addrs.push_back(f.address);
  EXPECT_EQ(addrs,
            (std::vector<std::string>{"aws_lambda_function.top", "module.child.aws_lambda_function.c"}));
}

TEST(Cycles, ADirectoryCalledOnlyFromACycleIsStillScanned) {
  io::MemoryFileSystem fs;
  // a <-> b, and b also calls c: nobody outside the cycle calls a or b, c is called only from it.
  fs.add("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n");
  fs.add("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\nmodule \"c\" {\n  source = \"../c\"\n}\n");
  fs.add("c/main.tf", "resource \"aws_lambda_function\" \"fc\" {}\n");
  auto out = scan_dirs(fs, {"a", "b", "c"});
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].address, "module.b.module.c.aws_lambda_function.fc");
}

TEST(Cycles, AModuleCallingItselfIsACycle) {
  io::MemoryFileSystem fs;
  fs.add(
      "r/main.tf",
      "module \"again\" {\n  source = \"./\"\n  count = 2\n}\nresource \"aws_lambda_function\" \"f\" {}\n");
  auto out = scan_dirs(fs, {"r"});
  EXPECT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(errors(out).size(), 1u);
}

TEST(Cycles, ModuleInputNeedingItsOwnOutputIsACycle) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "module \"m\" {\n  source = \"./m\"\n  in = module.m.out\n}\n");
  fs.add("r/m/main.tf",
         "variable \"in\" {}\noutput \"out\" {\n  value = var.in\n}\n"
         "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = var.in\n  }\n}\n");
  auto out = scan_dirs(fs, {"r"});
  EXPECT_EQ(errors(out),
            (std::vector<std::string>{"r/main.tf:3: Cycle: module.m.var.in, module.m.output.out (values "
                                      "that depend on each other; Terraform rejects the configuration)"}));
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
}

}  // namespace
}  // namespace cs::tf
