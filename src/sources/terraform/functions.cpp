// Terraform's built-in functions.
//
// Every function takes evaluated arguments. Generic rules applied before a function runs (unless the
// function opts out): an Error argument is returned as is; an argument that is not wholly known makes
// the result unknown; a null argument is an error ("argument must not be null").
//
// Known differences from Terraform (documented, never silent guesses):
//  * Numbers are doubles, not arbitrary-precision decimals.
//  * String lengths and substr()/strrev() count Unicode code points, not grapheme clusters.
//  * upper()/lower()/title() map ASCII, Latin-1, Greek and Cyrillic letters only.
//  * yamldecode()/yamlencode(), uuid(), uuidv5(), timestamp(), plantimestamp(), bcrypt(),
//    formatdate(), cidr*(), and every provider-defined function return unknown.
//
// The functions themselves live in functions/<category>.cpp; this file holds the table and the generic
// rules applied to every call.
#include <set>

#include "sources/terraform/functions/library.h"

namespace cs::tf {

using namespace fnlib;

namespace {

const Table& table() {
  static const Table t = [] {
    Table t;
    Registry r{t};
    add_number_functions(r);
    add_string_functions(r);
    add_collection_functions(r);
    add_type_functions(r);
    add_encoding_functions(r);
    add_crypto_functions(r);
    add_datetime_functions(r);
    add_network_functions(r);
    add_filesystem_functions(r);
    return t;
  }();
  return t;
}

}  // namespace

namespace detail {

std::string json_encode(const Value& v) {
  std::string out;
  json_into(out, v);
  return out;
}

const Value* first_not_known(const std::vector<Value>& args) {
  for (const auto& a : args)
    if (a.is_error()) return &a;
  for (const auto& a : args)
    if (const Value* u = find_not_known(a)) return u;
  return nullptr;
}

}  // namespace detail

bool is_supported_function(std::string_view name) {
  auto it = table().find(std::string(name));
  // Functions registered only to report unknown are not "supported".
  return it != table().end() && !it->second.stub;
}

Value call_function(std::string_view name, const std::vector<Value>& args, EvalContext& ctx) {
  BudgetScope scope(&ctx.budget());
  std::string n(name);
  // Work for the budget: a step per argument, plus one per element for functions that go through a
  // collection's elements (all of them, nested ones too, for those that walk whole values).
  static const std::set<std::string, std::less<>> kConstantTime = {"lookup", "length",   "element", "try",
                                                                   "can",    "coalesce", "one"};
  static const std::set<std::string, std::less<>> kWholeValue = {
      "jsonencode", "yamlencode", "flatten",         "format",      "formatlist", "tolist",   "toset",
      "tomap",      "tostring",   "merge",           "concat",      "sort",       "distinct", "contains",
      "index",      "setunion",   "setintersection", "setsubtract", "transpose",  "zipmap",   "coalescelist",
      "compact",    "sum",        "values",          "keys"};
  uint64_t work = 1 + args.size();
  if (kWholeValue.count(n))
    for (const auto& a : args) work += a.deep_elements();
  else if (!kConstantTime.count(n))
    for (const auto& a : args) work += a.items().size() + a.attrs().size();
  if (Value refused; refuse_work(work, refused)) return refused;
  auto it = table().find(n);
  if (it == table().end()) return Value::unknown("function " + n + " is not supported");
  const FnDef& d = it->second;
  bool catches = n == "try" || n == "can";
  if (!catches)
    for (const auto& a : args)
      if (a.is_error()) return a;
  if (static_cast<int>(args.size()) < d.min_args)
    return Value::error("Not enough function arguments: Function \"" + n + "\" expects at least " +
                        std::to_string(d.min_args) + " argument(s). Missing value for \"" +
                        param_name(d, args.size()) + "\".");
  if (d.max_args >= 0 && static_cast<int>(args.size()) > d.max_args)
    return Value::error("Too many function arguments: Function \"" + n + "\" expects only " +
                        std::to_string(d.max_args) + " argument(s).");
  if (!d.allow_unknown)
    for (const auto& a : args)
      if (const Value* u = find_not_known(a)) return Value::unknown(u->reason());
  if (!d.allow_null)
    for (size_t i = 0; i < args.size(); ++i)
      if (args[i].is_null()) return arg_error(param_name(d, i), "argument must not be null.");
  // Marks of the arguments (sensitive, from a file, from the environment) go onto the result, as in
  // Terraform; try(), can() and the sensitivity functions handle marks themselves.
  uint32_t in_marks = 0;
  for (const auto& a : args) in_marks = Value::merge_marks(in_marks, a.deep_marks());
  bool own_marks = catches || n == "sensitive" || n == "nonsensitive" || n == "issensitive";
  Value r;
  try {
    r = d.fn(args, ctx);
    if (r.is_number() && std::isnan(r.as_number()))
      r = call_error(n, "the result is not a number (NaN), which Terraform cannot represent");
  } catch (const std::exception& e) {
    r = Value::unknown("function " + n + " failed internally: " + e.what());
  }
  if (own_marks || !in_marks) return r;
  // A message the function wrote may quote its arguments: when one is marked, say which mark instead.
  std::string label = Value::mark_label(in_marks);
  if (!d.marks_aware && r.is_error())
    r = call_error(n, "an argument is " + label + ", so the details are not shown");
  else if (!d.marks_aware && r.is_unknown() &&
           std::all_of(args.begin(), args.end(), [](const Value& v) { return v.is_wholly_known(); }))
    r = Value::unknown("function " + n + " of an argument that is " + label + " is not known");
  return r.with_marks(in_marks);
}

}  // namespace cs::tf