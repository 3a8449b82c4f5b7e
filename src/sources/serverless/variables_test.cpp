#include "sources/serverless/variables.h"

#include <gtest/gtest.h>

#include "sources/common/document.h"

namespace cs::sls {
namespace {

using K = Value::Kind;

struct Fixture {
  io::MemoryFileSystem fs;
  Options opts;
  std::unique_ptr<yaml::Document> doc;
  std::unique_ptr<Resolver> r;

  explicit Fixture(const std::string& yml, Options o = {}) : opts(std::move(o)) {
    doc = sources::parse_document("svc/serverless.yml", yml);
    r = std::make_unique<Resolver>(fs, *doc, opts);
  }
  Value at(std::string_view path) { return r->self(path); }
  Value text(std::string_view s) { return r->resolve_text(s); }
};

const char* kBase =
    "service: s\n"
    "provider:\n"
    "  name: aws\n"
    "  stage: ${opt:stage, 'dev'}\n"
    "custom:\n"
    "  mode: Active\n"
    "  enabled: true\n"
    "  count: 3\n"
    "  alias: ${self:custom.mode}\n"
    "  chain: ${self:custom.alias}\n"
    "  nested:\n"
    "    dev: PassThrough\n"
    "    prod: Active\n"
    "  list: [a, b]\n"
    "  nothing: null\n";

TEST(SlsVariables, SelfPathsAndChains) {
  Fixture f(kBase);
  Value v = f.at("custom.mode");
  EXPECT_EQ(v.kind, K::String);
  EXPECT_EQ(v.text, "Active");
  EXPECT_FALSE(v.via_variable);
  v = f.at("custom.chain");
  EXPECT_EQ(v.text, "Active");
  EXPECT_TRUE(v.via_variable);
  EXPECT_EQ(f.at("custom.enabled").kind, K::Bool);
  EXPECT_EQ(f.at("custom.count").kind, K::Number);
  EXPECT_EQ(f.at("custom.list.1").text, "b");
  EXPECT_TRUE(f.at("custom.list.7").is_null());
  EXPECT_TRUE(f.at("custom.missing").is_null());
  EXPECT_EQ(f.text("${self:custom.nested.${self:provider.stage}}").text, "PassThrough");
  EXPECT_EQ(f.text("${self:}").kind, K::Map);
  EXPECT_EQ(f.text("${self:custom.list}").kind, K::Seq);
  // A whole-string variable keeps its type; inside a string it becomes text.
  EXPECT_EQ(f.text("${self:custom.enabled}").kind, K::Bool);
  EXPECT_EQ(f.text("x-${self:custom.enabled}-${self:custom.count}").text, "x-true-3");
  Value u = f.text("${self:custom.missing}");
  EXPECT_TRUE(u.is_unknown());
  EXPECT_EQ(u.text, "${self:custom.missing} has no value");
  EXPECT_TRUE(f.text("${self:custom.nothing}").is_unknown());
  EXPECT_TRUE(f.text("a ${self:custom.list} b").is_unknown());
}

TEST(SlsVariables, OptStageAndRegionWithDefaults) {
  Fixture f(kBase);
  EXPECT_EQ(f.text("${opt:stage, 'dev'}").text, "dev");
  EXPECT_EQ(f.text("${opt:stage, \"qa, x\"}").text, "qa, x");
  EXPECT_EQ(f.text("${opt:stage, ${self:custom.mode}}").text, "Active");
  EXPECT_EQ(f.text("${opt:stage, ${opt:region, 'r'}}").text, "r");
  EXPECT_EQ(f.text("${opt:stage, ${opt:region}, 'last'}").text, "last");
  Value n = f.text("${opt:stage, 42}");
  EXPECT_EQ(n.kind, K::Number);
  EXPECT_EQ(n.text, "42");
  Value b = f.text("${opt:stage, true}");
  EXPECT_EQ(b.kind, K::Bool);
  EXPECT_TRUE(b.boolean);
  Value u = f.text("${opt:stage}");
  ASSERT_TRUE(u.is_unknown());
  EXPECT_EQ(u.text, "${opt:stage} has no value and no default (use --stage)");
  u = f.text("${opt:region}");
  EXPECT_EQ(u.text, "${opt:region} has no value and no default (use --region)");
  EXPECT_TRUE(f.text("prefix-${opt:stage}").is_unknown());
  EXPECT_EQ(f.text("prefix-${opt:stage, 'dev'}-suffix").text, "prefix-dev-suffix");
  // Bare words are not fallbacks in v3.
  EXPECT_TRUE(f.text("${opt:stage, dev}").is_unknown());

  Options o;
  o.stage = "prod";
  o.region = "eu-west-1";
  Fixture g(kBase, o);
  EXPECT_EQ(g.text("${opt:stage}").text, "prod");
  EXPECT_EQ(g.text("${opt:region, 'x'}").text, "eu-west-1");
  EXPECT_EQ(g.text("${self:custom.nested.${opt:stage}}").text, "Active");
  EXPECT_EQ(g.text("${sls:stage}").text, "prod");
  EXPECT_EQ(g.text("${aws:region}").text, "eu-west-1");
}

TEST(SlsVariables, SlsStageFollowsProviderStage) {
  Fixture f("service: s\nprovider:\n  name: aws\n  stage: qa\n");
  EXPECT_EQ(f.text("${sls:stage}").text, "qa");
  Fixture g("service: s\nprovider:\n  name: aws\n");
  EXPECT_EQ(g.text("${sls:stage}").text, "dev");
  EXPECT_EQ(g.text("${aws:region}").text, "us-east-1");
  Fixture h("service: s\nprovider:\n  name: aws\n  stage: ${opt:stage}\n");
  Value u = h.text("${sls:stage}");
  ASSERT_TRUE(u.is_unknown());
  EXPECT_NE(u.text.find("use --stage"), std::string::npos);
  Fixture loop("service: s\nprovider:\n  name: aws\n  stage: ${sls:stage}\n");
  EXPECT_TRUE(loop.text("${sls:stage}").is_unknown());
}

TEST(SlsVariables, Params) {
  const char* yml =
      "service: s\n"
      "provider: {name: aws}\n"
      "params:\n"
      "  prod: {tracing: Active}\n"
      "  default: {tracing: PassThrough, other: x}\n";
  Fixture f(yml);
  EXPECT_EQ(f.text("${param:tracing}").text, "PassThrough");
  EXPECT_EQ(f.text("${param:other}").text, "x");
  Value u = f.text("${param:none}");
  ASSERT_TRUE(u.is_unknown());
  EXPECT_EQ(u.text,
            "${param:none} has no value and no default (use --param none=VALUE, or set params.dev.none or "
            "params.default.none)");
  EXPECT_EQ(f.text("${param:none, 'd'}").text, "d");
  Options o;
  o.stage = "prod";
  Fixture g(yml, o);
  EXPECT_EQ(g.text("${param:tracing}").text, "Active");
  o.params["tracing"] = "true";
  Fixture h(yml, o);
  EXPECT_EQ(h.text("${param:tracing}").text, "true");
  Fixture dash("service: s\norg: acme\napp: a\nprovider: {name: aws}\n");
  Value d = dash.text("${param:x}");
  ASSERT_TRUE(d.is_unknown());
  EXPECT_NE(d.text.find("Serverless Dashboard"), std::string::npos);
}

TEST(SlsVariables, EnvOnlyWhenAllowed) {
  Fixture f(kBase);
  Value u = f.text("${env:TRACING}");
  ASSERT_TRUE(u.is_unknown());
  EXPECT_NE(u.text.find("--env-vars"), std::string::npos);
  EXPECT_TRUE(f.text("${env:TRACING, 'Active'}").is_unknown());  // the variable may be set
  Options o;
  o.env_vars = true;
  o.env["TRACING"] = "Active";
  Fixture g(kBase, o);
  EXPECT_EQ(g.text("${env:TRACING}").text, "Active");
  EXPECT_EQ(g.text("${env:UNSET, 'PassThrough'}").text, "PassThrough");
  Value m = g.text("${env:UNSET}");
  ASSERT_TRUE(m.is_unknown());
  EXPECT_NE(m.text.find("UNSET is not set"), std::string::npos);
  EXPECT_EQ(g.text("${strToBool(${env:TRACING_ON, 'true'})}").kind, K::Bool);
}

TEST(SlsVariables, Files) {
  Fixture f(
      "service: s\nprovider: {name: aws}\ncustom: ${file(./custom.yml)}\n"
      "a: ${file(./conf/${opt:stage, 'dev'}.json):tracing}\n");
  f.fs.add("svc/custom.yml", "mode: Active\nself_ref: ${self:provider.name}\nlist: [1]\n");
  f.fs.add("svc/conf/dev.json", "{\"tracing\": \"PassThrough\"}");
  f.fs.add("svc/bad.yml", "a: [\n");
  f.fs.add("svc/plain.txt", "Active");
  EXPECT_EQ(f.at("custom.mode").text, "Active");
  EXPECT_EQ(f.at("custom.self_ref").text, "aws");
  EXPECT_EQ(f.at("a").text, "PassThrough");
  EXPECT_EQ(f.text("${file(./custom.yml):mode}").text, "Active");
  EXPECT_EQ(f.text("${file(custom.yml):list.0}").kind, K::Number);
  EXPECT_EQ(f.text("${file(./conf/dev.json)}").kind, K::Map);
  EXPECT_EQ(f.text("${file(./plain.txt)}").text, "Active");
  Value missing = f.text("${file(./nope.yml):x}");
  ASSERT_TRUE(missing.is_unknown());
  EXPECT_EQ(missing.text, "${file(./nope.yml):x}: ./nope.yml does not exist");
  EXPECT_EQ(f.text("${file(./nope.yml):x, 'fb'}").text, "fb");
  Value bad = f.text("${file(./bad.yml):a}");
  ASSERT_TRUE(bad.is_unknown());
  EXPECT_NE(bad.text.find("cannot be parsed"), std::string::npos);
  Diagnostics d = f.r->take_diagnostics();
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "svc/bad.yml");
  EXPECT_TRUE(f.text("${file(./x.js):fn}").is_unknown());
}

TEST(SlsVariables, AwsSourcesAreUnknown) {
  Fixture f(kBase);
  for (const char* s : {"${cf:stack.Output}", "${ssm:/a/b}", "${s3:bucket/key}", "${aws:accountId}",
                        "${sls:instanceId}", "${custom_plugin:x}", "${cf(us-east-1):stack.out, 'x'}"}) {
    Value v = f.text(s);
    EXPECT_TRUE(v.is_unknown()) << s;
    EXPECT_NE(v.text.find(s), std::string::npos) << v.text;
  }
}

TEST(SlsVariables, StrToBool) {
  Fixture f(kBase);
  EXPECT_TRUE(f.text("${strToBool(true)}").boolean);
  EXPECT_FALSE(f.text("${strToBool(0)}").boolean);
  EXPECT_TRUE(f.text("${strToBool(maybe)}").is_unknown());
}

TEST(SlsVariables, CyclesAreUnknownNotHangs) {
  Fixture f(
      "service: s\nprovider: {name: aws}\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n"
      "  me: x${self:custom.me}\n  whole: ${self:custom}\n  root: ${self:}\n");
  Value a = f.at("custom.a");
  ASSERT_TRUE(a.is_unknown());
  EXPECT_NE(a.text.find("cycle"), std::string::npos);
  EXPECT_TRUE(f.at("custom.me").is_unknown());
  EXPECT_TRUE(f.at("custom.whole.whole.whole.a").is_unknown());
  EXPECT_EQ(f.at("custom.root.service").text, "s");
  // A file that includes itself.
  Fixture g("service: s\nprovider: {name: aws}\ncustom: ${file(./loop.yml)}\n");
  g.fs.add("svc/loop.yml", "x: ${file(./loop.yml):x}\n");
  EXPECT_TRUE(g.at("custom.x").is_unknown());
}

// One long string referenced from many places costs each copy: past 64 MiB of strings handed out,
// resolution gives Unknown with the reason (3,000 copies of 1 MB were 3 GB).
TEST(SlsVariables, StringBytesAreBounded) {
  std::string yml =
      "service: s\nprovider: {name: aws}\ncustom:\n  big: " + std::string(1 << 20, 'x') + "\n  refs:\n";
  for (int i = 0; i < 100; ++i) yml += "    - ${self:custom.big}\n";
  Fixture f(yml);
  std::vector<Value> items = f.r->items(f.at("custom.refs"));
  ASSERT_EQ(items.size(), 100u);
  EXPECT_EQ(items[0].text.size(), size_t{1} << 20);
  EXPECT_TRUE(items[99].is_unknown());
  EXPECT_EQ(
      items[99].text,
      "variable resolution stopped after making 67108864 bytes of strings (the variables expand too much)");
}

TEST(SlsVariables, ExpansionIsBounded) {
  // Each level doubles: 2^40 expansions without memoisation and the budget.
  std::string yml = "service: s\nprovider: {name: aws}\ncustom:\n  l0: x\n";
  for (int i = 1; i <= 40; ++i)
    yml += "  l" + std::to_string(i) + ": ${self:custom.l" + std::to_string(i - 1) + "}${self:custom.l" +
           std::to_string(i - 1) + "}\n";
  Fixture f(yml);
  Value v = f.at("custom.l40");
  EXPECT_TRUE(v.is_unknown());  // too long a string or too deep, never a hang
  // Deep chains stop at the depth limit.
  std::string deep = "service: s\nprovider: {name: aws}\ncustom:\n  c0: end\n";
  for (int i = 1; i <= 200; ++i)
    deep += "  c" + std::to_string(i) + ": ${self:custom.c" + std::to_string(i - 1) + "}\n";
  Fixture g(deep);
  EXPECT_TRUE(g.at("custom.c200").is_unknown());
  EXPECT_EQ(g.at("custom.c5").text, "end");
}

TEST(SlsVariables, SyntaxErrorsAreUnknown) {
  Fixture f(kBase);
  for (const char* s : {"${opt:stage", "${:x}", "${opt:stage, 'x}", "${file(./a.yml}", "${opt:stage, }x"}) {
    Value v = f.text(s);
    EXPECT_TRUE(v.is_unknown() || v.is_string()) << s;
  }
  EXPECT_TRUE(f.text("${opt:stage").is_unknown());
  EXPECT_EQ(f.text("no variables $ { here").text, "no variables $ { here");
  std::string nested;
  for (int i = 0; i < 100; ++i) nested += "${opt:stage, ";
  nested += "'x'";
  for (int i = 0; i < 100; ++i) nested += "}";
  EXPECT_TRUE(f.text(nested).is_unknown());
}

TEST(SlsVariables, CoreSchemaScalars) {
  Fixture f(
      "service: s\nprovider: {name: aws}\nc:\n  a: True\n  b: 'true'\n  c: ~\n  d: 0x10\n  e: yes\n  f: 1e3\n"
      "  g: !Ref X\n");
  EXPECT_EQ(f.at("c.a").kind, K::Bool);
  EXPECT_EQ(f.at("c.b").kind, K::String);
  EXPECT_TRUE(f.at("c.c").is_null());
  EXPECT_EQ(f.at("c.d").kind, K::Number);
  EXPECT_EQ(f.at("c.e").kind, K::String);  // YAML 1.2: yes is a string
  EXPECT_EQ(f.at("c.f").kind, K::Number);
  EXPECT_TRUE(f.at("c.g").is_unknown());
}

TEST(SlsVariables, MergeKeys) {
  Fixture f(
      "service: s\nprovider: {name: aws}\nbase: &b\n  tracing: Active\n  memory: 1\n"
      "fn:\n  <<: *b\n  memory: 2\n");
  EXPECT_EQ(f.at("fn.tracing").text, "Active");
  EXPECT_EQ(f.at("fn.memory").text, "2");
  auto ms = f.r->members(f.at("fn"));
  ASSERT_EQ(ms.size(), 2u);
}

}  // namespace
}  // namespace cs::sls

namespace cs::sls {
namespace {

// Values from ${file()} and ${env:} carry a label that is printed instead of them.
TEST(SlsVariablesSecrets, FileAndEnvValuesAreLabelled) {
  Options o;
  o.env_vars = true;
  o.env["TOKEN"] = "hunter2";
  Fixture f(
      "service: s\nprovider:\n  name: aws\ncustom:\n  text: ${file(./t.txt)}\n  yml: ${file(./v.yml):mode}\n"
      "  env: ${env:TOKEN}\n  built: x-${env:TOKEN}\n  plain: Active\n  bool: ${strToBool(${env:TOKEN})}\n",
      o);
  f.fs.add("svc/t.txt", "secret-text");
  f.fs.add("svc/v.yml", "mode: secret-yaml\n");
  EXPECT_EQ(f.at("custom.text").text, "secret-text");
  EXPECT_EQ(f.at("custom.text").secret, "(from file svc/t.txt)");
  EXPECT_EQ(f.at("custom.yml").secret, "(from file svc/v.yml)");
  EXPECT_EQ(f.at("custom.env").secret, "(from environment)");
  EXPECT_EQ(f.at("custom.built").shown_text(), "(from environment)");
  EXPECT_EQ(f.at("custom.plain").secret, "");
  Value b = f.at("custom.bool");
  ASSERT_TRUE(b.is_unknown());
  EXPECT_EQ(b.text, "${strToBool(${env:TOKEN})} depends on a value (from environment) and is not known");
}

TEST(SlsVariablesSecrets, FileSizeLimitWithoutConfinement) {
  Options o;
  o.max_file_size = 4;
  Fixture f("service: s\nprovider:\n  name: aws\ncustom:\n  text: ${file(./t.txt)}\n", o);
  f.fs.add("svc/t.txt", "12345");
  Value v = f.at("custom.text");
  ASSERT_TRUE(v.is_unknown());
  EXPECT_NE(v.text.find("is larger than the file size limit (4 bytes)"), std::string::npos) << v.text;
}

}  // namespace
}  // namespace cs::sls
