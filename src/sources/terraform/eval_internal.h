// Pieces shared by the evaluator, the functions and type conversion. Not part of the layer's API.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sources/terraform/eval.h"
#include "sources/terraform/value.h"

namespace cs::tf::detail {

// A Terraform type (cty type) as far as conversion needs it. Dynamic is `any`.
struct Type {
  enum class K : unsigned char { Dynamic, String, Number, Bool, List, Set, Map, Tuple, Object };
  K k = K::Dynamic;
  std::shared_ptr<const Type> elem;       // List/Set/Map
  std::vector<Type> elems;                // Tuple
  std::map<std::string, Type> attrs;      // Object
  std::map<std::string, bool> optional;   // Object: attribute declared optional(...)
  std::map<std::string, Value> defaults;  // Object: optional(T, default)

  static Type prim(K k) {
    Type t;
    t.k = k;
    return t;
  }
  static Type collection(K k, Type e) {
    Type t;
    t.k = k;
    t.elem = std::make_shared<const Type>(std::move(e));
    return t;
  }
  bool is_primitive() const { return k == K::String || k == K::Number || k == K::Bool; }
  bool operator==(const Type& o) const;
  std::string name() const;  // "string", "list of number", "object", ...
};

// The type a value has (null and unknown values have type any).
Type type_of(const Value& v);
// Unify several types into one they all convert to, as Terraform does for tolist() and friends.
std::optional<Type> unify(const std::vector<Type>& types);
// Convert v to type t. Errors are Error values with Terraform's wording.
Value convert(const Value& v, const Type& t);
// Convert a tuple/list/set to a list (or set) of one element type; Error when no single type fits.
Value to_list_like(const Value& v, bool as_set);
Value to_map(const Value& v);
// Parse a type constraint expression.
std::optional<Type> parse_type(const hcl::Expr* e, EvalContext& ctx, std::string& err);

// Short name of a value's type for messages ("string", "tuple", "object", ...).
std::string kind_name(const Value& v);

// JSON encoding as jsonencode() does it.
std::string json_encode(const Value& v);

// First non-known value in args (error before unknown), or nullptr.
const Value* first_not_known(const std::vector<Value>& args);

}  // namespace cs::tf::detail
