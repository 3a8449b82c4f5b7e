#include "sources/terraform/instance.h"

#include <functional>

#include "sources/terraform/refs.h"

namespace cs::tf {

std::string instance_key(const Value& key) {
  if (key.is_marked() && key.is_known()) return "[" + key.label() + "]";  // never a secret in an address
  if (key.is_number()) return "[" + Value::format_number(key.as_number()) + "]";
  if (key.is_string()) {
    std::string out = "[\"";
    for (char c : key.as_string()) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"]";
  }
  return "[*]";  // unknown instance key
}

std::string describe_unknown(const Value& v) {
  if (v.is_error()) return "cannot be evaluated: " + v.reason();
  if (v.is_unknown()) return "is unknown: " + v.reason();
  if (v.is_null()) return "is null";
  // Known container holding unknowns.
  std::function<const Value*(const Value&)> first_unknown = [&](const Value& x) -> const Value* {
    if (!x.is_known()) return &x;
    for (const auto& i : x.items())
      if (auto* u = first_unknown(i)) return u;
    for (const auto& [k, i] : x.attrs())
      if (auto* u = first_unknown(i)) return u;
    return nullptr;
  };
  if (const Value* u = first_unknown(v)) return "is unknown: " + u->reason();
  return "is " + v.render();
}

model::Location loc(const std::string* file, const hcl::Range& r) {
  return model::Location{file ? *file : std::string(),
                         r.begin.line,
                         r.begin.col,
                         r.end.line,
                         r.end.col,
                         r.begin.offset,
                         r.end.offset};
}

model::Anchor anchor_in(const BlockRef& b) {
  model::Anchor a;
  const hcl::Block* blk = b.block;
  if (!blk || !blk->body || blk->body->from_json) return a;
  a.file = b.file ? *b.file : std::string();
  const hcl::Attribute* last = nullptr;
  for (const hcl::Attribute& at : blk->body->attributes)
    if (!last || at.range.end.offset > last->range.end.offset) last = &at;
  if (last) {
    a.offset = last->range.end.offset;
    a.line = last->range.end.line;
    a.col = last->range.end.col;
    a.indent.assign(last->range.begin.col - 1, ' ');
  } else {
    a.offset = blk->open_brace.end.offset;
    a.line = blk->open_brace.end.line;
    a.col = blk->open_brace.end.col;
    a.indent.assign(blk->range.begin.col - 1 + 2, ' ');
  }
  return a;
}

model::Location decl_loc(const BlockRef& b) {
  const hcl::Block* blk = b.block;
  model::Location l = blk->body && blk->body->from_json && !blk->labels.empty()
                          ? loc(b.file, blk->labels[blk->labels.size - 1].range)
                          : loc(b.file, blk->type_range);
  l.end_line = blk->range.end.line;  // the whole block, for suppressions written inside it
  l.end_col = blk->range.end.col;
  return l;
}

std::string ResourceInstance::address_of(const hcl::Expr* e, std::string_view type) {
  if (!e) return {};
  auto names = [&](const hcl::Expr* x) -> const hcl::ScopeTraversalExpr* {
    if (!x || x->kind != hcl::ExprKind::ScopeTraversal) return nullptr;
    auto* t = hcl::as<hcl::ScopeTraversalExpr>(x);
    if (t->root != type || t->steps.size == 0 || t->steps[0].kind != hcl::StepKind::Attr) return nullptr;
    return t;
  };
  auto keyed = [&](std::string addr, const hcl::Expr* key) {
    if (!key) return addr;
    Value k = eval(key);
    if (k.is_known() && !k.is_null()) addr += instance_key(k);
    return addr;
  };
  // type.name[expr].attr: an index that is not a literal (count.index, each.key) is its own expression.
  const hcl::Expr* x = e;
  while (x->kind == hcl::ExprKind::RelativeTraversal) x = hcl::as<hcl::RelativeTraversalExpr>(x)->source;
  if (x->kind == hcl::ExprKind::Index) {
    auto* ix = hcl::as<hcl::IndexExpr>(x);
    if (const hcl::ScopeTraversalExpr* t = names(ix->collection); t && t->steps.size == 1)
      return keyed(module_prefix_ + std::string(type) + "." + std::string(t->steps[0].name), ix->key);
  }
  std::string out;
  for_each_traversal(e, [&](const hcl::ScopeTraversalExpr& t) {
    if (!out.empty() || !names(&t)) return;
    out = module_prefix_ + std::string(type) + "." + std::string(t.steps[0].name);
    if (t.steps.size > 1 && t.steps[1].kind == hcl::StepKind::Index)
      out = keyed(std::move(out), t.steps[1].key);
  });
  return out;
}

}  // namespace cs::tf
