#include "sources/terraform/mappers.h"

#include <algorithm>

#include "sources/terraform/aws/mappers.h"

namespace cs::tf {

const std::vector<Mapper>& mappers() {
  // One line per resource type, sorted by type.
  static const std::vector<Mapper> table = {
      {"aws_api_gateway_deployment", aws::map_api_gateway_deployment},
      {"aws_api_gateway_rest_api", aws::map_api_gateway_rest_api},
      {"aws_api_gateway_stage", aws::map_api_gateway_stage},
      {"aws_iam_policy", aws::map_iam_policy, true},
      {"aws_iam_policy_attachment", aws::map_iam_policy_attachment, true},
      {"aws_iam_role", aws::map_iam_role, true},
      {"aws_iam_role_policy", aws::map_iam_role_policy, true},
      {"aws_iam_role_policy_attachment", aws::map_iam_role_policy_attachment, true},
      {"aws_lambda_event_source_mapping", aws::map_lambda_event_source_mapping, true},
      {"aws_lambda_function", aws::map_lambda_function},
  };
  return table;
}

const Mapper* find_mapper(std::string_view type) {
  const auto& t = mappers();
  auto it = std::lower_bound(t.begin(), t.end(), type,
                             [](const Mapper& m, std::string_view s) { return m.type < s; });
  return it != t.end() && it->type == type ? &*it : nullptr;
}

const std::vector<ModuleMapper>& module_mappers() {
  static const std::vector<ModuleMapper> table = {
      {"terraform-aws-modules/lambda/aws", aws::is_tam_lambda_source, aws::map_tam_lambda},
  };
  return table;
}

const ModuleMapper* find_module_mapper(const std::string& source) {
  for (const ModuleMapper& m : module_mappers())
    if (m.matches(source)) return &m;
  return nullptr;
}

}  // namespace cs::tf
