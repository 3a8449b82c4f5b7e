// Amazon API Gateway (REST APIs, v1) in the model. HTTP and WebSocket APIs (v2) cannot be traced by
// X-Ray and are not modelled.
#pragma once

#include <string>

#include "model/resource.h"

namespace cs::model::aws::apigateway {

struct RestApi : Resource {
  std::string name;
};

struct Stage : Resource {
  Ref api;
  std::string stage_name;
  // X-Ray tracing of the stage: Default = not written (off), Explicit false = disabled, Explicit true =
  // active, Unknown = cannot be known before deployment.
  Attr<bool> tracing;
  // Created by a deployment's stage name (Terraform aws_api_gateway_deployment.stage_name,
  // CloudFormation Deployment.StageName without StageDescription): it has no tracing setting at all.
  bool implicit = false;
};

}  // namespace cs::model::aws::apigateway
