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
}

void Model::link() {
  aws::lambda::apply_event_source_mappings(lambda_functions, lambda_event_source_mappings);
  aws::iam::apply_role_policies(iam_roles, iam_role_policies, iam_role_policy_attachments);
}

bool Model::empty() const {
  return lambda_functions.empty() && lambda_event_source_mappings.empty() && apigateway_rest_apis.empty() &&
         apigateway_stages.empty() && iam_roles.empty() && iam_managed_policies.empty() &&
         iam_role_policies.empty() && iam_role_policy_attachments.empty() && opaque.empty();
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
