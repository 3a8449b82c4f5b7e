// API Gateway REST APIs and their stages of one CloudFormation / SAM / CDK template into the model.
#pragma once

#include <functional>
#include <string>

#include "model/model.h"
#include "sources/cloudformation/intrinsics.h"

namespace cs::cfn::aws {

// What the template scanner hands a per-service mapper.
struct TemplateContext {
  const std::string& file;
  const yaml::Node* root;  // the template's top-level mapping
  Evaluator& ev;
  const std::string& kind_override;  // "cdk", or "" (kind from the resource type: "cloudformation"/"sam")
  // Suppressions written as resource Metadata, added to a resource's directives.
  std::function<void(const yaml::Node* metadata, model::Resource& r)> suppressions;
};

// AWS::ApiGateway::RestApi, AWS::ApiGateway::Stage (TracingEnabled), AWS::ApiGateway::Deployment
// (StageName, StageDescription.TracingEnabled), AWS::Serverless::Api (TracingEnabled, else
// Globals.Api.TracingEnabled) and the implicit ServerlessRestApi that SAM creates for Api events.
void map_apigateway(const TemplateContext& ctx, model::Model& model);

}  // namespace cs::cfn::aws
