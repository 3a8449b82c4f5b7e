#include "syntax/yaml/yaml.h"

#include <gtest/gtest.h>

namespace cs::yaml {
namespace {

TEST(Yaml, TagsPlainAndPositions) {
  auto d = parse("t.yaml",
                 "Resources:\n"
                 "  Fn:\n"
                 "    Type: AWS::Lambda::Function\n"
                 "    Properties:\n"
                 "      TracingConfig:\n"
                 "        Mode: !Ref Mode\n"
                 "      Quoted: \"true\"\n"
                 "      Plain: true\n"
                 "      Empty:\n"
                 "      List: [a, !GetAtt X.Arn]\n");
  ASSERT_TRUE(d->ok()) << (d->diags.empty() ? "" : d->diags[0].message);
  const Node* props = d->root->find("Resources")->find("Fn")->find("Properties");
  ASSERT_NE(props, nullptr);
  const Node* mode = props->find("TracingConfig")->find("Mode");
  EXPECT_EQ(mode->tag, "!Ref");
  EXPECT_EQ(mode->value, "Mode");
  EXPECT_EQ(mode->line, 6u);
  EXPECT_EQ(mode->col, 15u);
  EXPECT_FALSE(props->find("Quoted")->plain);
  EXPECT_TRUE(props->find("Plain")->plain);
  EXPECT_TRUE(props->find("Empty")->is_null());
  const Node* list = props->find("List");
  ASSERT_TRUE(list->is_seq());
  ASSERT_EQ(list->items.size, 2u);
  EXPECT_EQ(list->items[1]->tag, "!GetAtt");
  EXPECT_EQ(props->find("Nope"), nullptr);
}

TEST(Yaml, ErrorsAreDiagnostics) {
  auto d = parse("bad.yaml", "a: [1, 2\nb: c\n");
  EXPECT_FALSE(d->ok());
  ASSERT_EQ(d->diags.size(), 1u);
  EXPECT_EQ(d->diags[0].file, "bad.yaml");
  EXPECT_GT(d->diags[0].line, 0u);
  EXPECT_EQ(d->diags[0].message.rfind("invalid YAML: ", 0), 0u) << d->diags[0].message;
}

TEST(Yaml, DeepNestingRejected) {
  std::string s(100000, '[');
  auto d = parse("deep.yaml", s);
  EXPECT_FALSE(d->ok());
  ASSERT_EQ(d->diags.size(), 1u);
  EXPECT_EQ(d->diags[0].message, "YAML nested too deeply");
}

TEST(Yaml, AnchorsAndDuplicateKeysLastWins) {
  auto d = parse("a.yaml", "base: &b {Mode: Active}\nuse: *b\nk: 1\nk: 2\n");
  ASSERT_TRUE(d->ok());
  EXPECT_EQ(d->root->find("use")->find("Mode")->value, "Active");
  EXPECT_EQ(d->root->find("k")->value, "2");
}

// Large mappings are searched through their key index: every key found, the last duplicate wins,
// absent keys and keys that sort before/after all others are not found, non-scalar keys are skipped.
TEST(Yaml, LargeMappingLookupsUseTheIndex) {
  std::string src;
  for (int i = 0; i < 2000; ++i) src += "k" + std::to_string(i) + ": v" + std::to_string(i) + "\n";
  src += "k7: again\n? [a, b]\n: seq\nk1999: last\n";
  auto d = parse("big.yaml", src);
  ASSERT_TRUE(d->ok());
  const Node* r = d->root;
  ASSERT_EQ(r->pairs.size, 2003u);
  EXPECT_EQ(r->by_key.size, 2002u);  // the sequence key is not indexed
  for (int i = 0; i < 2000; ++i) {
    const Node* v = r->find("k" + std::to_string(i));
    ASSERT_NE(v, nullptr) << i;
    std::string want = i == 7 ? "again" : i == 1999 ? "last" : "v" + std::to_string(i);
    EXPECT_EQ(v->value, want) << i;
  }
  EXPECT_EQ(r->find("k2000"), nullptr);
  EXPECT_EQ(r->find("a"), nullptr);
  EXPECT_EQ(r->find("z"), nullptr);
  EXPECT_EQ(r->find(""), nullptr);
  EXPECT_EQ(r->find_pair("k7")->key->line, 2001u);

  auto small = parse("s.yaml", "a: 1\nb: 2\na: 3\n");
  EXPECT_TRUE(small->root->by_key.empty());
  EXPECT_EQ(small->root->find("a")->value, "3");
}

}  // namespace
}  // namespace cs::yaml
