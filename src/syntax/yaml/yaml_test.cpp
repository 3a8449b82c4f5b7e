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

// An unterminated quoted scalar (PyYAML and libyaml reject it): one error at the end of the stream,
// naming where the scalar starts, as PyYAML reports it ("found unexpected end of stream" at 4:1,
// "while scanning a quoted scalar" at 2:4).
TEST(Yaml, UnterminatedQuotedScalarIsAnError) {
  for (const char* q : {"\"", "'"}) {
    auto d = parse("q.yaml", std::string("a: 1\nb: ") + q + "open\nc: 2\n");
    EXPECT_FALSE(d->ok());
    ASSERT_EQ(d->diags.size(), 1u);
    EXPECT_EQ(d->diags[0].file, "q.yaml");
    EXPECT_EQ(d->diags[0].line, 4u);
    EXPECT_EQ(d->diags[0].col, 1u);
    EXPECT_EQ(d->diags[0].message,
              "invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at "
              "line 2, column 4)");
  }
}

// Every way of nesting deeply is one diagnostic, not a stack overflow: flow sequences and mappings,
// block mappings by indentation, compact block sequences ("- - - x") and explicit keys ("? ? x").
TEST(Yaml, DeepNestingRejected) {
  std::string block;
  for (int i = 0; i < 3000; ++i) block += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  std::string dashes, qmarks, flowmap;
  for (int i = 0; i < 100000; ++i) dashes += "- ", qmarks += "? ", flowmap += "{a: ";
  for (const std::string& s : {std::string(100000, '['), flowmap, block, dashes + "x\n", qmarks + "x\n"}) {
    auto d = parse("deep.yaml", s);
    EXPECT_FALSE(d->ok());
    ASSERT_EQ(d->diags.size(), 1u);
    EXPECT_EQ(d->diags[0].message, "YAML nested deeper than 400 levels");
    EXPECT_EQ(d->diags[0].file, "deep.yaml");
    EXPECT_EQ(d->diags[0].line, s == block ? 401u : 1u);
  }
  std::string ok(kMaxDepth, '[');
  EXPECT_TRUE(parse("ok.yaml", ok + std::string(kMaxDepth, ']'))->ok());
  EXPECT_EQ(parse("no.yaml", ok + "[" + std::string(kMaxDepth + 1, ']'))->diags.at(0).message,
            "YAML nested deeper than 400 levels");
}

// "Billion laughs": nine levels of nine aliases would expand to 9^9 scalars. Aliases share the anchored
// node, and the expanded size is bounded: the alias that crosses the limit is the error's position.
TEST(Yaml, AliasExpansionBounded) {
  std::string s = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    s += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 9; ++k) s += (k ? ", *" : "*") + prev;
    s += "]\n";
    prev = std::string(1, c);
  }
  auto d = parse("laughs.yaml", s);
  EXPECT_FALSE(d->ok());
  ASSERT_EQ(d->diags.size(), 1u);
  EXPECT_EQ(d->diags[0].message,
            "YAML alias expansion exceeds 1000000 nodes and bytes of text (aliases repeat the anchored nodes "
            "too often)");
  EXPECT_EQ(d->diags[0].line, 6u);  // f (9^5 scalars of 2 each, and the sequences) crosses a million
  EXPECT_EQ(expansion_limit(10), 1000000u);
  // A long string repeated through aliases weighs its copies: 1,000 copies of 1,000 bytes (n) is too much.
  std::string text =
      "s: &s " + std::string(1000, 'x') +
      "\nl: &l [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\n"
      "m: &m [*l, *l, *l, *l, *l, *l, *l, *l, *l, *l]\nn: [*m, *m, *m, *m, *m, *m, *m, *m, *m, *m]\n"
      "o: [*m, *m, *m, *m, *m, *m, *m, *m, *m, *m]\n";
  auto t = parse("text.yaml", text);
  EXPECT_FALSE(t->ok());
  ASSERT_EQ(t->diags.size(), 1u);
  EXPECT_EQ(t->diags[0].line, 4u);
  EXPECT_EQ(t->diags[0].message.rfind("YAML alias expansion exceeds 1000000 nodes and bytes of text", 0), 0u);
  EXPECT_EQ(expansion_limit(1000000), 4000000u);
}

TEST(Yaml, AliasesShareTheirNode) {
  auto d = parse("a.yaml", "base: &b {Mode: Active, L: [1, 2]}\nuse: *b\nmore: [*b, *b]\n");
  ASSERT_TRUE(d->ok());
  const Node* base = d->root->find("base");
  EXPECT_EQ(d->root->find("use"), base);
  EXPECT_EQ(d->root->find("more")->items[1], base);
  EXPECT_EQ(base->line, 1u);
}

TEST(Yaml, AliasCycleAndUndefinedAnchorRefused) {
  auto d = parse("cycle.yaml", "a: &a\n  b: [1, *a]\n");
  EXPECT_FALSE(d->ok());
  ASSERT_EQ(d->diags.size(), 1u);
  EXPECT_EQ(d->diags[0].message, "YAML alias *a refers to a node that contains it");
  EXPECT_EQ(d->diags[0].line, 2u);
  auto u = parse("undef.yaml", "a: *nope\n");
  EXPECT_FALSE(u->ok());
  ASSERT_EQ(u->diags.size(), 1u);
  EXPECT_EQ(u->diags[0].message.rfind("invalid YAML: ", 0), 0u) << u->diags[0].message;
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

// Comments are '#' outside quoted and block scalars; the '#' lines inside those are text.
std::string comments_of(const std::string& src) {
  auto d = parse("c.yaml", src);
  std::string out;
  for (const Comment& c : d->comments)
    out += std::to_string(c.line) + ":" + std::to_string(c.col) + ":" + std::string(c.text) + "\n";
  return out;
}

TEST(YamlComments, BlockScalarsHoldText) {
  EXPECT_EQ(comments_of("# top\n"
                        "a: | # header\n"
                        "  text\n"
                        "  # inside\n"
                        "\n"
                        "    # deeper, inside\n"
                        "# after\n"
                        "b: >-\n"
                        "    # folded, inside\n"
                        "  # less indented: a comment\n"
                        "c: |2-\n"
                        "    # explicit indentation, inside\n"
                        "  # at the indentation: inside\n"
                        " # less: comment\n"
                        "d: >+1 # header\n"
                        "  # inside\n"
                        "e: |\n"
                        "# empty scalar, then a comment\n"
                        "f: x\n"),
            "1:1: top\n2:6: header\n7:1: after\n10:3: less indented: a comment\n14:2: less: comment\n"
            "15:8: header\n18:1: empty scalar, then a comment\n");
}

TEST(YamlComments, NestedBlockScalars) {
  EXPECT_EQ(comments_of("- |\n  # seq item text\n- - >\n    # nested text\n  # comment\n"
                        "- key: |1\n    # one past the key's column: text\n  # comment\n"),
            "5:3: comment\n8:3: comment\n");
  EXPECT_EQ(comments_of("k:\n- |1\n  # text\n# c\n"), "4:1: c\n");
}

TEST(YamlComments, QuotedScalarsHoldText) {
  EXPECT_EQ(comments_of("a: \"one\n  # inside\n  \\\" # still inside\" # c1\n"
                        "b: 'it''s\n  # inside' # c2\n"
                        "c: !Sub \"x # y\" # c3\n"
                        "d: !Sub &anchor\n  \"x\n  # y\" # c4\n"
                        "\"k # x\": [a, 'b # c', \"d\"] # c5\n"
                        "e: it's a \"plain\" # c6\n"
                        "f: a#b\n"
                        "\xc3\xa9: \"a # b\" # c7\n"),
            "3:22: c1\n5:13: c2\n6:17: c3\n9:8: c4\n10:28: c5\n11:19: c6\n13:13: c7\n");
}

TEST(YamlComments, CrLfLineEnds) {
  EXPECT_EQ(comments_of("a: |\r\n  # text\r\n# c1\r\nb: \"x\r\n  # text\" # c2\r\n"), "3:1: c1\n5:11: c2\n");
}

TEST(YamlComments, ByteOrderMarkAndOtherEncodings) {
  EXPECT_EQ(comments_of("\xEF\xBB\xBF"
                        "a: \"x\n  # text\" # c1\n"),
            "2:11: c1\n");
  EXPECT_EQ(comments_of(std::string("\xFF\xFE#\0 \0c\0\n\0", 10)), "");
}

TEST(YamlComments, LaterDocumentsAndBrokenText) {
  // Only the first document is read, but the others' scalars are still text.
  EXPECT_EQ(comments_of("a: 1 # c1\n---\nb: |\n  # text\n# c2\n"), "1:6: c1\n5:1: c2\n");
  // Past the point where the text stops parsing, nothing is a comment.
  auto d = parse("broken.yaml", "a: 1 # c1\nb: c: d\n# c2?\n");
  EXPECT_FALSE(d->ok());
  ASSERT_EQ(d->comments.size(), 1u);
  EXPECT_EQ(d->comments[0].text, " c1");
}

// Start and end of every node: 1-based line and column (bytes) and byte offsets [begin, end).
std::string span_of(const Node* n) {
  return std::to_string(n->line) + ":" + std::to_string(n->col) + "-" + std::to_string(n->end_line) + ":" +
         std::to_string(n->end_col) + " [" + std::to_string(n->begin) + "," + std::to_string(n->end) + ")";
}

TEST(Yaml, StartAndEndMarksInBytes) {
  const std::string src =
      "A:\n"                       // 0
      "  B: !Sub 'x ${y}' # c\n"   // 3: the tag starts the node
      "  \xc3\xa9: [1, {k: v}]\n"  // 26: the key is two bytes, one character
      "  L:\n"                     // 44
      "    - |\n"                  // 49: a literal scalar ends past its last line break
      "      text\n"               // 57
      "    - *a\n"                 // 68 (an undefined alias: refused, see below)
      "";
  auto d = parse("m.yaml", src.substr(0, 68));
  ASSERT_TRUE(d->ok()) << d->diags.at(0).message;
  const Node* a = d->root->find("A");
  EXPECT_EQ(span_of(d->root), "1:1-7:1 [0,68)");
  EXPECT_EQ(span_of(a), "2:3-7:1 [5,68)");
  const Node* b = a->find("B");
  EXPECT_EQ(b->tag, "!Sub");
  EXPECT_EQ(span_of(b), "2:6-2:19 [8,21)");
  EXPECT_EQ(src.substr(b->begin, b->end - b->begin), "!Sub 'x ${y}'");
  const Node* flow = a->pairs[1].value;
  EXPECT_EQ(span_of(a->pairs[1].key), "3:3-3:5 [28,30)");
  EXPECT_EQ(span_of(flow), "3:7-3:18 [32,43)");
  EXPECT_EQ(span_of(flow->items[1]), "3:11-3:17 [36,42)");
  EXPECT_EQ(span_of(flow->items[1]->pairs[0].key), "3:12-3:13 [37,38)");
  EXPECT_EQ(span_of(flow->items[1]->find("k")), "3:15-3:16 [40,41)");
  const Node* lit = a->find("L")->items[0];
  EXPECT_EQ(lit->value, "text\n");
  EXPECT_EQ(span_of(lit), "5:7-7:1 [55,68)");
  ASSERT_EQ(d->comments.size(), 1u);
  EXPECT_EQ(d->comments[0].begin, 22u);
  EXPECT_EQ(d->comments[0].end, 25u);
  EXPECT_EQ(d->comments[0].text, " c");
  auto u = parse("m.yaml", src);
  EXPECT_FALSE(u->ok());
  ASSERT_EQ(u->diags.size(), 1u);
  EXPECT_EQ(u->diags[0].message, "invalid YAML: found undefined alias *a");
  EXPECT_EQ(u->diags[0].line, 7u);
  EXPECT_EQ(u->diags[0].col, 7u);
}

// Acceptance is libyaml's (PyYAML's): a quoted scalar left open is an error where the text ends, naming
// where it started; tabs as indentation are refused; the YAML 1.1 booleans stay the text written.
TEST(Yaml, AcceptanceLikePyYaml) {
  auto q = parse("q.yaml", "a: 1\nb: \"open\nc: 2\n");
  EXPECT_FALSE(q->ok());
  ASSERT_EQ(q->diags.size(), 1u);
  EXPECT_EQ(
      q->diags[0].message,
      "invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, "
      "column 4)");
  EXPECT_EQ(q->diags[0].line, 4u);
  EXPECT_EQ(q->diags[0].col, 1u);
  auto t = parse("t.yaml", "a:\n\tb: 1\n");
  EXPECT_FALSE(t->ok());
  EXPECT_EQ(t->diags.at(0).line, 2u);
  EXPECT_EQ(t->diags.at(0).message.rfind("invalid YAML: found character that cannot start any token", 0), 0u)
      << t->diags.at(0).message;
  auto b = parse("b.yaml", "a: yes\nb: off\nc: ~\nd: !Ref\n");
  ASSERT_TRUE(b->ok());
  EXPECT_EQ(b->root->find("a")->value, "yes");
  EXPECT_TRUE(b->root->find("a")->plain);
  EXPECT_EQ(b->root->find("b")->value, "off");
  EXPECT_TRUE(b->root->find("c")->is_null());
  EXPECT_TRUE(b->root->find("d")->is_scalar());
  EXPECT_EQ(b->root->find("d")->tag, "!Ref");
  auto bad = parse("u.yaml", std::string("a: \xff\n"));
  EXPECT_FALSE(bad->ok());
  EXPECT_EQ(bad->diags.at(0).message, "invalid YAML: invalid leading UTF-8 octet");
  EXPECT_EQ(bad->diags.at(0).line, 1u);
  EXPECT_EQ(bad->diags.at(0).col, 4u);
  EXPECT_EQ(parse("e.yaml", "")->diags.at(0).message, "empty YAML document");
  EXPECT_EQ(parse("e.yaml", "# only\n")->comments.size(), 1u);
}

}  // namespace
}  // namespace cs::yaml
