#include "sources/terraform/eval.h"

#include <gtest/gtest.h>

#include <memory>

#include "syntax/hcl/ast.h"

namespace cs::tf {
namespace {

Value S(const char* s) {
  return Value::string(s);
}
Value N(double n) {
  return Value::number(n);
}
Value T(ValueList l) {
  return Value::tuple(std::move(l));
}
Value O(ValueMap m) {
  return Value::object(std::move(m));
}

class Eval : public ::testing::Test {
 protected:
  Eval() {
    vars = {
        {"null_obj", Value()},
        {"obj", O({{"a", N(1)}, {"y", S("why")}, {"nested", O({{"list", T({N(10), N(20)})}})}})},
        {"list", Value::list({S("a"), S("b")})},
        {"u", Value::unknown("var.u is not known until apply")},
        {"with_unknown", T({N(1), Value::unknown("element unknown")})},
        {"users",
         T({O({{"name", S("ann")}, {"role", S("admin")}}), O({{"name", S("bob")}, {"role", S("dev")}}),
            O({{"name", S("cid")}, {"role", S("admin")}})})},
    };
    ctx = EvalContext(
        [this](const hcl::ScopeTraversalExpr& t) -> Value {
          ++resolver_calls;
          if (t.root == "var" && !t.steps.empty()) {
            auto it = vars.find(t.steps[0].name);
            if (it == vars.end()) return Value::error("undeclared variable " + std::string(t.steps[0].name));
            return apply_steps(it->second, t, 1, ctx);
          }
          return Value::unknown("reference to " + std::string(t.root) + " is not known");
        },
        "/mod", &fs);
  }

  const hcl::Expr* parse(std::string_view src) {
    files.push_back(std::make_unique<hcl::File>());
    hcl::File& f = *files.back();
    std::string_view text = f.arena.copy(src);
    const hcl::Expr* e = hcl::parse_expression(f, text, hcl::Pos{1, 1, 0});
    EXPECT_TRUE(f.ok()) << src << ": " << (f.diags.empty() ? "" : f.diags[0].message);
    return e;
  }
  Value ev(std::string_view src) { return eval(parse(src), ctx); }
  // jsonencode() of the result, or "(error: ...)" / "(unknown: ...)".
  std::string J(std::string_view src) {
    Value v = ev(src);
    if (v.is_error()) return "(error: " + v.reason() + ")";
    if (v.is_unknown()) return "(unknown: " + v.reason() + ")";
    if (!v.is_wholly_known()) return "(partly unknown)";
    return call_function("jsonencode", {v}, ctx).as_string();
  }
  bool err(std::string_view src) { return ev(src).is_error(); }
  bool unk(std::string_view src) { return ev(src).is_unknown(); }

  ValueMap vars;
  io::MemoryFileSystem fs;
  EvalContext ctx;
  int resolver_calls = 0;
  std::vector<std::unique_ptr<hcl::File>> files;
};

TEST_F(Eval, Literals) {
  EXPECT_EQ(J("1"), "1");
  EXPECT_EQ(J("1.5e2"), "150");
  EXPECT_EQ(J("true"), "true");
  EXPECT_EQ(J("null"), "null");
  EXPECT_EQ(J("\"abc\""), "\"abc\"");
}

TEST_F(Eval, Templates) {
  EXPECT_EQ(J("\"a${1 + 1}b\""), "\"a2b\"");
  EXPECT_EQ(J("\"${true}x${1.5}\""), "\"truex1.5\"");
  EXPECT_EQ(J("\"%{ if true }yes%{ else }no%{ endif }\""), "\"yes\"");
  EXPECT_EQ(J("\"%{ if false }yes%{ endif }\""), "\"\"");
  EXPECT_EQ(J("\"%{ for i, x in [\"a\", \"b\"] }${i}=${x};%{ endfor }\""), "\"0=a;1=b;\"");
  EXPECT_EQ(J("\"%{ for k, v in {b = 2, a = 1} }${k}${v}%{ endfor }\""), "\"a1b2\"");
  EXPECT_EQ(
      ev("\"x${null}\"").reason(),
      "Invalid template interpolation value: The expression result is null. Cannot include a null value in a "
      "string template.");
  EXPECT_TRUE(err("\"x${[1]}\""));
  EXPECT_TRUE(err("\"%{ for x in null }${x}%{ endfor }\""));
  EXPECT_TRUE(unk("\"x${var.u}\""));
  EXPECT_EQ(ev("\"x${var.u}\"").reason(), "var.u is not known until apply");
}

TEST_F(Eval, TemplateWrapReturnsValueUnconverted) {
  EXPECT_EQ(J("\"${[1, 2]}\""), "[1,2]");
  EXPECT_EQ(J("\"${1 == 1}\""), "true");
  EXPECT_TRUE(ev("\"${null}\"").is_null());
  EXPECT_EQ(ev("\"${5}\"").kind(), Value::Kind::Number);
}

TEST_F(Eval, Operators) {
  EXPECT_EQ(J("1 + 2 * 3"), "7");
  EXPECT_EQ(J("\"1\" + 1"), "2");
  EXPECT_EQ(J("10 / 4"), "2.5");
  EXPECT_EQ(J("-7 % 3"), "-1");
  EXPECT_EQ(J("5.5 % 2"), "1.5");
  EXPECT_EQ(J("1 == \"1\""), "false");
  EXPECT_EQ(J("[1, 2] == [1, 2]"), "true");
  EXPECT_EQ(J("{a = 1} != {a = 2}"), "true");
  EXPECT_EQ(J("\"10\" > 9"), "true");
  EXPECT_EQ(J("true && \"true\""), "true");
  EXPECT_EQ(J("!false"), "true");
  EXPECT_EQ(J("-\"2\""), "-2");
  EXPECT_TRUE(err("\"a\" + 1"));
  EXPECT_TRUE(err("true + 1"));
  EXPECT_TRUE(err("null + 1"));
  EXPECT_TRUE(err("0 / 0"));
  EXPECT_EQ(ev("1 / 0").as_number(), std::numeric_limits<double>::infinity());
}

TEST_F(Eval, UnknownPropagation) {
  EXPECT_TRUE(unk("var.u + 1"));
  EXPECT_EQ(ev("var.u + 1").reason(), "var.u is not known until apply");
  EXPECT_TRUE(unk("var.u == null"));
  EXPECT_TRUE(unk("var.u == 1"));
  EXPECT_TRUE(unk("upper(var.u)"));
  EXPECT_TRUE(unk("!var.u"));
  EXPECT_EQ(J("var.u || true"), "true");  // a known operand decides the result
  EXPECT_EQ(J("false && var.u"), "false");
  EXPECT_TRUE(unk("var.u && true"));
  EXPECT_EQ(J("length(var.with_unknown)"), "2");
  EXPECT_TRUE(unk("[for x in var.u : x]"));
  EXPECT_TRUE(unk("var.u ? 1 : 2"));
  EXPECT_TRUE(unk("aws_instance.x.id"));
  EXPECT_EQ(J("var.with_unknown[0]"), "1");
  EXPECT_TRUE(unk("var.with_unknown[1]"));
  EXPECT_TRUE(unk("var.u.attr"));
  EXPECT_TRUE(unk("var.u[0]"));
}

TEST_F(Eval, ConditionalDoesNotReportErrorsOfTheBranchNotTaken) {
  EXPECT_EQ(J("var.null_obj == null ? \"a\" : var.null_obj.y"), "\"a\"");
  EXPECT_EQ(J("var.obj == null ? \"a\" : var.obj.y"), "\"why\"");
  EXPECT_EQ(J("false ? 1 / 0 : 5"), "5");
  EXPECT_TRUE(err("true ? {a = 1}.b : 5"));
  EXPECT_EQ(J("true ? 1 : \"a\""), "\"1\"");  // result types are unified
  EXPECT_TRUE(err("true ? 1 : [1]"));
  EXPECT_TRUE(err("null ? 1 : 2"));
  EXPECT_EQ(J("\"true\" ? 1 : 2"), "1");
}

TEST_F(Eval, Traversals) {
  EXPECT_EQ(J("var.obj.a"), "1");
  EXPECT_EQ(J("var.obj[\"y\"]"), "\"why\"");
  EXPECT_EQ(J("var.obj.nested.list[1]"), "20");
  EXPECT_EQ(J("var.list[0]"), "\"a\"");
  EXPECT_EQ(ev("var.obj.b").reason(),
            "Unsupported attribute: This object does not have an attribute named \"b\".");
  EXPECT_EQ(ev("var.list[5]").reason(),
            "Invalid index: The given key does not identify an element in this collection value.");
  EXPECT_TRUE(err("var.list[-1]"));
  EXPECT_TRUE(err("var.null_obj.a"));
  EXPECT_TRUE(err("var.nope"));
  EXPECT_EQ(J("[1, 2, 3][1]"), "2");
  EXPECT_EQ(J("{a = {b = 1}}.a.b"), "1");
  EXPECT_EQ(J("var.list[0 + 1]"), "\"b\"");  // IndexExpr with a computed key
  EXPECT_EQ(J("[10, 20][\"1\"]"), "20");
  EXPECT_TRUE(err("\"abc\"[0]"));
  EXPECT_TRUE(err("toset([1])[0]"));
}

TEST_F(Eval, BoundNamesShadowTheResolver) {
  ctx.bind("each", O({{"key", S("k1")}, {"value", N(7)}}));
  ctx.bind("count", O({{"index", N(2)}}));
  int before = resolver_calls;
  EXPECT_EQ(J("\"${each.key}-${count.index}\""), "\"k1-2\"");
  EXPECT_EQ(J("each.value * 2"), "14");
  EXPECT_EQ(resolver_calls, before);
  ctx.bind("each", O({{"key", S("inner")}}));
  EXPECT_EQ(J("each.key"), "\"inner\"");
  ctx.unbind();
  EXPECT_EQ(J("each.key"), "\"k1\"");
  ctx.unbind();
  ctx.unbind();
  EXPECT_TRUE(unk("each.key"));
}

TEST_F(Eval, Collections) {
  EXPECT_EQ(J("[1, \"a\", true]"), "[1,\"a\",true]");
  EXPECT_EQ(J("{a = 1, \"b c\" = 2}"), "{\"a\":1,\"b c\":2}");
  EXPECT_EQ(J("{1 = 2}"), "{\"1\":2}");
  EXPECT_EQ(J("{null = 1}"), "{\"null\":1}");  // a bare name is a literal key
  EXPECT_EQ(J("{true = 1, false = 2}"), "{\"false\":2,\"true\":1}");
  EXPECT_EQ(ev("{(null) = 1}").reason(), "Null value as key: Can't use a null value as a key.");
  EXPECT_EQ(J("{(\"k${1}\") = 1}"), "{\"k1\":1}");
  EXPECT_EQ(J("{a = 1, a = 2}"), "{\"a\":2}");
  EXPECT_TRUE(err("[1, {a = 1}.b]"));
  EXPECT_TRUE(err("{a = [1][3]}"));
}

TEST_F(Eval, ForExpressions) {
  EXPECT_EQ(J("[for x in [1, 2, 3] : x * 2]"), "[2,4,6]");
  EXPECT_EQ(J("[for x in [1, 2, 3] : x if x > 1]"), "[2,3]");
  EXPECT_EQ(J("[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]"), "[\"0a\",\"1b\"]");
  EXPECT_EQ(J("[for k, v in {b = 2, a = 1} : \"${k}${v}\"]"), "[\"a1\",\"b2\"]");
  EXPECT_EQ(J("{for x in [\"a\", \"b\"] : x => upper(x)}"), "{\"a\":\"A\",\"b\":\"B\"}");
  EXPECT_EQ(J("[for v in toset([\"b\", \"a\"]) : v]"), "[\"a\",\"b\"]");
  EXPECT_EQ(J("{for k, v in toset([\"b\"]) : k => v}"), "{\"b\":\"b\"}");
  EXPECT_EQ(J("{for u in var.users : u.role => u.name...}"),
            "{\"admin\":[\"ann\",\"cid\"],\"dev\":[\"bob\"]}");
  EXPECT_EQ(ev("{for v in [\"a\", \"b\", \"a\"] : v => 1}").reason(),
            "Duplicate object key: Two different items produced the key \"a\" in this 'for' expression. If "
            "duplicates are expected, use the ellipsis (...) after the value expression to enable grouping "
            "by key.");
  EXPECT_TRUE(err("[for x in null : x]"));
  EXPECT_TRUE(err("[for x in \"abc\" : x]"));
  EXPECT_TRUE(err("{for x in [1] : null => x}"));
  EXPECT_TRUE(err("[for x in [1, 2] : x if x]"));
  EXPECT_TRUE(unk("[for x in var.u : x]"));
  EXPECT_TRUE(unk("[for x in [1, 2] : x if var.u]"));
  EXPECT_EQ(J("[for x in var.list : x]"), "[\"a\",\"b\"]");
  // The iteration variables do not leak.
  ev("[for q in [1] : q]");
  EXPECT_EQ(ctx.lookup_bound("q"), nullptr);
}

TEST_F(Eval, Splats) {
  EXPECT_EQ(J("[1, 2][*]"), "[1,2]");
  EXPECT_EQ(J("\"a\"[*]"), "[\"a\"]");
  EXPECT_EQ(J("null[*]"), "[]");
  EXPECT_EQ(J("var.null_obj[*].a"), "[]");
  EXPECT_EQ(J("{a = 1}[*].a"), "[1]");
  EXPECT_EQ(J("var.users[*].name"), "[\"ann\",\"bob\",\"cid\"]");
  EXPECT_EQ(J("var.users.*.role"), "[\"admin\",\"dev\",\"admin\"]");
  EXPECT_EQ(J("[[1, 2], [3]][*][0]"), "[1,3]");
  EXPECT_TRUE(unk("var.u[*].id"));
  EXPECT_TRUE(err("var.users[*].nope"));
}

TEST_F(Eval, FunctionCalls) {
  EXPECT_EQ(J("max([1, 5, 3]...)"), "5");
  EXPECT_EQ(J("concat([[1], [2, 3]]...)"), "[1,2,3]");
  EXPECT_TRUE(err("concat([1], [2, 3]...)"));  // expands to concat([1], 2, 3)
  EXPECT_TRUE(err("max(null...)"));
  EXPECT_TRUE(unk("max(var.u...)"));
  EXPECT_EQ(J("upper(\"a\")"), "\"A\"");
  EXPECT_TRUE(unk("provider::aws::arn_parse(\"x\")"));
  EXPECT_EQ(ev("provider::aws::arn_parse(\"x\")").reason(),
            "function provider::aws::arn_parse is not supported");
  EXPECT_TRUE(unk("nosuch(1)"));
  EXPECT_TRUE(err("upper({a = 1}.b)"));  // argument errors propagate
}

TEST_F(Eval, TryAndCanCatchErrors) {
  EXPECT_EQ(J("try(var.obj.missing, \"default\")"), "\"default\"");
  EXPECT_EQ(J("try(var.obj.a, \"default\")"), "1");
  EXPECT_EQ(J("try(var.null_obj.a, var.obj.nested.list[9], 3)"), "3");
  EXPECT_EQ(J("can(var.obj.a)"), "true");
  EXPECT_EQ(J("can(var.obj.missing)"), "false");
  EXPECT_EQ(J("can(tonumber(\"x\"))"), "false");
  EXPECT_TRUE(unk("try(var.u, 1)"));
  EXPECT_TRUE(unk("can(var.u)"));
  EXPECT_TRUE(err("try(var.obj.missing, var.obj.gone)"));
}

TEST_F(Eval, ApplyStepsFromResolver) {
  // The resolver hands back a whole object and lets apply_steps walk the rest.
  EXPECT_EQ(J("var.obj.nested[\"list\"][0]"), "10");
}

TEST_F(Eval, NoResolverMeansUnknown) {
  EvalContext bare;
  Value v = eval(parse("var.x"), bare);
  EXPECT_TRUE(v.is_unknown());
}

// ---- convert_to_type ----

class Convert : public Eval {
 protected:
  std::string C(const Value& v, std::string_view type) {
    Value r = convert_to_type(v, parse(type), ctx);
    if (r.is_error()) return "(error: " + r.reason() + ")";
    if (!r.is_wholly_known()) return "(unknown)";
    return call_function("jsonencode", {r}, ctx).as_string();
  }
  Value Cv(const Value& v, std::string_view type) { return convert_to_type(v, parse(type), ctx); }
};

TEST_F(Convert, Primitives) {
  EXPECT_EQ(C(N(1), "string"), "\"1\"");
  EXPECT_EQ(C(Value::boolean(true), "string"), "\"true\"");
  EXPECT_EQ(C(S("5"), "number"), "5");
  EXPECT_EQ(C(S("true"), "bool"), "true");
  EXPECT_TRUE(Cv(S("x"), "number").is_error());
  EXPECT_TRUE(Cv(T({}), "string").is_error());
  EXPECT_TRUE(Cv(Value(), "string").is_null());
  EXPECT_TRUE(Cv(Value::unknown("u"), "string").is_unknown());
  EXPECT_EQ(C(T({N(1)}), "any"), "[1]");
}

TEST_F(Convert, Collections) {
  Value l = Cv(T({N(1), S("2")}), "list(string)");
  EXPECT_EQ(l.kind(), Value::Kind::List);
  EXPECT_EQ(C(T({N(1), S("2")}), "list(string)"), "[\"1\",\"2\"]");
  EXPECT_EQ(C(T({S("b"), S("a"), S("b")}), "set(string)"), "[\"a\",\"b\"]");
  EXPECT_EQ(Cv(T({S("a")}), "set(string)").kind(), Value::Kind::Set);
  EXPECT_EQ(C(O({{"a", N(1)}, {"b", S("x")}}), "map(string)"), "{\"a\":\"1\",\"b\":\"x\"}");
  EXPECT_EQ(Cv(O({{"a", N(1)}}), "map(number)").kind(), Value::Kind::Map);
  EXPECT_EQ(C(T({N(1), S("a")}), "tuple([number, string])"), "[1,\"a\"]");
  EXPECT_TRUE(Cv(T({N(1)}), "tuple([number, string])").is_error());
  EXPECT_TRUE(Cv(T({S("x")}), "list(number)").is_error());
  EXPECT_TRUE(Cv(S("x"), "list(string)").is_error());
  EXPECT_EQ(C(T({N(1), S("a")}), "list(any)"), "[\"1\",\"a\"]");
  EXPECT_TRUE(Cv(T({N(1), Value::boolean(true)}), "list(any)").is_error());
  EXPECT_EQ(C(T({T({N(1)}), T({N(2), N(3)})}), "list(list(number))"), "[[1],[2,3]]");
}

TEST_F(Convert, ObjectsWithOptionalAttributes) {
  std::string type =
      "object({name = string, size = optional(number, 10), tags = optional(map(string)), "
      "nested = optional(object({on = optional(bool, true), n = optional(number)}), {})})";
  EXPECT_EQ(C(O({{"name", S("x")}}), type),
            "{\"name\":\"x\",\"nested\":{\"n\":null,\"on\":true},\"size\":10,\"tags\":null}");
  EXPECT_EQ(C(O({{"name", S("x")}, {"size", S("3")}, {"extra", N(1)}, {"nested", O({{"n", N(2)}})}}), type),
            "{\"name\":\"x\",\"nested\":{\"n\":2,\"on\":true},\"size\":3,\"tags\":null}");
  // An explicit null takes the default too.
  EXPECT_EQ(C(O({{"name", S("x")}, {"size", Value()}}), type),
            "{\"name\":\"x\",\"nested\":{\"n\":null,\"on\":true},\"size\":10,\"tags\":null}");
  Value missing = Cv(O({{"size", N(1)}}), type);
  ASSERT_TRUE(missing.is_error());
  EXPECT_EQ(missing.reason(), "attribute \"name\" is required");
  EXPECT_TRUE(Cv(O({{"name", T({})}}), type).is_error());
  EXPECT_TRUE(Cv(Value(), type).is_null());
}

TEST_F(Convert, DefaultsApplyInsideCollections) {
  std::string type = "list(object({port = number, protocol = optional(string, \"tcp\")}))";
  EXPECT_EQ(C(T({O({{"port", N(80)}}), O({{"port", N(53)}, {"protocol", S("udp")}})}), type),
            "[{\"port\":80,\"protocol\":\"tcp\"},{\"port\":53,\"protocol\":\"udp\"}]");
  std::string mtype = "map(object({enabled = optional(bool, false)}))";
  EXPECT_EQ(C(O({{"a", O({})}, {"b", O({{"enabled", Value::boolean(true)}})}}), mtype),
            "{\"a\":{\"enabled\":false},\"b\":{\"enabled\":true}}");
}

TEST_F(Convert, InvalidTypeExpressions) {
  EXPECT_TRUE(Cv(N(1), "strin").is_error());
  EXPECT_TRUE(Cv(N(1), "list(string, number)").is_error());
  EXPECT_TRUE(Cv(N(1), "optional(string)").is_error());
  EXPECT_TRUE(Cv(N(1), "\"string\"").is_error());
}

}  // namespace
}  // namespace cs::tf

namespace cs::tf {
namespace {

// Marks travel through operators, templates, conditionals, for expressions and indexing.
class EvalMarks : public Eval {
 protected:
  EvalMarks() {
    vars["secret"] = Value::string("hunter2").with_marks(Value::kSensitive);
    vars["keys"] = Value::object({{"k1", Value::string("v")}}).with_marks(Value::kEnv);
    vars["plain"] = Value::string("Active");
  }
};

TEST_F(EvalMarks, EveryDerivedValueIsMarked) {
  EXPECT_EQ(ev("\"${var.secret}-x\"").label(), "(sensitive)");
  EXPECT_EQ(ev("\"${var.secret}-x\"").as_string(), "hunter2-x");
  EXPECT_TRUE(ev("var.secret == \"x\"").is_marked());
  EXPECT_TRUE(ev("var.secret == \"x\" ? \"Active\" : \"PassThrough\"").is_marked());  // the branch tells
  EXPECT_TRUE(ev("[for k, v in var.keys : k][0]").is_marked());
  EXPECT_TRUE(ev("{for k, v in var.keys : k => v}").is_marked());
  EXPECT_TRUE(ev("{ a = \"b\" }[var.secret == \"x\" ? \"a\" : \"a\"]").is_marked());
  EXPECT_TRUE(ev("!(var.secret == \"x\")").is_marked());
  EXPECT_TRUE(ev("upper(var.secret)").is_marked());
  // What is written in the configuration stays unmarked.
  EXPECT_FALSE(ev("var.plain").is_marked());
  EXPECT_FALSE(ev("[var.secret, \"lit\"][1]").is_marked());
  EXPECT_FALSE(ev("\"${var.plain}\"").is_marked());
}

TEST_F(EvalMarks, MessagesNameTheMarkNotTheValue) {
  Value dup = ev("{for k in [var.secret, var.secret] : k => 1}");
  ASSERT_TRUE(dup.is_error());
  EXPECT_EQ(dup.reason().find("hunter2"), std::string::npos);
  EXPECT_NE(dup.reason().find("the key (sensitive)"), std::string::npos);
  Value n = ev("var.secret + 1");
  ASSERT_TRUE(n.is_error());
  EXPECT_EQ(n.reason().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace cs::tf
