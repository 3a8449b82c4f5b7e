#include "sources/tfplan/tfplan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sources/terraform/config.h"
#include "sources/terraform/scan.h"

namespace cs::tfplan {
namespace {

using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;

// The verdict and reason lambda_notracing gives each mode (checks/lambda_notracing: one per mode).
std::string verdict(const Function& f) {
  switch (f.tracing.value) {
    case TracingMode::Absent:
      return "FAIL absent";
    case TracingMode::PassThrough:
      return "FAIL passthrough";
    case TracingMode::Invalid:
      return "FAIL invalid";
    case TracingMode::Active:
      return "PASS active";
    case TracingMode::Unknown:
      return "UNRESOLVED unknown";
  }
  return "?";
}

std::map<std::string, std::string> verdicts(const model::Model& m) {
  std::map<std::string, std::string> out;
  for (const auto& f : m.lambda_functions) out[f.address] = verdict(f);
  return out;
}

struct Out {
  model::Model model;
  Diagnostics diags;
  const Function* fn(const std::string& address) const {
    for (const auto& f : model.lambda_functions)
      if (f.address == address) return &f;
    return nullptr;
  }
};

Out run(const io::FileSystem& fs, const std::string& path) {
  Out o;
  auto content = fs.read(path);
  EXPECT_TRUE(content.ok()) << path;
  if (!content) return o;
  EXPECT_NE(detect(path, *content), Kind::None) << path;
  scan(fs, path, std::move(*content), o.model, o.diags);
  return o;
}

Out run_text(const std::string& path, const std::string& text) {
  io::MemoryFileSystem fs;
  fs.add(path, text);
  return run(fs, path);
}

// A plan with one resource change for an aws_lambda_function and its configuration.
std::string plan_one(const std::string& actions, const std::string& after, const std::string& after_unknown,
                     const std::string& config_expressions, const std::string& fv = "1.2") {
  std::string p = R"({"format_version":")" + fv + R"(","terraform_version":"1.11.4",
"resource_changes":[{"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","name":"f",
"change":{"actions":)" +
                  actions + R"(,"before":null,"after":)" + after + R"(,"after_unknown":)" + after_unknown +
                  R"(}}])";
  if (!config_expressions.empty())
    p += R"(,"configuration":{"root_module":{"resources":[{"address":"aws_lambda_function.f","mode":"managed",
"type":"aws_lambda_function","name":"f","expressions":)" +
         config_expressions + "}]}}";
  return p + "}";
}

TEST(TfplanDetect, PlanStateAndOthers) {
  EXPECT_EQ(detect("p.json", R"({"format_version":"1.2","terraform_version":"1.9.0","planned_values":{}})"),
            Kind::Plan);
  EXPECT_EQ(detect("p.json", R"({"format_version":"1.0","resource_changes":[]})"), Kind::Plan);
  EXPECT_EQ(
      detect("p.json", "\xEF\xBB\xBF  {\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"vari"),
      Kind::Plan);  // truncated: still ours, so that the parse error is reported
  EXPECT_EQ(detect("s.json", R"({"format_version":"1.0","values":{"root_module":{}}})"), Kind::State);
  EXPECT_EQ(detect("s.json",
                   R"({"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","resources":[]})"),
            Kind::State);
  EXPECT_EQ(detect("terraform.tfstate", ""), Kind::State);
  EXPECT_EQ(detect("t.json", R"({"AWSTemplateFormatVersion":"2010-09-09","Resources":{}})"), Kind::None);
  EXPECT_EQ(detect("t.json", R"(["format_version","resource_changes"])"), Kind::None);
  EXPECT_EQ(detect("package.json", R"({"name":"x","version":"1.0.0"})"), Kind::None);
}

TEST(TfplanActions, DeleteIsNotAFindingReplaceIs) {
  const std::string after = R"({"tracing_config":[{"mode":"PassThrough"}]})";
  const std::string cfg = R"({"tracing_config":[{"mode":{"constant_value":"PassThrough"}}]})";
  for (const char* a : {R"(["create"])", R"(["update"])", R"(["no-op"])", R"(["delete","create"])",
                        R"(["create","delete"])", R"(["read"])"}) {
    Out o = run_text("plan.json", plan_one(a, after, "{}", cfg));
    ASSERT_EQ(o.model.lambda_functions.size(), 1u) << a;
    EXPECT_EQ(verdict(o.model.lambda_functions[0]), "FAIL passthrough") << a;
    EXPECT_EQ(o.model.lambda_functions[0].kind, "terraform-plan");
    EXPECT_TRUE(o.diags.empty()) << a;
  }
  for (const char* a : {R"(["delete"])", R"(["forget"])"}) {
    Out o = run_text("plan.json", plan_one(a, "null", "false", cfg));
    EXPECT_TRUE(o.model.lambda_functions.empty()) << a;
    EXPECT_TRUE(o.diags.empty()) << a;
  }
}

TEST(TfplanActions, DeposedAndDataAreSkipped) {
  std::string p = R"({"format_version":"1.2","resource_changes":[
{"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","name":"f","deposed":"00aa",
 "change":{"actions":["delete"],"before":{},"after":null}},
{"address":"aws_lambda_function.g","mode":"managed","type":"aws_lambda_function","name":"g","deposed":"00bb",
 "change":{"actions":["no-op"],"before":{},"after":{}}},
{"address":"data.aws_lambda_function.d","mode":"data","type":"aws_lambda_function","name":"d",
 "change":{"actions":["read"],"before":null,"after":{},"after_unknown":{"tracing_config":true}}}]})";
  Out o = run_text("plan.json", p);
  EXPECT_TRUE(o.model.lambda_functions.empty());
}

TEST(TfplanUnknown, ComputedBlockWithoutConfigurationIsAbsent) {
  Out o = run_text("plan.json", plan_one(R"(["create"])", R"({"function_name":"f"})",
                                         R"({"arn":true,"tracing_config":true})",
                                         R"({"function_name":{"constant_value":"f"}})"));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "FAIL absent");
  EXPECT_EQ(o.model.lambda_functions[0].tracing.origin, model::Origin::Default);
}

// On update the provider keeps the prior mode when the configuration sets none, so an unknown
// tracing_config with nothing in the configuration comes from a dynamic block (which the configuration
// representation never shows): UNRESOLVED, not absent. A replace is a create: absent.
TEST(TfplanUnknown, UnknownOnUpdateWithoutVisibleBlockIsADynamicBlock) {
  for (const char* actions : {R"(["update"])", R"(["no-op"])"}) {
    Out o = run_text("plan.json", plan_one(actions, R"({"function_name":"f"})", R"({"tracing_config":true})",
                                           R"({"function_name":{"constant_value":"f"}})"));
    ASSERT_EQ(o.model.lambda_functions.size(), 1u);
    EXPECT_EQ(verdict(o.model.lambda_functions[0]), "UNRESOLVED unknown") << actions;
    EXPECT_NE(o.model.lambda_functions[0].tracing.unknown_reason.find("dynamic \"tracing_config\" block"),
              std::string::npos);
  }
  Out o = run_text("plan.json",
                   plan_one(R"(["delete","create"])", R"({"function_name":"f"})",
                            R"({"tracing_config":true})", R"({"function_name":{"constant_value":"f"}})"));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "FAIL absent");
}

TEST(TfplanUnknown, ModeFromAnUnknownValueIsUnresolved) {
  // Both shapes of after_unknown: the whole block list, or only its mode.
  for (const char* au : {R"({"tracing_config":true})", R"({"tracing_config":[{"mode":true}]})"}) {
    Out o = run_text(
        "plan.json",
        plan_one(
            R"(["create"])", R"({"tracing_config":[{}]})", au,
            R"({"tracing_config":[{"mode":{"references":["aws_ssm_parameter.mode.value","aws_ssm_parameter.mode"]}}]})"));
    ASSERT_EQ(o.model.lambda_functions.size(), 1u) << au;
    const Function& f = o.model.lambda_functions[0];
    EXPECT_EQ(verdict(f), "UNRESOLVED unknown") << au;
    EXPECT_NE(f.tracing.unknown_reason.find("aws_ssm_parameter.mode.value"), std::string::npos)
        << f.tracing.unknown_reason;
  }
}

TEST(TfplanUnknown, ModeUnknownWithoutVisibleBlockIsUnresolved) {
  // The block count is known but its mode is not: something (a dynamic block) sets it.
  Out o = run_text("plan.json", plan_one(R"(["create"])", R"({"tracing_config":[{}]})",
                                         R"({"tracing_config":[{"mode":true}]})", R"({})"));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "UNRESOLVED unknown");
}

TEST(TfplanUnknown, NoConfigurationIsUnresolved) {
  Out o = run_text("plan.json", plan_one(R"(["create"])", R"({})", R"({"tracing_config":true})", ""));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "UNRESOLVED unknown");
  EXPECT_NE(o.model.lambda_functions[0].tracing.unknown_reason.find("no configuration"), std::string::npos);
}

TEST(TfplanUnknown, ConstantInConfigurationWins) {
  Out o = run_text("plan.json", plan_one(R"(["create"])", R"({})", R"({"tracing_config":true})",
                                         R"({"tracing_config":[{"mode":{"constant_value":"Active"}}]})"));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "PASS active");
}

TEST(TfplanAfter, ValuesAsTheProviderSeesThem) {
  struct Case {
    const char* after;
    const char* want;
    const char* raw;
  } cases[] = {
      {R"({"tracing_config":[]})", "FAIL absent", ""},
      {R"({})", "FAIL absent", ""},
      {R"({"tracing_config":[{"mode":"Active"}]})", "PASS active", "Active"},
      {R"({"tracing_config":[{"mode":"PassThrough"}]})", "FAIL passthrough", "PassThrough"},
      {R"({"tracing_config":[{"mode":"active"}]})", "FAIL invalid", "active"},
      {R"({"tracing_config":[{"mode":null}]})", "FAIL invalid", "null"},
      {R"({"tracing_config":[{"mode":7}]})", "FAIL invalid", "7"},
      {R"({"tracing_config":[{"mode":"Active"},{"mode":"Active"}]})", "FAIL invalid", ""},
  };
  for (const auto& c : cases) {
    Out o = run_text("plan.json", plan_one(R"(["create"])", c.after, "{}",
                                           R"({"tracing_config":[{"mode":{"references":["var.m"]}}]})"));
    ASSERT_EQ(o.model.lambda_functions.size(), 1u) << c.after;
    EXPECT_EQ(verdict(o.model.lambda_functions[0]), c.want) << c.after;
    EXPECT_EQ(o.model.lambda_functions[0].tracing.raw, c.raw) << c.after;
  }
}

TEST(TfplanAfter, ExistingFunctionWithoutConfigurationIsAbsentNotPassThrough) {
  // On update/no-op the provider keeps the PassThrough it read back; the configuration sets nothing.
  Out o = run_text("plan.json", plan_one(R"(["update"])", R"({"tracing_config":[{"mode":"PassThrough"}]})",
                                         "{}", R"({"function_name":{"constant_value":"f"}})"));
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "FAIL absent");
  // On create a known PassThrough comes from the configuration (a dynamic block, not shown in it).
  o = run_text("plan.json", plan_one(R"(["create"])", R"({"tracing_config":[{"mode":"PassThrough"}]})", "{}",
                                     R"({"function_name":{"constant_value":"f"}})"));
  EXPECT_EQ(verdict(o.model.lambda_functions[0]), "FAIL passthrough");
}

TEST(TfplanVersion, AcceptsZeroAndOneRejectsOthers) {
  for (const char* fv : {"0.1", "0.2", "1.0", "1.2", "1.99"}) {
    Out o = run_text("plan.json",
                     plan_one(R"(["create"])", R"({"tracing_config":[{"mode":"Active"}]})", "{}", "", fv));
    EXPECT_TRUE(o.diags.empty()) << fv;
    EXPECT_EQ(o.model.lambda_functions.size(), 1u) << fv;
  }
  Out o = run_text("plan.json",
                   plan_one(R"(["create"])", R"({"tracing_config":[{"mode":"Active"}]})", "{}", "", "2.0"));
  EXPECT_TRUE(o.model.lambda_functions.empty());
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].severity, Severity::Error);
  EXPECT_EQ(o.diags[0].line, 1u);
  EXPECT_EQ(o.diags[0].message,
            "unsupported Terraform plan JSON format_version \"2.0\" (major version 2; cloudsift reads major "
            "versions 0 "
            "and 1)");
  o = run_text("plan.json", plan_one(R"(["create"])", "{}", "{}", "", "one"));
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].message,
            "Terraform plan JSON has an invalid format_version \"one\" (expected \"MAJOR.MINOR\")");
}

TEST(TfplanPositions, PointsAtThePlanWithTheJsonPath) {
  std::string p =
      "{\"format_version\": \"1.2\",\n\"resource_changes\": [\n"
      "{\"address\": \"aws_iam_role.r\", \"mode\": \"managed\", \"type\": \"aws_iam_role\", \"name\": "
      "\"r\",\n"
      " \"change\": {\"actions\": [\"create\"], \"after\": {}}},\n"
      "  {\"address\": \"aws_lambda_function.f\", \"mode\": \"managed\", \"type\": \"aws_lambda_function\",\n"
      "   \"name\": \"f\", \"change\": {\"actions\": [\"create\"],\n"
      "   \"after\": {\"tracing_config\": [{\"mode\": \"PassThrough\"}]}}}\n]}\n";
  Out o = run_text("dir/plan.json", p);
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  const Function& f = o.model.lambda_functions[0];
  EXPECT_EQ(f.declared.file, "dir/plan.json");
  EXPECT_EQ(f.declared.line, 5u);
  EXPECT_EQ(f.declared.col, 3u);
  EXPECT_TRUE(f.tracing.where.empty());
  EXPECT_EQ(f.note, "plan [create], resource_changes[1].change.after.tracing_config[0].mode");
}

TEST(TfplanPositions, MapsToTheTfFilesBesideThePlan) {
  io::MemoryFileSystem fs;
  fs.add("infra/main.tf",
         "module \"api\" {\n"
         "  source   = \"./mod\"\n"
         "  for_each = toset([\"x\"])\n"
         "}\n"
         "resource \"aws_lambda_function\" \"plain\" {\n"
         "}\n");
  fs.add("infra/mod/fn.tf",
         "variable \"m\" { default = \"Active\" }\n"
         "\n"
         "resource \"aws_lambda_function\" \"this\" {\n"
         "  count = 1\n"
         "  tracing_config {\n"
         "    mode = var.m\n"
         "  }\n"
         "}\n");
  fs.add("infra/plan.json", R"({"format_version":"1.2","resource_changes":[
{"address":"module.api[\"x\"].aws_lambda_function.this[0]","module_address":"module.api[\"x\"]","mode":"managed",
 "type":"aws_lambda_function","name":"this","index":0,
 "change":{"actions":["create"],"after":{"tracing_config":[{"mode":"Active"}]},"after_unknown":{}}},
{"address":"aws_lambda_function.plain","mode":"managed","type":"aws_lambda_function","name":"plain",
 "change":{"actions":["create"],"after":{},"after_unknown":{"tracing_config":true}}},
{"address":"aws_lambda_function.elsewhere","mode":"managed","type":"aws_lambda_function","name":"elsewhere",
 "change":{"actions":["create"],"after":{"tracing_config":[{"mode":"Active"}]},"after_unknown":{}}}],
"configuration":{"root_module":{"resources":[{"mode":"managed","type":"aws_lambda_function","name":"plain",
 "expressions":{}}],"module_calls":{"api":{"source":"./mod","module":{"resources":[{"mode":"managed",
 "type":"aws_lambda_function","name":"this","expressions":{"tracing_config":[{"mode":{"references":["var.m"]}}]}}]}}}}}})");
  Out o = run(fs, "infra/plan.json");
  EXPECT_TRUE(o.diags.empty());
  const Function* f = o.fn("module.api[\"x\"].aws_lambda_function.this[0]");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(verdict(*f), "PASS active");
  EXPECT_EQ(f->declared.file, "infra/mod/fn.tf");
  EXPECT_EQ(f->declared.line, 3u);
  EXPECT_EQ(f->tracing.where.file, "infra/mod/fn.tf");
  EXPECT_EQ(f->tracing.where.line, 6u);
  // The module call it comes through, so a directive on the call covers the plan's result too.
  ASSERT_EQ(f->enclosing.size(), 1u);
  EXPECT_EQ(f->enclosing[0].file, "infra/main.tf");
  EXPECT_EQ(f->enclosing[0].line, 1u);
  EXPECT_EQ(f->enclosing[0].end_line, 4u);
  f = o.fn("aws_lambda_function.plain");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(verdict(*f), "FAIL absent");
  EXPECT_EQ(f->declared.file, "infra/main.tf");
  EXPECT_EQ(f->declared.line, 5u);
  EXPECT_TRUE(f->enclosing.empty());
  // Not in the .tf files: the plan itself.
  f = o.fn("aws_lambda_function.elsewhere");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->declared.file, "infra/plan.json");
  EXPECT_EQ(f->declared.line, 7u);
}

TEST(TfplanPositions, DynamicBlockInTheTfDecidesUnknown) {
  io::MemoryFileSystem fs;
  fs.add("main.tf",
         "resource \"aws_lambda_function\" \"f\" {\n"
         "  dynamic \"tracing_config\" {\n"
         "    for_each = aws_ssm_parameter.p.value == \"\" ? [] : [1]\n"
         "    content {\n"
         "      mode = aws_ssm_parameter.p.value\n"
         "    }\n"
         "  }\n"
         "}\n");
  fs.add("plan.json", plan_one(R"(["create"])", "{}", R"({"tracing_config":true})", "{}"));
  Out o = run(fs, "plan.json");
  ASSERT_EQ(o.model.lambda_functions.size(), 1u);
  const Function& f = o.model.lambda_functions[0];
  EXPECT_EQ(verdict(f), "UNRESOLVED unknown");
  EXPECT_EQ(f.tracing.where.file, "main.tf");
  EXPECT_EQ(f.tracing.where.line, 5u);
}

TEST(TfplanErrors, TruncatedPlanIsADiagnosticWithPosition) {
  Out o = run_text("plan.json", "{\"format_version\":\"1.2\",\n\"resource_changes\":[{\"address\":\"aws_la");
  EXPECT_TRUE(o.model.lambda_functions.empty());
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].severity, Severity::Error);
  EXPECT_EQ(o.diags[0].file, "plan.json");
  EXPECT_EQ(o.diags[0].line, 2u);
}

TEST(TfplanErrors, NotAnObjectOrBadShapes) {
  Out o = run_text("x.tfstate", "[1]");
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].message, "a Terraform plan or state must be a JSON object, got array");
  o = run_text("plan.json", R"({"format_version":"1.0","resource_changes":{}})");
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].message, "resource_changes must be an array, got object");
  o = run_text("empty.tfstate", "\n");
  EXPECT_TRUE(o.diags.empty());
  // Garbage in the right places never crashes and never invents functions without addresses.
  o = run_text("plan.json", R"({"format_version":"1.0","resource_changes":[1,null,{"mode":"managed",
"type":"aws_lambda_function","change":{"actions":["create"],"after":{}}},{"address":"???","mode":"managed",
"type":"aws_lambda_function","change":{"actions":"create"}}],"configuration":[]})");
  EXPECT_TRUE(o.model.lambda_functions.empty());
  EXPECT_EQ(o.diags.size(), 2u);
}

TEST(TfstateShowJson, ModulesAndInstances) {
  Out o =
      run_text("state.json", R"({"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{
"resources":[{"address":"aws_lambda_function.a","mode":"managed","type":"aws_lambda_function","name":"a",
 "values":{"tracing_config":[{"mode":"Active"}]}},
 {"address":"data.aws_lambda_function.d","mode":"data","type":"aws_lambda_function","name":"d","values":{}}],
"child_modules":[{"address":"module.m[\"k\"]","resources":[{"address":"module.m[\"k\"].aws_lambda_function.b[0]",
 "mode":"managed","type":"aws_lambda_function","name":"b","index":0,"values":{"tracing_config":[{"mode":"PassThrough"}]}}],
 "child_modules":[{"address":"module.m[\"k\"].module.n","resources":[{"address":"module.m[\"k\"].module.n.aws_lambda_function.c",
 "mode":"managed","type":"aws_lambda_function","name":"c","values":{"tracing_config":[]}}]}]}]}}})");
  EXPECT_TRUE(o.diags.empty());
  auto v = verdicts(o.model);
  EXPECT_EQ(v, (std::map<std::string, std::string>{
                   {"aws_lambda_function.a", "PASS active"},
                   {"module.m[\"k\"].aws_lambda_function.b[0]", "FAIL passthrough"},
                   {"module.m[\"k\"].module.n.aws_lambda_function.c", "FAIL absent"}}));
  EXPECT_EQ(o.model.lambda_functions[0].kind, "terraform-state");
  EXPECT_EQ(o.fn("module.m[\"k\"].aws_lambda_function.b[0]")->note,
            "state, values.root_module.child_modules[0].resources[0].values.tracing_config[0].mode");
}

TEST(TfstateRaw, Version4) {
  Out o = run_text("terraform.tfstate", R"({"version":4,"terraform_version":"1.9.0","serial":3,"lineage":"l",
"outputs":{},"resources":[
{"mode":"managed","type":"aws_lambda_function","name":"a","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
 "instances":[{"schema_version":0,"attributes":{"tracing_config":[{"mode":"Active"}]}}]},
{"module":"module.api[\"x\"]","mode":"managed","type":"aws_lambda_function","name":"b",
 "instances":[{"index_key":0,"attributes":{"tracing_config":[{"mode":"PassThrough"}]}},
              {"index_key":1,"deposed":"abcd","attributes":{"tracing_config":[{"mode":"PassThrough"}]}},
              {"index_key":"k\"q","attributes":{}}]},
{"mode":"data","type":"aws_lambda_function","name":"d","instances":[{"attributes":{}}]}]})");
  EXPECT_TRUE(o.diags.empty());
  EXPECT_EQ(verdicts(o.model), (std::map<std::string, std::string>{
                                   {"aws_lambda_function.a", "PASS active"},
                                   {"module.api[\"x\"].aws_lambda_function.b[0]", "FAIL passthrough"},
                                   {"module.api[\"x\"].aws_lambda_function.b[\"k\\\"q\"]", "FAIL absent"}}));
  o = run_text("terraform.tfstate",
               R"({"version":3,"terraform_version":"0.11.14","serial":1,"lineage":"l","modules":[]})");
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags[0].message,
            "unsupported Terraform state version 3 (cloudsift reads version 4, written by Terraform 0.12 and "
            "later)");
}

// The plan JSON of a configuration and the configuration itself get the same verdict per address.
struct Pair {
  const char* tf_case;
  const char* plan_case;
  std::vector<tf::VarArg> vars;
  std::set<std::string> tf_only_opaque;  // module-missing results: no plan can be made with them
};

TEST(TfplanAgreement, PlanAndConfigurationAgree) {
  const std::string root = CS_SOURCE_DIR "/tests/fixtures/lambda_notracing/";
  std::vector<Pair> pairs = {
      {"verdicts", "verdicts", {}, {}},
      {"count_for_each", "count_for_each", {tf::VarArg{false, "n", "2"}}, {}},
      {"modules", "modules", {}, {"module.remote_other", "module.missing_local"}},
  };
  for (const auto& p : pairs) {
    const io::FileSystem& fs = io::disk();
    std::string dir = root + "terraform/" + p.tf_case;
    std::map<std::string, std::unique_ptr<tf::ModuleConfig>> mods;
    mods[dir] = tf::load_module(fs, dir);
    tf::ScanOptions opts;
    opts.var_args = p.vars;
    tf::ScanOutput tout = tf::scan_modules(fs, std::move(mods), {}, opts);
    std::set<std::string> opaque;
    for (const auto& oc : tout.model.opaque) opaque.insert(oc.address);
    EXPECT_EQ(opaque, p.tf_only_opaque) << p.tf_case;

    Out plan = run(fs, root + "tfplan/" + p.plan_case + "/plan.json");
    EXPECT_TRUE(plan.diags.empty()) << p.plan_case;
    auto want = verdicts(tout.model);
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(verdicts(plan.model), want) << p.tf_case;
  }
}

}  // namespace
}  // namespace cs::tfplan
