// AWS Lambda functions of one CloudFormation / SAM / CDK template into the model.
#pragma once

#include "model/model.h"
#include "sources/cloudformation/aws/mapper.h"

namespace cs::cfn::aws {

// AWS::Lambda::Function (TracingConfig.Mode, Role), AWS::Serverless::Function (Tracing, else
// Globals.Function.Tracing; Role, else the role SAM generates; the Events X-Ray cannot trace, each an
// event source mapping SAM creates) and AWS::Lambda::EventSourceMapping (the untraceable sources, linked
// to the function of this template they name).
void map_lambda(const TemplateContext& ctx, const Resources& resources, model::Model& model);

}  // namespace cs::cfn::aws
