// The Lambda functions of a Serverless Framework v3 service into the model.
#pragma once

#include "model/model.h"
#include "sources/serverless/aws/mapper.h"

namespace cs::sls::aws {

// functions (a mapping or a list of mappings, possibly from ${file(...)}): each a Function with
// functions.<name>.tracing || provider.tracing.lambda, its execution role, and its events msk / kafka /
// activemq / rabbitmq / DocumentDB stream as event source mappings.
void map_lambda(const ServiceContext& ctx, model::Model& model);

// What `resources` changes (run after iam: the Framework compiles the role from the functions' own
// tracing, before it merges `resources`): resources.Resources / resources.extensions entries named after
// a function's logical id change its TracingConfig as the Framework merges them, and the functions the
// Framework deploys for custom resources (an s3 or cognitoUserPool event with existing: true, eventBridge
// without CloudFormation) are added, addressed by their logical id.
void map_resources(const ServiceContext& ctx, model::Model& model);

}  // namespace cs::sls::aws
