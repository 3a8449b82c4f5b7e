// Terraform types: inference from values, unification (tolist([1, "a"])), conversion, and type
// constraint expressions (variable "x" { type = object({ a = optional(string, "d") }) }).
#include <set>

#include "sources/terraform/eval_internal.h"

namespace cs::tf {
namespace detail {

using K = Type::K;

bool Type::operator==(const Type& o) const {
  if (k != o.k) return false;
  switch (k) {
    case K::List:
    case K::Set:
    case K::Map:
      return *elem == *o.elem;
    case K::Tuple:
      return elems == o.elems;
    case K::Object:
      return attrs == o.attrs;
    default:
      return true;
  }
}

std::string Type::name() const {
  switch (k) {
    case K::Dynamic:
      return "any";
    case K::String:
      return "string";
    case K::Number:
      return "number";
    case K::Bool:
      return "bool";
    case K::List:
      return "list of " + elem->name();
    case K::Set:
      return "set of " + elem->name();
    case K::Map:
      return "map of " + elem->name();
    case K::Tuple:
      return "tuple";
    case K::Object:
      return "object";
  }
  return "any";
}

std::string kind_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return "null";
    case Value::Kind::Unknown:
      return "unknown";
    case Value::Kind::Error:
      return "error";
    case Value::Kind::Bool:
      return "bool";
    case Value::Kind::Number:
      return "number";
    case Value::Kind::String:
      return "string";
    case Value::Kind::List:
      return "list";
    case Value::Kind::Tuple:
      return "tuple";
    case Value::Kind::Set:
      return "set";
    case Value::Kind::Map:
      return "map";
    case Value::Kind::Object:
      return "object";
  }
  return "value";
}

Type type_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown:
    case Value::Kind::Error:
      return Type{};
    case Value::Kind::Bool:
      return Type::prim(K::Bool);
    case Value::Kind::Number:
      return Type::prim(K::Number);
    case Value::Kind::String:
      return Type::prim(K::String);
    case Value::Kind::List:
    case Value::Kind::Set: {
      std::vector<Type> ts;
      for (const auto& e : v.items()) ts.push_back(type_of(e));
      auto u = unify(ts);
      return Type::collection(v.kind() == Value::Kind::List ? K::List : K::Set, u ? *u : Type{});
    }
    case Value::Kind::Map: {
      std::vector<Type> ts;
      for (const auto& [k, e] : v.attrs()) ts.push_back(type_of(e));
      auto u = unify(ts);
      return Type::collection(K::Map, u ? *u : Type{});
    }
    case Value::Kind::Tuple: {
      Type t;
      t.k = K::Tuple;
      for (const auto& e : v.items()) t.elems.push_back(type_of(e));
      return t;
    }
    case Value::Kind::Object: {
      Type t;
      t.k = K::Object;
      for (const auto& [k, e] : v.attrs()) t.attrs.emplace(k, type_of(e));
      return t;
    }
  }
  return Type{};
}

std::optional<Type> unify(const std::vector<Type>& all) {
  std::vector<Type> ts;
  for (const auto& t : all)
    if (t.k != K::Dynamic) ts.push_back(t);
  if (ts.empty()) return Type{};
  bool same = true;
  for (const auto& t : ts) same = same && t == ts[0];
  if (same) return ts[0];

  bool all_prim = true, any_string = false;
  for (const auto& t : ts) {
    all_prim = all_prim && t.is_primitive();
    any_string = any_string || t.k == K::String;
  }
  if (all_prim) {
    if (any_string) return Type::prim(K::String);
    return std::nullopt;  // number and bool do not convert to one another
  }

  bool all_mapping = true, all_objects = true;
  for (const auto& t : ts) {
    all_mapping = all_mapping && (t.k == K::Map || t.k == K::Object);
    all_objects = all_objects && t.k == K::Object;
  }
  if (all_mapping) {
    if (all_objects) {
      bool same_names = true;
      for (const auto& t : ts) {
        if (t.attrs.size() != ts[0].attrs.size()) same_names = false;
        for (auto a = t.attrs.cbegin(), b = ts[0].attrs.cbegin(); same_names && a != t.attrs.end(); ++a, ++b)
          if (a->first != b->first) same_names = false;
      }
      if (same_names) {
        Type out;
        out.k = K::Object;
        bool ok = true;
        for (const auto& [name, _] : ts[0].attrs) {
          std::vector<Type> at;
          for (const auto& t : ts) at.push_back(t.attrs.at(name));
          auto u = unify(at);
          if (!u) {
            ok = false;
            break;
          }
          out.attrs.emplace(name, *u);
        }
        if (ok) return out;
      }
    }
    std::vector<Type> et;
    for (const auto& t : ts) {
      if (t.k == K::Map)
        et.push_back(*t.elem);
      else
        for (const auto& [n, a] : t.attrs) et.push_back(a);
    }
    auto u = unify(et);
    if (!u) return std::nullopt;
    return Type::collection(K::Map, *u);
  }

  bool all_seq = true, all_tuples = true, any_set = false, all_sets = true;
  for (const auto& t : ts) {
    all_seq = all_seq && (t.k == K::List || t.k == K::Tuple || t.k == K::Set);
    all_tuples = all_tuples && t.k == K::Tuple;
    any_set = any_set || t.k == K::Set;
    all_sets = all_sets && t.k == K::Set;
  }
  if (all_seq) {
    if (all_tuples) {
      bool same_len = true;
      for (const auto& t : ts) same_len = same_len && t.elems.size() == ts[0].elems.size();
      if (same_len) {
        Type out;
        out.k = K::Tuple;
        for (size_t i = 0; i < ts[0].elems.size(); ++i) {
          std::vector<Type> et;
          for (const auto& t : ts) et.push_back(t.elems[i]);
          auto u = unify(et);
          if (!u) return std::nullopt;
          out.elems.push_back(*u);
        }
        return out;
      }
    }
    // A list wins over a set (a set converts to a list); tuples and sets give a set.
    bool any_list = false;
    for (const auto& t : ts) any_list = any_list || t.k == K::List;
    K result = any_list ? K::List : any_set ? K::Set : K::List;
    std::vector<Type> et;
    for (const auto& t : ts) {
      if (t.k == K::Tuple)
        et.insert(et.end(), t.elems.begin(), t.elems.end());
      else
        et.push_back(*t.elem);
    }
    auto u = unify(et);
    if (!u) return std::nullopt;
    (void)all_sets;
    return Type::collection(result, *u);
  }
  return std::nullopt;
}

namespace {

Value conv_error(const Value& v, const Type& t) {
  return Value::error(t.name() + " required");
}

}  // namespace

Value convert(const Value& v, const Type& t) {
  if (!v.is_known() || v.is_null() || t.k == K::Dynamic) return v;
  switch (t.k) {
    case K::Dynamic:
      return v;
    case K::String:
      if (v.is_string()) return v;
      if (v.is_number() || v.is_bool()) return v.to_string_value();
      return Value::error("string required");
    case K::Number:
      if (v.is_number()) return v;
      if (v.is_string()) return v.to_number_value();
      return Value::error("number required");
    case K::Bool:
      if (v.is_bool()) return v;
      if (v.is_string()) return v.to_bool_value();
      return Value::error("bool required");
    case K::List:
    case K::Set: {
      if (!v.is_sequence()) return conv_error(v, t);
      Type et = *t.elem;
      if (et.k == K::Dynamic) {
        std::vector<Type> ts;
        for (const auto& e : v.items()) ts.push_back(type_of(e));
        auto u = unify(ts);
        if (!u)
          return Value::error("cannot convert " + kind_name(v) + " to " + (t.k == K::Set ? "set" : "list") +
                              " of any single type");
        et = *u;
      }
      ValueList out;
      for (size_t i = 0; i < v.items().size(); ++i) {
        Value c = convert(v.items()[i], et);
        if (c.is_error()) return Value::error("element " + std::to_string(i) + ": " + c.reason());
        out.push_back(std::move(c));
      }
      return t.k == K::Set ? Value::set(std::move(out)) : Value::list(std::move(out));
    }
    case K::Map: {
      if (!v.is_mapping()) return conv_error(v, t);
      Type et = *t.elem;
      if (et.k == K::Dynamic) {
        std::vector<Type> ts;
        for (const auto& [k, e] : v.attrs()) ts.push_back(type_of(e));
        auto u = unify(ts);
        if (!u) return Value::error("cannot convert " + kind_name(v) + " to map of any single type");
        et = *u;
      }
      ValueMap out;
      for (const auto& [k, e] : v.attrs()) {
        Value c = convert(e, et);
        if (c.is_error())
          return Value::error("element " + (v.is_marked() ? v.label() : "\"" + k + "\"") + ": " + c.reason());
        out.emplace(k, std::move(c));
      }
      return Value::map(std::move(out));
    }
    case K::Tuple: {
      if (!v.is_sequence()) return Value::error("tuple required");
      if (v.items().size() != t.elems.size())
        return Value::error("tuple required with " + std::to_string(t.elems.size()) + " elements");
      ValueList out;
      for (size_t i = 0; i < t.elems.size(); ++i) {
        Value c = convert(v.items()[i], t.elems[i]);
        if (c.is_error()) return Value::error("element " + std::to_string(i) + ": " + c.reason());
        out.push_back(std::move(c));
      }
      return Value::tuple(std::move(out));
    }
    case K::Object: {
      if (!v.is_mapping()) return Value::error("object required");
      ValueMap out;
      for (const auto& [name, at] : t.attrs) {
        const Value* given = v.get(name);
        Value a;
        if (given && !given->is_null()) {
          a = *given;
        } else {
          auto d = t.defaults.find(name);
          if (d != t.defaults.end()) {
            a = d->second;
          } else if (!given && !t.optional.count(name)) {
            return Value::error("attribute \"" + name + "\" is required");
          }
        }
        Value c = convert(a, at);
        if (c.is_error()) return Value::error("attribute \"" + name + "\": " + c.reason());
        out.emplace(name, std::move(c));
      }
      return Value::object(std::move(out));  // attributes not in the type are dropped
    }
  }
  return v;
}

Value to_list_like(const Value& v, bool as_set) {
  return convert(v, Type::collection(as_set ? K::Set : K::List, Type{}));
}

Value to_map(const Value& v) {
  return convert(v, Type::collection(K::Map, Type{}));
}

std::optional<Type> parse_type(const hcl::Expr* e, EvalContext& ctx, std::string& err) {
  using hcl::ExprKind;
  while (e && e->kind == ExprKind::Paren) e = hcl::as<hcl::ParenExpr>(e)->inner;
  if (!e) {
    err = "Invalid type specification";
    return std::nullopt;
  }
  if (e->kind == ExprKind::ScopeTraversal) {
    const auto* t = hcl::as<hcl::ScopeTraversalExpr>(e);
    if (t->steps.empty()) {
      if (t->root == "string") return Type::prim(K::String);
      if (t->root == "number") return Type::prim(K::Number);
      if (t->root == "bool") return Type::prim(K::Bool);
      if (t->root == "any") return Type{};
      if (t->root == "list" || t->root == "set" || t->root == "map") {
        // Legacy bare collection keywords mean a collection of any.
        return Type::collection(t->root == "list" ? K::List : t->root == "set" ? K::Set : K::Map, Type{});
      }
    }
    err = "Invalid type specification: the keyword \"" + std::string(t->root) + "\" is not a valid type";
    return std::nullopt;
  }
  if (e->kind == ExprKind::FunctionCall) {
    const auto* f = hcl::as<hcl::FunctionCallExpr>(e);
    std::string_view n = f->name;
    if (n == "list" || n == "set" || n == "map") {
      if (f->args.size != 1) {
        err = "Invalid type specification: the " + std::string(n) + " type constructor requires one argument";
        return std::nullopt;
      }
      auto et = parse_type(f->args[0], ctx, err);
      if (!et) return std::nullopt;
      return Type::collection(n == "list" ? K::List : n == "set" ? K::Set : K::Map, *et);
    }
    if (n == "tuple") {
      if (f->args.size != 1 || f->args[0]->kind != ExprKind::Tuple) {
        err = "Invalid type specification: the tuple type constructor requires a list of element types";
        return std::nullopt;
      }
      Type out;
      out.k = K::Tuple;
      for (const hcl::Expr* it : hcl::as<hcl::TupleExpr>(f->args[0])->items) {
        auto et = parse_type(it, ctx, err);
        if (!et) return std::nullopt;
        out.elems.push_back(*et);
      }
      return out;
    }
    if (n == "object") {
      if (f->args.size != 1 || f->args[0]->kind != ExprKind::Object) {
        err = "Invalid type specification: the object type constructor requires an object of attribute types";
        return std::nullopt;
      }
      Type out;
      out.k = K::Object;
      for (const auto& item : hcl::as<hcl::ObjectExpr>(f->args[0])->items) {
        std::string name;
        if (item.key_is_bare_name && item.key->kind == ExprKind::ScopeTraversal) {
          name = std::string(hcl::as<hcl::ScopeTraversalExpr>(item.key)->root);
        } else {
          Value k = eval(item.key, ctx);
          if (!k.is_string()) {
            err = "Invalid type specification: object attribute names must be strings";
            return std::nullopt;
          }
          name = k.as_string();
        }
        const hcl::Expr* ve = item.value;
        while (ve && ve->kind == ExprKind::Paren) ve = hcl::as<hcl::ParenExpr>(ve)->inner;
        if (ve && ve->kind == ExprKind::FunctionCall &&
            hcl::as<hcl::FunctionCallExpr>(ve)->name == "optional") {
          const auto* of = hcl::as<hcl::FunctionCallExpr>(ve);
          if (of->args.size < 1 || of->args.size > 2) {
            err = "Invalid type specification: optional() takes a type and an optional default value";
            return std::nullopt;
          }
          auto at = parse_type(of->args[0], ctx, err);
          if (!at) return std::nullopt;
          out.optional[name] = true;
          if (of->args.size == 2) {
            Value d = eval(of->args[1], ctx);
            if (d.is_error()) {
              err = d.reason();
              return std::nullopt;
            }
            if (!d.is_null()) {
              Value c = convert(d, *at);
              if (c.is_error()) {
                err = "Invalid default value for optional attribute \"" + name + "\": " + c.reason();
                return std::nullopt;
              }
              out.defaults[name] = c;
            }
          }
          out.attrs[name] = *at;
        } else {
          auto at = parse_type(ve, ctx, err);
          if (!at) return std::nullopt;
          out.attrs[name] = *at;
        }
      }
      return out;
    }
    if (n == "optional") {
      err = "Invalid type specification: optional() is only allowed as an object attribute type";
      return std::nullopt;
    }
    err = "Invalid type specification: unknown type constructor \"" + std::string(n) + "\"";
    return std::nullopt;
  }
  err = "Invalid type specification: a type keyword or type constructor is required";
  return std::nullopt;
}

}  // namespace detail

Value convert_to_type(const Value& v, const hcl::Expr* type_expr, EvalContext& ctx) {
  std::string err;
  auto t = detail::parse_type(type_expr, ctx, err);
  if (!t) return Value::error(err);
  return detail::convert(v, *t).with_marks(v.marks());  // conversion keeps the value's marks
}

}  // namespace cs::tf
