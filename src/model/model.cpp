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
  append(opaque, std::move(o.opaque));
}

bool Model::empty() const {
  return lambda_functions.empty() && lambda_event_source_mappings.empty() && apigateway_rest_apis.empty() &&
         apigateway_stages.empty() && iam_roles.empty() && opaque.empty();
}

const char* to_string(aws::lambda::TracingMode m) {
  switch (m) {
    case aws::lambda::TracingMode::Absent: return "absent";
    case aws::lambda::TracingMode::Active: return "Active";
    case aws::lambda::TracingMode::PassThrough: return "PassThrough";
    case aws::lambda::TracingMode::Invalid: return "invalid";
    case aws::lambda::TracingMode::Unknown: return "unknown";
  }
  return "?";
}

}  // namespace cs::model
