#include "aws/creds/ini.h"

#include <gtest/gtest.h>

namespace cs::aws::creds {
namespace {

TEST(Ini, SectionsKeysCommentsAndContinuations) {
  auto r = parse_ini("cfg",
                     "\xEF\xBB\xBF# top comment\n"
                     "; another\n"
                     "[default]\n"
                     "Region = us-east-1  \r\n"
                     "output: json\n"
                     "# comment between keys does not end a value\n"
                     "multi = first\n"
                     "  second\n"
                     "\n"
                     "  third\n"
                     "inline = value # kept, configparser has no inline comments\n"
                     "s3 =\n"
                     "  max_concurrent_requests = 10\n"
                     "  addressing_style = path\n"
                     "  not a pair\n"
                     "[profile x]\n"
                     "k=v\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->sections.size(), 2u);
  const auto& d = r->sections[0];
  EXPECT_EQ(d.name, "default");
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.values.at("region").value, "us-east-1");
  EXPECT_EQ(d.values.at("region").line, 4u);
  EXPECT_EQ(d.values.at("output").value, "json");
  EXPECT_EQ(d.values.at("multi").value, "first\nsecond\n\nthird");
  EXPECT_EQ(d.values.at("inline").value, "value # kept, configparser has no inline comments");
  const auto& s3 = d.values.at("s3");
  EXPECT_TRUE(s3.is_nested);
  EXPECT_EQ(s3.nested.at("max_concurrent_requests"), "10");
  EXPECT_EQ(s3.nested.at("addressing_style"), "path");
  EXPECT_EQ(s3.nested.size(), 2u);
  EXPECT_EQ(r->sections[1].name, "profile x");
  EXPECT_EQ(r->sections[1].values.at("k").value, "v");
}

TEST(Ini, EmptyValueAndIndentedFirstKey) {
  auto r = parse_ini("f", "[a]\n  key =\nother = 1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sections[0].values.at("key").value, "");
  EXPECT_FALSE(r->sections[0].values.at("key").is_nested);
  EXPECT_EQ(r->sections[0].values.at("other").value, "1");
}

struct BadCase {
  const char* text;
  unsigned line;
  const char* fragment;
};

TEST(Ini, ErrorsNameFileAndLine) {
  const BadCase cases[] = {
      {"k = v\n", 1, "outside any [section]"},
      {"[a]\nk = 1\n[a]\n", 3, "duplicate section"},
      {"[a]\nk = 1\nK = 2\n", 3, "duplicate key 'k'"},
      {"[a]\njust words\n", 2, "expected 'key = value'"},
      {"[a]\n= v\n", 2, "empty key"},
      {"[a]\n[unclosed\n", 2, "malformed section header"},
  };
  for (const auto& c : cases) {
    auto r = parse_ini("/home/u/.aws/config", c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().file, "/home/u/.aws/config");
    EXPECT_EQ(r.error().line, c.line) << c.text;
    EXPECT_NE(r.error().message.find(c.fragment), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().to_string().rfind("/home/u/.aws/config:" + std::to_string(c.line), 0), 0u);
  }
}

TEST(Ini, ErrorsNeverQuoteTheLine) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
  for (std::string text :
       {"aws_secret_access_key " + secret + "\n", "[d]\n" + secret + "\n",
        "[d]\naws_secret_access_key = " + secret + "\naws_secret_access_key = " + secret + "\n"}) {
    auto r = parse_ini("c", text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().to_string().find(secret), std::string::npos) << r.error().to_string();
  }
}

}  // namespace
}  // namespace cs::aws::creds
