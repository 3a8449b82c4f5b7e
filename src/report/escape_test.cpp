#include "report/escape.h"

#include <cstdint>
#include <sstream>

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
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");  // U+FFFE
  EXPECT_EQ(xml_escape("x\xFE"), "x\xEF\xBF\xBD");        // invalid UTF-8
  // Allowed in XML 1.0: DEL and C1 as references (inert in the raw file), the euro sign as it is.
  EXPECT_EQ(xml_escape("\x7F \xC2\x85 \xE2\x82\xAC"), "&#x7F; &#x85; \xE2\x82\xAC");
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

TEST(TextEscape, ControlsBecomeVisible) {
  EXPECT_EQ(text_escape("plain ascii, with \\ kept"), "plain ascii, with \\ kept");
  EXPECT_EQ(text_escape("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(text_escape("\x1b[2J\x1b]0;title\x07"), "\\x1b[2J\\x1b]0;title\\x07");
  EXPECT_EQ(text_escape(std::string_view("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  // C1 controls (U+009B is CSI on many terminals) and the line/paragraph separators.
  EXPECT_EQ(text_escape("\xC2\x9B"
                        "31m \xC2\x85 \xE2\x80\xA8"),
            "\\u009b31m \\u0085 \\u2028");
  // Bidi overrides and isolates, and the marks.
  EXPECT_EQ(text_escape("\xE2\x80\xAA\xE2\x80\xAE\xE2\x81\xA6\xE2\x81\xA9\xE2\x80\x8F\xD8\x9C"),
            "\\u202a\\u202e\\u2066\\u2069\\u200f\\u061c");
  // Invalid UTF-8 byte by byte; valid non-ASCII text is kept.
  EXPECT_EQ(text_escape("caf\xC3\xA9 \xFF\xC3 \xED\xA0\x80"), "caf\xC3\xA9 \\xff\\xc3 \\xed\\xa0\\x80");
  EXPECT_EQ(text_escape("\xE2\x80\xA9x\xE2\x80\xAF"), "\\u2029x\xE2\x80\xAF");  // U+202F is a space
}

// Property: whatever the bytes, the result is valid UTF-8 holding no control, C1, bidi or separator
// character (checked by decoding it independently).
TEST(TextEscape, RandomBytesNeverLeakAControl) {
  uint64_t x = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  static const std::string pieces[] = {"\x1b",
                                       "\r",
                                       "\n",
                                       "\xC2\x9B",
                                       "\xE2\x80\xAE",
                                       "\xE2\x81\xA6",
                                       "\xE2\x80\xA8",
                                       "\xC3\xA9",
                                       "\xF0\x9F\x98\x80",
                                       "\xED\xA0\x80",
                                       "\xC0\xAF",
                                       "a",
                                       "\\"};
  for (int round = 0; round < 20000; ++round) {
    std::string in;
    size_t n = next() % 12;
    for (size_t i = 0; i < n; ++i) {
      if (next() % 2)
        in += pieces[next() % (sizeof pieces / sizeof pieces[0])];
      else
        in += static_cast<char>(next() & 0xFF);
    }
    std::string out = text_escape(in);
    for (size_t i = 0; i < out.size();) {
      unsigned char c = static_cast<unsigned char>(out[i]);
      uint32_t cp;
      size_t len;
      if (c < 0x80) {
        cp = c, len = 1;
      } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F, len = 2;
      } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F, len = 3;
      } else {
        ASSERT_EQ(c & 0xF8, 0xF0) << "invalid lead byte in " << out;
        cp = c & 0x07, len = 4;
      }
      ASSERT_LE(i + len, out.size());
      for (size_t k = 1; k < len; ++k) {
        ASSERT_EQ(static_cast<unsigned char>(out[i + k]) & 0xC0, 0x80);
        cp = (cp << 6) | (static_cast<unsigned char>(out[i + k]) & 0x3F);
      }
      bool bad = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
                 (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                 (cp >= 0xD800 && cp <= 0xDFFF);
      ASSERT_FALSE(bad) << "U+" << std::hex << cp << " in " << out;
      i += len;
    }
  }
}

TEST(TextEscape, StreamOperator) {
  std::ostringstream os;
  os << esc("name\x1b[1m") << "|" << esc("ok");
  EXPECT_EQ(os.str(), "name\\x1b[1m|ok");
}

TEST(XmlEscape, BidiAndC1AsCharacterReferences) {
  EXPECT_EQ(xml_escape("a\xE2\x80\xAE"
                       "b\xC2\x9B"
                       "c\x7f"),
            "a&#x202E;b&#x9B;c&#x7F;");
}

TEST(CsvField, ControlsOtherThanLineBreaksAreVisible) {
  EXPECT_EQ(csv_field("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(csv_field("x\xE2\x80\xAEy"), "x\\u202ey");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");  // RFC 4180 keeps a quoted line break
}

TEST(MdText, EscapesInlineSyntaxAndPipes) {
  EXPECT_EQ(md_text("a|b"), "a\\|b");
  EXPECT_EQ(md_text("tracing_config *x* [l](u) <b> `c` ~s~ &amp; \\"),
            "tracing\\_config \\*x\\* \\[l\\](u) \\<b\\> \\`c\\` \\~s\\~ \\&amp; \\\\");
  // A line break can neither end the table row nor start a heading: it shows as \n.
  EXPECT_EQ(md_text("line1\n## forged\r\n| row |\tx"), "line1\\\\n## forged\\\\r\\\\n\\| row \\|\\\\tx");
  EXPECT_EQ(md_text("a\x01"
                    "b\x1b[31m"),
            "a\\\\x01b\\\\x1b\\[31m");
  EXPECT_EQ(md_text("\xE2\x80\xAE"
                    "evil"),
            "\\\\u202eevil");
  EXPECT_EQ(md_text("1. # - + . ! ( )"), "1. # - + . ! ( )");
}

TEST(MdCode, FencesAndPipes) {
  EXPECT_EQ(md_code("main.tf:2"), "`main.tf:2`");
  EXPECT_EQ(md_code("a|b"), "`a\\|b`");
  EXPECT_EQ(md_code("a`b"), "``a`b``");
  EXPECT_EQ(md_code("`x"), "`` `x ``");
  EXPECT_EQ(md_code("x\ny"), "`x\\ny`");
  EXPECT_EQ(md_code("x\x1b\xC2\x9B"), "`x\\x1b\\u009b`");
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
