// Evaluating HCL expressions with Terraform's semantics.
//
// The evaluator knows expressions, operators, templates, for/splat and the built-in functions. It
// does not know what var.x or module.m.out mean: a Resolver supplied by the configuration layer
// answers every scope traversal. Anything it cannot know becomes Value::unknown(reason): never a guess,
// never a crash.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/confine.h"
#include "io/fs.h"
#include "sources/terraform/budget.h"
#include "sources/terraform/value.h"
#include "syntax/hcl/ast.h"

namespace cs::tf {

class EvalContext {
 public:
  // Answers a traversal whose root is not a local name of the evaluator (for/splat/template-for
  // variables, or a name bound with bind()). It returns the value of the whole traversal; use
  // apply_steps() to walk the steps it does not handle itself.
  using Resolver = std::function<Value(const hcl::ScopeTraversalExpr&)>;

  // Without a budget the context makes its own (default limits), shared by its copies.
  EvalContext() = default;
  EvalContext(Resolver resolver, std::string module_dir, const io::FileSystem* fs,
              EvalBudget* budget = nullptr)
      : resolver_(std::move(resolver)), module_dir_(std::move(module_dir)), fs_(fs), budget_(budget) {}

  // Bind a name for the expressions evaluated next (each, count, a dynamic block's iterator...).
  // Later bindings shadow earlier ones. unbind() removes the most recent binding.
  void bind(std::string name, Value v) { scope_.emplace_back(std::move(name), std::move(v)); }
  void unbind() { scope_.pop_back(); }
  const Value* lookup_bound(std::string_view name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->first == name) return &it->second;
    return nullptr;
  }

  const Resolver& resolver() const { return resolver_; }
  const std::string& module_dir() const { return module_dir_; }  // for file(), templatefile()
  const io::FileSystem* fs() const { return fs_; }
  // The evaluation budget (budget.h) this evaluation counts against.
  EvalBudget& budget() {
    if (!budget_) {
      own_ = std::make_shared<EvalBudget>();
      budget_ = own_.get();
    }
    return *budget_;
  }

  // Where the file functions may read (the scanned tree) and how much. Without a confinement (an
  // in-memory file system in tests) every file of fs() may be read, up to max_file_size().
  void set_confinement(const io::Confinement* c) { confine_ = c; }
  const io::Confinement* confinement() const { return confine_; }
  void set_max_file_size(uint64_t n) { max_file_size_ = n; }
  uint64_t max_file_size() const { return confine_ ? confine_->max_file_size() : max_file_size_; }
  // Inside a template that templatefile() renders (where templatefile() may not be called again).
  void set_in_template(bool b) { in_template_ = b; }
  bool in_template() const { return in_template_; }

 private:
  Resolver resolver_;
  std::string module_dir_;
  const io::FileSystem* fs_ = nullptr;
  const io::Confinement* confine_ = nullptr;
  uint64_t max_file_size_ = io::Confinement::kDefaultMaxFileSize;
  bool in_template_ = false;
  EvalBudget* budget_ = nullptr;
  std::shared_ptr<EvalBudget> own_;
  std::vector<std::pair<std::string, Value>> scope_;
};

// Evaluate an expression. Never throws. Evaluation errors are Value::error(message) so try()/can()
// can catch them; unknown inputs propagate as unknown the way Terraform propagates them.
// Expressions nested deeper than kMaxEvalDepth, counting the references between locals, variables and
// module outputs they go through, are an error value (never a stack overflow).
inline constexpr unsigned kMaxEvalDepth = 500;
Value eval(const hcl::Expr* expr, EvalContext& ctx);

// Apply traversal steps (attribute and literal index) to a value, as Terraform does
// (v.attr on an object, v["k"] on a map/object, v[0] on a list/tuple). from = first step to apply.
Value apply_steps(const Value& v, const hcl::ScopeTraversalExpr& t, size_t from, EvalContext& ctx);

// Call a built-in function by name. Unsupported functions yield Value::unknown("function f is not
// supported") so callers never guess. Exposed for tests.
Value call_function(std::string_view name, const std::vector<Value>& args, EvalContext& ctx);
bool is_supported_function(std::string_view name);

// Convert a value to a declared variable type constraint expression (string, number, bool, any,
// list(T), set(T), map(T), object({...}) with optional(T, default), tuple([...])), applying
// optional() defaults as Terraform does. Returns an Error value when the value does not conform.
Value convert_to_type(const Value& v, const hcl::Expr* type_expr, EvalContext& ctx);

}  // namespace cs::tf
