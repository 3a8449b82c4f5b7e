// The expression evaluator: Terraform (HCL) semantics over cs::hcl::Expr.
#include "sources/terraform/eval.h"

#include <cmath>
#include <limits>

#include "sources/terraform/eval_internal.h"

namespace cs::tf {

namespace {

using hcl::ExprKind;

// The longest string a template may render (a %{ for } over a large collection, templatefile()).
constexpr size_t kMaxTemplateBytes = size_t{16} << 20;

Value template_too_large() {
  return Value::error("Template result too large: the rendered text is longer than " +
                      std::to_string(kMaxTemplateBytes >> 20) + " MiB, more than cloudsift renders");
}

// Name under which a splat binds its current element: it cannot be spelled in HCL.
constexpr std::string_view kSplatSymbol = "\x01splat";

// r marked with m as well (the marks of the operands a result was computed from).
Value marked(Value r, uint32_t m) {
  return m ? r.with_marks(m) : r;
}

// A template about to grow past the budget's size for one string: true, with `out` unknown.
bool too_long(uint64_t bytes, Value& out) {
  EvalBudget* b = EvalBudget::active();
  std::string why;
  if (!b || b->fits(1, bytes, &why)) return false;
  out = Value::unknown(std::move(why));
  return true;
}

// Work that walks whole values (comparing, finding a common type) counts one step per element.
bool too_much_work(const Value& a, const Value& b, Value& out) {
  EvalBudget* budget = EvalBudget::active();
  if (!budget || budget->work(a.deep_elements() + b.deep_elements())) return false;
  out = Value::unknown(budget->reason());
  return true;
}

Value null_operand(const char* side, const char* what) {
  return Value::error(std::string("Invalid operand: Unsuitable value for ") + side + " operand: " + what +
                      " must not be null.");
}

// Index a collection with a key value (v[key]).
Value index_value(const Value& coll, const Value& key) {
  if (coll.is_error()) return coll;
  if (key.is_error()) return key;
  if (coll.is_null())
    return Value::error("Attempt to index null value: This value is null, so it does not have any indices.");
  if (key.is_null()) return Value::error("Invalid index: Can't use a null value as an indexing key.");
  if (coll.is_unknown()) return coll;
  if (key.is_unknown()) return key;
  const char* bad = "Invalid index: The given key does not identify an element in this collection value";
  switch (coll.kind()) {
    case Value::Kind::List:
    case Value::Kind::Tuple: {
      Value n = (key.is_number() || key.is_string()) ? key.to_number_value() : Value::error("");
      if (!n.is_number()) return Value::error(std::string(bad) + ": a number is required.");
      double d = n.as_number();
      if (d < 0)
        return Value::error(std::string(bad) + ": a negative number is not a valid index for a sequence.");
      if (d != std::floor(d))
        return Value::error(
            std::string(bad) +
            ": indexing a sequence requires a whole number, but the given index has a fractional "
            "part.");
      const Value* e = coll.at(static_cast<size_t>(d));
      if (!e || d >= static_cast<double>(coll.items().size())) return Value::error(std::string(bad) + ".");
      return *e;
    }
    case Value::Kind::Set:
      return Value::error(
          "Invalid index: Elements of a set are identified only by their value and don't have any separate "
          "index or "
          "key to select with, so it's only possible to perform operations across all elements of the set.");
    case Value::Kind::Map:
    case Value::Kind::Object: {
      if (coll.kind() == Value::Kind::Object && key.is_number())
        return Value::error(std::string(bad) +
                            ". An object only supports looking up attributes by name, not by numeric index.");
      Value s = key.to_string_value();
      if (!s.is_string()) return Value::error(std::string(bad) + ": a string is required.");
      const Value* e = coll.get(s.as_string());
      if (!e) return Value::error(std::string(bad) + ".");
      return *e;
    }
    default:
      return Value::error("Invalid index: This value does not have any indices.");
  }
}

Value get_attr(const Value& v, std::string_view name) {
  if (v.is_error()) return v;
  if (v.is_null())
    return Value::error(
        "Attempt to get attribute from null value: This value is null, so it does not have any attributes.");
  if (v.is_unknown()) return v;
  if (v.kind() == Value::Kind::Object) {
    const Value* e = v.get(name);
    if (!e)
      return Value::error("Unsupported attribute: This object does not have an attribute named \"" +
                          std::string(name) + "\".");
    return *e;
  }
  if (v.kind() == Value::Kind::Map) {
    const Value* e = v.get(name);
    if (!e)
      return Value::error("Missing map element: This map does not have an element with the key \"" +
                          std::string(name) + "\".");
    return *e;
  }
  return Value::error("Unsupported attribute: This value does not have any attributes.");
}

Value apply_step(const Value& v, const hcl::TraversalStep& step, EvalContext& ctx) {
  if (step.kind == hcl::StepKind::Attr) return get_attr(v, step.name);
  Value key = eval(step.key, ctx);
  return marked(index_value(v, key), key.deep_marks());
}

Value to_bool_operand(const Value& v, const char* side) {
  if (v.is_null()) return null_operand(side, "a bool value");
  Value b = v.to_bool_value();
  if (b.is_error())
    return Value::error(std::string("Invalid operand: Unsuitable value for ") + side +
                        " operand: a bool is required.");
  return b;
}

Value to_number_operand(const Value& v, const char* side) {
  if (v.is_null())
    return Value::error("Operation failed: Error during operation: argument must not be null.");
  if (!v.is_number() && !v.is_string())
    return Value::error(std::string("Invalid operand: Unsuitable value for ") + side +
                        " operand: number required.");
  Value n = v.to_number_value();
  if (n.is_error())
    return Value::error(std::string("Invalid operand: Unsuitable value for ") + side +
                        " operand: a number is required.");
  return n;
}

Value eval_binary_plain(const hcl::BinaryExpr* b, const Value& l, const Value& r);

// A result computed from both operands carries the marks of both.
Value eval_binary(const hcl::BinaryExpr* b, EvalContext& ctx) {
  Value l = eval(b->lhs, ctx);
  Value r = eval(b->rhs, ctx);
  return marked(eval_binary_plain(b, l, r), Value::merge_marks(l.deep_marks(), r.deep_marks()));
}

Value eval_binary_plain(const hcl::BinaryExpr* b, const Value& l, const Value& r) {
  if (l.is_error()) return l;
  if (r.is_error()) return r;
  if (Value refused; too_much_work(l, r, refused)) return refused;
  using Op = hcl::BinaryOp;
  switch (b->op) {
    case Op::Equal:
    case Op::NotEqual: {
      if (!l.is_wholly_known())
        return l.is_unknown() ? l : Value::unknown("comparison with a value that is not known");
      if (!r.is_wholly_known())
        return r.is_unknown() ? r : Value::unknown("comparison with a value that is not known");
      bool eq = l.equals(r);
      return Value::boolean(b->op == Op::Equal ? eq : !eq);
    }
    case Op::Or:
    case Op::And: {
      Value lb = l.is_unknown() ? l : to_bool_operand(l, "left");
      Value rb = r.is_unknown() ? r : to_bool_operand(r, "right");
      if (lb.is_error()) return lb;
      if (rb.is_error()) return rb;
      bool is_or = b->op == Op::Or;
      // A known operand that decides the result wins over an unknown one.
      if (lb.is_bool() && lb.as_bool() == is_or) return Value::boolean(is_or);
      if (rb.is_bool() && rb.as_bool() == is_or) return Value::boolean(is_or);
      if (lb.is_unknown()) return lb;
      if (rb.is_unknown()) return rb;
      return Value::boolean(is_or ? (lb.as_bool() || rb.as_bool()) : (lb.as_bool() && rb.as_bool()));
    }
    default:
      break;
  }
  Value ln = l.is_unknown() ? l : to_number_operand(l, "left");
  Value rn = r.is_unknown() ? r : to_number_operand(r, "right");
  if (ln.is_error()) return ln;
  if (rn.is_error()) return rn;
  if (ln.is_unknown()) return ln;
  if (rn.is_unknown()) return rn;
  double x = ln.as_number(), y = rn.as_number();
  switch (b->op) {
    case Op::Less:
      return Value::boolean(x < y);
    case Op::LessEq:
      return Value::boolean(x <= y);
    case Op::Greater:
      return Value::boolean(x > y);
    case Op::GreaterEq:
      return Value::boolean(x >= y);
    case Op::Add:
      if (std::isinf(x) && std::isinf(y) && (x > 0) != (y > 0))
        return Value::error(
            "Operation failed: Error during operation: can't compute sum of opposing infinities.");
      return Value::number(x + y);
    case Op::Sub:
      if (std::isinf(x) && std::isinf(y) && (x > 0) == (y > 0))
        return Value::error("Operation failed: Error during operation: can't subtract infinity from itself.");
      return Value::number(x - y);
    case Op::Mul:
      if ((std::isinf(x) && y == 0) || (std::isinf(y) && x == 0))
        return Value::error("Operation failed: Error during operation: can't multiply zero by infinity.");
      return Value::number(x * y);
    case Op::Div:
      if ((x == 0 && y == 0) || (std::isinf(x) && std::isinf(y)))
        return Value::error(
            "Operation failed: Error during operation: can't divide zero by zero or infinity by infinity.");
      return Value::number(x / y);
    case Op::Mod:
      if (y == 0 || std::isinf(x)) return Value::number(x);  // what Terraform's big.Float modulo yields
      if (std::isinf(y)) return Value::number(x);
      return Value::number(std::fmod(x, y));
    default:
      break;
  }
  return Value::error("unsupported operator");
}

Value eval_template_plain(const hcl::TemplateExpr* t, EvalContext& ctx, uint32_t& marks);

Value eval_template(const hcl::TemplateExpr* t, EvalContext& ctx) {
  uint32_t marks = 0;
  Value r = eval_template_plain(t, ctx, marks);
  return marked(r, marks);
}

Value eval_template_plain(const hcl::TemplateExpr* t, EvalContext& ctx, uint32_t& marks) {
  std::string out;
  Value unknown;
  bool has_unknown = false;
  for (const auto& part : t->parts) {
    if (!part.expr) {
      out += part.literal;
      continue;
    }
    Value v = eval(part.expr, ctx);
    marks = Value::merge_marks(marks, v.deep_marks());
    if (v.is_error()) return v;
    if (v.is_unknown()) {
      if (!has_unknown) unknown = v;
      has_unknown = true;
      continue;
    }
    if (v.is_null())
      return Value::error(
          "Invalid template interpolation value: The expression result is null. Cannot include a null value "
          "in a "
          "string template.");
    if (!v.is_string() && !v.is_number() && !v.is_bool())
      return Value::error(
          "Invalid template interpolation value: Cannot include the given value in a string template: string "
          "required.");
    if (Value refused; too_long(out.size() + v.deep_bytes(), refused)) return refused;
    out += v.to_string_value().as_string();
    if (out.size() > kMaxTemplateBytes) return template_too_large();
  }
  if (has_unknown) return unknown;
  return Value::string(std::move(out));
}

Value eval_template_if(const hcl::TemplateIfExpr* t, EvalContext& ctx) {
  Value c = eval(t->cond, ctx);
  if (c.is_error()) return c;
  if (c.is_unknown()) return c;
  if (c.is_null())
    return Value::error(
        "Invalid template if condition: The condition value is null. Conditions must either be true or "
        "false.");
  Value b = c.to_bool_value();
  if (!b.is_bool()) return Value::error("Invalid template if condition: The condition must be of type bool.");
  if (b.as_bool()) return marked(eval(t->then_part, ctx), c.marks());
  if (t->else_part) return marked(eval(t->else_part, ctx), c.marks());
  return marked(Value::string(""), c.marks());
}

// Iterate a collection the way for expressions do: (key, value) pairs.
// Keys of a marked collection carry its marks, as its elements do.
bool for_pairs(const Value& coll, std::vector<std::pair<Value, Value>>& out) {
  uint32_t m = coll.marks();
  if (coll.is_sequence()) {
    bool set = coll.kind() == Value::Kind::Set;
    for (size_t i = 0; i < coll.items().size(); ++i)
      out.emplace_back(set ? coll.items()[i] : marked(Value::number(static_cast<double>(i)), m),
                       coll.items()[i]);
    return true;
  }
  if (coll.is_mapping()) {
    for (const auto& [k, v] : coll.attrs()) out.emplace_back(marked(Value::string(k), m), v);
    return true;
  }
  return false;
}

Value check_iterable(const Value& coll, const char* where) {
  if (coll.is_error() || coll.is_unknown()) return coll;
  if (coll.is_null())
    return Value::error(
        std::string("Iteration over null value: A null value cannot be used as the collection in a ") +
        where + ".");
  if (!coll.is_sequence() && !coll.is_mapping())
    return Value::error(std::string("Iteration over non-iterable value: A value of type ") +
                        detail::kind_name(coll) + " cannot be used as the collection in a " + where + ".");
  return Value();
}

Value eval_template_for(const hcl::TemplateForExpr* t, EvalContext& ctx) {
  Value coll = eval(t->coll, ctx);
  Value bad = check_iterable(coll, "'for' directive");
  if (!bad.is_null()) return bad;
  std::vector<std::pair<Value, Value>> pairs;
  for_pairs(coll, pairs);
  std::string out;
  Value unknown;
  bool has_unknown = false;
  uint32_t part_marks = 0;
  for (auto& [k, v] : pairs) {
    if (!t->key_var.empty()) ctx.bind(std::string(t->key_var), k);
    ctx.bind(std::string(t->value_var), v);
    Value part = eval(t->body, ctx);
    ctx.unbind();
    if (!t->key_var.empty()) ctx.unbind();
    part_marks = Value::merge_marks(part_marks, part.deep_marks());
    if (part.is_error()) return part;
    if (part.is_unknown()) {
      if (!has_unknown) unknown = part;
      has_unknown = true;
      continue;
    }
    if (Value refused; too_long(out.size() + part.deep_bytes(), refused)) return refused;
    if (part.is_string()) out += part.as_string();
    if (out.size() > kMaxTemplateBytes) return template_too_large();
  }
  if (has_unknown) return unknown;
  return marked(Value::string(std::move(out)), Value::merge_marks(coll.marks(), part_marks));
}

Value eval_for_plain(const hcl::ForExpr* f, const Value& coll, EvalContext& ctx, uint32_t& marks);

// The result of a for expression carries the marks of its collection, of its conditions and of its keys
// (which element is kept or where it goes tells something about them).
Value eval_for(const hcl::ForExpr* f, EvalContext& ctx) {
  Value coll = eval(f->coll, ctx);
  uint32_t marks = coll.marks();
  Value r = eval_for_plain(f, coll, ctx, marks);
  return marked(r, marks);
}

Value eval_for_plain(const hcl::ForExpr* f, const Value& coll, EvalContext& ctx, uint32_t& marks) {
  if (coll.is_unknown())
    return Value::unknown("for expression over a collection that is not known: " + coll.reason());
  Value bad = check_iterable(coll, "'for' expression");
  if (!bad.is_null()) return bad;
  std::vector<std::pair<Value, Value>> pairs;
  for_pairs(coll, pairs);

  ValueList items;
  ValueMap obj;
  std::map<std::string, ValueList, std::less<>> groups;
  Value unknown;
  bool has_unknown = false;
  for (auto& [k, v] : pairs) {
    if (!f->key_var.empty()) ctx.bind(std::string(f->key_var), k);
    ctx.bind(std::string(f->value_var), v);
    Value result;
    bool keep = true;
    if (f->cond) {
      Value c = eval(f->cond, ctx);
      marks = Value::merge_marks(marks, c.deep_marks());
      if (c.is_error()) {
        result = c;
      } else if (c.is_unknown()) {
        if (!has_unknown) unknown = Value::unknown("for expression condition is not known: " + c.reason());
        has_unknown = true;
        keep = false;
      } else if (c.is_null()) {
        result = Value::error("Condition is null: The value of the 'if' clause must not be null.");
      } else {
        Value cb = c.to_bool_value();
        if (!cb.is_bool())
          result = Value::error("Invalid 'for' condition: The 'if' clause value is invalid: bool required.");
        else
          keep = cb.as_bool();
      }
    }
    Value key;
    if (result.is_null() && keep) {
      if (f->object_form) {
        key = eval(f->key_expr, ctx);
        marks = Value::merge_marks(marks, key.deep_marks());
        if (key.is_error()) {
          result = key;
        } else if (key.is_null()) {
          result = Value::error(
              "Invalid object key: Key expression in 'for' expression must not produce a null value.");
        } else if (key.is_unknown()) {
          if (!has_unknown) unknown = key;
          has_unknown = true;
          keep = false;
        } else {
          key = key.to_string_value();
          if (!key.is_string())
            result = Value::error(
                "Invalid object key: The key expression produced an invalid result: string required.");
        }
      }
      if (result.is_null() && keep) {
        Value val = eval(f->value_expr, ctx);
        if (val.is_error()) {
          result = val;
        } else if (!f->object_form) {
          items.push_back(std::move(val));
        } else if (f->grouping) {
          groups[key.as_string()].push_back(std::move(val));
        } else if (obj.count(key.as_string())) {
          result =
              Value::error("Duplicate object key: Two different items produced the key " +
                           (key.is_marked() ? key.label() : "\"" + key.as_string() + "\"") +
                           " in this 'for' expression. If duplicates are expected, use the ellipsis (...) "
                           "after the value expression to enable grouping by key.");
        } else {
          obj.emplace(key.as_string(), std::move(val));
        }
      }
    }
    ctx.unbind();
    if (!f->key_var.empty()) ctx.unbind();
    if (result.is_error()) return result;
  }
  if (has_unknown) return unknown;
  if (!f->object_form) return Value::tuple(std::move(items));
  if (f->grouping)
    for (auto& [k, vs] : groups) obj.emplace(k, Value::tuple(std::move(vs)));
  return Value::object(std::move(obj));
}

Value eval_splat(const hcl::SplatExpr* s, EvalContext& ctx) {
  Value src = eval(s->source, ctx);
  if (src.is_error() || src.is_unknown()) return src;
  if (src.is_null()) return Value::tuple({});
  auto each = [&](const Value& v) {
    ctx.bind(std::string(kSplatSymbol), v);
    Value r = eval(s->each, ctx);
    ctx.unbind();
    return r;
  };
  if (!src.is_sequence()) {
    Value r = each(src);
    if (r.is_error()) return r;
    return Value::tuple({r});
  }
  ValueList out;
  for (const auto& e : src.items()) {
    Value r = each(e);
    if (r.is_error()) return r;
    out.push_back(std::move(r));
  }
  if (src.kind() == Value::Kind::Tuple) return marked(Value::tuple(std::move(out)), src.marks());
  return marked(Value::list(std::move(out)), src.marks());
}

Value eval_conditional_plain(const hcl::ConditionalExpr* c, const Value& cond, EvalContext& ctx);

// Which branch is taken tells something about the condition: the result carries its marks.
Value eval_conditional(const hcl::ConditionalExpr* c, EvalContext& ctx) {
  Value cond = eval(c->cond, ctx);
  return marked(eval_conditional_plain(c, cond, ctx), cond.deep_marks());
}

Value eval_conditional_plain(const hcl::ConditionalExpr* c, const Value& cond, EvalContext& ctx) {
  if (cond.is_error()) return cond;
  // Terraform evaluates both results (to agree on a result type) but reports only the errors of the
  // branch that is taken.
  Value t = eval(c->true_result, ctx);
  Value f = eval(c->false_result, ctx);
  if (Value refused; too_much_work(t, f, refused)) return refused;
  auto tt = t.is_error() ? detail::Type{} : detail::type_of(t);
  auto ft = f.is_error() ? detail::Type{} : detail::type_of(f);
  auto u = detail::unify({tt, ft});
  if (cond.is_unknown()) return Value::unknown("condition is not known: " + cond.reason());
  if (cond.is_null())
    return Value::error(
        "Null condition: The condition value is null. Conditions must either be true or false.");
  Value b = cond.to_bool_value();
  if (!b.is_bool())
    return Value::error("Incorrect condition type: The condition expression must be of type bool.");
  if (!u)
    return Value::error(
        "Inconsistent conditional result types: The true and false result expressions must have consistent "
        "types. The 'true' value is " +
        detail::kind_name(t) + ", but the 'false' value is " + detail::kind_name(f) + ".");
  const Value& chosen = b.as_bool() ? t : f;
  if (chosen.is_error()) return chosen;
  Value conv = detail::convert(chosen, *u);
  return conv.is_error() ? chosen : conv;
}

Value eval_call(const hcl::FunctionCallExpr* fc, EvalContext& ctx) {
  std::vector<Value> args;
  args.reserve(fc->args.size);
  for (uint32_t i = 0; i < fc->args.size; ++i) {
    Value v = eval(fc->args[i], ctx);
    if (fc->expand_final && i + 1 == fc->args.size) {
      if (v.is_error()) return v;
      if (v.is_unknown()) return Value::unknown("expanded function argument is not known: " + v.reason());
      if (v.is_null())
        return Value::error(
            "Invalid expanding argument value: The expanding argument (indicated by ...) must not be null.");
      if (!v.is_sequence())
        return Value::error(
            "Invalid expanding argument value: The expanding argument (indicated by ...) must be of a tuple, "
            "list, "
            "or set type.");
      for (const auto& e : v.items()) args.push_back(e);
    } else {
      args.push_back(std::move(v));
    }
  }
  return call_function(fc->name, args, ctx);
}

Value eval_object(const hcl::ObjectExpr* o, EvalContext& ctx) {
  ValueMap out;
  Value unknown;
  bool has_unknown = false;
  uint32_t key_marks = 0;  // a key computed from a marked value marks the object
  for (const auto& item : o->items) {
    std::string key;
    if (item.key_is_bare_name && item.key->kind == ExprKind::ScopeTraversal) {
      key = std::string(hcl::as<hcl::ScopeTraversalExpr>(item.key)->root);
    } else if (item.key->kind == ExprKind::Literal &&
               hcl::as<hcl::LiteralExpr>(item.key)->lit != hcl::LiteralKind::Number) {
      // The keywords null, true and false written as keys are names too ({null = 1} has key "null");
      // only a parenthesized (null) is evaluated.
      const auto* l = hcl::as<hcl::LiteralExpr>(item.key);
      key = l->lit == hcl::LiteralKind::Null ? "null" : l->boolean ? "true" : "false";
    } else {
      Value k = eval(item.key, ctx);
      key_marks = Value::merge_marks(key_marks, k.deep_marks());
      if (k.is_error()) return k;
      if (k.is_null()) return Value::error("Null value as key: Can't use a null value as a key.");
      if (k.is_unknown()) {
        if (!has_unknown) unknown = k;
        has_unknown = true;
        continue;
      }
      Value ks = k.to_string_value();
      if (!ks.is_string())
        return Value::error("Incorrect key type: Can't use this value as a key: string required.");
      key = ks.as_string();
    }
    Value v = eval(item.value, ctx);
    if (v.is_error()) return v;
    out.insert_or_assign(std::move(key), std::move(v));
  }
  if (has_unknown) return unknown;
  return marked(Value::object(std::move(out)), key_marks);
}

}  // namespace

Value apply_steps(const Value& v, const hcl::ScopeTraversalExpr& t, size_t from, EvalContext& ctx) {
  Value cur = v;
  for (size_t i = from; i < t.steps.size; ++i) {
    if (cur.is_error()) return cur;
    cur = apply_step(cur, t.steps[i], ctx);
  }
  return cur;
}

namespace {
Value eval_expr(const hcl::Expr* expr, EvalContext& ctx);
// Evaluation recurses through nested expressions and, through the scanner, through the references
// between locals, variables and module outputs: one depth for both, so no input overflows the stack.
thread_local unsigned eval_depth = 0;
struct EvalDepth {
  EvalDepth() { ++eval_depth; }
  ~EvalDepth() { --eval_depth; }
};
}  // namespace

Value eval(const hcl::Expr* expr, EvalContext& ctx) {
  if (eval_depth >= kMaxEvalDepth)
    return Value::error("expressions and the references between them nest deeper than " +
                        std::to_string(kMaxEvalDepth) + " levels");
  EvalBudget& b = ctx.budget();
  BudgetScope scope(&b);
  if (b.exhausted() || !b.step()) return Value::unknown(b.reason());
  EvalDepth depth;
  return eval_expr(expr, ctx);
}

namespace {
Value eval_expr(const hcl::Expr* expr, EvalContext& ctx) {
  if (!expr) return Value::error("missing expression");
  switch (expr->kind) {
    case ExprKind::Literal: {
      const auto* l = hcl::as<hcl::LiteralExpr>(expr);
      switch (l->lit) {
        case hcl::LiteralKind::Null:
          return Value::null();
        case hcl::LiteralKind::Bool:
          return Value::boolean(l->boolean);
        case hcl::LiteralKind::Number:
          return Value::number(l->number);
      }
      return Value::null();
    }
    case ExprKind::Template:
      return eval_template(hcl::as<hcl::TemplateExpr>(expr), ctx);
    case ExprKind::TemplateWrap:
      return eval(hcl::as<hcl::TemplateWrapExpr>(expr)->wrapped, ctx);
    case ExprKind::TemplateIf:
      return eval_template_if(hcl::as<hcl::TemplateIfExpr>(expr), ctx);
    case ExprKind::TemplateFor:
      return eval_template_for(hcl::as<hcl::TemplateForExpr>(expr), ctx);
    case ExprKind::ScopeTraversal: {
      const auto* t = hcl::as<hcl::ScopeTraversalExpr>(expr);
      if (const Value* bound = ctx.lookup_bound(t->root)) return apply_steps(*bound, *t, 0, ctx);
      if (!ctx.resolver())
        return Value::unknown("reference to \"" + std::string(t->root) + "\" cannot be resolved");
      return ctx.resolver()(*t);
    }
    case ExprKind::RelativeTraversal: {
      const auto* t = hcl::as<hcl::RelativeTraversalExpr>(expr);
      Value cur = eval(t->source, ctx);
      for (const auto& step : t->steps) {
        if (cur.is_error()) return cur;
        cur = apply_step(cur, step, ctx);
      }
      return cur;
    }
    case ExprKind::Index: {
      const auto* ix = hcl::as<hcl::IndexExpr>(expr);
      Value coll = eval(ix->collection, ctx);
      Value key = eval(ix->key, ctx);
      return marked(index_value(coll, key), key.deep_marks());
    }
    case ExprKind::FunctionCall:
      return eval_call(hcl::as<hcl::FunctionCallExpr>(expr), ctx);
    case ExprKind::Conditional:
      return eval_conditional(hcl::as<hcl::ConditionalExpr>(expr), ctx);
    case ExprKind::Binary:
      return eval_binary(hcl::as<hcl::BinaryExpr>(expr), ctx);
    case ExprKind::Unary: {
      const auto* u = hcl::as<hcl::UnaryExpr>(expr);
      Value v = eval(u->operand, ctx);
      if (v.is_error() || v.is_unknown()) return v;
      if (u->op == hcl::UnaryOp::Not) {
        Value b = to_bool_operand(v, "the");
        if (!b.is_bool()) return b;
        return marked(Value::boolean(!b.as_bool()), v.marks());
      }
      Value n = to_number_operand(v, "the");
      if (!n.is_number()) return n;
      return marked(Value::number(-n.as_number()), v.marks());
    }
    case ExprKind::Tuple: {
      ValueList items;
      for (const hcl::Expr* e : hcl::as<hcl::TupleExpr>(expr)->items) {
        Value v = eval(e, ctx);
        if (v.is_error()) return v;
        items.push_back(std::move(v));
      }
      return Value::tuple(std::move(items));
    }
    case ExprKind::Object:
      return eval_object(hcl::as<hcl::ObjectExpr>(expr), ctx);
    case ExprKind::For:
      return eval_for(hcl::as<hcl::ForExpr>(expr), ctx);
    case ExprKind::Splat:
      return eval_splat(hcl::as<hcl::SplatExpr>(expr), ctx);
    case ExprKind::AnonSymbol: {
      if (const Value* v = ctx.lookup_bound(kSplatSymbol)) return *v;
      return Value::error("splat symbol used outside a splat expression");
    }
    case ExprKind::Paren:
      return eval(hcl::as<hcl::ParenExpr>(expr)->inner, ctx);
  }
  return Value::error("unsupported expression");
}
}  // namespace

}  // namespace cs::tf
