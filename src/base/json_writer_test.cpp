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
}

}  // namespace
}  // namespace cs
