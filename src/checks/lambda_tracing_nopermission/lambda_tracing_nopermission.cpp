#include "checks/lambda_tracing_nopermission/lambda_tracing_nopermission.h"

#include <string>
#include <string_view>
#include <vector>

namespace cs::checks {

namespace {

namespace iam = model::aws::iam;

constexpr std::string_view kActions[] = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"};

Metadata make_metadata() {
  Metadata m;
  m.id = "lambda_tracing_nopermission";
  m.title = "Lambda function traces with X-Ray but its execution role may not send traces";
  m.severity = Severity::Low;
  m.resource_type = "AWS::Lambda::Function";
  m.rationale =
      "With Active tracing, Lambda samples requests and the function's runtime sends the segments to X-Ray "
      "with the execution role's credentials. When the role is not allowed xray:PutTraceSegments and "
      "xray:PutTelemetryRecords, every call is refused and the traces are lost without an error in the "
      "function: the console shows tracing on and no trace ever arrives.\n\n"
      "IAM decides as for any request: an explicit Deny in any policy wins; otherwise an Allow must match "
      "the action (wildcards such as xray:* or xray:Put* count, NotAction too) on the resource \"*\" "
      "(X-Ray's "
      "write actions have no resource-level permissions); with a permissions boundary, the boundary must "
      "allow the action as well. SAM and the Serverless Framework add the permission to the roles they "
      "generate when tracing is on; a role written by hand, and terraform-aws-modules/lambda without "
      "attach_tracing_policy = true, do not get it.";
  m.remedies = {
      {"AWS CLI", "sh",
       "aws iam attach-role-policy --role-name ROLE \\\n"
       "  --policy-arn arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"},
      {"Terraform", "hcl",
       "resource \"aws_iam_role_policy_attachment\" \"xray\" {\n"
       "  role       = aws_iam_role.example.name\n"
       "  policy_arn = \"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\"\n"
       "}\n"
       "\n"
       "# terraform-aws-modules/lambda/aws\n"
       "module \"example\" {\n"
       "  source                = \"terraform-aws-modules/lambda/aws\"\n"
       "  tracing_mode          = \"Active\"\n"
       "  attach_tracing_policy = true\n"
       "}"},
      {"CloudFormation", "yaml",
       "ExampleRole:\n"
       "  Type: AWS::IAM::Role\n"
       "  Properties:\n"
       "    ManagedPolicyArns:\n"
       "      - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"},
      {"AWS SAM", "yaml",
       "# an explicit Role gets the policy like any CloudFormation role; without Role, SAM's generated\n"
       "# role gets AWSXrayWriteOnlyAccess when Tracing is Active\n"
       "Example:\n"
       "  Type: AWS::Serverless::Function\n"
       "  Properties:\n"
       "    Tracing: Active\n"
       "    Policies:\n"
       "      - AWSXRayDaemonWriteAccess"},
      {"Serverless Framework", "yaml",
       "# the generated role gets the X-Ray statements when tracing is on; a custom role needs them:\n"
       "provider:\n"
       "  iam:\n"
       "    role:\n"
       "      managedPolicies:\n"
       "        - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"},
  };
  m.notes = {
      "Only functions whose tracing is Active get a result: for the others the tracing check "
      "(lambda_notracing) reports what to change first.",
      "AWS managed policies are read from a table of their published documents (AWSXRayDaemonWriteAccess, "
      "AWSXrayWriteOnlyAccess, AWSXrayFullAccess, AdministratorAccess, PowerUserAccess and Lambda's "
      "execution-role policies); another AWS managed policy, or a customer managed policy that is not in the "
      "scanned input, cannot be read: UNRESOLVED policy-unknown when the result depends on it. When the "
      "policies that can be read already allow both actions, such a policy could only change the answer "
      "with an explicit Deny; the result is then PASS and its message names the policy that was not read.",
      "Live scans do not read IAM yet: they give no result for this check.",
  };
  m.verdicts = {
      {Verdict::Pass, "allowed",
       "the execution role's policies allow both actions (and its permissions boundary, when set)"},
      {Verdict::Fail, "missing", "no policy of the execution role allows one or both actions"},
      {Verdict::Fail, "denied",
       "an explicit Deny (in a policy or the permissions boundary) refuses an action"},
      {Verdict::Unresolved, "conditional",
       "whether an action is allowed hangs on a statement with a Condition (or a value known only at deploy "
       "time)"},
      {Verdict::Unresolved, "policy-unknown",
       "a managed policy or permissions boundary that decides cannot be read (an AWS managed policy not in "
       "the table, a customer managed policy outside the input)"},
      {Verdict::Unresolved, "role-external",
       "the execution role is not declared in the scanned input (an ARN string, a data source, a variable)"},
      {Verdict::Unresolved, "unknown",
       "a policy document or the role's set of policies cannot be known before deployment"},
      {Verdict::Unresolved, "module-missing",
       "the function would come from a module whose source is not on disk"},
      {Verdict::Unresolved, "nested-stack-missing",
       "the function would come from a CloudFormation nested stack or SAM nested application whose template "
       "is not on disk"},
  };
  m.references = {
      "AWS Lambda Developer Guide: Visualize Lambda function invocations using AWS X-Ray (execution role "
      "permissions)",
      "IAM User Guide: Policy evaluation logic",
      "AWS managed policy reference: AWSXRayDaemonWriteAccess",
  };
  return m;
}

std::string role_name(const iam::Role& role) {
  if (!role.address.empty()) return role.address;
  if (!role.name.empty()) return role.name;
  return role.arn;
}

std::string ref_text(const model::Ref& ref) {
  return !ref.address.empty() ? ref.address : ref.arn;
}

// The documents a Ref to a managed policy names: one declared in the input, or an AWS managed policy
// from the table. Null (with `why`) when it cannot be read.
const iam::PolicyDocument* managed_document(const iam::Role& role, const model::Ref& ref, std::string& why) {
  if (const iam::PolicyDocument* d = role.declared_document(ref)) return d;
  if (const iam::PolicyDocument* d = iam::aws_managed_policy(ref.arn)) return d;
  if (iam::is_aws_managed_policy_arn(ref.arn))
    why = "the AWS managed policy " + ref.arn + " is not one whose document cloudsift knows";
  else if (!ref.arn.empty())
    why = "the managed policy " + ref.arn + " is not declared in the scanned input";
  else
    why = "the managed policy " + ref.address + " is not declared in the scanned input";
  return nullptr;
}

std::string join_actions(const std::vector<std::string_view>& actions) {
  std::string out;
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i) out += i + 1 == actions.size() ? " and " : ", ";
    out += actions[i];
  }
  return out;
}

}  // namespace

const Metadata& LambdaTracingNoPermission::metadata() const {
  static const Metadata m = make_metadata();
  return m;
}

void LambdaTracingNoPermission::run(const model::Model& model, std::vector<CheckResult>& out) const {
  using model::aws::lambda::TracingMode;
  const Metadata& meta = metadata();
  for (const auto& fn : model.lambda_functions) {
    if (fn.tracing.value != TracingMode::Active) continue;  // lambda_notracing's business
    if (fn.kind == "live") continue;                        // IAM is not read by live scans yet
    if (fn.no_role) continue;  // the deploying tool refuses a function without a role: nothing is deployed
    CheckResult r = result_for(meta, fn);
    r.location = fn.declared;
    auto unresolved = [&](const char* reason, std::string message) {
      r.verdict = Verdict::Unresolved;
      r.reason = reason;
      r.message = std::move(message);
      out.push_back(std::move(r));
    };
    if (fn.role.empty()) {
      unresolved("role-external", fn.role_unknown.empty()
                                      ? "the execution role is not known from the scanned input"
                                      : "the execution role is not known: " + fn.role_unknown);
      continue;
    }
    const iam::Role* role = fn.execution_role.get();
    if (!role) {
      unresolved("role-external",
                 "the execution role " + ref_text(fn.role) + " is not declared in the scanned input");
      continue;
    }
    std::string rname = role_name(*role);
    if (!role->policies_unknown.empty()) {
      unresolved("unknown", "the policies of execution role " + rname +
                                " cannot be known before deployment: " + role->policies_unknown);
      continue;
    }
    std::vector<const iam::PolicyDocument*> docs;
    for (const auto& d : role->inline_policies) docs.push_back(&d);
    std::vector<std::string> unread;  // managed policies that cannot be read, and why
    for (const auto& ref : role->managed_policies) {
      std::string why;
      if (const iam::PolicyDocument* d = managed_document(*role, ref, why))
        docs.push_back(d);
      else
        unread.push_back(why);
    }
    const iam::PolicyDocument* boundary = nullptr;
    std::string boundary_unread;
    if (!role->permissions_boundary.empty()) {
      boundary = managed_document(*role, role->permissions_boundary, boundary_unread);
      if (!boundary) boundary_unread = "the permissions boundary cannot be read: " + boundary_unread;
    }

    std::vector<std::string_view> missing;
    std::string denied, maybe, unknown;
    for (std::string_view action : kActions) {
      iam::AccessResult a = iam::evaluate_access(docs, boundary, action);
      switch (a.access) {
        case iam::Access::kAllowed:
          break;
        case iam::Access::kNotAllowed:
          missing.push_back(action);
          break;
        case iam::Access::kDenied:
          if (denied.empty()) denied = a.detail;
          break;
        case iam::Access::kMaybe:
          if (maybe.empty()) maybe = a.detail;
          break;
        case iam::Access::kUnknown:
          if (unknown.empty()) unknown = a.detail;
          break;
      }
    }
    if (!denied.empty()) {
      r.verdict = Verdict::Fail;
      r.reason = "denied";
      r.message = "execution role " + rname + ": " + denied + ", so X-Ray traces are lost";
      out.push_back(std::move(r));
      continue;
    }
    if (!unknown.empty()) {
      unresolved("unknown", "execution role " + rname + ": " + unknown);
      continue;
    }
    if (!maybe.empty()) {
      unresolved("conditional", "execution role " + rname + ": " + maybe);
      continue;
    }
    if (!boundary_unread.empty()) {
      // The boundary must allow too: whatever the identity policies say, it cannot be assumed.
      unresolved("policy-unknown", "execution role " + rname + ": " + boundary_unread);
      continue;
    }
    if (!missing.empty()) {
      if (!unread.empty()) {
        unresolved("policy-unknown", "execution role " + rname + ": no policy that can be read allows " +
                                         join_actions(missing) + ", and " + unread.front());
        continue;
      }
      r.verdict = Verdict::Fail;
      r.reason = "missing";
      r.message = "execution role " + rname + " is not allowed " + join_actions(missing) +
                  ", so X-Ray traces are lost (attach AWSXRayDaemonWriteAccess)";
      out.push_back(std::move(r));
      continue;
    }
    r.verdict = Verdict::Pass;
    r.reason = "allowed";
    r.message =
        "execution role " + rname + " may send traces (xray:PutTraceSegments and xray:PutTelemetryRecords)";
    if (!unread.empty())
      r.message += "; not read, and only an explicit Deny in it would change this: " + unread.front();
    out.push_back(std::move(r));
  }
  unresolved_opaque(meta, model, out);
}

}  // namespace cs::checks
