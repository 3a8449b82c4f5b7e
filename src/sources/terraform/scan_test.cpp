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

TEST(TerraformScan, AbsentTracingAnchorsAfterTheLastAttribute) {
  io::MemoryFileSystem fs;
  const std::string text =
      "resource \"aws_iam_role\" \"r\" {}\n"
      "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  role    = aws_iam_role.r.arn\n"
      "  environment {\n    variables = {}\n  }\n}\n"
      "resource \"aws_lambda_function\" \"empty\" {}\n"
      "resource \"aws_lambda_function\" \"set\" {\n  role = \"arn:aws:iam::1:role/x\"\n"
      "  tracing_config {\n    mode = \"Active\"\n  }\n}\n";
  fs.add("r/main.tf", text);
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 3u);
  const auto& f = out.model.lambda_functions[0];
  EXPECT_EQ(f.type, "aws_lambda_function");
  EXPECT_EQ(f.role.address, "aws_iam_role.r");
  EXPECT_EQ(f.tracing.anchor.file, "r/main.tf");
  EXPECT_EQ(f.tracing.anchor.offset, text.find("arn\n") + 3);  // after `role = ...`, before the block
  EXPECT_EQ(f.tracing.anchor.line, 4u);
  EXPECT_EQ(f.tracing.anchor.indent, "  ");
  EXPECT_EQ(f.declared.begin, text.find("resource \"aws_lambda_function\" \"f\""));
  const auto& e = out.model.lambda_functions[1];
  EXPECT_EQ(e.tracing.anchor.offset, text.find("\"empty\" {") + 9);  // after the opening brace
  EXPECT_EQ(e.tracing.anchor.indent, "  ");
  const auto& s = out.model.lambda_functions[2];
  EXPECT_EQ(s.role.arn, "arn:aws:iam::1:role/x");
  EXPECT_TRUE(s.tracing.anchor.empty());  // written: no anchor
}

TEST(TerraformScan, HugeCountIsUnresolvedNotAHang) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "resource \"aws_lambda_function\" \"f\" {\n  count = 1000000000\n"
         "  tracing_config {\n    mode = count.index > 0 ? \"Active\" : \"PassThrough\"\n  }\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_NE(out.model.lambda_functions[0].tracing.unknown_reason.find("more than cloudsift evaluates"),
            std::string::npos)
      << out.model.lambda_functions[0].tracing.unknown_reason;
}

TEST(TerraformScan, ModuleChainDeeperThanTheLimitIsUnresolved) {
  io::MemoryFileSystem fs;
  std::string dir = "r";
  for (int i = 0; i < 10; ++i) {
    fs.add(dir + "/main.tf",
           "module \"next\" {\n  source = \"./d\"\n  count = 2\n}\n"
           "resource \"aws_lambda_function\" \"f\" {}\n");
    dir += "/d";
  }
  ScanOptions opts;
  opts.max_module_depth = 6;
  auto out = run(fs, "r", opts);
  // 1 + 2 + 4 + 8 + 16 + 32 functions (depth 0..5), and the calls at depth 5 cannot go deeper.
  EXPECT_EQ(out.model.lambda_functions.size(), 63u);
  ASSERT_EQ(out.model.opaque.size(), 32u);  // one per call at depth 5 (the call, not its instances)
  EXPECT_EQ(out.model.opaque[0].reason, "module-missing");
  EXPECT_NE(out.model.opaque[0].detail.find("nested deeper than 6"), std::string::npos)
      << out.model.opaque[0].detail;
}

TEST(TerraformScan, LocalCycleIsUnknownNotACrash) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "locals {\n  a = local.b\n  b = local.a\n}\n"
         "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = local.a\n  }\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_NE(out.model.lambda_functions[0].tracing.unknown_reason.find("cycle"), std::string::npos);
}

// A long chain of locals (each one element deeper than the next) ends at the evaluation depth limit,
// and values built one shallow step at a time end at the value depth limit: UNRESOLVED with the reason,
// never a stack overflow (100,000 levels crashed before).
TEST(TerraformScan, DeepReferenceChainsAreUnknownNotACrash) {
  std::string locals = "locals {\n";
  for (int i = 0; i < 100000; ++i)
    locals += "  l" + std::to_string(i) + " = [local.l" + std::to_string(i + 1) + "]\n";
  locals += "  l100000 = \"x\"\n}\n";
  io::MemoryFileSystem fs;
  fs.add("r/main.tf", locals +
                          "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n"
                          "    mode = length(local.l0) > 0 ? \"Active\" : \"x\"\n  }\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_EQ(out.model.lambda_functions[0].tracing.unknown_reason,
            "evaluating it fails: expressions and the references between them nest deeper than 500 levels");

  // Evaluated from the far end first, every step is shallow but the value grows one level per local.
  std::string short_chain = "locals {\n";
  for (int i = 0; i < 3000; ++i)
    short_chain += "  l" + std::to_string(i) + " = [local.l" + std::to_string(i + 1) + "]\n";
  short_chain += "  l3000 = \"x\"\n}\n";
  std::string far = "[";
  for (int i = 3000; i >= 0; --i) far += "local.l" + std::to_string(i) + (i ? ", " : "]");
  io::MemoryFileSystem fs2;
  fs2.add("r/main.tf", short_chain +
                           "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n"
                           "    mode = length(" +
                           far + ") > 0 ? \"Active\" : \"x\"\n  }\n}\n");
  auto out2 = run(fs2, "r");
  ASSERT_EQ(out2.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out2.model.lambda_functions[0].tracing.value, TracingMode::Unknown);
  EXPECT_EQ(out2.model.lambda_functions[0].tracing.unknown_reason,
            "evaluating it fails: a value nests collections deeper than 1000 levels");
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
  fs.add(
      "r/main.tf",
      "module \"m\" {\n  source = \"./m\"\n  count = 2\n  mode = count.index == 1 ? \"Active\" : \"x\"\n}\n"
      "module \"e\" {\n  source = \"./m\"\n  for_each = { k = \"Active\" }\n  mode = each.value\n}\n"
      "resource \"aws_lambda_function\" \"a\" {\n  tracing_config {\n    mode = module.m[1].out\n  }\n}\n"
      "resource \"aws_lambda_function\" \"b\" {\n  tracing_config {\n    mode = module.e[\"k\"].out\n  }\n}\n"
      "resource \"aws_lambda_function\" \"c\" {\n  tracing_config {\n    mode = (module.m[*].out)[1]\n  "
      "}\n}\n");
  fs.add("r/m/main.tf", "variable \"mode\" {}\noutput \"out\" {\n  value = var.mode\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 3u);
  for (const auto& f : out.model.lambda_functions)
    EXPECT_EQ(f.tracing.value, TracingMode::Active) << f.address << ": " << f.tracing.unknown_reason;
}

TEST(TerraformScan, DataSourcesAndOtherResourceTypesAreIgnored) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "data \"aws_lambda_function\" \"d\" {}\nresource \"aws_lambda_permission\" \"p\" {}\n"
         "resource \"aws_lambda_function\" \"f\" {}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.lambda_functions.size(), 1u);
  EXPECT_EQ(out.model.lambda_functions[0].address, "aws_lambda_function.f");
  EXPECT_EQ(out.model.lambda_functions[0].tracing.value, TracingMode::Absent);
}

// aws/apigateway.cpp: REST APIs, and stages that name theirs by address (with a literal instance key).
TEST(TerraformScan, RestApisAndTheStagesThatNameThem) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "resource \"aws_api_gateway_rest_api\" \"api\" {\n  count = 2\n  name = \"api-${count.index}\"\n}\n"
         "resource \"aws_api_gateway_stage\" \"s\" {\n  rest_api_id = aws_api_gateway_rest_api.api[1].id\n"
         "  stage_name = \"prod\"\n  xray_tracing_enabled = true\n}\n");
  auto out = run(fs, "r");
  ASSERT_EQ(out.model.apigateway_rest_apis.size(), 2u);
  EXPECT_EQ(out.model.apigateway_rest_apis[0].address, "aws_api_gateway_rest_api.api[0]");
  EXPECT_EQ(out.model.apigateway_rest_apis[0].type, "aws_api_gateway_rest_api");
  EXPECT_EQ(out.model.apigateway_rest_apis[0].name, "api-0");
  EXPECT_EQ(out.model.apigateway_rest_apis[1].name, "api-1");
  ASSERT_EQ(out.model.apigateway_stages.size(), 1u);
  EXPECT_EQ(out.model.apigateway_stages[0].api.address, "aws_api_gateway_rest_api.api[1]");
  EXPECT_EQ(out.model.apigateway_stages[0].stage_name, "prod");
  EXPECT_TRUE(out.model.apigateway_stages[0].tracing.value);
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

namespace cs::tf {
namespace {

// Secrets into the model: marked values reach it only as their label.
TEST(TerraformScanMarks, SensitiveVariablesOutputsAndEnvironmentAreShownByLabel) {
  io::MemoryFileSystem fs;
  fs.add("r/main.tf",
         "variable \"s\" {\n  default = \"hunter2\"\n  sensitive = true\n}\n"
         "variable \"e\" {}\n"
         "module \"m\" {\n  source = \"./m\"\n}\n"
         "resource \"aws_lambda_function\" \"var\" {\n  tracing_config {\n    mode = var.s\n  }\n}\n"
         "resource \"aws_lambda_function\" \"env\" {\n  tracing_config {\n    mode = var.e\n  }\n}\n"
         "resource \"aws_lambda_function\" \"out\" {\n  tracing_config {\n    mode = module.m.o\n  }\n}\n"
         "resource \"aws_lambda_function\" \"open\" {\n  tracing_config {\n    mode = nonsensitive(var.s)\n  "
         "}\n}\n"
         "resource \"aws_lambda_function\" \"each\" {\n  for_each = toset([var.s])\n"
         "  tracing_config {\n    mode = each.key\n  }\n}\n");
  fs.add("r/m/main.tf", "output \"o\" {\n  value = \"hunter3\"\n  sensitive = true\n}\n");
  ScanOptions opts;
  opts.tf_var_env["e"] = "hunter4";
  auto out = run(fs, "r", opts);
  std::map<std::string, const model::aws::lambda::Function*> by;
  for (const auto& f : out.model.lambda_functions) by[f.address] = &f;
  ASSERT_EQ(by.size(), 5u);
  EXPECT_EQ(by["aws_lambda_function.var"]->tracing.raw, "(sensitive)");
  EXPECT_TRUE(by["aws_lambda_function.var"]->tracing.raw_is_label);
  EXPECT_EQ(by["aws_lambda_function.env"]->tracing.raw, "(from environment)");
  EXPECT_EQ(by["aws_lambda_function.out"]->tracing.raw, "(sensitive)");
  // nonsensitive() opens it, as in Terraform.
  EXPECT_EQ(by["aws_lambda_function.open"]->tracing.raw, "hunter2");
  EXPECT_FALSE(by["aws_lambda_function.open"]->tracing.raw_is_label);
  // A sensitive for_each is Terraform's error, not an address holding the secret.
  ASSERT_TRUE(by.count("aws_lambda_function.each"));
  EXPECT_EQ(by["aws_lambda_function.each"]->tracing.value, TracingMode::Unknown);
  EXPECT_NE(
      by["aws_lambda_function.each"]->tracing.unknown_reason.find(
          "Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments"),
      std::string::npos)
      << by["aws_lambda_function.each"]->tracing.unknown_reason;
}

}  // namespace
}  // namespace cs::tf
