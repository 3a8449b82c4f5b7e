// Hostile expressions: each must end quickly as an unknown with the budget's reason (or, for regular
// expressions, with Terraform's answer), never hang, crash or take all memory.
#include "sources/terraform/budget.h"

#include <gtest/gtest.h>

#include <chrono>

#include "sources/terraform/eval.h"
#include "sources/terraform/scan.h"

namespace cs::tf {
namespace {

using model::aws::lambda::TracingMode;
using Clock = std::chrono::steady_clock;

// Scan one root module whose only function takes its mode from local.probe; return the reason the
// mode is unknown ("" when it is known).
std::string probe(const std::string& locals, EvalLimits limits = {}) {
  io::MemoryFileSystem fs;
  fs.add(
      "r/main.tf",
      "locals {\n" + locals +
          "\n}\n"
          "resource \"aws_lambda_function\" \"f\" {\n  tracing_config {\n    mode = local.probe\n  }\n}\n");
  std::map<std::string, std::unique_ptr<ModuleConfig>> mods;
  mods["r"] = load_module(fs, "r");
  ScanOptions opts;
  opts.limits = limits;
  auto out = scan_modules(fs, std::move(mods), {}, opts);
  EXPECT_EQ(out.model.lambda_functions.size(), 1u);
  if (out.model.lambda_functions.empty()) return "(no function)";
  const auto& t = out.model.lambda_functions[0].tracing;
  return t.value == TracingMode::Unknown ? t.unknown_reason : "";
}

std::string doubling(const char* step, int n, const char* first) {
  std::string s = std::string("  l0 = ") + first + "\n";
  for (int i = 1; i <= n; ++i) {
    std::string prev = "local.l" + std::to_string(i - 1);
    std::string e = step;
    for (size_t p; (p = e.find("PREV")) != std::string::npos;) e.replace(p, 4, prev);
    s += "  l" + std::to_string(i) + " = " + e + "\n";
  }
  return s + "  probe = jsonencode(local.l" + std::to_string(n) + ")\n";
}

class Budget : public ::testing::Test {
 protected:
  void SetUp() override { start_ = Clock::now(); }
  void TearDown() override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
    EXPECT_LT(ms, 20000) << "took " << ms << " ms";
  }
  Clock::time_point start_;
};

TEST_F(Budget, DoublingListsStopAtTheElementLimit) {
  EXPECT_EQ(probe(doubling("concat(PREV, PREV)", 40, "[1]")),
            "evaluation budget exceeded: value larger than 1000000 elements");
}

TEST_F(Budget, DoublingSharedTuplesStopAtTheElementLimit) {
  // [x, x] shares x: cheap to build, but 2^40 elements to walk or encode.
  EXPECT_EQ(probe(doubling("[PREV, PREV]", 40, "[1]")),
            "evaluation budget exceeded: value larger than 1000000 elements");
}

TEST_F(Budget, DoublingStringsStopAtTheTextLimit) {
  EXPECT_EQ(probe(doubling("join(\"\", [PREV, PREV])", 40, "\"ab\"")),
            "evaluation budget exceeded: value larger than 64 MiB of text");
}

TEST_F(Budget, SetproductIsMeasuredBeforeItIsBuilt) {
  EXPECT_EQ(probe("  probe = length(setproduct(range(1000), range(1000), range(1000)))"),
            "evaluation budget exceeded: value larger than 1000000 elements");
}

TEST_F(Budget, HugeForExpressionStopsAtTheStepLimit) {
  EvalLimits l;
  l.max_steps = 200000;
  EXPECT_EQ(probe("  probe = jsonencode([for i in range(1000) : [for j in range(1000) : i * j]])", l),
            "evaluation budget exceeded: more than 200000 evaluation steps in one root module");
}

TEST_F(Budget, FormatWidthAndStringBuildersAreMeasuredFirst) {
  const char* want = "evaluation budget exceeded: value larger than 64 MiB of text";
  EXPECT_EQ(probe("  probe = format(\"%0999999999d\", 1)"), want);
  EXPECT_EQ(probe("  s = join(\"\", [for i in range(1024) : \"0123456789abcdef\"])\n"
                  "  t = join(\"\", [for i in range(1024) : local.s])\n"
                  "  probe = replace(local.t, \"0\", local.t)"),
            want);
  EXPECT_EQ(probe("  s = join(\"\", [for i in range(1024) : \"0123456789abcdef\"])\n"
                  "  probe = indent(1000000000, \"a\\nb\")"),
            want);
}

TEST_F(Budget, ReferencesNestedTooDeepAreUnknown) {
  std::string chain;
  for (int i = 0; i < 3000; ++i)
    chain += "  c" + std::to_string(i) + " = local.c" + std::to_string(i + 1) + "\n";
  chain += "  c3000 = \"Active\"\n  probe = local.c0";
  EXPECT_EQ(probe(chain),
            "evaluating it fails: expressions and the references between them nest deeper than 500 levels");
}

TEST_F(Budget, RealisticValuesFit) {
  EXPECT_EQ(probe("  m = { for i in range(1000) : \"k${i}\" => { name = \"fn-${i}\", tags = { a = i } } }\n"
                  "  probe = length(local.m) == 1000 ? \"Active\" : \"x\""),
            "");
}

// ---------- regular expressions: RE2, linear time ----------

class Regex : public Budget {
 protected:
  Value call(std::string_view name, std::vector<Value> args) { return call_function(name, args, ctx); }
  EvalContext ctx;
};

TEST_F(Regex, NestedQuantifierIsLinear) {
  // Exponential for a backtracking engine.
  Value v = call("regex", {Value::string("(a+)+$"), Value::string(std::string(30, 'a') + "!")});
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.reason().find("pattern did not match any part of the given string"), std::string::npos);
  Value all = call("regexall", {Value::string("(a|aa)+$"), Value::string(std::string(5000, 'a') + "!")});
  ASSERT_TRUE(all.is_known());
  EXPECT_EQ(all.items().size(), 0u);
}

TEST_F(Regex, LongStringsDoNotOverflowTheStack) {
  std::string s(20000, 'a');
  Value v = call("regex", {Value::string("(a|b)*c?$"), Value::string(s)});
  ASSERT_TRUE(v.is_known()) << v.reason();
  EXPECT_EQ(v.items()[0].as_string(), "a");
  Value all = call("regexall", {Value::string("a"), Value::string(s)});
  EXPECT_EQ(all.items().size(), 20000u);
}

TEST_F(Regex, GoSyntaxAndErrors) {
  Value mixed = call("regex", {Value::string("(?P<a>x)(y)"), Value::string("xy")});
  ASSERT_TRUE(mixed.is_error());
  EXPECT_NE(mixed.reason().find("cannot mix both named and unnamed capture groups"), std::string::npos);
  EXPECT_TRUE(call("regex", {Value::string("\\C"), Value::string("a")}).is_error());      // Go rejects \C
  EXPECT_TRUE(call("regex", {Value::string("a++"), Value::string("a")}).is_error());      // no possessive
  EXPECT_TRUE(call("regex", {Value::string("(a)\\1"), Value::string("aa")}).is_error());  // no backrefs
  // Unnamed groups are a tuple, with null for a group that did not take part.
  Value t = call("regex", {Value::string("(x)(y)?"), Value::string("x")});
  ASSERT_EQ(t.kind(), Value::Kind::Tuple);
  EXPECT_TRUE(t.items()[1].is_null());
}

TEST_F(Regex, EmptyMatchesAdvanceByCodePointAsInGo) {
  EXPECT_EQ(call("regexall", {Value::string(""), Value::string("\xc3\xa9")}).items().size(), 2u);
  EXPECT_EQ(call("regexall", {Value::string("x*"), Value::string("abc")}).items().size(), 4u);
  EXPECT_EQ(call("replace", {Value::string("abc"), Value::string("/x*/"), Value::string("-")}).as_string(),
            "-a-b-c-");
  EXPECT_EQ(call("replace", {Value::string("aaa"), Value::string("/a*/"), Value::string("-")}).as_string(),
            "-");
}

TEST_F(Regex, ReplacementTemplateIsGos) {
  Value v = call("replace", {Value::string("abc"), Value::string("/(?P<x>b)/"),
                             Value::string("[$x][${x}][$1x][${1}x][$$][$][${x-y}]")});
  EXPECT_EQ(v.as_string(), "a[b][b][][bx][$][$][${x-y}]c");
}

TEST_F(Regex, QuadraticSearchesAreBounded) {
  // Every search from each position reads to the end of the text: the budget stops it.
  std::string s(1 << 20, 'a');
  Value v = call("regexall", {Value::string("a(?:.*b)?"), Value::string(s)});
  ASSERT_TRUE(v.is_unknown());
  EXPECT_NE(v.reason().find("evaluation budget exceeded"), std::string::npos) << v.reason();
}

}  // namespace
}  // namespace cs::tf
