// Cycles Terraform rejects before it evaluates anything: local values that refer to each other (or
// to themselves). Found from the configuration alone, so a cycle is reported whether or not a
// resource uses it.
#pragma once

#include <vector>

#include "base/diag.h"
#include "sources/terraform/config.h"

namespace cs::tf {

// One Error diagnostic per cycle among cfg's locals, at the first local of the cycle in file order:
//   Cycle: local.a, local.b (each refers to the next, the last to the first) ...
//   Self-referencing local value: local.c cannot use its own result as part of its expression
Diagnostics local_cycles(const ModuleConfig& cfg);

// A variable's default refers to something (var.x, local.y, ...): Terraform's "Variables not
// allowed" error, one per default.
Diagnostics variable_default_refs(const ModuleConfig& cfg);

// Strongly connected components of a directed graph (adjacency lists), without recursion.
std::vector<std::vector<size_t>> strongly_connected(const std::vector<std::vector<size_t>>& adj);

}  // namespace cs::tf
