// What the Terraform walker gives a mapper: one evaluated resource instance (module.a[0].aws_x.y["k"])
// with its resource, its module and the means to evaluate its expressions in its own context (count.index
// and each bound). Mappers (sources/terraform/aws/<service>.cpp) turn instances into model resources; they
// are found by resource type in one explicit registry (mappers.h). The walker (scan.cpp) knows no
// resource type of its own: it evaluates the instances of the types the registry names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "sources/terraform/config.h"
#include "sources/terraform/eval.h"
#include "sources/terraform/value.h"

namespace cs::tf {

// Terraform's address syntax for an instance key: [0] or ["key"] ([*] when the key is not known).
std::string instance_key(const Value& key);

// Why a value is not a usable known one: "is unknown: <reason>", "cannot be evaluated: <message>", "is
// null", or for a known collection holding unknowns the first unknown's reason.
std::string describe_unknown(const Value& v);

// A range of a file as a model location.
model::Location loc(const std::string* file, const hcl::Range& r);
// Where an argument or block missing from a block would be written: after its last attribute, at that
// attribute's indentation; in an empty block, after the opening brace, indented two spaces more than the
// block. Not known for JSON syntax (a fix there edits JSON, not a line).
model::Anchor anchor_in(const BlockRef& b);
// Where a block is declared: its first line in HCL; in JSON, the key of its innermost label. The
// location ends at the block's last line (for suppressions written inside it).
model::Location decl_loc(const BlockRef& b);

// A model of an IaC resource instance: a managed resource's instance, or (for a module whose source is not
// on disk but whose contents are known, mappers.h ModuleMapper) one instance of the module call.
class ResourceInstance {
 public:
  virtual ~ResourceInstance() = default;

  // module.a[0].aws_x.y["k"] (for a module shortcut: module.a[0]).
  const std::string& address() const { return *address_; }
  // The resource's type and name (a module shortcut: "module" and the call's name).
  const std::string& type() const { return *type_; }
  const std::string& name() const { return *name_; }
  // The block with overrides merged in, and its declaration.
  const MergedBody& body() const { return *body_; }
  const BlockRef& block() const { return block_; }
  AttrRef attr(std::string_view name) const { return body_->attr(name); }
  // The address of the module instance the resource is in, followed by a dot ("" in the root module):
  // what a reference to another resource of the same module is prefixed with.
  const std::string& module_prefix() const { return module_prefix_; }
  // Declarations of the module calls the instance comes through, outermost first.
  const std::vector<model::Location>& enclosing() const { return enclosing_; }
  // Not empty when the instances of the resource are not known ("instances of X are not known before
  // apply: count is unknown: ..."); this instance then stands for all of them.
  const std::string& note() const { return *note_; }
  // Is the module instance called from another module (a value can then come from the caller)?
  virtual bool in_child_module() const = 0;

  model::Location declared() const { return decl_loc(block_); }
  model::Anchor anchor() const { return anchor_in(block_); }
  // Where an attribute's value is written.
  static model::Location where(AttrRef a) { return loc(a.file, a.attr->expr->range); }

  // The context the instance's expressions are evaluated in (count.index / each bound). A mapper may bind
  // more (a dynamic block's iterator) and must unbind what it binds.
  virtual EvalContext& context() = 0;
  Value eval(const hcl::Expr* e) { return tf::eval(e, context()); }
  // An attribute's value; null when the attribute is not written.
  Value eval_attr(std::string_view name) {
    AttrRef a = attr(name);
    return a ? eval(a.attr->expr) : Value();
  }

  // When the expressions depend on input variables of the module the instance is in, where a user edits
  // them: the caller's argument that sets them (walking up while that comes from the caller's own inputs),
  // or the module call when it does not set them; `via` says which ("from module input x of module.m").
  virtual bool find_edit(const std::vector<const hcl::Expr*>& exprs, model::Location* edit,
                         std::string* via) = 0;

  // The address of the `type` resource of the same module instance that `e` refers to
  // (aws_iam_role.r.arn -> module.a.aws_iam_role.r; with its instance key when the reference indexes it
  // with a key known here: aws_iam_role.r[count.index].name -> aws_iam_role.r[0]); "" when it refers to
  // none.
  std::string address_of(const hcl::Expr* e, std::string_view type);

  // Fills what every model resource shares: address, type, kind, declaration and enclosing calls.
  void identify(model::Resource& r) const {
    r.address = *address_;
    r.type = *type_;
    r.kind = "terraform";
    r.declared = declared();
    r.enclosing = enclosing_;
    r.root = root_;
  }
  // The root module directory when the instance is in a child module (model::Resource::root), else "".
  const std::string& root() const { return root_; }

 protected:
  // The walker's own strings, which outlive the instance (no copy per instance).
  const std::string *address_ = nullptr, *type_ = nullptr, *name_ = nullptr, *note_ = nullptr;
  std::string module_prefix_;
  const MergedBody* body_ = nullptr;
  BlockRef block_;
  std::vector<model::Location> enclosing_;
  std::string root_;
};

}  // namespace cs::tf
