// Type conversion (tostring, tolist, ...), sensitivity (sensitive, nonsensitive, issensitive) and try/can.
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_type_functions(Registry& r) {
  // ----- type conversion -----
  r.add(
      "tostring", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::String));
        if (r.is_error()) return arg_error("v", "cannot convert " + kind_name(a[0]) + " to string.");
        return r;
      },
      true, true);
  r.add(
      "tonumber", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_bool()) return arg_error("v", "cannot convert bool to number.");
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::Number));
        if (r.is_error())
          return arg_error(
              "v", a[0].is_string() ? r.reason() : "cannot convert " + kind_name(a[0]) + " to number.");
        return r;
      },
      true, true);
  r.add(
      "tobool", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_number()) return arg_error("v", "cannot convert number to bool.");
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::Bool));
        if (r.is_error())
          return arg_error("v",
                           a[0].is_string() ? r.reason() : "cannot convert " + kind_name(a[0]) + " to bool.");
        return r;
      },
      true, true);
  for (const char* name : {"tolist", "toset"}) {
    bool is_set = std::string_view(name) == "toset";
    r.add(
        name, 1, 1, {"v"},
        [is_set](const Args& a, EvalContext&) {
          if (a[0].is_unknown()) return a[0];
          if (!a[0].is_null() && !a[0].is_sequence())
            return arg_error("v", "cannot convert " + kind_name(a[0]) + " to " + (is_set ? "set" : "list") +
                                      " of any single type.");
          Value r = detail::to_list_like(a[0], is_set);
          if (r.is_error())
            return arg_error("v", "cannot convert " + kind_name(a[0]) + " to " + (is_set ? "set" : "list") +
                                      " of any single type.");
          return r;
        },
        true, true);
  }
  r.add(
      "tomap", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_null() && !a[0].is_mapping())
          return arg_error("v", "cannot convert " + kind_name(a[0]) + " to map of any single type.");
        Value r = detail::to_map(a[0]);
        if (r.is_error())
          return arg_error("v", "cannot convert " + kind_name(a[0]) + " to map of any single type.");
        return r;
      },
      true, true);

  // ----- misc -----
  r.add(
      "sensitive", 1, 1, {"value"},
      [](const Args& a, EvalContext&) { return a[0].with_marks(Value::kSensitive); }, true, true);
  r.add(
      "nonsensitive", 1, 1, {"value"}, [](const Args& a, EvalContext&) { return a[0].without_sensitive(); },
      true, true);
  r.add(
      "issensitive", 1, 1, {"value"},
      [](const Args& a, EvalContext&) {
        // As Terraform: the value itself is marked (not merely something inside it).
        if (a[0].marks() & Value::kSensitive) return Value::boolean(true);
        if (a[0].is_unknown())
          return Value::unknown("issensitive() of a value that is not known: " + a[0].reason());
        return Value::boolean(false);
      },
      true, true);
  r.add(
      "try", 1, -1, {"expressions"},
      [](const Args& a, EvalContext&) {
        for (const auto& v : a) {
          if (v.is_error()) continue;
          if (!v.is_wholly_known()) {
            const Value* u = find_not_known(v);
            return Value::unknown("try() argument is not known: " + (u ? u->reason() : std::string()));
          }
          return v;
        }
        return Value::error(
            "Error in function call: Call to function \"try\" failed: no expression succeeded:\n- " +
            (a.empty() ? std::string() : a.back().reason()));
      },
      true, true);
  r.add(
      "can", 1, 1, {"expression"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_error()) return Value::boolean(false);
        if (!a[0].is_wholly_known()) {
          const Value* u = find_not_known(a[0]);
          return Value::unknown("can() argument is not known: " + (u ? u->reason() : std::string()));
        }
        return Value::boolean(true);
      },
      true, true);
}

}  // namespace cs::tf::fnlib
