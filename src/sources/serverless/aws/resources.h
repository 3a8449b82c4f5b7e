// The raw CloudFormation of a Serverless Framework v3 service: `resources` (a mapping, or a list of
// mappings lodash-merged), which the Framework merges into the template it generates
// (merge-custom-provider-resources.js), checked as CloudFormation deploys it.
#pragma once

#include <cstddef>

#include "model/model.h"
#include "sources/serverless/aws/mapper.h"

namespace cs::sls::aws {

// Where this service's entries start in the model's lists (the mappers that ran before append to them).
struct ServiceStart {
  size_t functions = 0, roles = 0, stages = 0;
};

// resources.Resources (with resources.Parameters, Conditions, Mappings, Transform), the service's
// variables resolved, handed to the CloudFormation template scanner: its functions, stages, roles,
// policies and event source mappings, kind "serverless", addressed `resources.Resources.<LogicalId>`,
// pointing at the service file. Entries named after a resource the Framework generates (a function's
// `<Name>LambdaFunction`, IamRoleLambdaExecution, ...) are merged into it instead (map_resources): they are
// not read here. A reference to a generated resource links to it (a Role `Fn::GetAtt
// IamRoleLambdaExecution.Arn`, an event source mapping whose FunctionName names `<Name>LambdaFunction`).
// What cannot be read (a variable that does not resolve) is UNRESOLVED with the reason.
void map_raw_resources(const ServiceContext& ctx, const ServiceStart& start, model::Model& model);

}  // namespace cs::sls::aws
