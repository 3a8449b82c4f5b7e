#include "checks/check.h"

namespace cs::checks {

CheckResult result_for(const Metadata& meta, const model::Resource& res) {
  CheckResult r;
  r.check_id = meta.id;
  r.severity = meta.severity;
  r.resource = res.address;
  r.kind = res.kind;
  r.declared = res.declared;
  r.properties = res.properties;
  r.enclosing = res.enclosing;
  r.root = res.root;
  r.directives = res.directives;
  r.location = res.edit.empty() ? res.declared : res.edit;
  return r;
}

void unresolved_opaque(const Metadata& meta, const model::Model& model, std::vector<CheckResult>& out) {
  for (const auto& oc : model.opaque) {
    CheckResult r;
    r.check_id = meta.id;
    r.severity = meta.severity;
    r.resource = oc.address;
    r.kind = oc.kind;
    r.verdict = Verdict::Unresolved;
    r.reason = oc.reason;
    r.message = oc.detail;
    r.location = oc.declared;
    r.declared = oc.declared;
    r.enclosing = oc.enclosing;
    r.root = oc.root;
    r.directives = oc.directives;
    out.push_back(std::move(r));
  }
}

}  // namespace cs::checks
