#include "sources/tfplan/mappers.h"

#include <algorithm>
#include <iterator>

namespace cs::tfplan {

namespace {

// Sorted by type (mappers_test checks it). A type read from states has a state function too.
const Mapper kMappers[] = {
    {"aws_api_gateway_deployment", aws::apigateway_deployment, aws::apigateway_deployment},
    {"aws_api_gateway_stage", aws::apigateway_stage, aws::apigateway_stage},
    {"aws_iam_policy", aws::iam_policy, aws::iam_policy},
    {"aws_iam_policy_attachment", aws::iam_policy_attachment, aws::iam_policy_attachment},
    {"aws_iam_role", aws::iam_role, aws::iam_role},
    {"aws_iam_role_policy", aws::iam_role_policy, aws::iam_role_policy},
    {"aws_iam_role_policy_attachment", aws::iam_role_policy_attachment, aws::iam_role_policy_attachment},
    {"aws_lambda_event_source_mapping", aws::lambda_event_source_mapping, aws::lambda_event_source_mapping},
    {"aws_lambda_function", aws::lambda_function, aws::lambda_function_state},
};

}  // namespace

Span<const Mapper> mappers() {
  return Span<const Mapper>{kMappers, static_cast<uint32_t>(std::size(kMappers))};
}

const Mapper* find_mapper(std::string_view type) {
  auto it = std::lower_bound(std::begin(kMappers), std::end(kMappers), type,
                             [](const Mapper& m, std::string_view t) { return m.type < t; });
  return it != std::end(kMappers) && it->type == type ? it : nullptr;
}

void finish(Context& ctx) {
  aws::lambda_finish(ctx);
}

}  // namespace cs::tfplan
