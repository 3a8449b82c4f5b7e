// API Gateway REST APIs and their stages of one CloudFormation / SAM / CDK template into the model.
#pragma once

#include "model/model.h"
#include "sources/cloudformation/aws/mapper.h"

namespace cs::cfn::aws {

// AWS::ApiGateway::RestApi, AWS::ApiGateway::Stage (TracingEnabled), AWS::ApiGateway::Deployment
// (StageName, StageDescription.TracingEnabled), AWS::Serverless::Api (TracingEnabled, else
// Globals.Api.TracingEnabled) and the implicit ServerlessRestApi that SAM creates for Api events.
void map_apigateway(const TemplateContext& ctx, const Resources& resources, model::Model& model);

}  // namespace cs::cfn::aws
