#include "base/json_writer.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

TEST(JsonQuote, EscapesAndUtf8) {
  EXPECT_EQ(json_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(json_quote(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(json_quote("h\xc3\xa9"), "\"h\xc3\xa9\"");
  EXPECT_EQ(json_quote("bad\xff"), "\"bad\\ufffd\"");
  EXPECT_EQ(json_quote("cut\xc3"), "\"cut\\ufffd\"");
  // Inert on a terminal: ESC, C1 (U+009B CSI), bidi overrides and isolates, line separators.
  EXPECT_EQ(json_quote("\x1b[31m"), "\"\\u001b[31m\"");
  EXPECT_EQ(json_quote("a\xc2\x9b"
                       "b\xe2\x80\xae"
                       "c\xe2\x81\xa6"
                       "d\xe2\x80\xa8"),
            "\"a\\u009bb\\u202ec\\u2066d\\u2028\"");
  EXPECT_EQ(json_quote("\xe2\x82\xac"), "\"\xe2\x82\xac\"");  // the euro sign stays
}

}  // namespace
}  // namespace cs
