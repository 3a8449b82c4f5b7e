#include "model/model.h"

#include <iterator>

namespace cs::model {

namespace {

template <typename T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  from.clear();
}

}  // namespace

void Model::merge(Model&& o) {
  append(lambda_functions, std::move(o.lambda_functions));
  append(lambda_event_source_mappings, std::move(o.lambda_event_source_mappings));
  append(apigateway_rest_apis, std::move(o.apigateway_rest_apis));
  append(apigateway_stages, std::move(o.apigateway_stages));
  append(iam_roles, std::move(o.iam_roles));
  append(iam_managed_policies, std::move(o.iam_managed_policies));
  append(iam_role_policies, std::move(o.iam_role_policies));
  append(iam_role_policy_attachments, std::move(o.iam_role_policy_attachments));
  append(opaque, std::move(o.opaque));
  append(comments, std::move(o.comments));
  append(consumed_files, std::move(o.consumed_files));
}

void Model::link() {
  aws::lambda::apply_event_source_mappings(lambda_functions, lambda_event_source_mappings);
  aws::iam::apply_role_policies(iam_roles, iam_role_policies, iam_role_policy_attachments);
  aws::iam::resolve_managed_policies(iam_roles, iam_managed_policies);
  aws::lambda::link_execution_roles(lambda_functions, iam_roles);
}

bool Model::empty() const {
  return lambda_functions.empty() && lambda_event_source_mappings.empty() && apigateway_rest_apis.empty() &&
         apigateway_stages.empty() && iam_roles.empty() && iam_managed_policies.empty() &&
         iam_role_policies.empty() && iam_role_policy_attachments.empty() && opaque.empty();
}

namespace {

void prefix_ref(Ref& r, const std::string& prefix) {
  if (!r.address.empty()) r.address = prefix + r.address;
}

template <typename T>
void enclose_all(std::vector<T>& v, const std::string& prefix, const Location& call,
                 const std::vector<Directive>& directives) {
  for (auto& r : v) {
    r.address = prefix + r.address;
    r.enclosing.insert(r.enclosing.begin(), call);
    r.directives.insert(r.directives.end(), directives.begin(), directives.end());
  }
}

}  // namespace

void enclose(Model& m, const std::string& prefix, const Location& call,
             const std::vector<Directive>& directives) {
  enclose_all(m.lambda_functions, prefix, call, directives);
  for (auto& f : m.lambda_functions) prefix_ref(f.role, prefix);
  enclose_all(m.lambda_event_source_mappings, prefix, call, directives);
  for (auto& e : m.lambda_event_source_mappings) prefix_ref(e.function, prefix);
  enclose_all(m.apigateway_rest_apis, prefix, call, directives);
  enclose_all(m.apigateway_stages, prefix, call, directives);
  for (auto& s : m.apigateway_stages) {
    for (auto& [k, v] : s.properties)
      if (k == "api" && !s.api.address.empty() && v == s.api.address) v = prefix + v;
    prefix_ref(s.api, prefix);
  }
  enclose_all(m.iam_roles, prefix, call, directives);
  for (auto& r : m.iam_roles) {
    for (auto& p : r.managed_policies) prefix_ref(p, prefix);
    prefix_ref(r.permissions_boundary, prefix);
  }
  enclose_all(m.iam_managed_policies, prefix, call, directives);
  enclose_all(m.iam_role_policies, prefix, call, directives);
  for (auto& p : m.iam_role_policies) prefix_ref(p.role, prefix);
  enclose_all(m.iam_role_policy_attachments, prefix, call, directives);
  for (auto& a : m.iam_role_policy_attachments) {
    prefix_ref(a.role, prefix);
    prefix_ref(a.policy, prefix);
  }
  enclose_all(m.opaque, prefix, call, directives);
}

const char* to_string(aws::lambda::TracingMode m) {
  switch (m) {
    case aws::lambda::TracingMode::Absent:
      return "absent";
    case aws::lambda::TracingMode::Active:
      return "Active";
    case aws::lambda::TracingMode::PassThrough:
      return "PassThrough";
    case aws::lambda::TracingMode::Invalid:
      return "invalid";
    case aws::lambda::TracingMode::Unknown:
      return "unknown";
  }
  return "?";
}

}  // namespace cs::model
