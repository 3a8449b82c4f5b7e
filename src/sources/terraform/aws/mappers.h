// The Terraform mappers of AWS resources, one file per service (aws/<service>.cpp); the registry
// (../mappers.cpp) names which resource type each one maps.
#pragma once

#include <string>

#include "model/model.h"
#include "sources/terraform/instance.h"

namespace cs::tf::aws {

// aws/apigateway.cpp
void map_api_gateway_deployment(ResourceInstance& r, model::Model& out);
void map_api_gateway_rest_api(ResourceInstance& r, model::Model& out);
void map_api_gateway_stage(ResourceInstance& r, model::Model& out);

// aws/iam.cpp
void map_iam_policy(ResourceInstance& r, model::Model& out);
void map_iam_policy_attachment(ResourceInstance& r, model::Model& out);
void map_iam_role(ResourceInstance& r, model::Model& out);
void map_iam_role_policy(ResourceInstance& r, model::Model& out);
void map_iam_role_policy_attachment(ResourceInstance& r, model::Model& out);

// aws/lambda.cpp
void map_lambda_event_source_mapping(ResourceInstance& r, model::Model& out);
void map_lambda_function(ResourceInstance& r, model::Model& out);
// terraform-aws-modules/lambda/aws, from the registry or its git repository, when not on disk.
bool is_tam_lambda_source(const std::string& source);
void map_tam_lambda(ResourceInstance& call, model::Model& out);
// aws/iam.cpp: the role that module creates (or the caller's lambda_role); the Ref the function takes.
model::Ref map_tam_lambda_role(ResourceInstance& call, model::Model& out, std::string* why);

}  // namespace cs::tf::aws
