// The REST API stage a Serverless Framework v3 service deploys for its `http` events.
#pragma once

#include "model/model.h"
#include "sources/serverless/aws/mapper.h"

namespace cs::sls::aws {

// provider.tracing.apiGateway for the REST API of `http` events (stage = the service's stage);
// nothing for `httpApi` events (API Gateway v2, which X-Ray cannot trace) or when
// provider.apiGateway.restApiId imports an external API.
void map_apigateway(const ServiceContext& ctx, model::Model& model);

}  // namespace cs::sls::aws
