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

}  // namespace cs::sls::aws
