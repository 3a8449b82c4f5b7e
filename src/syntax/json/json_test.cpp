#include "syntax/json/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace cs::json {
namespace {

std::unique_ptr<Document> ok(std::string src) {
  auto d = parse("t.json", std::move(src));
  EXPECT_TRUE(d->ok()) << (d->diags.empty() ? "" : d->diags[0].message);
  EXPECT_TRUE(d->diags.empty());
  return d;
}

// "line:col: message" of the single error.
std::string err(std::string src) {
  auto d = parse("t.json", std::move(src));
  EXPECT_FALSE(d->ok());
  EXPECT_EQ(d->root, nullptr);
  if (d->diags.size() != 1) return "expected exactly one diagnostic, got " + std::to_string(d->diags.size());
  const Diagnostic& g = d->diags[0];
  EXPECT_EQ(g.file, "t.json");
  EXPECT_EQ(g.severity, Severity::Error);
  return std::to_string(g.line) + ":" + std::to_string(g.col) + ": " + g.message;
}

std::string str(const Node* n) {
  EXPECT_NE(n, nullptr);
  if (!n) return "<null>";
  EXPECT_EQ(n->kind, Kind::String);
  return std::string(n->text());
}

TEST(JsonParse, Scalars) {
  auto d = ok("null");
  EXPECT_EQ(d->root->kind, Kind::Null);
  d = ok(" true ");
  EXPECT_EQ(d->root->kind, Kind::Bool);
  EXPECT_TRUE(d->root->boolean);
  d = ok("false");
  EXPECT_FALSE(d->root->boolean);
  d = ok("\"hi\"");
  EXPECT_EQ(str(d->root), "hi");
  d = ok("-12.5e1");
  EXPECT_EQ(d->root->kind, Kind::Number);
  EXPECT_EQ(d->root->text(), "-12.5e1");
  EXPECT_EQ(d->root->number, -125.0);
}

TEST(JsonParse, Numbers) {
  struct Case {
    const char* text;
    double value;
  } cases[] = {
      {"0", 0},
      {"-0", -0.0},
      {"7", 7},
      {"123456789012345", 123456789012345.0},
      {"1.5", 1.5},
      {"0.1", 0.1},
      {"3.14159", 3.14159},
      {"1e3", 1000},
      {"1E+3", 1000},
      {"25e-1", 2.5},
      {"0.000001", 1e-6},
      {"12345678901234567890", 12345678901234567890.0},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"4.9406564584124654e-324", 4.9406564584124654e-324},
      {"0.30000000000000004", 0.30000000000000004},
      {"123456789.123456789", 123456789.123456789},
      {"1e22", 1e22},
      {"1e23", 1e23},
      {"9007199254740993", 9007199254740993.0},
  };
  for (const auto& c : cases) {
    auto d = ok(c.text);
    ASSERT_TRUE(d->root) << c.text;
    EXPECT_EQ(d->root->number, c.value) << c.text;
    EXPECT_EQ(d->root->text(), c.text);
  }
  EXPECT_TRUE(std::signbit(ok("-0")->root->number));
  EXPECT_TRUE(std::isinf(ok("1e400")->root->number));
  EXPECT_TRUE(std::isinf(ok("-1e400")->root->number));
  EXPECT_LT(ok("-1e400")->root->number, 0);
  EXPECT_EQ(ok("1e-400")->root->number, 0.0);
  EXPECT_EQ(ok(std::string(400, '9'))->root->number, std::numeric_limits<double>::infinity());
}

TEST(JsonParse, InvalidNumbers) {
  EXPECT_EQ(err("01"), "1:1: invalid number");
  EXPECT_EQ(err("-"), "1:1: invalid number");
  EXPECT_EQ(err("-a"), "1:1: invalid number");
  EXPECT_EQ(err("1."), "1:1: invalid number");
  EXPECT_EQ(err("[1.e5]"), "1:2: invalid number");
  EXPECT_EQ(err("1e"), "1:1: invalid number");
  EXPECT_EQ(err("1e+"), "1:1: invalid number");
  EXPECT_EQ(err(".5"), "1:1: unexpected character '.'");
  EXPECT_EQ(err("+1"), "1:1: unexpected character '+'");
  EXPECT_EQ(err("NaN"), "1:1: unexpected character 'N'");
  EXPECT_EQ(err("Infinity"), "1:1: unexpected character 'I'");
  EXPECT_EQ(err("0x10"), "1:2: unexpected content after the JSON value");
}

TEST(JsonParse, ObjectsKeepOrderPositionsAndDuplicates) {
  auto d = ok("{\n  \"b\": 1,\n  \"a\": [true, null],\n  \"b\": \"x\"\n}");
  const Node* r = d->root;
  ASSERT_EQ(r->kind, Kind::Object);
  ASSERT_EQ(r->members().size, 3u);
  EXPECT_EQ(r->members()[0].key, "b");
  EXPECT_EQ(r->members()[1].key, "a");
  EXPECT_EQ(r->members()[2].key, "b");
  // Keys have their own ranges (quotes included).
  EXPECT_EQ(r->members()[1].key_range.begin.line, 3u);
  EXPECT_EQ(r->members()[1].key_range.begin.col, 3u);
  EXPECT_EQ(r->members()[1].key_range.end.col, 6u);
  EXPECT_EQ(r->members()[1].key_range.begin.offset, 14u);
  // find() returns the last duplicate.
  EXPECT_EQ(str(r->find("b")), "x");
  EXPECT_EQ(r->find("b")->range.begin.line, 4u);
  EXPECT_EQ(r->find("b")->range.begin.col, 8u);
  EXPECT_EQ(r->find("zz"), nullptr);
  const Node* a = r->find("a");
  ASSERT_EQ(a->kind, Kind::Array);
  ASSERT_EQ(a->items().size, 2u);
  EXPECT_EQ(a->items()[0]->kind, Kind::Bool);
  EXPECT_EQ(a->items()[1]->kind, Kind::Null);
  EXPECT_EQ(a->range.begin.col, 8u);
  EXPECT_EQ(a->range.end.col, 20u);
  EXPECT_EQ(a->items()[1]->range.begin.col, 15u);
  EXPECT_EQ(a->items()[1]->range.end.col, 19u);
  // The object's range spans the braces.
  EXPECT_EQ(r->range.begin.offset, 0u);
  EXPECT_EQ(r->range.end.offset, d->src.size());
  EXPECT_EQ(r->range.end.line, 5u);
  EXPECT_EQ(r->range.end.col, 2u);
  EXPECT_EQ(a->find("x"), nullptr);  // not an object
}

TEST(JsonParse, Empties) {
  auto d = ok("{\"o\": {}, \"a\": [], \"s\": \"\"}");
  EXPECT_TRUE(d->root->find("o")->members().empty());
  EXPECT_TRUE(d->root->find("a")->items().empty());
  EXPECT_EQ(str(d->root->find("s")), "");
  EXPECT_EQ(d->root->find("s")->range.end.col - d->root->find("s")->range.begin.col, 2u);
  d = ok("{\"\": 1}");
  EXPECT_EQ(d->root->members()[0].key, "");
  EXPECT_EQ(d->root->find("")->number, 1);
}

TEST(JsonParse, StringsWithoutEscapesPointIntoSource) {
  auto d = ok("[\"plain text\"]");
  std::string_view t = d->root->items()[0]->text();
  EXPECT_EQ(t, "plain text");
  EXPECT_GE(t.data(), d->src.data());
  EXPECT_LT(t.data(), d->src.data() + d->src.size());
}

TEST(JsonParse, Escapes) {
  auto d = ok(R"(["a\"b\\c\/d\be\ff\ng\rh\ti", "\u0041\u00e9\u20AC", "\ud83d\ude00!", "\u0000"])");
  const Node* r = d->root;
  EXPECT_EQ(str(r->items()[0]), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(str(r->items()[1]), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(str(r->items()[2]), "\xF0\x9F\x98\x80!");
  EXPECT_EQ(r->items()[3]->text(), std::string_view("\0", 1));
  // Decoded strings are copies in the arena, not views into the source.
  std::string_view t = r->items()[0]->text();
  EXPECT_FALSE(t.data() >= d->src.data() && t.data() < d->src.data() + d->src.size());
  // Ranges are still those of the source text.
  EXPECT_EQ(r->items()[1]->range.begin.col, 31u);
  EXPECT_EQ(r->items()[1]->range.end.col, 51u);
  // Escaped keys are decoded too.
  d = ok(R"({"k\u0065y": 1})");
  EXPECT_NE(d->root->find("key"), nullptr);
}

TEST(JsonParse, Utf8) {
  auto d = ok("\"h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(str(d->root), "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
  // Columns count bytes.
  d = ok("[\"\xC3\xA9\", 1]");
  EXPECT_EQ(d->root->items()[1]->range.begin.col, 8u);
  EXPECT_EQ(err("\"abc\xFF\""), "1:5: invalid UTF-8 in string");
  EXPECT_EQ(err("\"\xC0\xAF\""), "1:2: invalid UTF-8 in string");          // overlong
  EXPECT_EQ(err("\"\xED\xA0\x80\""), "1:2: invalid UTF-8 in string");      // encoded surrogate
  EXPECT_EQ(err("\"\xF4\x90\x80\x80\""), "1:2: invalid UTF-8 in string");  // > U+10FFFF
  EXPECT_EQ(err("\"\xE2\x82\""), "1:2: invalid UTF-8 in string");          // truncated
  EXPECT_EQ(err("\"a\\n\x80\""), "1:5: invalid UTF-8 in string");          // in the escape path
  EXPECT_EQ(err("\xC3\xA9"), "1:1: unexpected byte 0xC3");
}

TEST(JsonParse, Bom) {
  auto d = ok("\xEF\xBB\xBF{\"a\": 1}");
  EXPECT_EQ(d->root->range.begin.col, 1u);
  EXPECT_EQ(d->root->range.begin.offset, 3u);
  EXPECT_EQ(err("\xEF\xBB\xBF"), "1:1: unexpected end of input");
}

TEST(JsonParse, ErrorMessages) {
  EXPECT_EQ(err(""), "1:1: unexpected end of input");
  EXPECT_EQ(err("  \n  "), "2:3: unexpected end of input");
  EXPECT_EQ(err("{\"a\": 1 \"b\": 2}"), "1:9: expected ',' or '}' after object member");
  EXPECT_EQ(err("[1 2]"), "1:4: expected ',' or ']' after array element");
  EXPECT_EQ(err("{\"a\": \"abc"), "1:7: unterminated string");
  EXPECT_EQ(err("\"abc\\"), "1:1: unterminated string");
  EXPECT_EQ(err("\"abc\\n"), "1:1: unterminated string");
  EXPECT_EQ(err("[\"a\\x\"]"), "1:4: invalid escape");
  EXPECT_EQ(err("[\"a\\'\"]"), "1:4: invalid escape");
  EXPECT_EQ(err("{\"a\": 1,\n}"), "1:8: trailing comma is not allowed");
  EXPECT_EQ(err("[1, 2 , ]"), "1:7: trailing comma is not allowed");
  EXPECT_EQ(err("{\"a\": [1, 2"), "1:12: unexpected end of input");
  EXPECT_EQ(err("{\"a\""), "1:5: unexpected end of input");
  EXPECT_EQ(err("{\"a\":"), "1:6: unexpected end of input");
  EXPECT_EQ(err("{"), "1:2: unexpected end of input");
  EXPECT_EQ(err("{\"a\": 1,"), "1:9: unexpected end of input");
  EXPECT_EQ(err("\"a\tb\""), "1:3: control character in string");
  EXPECT_EQ(err("\"a\nb\""), "1:3: control character in string");
  EXPECT_EQ(err("\"a\\nb\nc\""), "1:6: control character in string");
  EXPECT_EQ(err("{a: 1}"), "1:2: expected a string as object key");
  EXPECT_EQ(err("{'a': 1}"), "1:2: expected a string as object key");
  EXPECT_EQ(err("{\"a\" 1}"), "1:6: expected ':' after object key");
  EXPECT_EQ(err("[,]"), "1:2: unexpected character ','");
  EXPECT_EQ(err("]"), "1:1: unexpected character ']'");
  EXPECT_EQ(err("\x01"), "1:1: unexpected byte 0x01");
  EXPECT_EQ(err("tru"), "1:4: unexpected end of input");
  EXPECT_EQ(err("trux"), "1:1: invalid literal (expected true, false or null)");
  EXPECT_EQ(err("nul!"), "1:1: invalid literal (expected true, false or null)");
  EXPECT_EQ(err("True"), "1:1: unexpected character 'T'");
  EXPECT_EQ(err("{} {}"), "1:4: unexpected content after the JSON value");
  EXPECT_EQ(err("1 2"), "1:3: unexpected content after the JSON value");
  EXPECT_EQ(err("// c\n{}"), "1:1: unexpected character '/'");
  EXPECT_EQ(err("{\"a\":1}/*x*/"), "1:8: unexpected content after the JSON value");
  EXPECT_EQ(err("{\n  \"a\": 1,\n  \"b\": [1,\n 2,,3]}"), "4:4: unexpected character ','");
}

TEST(JsonParse, UnicodeEscapeErrors) {
  EXPECT_EQ(err(R"("\u12")"), "1:2: invalid \\u escape: expected 4 hex digits");
  EXPECT_EQ(err(R"("\u12G4")"), "1:2: invalid \\u escape: expected 4 hex digits");
  EXPECT_EQ(err(R"("ab\ud800")"), "1:4: lone surrogate in \\u escape");
  EXPECT_EQ(err(R"("\ud800x")"), "1:2: lone surrogate in \\u escape");
  EXPECT_EQ(err(R"("\ud800\u0041")"), "1:2: lone surrogate in \\u escape");
  EXPECT_EQ(err(R"("\ud800\ud800")"), "1:2: lone surrogate in \\u escape");
  EXPECT_EQ(err(R"("\udc00")"), "1:2: lone surrogate in \\u escape");
  EXPECT_EQ(err(R"("\ud800\u12")"), "1:8: invalid \\u escape: expected 4 hex digits");
}

TEST(JsonParse, Whitespace) {
  auto d = ok("\r\n\t [ 1 ,\r\n 2 ] \r\n");
  EXPECT_EQ(d->root->range.begin.line, 2u);
  EXPECT_EQ(d->root->range.begin.col, 3u);
  EXPECT_EQ(d->root->items()[1]->range.begin.line, 3u);
  EXPECT_EQ(d->root->items()[1]->range.begin.col, 2u);
  EXPECT_EQ(err("\f1"), "1:1: unexpected byte 0x0C");
  EXPECT_EQ(err("\xC2\xA0"
                "1"),
            "1:1: unexpected byte 0xC2");  // no-break space is not JSON whitespace
}

TEST(JsonParse, DepthCap) {
  std::string ok_deep = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  auto d = parse("t.json", ok_deep);
  EXPECT_TRUE(d->ok());
  std::string too_deep = std::string(kMaxDepth + 1, '[') + std::string(kMaxDepth + 1, ']');
  EXPECT_EQ(err(too_deep), "1:1001: nesting deeper than 1000 levels");
  std::string objs;
  for (unsigned i = 0; i <= kMaxDepth; ++i) objs += "{\"a\":";
  EXPECT_EQ(err(objs), "1:5001: nesting deeper than 1000 levels");
  // Very deep input does not overflow the stack.
  EXPECT_EQ(err(std::string(1000000, '[')), "1:1001: nesting deeper than 1000 levels");
}

TEST(JsonParse, LongStringsCrossTheFastPath) {
  // Special characters at every offset relative to the 8-byte scanning window.
  for (size_t pre = 0; pre < 20; ++pre) {
    std::string body(pre, 'x');
    auto d = ok("\"" + body + "\\n" + body + "\xC3\xA9" + body + "\"");
    EXPECT_EQ(str(d->root), body + "\n" + body + "\xC3\xA9" + body);
    EXPECT_EQ(err("\"" + body + "\x1f\""), "1:" + std::to_string(pre + 2) + ": control character in string");
    EXPECT_EQ(err("\"" + body), "1:1: unterminated string");
  }
}

TEST(JsonParse, LowLevelEntryPoint) {
  Arena arena;
  Diagnostics diags;
  std::string src = "{\"x\": [1, 2]}";
  const Node* n = parse(src, "f.json", arena, diags);
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(n->find("x")->items().size, 2u);
  EXPECT_EQ(parse("{", "f.json", arena, diags), nullptr);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].file, "f.json");
}

// Read as Go's encoding/json (Terraform's jsondecode): the value, or "line:col: message" of the error.
std::string go(std::string_view src, unsigned max_depth = kMaxDepth) {
  Arena arena;
  Diagnostics diags;
  ParseOptions o;
  o.go = true;
  o.max_depth = max_depth;
  const Node* n = parse(src, "t.json", arena, diags, o);
  if (!n) {
    EXPECT_EQ(diags.size(), 1u);
    return diags.empty()
               ? "?"
               : std::to_string(diags[0].line) + ":" + std::to_string(diags[0].col) + ": " + diags[0].message;
  }
  EXPECT_TRUE(diags.empty());
  if (n->kind == Kind::String) return "\"" + std::string(n->text()) + "\"";
  return std::string(kind_name(n->kind)) + " " + std::string(n->text());
}

TEST(JsonParseGo, ReplacesWhatGoReplaces) {
  // A lone surrogate is U+FFFD; the escape after an unpaired high surrogate is read on its own.
  EXPECT_EQ(go(R"("\ud800")"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(go(R"("\udc00x")"), "\"\xEF\xBF\xBDx\"");
  EXPECT_EQ(go(R"("\ud800\u0041")"),
            "\"\xEF\xBF\xBD"
            "A\"");
  EXPECT_EQ(go(R"("\ud800\ud800\udc00")"), "\"\xEF\xBF\xBD\xF0\x90\x80\x80\"");
  EXPECT_EQ(go(R"("\ud83d\ude00")"), "\"\xF0\x9F\x98\x80\"");
  // Each byte that starts no valid UTF-8 sequence is U+FFFD (a surrogate encoded in UTF-8 is 3 bytes).
  EXPECT_EQ(go("\"a\xFF"
               "b\""),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(go("\"\xED\xA0\x80\""), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(go("\"\xC3\""), "\"\xEF\xBF\xBD\"");  // truncated sequence at the closing quote
  EXPECT_EQ(go("\"\\n\xFF\""), "\"\n\xEF\xBF\xBD\"");
  EXPECT_EQ(go("\"\xC3\xA9\""), "\"\xC3\xA9\"");  // valid UTF-8 is kept
  // The strict reading refuses both.
  EXPECT_EQ(err(R"("\ud800")"), "1:2: lone surrogate in \\u escape");
  EXPECT_EQ(err("\"a\xFF\""), "1:3: invalid UTF-8 in string");
}

TEST(JsonParseGo, GoMessages) {
  EXPECT_EQ(go(""), "1:1: EOF");
  EXPECT_EQ(go(" \n "), "2:2: EOF");
  EXPECT_EQ(go("nul"), "1:4: unexpected EOF");
  EXPECT_EQ(go("[1,"), "1:4: EOF");
  EXPECT_EQ(go("[[1]"), "1:5: EOF");
  EXPECT_EQ(go("{\"a\":1"), "1:7: EOF");
  EXPECT_EQ(go("{\"a\""), "1:5: EOF");
  EXPECT_EQ(go("[\"a"), "1:2: unexpected EOF");
  EXPECT_EQ(go("[1."), "1:4: unexpected EOF");
  EXPECT_EQ(go("\"abc"), "1:1: unexpected EOF");
  EXPECT_EQ(go("\xEF\xBB\xBF"
               "1"),
            "1:1: invalid character '\xC3\xAF' looking for beginning of value");
  EXPECT_EQ(go("NaN"), "1:1: invalid character 'N' looking for beginning of value");
  EXPECT_EQ(go("[1,]"), "1:4: invalid character ']' looking for beginning of value");
  EXPECT_EQ(go("{\"a\":1,}"), "1:8: invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(go("{bad"), "1:2: invalid character 'b'");
  EXPECT_EQ(go("{\"a\" 1}"), "1:6: invalid character '1' after object key");
  EXPECT_EQ(go("{\"a\":1 \"b\":2}"), "1:8: invalid character '\"' after object key:value pair");
  EXPECT_EQ(go("[1 2]"), "1:4: invalid character '2' after array element");
  EXPECT_EQ(go("[01]"), "1:3: invalid character '1' after array element");
  EXPECT_EQ(go("01"), "1:2: extraneous data after JSON object");
  EXPECT_EQ(go("truex"), "1:5: extraneous data after JSON object");
  EXPECT_EQ(go("trux"), "1:4: invalid character 'x' in literal true (expecting 'e')");
  EXPECT_EQ(go("-x"), "1:2: invalid character 'x' in numeric literal");
  EXPECT_EQ(go("1.x"), "1:3: invalid character 'x' after decimal point in numeric literal");
  EXPECT_EQ(go("1e+x"), "1:4: invalid character 'x' in exponent of numeric literal");
  EXPECT_EQ(go("1e"), "1:3: unexpected EOF");
  EXPECT_EQ(go("\"\t\""), "1:2: invalid character '\\t' in string literal");
  EXPECT_EQ(go("\"\x01\""), "1:2: invalid character '\\x01' in string literal");
  EXPECT_EQ(go("\"a\\x\""), "1:4: invalid character 'x' in string escape code");
  EXPECT_EQ(go("\"\\u12\""), "1:6: invalid character '\"' in \\u hexadecimal character escape");
  EXPECT_EQ(go("[[1]]", 1), "1:2: exceeded max depth");
  EXPECT_EQ(go("[[1]]", 2), "array ");
  EXPECT_EQ(go("-0"), "number -0");
  EXPECT_EQ(go(" \t\r\n[]\n"), "array ");
}

TEST(JsonParse, KindNames) {
  EXPECT_STREQ(kind_name(Kind::Object), "object");
  EXPECT_STREQ(kind_name(Kind::Bool), "boolean");
}

}  // namespace
}  // namespace cs::json
