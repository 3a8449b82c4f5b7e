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
#include <string_view>
#include <vector>

#include "model/resource.h"

namespace cs::model::aws::iam {

// One statement of a policy, as IAM reads it (the grammar of the IAM JSON policy reference). A value
// that is not a plain string (a CloudFormation intrinsic kept as is, an unknown) is not listed: the
// *_unknown flag says one was there, so evaluation can say it cannot decide.
struct Statement {
  std::string sid;
  bool deny = false;        // Effect "Deny" (else "Allow")
  bool not_action = false;  // NotAction instead of Action
  std::vector<std::string> actions;
  bool actions_unknown = false;
  bool not_resource = false;  // NotResource instead of Resource
  std::vector<std::string> resources;
  bool resources_unknown = false;
  bool has_condition = false;  // a Condition block: whether it holds is known only at request time
};

struct PolicyDocument {
  std::string name;  // the inline policy's name, or the managed policy's address/ARN
  // The document as JSON text, as the deploying tool would send it (Terraform: the evaluated string or
  // jsonencode result; CloudFormation: the PolicyDocument object written as JSON). Unknown when it cannot
  // be known before deployment (unknown_reason says why).
  Attr<std::string> json;
  Location where;  // where the document is written
  // The statements of `json`, read by the source that filled it (sources/common/iam_policy.h); empty
  // with `invalid` set when the text is not a policy IAM would accept (why).
  std::vector<Statement> statements;
  bool parsed = false;
  std::string invalid;
  // The document is not known, but it is known to hold only Allow statements (a SAM policy template):
  // it may grant, never deny.
  bool allow_only = false;
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
  // Filled by Model::link: the documents of the customer managed policies that managed_policies and
  // permissions_boundary name and that are declared in the same input, each named by the Ref's address
  // (or ARN) as written there. Addresses are an input's own, so this is resolved before models merge.
  std::vector<PolicyDocument> declared_documents;
  // The declared document a Ref names (see declared_documents), or null.
  const PolicyDocument* declared_document(const Ref& ref) const;
};

// Puts every RolePolicy and RolePolicyAttachment on the role it names (by address, or by ARN / name
// against a role's arn / name). Each is applied once; a role that already lists the same managed policy
// is left as is, and a role policy replaces the role's inline policy of the same name (IAM keeps one
// document per name). Run once per scanned input by Model::link.
void apply_role_policies(std::vector<Role>& roles, const std::vector<RolePolicy>& policies,
                         const std::vector<RolePolicyAttachment>& attachments);

// What a set of identity policies, and a permissions boundary when one is set, let a principal do: IAM's
// evaluation for one action on one resource, without request context. An explicit Deny wins; else an
// Allow must match, and, with a boundary, the boundary must allow too. A statement with a Condition, or
// with a value that is not known, may or may not apply: when the outcome hangs on it the answer is
// kMaybe, naming the statement.
enum class Access {
  kAllowed,     // an Allow applies for certain and no Deny may apply
  kNotAllowed,  // no Allow can apply (implicit deny)
  kDenied,      // an unconditional Deny applies
  kMaybe,       // the outcome hangs on a Condition or a value not known before deployment
  kUnknown,     // a document cannot be read (unknown before deployment, or not a policy IAM accepts)
};
struct AccessResult {
  Access access = Access::kNotAllowed;
  std::string detail;  // for kDenied/kMaybe/kUnknown: the policy (and statement) that decides, and why
};
// `action` as "service:Name"; `resource` "*" for an action without resource-level permissions (X-Ray's
// PutTraceSegments). Action names match case-insensitively, resources case-sensitively; both with the
// `*` and `?` wildcards.
AccessResult evaluate_access(const std::vector<const PolicyDocument*>& identity,
                             const PolicyDocument* boundary, std::string_view action,
                             std::string_view resource = "*");
// IAM's wildcard match: `*` any run of characters, `?` one character.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case);

// An AWS managed policy by ARN (any partition, `${AWS::Partition}` as written in templates, any path):
// its document when the table knows it (the policies that matter for the checks: X-Ray writers, Lambda's
// basic roles, administrators), else null.
const PolicyDocument* aws_managed_policy(std::string_view arn);
// True when `arn` names an AWS managed policy ("arn:<partition>:iam::aws:policy/...").
bool is_aws_managed_policy_arn(std::string_view arn);

// The Role a Ref names (by address, ARN, or a name or ARN whose last path element is the role's name),
// or null.
const Role* find_role(const std::vector<Role>& roles, const Ref& ref);

// Fills each role's declared_documents from the managed policies declared beside it. Run by Model::link.
void resolve_managed_policies(std::vector<Role>& roles, const std::vector<ManagedPolicy>& policies);

// The ManagedPolicy a Ref names (by address or ARN), or null.
const ManagedPolicy* find_managed_policy(const std::vector<ManagedPolicy>& policies, const Ref& ref);

}  // namespace cs::model::aws::iam
