#include "sources/terraform/cycles.h"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "sources/terraform/refs.h"

namespace cs::tf {

// Tarjan's algorithm with an explicit stack: a module may declare any number of locals.
std::vector<std::vector<size_t>> strongly_connected(const std::vector<std::vector<size_t>>& adj) {
  const size_t n = adj.size(), none = static_cast<size_t>(-1);
  std::vector<size_t> index(n, none), low(n, 0), stack;
  std::vector<bool> on_stack(n, false);
  std::vector<std::vector<size_t>> out;
  size_t next = 0;
  std::vector<std::pair<size_t, size_t>> work;  // node, next edge to look at
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != none) continue;
    work.emplace_back(root, 0);
    while (!work.empty()) {
      auto& [v, e] = work.back();
      if (e == 0 && index[v] == none) {
        index[v] = low[v] = next++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (e < adj[v].size()) {
        size_t w = adj[v][e++];
        if (index[w] == none) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::vector<size_t> comp;
        size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp.push_back(w);
        } while (w != v);
        out.push_back(std::move(comp));
      }
      size_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return out;
}

Diagnostics local_cycles(const ModuleConfig& cfg) {
  std::vector<std::string> names;
  std::vector<AttrRef> refs;
  for (const auto& [name, ref] : cfg.locals) {
    names.push_back(name);
    refs.push_back(ref);
  }
  auto id = [&](std::string_view name) -> size_t {
    auto it = std::lower_bound(names.begin(), names.end(), name);
    return it != names.end() && *it == name ? static_cast<size_t>(it - names.begin()) : names.size();
  };
  std::vector<std::vector<size_t>> adj(names.size());
  std::vector<bool> self(names.size(), false);
  for (size_t i = 0; i < names.size(); ++i) {
    for_each_traversal(refs[i].attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
      if (t.root != "local" || t.steps.empty() || t.steps[0].kind != hcl::StepKind::Attr) return;
      size_t j = id(t.steps[0].name);
      if (j == names.size()) return;
      if (j == i)
        self[i] = true;
      else
        adj[i].push_back(j);
    });
  }
  auto where = [&](size_t i) {
    return std::make_tuple(*refs[i].file, refs[i].attr->name_range.begin.line,
                           refs[i].attr->name_range.begin.col);
  };
  Diagnostics out;
  for (auto& comp : strongly_connected(adj)) {
    if (comp.size() == 1) {
      size_t i = comp[0];
      if (!self[i]) continue;
      out.push_back(Diagnostic{Severity::Error, *refs[i].file, refs[i].attr->name_range.begin.line,
                               refs[i].attr->name_range.begin.col,
                               "Self-referencing local value: local." + names[i] +
                                   " cannot use its own result as part of its expression (Terraform rejects "
                                   "the configuration)"});
      continue;
    }
    std::sort(comp.begin(), comp.end(), [&](size_t a, size_t b) { return where(a) < where(b); });
    std::string list;
    for (size_t i : comp) list += (list.empty() ? "local." : ", local.") + names[i];
    size_t first = comp[0];
    out.push_back(Diagnostic{Severity::Error, *refs[first].file, refs[first].attr->name_range.begin.line,
                             refs[first].attr->name_range.begin.col,
                             "Cycle: " + list +
                                 " (local values that refer to each other; Terraform rejects the "
                                 "configuration)"});
  }
  return out;
}

Diagnostics variable_default_refs(const ModuleConfig& cfg) {
  Diagnostics out;
  for (const auto& [name, var] : cfg.variables) {
    AttrRef d = var.body.attr("default");
    if (!d) continue;
    bool refers = false;
    hcl::Pos at{};
    for_each_traversal(d.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
      if (!refers) at = t.range.begin;
      refers = true;
    });
    if (refers)
      out.push_back(Diagnostic{Severity::Error, *d.file, at.line, at.col,
                               "Variables not allowed: the default of variable \"" + name +
                                   "\" refers to other values, which Terraform does not allow here"});
  }
  return out;
}

}  // namespace cs::tf
