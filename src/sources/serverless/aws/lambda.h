// The Lambda functions of a Serverless Framework v3 service into the model.
#pragma once

#include "model/model.h"
#include "sources/serverless/aws/mapper.h"

namespace cs::sls::aws {

// functions (a mapping or a list of mappings, possibly from ${file(...)}): each a Function with
// functions.<name>.tracing || provider.tracing.lambda, its execution role, and its events msk / kafka /
// activemq / rabbitmq / DocumentDB stream as event source mappings.
void map_lambda(const ServiceContext& ctx, model::Model& model);

}  // namespace cs::sls::aws
