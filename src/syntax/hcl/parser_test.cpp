#include <gtest/gtest.h>

#include <string>

#include "syntax/hcl/ast.h"

namespace cs::hcl {
namespace {

std::unique_ptr<File> P(std::string src) {
  return parse("t.tf", std::move(src));
}

std::string diags(const File& f) {
  std::string out;
  for (const auto& d : f.diags) {
    if (!out.empty()) out += "\n";
    out += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message;
  }
  return out;
}

const Expr* attr(const File& f, std::string_view name) {
  for (const auto& a : f.body->attributes)
    if (a.name == name) return a.expr;
  return nullptr;
}

std::string src_of(const File& f, const Expr* e) {
  return f.src.substr(e->range.begin.offset, e->range.end.offset - e->range.begin.offset);
}

// Compact rendering of expression structure for precedence and shape tests.
std::string S(const Expr* e) {
  switch (e->kind) {
    case ExprKind::Literal: {
      auto* l = as<LiteralExpr>(e);
      if (l->lit == LiteralKind::Null) return "null";
      if (l->lit == LiteralKind::Bool) return l->boolean ? "true" : "false";
      return std::string(l->text);
    }
    case ExprKind::ScopeTraversal: {
      auto* t = as<ScopeTraversalExpr>(e);
      std::string s(t->root);
      for (auto& st : t->steps)
        s += st.kind == StepKind::Attr ? "." + std::string(st.name) : "[" + S(st.key) + "]";
      return s;
    }
    case ExprKind::RelativeTraversal: {
      auto* t = as<RelativeTraversalExpr>(e);
      std::string s = "rel(" + S(t->source) + ")";
      for (auto& st : t->steps)
        s += st.kind == StepKind::Attr ? "." + std::string(st.name) : "[" + S(st.key) + "]";
      return s;
    }
    case ExprKind::Binary: {
      static const char* ops[] = {"||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"};
      auto* b = as<BinaryExpr>(e);
      return "(" + S(b->lhs) + " " + ops[static_cast<int>(b->op)] + " " + S(b->rhs) + ")";
    }
    case ExprKind::Unary: {
      auto* u = as<UnaryExpr>(e);
      return std::string(u->op == UnaryOp::Not ? "!" : "-") + S(u->operand);
    }
    case ExprKind::Conditional: {
      auto* c = as<ConditionalExpr>(e);
      return "(" + S(c->cond) + " ? " + S(c->true_result) + " : " + S(c->false_result) + ")";
    }
    case ExprKind::Paren:
      return "paren(" + S(as<ParenExpr>(e)->inner) + ")";
    case ExprKind::Index: {
      auto* i = as<IndexExpr>(e);
      return "index(" + S(i->collection) + ", " + S(i->key) + ")";
    }
    case ExprKind::Splat: {
      auto* s = as<SplatExpr>(e);
      return std::string(s->full ? "splat[*](" : "splat.*(") + S(s->source) + ", " + S(s->each) + ")";
    }
    case ExprKind::AnonSymbol:
      return "_";
    case ExprKind::FunctionCall: {
      auto* c = as<FunctionCallExpr>(e);
      std::string s = std::string(c->name) + "(";
      for (uint32_t i = 0; i < c->args.size; ++i) s += (i ? ", " : "") + S(c->args[i]);
      return s + (c->expand_final ? "...)" : ")");
    }
    case ExprKind::Tuple: {
      std::string s = "[";
      auto* t = as<TupleExpr>(e);
      for (uint32_t i = 0; i < t->items.size; ++i) s += (i ? ", " : "") + S(t->items[i]);
      return s + "]";
    }
    case ExprKind::Object: {
      std::string s = "{";
      auto* o = as<ObjectExpr>(e);
      for (uint32_t i = 0; i < o->items.size; ++i)
        s += (i ? ", " : "") + std::string(o->items[i].key_is_bare_name ? "bare:" : "") + S(o->items[i].key) +
             "=" + S(o->items[i].value);
      return s + "}";
    }
    case ExprKind::Template: {
      std::string s = "tmpl(";
      auto* t = as<TemplateExpr>(e);
      for (uint32_t i = 0; i < t->parts.size; ++i) {
        if (i) s += ", ";
        s += t->parts[i].expr ? S(t->parts[i].expr) : "'" + std::string(t->parts[i].literal) + "'";
      }
      return s + ")";
    }
    case ExprKind::TemplateWrap:
      return "wrap(" + S(as<TemplateWrapExpr>(e)->wrapped) + ")";
    case ExprKind::TemplateIf: {
      auto* t = as<TemplateIfExpr>(e);
      return "if(" + S(t->cond) + ", " + S(t->then_part) + (t->else_part ? ", " + S(t->else_part) : "") + ")";
    }
    case ExprKind::TemplateFor: {
      auto* t = as<TemplateForExpr>(e);
      return "tfor(" + std::string(t->key_var) + "," + std::string(t->value_var) + " in " + S(t->coll) +
             ": " + S(t->body) + ")";
    }
    case ExprKind::For: {
      auto* f = as<ForExpr>(e);
      std::string s = f->object_form ? "{for " : "[for ";
      if (!f->key_var.empty()) s += std::string(f->key_var) + ", ";
      s += std::string(f->value_var) + " in " + S(f->coll) + ": ";
      if (f->key_expr) s += S(f->key_expr) + " => ";
      s += S(f->value_expr);
      if (f->grouping) s += "...";
      if (f->cond) s += " if " + S(f->cond);
      return s + (f->object_form ? "}" : "]");
    }
  }
  return "?";
}

std::string SE(const std::string& expr) {
  auto f = P("x = " + expr + "\n");
  EXPECT_TRUE(f->ok()) << expr << "\n" << diags(*f);
  const Expr* e = attr(*f, "x");
  return e ? S(e) : "<none>";
}

std::string err(const std::string& src) {
  return diags(*P(src));
}

// ---------------------------------------------------------------- structure

TEST(HclParse, EmptyFile) {
  auto f = P("");
  EXPECT_TRUE(f->ok());
  ASSERT_NE(f->body, nullptr);
  EXPECT_EQ(f->body->attributes.size, 0u);
  EXPECT_EQ(f->body->blocks.size, 0u);
}

TEST(HclParse, BlocksAndAttributes) {
  auto f =
      P("resource \"aws_lambda_function\" \"f\" {\n"
        "  function_name = \"x\"\n"
        "  tracing_config {\n"
        "    mode = \"Active\"\n"
        "  }\n"
        "}\n"
        "locals {\n  a = 1\n}\n"
        "block_with ident_label {}\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  ASSERT_EQ(f->body->blocks.size, 3u);
  const Block* r = f->body->blocks[0];
  EXPECT_EQ(r->type, "resource");
  ASSERT_EQ(r->labels.size, 2u);
  EXPECT_EQ(r->labels[0].value, "aws_lambda_function");
  EXPECT_TRUE(r->labels[0].quoted);
  EXPECT_EQ(r->labels[1].value, "f");
  ASSERT_EQ(r->body->attributes.size, 1u);
  EXPECT_EQ(r->body->attributes[0].name, "function_name");
  ASSERT_EQ(r->body->blocks.size, 1u);
  EXPECT_EQ(r->body->blocks[0]->type, "tracing_config");
  EXPECT_EQ(r->body->blocks[0]->body->attributes[0].name, "mode");
  EXPECT_EQ(f->body->blocks[2]->labels[0].value, "ident_label");
  EXPECT_FALSE(f->body->blocks[2]->labels[0].quoted);
}

TEST(HclParse, Positions) {
  auto f = P("# c\nresource \"a\" \"b\" {\n  name = var.x\n}\n");
  ASSERT_TRUE(f->ok());
  const Block* b = f->body->blocks[0];
  EXPECT_EQ(b->range.begin.line, 2u);
  EXPECT_EQ(b->range.begin.col, 1u);
  EXPECT_EQ(b->range.begin.offset, 4u);
  EXPECT_EQ(b->range.end.line, 4u);
  EXPECT_EQ(b->range.end.col, 2u);
  EXPECT_EQ(b->type_range.end.col, 9u);
  EXPECT_EQ(b->labels[0].range.begin.col, 10u);
  EXPECT_EQ(b->labels[0].range.end.col, 13u);
  EXPECT_EQ(b->open_brace.begin.col, 18u);
  EXPECT_EQ(b->close_brace.begin.line, 4u);
  const Attribute& a = b->body->attributes[0];
  EXPECT_EQ(a.range.begin.line, 3u);
  EXPECT_EQ(a.range.begin.col, 3u);
  EXPECT_EQ(a.range.end.col, 15u);
  EXPECT_EQ(a.name_range.end.col, 7u);
  EXPECT_EQ(a.expr->range.begin.col, 10u);
  EXPECT_EQ(a.expr->range.begin.offset, 32u);
  EXPECT_EQ(src_of(*f, a.expr), "var.x");
  EXPECT_EQ(b->body->range.begin.offset, 22u);  // just after "{"
}

TEST(HclParse, ColumnsCountBytes) {
  auto f = P("x = \"é\"\ny = 1 +\n");
  // "é" is 2 bytes: the error column after it counts bytes.
  EXPECT_EQ(f->body->attributes[0].expr->range.end.col, 9u);
}

TEST(HclParse, OneLineBlocks) {
  auto f = P("a { b = 1 }\nc \"l\" {}\nd {\n}\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  ASSERT_EQ(f->body->blocks.size, 3u);
  EXPECT_EQ(f->body->blocks[0]->body->attributes.size, 1u);
  EXPECT_EQ(S(f->body->blocks[0]->body->attributes[0].expr), "1");
  EXPECT_EQ(f->body->blocks[1]->body->attributes.size, 0u);
}

TEST(HclParse, NewlinesInsideBrackets) {
  auto f = P("x = [\n  1,\n  2\n]\ny = f(\n a,\n b\n)\nz = (\n 1 +\n 2\n)\nw = a[\n0\n]\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(S(attr(*f, "x")), "[1, 2]");
  EXPECT_EQ(S(attr(*f, "y")), "f(a, b)");
  EXPECT_EQ(S(attr(*f, "z")), "paren((1 + 2))");
  EXPECT_EQ(S(attr(*f, "w")), "a[0]");
}

TEST(HclParse, Comments) {
  auto f = P("# one\na = 1 // two\n/* three\n four */ b = 2\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  ASSERT_EQ(f->comments.size(), 3u);
  EXPECT_EQ(f->comments[0].text, "# one");
  EXPECT_EQ(f->comments[1].text, "// two");
  EXPECT_EQ(f->comments[1].range.begin.col, 7u);
  EXPECT_EQ(f->comments[2].text, "/* three\n four */");
  EXPECT_EQ(f->comments[2].range.end.line, 4u);
  EXPECT_EQ(f->comments[2].range.end.col, 9u);
  EXPECT_EQ(f->body->attributes.size, 2u);
}

TEST(HclParse, BomAndCrlf) {
  auto f =
      P("\xEF\xBB\xBF"
        "a = 1\r\nb = \"x\"\r\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(f->body->attributes.size, 2u);
  EXPECT_EQ(f->body->attributes[1].range.begin.line, 2u);
  EXPECT_EQ(f->body->attributes[1].range.begin.col, 1u);
}

TEST(HclParse, UnicodeIdentifiers) {
  auto f = P("größe = 1\nnaïve-name = 2\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(f->body->attributes[0].name, "größe");
  EXPECT_EQ(f->body->attributes[1].name, "naïve-name");
}

// ---------------------------------------------------------------- expressions

TEST(HclExpr, Literals) {
  EXPECT_EQ(SE("true"), "true");
  EXPECT_EQ(SE("null"), "null");
  auto f = P("a = 1.5e3\nb = 10\nc = 2E-2\nd = 0.25\n");
  ASSERT_TRUE(f->ok());
  EXPECT_DOUBLE_EQ(as<LiteralExpr>(attr(*f, "a"))->number, 1500);
  EXPECT_EQ(as<LiteralExpr>(attr(*f, "a"))->text, "1.5e3");
  EXPECT_DOUBLE_EQ(as<LiteralExpr>(attr(*f, "b"))->number, 10);
  EXPECT_DOUBLE_EQ(as<LiteralExpr>(attr(*f, "c"))->number, 0.02);
  EXPECT_DOUBLE_EQ(as<LiteralExpr>(attr(*f, "d"))->number, 0.25);
}

TEST(HclExpr, Precedence) {
  EXPECT_EQ(SE("a || b && c == d < e + f * g"), "(a || (b && (c == (d < (e + (f * g))))))");
  EXPECT_EQ(SE("a * b + c"), "((a * b) + c)");
  EXPECT_EQ(SE("x / y * z"), "((x / y) * z)");
  EXPECT_EQ(SE("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(SE("a != b == c"), "((a != b) == c)");
  EXPECT_EQ(SE("a >= b <= c > d"), "(((a >= b) <= c) > d)");
  EXPECT_EQ(SE("a % b"), "(a % b)");
  EXPECT_EQ(SE("-46 + 5"), "(-46 + 5)");
  EXPECT_EQ(SE("!a.b && c"), "(!a.b && c)");
  EXPECT_EQ(SE("- -1"), "--1");
  EXPECT_EQ(SE("(a + b) * c"), "(paren((a + b)) * c)");
}

TEST(HclExpr, Conditional) {
  EXPECT_EQ(SE("a ? b : c"), "(a ? b : c)");
  EXPECT_EQ(SE("a ? b : c ? d : e"), "(a ? b : (c ? d : e))");
  EXPECT_EQ(SE("a || b ? 1 + 2 : 3"), "((a || b) ? (1 + 2) : 3)");
}

TEST(HclExpr, Traversals) {
  EXPECT_EQ(SE("var.x"), "var.x");
  EXPECT_EQ(SE("local.y[\"k\"]"), "local.y[tmpl('k')]");
  EXPECT_EQ(SE("aws_lambda_function.f[0].arn"), "aws_lambda_function.f[0].arn");
  EXPECT_EQ(SE("a.0.b"), "a[0].b");  // legacy index
  EXPECT_EQ(SE("a[var.i].b"), "rel(index(a, var.i)).b");
  EXPECT_EQ(SE("a[-1]"), "index(a, -1)");
  EXPECT_EQ(SE("f(x).y[1]"), "rel(f(x)).y[1]");
  EXPECT_EQ(SE("[1, 2][0]"), "rel([1, 2])[0]");
  auto f = P("x = a.b[0]\n");
  auto* t = as<ScopeTraversalExpr>(attr(*f, "x"));
  ASSERT_EQ(t->steps.size, 2u);
  EXPECT_EQ(t->steps[1].range.begin.col, 8u);
  EXPECT_EQ(t->steps[1].range.end.col, 11u);
  EXPECT_EQ(t->range.end.col, 11u);
}

TEST(HclExpr, Splats) {
  EXPECT_EQ(SE("a[*]"), "splat[*](a, _)");
  EXPECT_EQ(SE("a[*].b.c[0]"), "splat[*](a, rel(_).b.c[0])");
  EXPECT_EQ(SE("a.*.b.c"), "splat.*(a, rel(_).b.c)");
  EXPECT_EQ(SE("a.*.b[0]"), "rel(splat.*(a, rel(_).b))[0]");  // attribute-only splat ends at [
  EXPECT_EQ(SE("a[*].b[*].c"), "splat[*](a, splat[*](rel(_).b, rel(_).c))");
  EXPECT_EQ(SE("a[*].b[var.i]"), "splat[*](a, index(rel(_).b, var.i))");
  auto f = P("x = aws_instance.web[*].id\n");
  const Expr* e = attr(*f, "x");
  EXPECT_EQ(src_of(*f, e), "aws_instance.web[*].id");
}

TEST(HclExpr, FunctionCalls) {
  EXPECT_EQ(SE("f()"), "f()");
  EXPECT_EQ(SE("f(1, 2,)"), "f(1, 2)");
  EXPECT_EQ(SE("concat(a, b...)"), "concat(a, b...)");
  EXPECT_EQ(SE("provider::aws::arn_parse(x)"), "provider::aws::arn_parse(x)");
  auto f = P("x = upper(\"a\")\n");
  auto* c = as<FunctionCallExpr>(attr(*f, "x"));
  EXPECT_EQ(c->name_range.end.col, 10u);
  EXPECT_EQ(c->range.end.col, 15u);
}

TEST(HclExpr, Collections) {
  EXPECT_EQ(SE("[]"), "[]");
  EXPECT_EQ(SE("[1, \"a\", [true]]"), "[1, tmpl('a'), [true]]");
  EXPECT_EQ(SE("{}"), "{}");
  EXPECT_EQ(SE("{a = 1, \"b\" = 2, c: 3}"), "{bare:a=1, tmpl('b')=2, bare:c=3}");
  EXPECT_EQ(SE("{\n a = 1\n b = 2,\n\n}"), "{bare:a=1, bare:b=2}");
  EXPECT_EQ(SE("{(k) = 1, a.b = 2, (x.y): 3}"), "{paren(k)=1, a.b=2, paren(x.y)=3}");
  EXPECT_EQ(SE("{a = {b = [1,\n2]}}"), "{bare:a={bare:b=[1, 2]}}");
}

TEST(HclExpr, ForExpressions) {
  EXPECT_EQ(SE("[for v in l : v]"), "[for v in l: v]");
  EXPECT_EQ(SE("[for i, v in l : v if i < 2]"), "[for i, v in l: v if (i < 2)]");
  EXPECT_EQ(SE("{for k, v in m : k => v}"), "{for k, v in m: k => v}");
  EXPECT_EQ(SE("{for k, v in m : v => k...}"), "{for k, v in m: v => k...}");
  EXPECT_EQ(SE("{for k, v in m : k => v... if v != null}"), "{for k, v in m: k => v... if (v != null)}");
  EXPECT_EQ(SE("[\n for x in a ? b : c :\n x\n]"), "[for x in (a ? b : c): x]");
}

// ---------------------------------------------------------------- templates

TEST(HclTemplate, QuotedAndEscapes) {
  EXPECT_EQ(SE("\"plain\""), "tmpl('plain')");
  EXPECT_EQ(SE("\"\""), "tmpl('')");
  EXPECT_EQ(SE(R"("a\nb\t\"q\"\\ \u00e9 \U0001F600 \r")"),
            "tmpl('a\nb\t\"q\"\\ \xC3\xA9 \xF0\x9F\x98\x80 \r')");
  EXPECT_EQ(SE("\"$${x} %%{y} $ % $$\""), "tmpl('${x} %{y} $ % $$')");
  EXPECT_EQ(SE("\"a${b}c\""), "tmpl('a', b, 'c')");
  EXPECT_EQ(SE("\"${b}\""), "wrap(b)");
  EXPECT_EQ(SE("\"${ {a = 1} }\""), "wrap({bare:a=1})");
  EXPECT_EQ(SE("\"${\"inner ${x}\"}\""), "wrap(tmpl('inner ', x))");
  auto f = P("x = \"abc\"\n");
  auto* t = as<TemplateExpr>(attr(*f, "x"));
  EXPECT_TRUE(t->quoted);
  EXPECT_FALSE(t->heredoc);
  EXPECT_EQ(t->parts[0].literal.data(), f->src.data() + 5);  // a view into the source, no copy
}

TEST(HclTemplate, Directives) {
  EXPECT_EQ(SE("\"%{if a}x%{endif}\""), "tmpl(if(a, tmpl('x')))");
  EXPECT_EQ(SE("\"%{if a}x%{else}y%{endif}\""), "tmpl(if(a, tmpl('x'), tmpl('y')))");
  EXPECT_EQ(SE("\"%{for k, v in m}${k}=${v},%{endfor}\""), "tmpl(tfor(k,v in m: tmpl(k, '=', v, ',')))");
  EXPECT_EQ(SE("\"%{for v in l}%{if v}y%{endif}%{endfor}\""), "tmpl(tfor(,v in l: tmpl(if(v, tmpl('y')))))");
}

TEST(HclTemplate, StripMarkers) {
  EXPECT_EQ(SE("\"hello ${~ \"world\" }\""), "tmpl('hello', tmpl('world'))");
  EXPECT_EQ(SE("\"%{ if true ~} hello %{~ endif }\""), "tmpl(if(true, tmpl('hello')))");
  EXPECT_EQ(SE("\"${\"hello\" ~}${\" world\"}\""), "tmpl(tmpl('hello'), tmpl(' world'))");
  EXPECT_EQ(SE("\"a \\n ${~x~} \\t b\""), "tmpl('a', x, 'b')");
  EXPECT_EQ(SE("\"  ${~x}\""), "tmpl('', x)");
}

TEST(HclTemplate, Heredocs) {
  auto f =
      P("a = <<EOT\n  hello\n    ${x}\nEOT\n"
        "b = <<-EOT\n    one\n      two\n\n    three\n    EOT\n"
        "c = <<-EOT\n  x ${y}\n    z\n  EOT\n"
        "d = <<EOT\nEOT\n"
        "e = <<-EOT\n\tt\n\tEOT\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(S(attr(*f, "a")), "tmpl('  hello\n    ', x, '\n')");
  EXPECT_TRUE(as<TemplateExpr>(attr(*f, "a"))->heredoc);
  EXPECT_EQ(S(attr(*f, "b")), "tmpl('one\n  two\n\nthree\n')");
  EXPECT_EQ(S(attr(*f, "c")), "tmpl('x ', y, '\n  z\n')");
  EXPECT_EQ(S(attr(*f, "d")), "tmpl('')");
  EXPECT_EQ(S(attr(*f, "e")), "tmpl('t\n')");
  const Expr* b = attr(*f, "b");
  EXPECT_EQ(b->range.begin.line, 5u);
  EXPECT_EQ(b->range.end.line, 10u);
  EXPECT_EQ(b->range.end.col, 8u);
  EXPECT_EQ(f->body->attributes.size, 5u);
}

TEST(HclTemplate, HeredocStripMarkersActPerLine) {
  auto f = P("a = <<EOT\n%{ for x in l ~}\n  item ${x}\n%{ endfor ~}\nEOT\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  // The "~}" after endfor strips only the rest of its own line; the empty literal stays, as in HCL.
  EXPECT_EQ(S(attr(*f, "a")), "tmpl(tfor(,x in l: tmpl('  item ', x, '\n')), '')");
}

TEST(HclTemplate, WrapOnlyForASingleInterpolation) {
  auto f = P("a = <<EOT\n${x}\nEOT\nb = \"${x}${y}\"\nc = \"%{if x}y%{endif}\"\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(S(attr(*f, "a")), "tmpl(x, '\n')");
  EXPECT_EQ(S(attr(*f, "b")), "tmpl(x, y)");
  EXPECT_EQ(S(attr(*f, "c")), "tmpl(if(x, tmpl('y')))");
  EXPECT_EQ(attr(*f, "b")->range.begin.col, 5u);
  EXPECT_EQ(attr(*f, "b")->range.end.col, 15u);
}

TEST(HclTemplate, HeredocInsideCall) {
  auto f = P("a = jsonencode(<<EOT\n{}\nEOT\n)\nb = 2\n");
  ASSERT_TRUE(f->ok()) << diags(*f);
  EXPECT_EQ(S(attr(*f, "a")), "jsonencode(tmpl('{}\n'))");
  EXPECT_EQ(S(attr(*f, "b")), "2");
}

TEST(HclTemplate, ParseTemplateApi) {
  File file;
  file.path = "j.json";
  std::string_view text = file.arena.copy(std::string_view("a\\n ${var.x} $${y}\n%{if c}z%{endif}"));
  const Expr* e = parse_template(file, text, Pos{3, 10, 40});
  ASSERT_TRUE(file.ok()) << diags(file);
  EXPECT_EQ(S(e), "tmpl('a\\n ', var.x, ' ${y}\n', if(c, tmpl('z')))");
  auto* t = as<TemplateExpr>(e);
  const Expr* v = t->parts[1].expr;
  EXPECT_EQ(v->range.begin.line, 3u);
  EXPECT_EQ(v->range.begin.col, 16u);
  EXPECT_EQ(v->range.begin.offset, 46u);
  const Expr* w = parse_template(file, file.arena.copy(std::string_view("${x}")), Pos{1, 1, 0});
  EXPECT_EQ(S(w), "wrap(x)");
  parse_template(file, file.arena.copy(std::string_view("ok\n  ${")), Pos{5, 3, 100});
  EXPECT_EQ(diags(file), "j.json:6:5: Missing expression");
}

TEST(HclTemplate, ParseExpressionApi) {
  File file;
  file.path = "v";
  const Expr* e =
      parse_expression(file, file.arena.copy(std::string_view("list(object({\n a = string\n}))")), Pos{});
  ASSERT_TRUE(file.ok()) << diags(file);
  EXPECT_EQ(S(e), "list(object({bare:a=string}))");
  parse_expression(file, file.arena.copy(std::string_view("a b")), Pos{2, 5, 9});
  EXPECT_EQ(diags(file), "v:2:7: Extra characters after expression");
}

// ---------------------------------------------------------------- errors

TEST(HclErrors, Messages) {
  EXPECT_EQ(err("a = \n"), "t.tf:1:5: Invalid expression");
  EXPECT_EQ(err("a = "), "t.tf:1:5: Missing expression");
  EXPECT_EQ(err("resource \"x\" \"y\" {\n  a = 1\n"), "t.tf:1:18: Unclosed configuration block");
  EXPECT_EQ(err("= 1\n"), "t.tf:1:1: Argument or block definition required");
  EXPECT_EQ(err("a\n"), "t.tf:1:1: Argument or block definition required");
  EXPECT_EQ(err("\"a\" = 1\n"), "t.tf:1:1: Invalid argument name");
  EXPECT_EQ(err("a = 1 b = 2\n"), "t.tf:1:7: Missing newline after argument");
  EXPECT_EQ(err("a = 1, b = 2\n"), "t.tf:1:6: Unexpected comma after argument");
  EXPECT_EQ(err("a = \"abc\n"), "t.tf:1:9: Invalid multi-line string");
  EXPECT_EQ(err("a = \"abc"), "t.tf:1:5: Unterminated template string");
  EXPECT_EQ(err("a = <<EOT\nabc\n"), "t.tf:1:5: Unterminated template string");
  EXPECT_EQ(err("a = \"\\q\"\n"), "t.tf:1:6: Invalid escape sequence");
  EXPECT_EQ(err("a = \"\\u12\"\n"), "t.tf:1:6: Invalid escape sequence");
  EXPECT_EQ(err("a = \"${x\"\n"), "t.tf:1:9: Extra characters after interpolation expression");
  EXPECT_EQ(err("a = \"${x\n"), "t.tf:1:6: Unclosed template interpolation sequence");
  EXPECT_EQ(err("a = \"${x\nb = 1\n"), "t.tf:2:1: Extra characters after interpolation expression");
  EXPECT_EQ(err("a = [1 2]\n"), "t.tf:1:8: Missing item separator");
  EXPECT_EQ(err("a = {b 1}\n"), "t.tf:1:8: Missing key/value separator");
  EXPECT_EQ(err("a = {b = 1 c = 2}\n"), "t.tf:1:12: Missing attribute separator");
  EXPECT_EQ(err("a = f(1 2)\n"), "t.tf:1:9: Missing argument separator");
  EXPECT_EQ(err("a = (1\n"), "t.tf:2:1: Unbalanced parentheses");
  EXPECT_EQ(err("a = x ? 1\n"), "t.tf:1:10: Missing false expression in conditional");
  EXPECT_EQ(err("a = x.\n"), "t.tf:1:7: Invalid attribute name");
  EXPECT_EQ(err("a = x.0.1\n"), "t.tf:1:7: Invalid legacy index syntax");
  EXPECT_EQ(err("a = x[1\n"), "t.tf:2:1: Missing close bracket on index");
  EXPECT_EQ(err("a = [for x l : x]\n"), "t.tf:1:12: Invalid 'for' expression");
  EXPECT_EQ(err("a = 1 @\n"), "t.tf:1:7: Invalid character");
  EXPECT_EQ(err("b \"x\" = 1\n"), "t.tf:1:7: Invalid block definition");
  EXPECT_EQ(err("b {\n} x\n"), "t.tf:2:3: Missing newline after block definition");
  EXPECT_EQ(err("b { c = 1, d = 2 }\n"), "t.tf:1:10: Invalid single-argument block definition");
  EXPECT_EQ(err("b { c {} }\n"), "t.tf:1:5: Argument definition required");
  EXPECT_EQ(err("b \"${x}\" {}\n"), "t.tf:1:4: Invalid string literal");
  EXPECT_EQ(err("a = \"%{if x}y\"\n"), "t.tf:1:6: Unexpected end of template");
  EXPECT_EQ(err("a = \"%{endif}\"\n"), "t.tf:1:6: Unexpected endif directive");
  EXPECT_EQ(err("a = \"%{bogus}\"\n"), "t.tf:1:8: Invalid template control keyword");
  EXPECT_EQ(err("a = \"%{for in x}%{endfor}\"\n"), "t.tf:1:15: Invalid 'for' directive");
  EXPECT_EQ(err("a = \"%{if x y}%{endif}\"\n"), "t.tf:1:13: Extra characters in if marker");
  EXPECT_EQ(err("a = 1\na = 2\n"), "t.tf:2:1: Attribute redefined");
  EXPECT_EQ(err("/* x"), "t.tf:1:1: Unterminated comment");
  EXPECT_EQ(err("a = \"\xff\"\n"), "");  // bytes inside strings are not checked
  EXPECT_EQ(err("a = b\xff\n"), "t.tf:1:6: Invalid character encoding");
  EXPECT_EQ(err("}\na = 1\n"), "t.tf:1:1: Argument or block definition required");
}

TEST(HclErrors, MoreMessages) {
  EXPECT_EQ(err("a = x.*.*\n"), "t.tf:1:9: Nested splat expression not allowed");
  EXPECT_EQ(err("a = {for = 1}\n"), "t.tf:1:10: Invalid 'for' expression");
  EXPECT_EQ(err("a = [for x in l : x => x]\n"), "t.tf:1:21: Invalid 'for' expression");
  EXPECT_EQ(err("a = x[*\n"), "t.tf:1:8: Missing close bracket on splat index");
  EXPECT_EQ(err("a = f(x... y)\n"), "t.tf:1:12: Missing closing parenthesis");
  EXPECT_EQ(err("a = a::(1)\n"), "t.tf:1:8: Missing function name");
  EXPECT_EQ(err("a = \"%{}\"\n"), "t.tf:1:8: Invalid template directive");
  EXPECT_EQ(err("a = \"%{if a}%{else}%{else}%{endif}\"\n"), "t.tf:1:20: Unexpected else directive");
  EXPECT_EQ(err("a = \"%{for x in l}%{endif}\"\n"), "t.tf:1:19: Unexpected endif directive");
  EXPECT_EQ(err("a = \"${x y}\"\n"), "t.tf:1:10: Extra characters after interpolation expression");
  EXPECT_EQ(err("a = <<EOT\n${\nEOT\n"), "t.tf:2:1: Unclosed template interpolation sequence");
  std::string blocks;
  for (int i = 0; i < 600; ++i) blocks += "b {\n";
  EXPECT_EQ(err(blocks), "t.tf:513:4: Nesting too deep");
}

TEST(HclErrors, LaterIndependentErrorsAreReported) {
  EXPECT_EQ(err("a = (\nb {\n c = [\n}\nd = 1 2\n"),
            "t.tf:2:3: Unbalanced parentheses\nt.tf:5:7: Missing newline after argument");
}

TEST(HclErrors, RecoveryKeepsFollowingBlocks) {
  auto f =
      P("resource \"a\" \"one\" {\n"
        "  bad = = 1\n"
        "  good = 2\n"
        "}\n"
        "resource \"a\" \"two\" {\n"
        "  x = [1, 2\n"
        "}\n"
        "resource \"a\" \"three\" {\n"
        "  y = {a = 1 b}\n"
        "  z = 3\n"
        "}\n"
        "resource \"a\" \"four\" {\n"
        "  w = f(1,\n"
        "}\n"
        "resource \"a\" \"five\" {\n"
        "  v = 5\n"
        "}\n");
  EXPECT_FALSE(f->ok());
  EXPECT_EQ(diags(*f),
            "t.tf:2:9: Invalid expression\n"
            "t.tf:7:1: Missing item separator\n"
            "t.tf:9:14: Missing attribute separator\n"
            "t.tf:14:1: Invalid expression");
  ASSERT_EQ(f->body->blocks.size, 5u);
  EXPECT_EQ(f->body->blocks[0]->labels[1].value, "one");
  EXPECT_EQ(f->body->blocks[0]->body->attributes[1].name, "good");
  EXPECT_EQ(f->body->blocks[1]->labels[1].value, "two");
  EXPECT_EQ(f->body->blocks[2]->labels[1].value, "three");
  EXPECT_EQ(f->body->blocks[2]->body->attributes[1].name, "z");
  EXPECT_EQ(f->body->blocks[4]->labels[1].value, "five");
  EXPECT_EQ(f->body->blocks[4]->body->attributes[0].name, "v");
}

TEST(HclErrors, UnclosedTupleDoesNotSwallowNextBlock) {
  auto f = P("resource \"a\" \"b\" {\n  x = [1, 2\n  y = 3\n}\nresource \"c\" \"d\" {\n  z = 1\n}\n");
  EXPECT_EQ(diags(*f), "t.tf:3:3: Missing item separator");
  ASSERT_EQ(f->body->blocks.size, 2u);
  EXPECT_EQ(f->body->blocks[1]->labels[0].value, "c");
  EXPECT_EQ(f->body->blocks[1]->body->attributes[0].name, "z");
  auto g = P("x = [1, 2\nresource \"c\" \"d\" {}\n");
  EXPECT_EQ(diags(*g), "t.tf:2:1: Missing item separator");
  ASSERT_EQ(g->body->blocks.size, 1u);
}

TEST(HclErrors, RecoveryAfterBadAttributeLine) {
  auto f = P("a = 1 +\nb = 2\nc = \"${\"\nresource \"x\" \"y\" {}\n");
  EXPECT_EQ(f->body->blocks.size, 1u);
  EXPECT_EQ(attr(*f, "b") != nullptr, true);
}

TEST(HclErrors, DeepNesting) {
  std::string deep = "a = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  auto f = P(deep);
  EXPECT_EQ(diags(*f), "t.tf:1:261: Nesting too deep");  // the cap counts recursion levels (2 per bracket)
  std::string parens = "a = " + std::string(100000, '(') + "\n";
  EXPECT_FALSE(P(parens)->ok());
  std::string blocks;
  for (int i = 0; i < 2000; ++i) blocks += "b {\n";
  EXPECT_FALSE(P(blocks)->ok());
  std::string bangs = "a = " + std::string(100000, '!') + "x\n";
  EXPECT_FALSE(P(bangs)->ok());
  std::string tmpl;
  for (int i = 0; i < 3000; ++i) tmpl += "\"${";
  EXPECT_FALSE(P("a = " + tmpl + "\n")->ok());
  std::string ok = "a = " + std::string(100, '[') + std::string(100, ']') + "\n";
  EXPECT_TRUE(P(ok)->ok());
}

}  // namespace
}  // namespace cs::hcl
