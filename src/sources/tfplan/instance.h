// What the plan / state reader (tfplan.cpp) hands a per-service mapper (sources/tfplan/aws/<service>.cpp):
// one resource instance with its values and their marks, the configuration expressions the plan shows
// for it, and a context to add to the model and report diagnostics through.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diag.h"
#include "model/model.h"
#include "sources/terraform/config.h"
#include "syntax/json/json.h"

namespace cs::tfplan {

// change.actions of a plan: create, delete, update, no-op, read, forget (anything else: other).
struct Actions {
  bool create = false, del = false, update = false, noop = false, read = false, forget = false, other = false;
  std::string text;  // "create", "delete, create", ...
};

// One managed resource instance of a plan (resource_changes[], not only removed by the plan) or of a
// state (values.root_module resources, terraform.tfstate instances).
struct Instance {
  std::string address;  // as Terraform prints it: module.a["k"].aws_lambda_function.fn[0]
  std::string type;
  bool plan = false;               // from a plan's resource_changes (else a state)
  const json::Node* at = nullptr;  // the resource_changes[] / resources[] / instances[] object
  std::string base;                // its JSON path: "resource_changes[3]"
  // The values after apply (plan change.after, always an object; state values / attributes, null when
  // the state has none) and their JSON path. Plan only: which of them are unknown until apply, and which
  // come from sensitive values.
  const json::Node* values = nullptr;
  std::string values_path;
  const json::Node* after_unknown = nullptr;
  const json::Node* after_sensitive = nullptr;
  Actions actions;  // plan only
  // The module calls the address goes through (instance keys dropped), and the module instance part of
  // the address with its trailing dot ("module.a[\"k\"]."; empty in the root module). parsed is false
  // when the address could not be read (then both are empty).
  bool parsed = false;
  std::vector<std::string> modules;
  std::string module_prefix;
  // The plan's configuration entry for the resource (configuration.root_module ... resources[]), or null
  // when the plan has none (a state, a plan without configuration, a resource it does not list).
  const json::Node* config = nullptr;

  const json::Node* value(std::string_view key) const { return values ? values->find(key) : nullptr; }
  // The configuration expression of an argument (expressions.KEY), or null.
  const json::Node* expression(std::string_view key) const;
  // after_unknown marks the whole object or values.KEY (true, or any true inside it).
  bool unknown(std::string_view key) const;
  // after_sensitive marks the whole object or values.KEY (true, or any true inside it).
  bool sensitive(std::string_view key) const;
  // The resources of type `type` that the configuration expression of KEY refers to, as addresses in
  // the instance's module ("module.a[\"k\"].aws_iam_role.exec"), in order, without repeats. An index
  // written as a literal is kept (aws_iam_role.r[0]).
  std::vector<std::string> references(std::string_view key, std::string_view type) const;
};

// Where a mapper adds what it finds.
class Context {
 public:
  Context(const std::string& path, const std::string& src, model::Model& model, Diagnostics& diags)
      : path(path), src(src), model(model), diags(diags) {}
  virtual ~Context() = default;

  const std::string& path;  // the plan / state file
  const std::string& src;   // its text
  model::Model& model;
  Diagnostics& diags;

  void diag(Severity sev, const json::Node* at, std::string msg);
  // The position of a node of the plan / state.
  model::Location location(const json::Node* n) const;
  // The resource's block in the .tf files beside the plan (module sources followed through local paths
  // or .terraform/modules/modules.json), or null when they are not there. *enclosing (when given) gets
  // the declarations of the module calls it comes through, outermost first (tf_declared).
  virtual const tf::Resource* tf_resource(const Instance& inst,
                                          std::vector<model::Location>* enclosing = nullptr) = 0;

  // The known ARNs (values.arn, unqualified) of the functions read, to their addresses: a state names
  // the function of an event source mapping only by ARN (aws/lambda.cpp fills it; finish() reads it).
  std::unordered_map<std::string, std::string> addresses_by_arn;
};

// ---------- the .tf block beside a plan ----------

// Where a block is declared, as the .tf scan places it: its first line (in JSON syntax the key of its
// last label) to the block's last line, so a suppression written inside the block covers it.
model::Location tf_declared(const tf::BlockRef& b);
// The range of an expression or attribute in a .tf file.
model::Location tf_location(const std::string* file, const hcl::Range& r);
// Where an argument missing from the block would be written, as the .tf scan gives it: after its last
// attribute at that attribute's indentation, or after the opening brace of an empty block; empty in
// JSON syntax.
model::Anchor tf_anchor(const tf::BlockRef& b);

// ---------- small JSON helpers for mappers ----------

inline std::string_view str(const json::Node* n) {
  return n && n->is_string() ? n->text() : std::string_view();
}
inline const json::Node* get(const json::Node* n, std::string_view key) {
  return n ? n->find(key) : nullptr;
}
inline bool is_true(const json::Node* n) {
  return n && n->is_bool() && n->boolean;
}
inline Span<const json::Node*> items(const json::Node* n) {
  return n ? n->items() : Span<const json::Node*>{};
}
// true, or an array / object holding a true anywhere inside (after_unknown / after_sensitive marks).
bool any_true(const json::Node* n);
// The JSON text of a node as written, cut at 80 characters (for invalid values such as 1 or true).
std::string source_text(const std::string& src, const json::Node* n);

}  // namespace cs::tfplan
