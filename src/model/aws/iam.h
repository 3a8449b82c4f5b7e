// AWS IAM in the model: execution roles and the policy documents that decide what they may do. A
// policy can reach a role four ways, and every source records them as it finds them; Model::link then
// gathers them on the role (apply_role_policies), so a check reads one Role with all its documents:
//   - written on the role itself (Terraform inline_policy / managed_policy_arns, CloudFormation
//     Policies / ManagedPolicyArns, a Serverless provider.iam.role.statements);
//   - an inline policy declared apart and naming the role (aws_iam_role_policy, AWS::IAM::Policy,
//     AWS::IAM::RolePolicy): RolePolicy;
//   - a managed policy attached apart (aws_iam_role_policy_attachment, aws_iam_policy_attachment,
//     AWS::IAM::ManagedPolicy Roles): RolePolicyAttachment;
//   - the document of a customer managed policy declared in the input (aws_iam_policy,
//     AWS::IAM::ManagedPolicy): ManagedPolicy, found by the address or ARN a role's Ref names.
#pragma once

#include <string>
#include <vector>

#include "model/resource.h"

namespace cs::model::aws::iam {

struct PolicyDocument {
  std::string name;  // the inline policy's name, or the managed policy's address/ARN
  // The document as JSON text, as the deploying tool would send it (Terraform: the evaluated string or
  // jsonencode result; CloudFormation: the PolicyDocument object written as JSON). Unknown when it cannot
  // be known before deployment (unknown_reason says why).
  Attr<std::string> json;
  Location where;  // where the document is written
};

// A customer managed policy declared in the input (aws_iam_policy, AWS::IAM::ManagedPolicy).
struct ManagedPolicy : Resource {
  std::string name;
  std::string arn;  // when known before deployment (rarely)
  PolicyDocument document;
};

// An inline policy declared apart from the role it is put on.
struct RolePolicy : Resource {
  Ref role;
  PolicyDocument document;
};

// A managed policy attached to a role apart from the role.
struct RolePolicyAttachment : Resource {
  Ref role;
  Ref policy;  // a ManagedPolicy's address, or an ARN (arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess)
};

struct Role : Resource {
  std::string name;                             // the role name when known
  std::string arn;                              // when known (live; an IaC role rarely)
  std::vector<Ref> managed_policies;            // attached managed policies (address or ARN), in order
  std::vector<PolicyDocument> inline_policies;  // inline policies, in order
  Ref permissions_boundary;
  // Not empty when the role's set of policies cannot be known before deployment (managed_policy_arns
  // is unknown, a policy's role is not known): a check must not read the lists above as complete.
  std::string policies_unknown;
};

// Puts every RolePolicy and RolePolicyAttachment on the role it names (by address, or by ARN / name
// against a role's arn / name). Each is applied once; a role that already lists the same managed policy
// is left as is, and a role policy replaces the role's inline policy of the same name (IAM keeps one
// document per name). Run once per scanned input by Model::link.
void apply_role_policies(std::vector<Role>& roles, const std::vector<RolePolicy>& policies,
                         const std::vector<RolePolicyAttachment>& attachments);

// The ManagedPolicy a Ref names (by address or ARN), or null.
const ManagedPolicy* find_managed_policy(const std::vector<ManagedPolicy>& policies, const Ref& ref);

}  // namespace cs::model::aws::iam
