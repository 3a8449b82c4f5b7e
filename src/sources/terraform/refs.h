// What an expression refers to: used to find where a user edits a value that a module input decides.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "sources/terraform/config.h"
#include "syntax/hcl/ast.h"

namespace cs::tf {

// Call fn for every scope traversal inside e (including inside templates, for, splat, calls...).
void for_each_traversal(const hcl::Expr* e, const std::function<void(const hcl::ScopeTraversalExpr&)>& fn);

// Input variables of `cfg` that the expressions depend on, directly or through local values.
std::set<std::string> input_vars(const ModuleConfig& cfg, const std::vector<const hcl::Expr*>& exprs);

}  // namespace cs::tf
