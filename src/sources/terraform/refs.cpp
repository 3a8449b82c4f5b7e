#include "sources/terraform/refs.h"

namespace cs::tf {

void for_each_traversal(const hcl::Expr* e, const std::function<void(const hcl::ScopeTraversalExpr&)>& fn) {
  using K = hcl::ExprKind;
  if (!e) return;
  auto rec = [&](const hcl::Expr* x) { for_each_traversal(x, fn); };
  switch (e->kind) {
    case K::Literal:
    case K::AnonSymbol:
      return;
    case K::Template:
      for (const auto& p : hcl::as<hcl::TemplateExpr>(e)->parts) rec(p.expr);
      return;
    case K::TemplateWrap:
      rec(hcl::as<hcl::TemplateWrapExpr>(e)->wrapped);
      return;
    case K::TemplateIf: {
      auto* t = hcl::as<hcl::TemplateIfExpr>(e);
      rec(t->cond);
      rec(t->then_part);
      rec(t->else_part);
      return;
    }
    case K::TemplateFor: {
      auto* t = hcl::as<hcl::TemplateForExpr>(e);
      rec(t->coll);
      rec(t->body);
      return;
    }
    case K::ScopeTraversal: {
      auto* t = hcl::as<hcl::ScopeTraversalExpr>(e);
      fn(*t);
      for (const auto& s : t->steps) rec(s.key);
      return;
    }
    case K::RelativeTraversal: {
      auto* t = hcl::as<hcl::RelativeTraversalExpr>(e);
      rec(t->source);
      for (const auto& s : t->steps) rec(s.key);
      return;
    }
    case K::Index:
      rec(hcl::as<hcl::IndexExpr>(e)->collection);
      rec(hcl::as<hcl::IndexExpr>(e)->key);
      return;
    case K::FunctionCall:
      for (const hcl::Expr* a : hcl::as<hcl::FunctionCallExpr>(e)->args) rec(a);
      return;
    case K::Conditional: {
      auto* c = hcl::as<hcl::ConditionalExpr>(e);
      rec(c->cond);
      rec(c->true_result);
      rec(c->false_result);
      return;
    }
    case K::Binary:
      rec(hcl::as<hcl::BinaryExpr>(e)->lhs);
      rec(hcl::as<hcl::BinaryExpr>(e)->rhs);
      return;
    case K::Unary:
      rec(hcl::as<hcl::UnaryExpr>(e)->operand);
      return;
    case K::Tuple:
      for (const hcl::Expr* i : hcl::as<hcl::TupleExpr>(e)->items) rec(i);
      return;
    case K::Object:
      for (const auto& i : hcl::as<hcl::ObjectExpr>(e)->items) {
        if (!i.key_is_bare_name) rec(i.key);
        rec(i.value);
      }
      return;
    case K::For: {
      auto* f = hcl::as<hcl::ForExpr>(e);
      rec(f->coll);
      rec(f->key_expr);
      rec(f->value_expr);
      rec(f->cond);
      return;
    }
    case K::Splat:
      rec(hcl::as<hcl::SplatExpr>(e)->source);
      rec(hcl::as<hcl::SplatExpr>(e)->each);
      return;
    case K::Paren:
      rec(hcl::as<hcl::ParenExpr>(e)->inner);
      return;
  }
}

std::set<std::string> input_vars(const ModuleConfig& cfg, const std::vector<const hcl::Expr*>& exprs) {
  std::set<std::string> vars, seen_locals;
  std::vector<const hcl::Expr*> todo(exprs.begin(), exprs.end());
  while (!todo.empty()) {
    const hcl::Expr* e = todo.back();
    todo.pop_back();
    for_each_traversal(e, [&](const hcl::ScopeTraversalExpr& t) {
      if (t.steps.empty() || t.steps[0].kind != hcl::StepKind::Attr) return;
      std::string name(t.steps[0].name);
      if (t.root == "var") {
        vars.insert(name);
      } else if (t.root == "local" && seen_locals.insert(name).second) {
        auto it = cfg.locals.find(name);
        if (it != cfg.locals.end()) todo.push_back(it->second.attr->expr);
      }
    });
  }
  return vars;
}

}  // namespace cs::tf
