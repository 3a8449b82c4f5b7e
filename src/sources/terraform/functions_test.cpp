#include <gtest/gtest.h>

#include "sources/terraform/eval.h"

namespace cs::tf {
namespace {

Value S(const char* s) {
  return Value::string(s);
}
Value N(double n) {
  return Value::number(n);
}
Value B(bool b) {
  return Value::boolean(b);
}
Value T(ValueList l) {
  return Value::tuple(std::move(l));
}
Value O(ValueMap m) {
  return Value::object(std::move(m));
}
Value U() {
  return Value::unknown("not known yet");
}

class Fn : public ::testing::Test {
 protected:
  Value call(std::string_view name, std::vector<Value> args) { return call_function(name, args, ctx); }
  // The value as jsonencode() writes it, or "(error: ...)" / "(unknown)".
  std::string J(std::string_view name, std::vector<Value> args) {
    Value v = call(name, std::move(args));
    if (v.is_error()) return "(error: " + v.reason() + ")";
    if (!v.is_wholly_known()) return "(unknown)";
    return call_function("jsonencode", {v}, ctx).as_string();
  }
  bool err(std::string_view name, std::vector<Value> args) { return call(name, std::move(args)).is_error(); }
  io::MemoryFileSystem fs;
  EvalContext ctx{{}, "/mod", &fs};
};

TEST_F(Fn, Numeric) {
  EXPECT_EQ(J("abs", {N(-3.5)}), "3.5");
  EXPECT_EQ(J("ceil", {N(1.2)}), "2");
  EXPECT_EQ(J("floor", {N(-1.2)}), "-2");
  EXPECT_EQ(J("max", {N(1), N(5), S("3")}), "5");
  EXPECT_EQ(J("min", {N(4), N(-2)}), "-2");
  EXPECT_TRUE(err("max", {}));
  EXPECT_EQ(J("parseint", {S("ff"), N(16)}), "255");
  EXPECT_EQ(J("parseint", {S("-101"), N(2)}), "-5");
  EXPECT_TRUE(err("parseint", {S("g"), N(16)}));
  EXPECT_TRUE(err("parseint", {S("1"), N(1)}));
  EXPECT_EQ(J("pow", {N(2), N(10)}), "1024");
  EXPECT_EQ(J("signum", {N(-7)}), "-1");
  EXPECT_EQ(J("signum", {N(0)}), "0");
  EXPECT_EQ(J("log", {N(8), N(2)}), "3");
  EXPECT_TRUE(err("abs", {S("x")}));
}

TEST_F(Fn, StringBasics) {
  EXPECT_EQ(J("chomp", {S("hello\n\n")}), "\"hello\"");
  EXPECT_EQ(J("chomp", {S("a\n\r\n")}), "\"a\"");
  EXPECT_EQ(J("startswith", {S("hello"), S("he")}), "true");
  EXPECT_EQ(J("endswith", {S("hello"), S("xlo")}), "false");
  EXPECT_EQ(J("strcontains", {S("hello"), S("ell")}), "true");
  EXPECT_EQ(J("lower", {S("HeLLo")}), "\"hello\"");
  EXPECT_EQ(J("upper", {S("héllo")}), "\"HÉLLO\"");
  EXPECT_EQ(J("title", {S("hello wORLD foo_bar x-y")}), "\"Hello WORLD Foo_bar X-Y\"");
  EXPECT_EQ(J("strrev", {S("héllo")}), "\"olléh\"");
  EXPECT_EQ(J("indent", {N(2), S("a\nb\n")}), "\"a\\n  b\\n  \"");
  EXPECT_EQ(J("trim", {S("?!hello?!"), S("!?")}), "\"hello\"");
  EXPECT_EQ(J("trimprefix", {S("helloworld"), S("hello")}), "\"world\"");
  EXPECT_EQ(J("trimprefix", {S("helloworld"), S("x")}), "\"helloworld\"");
  EXPECT_EQ(J("trimsuffix", {S("helloworld"), S("world")}), "\"hello\"");
  EXPECT_EQ(J("trimspace", {S("\t a b \n")}), "\"a b\"");
  EXPECT_EQ(J("length", {S("héllo")}), "5");
  EXPECT_TRUE(err("upper", {Value()}));
  EXPECT_EQ(call("upper", {Value()}).reason(),
            "Invalid function argument: Invalid value for \"str\" parameter: argument must not be null.");
}

TEST_F(Fn, Substr) {
  EXPECT_EQ(J("substr", {S("hello"), N(1), N(3)}), "\"ell\"");
  EXPECT_EQ(J("substr", {S("hello"), N(-3), N(-1)}), "\"llo\"");
  EXPECT_EQ(J("substr", {S("hello"), N(10), N(2)}), "\"\"");
  EXPECT_EQ(J("substr", {S("hello"), N(1), N(100)}), "\"ello\"");
  EXPECT_EQ(J("substr", {S("héllo"), N(1), N(1)}), "\"é\"");
}

TEST_F(Fn, SplitJoin) {
  EXPECT_EQ(J("split", {S(","), S("a,b,,c")}), "[\"a\",\"b\",\"\",\"c\"]");
  EXPECT_EQ(J("split", {S(","), S("")}), "[\"\"]");
  EXPECT_EQ(J("split", {S(""), S("abc")}), "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(J("join", {S(","), T({S("a"), S("b")})}), "\"a,b\"");
  EXPECT_EQ(J("join", {S("-"), T({S("a")}), T({S("b"), N(1)})}), "\"a-b-1\"");
  EXPECT_EQ(J("join", {S(","), T({})}), "\"\"");
  EXPECT_TRUE(err("join", {S(","), T({Value()})}));
  EXPECT_TRUE(err("join", {S(",")}));
}

TEST_F(Fn, Replace) {
  EXPECT_EQ(J("replace", {S("hello world"), S("o"), S("0")}), "\"hell0 w0rld\"");
  EXPECT_EQ(J("replace", {S("hello world"), S("/o(.)/"), S("$1")}), "\"hell wrld\"");
  EXPECT_EQ(J("replace", {S("2024-01-15"), S("/(\\d+)-(\\d+)-(\\d+)/"), S("$3/$2/${1}")}), "\"15/01/2024\"");
  EXPECT_EQ(J("replace", {S("k=v"), S("/(?P<k>\\w)=(?P<v>\\w)/"), S("${v}=${k}")}), "\"v=k\"");
  EXPECT_EQ(J("replace", {S("aaa"), S("a"), S("aa")}), "\"aaaaaa\"");
  EXPECT_EQ(J("replace", {S("abc"), S(""), S("-")}), "\"-a-b-c-\"");
  EXPECT_EQ(J("replace", {S("a.b"), S("/\\./"), S("$$")}), "\"a$b\"");
}

TEST_F(Fn, Regex) {
  EXPECT_EQ(J("regex", {S("[a-z]+"), S("123abc456")}), "\"abc\"");
  EXPECT_EQ(J("regex", {S("(\\d+)-(\\d+)"), S("10-20")}), "[\"10\",\"20\"]");
  EXPECT_EQ(J("regex", {S("(?P<a>\\d+)-(?P<b>\\d+)"), S("10-20")}), "{\"a\":\"10\",\"b\":\"20\"}");
  EXPECT_EQ(J("regex", {S("(?i)ABC"), S("xabcx")}), "\"abc\"");
  EXPECT_EQ(J("regex", {S("\\Aab"), S("abab")}), "\"ab\"");
  EXPECT_TRUE(err("regex", {S("x"), S("abc")}));
  EXPECT_EQ(J("regexall", {S("\\d"), S("a1b2c3")}), "[\"1\",\"2\",\"3\"]");
  EXPECT_EQ(J("regexall", {S("z"), S("abc")}), "[]");
  EXPECT_TRUE(err("regex", {S("("), S("abc")}));
  // RE2 syntax as Go has it: Unicode classes, (?<name>) groups, matching code points.
  EXPECT_EQ(J("regex", {S("\\pL+"), S("h\xc3\xa9llo1")}), "\"h\xc3\xa9llo\"");
  EXPECT_EQ(J("regex", {S("(?<a>x)(?<b>y)?"), S("x")}), "{\"a\":\"x\",\"b\":null}");
}

TEST_F(Fn, Format) {
  EXPECT_EQ(J("format", {S("%v|%#v"), T({N(1), S("a")}), O({{"a", N(1)}})}),
            "\"[1,\\\"a\\\"]|{\\\"a\\\":1}\"");
  EXPECT_EQ(J("format", {S("%5.2f|%-5d|%05d|%+d"), N(3.14159), N(42), N(42), N(5)}),
            "\" 3.14|42   |00042|+5\"");
  EXPECT_EQ(J("format", {S("%x %X %o %b"), N(255), N(255), N(8), N(5)}), "\"ff FF 10 101\"");
  EXPECT_EQ(J("format", {S("%e|%g|%g|%g"), N(1234.5), N(0.00001234), N(100000), N(1e21)}),
            "\"1.234500e+03|1.234e-05|100000|1e+21\"");
  EXPECT_EQ(J("format", {S("%q|%t"), S("a\"b"), B(true)}), "\"\\\"a\\\\\\\"b\\\"|true\"");
  EXPECT_EQ(J("format", {S("%[2]s %[1]s"), S("a"), S("b")}), "\"b a\"");
  EXPECT_EQ(J("format", {S("%.3s|%10s|%-4s|"), S("abcdef"), S("x"), S("y")}), "\"abc|         x|y   |\"");
  EXPECT_EQ(J("format", {S("%d%%"), N(50)}), "\"50%\"");
  EXPECT_EQ(J("format", {S("%s"), N(1)}), "\"1\"");
  EXPECT_TRUE(err("format", {S("%d"), N(1.5)}));
  EXPECT_TRUE(err("format", {S("%s"), T({N(1)})}));
  EXPECT_TRUE(err("format", {S("%s")}));
  EXPECT_TRUE(err("format", {S("a"), N(1)}));
  EXPECT_TRUE(call("format", {S("%s"), U()}).is_unknown());
  EXPECT_EQ(J("formatlist", {S("%s-%s"), T({S("a"), S("b")}), S("x")}), "[\"a-x\",\"b-x\"]");
  EXPECT_TRUE(err("formatlist", {S("%s"), T({S("a"), S("b")}), T({S("c")})}));
}

TEST_F(Fn, CollectionsBasics) {
  EXPECT_EQ(J("alltrue", {T({B(true), S("true")})}), "true");
  EXPECT_EQ(J("alltrue", {T({})}), "true");
  EXPECT_EQ(J("anytrue", {T({})}), "false");
  EXPECT_EQ(J("chunklist", {T({N(1), N(2), N(3)}), N(2)}), "[[1,2],[3]]");
  EXPECT_EQ(J("concat", {T({N(1)}), T({S("a")}), T({})}), "[1,\"a\"]");
  EXPECT_EQ(J("contains", {T({S("a"), S("b")}), S("b")}), "true");
  EXPECT_EQ(J("contains", {T({S("1")}), N(1)}), "false");
  EXPECT_EQ(J("distinct", {T({N(1), N(2), N(1), N(3)})}), "[1,2,3]");
  EXPECT_EQ(J("index", {T({S("a"), S("b")}), S("b")}), "1");
  EXPECT_TRUE(err("index", {T({S("a")}), S("z")}));
  EXPECT_EQ(J("keys", {O({{"b", N(1)}, {"a", N(2)}})}), "[\"a\",\"b\"]");
  EXPECT_EQ(J("values", {O({{"b", N(1)}, {"a", N(2)}})}), "[2,1]");
  EXPECT_EQ(J("reverse", {T({N(1), N(2), N(3)})}), "[3,2,1]");
  EXPECT_EQ(J("slice", {T({S("a"), S("b"), S("c")}), N(1), N(3)}), "[\"b\",\"c\"]");
  EXPECT_TRUE(err("slice", {T({N(1)}), N(0), N(2)}));
  EXPECT_EQ(J("sort", {T({N(3), N(1), N(20)})}), "[\"1\",\"20\",\"3\"]");
  EXPECT_EQ(J("sum", {T({N(1), N(2), N(3.5)})}), "6.5");
  EXPECT_TRUE(err("sum", {T({})}));
  EXPECT_EQ(J("range", {N(3)}), "[0,1,2]");
  EXPECT_EQ(J("range", {N(0), N(10), N(3)}), "[0,3,6,9]");
  EXPECT_EQ(J("range", {N(5), N(1)}), "[5,4,3,2]");
  EXPECT_EQ(J("one", {T({})}), "null");
  EXPECT_EQ(J("one", {T({S("x")})}), "\"x\"");
  EXPECT_TRUE(err("one", {T({N(1), N(2)})}));
  EXPECT_EQ(J("zipmap", {T({S("a"), S("b")}), T({N(1), N(2)})}), "{\"a\":1,\"b\":2}");
  EXPECT_TRUE(err("zipmap", {T({S("a")}), T({N(1), N(2)})}));
  EXPECT_EQ(J("matchkeys", {T({S("a"), S("b"), S("c")}), T({S("x"), S("y"), S("z")}), T({S("y"), S("z")})}),
            "[\"b\",\"c\"]");
  EXPECT_EQ(J("transpose", {O({{"a", T({S("1"), S("2")})}, {"b", T({S("2")})}})}),
            "{\"1\":[\"a\"],\"2\":[\"a\",\"b\"]}");
}

TEST_F(Fn, LengthOfKnownListWithUnknownsIsKnown) {
  EXPECT_EQ(J("length", {T({U(), N(1)})}), "2");
  EXPECT_EQ(J("length", {O({{"a", U()}})}), "1");
  EXPECT_TRUE(call("length", {U()}).is_unknown());
  EXPECT_TRUE(err("length", {Value()}));
  EXPECT_TRUE(err("length", {N(5)}));
}

TEST_F(Fn, LookupMissingKeyWithoutDefaultIsAnError) {
  Value m = O({{"a", N(1)}});
  EXPECT_EQ(J("lookup", {m, S("a")}), "1");
  EXPECT_EQ(J("lookup", {m, S("b"), N(2)}), "2");
  Value e = call("lookup", {m, S("b")});
  ASSERT_TRUE(e.is_error());
  EXPECT_EQ(e.reason(),
            "Invalid function argument: Invalid value for \"inputMap\" parameter: the given object has no "
            "attribute "
            "\"b\".");
  EXPECT_EQ(J("lookup", {m, S("b"), Value()}), "null");
}

TEST_F(Fn, ElementWrapsAround) {
  Value l = T({N(1), N(2), N(3)});
  EXPECT_EQ(J("element", {l, N(0)}), "1");
  EXPECT_EQ(J("element", {l, N(5)}), "3");
  EXPECT_EQ(J("element", {l, N(3)}), "1");
  EXPECT_TRUE(err("element", {l, N(-1)}));
  EXPECT_TRUE(err("element", {T({}), N(0)}));
  EXPECT_EQ(J("element", {T({U(), N(7)}), N(1)}), "7");
}

TEST_F(Fn, MergePrecedence) {
  EXPECT_EQ(J("merge", {O({{"a", N(1)}, {"b", N(1)}}), O({{"a", S("x")}}), O({{"a", N(3)}})}),
            "{\"a\":3,\"b\":1}");
  EXPECT_EQ(J("merge", {Value(), O({{"a", N(1)}})}), "{\"a\":1}");
  EXPECT_EQ(J("merge", {}), "{}");
  // Shallow: nested objects are replaced, not merged.
  EXPECT_EQ(J("merge", {O({{"a", O({{"x", N(1)}})}}), O({{"a", O({{"y", N(2)}})}})}), "{\"a\":{\"y\":2}}");
  EXPECT_EQ(call("merge", {Value::map({{"a", N(1)}}), Value::map({{"b", N(2)}})}).kind(), Value::Kind::Map);
  EXPECT_TRUE(err("merge", {T({})}));
}

TEST_F(Fn, FlattenNested) {
  EXPECT_EQ(J("flatten", {T({T({N(1), T({N(2)})}), T({}), N(3)})}), "[1,2,3]");
  EXPECT_EQ(J("flatten", {T({T({S("a")}), T({T({S("b"), T({S("c")})})})})}), "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(J("flatten", {T({})}), "[]");
  EXPECT_TRUE(call("flatten", {T({T({U()})})}).is_unknown());
}

TEST_F(Fn, CoalesceSkipsNullAndEmpty) {
  EXPECT_EQ(J("coalesce", {Value(), S(""), S("b")}), "\"b\"");
  EXPECT_EQ(J("coalesce", {Value(), S(""), N(1)}), "\"1\"");
  EXPECT_EQ(J("coalesce", {N(1), N(2)}), "1");
  EXPECT_TRUE(err("coalesce", {Value(), S("")}));
  EXPECT_TRUE(call("coalesce", {U(), S("a")}).is_unknown());
  EXPECT_EQ(J("coalescelist", {T({}), T({S("a")}), T({S("b")})}), "[\"a\"]");
}

TEST_F(Fn, CompactRemovesNullAndEmpty) {
  EXPECT_EQ(J("compact", {T({S("a"), S(""), Value(), S("b")})}), "[\"a\",\"b\"]");
  EXPECT_EQ(J("compact", {T({})}), "[]");
}

TEST_F(Fn, Sets) {
  EXPECT_EQ(J("setintersection", {T({S("a"), S("b")}), T({S("b"), S("c")})}), "[\"b\"]");
  EXPECT_EQ(J("setunion", {T({S("b")}), T({S("a"), S("b")})}), "[\"a\",\"b\"]");
  EXPECT_EQ(J("setsubtract", {T({N(1), N(2), N(3)}), T({N(2)})}), "[1,3]");
  EXPECT_EQ(J("setproduct", {T({S("a"), S("b")}), T({N(1), N(2)})}),
            "[[\"a\",1],[\"a\",2],[\"b\",1],[\"b\",2]]");
  EXPECT_EQ(call("setunion", {T({S("a")})}).kind(), Value::Kind::Set);
}

TEST_F(Fn, TypeConversions) {
  EXPECT_EQ(J("tolist", {T({S("a"), N(1), B(true)})}), "[\"a\",\"1\",\"true\"]");
  EXPECT_TRUE(err("tolist", {T({N(1), B(true)})}));
  EXPECT_EQ(call("tolist", {T({N(1)})}).kind(), Value::Kind::List);
  EXPECT_EQ(J("toset", {T({S("b"), S("a"), S("b")})}), "[\"a\",\"b\"]");
  EXPECT_EQ(J("toset", {T({N(1), S("1")})}), "[\"1\"]");
  EXPECT_EQ(J("tomap", {O({{"a", N(1)}, {"b", S("x")}})}), "{\"a\":\"1\",\"b\":\"x\"}");
  EXPECT_TRUE(err("tomap", {O({{"a", T({N(1)})}, {"b", S("x")}})}));
  EXPECT_EQ(J("tonumber", {S("1e3")}), "1000");
  EXPECT_TRUE(err("tonumber", {S("0x10")}));
  EXPECT_TRUE(err("tonumber", {B(true)}));
  EXPECT_EQ(J("tobool", {S("false")}), "false");
  EXPECT_TRUE(err("tobool", {N(1)}));
  EXPECT_EQ(J("tostring", {N(1.5)}), "\"1.5\"");
  EXPECT_TRUE(call("tostring", {Value()}).is_null());
  EXPECT_TRUE(err("tostring", {T({})}));
}

TEST_F(Fn, JsonEncodeOrderingAndNumbers) {
  EXPECT_EQ(J("jsonencode", {O({{"b", N(1)}, {"a", T({N(1.5), S("x"), Value(), B(true)})}})}),
            "\"{\\\"a\\\":[1.5,\\\"x\\\",null,true],\\\"b\\\":1}\"");
  EXPECT_EQ(call("jsonencode", {N(1e21)}).as_string(), "1000000000000000000000");
  EXPECT_EQ(call("jsonencode", {N(0.1)}).as_string(), "0.1");
  EXPECT_EQ(call("jsonencode", {N(-3)}).as_string(), "-3");
  EXPECT_EQ(call("jsonencode", {S("<a & b>\n")}).as_string(), "\"\\u003ca \\u0026 b\\u003e\\n\"");
  EXPECT_TRUE(call("jsonencode", {T({U()})}).is_unknown());
  EXPECT_TRUE(err("jsonencode", {N(1.0 / 0.0)}));
}

TEST_F(Fn, JsonDecode) {
  EXPECT_EQ(J("jsondecode", {S("{\"b\": [1, 2.5, \"x\"], \"a\": null}")}),
            "{\"a\":null,\"b\":[1,2.5,\"x\"]}");
  EXPECT_EQ(call("jsondecode", {S("\"\\u00e9\"")}).as_string(), "é");
  EXPECT_EQ(call("jsondecode", {S("\"\\ud83d\\ude00\"")}).as_string(), "\xF0\x9F\x98\x80");
  EXPECT_TRUE(err("jsondecode", {S("{bad")}));
  EXPECT_TRUE(err("jsondecode", {S("[1] x")}));
  EXPECT_EQ(call("jsondecode", {S("[1]")}).kind(), Value::Kind::Tuple);
  // Read as Terraform reads it (Go's encoding/json through cty; each case checked with terraform console):
  // a duplicate key keeps its last value, a lone surrogate or an invalid UTF-8 byte is U+FFFD, and the
  // error texts are Go's.
  EXPECT_EQ(J("jsondecode", {S("{\"a\":1,\"a\":2}")}), "{\"a\":2}");
  EXPECT_EQ(call("jsondecode", {S("\"\\ud800\\u0041\"")}).as_string(),
            "\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(call("jsondecode", {S("\"a\xFF\"")}).as_string(), "a\xEF\xBF\xBD");
  auto reason = [&](const char* json) { return call("jsondecode", {S(json)}).reason(); };
  const std::string failed = "Error in function call: Call to function \"jsondecode\" failed: ";
  EXPECT_EQ(reason("{bad"), failed + "invalid character 'b'");
  EXPECT_EQ(reason("[1] x"), failed + "extraneous data after JSON object");
  EXPECT_EQ(reason(""), failed + "EOF");
  EXPECT_EQ(reason("[1,"), failed + "EOF");
  EXPECT_EQ(reason("nul"), failed + "unexpected EOF");
  EXPECT_EQ(reason("[1,]"), failed + "invalid character ']' looking for beginning of value");
  EXPECT_EQ(reason("\xEF\xBB\xBF{}"), failed + "invalid character '\xC3\xAF' looking for beginning of value");
  EXPECT_EQ(reason("\"\t\""), failed + "invalid character '\\t' in string literal");
  // A duplicate key keeps the last value, but every earlier one must fit the type of the last (cty
  // decodes them all), else cty's message.
  EXPECT_EQ(J("jsondecode", {S("{\"a\":\"1\",\"a\":2,\"b\":{\"c\":1,\"c\":\"x\"}}")}),
            "{\"a\":2,\"b\":{\"c\":\"x\"}}");
  EXPECT_EQ(reason("{\"a\":1,\"a\":{\"x\":true}}"), failed + "missing expected {");
  EXPECT_EQ(reason("{\"a\":{\"y\":1},\"a\":{\"x\":true}}"), failed + "unsupported attribute \"y\"");
  EXPECT_EQ(reason("{\"a\":[1],\"a\":[1,2]}"), failed + "not enough tuple elements (need 2)");
  EXPECT_EQ(reason("{\"a\":[1,2,3],\"a\":[1,2]}"), failed + "too many tuple elements (need 2)");
  EXPECT_EQ(reason("{\"a\":\"x\",\"a\":2}"), failed + "a number is required");
  EXPECT_EQ(reason("{\"a\":true,\"a\":1}"), failed + "number is required");
  EXPECT_EQ(reason("{\"a\":\"x\",\"a\":true}"), failed + "a bool is required");
  EXPECT_EQ(reason("{\"a\":{},\"a\":\"s\"}"), failed + "string is required");
  EXPECT_EQ(reason("{\"a\":{\"x\":1},\"a\":null}"), failed + "invalid key \"x\" in dynamically-typed value");
  EXPECT_EQ(reason("[{\"a\":{\"b\":1,\"b\":\"x\"},\"a\":{\"b\":2}}]"), failed + "a number is required");
  // Nesting deeper than 500 is refused (the evaluation must not recurse without bound).
  EXPECT_EQ(reason((std::string(501, '[') + std::string(501, ']')).c_str()), failed + "exceeded max depth");
  EXPECT_FALSE(err("jsondecode", {Value::string(std::string(500, '[') + std::string(500, ']'))}));
}

TEST_F(Fn, Encodings) {
  EXPECT_EQ(J("base64encode", {S("hello world")}), "\"aGVsbG8gd29ybGQ=\"");
  EXPECT_EQ(J("base64decode", {S("aGVsbG8gd29ybGQ=")}), "\"hello world\"");
  EXPECT_TRUE(err("base64decode", {S("!!!")}));
  EXPECT_EQ(J("urlencode", {S("a b&c=d/é")}), "\"a+b%26c%3Dd%2F%C3%A9\"");
  EXPECT_EQ(J("csvdecode", {S("a,b\n1,2\n3,\"x,y\"")}),
            "[{\"a\":\"1\",\"b\":\"2\"},{\"a\":\"3\",\"b\":\"x,y\"}]");
  EXPECT_TRUE(err("csvdecode", {S("a,b\n1")}));
  EXPECT_TRUE(call("yamldecode", {S("a: 1")}).is_unknown());
  EXPECT_FALSE(is_supported_function("yamldecode"));
}

TEST_F(Fn, Hashes) {
  EXPECT_EQ(call("md5", {S("")}).as_string(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(call("md5", {S("hello")}).as_string(), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(call("sha1", {S("hello")}).as_string(), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  EXPECT_EQ(call("sha256", {S("hello")}).as_string(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(call("sha512", {S("")}).as_string(),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
            "63b931bd4741"
            "7a81a538327af927da3e");
  EXPECT_EQ(call("base64sha256", {S("hello")}).as_string(), "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
}

TEST_F(Fn, NotKnowableAndUnsupported) {
  EXPECT_TRUE(call("uuid", {}).is_unknown());
  EXPECT_TRUE(call("timestamp", {}).is_unknown());
  EXPECT_TRUE(call("bcrypt", {S("x")}).is_unknown());
  Value p = call("provider::aws::arn_parse", {S("arn:aws:s3:::b")});
  ASSERT_TRUE(p.is_unknown());
  EXPECT_EQ(p.reason(), "function provider::aws::arn_parse is not supported");
  EXPECT_TRUE(call("nosuchfunction", {}).is_unknown());
  EXPECT_FALSE(is_supported_function("nosuchfunction"));
  EXPECT_TRUE(is_supported_function("format"));
  EXPECT_TRUE(err("list", {N(1)}));  // removed in Terraform 0.15
}

TEST_F(Fn, ErrorsAndUnknownsPropagate) {
  Value e = Value::error("boom");
  EXPECT_EQ(call("upper", {e}).reason(), "boom");
  EXPECT_TRUE(call("upper", {U()}).is_unknown());
  EXPECT_EQ(call("upper", {U()}).reason(), "not known yet");
  EXPECT_TRUE(call("concat", {T({N(1)}), U()}).is_unknown());
  EXPECT_TRUE(err("upper", {}));
  EXPECT_TRUE(err("upper", {S("a"), S("b")}));
}

TEST_F(Fn, TryAndCan) {
  Value e = Value::error("boom");
  EXPECT_EQ(J("try", {e, S("fallback")}), "\"fallback\"");
  EXPECT_EQ(J("try", {S("first"), S("fallback")}), "\"first\"");
  EXPECT_EQ(J("try", {e, Value()}), "null");
  EXPECT_TRUE(err("try", {e, e}));
  EXPECT_TRUE(call("try", {U(), S("x")}).is_unknown());
  EXPECT_TRUE(call("try", {T({U()}), S("x")}).is_unknown());
  EXPECT_EQ(J("can", {e}), "false");
  EXPECT_EQ(J("can", {N(1)}), "true");
  EXPECT_TRUE(call("can", {U()}).is_unknown());
}

TEST_F(Fn, SensitiveIsIdentity) {
  EXPECT_EQ(J("sensitive", {S("x")}), "\"x\"");
  EXPECT_EQ(J("nonsensitive", {N(1)}), "1");
}

TEST_F(Fn, Paths) {
  EXPECT_EQ(J("basename", {S("/a/b/c.txt")}), "\"c.txt\"");
  EXPECT_EQ(J("dirname", {S("/a/b/c.txt")}), "\"/a/b\"");
  EXPECT_EQ(J("dirname", {S("a")}), "\".\"");
  EXPECT_EQ(J("abspath", {S("/a/./b/../c")}), "\"/a/c\"");
  EXPECT_TRUE(call("abspath", {S("rel")}).is_unknown());
  EXPECT_TRUE(call("pathexpand", {S("~/x")}).is_unknown());
  EXPECT_EQ(J("pathexpand", {S("/x")}), "\"/x\"");
}

TEST_F(Fn, Files) {
  fs.add("/mod/files/a.txt", "hello");
  fs.add("/mod/files/sub/b.json", "{}");
  fs.add("/mod/files/sub/c.txt", "c");
  EXPECT_EQ(J("file", {S("files/a.txt")}), "\"hello\"");
  EXPECT_EQ(J("file", {S("/mod/files/a.txt")}), "\"hello\"");
  EXPECT_TRUE(err("file", {S("missing.txt")}));
  EXPECT_EQ(J("fileexists", {S("files/a.txt")}), "true");
  EXPECT_EQ(J("fileexists", {S("files/nope.txt")}), "false");
  EXPECT_EQ(J("filemd5", {S("files/a.txt")}), "\"5d41402abc4b2a76b9719d911017c592\"");
  EXPECT_EQ(J("filebase64", {S("files/a.txt")}), "\"aGVsbG8=\"");
  EXPECT_EQ(J("fileset", {S("files"), S("**/*.txt")}), "[\"a.txt\",\"sub/c.txt\"]");
  EXPECT_EQ(J("fileset", {S("files"), S("*")}), "[\"a.txt\"]");
  EXPECT_EQ(J("fileset", {S("files"), S("sub/*.{json,txt}")}), "[\"sub/b.json\",\"sub/c.txt\"]");
  EvalContext nofs;
  EXPECT_TRUE(call_function("file", {S("x")}, nofs).is_unknown());
}

TEST_F(Fn, TemplateFile) {
  fs.add("/mod/t/list.tpl", "%{ for n in names ~}\n- ${n}\n%{ endfor ~}\nport=${port}");
  fs.add("/mod/t/bad_ref.tpl", "${var.x}");
  fs.add("/mod/t/if.tpl", "%{ if enabled }on%{ else }off%{ endif }");
  Value vars = O({{"names", T({S("a"), S("b")})}, {"port", N(80)}});
  EXPECT_EQ(call("templatefile", {S("t/list.tpl"), vars}).as_string(), "- a\n- b\nport=80");
  EXPECT_EQ(call("templatefile", {S("t/if.tpl"), O({{"enabled", B(false)}})}).as_string(), "off");
  EXPECT_TRUE(err("templatefile", {S("t/bad_ref.tpl"), O({})}));  // only the given vars are in scope
  EXPECT_TRUE(err("templatefile", {S("t/if.tpl"), O({})}));
  EXPECT_TRUE(err("templatefile", {S("t/missing.tpl"), O({})}));
  EXPECT_TRUE(call("templatefile", {S("t/if.tpl"), O({{"enabled", U()}})}).is_unknown());
}

}  // namespace
}  // namespace cs::tf

namespace cs::tf {
namespace {

// ---- provenance marks (sensitive, from a file, from the environment) ----

class Marks : public ::testing::Test {
 protected:
  Value call(std::string_view name, std::vector<Value> args) { return call_function(name, args, ctx); }
  io::MemoryFileSystem fs;
  EvalContext ctx{{}, "/mod", &fs};
};

TEST_F(Marks, LabelsAndRendering) {
  Value s = Value::string("hunter2").with_marks(Value::kSensitive);
  EXPECT_EQ(s.label(), "(sensitive)");
  EXPECT_EQ(s.render(), "(sensitive)");
  EXPECT_EQ(Value::string("x").with_marks(Value::kEnv).render(), "(from environment)");
  EXPECT_EQ(Value::string("x").with_file_mark("cfg/token.txt").render(), "(from file cfg/token.txt)");
  // Sensitive wins over the others.
  EXPECT_EQ(Value::string("x").with_file_mark("a").with_marks(Value::kSensitive).label(), "(sensitive)");
  // A marked collection marks everything inside it; a literal next to a secret stays itself.
  Value t = Value::tuple({Value::string("a"), Value::string("b")}).with_marks(Value::kEnv);
  EXPECT_TRUE(t.items()[1].is_marked());
  Value mixed = Value::tuple({s, Value::string("plain")});
  EXPECT_FALSE(mixed.is_marked());
  EXPECT_TRUE(mixed.contains_marks());
  EXPECT_EQ(mixed.render(), "[(sensitive), \"plain\"]");
  EXPECT_EQ(mixed.deep_marks() & Value::kSensitive, Value::kSensitive);
}

TEST_F(Marks, FunctionsPropagateThem) {
  Value s = Value::string("hunter2").with_marks(Value::kSensitive);
  EXPECT_TRUE(call("upper", {s}).is_marked());
  EXPECT_EQ(call("upper", {s}).as_string(), "HUNTER2");
  EXPECT_TRUE(call("length", {s}).is_marked());
  EXPECT_TRUE(
      call("jsondecode", {Value::string("{\"a\": \"b\"}").with_file_mark("x.json")}).get("a")->is_marked());
  // sensitive() adds the mark, nonsensitive() removes it, issensitive() tells.
  EXPECT_TRUE(call("sensitive", {Value::string("a")}).is_marked());
  EXPECT_FALSE(call("nonsensitive", {s}).is_marked());
  EXPECT_EQ(call("nonsensitive", {s}).as_string(), "hunter2");
  EXPECT_TRUE(call("issensitive", {s}).as_bool());
  EXPECT_FALSE(call("issensitive", {Value::string("a")}).as_bool());
  EXPECT_FALSE(call("issensitive", {Value::object({{"a", s}})}).as_bool());  // as Terraform: the value itself
  EXPECT_FALSE(call("issensitive", {s}).is_marked());
}

TEST_F(Marks, ErrorsDoNotQuoteMarkedArguments) {
  Value s = Value::string("hunter2").with_marks(Value::kSensitive);
  Value e = call("tonumber", {s});
  ASSERT_TRUE(e.is_error());
  EXPECT_EQ(e.reason(),
            "Error in function call: Call to function \"tonumber\" failed: an argument is (sensitive), so "
            "the details are not shown");
  Value j = call("jsondecode", {Value::string("hunter2").with_file_mark("t.txt")});
  ASSERT_TRUE(j.is_error());
  EXPECT_EQ(j.reason().find("hunter2"), std::string::npos);
  EXPECT_NE(j.reason().find("(from file t.txt)"), std::string::npos);
  // Conversions say which mark instead of the string.
  EXPECT_EQ(
      s.to_number_value().reason(),
      "cannot convert (sensitive) to number; given string must be a decimal representation of a number.");
  EXPECT_EQ(Value::string("x").with_marks(Value::kEnv).to_bool_value().reason(),
            "cannot convert (from environment) to bool; only the strings \"true\" or \"false\" are allowed.");
  EXPECT_TRUE(Value::string("5").with_marks(Value::kEnv).to_number_value().is_marked());
}

TEST_F(Marks, FileFunctionsMarkWhatTheyRead) {
  fs.add("/mod/token.txt", "hunter2");
  fs.add("/mod/t.tpl", "v=${x}");
  Value f = call("file", {Value::string("token.txt")});
  EXPECT_EQ(f.as_string(), "hunter2");
  EXPECT_EQ(f.label(), "(from file /mod/token.txt)");
  EXPECT_TRUE(call("filesha256", {Value::string("token.txt")}).is_marked());
  EXPECT_TRUE(call("filebase64", {Value::string("token.txt")}).is_marked());
  EXPECT_EQ(
      call("templatefile", {Value::string("t.tpl"), Value::object({{"x", Value::string("1")}})}).label(),
      "(from file /mod/t.tpl)");
  EXPECT_FALSE(call("fileexists", {Value::string("token.txt")}).is_marked());
}

TEST_F(Marks, SizeLimitWithoutConfinement) {
  fs.add("/mod/big.txt", std::string(100, 'x'));
  ctx.set_max_file_size(10);
  Value v = call("file", {Value::string("big.txt")});
  ASSERT_TRUE(v.is_unknown());
  EXPECT_EQ(v.reason(), "file(\"big.txt\") is larger than the file size limit (10 bytes)");
}

TEST_F(Marks, TemplatefileInsideATemplateIsAnError) {
  fs.add("/mod/self.tpl", "${templatefile(\"self.tpl\", {})}");
  fs.add("/mod/file.tpl", "${file(\"token.txt\")}");
  fs.add("/mod/token.txt", "ok");
  Value v = call("templatefile", {Value::string("self.tpl"), Value::object({})});
  ASSERT_TRUE(v.is_error());
  EXPECT_EQ(v.reason(),
            "Error in function call: Call to function \"templatefile\" failed: cannot recursively call "
            "templatefile "
            "from inside another template function.");
  // Other file functions remain allowed inside a template.
  EXPECT_EQ(call("templatefile", {Value::string("file.tpl"), Value::object({})}).as_string(), "ok");
}

}  // namespace
}  // namespace cs::tf
