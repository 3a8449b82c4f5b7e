// CloudFormation intrinsic functions and conditions, evaluated before deployment as far as they can be.
// Short (!Ref, !If, ...) and long ({"Ref": ...}, {"Fn::If": [...]}) forms read the same. A value is
// known (a string, a list, a mapping, null), "no value" (AWS::NoValue: the property is absent) or
// unknown with the reason.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/cloudformation/cloudformation.h"
#include "syntax/yaml/yaml.h"

namespace cs::cfn {

struct Value {
  enum class Kind { Null, Scalar, List, Map, NoValue, Unknown };
  Kind kind = Kind::Null;
  std::string text;                 // Scalar: the string; Unknown: why it cannot be known
  bool plain = false;               // Scalar written unquoted (a YAML plain scalar, a JSON number/bool)
  std::vector<Value> items;         // List
  const yaml::Node* map = nullptr;  // Map: the literal mapping (its members are evaluated on demand)
  const yaml::Node* at = nullptr;   // where the value was written (the literal or the intrinsic)
  std::string via;                  // how it was reached ("parameter Mode", "mapping Env"), may be empty
  // Non-empty: the value is a NoEcho parameter's, or computed from one; it is never printed, this
  // label is ("(sensitive)").
  std::string secret;

  static Value unknown(std::string reason, const yaml::Node* at = nullptr);
  static Value scalar(std::string s, const yaml::Node* at = nullptr, bool plain = false);
  bool is_unknown() const { return kind == Kind::Unknown; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_no_value() const { return kind == Kind::NoValue; }
  // A short rendering for messages: the string, [a, b], {...}, null; a secret renders as its label.
  std::string render() const;
};

enum class Truth { False, True, Unknown };
struct CondResult {
  Truth truth = Truth::Unknown;
  std::string reason;  // Truth::Unknown: why
};

// Is `n` an intrinsic function (short tag or one-key "Ref"/"Fn::*" mapping)? Gives its long name
// ("Ref", "Fn::If", "Condition" only when allow_condition) and its argument node.
struct Intrinsic {
  std::string_view name;
  const yaml::Node* arg = nullptr;  // the argument (for a short tag: the node itself, untagged view)
  bool short_form = false;
};
std::optional<Intrinsic> as_intrinsic(const yaml::Node* n, bool allow_condition = false);

// Parameter values given outside the template (parameter files, then --parameter), name -> value.
using Given = std::map<std::string, std::string, std::less<>>;

// What a parent stack passes to a nested stack's template: its Parameters property, evaluated in the
// parent, name -> value. `stack` is the parent's stack resource (its logical id). A nested template reads
// only these (and its Defaults): the --parameter values are the root template's.
struct Passed {
  std::string stack;
  std::map<std::string, Value, std::less<>> values;
};

class Evaluator {
 public:
  // root: the template's top-level mapping (may be nullptr: everything is then undefined). `passed`:
  // the template is a nested stack's, with these values from its parent (`given` is then not read).
  Evaluator(const yaml::Node* root, const Options& opts, const Given& given, const Passed* passed = nullptr);

  // Evaluate a value: intrinsics resolved, literal lists evaluated item by item (AWS::NoValue items
  // dropped), literal mappings returned as Kind::Map.
  Value eval(const yaml::Node* n);
  // Evaluate a named condition of the Conditions section (cached).
  CondResult condition(std::string_view name);
  // Evaluate a condition expression (Fn::Equals/And/Or/Not, Condition references).
  CondResult condition_expr(const yaml::Node* n);

  // Value of a parameter (given, else Default); Unknown with the reason when there is none.
  Value parameter(std::string_view name, const yaml::Node* at);
  const yaml::Node* resources() const { return resources_; }

  // Fn::GetAtt [Stack, Outputs.Name] (and ${Stack.Outputs.Name} in Fn::Sub): the value of a nested
  // stack's output, or nullopt when `stack` is not a nested stack this template reads (the attribute is
  // then known only after deployment).
  using StackOutput = std::function<std::optional<Value>(std::string_view stack, std::string_view output,
                                                         const yaml::Node* at)>;
  void set_stack_output(StackOutput f) { stack_output_ = std::move(f); }

  // The template is another source's, built in memory (see Embedded): its marks apply. Must outlive
  // the evaluator.
  void set_embedded(const Embedded* e) { embedded_ = e; }
  // Is `id` a resource outside the template that its references may name (Embedded::external)?
  bool external(std::string_view id) const;
  bool has_external() const { return embedded_ && !embedded_->external.empty(); }

 private:
  Value ref(std::string_view name, const yaml::Node* at);
  Value fn_sub(const yaml::Node* arg, const yaml::Node* at);
  Value fn_if(const yaml::Node* arg, const yaml::Node* at);
  Value fn_find_in_map(const yaml::Node* arg, const yaml::Node* at);
  Value fn_join(const yaml::Node* arg, const yaml::Node* at);
  Value fn_select(const yaml::Node* arg, const yaml::Node* at);
  Value fn_split(const yaml::Node* arg, const yaml::Node* at);
  Value fn_base64(const yaml::Node* arg, const yaml::Node* at);
  Value literal(const yaml::Node* n);  // a node as data, intrinsics not evaluated (Mappings)
  bool budget();
  bool spend(size_t bytes);  // strings made so far stay within the evaluation's byte budget

  const yaml::Node* params_ = nullptr;
  const yaml::Node* mappings_ = nullptr;
  const yaml::Node* conditions_ = nullptr;
  const yaml::Node* resources_ = nullptr;
  const Options& opts_;
  const Given& given_;
  const Passed* passed_ = nullptr;
  const Embedded* embedded_ = nullptr;
  StackOutput stack_output_;
  // A GetAtt's value when it names a nested stack's output the stack_output hook knows, else nullopt.
  std::optional<Value> output_of(std::string_view id, std::string_view attr, const yaml::Node* at);
  std::map<std::string, CondResult, std::less<>> cond_cache_;
  std::map<std::string, bool, std::less<>> cond_busy_;
  unsigned depth_ = 0;
  unsigned long steps_ = 0;
  unsigned long max_steps_;  // grows with the number of resources
  size_t bytes_ = 0;
};

// Compare two known values as CloudFormation's Fn::Equals does (strings, lists item by item).
bool values_equal(const Value& a, const Value& b);

}  // namespace cs::cfn
