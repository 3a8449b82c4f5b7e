// libFuzzer target for the HCL parser: parse(), parse_template() and parse_expression() on the
// input, then walk the whole tree touching every string and range (so ASan sees bad views).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "syntax/hcl/ast.h"

namespace {

using namespace cs::hcl;
using cs::Span;

size_t g_sink = 0;

void touch(std::string_view s) {
  for (char c : s) g_sink += static_cast<unsigned char>(c);
}
void touch(const Range& r) {
  if (r.end.offset < r.begin.offset && r.end.line >= r.begin.line && r.end.offset != 0) __builtin_trap();
  g_sink += r.begin.line + r.end.col;
}

void walk(const Expr* e, int depth = 0);

void walk_tmpl(const TemplateExpr* t, int depth) {
  if (!t) return;
  touch(t->range);
  for (const TemplatePart& p : t->parts) {
    if (p.expr)
      walk(p.expr, depth + 1);
    else
      touch(p.literal);
  }
}

void walk_steps(Span<TraversalStep> steps, int depth) {
  for (const TraversalStep& s : steps) {
    touch(s.name);
    touch(s.range);
    if (s.kind == StepKind::Index) walk(s.key, depth + 1);
  }
}

void walk(const Expr* e, int depth) {
  if (!e) __builtin_trap();  // the parser never leaves a null expression where one is required
  if (depth > 5000) __builtin_trap();
  touch(e->range);
  switch (e->kind) {
    case ExprKind::Literal:
      touch(as<LiteralExpr>(e)->text);
      break;
    case ExprKind::Template:
      walk_tmpl(as<TemplateExpr>(e), depth);
      break;
    case ExprKind::TemplateWrap:
      walk(as<TemplateWrapExpr>(e)->wrapped, depth + 1);
      break;
    case ExprKind::TemplateIf: {
      auto* n = as<TemplateIfExpr>(e);
      walk(n->cond, depth + 1);
      if (!n->then_part) __builtin_trap();
      walk_tmpl(n->then_part, depth + 1);
      walk_tmpl(n->else_part, depth + 1);
      break;
    }
    case ExprKind::TemplateFor: {
      auto* n = as<TemplateForExpr>(e);
      touch(n->key_var);
      touch(n->value_var);
      walk(n->coll, depth + 1);
      if (!n->body) __builtin_trap();
      walk_tmpl(n->body, depth + 1);
      break;
    }
    case ExprKind::ScopeTraversal: {
      auto* n = as<ScopeTraversalExpr>(e);
      touch(n->root);
      walk_steps(n->steps, depth);
      break;
    }
    case ExprKind::RelativeTraversal: {
      auto* n = as<RelativeTraversalExpr>(e);
      walk(n->source, depth + 1);
      walk_steps(n->steps, depth);
      break;
    }
    case ExprKind::Index:
      walk(as<IndexExpr>(e)->collection, depth + 1);
      walk(as<IndexExpr>(e)->key, depth + 1);
      break;
    case ExprKind::FunctionCall: {
      auto* n = as<FunctionCallExpr>(e);
      touch(n->name);
      for (const Expr* a : n->args) walk(a, depth + 1);
      break;
    }
    case ExprKind::Conditional: {
      auto* n = as<ConditionalExpr>(e);
      walk(n->cond, depth + 1);
      walk(n->true_result, depth + 1);
      walk(n->false_result, depth + 1);
      break;
    }
    case ExprKind::Binary:
      walk(as<BinaryExpr>(e)->lhs, depth + 1);
      walk(as<BinaryExpr>(e)->rhs, depth + 1);
      break;
    case ExprKind::Unary:
      walk(as<UnaryExpr>(e)->operand, depth + 1);
      break;
    case ExprKind::Tuple:
      for (const Expr* i : as<TupleExpr>(e)->items) walk(i, depth + 1);
      break;
    case ExprKind::Object:
      for (const ObjectItem& i : as<ObjectExpr>(e)->items) {
        walk(i.key, depth + 1);
        walk(i.value, depth + 1);
      }
      break;
    case ExprKind::For: {
      auto* n = as<ForExpr>(e);
      touch(n->key_var);
      touch(n->value_var);
      walk(n->coll, depth + 1);
      if (n->object_form) walk(n->key_expr, depth + 1);
      walk(n->value_expr, depth + 1);
      if (n->cond) walk(n->cond, depth + 1);
      break;
    }
    case ExprKind::Splat:
      walk(as<SplatExpr>(e)->source, depth + 1);
      walk(as<SplatExpr>(e)->each, depth + 1);
      break;
    case ExprKind::AnonSymbol:
      break;
    case ExprKind::Paren:
      walk(as<ParenExpr>(e)->inner, depth + 1);
      break;
    default:
      __builtin_trap();
  }
}

void walk_body(const Body* b, int depth) {
  if (!b) __builtin_trap();
  touch(b->range);
  for (const Attribute& a : b->attributes) {
    touch(a.name);
    touch(a.range);
    walk(a.expr);
  }
  for (const Block* blk : b->blocks) {
    touch(blk->type);
    for (const BlockLabel& l : blk->labels) touch(l.value);
    walk_body(blk->body, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string src(reinterpret_cast<const char*>(data), size);
  auto f = parse("fuzz.tf", src);
  walk_body(f->body, 0);
  for (const auto& c : f->comments) touch(c.text);
  for (const auto& d : f->diags)
    if (d.line == 0 || d.col == 0 || d.message.empty()) __builtin_trap();

  File g;
  g.path = "fuzz.json";
  std::string_view text = g.arena.copy(std::string_view(src));
  walk(parse_template(g, text, Pos{2, 3, 10}));
  walk(parse_expression(g, text, Pos{}));
  return 0;
}
