#include "sources/terraform/value.h"

#include <gtest/gtest.h>

namespace cs::tf {
namespace {

Value S(const char* s) {
  return Value::string(s);
}
Value N(double n) {
  return Value::number(n);
}

TEST(Value, NestingIsBounded) {
  Value v = S("x");
  for (unsigned i = 0; i < kMaxValueDepth; ++i) v = (i % 2 ? Value::tuple({v}) : Value::object({{"k", v}}));
  EXPECT_EQ(v.depth(), kMaxValueDepth);
  for (Value deeper : {Value::tuple({v}), Value::list({v}), Value::set({v}), Value::map({{"k", v}}),
                       Value::object({{"k", v}})}) {
    EXPECT_TRUE(deeper.is_error());
    EXPECT_EQ(deeper.reason(), "a value nests collections deeper than 1000 levels");
  }
}

TEST(Value, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value::unknown("x").is_unknown());
  EXPECT_EQ(Value::unknown("why").reason(), "why");
  EXPECT_TRUE(Value::error("bad").is_error());
  EXPECT_FALSE(Value::error("bad").is_known());
  EXPECT_TRUE(N(1).is_known());
  Value l = Value::tuple({N(1), S("a")});
  EXPECT_TRUE(l.is_sequence());
  ASSERT_NE(l.at(1), nullptr);
  EXPECT_EQ(l.at(1)->as_string(), "a");
  EXPECT_EQ(l.at(2), nullptr);
  Value o = Value::object({{"k", N(2)}});
  ASSERT_NE(o.get("k"), nullptr);
  EXPECT_EQ(o.get("k")->as_number(), 2);
  EXPECT_EQ(o.get("missing"), nullptr);
  EXPECT_TRUE(S("x").items().empty());
  EXPECT_TRUE(S("x").attrs().empty());
}

TEST(Value, WhollyKnown) {
  EXPECT_TRUE(Value::tuple({N(1), Value::object({{"a", S("b")}})}).is_wholly_known());
  EXPECT_FALSE(Value::tuple({N(1), Value::unknown("u")}).is_wholly_known());
  EXPECT_FALSE(Value::object({{"a", Value::list({Value::unknown("u")})}}).is_wholly_known());
  EXPECT_TRUE(Value().is_wholly_known());
}

TEST(Value, SetSortsAndDedupes) {
  Value s = Value::set({S("b"), S("a"), S("b")});
  ASSERT_EQ(s.items().size(), 2u);
  EXPECT_EQ(s.items()[0].as_string(), "a");
  EXPECT_EQ(s.items()[1].as_string(), "b");
  Value n = Value::set({N(10), N(2), N(3), N(2)});
  ASSERT_EQ(n.items().size(), 3u);
  EXPECT_EQ(n.items()[0].as_number(), 2);
  EXPECT_EQ(n.items()[2].as_number(), 10);
  Value u = Value::set({Value::unknown("a"), S("x"), Value::unknown("b")});
  EXPECT_EQ(u.items().size(), 3u);  // unknowns kept (they may be equal or not)
  EXPECT_EQ(u.items()[0].as_string(), "x");
}

TEST(Value, EqualityIsStrictAboutTypes) {
  EXPECT_TRUE(N(1).equals(N(1)));
  EXPECT_FALSE(N(1).equals(S("1")));
  EXPECT_FALSE(Value::boolean(true).equals(S("true")));
  EXPECT_TRUE(Value().equals(Value()));
  EXPECT_TRUE(Value::tuple({N(1)}).equals(Value::tuple({N(1)})));
  EXPECT_FALSE(Value::tuple({N(1)}).equals(Value::list({N(1)})));  // [1] == tolist([1]) is false
  EXPECT_FALSE(Value::object({{"a", N(1)}}).equals(Value::map({{"a", N(1)}})));
  EXPECT_FALSE(Value::object({{"a", Value()}}).equals(Value::object({})));
  EXPECT_FALSE(Value::unknown("x").equals(Value::unknown("x")));
}

TEST(Value, Conversions) {
  EXPECT_EQ(N(1).to_string_value().as_string(), "1");
  EXPECT_EQ(N(1.5).to_string_value().as_string(), "1.5");
  EXPECT_EQ(Value::boolean(false).to_string_value().as_string(), "false");
  EXPECT_TRUE(Value().to_string_value().is_null());
  EXPECT_TRUE(Value::tuple({}).to_string_value().is_error());
  EXPECT_EQ(S("1e3").to_number_value().as_number(), 1000);
  EXPECT_EQ(S("-2.5").to_number_value().as_number(), -2.5);
  EXPECT_EQ(S(".5").to_number_value().as_number(), 0.5);
  EXPECT_TRUE(S("0x10").to_number_value().is_error());
  EXPECT_TRUE(S(" 1").to_number_value().is_error());
  EXPECT_TRUE(S("").to_number_value().is_error());
  EXPECT_TRUE(Value::boolean(true).to_number_value().is_error());
  EXPECT_TRUE(S("true").to_bool_value().as_bool());
  EXPECT_FALSE(S("false").to_bool_value().as_bool());
  EXPECT_TRUE(S("True").to_bool_value().is_error());
  EXPECT_TRUE(N(1).to_bool_value().is_error());
  EXPECT_TRUE(Value::unknown("u").to_number_value().is_unknown());
}

TEST(Value, FormatNumber) {
  EXPECT_EQ(Value::format_number(1), "1");
  EXPECT_EQ(Value::format_number(-1), "-1");
  EXPECT_EQ(Value::format_number(0), "0");
  EXPECT_EQ(Value::format_number(1.5), "1.5");
  EXPECT_EQ(Value::format_number(0.1), "0.1");
  EXPECT_EQ(Value::format_number(0.1 + 0.2), "0.3");  // as Terraform's decimal arithmetic gives
  EXPECT_EQ(Value::format_number(1e21), "1000000000000000000000");
  EXPECT_EQ(Value::format_number(2e-10), "0.0000000002");
  EXPECT_EQ(Value::format_number(123456789.123), "123456789.123");
  EXPECT_EQ(Value::format_number(1.0 / 3), "0.3333333333333333");  // Terraform prints 157 digits
  EXPECT_EQ(Value::format_number(1e15), "1000000000000000");
  EXPECT_EQ(Value::format_number(1.0 / 0.0), "+Inf");
  EXPECT_EQ(Value::format_number(-1.0 / 0.0), "-Inf");
}

TEST(Value, Render) {
  EXPECT_EQ(S("abc").render(), "\"abc\"");
  EXPECT_EQ(S("a\"b\n${x}").render(), "\"a\\\"b\\n$${x}\"");
  EXPECT_EQ(N(1).render(), "1");
  EXPECT_EQ(Value().render(), "null");
  EXPECT_EQ(Value::unknown("x").render(), "(unknown)");
  EXPECT_EQ(Value::tuple({S("a"), N(1)}).render(), "[\"a\", 1]");
  EXPECT_EQ(Value::list({N(1)}).render(), "tolist([1])");
  EXPECT_EQ(Value::set({N(2), N(1)}).render(), "toset([1, 2])");
  EXPECT_EQ(Value::object({{"k", S("v")}, {"a", Value::boolean(true)}}).render(),
            "{\"a\" = true, \"k\" = \"v\"}");
  EXPECT_EQ(Value::map({{"k", S("v")}}).render(), "tomap({\"k\" = \"v\"})");
}

TEST(Value, LessOrdersKindsThenValues) {
  EXPECT_TRUE(N(1).less(N(2)));
  EXPECT_FALSE(N(2).less(N(1)));
  EXPECT_TRUE(S("a").less(S("b")));
  EXPECT_TRUE(Value::boolean(false).less(Value::boolean(true)));
  EXPECT_TRUE(S("z").less(Value::unknown("u")));  // unknowns last
  EXPECT_TRUE(Value::tuple({N(1)}).less(Value::tuple({N(1), N(0)})));
}

}  // namespace
}  // namespace cs::tf
