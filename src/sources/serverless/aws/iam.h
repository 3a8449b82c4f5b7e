// The execution role a Serverless Framework v3 service generates, into the model.
#pragma once

#include "model/model.h"
#include "sources/serverless/aws/mapper.h"

namespace cs::sls::aws {

// IamRoleLambdaExecution, when the Framework generates it: its name, its one inline policy (log
// statements, provider.iam.role.statements or the deprecated provider.iamRoleStatements, the X-Ray
// statement when a function is traced), provider.iam.role.managedPolicies (or iamManagedPolicies) and
// the VPC access policy, and the permissions boundary. Functions name it (or their own role) in the
// lambda mapper.
void map_iam(const ServiceContext& ctx, model::Model& model);

// IamRoleCustomResourcesLambdaExecution, the role of the functions the Framework deploys for custom
// resources (`found`, in the order it adds them), unless provider.iam.deploymentRole / provider.cfnRole
// replaces it: one inline policy "<stage>-<service>-custom-resources-lambda" whose statements are the log
// statements (provider.logs.frameworkLambda) and those each custom resource adds. Those of s3 (each
// function's bucket, then lambda:AddPermission) and of the API Gateway CloudWatch role are modelled;
// those of cognitoUserPool and eventBridge (per pool, KMS key and bus) are recorded as unknown.
void map_custom_resources_role(const ServiceContext& ctx, const std::vector<CustomResource>& found,
                               model::Model& model);

}  // namespace cs::sls::aws
