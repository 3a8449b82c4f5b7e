#include "model/aws/iam.h"

#include <algorithm>

namespace cs::model::aws::iam {

namespace {

bool names(const Ref& ref, const Role& role) {
  if (!ref.address.empty() && ref.address == role.address) return true;
  if (!ref.arn.empty()) {
    if (!role.arn.empty() && ref.arn == role.arn) return true;
    // A role named by its name (aws_iam_role_policy.role takes the name or the id) or by an ARN whose
    // last path element is that name.
    if (!role.name.empty()) {
      std::string_view a = ref.arn;
      if (a == role.name) return true;
      size_t slash = a.rfind('/');
      if (a.rfind("arn:", 0) == 0 && a.find(":role/") != std::string_view::npos &&
          slash != std::string_view::npos && a.substr(slash + 1) == role.name)
        return true;
    }
  }
  return false;
}

bool same_ref(const Ref& a, const Ref& b) {
  return (!a.address.empty() && a.address == b.address) || (!a.arn.empty() && a.arn == b.arn);
}

}  // namespace

void apply_role_policies(std::vector<Role>& roles, const std::vector<RolePolicy>& policies,
                         const std::vector<RolePolicyAttachment>& attachments) {
  if (policies.empty() && attachments.empty()) return;
  for (Role& role : roles) {
    for (const RolePolicy& p : policies) {
      if (!names(p.role, role)) continue;
      // Inline policy names are unique per role (a second PutRolePolicy of a name replaces the first),
      // and a plan's role lists the inline policies its separate role policies put: one document each.
      auto same = std::find_if(
          role.inline_policies.begin(), role.inline_policies.end(),
          [&](const PolicyDocument& d) { return !p.document.name.empty() && d.name == p.document.name; });
      if (same != role.inline_policies.end())
        *same = p.document;
      else
        role.inline_policies.push_back(p.document);
    }
    for (const RolePolicyAttachment& a : attachments) {
      if (!names(a.role, role) || a.policy.empty()) continue;
      bool listed = std::any_of(role.managed_policies.begin(), role.managed_policies.end(),
                                [&](const Ref& r) { return same_ref(r, a.policy); });
      if (!listed) role.managed_policies.push_back(a.policy);
    }
  }
}

const ManagedPolicy* find_managed_policy(const std::vector<ManagedPolicy>& policies, const Ref& ref) {
  for (const ManagedPolicy& p : policies)
    if ((!ref.address.empty() && ref.address == p.address) ||
        (!ref.arn.empty() && !p.arn.empty() && ref.arn == p.arn))
      return &p;
  return nullptr;
}

}  // namespace cs::model::aws::iam
