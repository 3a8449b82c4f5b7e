#include "report/escape.h"

#include <gtest/gtest.h>

namespace cs::report {
namespace {

TEST(Utf8Sanitize, KeepsValidAndReplacesInvalidBytes) {
  EXPECT_EQ(utf8_sanitize("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(utf8_sanitize("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(utf8_sanitize("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(utf8_sanitize("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(utf8_sanitize("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
}

TEST(XmlEscape, Markup) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape("module.each[\"a\"]"), "module.each[&quot;a&quot;]");
}

TEST(XmlEscape, WhitespaceSurvivesAttributeNormalisation) {
  EXPECT_EQ(xml_escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(XmlEscape, CharactersXmlCannotHoldBecomeReplacement) {
  EXPECT_EQ(xml_escape(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape("\x01\x08\x0B\x0C\x1F"), r + r + r + r + r);
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");                              // U+FFFE
  EXPECT_EQ(xml_escape("x\xFE"), "x\xEF\xBF\xBD");                                    // invalid UTF-8
  EXPECT_EQ(xml_escape("\x7F \xC2\x85 \xE2\x82\xAC"), "\x7F \xC2\x85 \xE2\x82\xAC");  // allowed in XML 1.0
}

TEST(CsvField, PlainFieldsAreNotQuoted) {
  EXPECT_EQ(csv_field("aws_lambda_function.a"), "aws_lambda_function.a");
  EXPECT_EQ(csv_field(""), "");
}

TEST(CsvField, QuotesWhenNeeded) {
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("module.each[\"a\"]"), "\"module.each[\"\"a\"\"]\"");
}

TEST(CsvField, FormulaPrefixesAreDefused) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

TEST(CsvField, InvalidUtf8IsReplaced) {
  EXPECT_EQ(csv_field("a\xFF"), "a\xEF\xBF\xBD");
}

TEST(MdText, EscapesInlineSyntaxAndPipes) {
  EXPECT_EQ(md_text("a|b"), "a\\|b");
  EXPECT_EQ(md_text("tracing_config *x* [l](u) <b> `c` ~s~ &amp; \\"),
            "tracing\\_config \\*x\\* \\[l\\](u) \\<b\\> \\`c\\` \\~s\\~ \\&amp; \\\\");
  EXPECT_EQ(md_text("line1\nline2\tx"), "line1 line2 x");
  EXPECT_EQ(md_text("a\x01"
                    "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(md_text("1. # - + . ! ( )"), "1. # - + . ! ( )");
}

TEST(MdCode, FencesAndPipes) {
  EXPECT_EQ(md_code("main.tf:2"), "`main.tf:2`");
  EXPECT_EQ(md_code("a|b"), "`a\\|b`");
  EXPECT_EQ(md_code("a`b"), "``a`b``");
  EXPECT_EQ(md_code("`x"), "`` `x ``");
  EXPECT_EQ(md_code("x\ny"), "`x y`");
  EXPECT_EQ(md_code(""), "");
}

TEST(UriPath, PercentEncodes) {
  EXPECT_EQ(uri_path("infra/main.tf"), "infra/main.tf");
  EXPECT_EQ(uri_path("my dir/a#b?.tf"), "my%20dir/a%23b%3F.tf");
  EXPECT_EQ(uri_path("c:x\\y%"), "c%3Ax%5Cy%25");
  EXPECT_EQ(uri_path("caf\xC3\xA9"), "caf%C3%A9");
}

}  // namespace
}  // namespace cs::report
