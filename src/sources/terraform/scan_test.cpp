// The configuration layer on in-memory trees: edge cases that fixtures on disk make awkward.
#include "sources/terraform/scan.h"

#include <gtest/gtest.h>

#include "sources/terraform/eval.h"

namespace cs::tf {
namespace {

using model::aws::lambda::TracingMode;

ScanOutput run(io::MemoryFileSystem& fs, const std::string& root, ScanOptions opts = {}) {
  std::map<std::string, std::unique_ptr<ModuleConfig>> mods;
  mods[root] = load_module(fs, root);
  return scan_modules(fs, std::move(mods), {}, opts);
}

TEST(TerraformScan, InstanceKeysAreQuotedAsTerraformPrintsThem) {
  EXPECT_EQ(instance_key(Value::number(3)), "[3]");
  EXPECT_EQ(instance_key(Value::string("a\"b")), "[\"a\\\"b\"]");
  EXPECT_EQ(instance_key(Value::unknown("x")), "[*]");
}

TEST(TerraformScan, HugeCountIsUnresolvedNotAHang) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "resource \"aws_lambda_function\" \"f\" {\n  count = 1000000000\n"
                      "  tracing_config {\n    mode = count.index > 0 ? \"Active\" : \"PassThrough\"\n  }\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_NE(out.model.lambda_functions[0].tracing.unknown_reason.find("more than cloudsift evaluates"), std::string::npos)
      << out.model.lambda_functions[0].tracing.unknown_reason;
}

TEST(TerraformScan, SelfCallingModuleStopsAtTheDepthLimit) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "module \"again\" {\n  source = \"./\"\n  count = 2\n}\n"
                      "resource \"aws_lambda_function\" \"f\" {}\n");
  ScanOptions opts;
  opts.max_module_depth = 6;
  auto out = run(fs, "r", opts);
  // 1 + 2 + 4 + 8 + 16 + 32 functions (depth 0..5), and the calls at depth 5 cannot go deeper.
  EXPECT_EQ(out.model.lambda_functions.size(), 63u);
  ASSERT_EQ(out.model.opaque.size(), 32u);  // one per call at depth 5 (the call, not its instances)
  EXPECT_EQ(out.model.opaque[0].reason, "module-missing");
  EXPECT_NE(out.model.opaque[0].detail.find("nested deeper than 6"), std::string::npos) << out.model.opaque[0].detail;
}

TEST(TerraformScan, LocalCycleIsUnknownNotACrash) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "locals {\n  a = local.b\n  b = local.a\n}\n"
                      "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = local.a\n  }\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_NE(out.model.lambda_functions[0].tracing.unknown_reason.find("cycle"), std::string::npos);
}

TEST(TerraformScan, OverrideWithoutBaseIsAWarning) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "resource \"aws_lambda_function\" \"f\" {}\n");
  fs.add("r/override.tf", "resource \"aws_lambda_function\" \"g\" {}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  ASSERT_EQ(out.diags.size(), 1u);
  EXPECT_EQ(out.diags[0].severity, Severity::Warning);
  EXPECT_EQ(out.diags[0].message,
            "override file declares resource \"aws_lambda_function\" \"g\" that no primary file declares");
}

TEST(TerraformScan, ModuleOutputsAcrossCountAndForEach) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "module \"m\" {\n  source = \"./m\"\n  count = 2\n  mode = count.index == 1 ? \"Active\" : \"x\"\n}\n"
         "module \"e\" {\n  source = \"./m\"\n  for_each = { k = \"Active\" }\n  mode = each.value\n}\n"
         "resource \"aws_lambda_function\" \"a\" {\n  tracing_config {\n    mode = module.m[1].out\n  }\n}\n"
         "resource \"aws_lambda_function\" \"b\" {\n  tracing_config {\n    mode = module.e[\"k\"].out\n  }\n}\n"
         "resource \"aws_lambda_function\" \"c\" {\n  tracing_config {\n    mode = (module.m[*].out)[1]\n  }\n}\n");
  fs.add("r/m/main.tf", "variable \"mode\" {}\noutput \"out\" {\n  value = var.mode\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 3u);
  for (const auto& f : out.model.lambda_functions)
    EXPECT_EQ(f.tracing.value, TracingMode::Active) << f.address << ": " << f.tracing.unknown_reason;
}

TEST(TerraformScan, DataSourcesAndOtherResourceTypesAreIgnored) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", "data \"aws_lambda_function\" \"d\" {}\nresource \"aws_lambda_permission\" \"p\" {}\n"
                      "resource \"aws_lambda_function\" \"f\" {}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].address, "aws_lambda_function.f");
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Absent);
}

}  // namespace
}  // namespace cs::tf

namespace cs::tf {
namespace {

TEST(TerraformConfig, DuplicateDeclarationsMarkTheDirectory) {
  io::MemoryFileSystem fs;
  fs.add("d/a.tf", "resource \"aws_lambda_function\" \"f\" {}\n");
  fs.add("d/b.tf", "resource \"aws_lambda_function\" \"f\" {}\n");
  fs.add("ok/a.tf", "resource \"aws_lambda_function\" \"f\" {}\n");
  fs.add("ok/override.tf", "resource \"aws_lambda_function\" \"f\" {}\n");  // an override is not a duplicate
  auto dup = load_module(fs, "d");
  EXPECT_TRUE(dup->has_duplicates);
  ASSERT_EQ(dup->diags.size(), 1u);
  EXPECT_EQ(dup->diags[0].message, "duplicate resource \"aws_lambda_function\" \"f\"");
  EXPECT_FALSE(load_module(fs, "ok")->has_duplicates);
}

// Resources and module calls are found by (mode, type, name) and name through the module's indexes:
// a data source and a resource of the same type and name are two things, an override merges into the
// one it names wherever that was declared, and every lookup lands on the declaration it names.
TEST(TerraformConfig, ResourcesAndCallsAreFoundByName) {
  io::MemoryFileSystem fs;
  std::string many;
  for (int i = 0; i < 3000; ++i)
    many += "resource \"aws_lambda_function\" \"f" + std::to_string(i) + "\" {}\n";
  fs.add("r/a.tf", many);
  fs.add("r/b.tf",
         "data \"aws_lambda_function\" \"f7\" {}\nmodule \"m\" {\n  source = \"./m\"\n}\n"
         "module \"n\" {\n  source = \"./n\"\n}\n");
  fs.add("r/c_override.tf",
         "resource \"aws_lambda_function\" \"f2999\" {\n  tracing_config {\n"
         "    mode = \"Active\"\n  }\n}\nmodule \"n\" {\n  source = \"./m\"\n}\n");
  auto m = load_module(fs, "r");
  EXPECT_FALSE(m->has_duplicates);
  EXPECT_TRUE(m->diags.empty());
  ASSERT_EQ(m->resources.size(), 3001u);
  for (int i : {0, 7, 1500, 2999}) {
    const Resource* r = m->resource(true, "aws_lambda_function", "f" + std::to_string(i));
    ASSERT_NE(r, nullptr) << i;
    EXPECT_TRUE(r->managed);
    EXPECT_EQ(r->name, "f" + std::to_string(i));
    EXPECT_EQ(r->decl.block->type_range.begin.line, static_cast<unsigned>(i + 1));
  }
  const Resource* d = m->resource(false, "aws_lambda_function", "f7");
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->managed);
  EXPECT_EQ(*d->decl.file, "r/b.tf");
  EXPECT_EQ(m->resource(true, "aws_lambda_function", "f3000"), nullptr);
  EXPECT_EQ(m->resource(false, "aws_lambda_function", "f8"), nullptr);
  EXPECT_EQ(m->resource(true, "aws_lambda_permission", "f7"), nullptr);
  // The override reached the last resource of a.tf.
  const Resource* last = m->resource(true, "aws_lambda_function", "f2999");
  ASSERT_EQ(last->body.blocks.size(), 1u);
  EXPECT_EQ(*last->body.blocks[0].file, "r/c_override.tf");
  ASSERT_NE(m->call("m"), nullptr);
  ASSERT_NE(m->call("n"), nullptr);
  EXPECT_EQ(m->call("n")->name, "n");
  EXPECT_EQ(m->call("n")->source, "./m");  // overridden
  EXPECT_EQ(m->call("m")->source, "./m");
  EXPECT_EQ(m->call("o"), nullptr);
}

}  // namespace
}  // namespace cs::tf
