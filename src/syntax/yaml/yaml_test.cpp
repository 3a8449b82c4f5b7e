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

}  // namespace
}  // namespace cs::yaml
