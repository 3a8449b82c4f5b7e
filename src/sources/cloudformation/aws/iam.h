// IAM roles and the policies put on them, of one CloudFormation / SAM / CDK template, into the model.
#pragma once

#include "model/model.h"
#include "sources/cloudformation/aws/mapper.h"

namespace cs::cfn::aws {

// AWS::IAM::Role (RoleName, Policies, ManagedPolicyArns, PermissionsBoundary), AWS::IAM::Policy (one
// RolePolicy per role of Roles), AWS::IAM::RolePolicy, AWS::IAM::ManagedPolicy (its document; its Roles
// as attachments) and the execution role SAM generates for an AWS::Serverless::Function without Role.
void map_iam(const TemplateContext& ctx, const Resources& resources, model::Model& model);

}  // namespace cs::cfn::aws
