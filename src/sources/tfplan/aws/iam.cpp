// IAM roles and the policies that reach them, in a plan or state: aws_iam_role (inline_policy,
// managed_policy_arns, permissions_boundary), aws_iam_role_policy, aws_iam_role_policy_attachment,
// aws_iam_policy_attachment (roles) and aws_iam_policy. Model::link gathers them on their roles.
//
// A role or policy named by another resource is a value when the plan knows it (a role name, a policy
// ARN) and, when the configuration's expression refers to an aws_iam_role / aws_iam_policy of the same
// module, also that resource's address; a create plan rarely knows ARNs ("known after apply"), so the
// address is what links them then.
//
// inline_policy and managed_policy_arns are Optional+Computed in the AWS provider: a role whose
// configuration does not set them shows them unknown on create (terraform 1.11.4 with hashicorp/aws
// 5.100.0: managed_policy_arns true in after_unknown) although only the separate policy resources will
// attach anything; that is a known, empty list. Set from something unknown until apply, or with no
// configuration in the plan to tell, the role's policies_unknown says why.
//
// A policy document from a sensitive value keeps its text for checks, shown by the label "(sensitive)"
// only; a sensitive name or ARN is not kept (a Ref has no label), and a role's policies_unknown says so.
#include "sources/common/iam_policy.h"
#include "sources/tfplan/mappers.h"

namespace cs::tfplan::aws {

using json::Node;
using model::Origin;
using model::Ref;
namespace iam = model::aws::iam;

namespace {

constexpr const char* kPlanKind = "terraform-plan";
constexpr const char* kStateKind = "terraform-state";

void base_resource(Context& ctx, const Instance& inst, model::Resource& r) {
  r.address = inst.address;
  r.type = inst.type;
  r.kind = inst.plan ? kPlanKind : kStateKind;
  r.declared = ctx.location(inst.at);
  r.note = inst.plan ? "plan [" + inst.actions.text + "]" : "state";
}

std::string unknown_path(const Instance& inst, const std::string& key) {
  return inst.base + ".change.after_unknown." + key;
}

void add_reason(std::string& reasons, const std::string& why) {
  reasons += (reasons.empty() ? "" : "; ") + why;
}

// A known, not sensitive string value of values.KEY; empty otherwise.
std::string known(const Instance& inst, std::string_view key) {
  const Node* v = inst.value(key);
  if (!v || !v->is_string() || inst.unknown(key) || inst.sensitive(key)) return std::string();
  return std::string(v->text());
}

// A reference to another resource: the address the configuration's expression of KEY refers to (a
// resource of type `type`), and the known value (a name or an ARN).
Ref ref_of(const Instance& inst, std::string_view key, std::string_view type) {
  Ref ref;
  auto refs = inst.references(key, type);
  if (!refs.empty()) ref.address = refs[0];
  ref.arn = known(inst, key);
  return ref;
}

// A policy document: a JSON string value (values.KEY, or `node` inside a nested block), unknown until
// apply when after_unknown marks it, shown by its label when after_sensitive marks it.
iam::PolicyDocument document(Context& ctx, std::string name, const Node* node, bool unknown, bool sensitive,
                             const std::string& unknown_at) {
  iam::PolicyDocument d;
  d.name = std::move(name);
  if (unknown) {
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = "the plan marks " + unknown_at + " unknown (known after apply)";
    return d;
  }
  if (!node || !node->is_string()) return d;  // none written
  d.json.value = std::string(node->text());
  d.json.origin = Origin::Explicit;
  d.json.where = ctx.location(node);
  if (sensitive) {
    d.json.raw = "(sensitive)";
    d.json.raw_is_label = true;
  }
  cs::sources::read_policy_statements(d);
  return d;
}

iam::PolicyDocument document_of(Context& ctx, const Instance& inst, std::string name) {
  return document(ctx, std::move(name), inst.value("policy"), inst.unknown("policy"),
                  inst.sensitive("policy"), unknown_path(inst, "policy"));
}

// Whether an unknown Optional+Computed argument is unknown because the configuration sets it (or the
// plan has no configuration to tell): the reason, or empty when the configuration does not set it.
std::string computed_unknown(const Instance& inst, const std::string& key) {
  std::string why = "the plan marks " + unknown_path(inst, key) + " unknown (known after apply)";
  if (!inst.config)
    return why + " and the plan has no configuration for this resource to tell whether it is set";
  if (!inst.expression(key)) return std::string();
  return why + " and the configuration sets it";
}

}  // namespace

void iam_role(Context& ctx, const Instance& inst) {
  iam::Role role;
  base_resource(ctx, inst, role);
  role.name = known(inst, "name");
  role.arn = known(inst, "arn");
  std::string unknown_policies;

  // inline_policy: [{name, policy}], MaxItems unlimited.
  const Node* au = inst.after_unknown;
  const Node* as = inst.after_sensitive;
  const Node* ip_unknown = get(au, "inline_policy");
  if (is_true(au) || is_true(ip_unknown)) {
    std::string why = computed_unknown(inst, "inline_policy");
    if (!why.empty()) add_reason(unknown_policies, why);
  } else {
    size_t i = 0;
    for (const Node* blk : items(inst.value("inline_policy"))) {
      const Node* unk = ip_unknown && ip_unknown->is_array() && i < ip_unknown->items().size
                            ? ip_unknown->items()[i]
                            : nullptr;
      const Node* sens = get(as, "inline_policy");
      sens = sens && sens->is_array() && i < sens->items().size ? sens->items()[i] : nullptr;
      std::string at = "inline_policy[" + std::to_string(i++) + "]";
      if (!blk->is_object()) continue;
      std::string name;
      const Node* n = blk->find("name");
      if (n && n->is_string() && !any_true(get(unk, "name")) && !is_true(as) && !is_true(sens) &&
          !any_true(get(sens, "name")))
        name = std::string(n->text());
      bool sensitive = is_true(as) || is_true(sens) || any_true(get(sens, "policy"));
      role.inline_policies.push_back(document(ctx, std::move(name), blk->find("policy"),
                                              is_true(unk) || any_true(get(unk, "policy")), sensitive,
                                              unknown_path(inst, at + ".policy")));
    }
  }

  // managed_policy_arns: a set of ARNs.
  const Node* mp_unknown = get(au, "managed_policy_arns");
  bool mp_whole = is_true(au) || is_true(mp_unknown);
  std::string mp_why;
  if (mp_whole) {
    mp_why = computed_unknown(inst, "managed_policy_arns");
  } else {
    size_t i = 0;
    const Node* sens = get(as, "managed_policy_arns");
    for (const Node* v : items(inst.value("managed_policy_arns"))) {
      bool unk = mp_unknown && mp_unknown->is_array() && i < mp_unknown->items().size &&
                 is_true(mp_unknown->items()[i]);
      bool sen = is_true(as) || is_true(sens) ||
                 (sens && sens->is_array() && i < sens->items().size && is_true(sens->items()[i]));
      std::string at = "managed_policy_arns[" + std::to_string(i++) + "]";
      if (unk) {
        add_reason(mp_why, "the plan marks " + unknown_path(inst, at) + " unknown (known after apply)");
      } else if (sen) {
        add_reason(mp_why, "the plan marks " + inst.base + ".change.after_sensitive." + at +
                               " sensitive: shown as (sensitive) only");
      } else if (v->is_string()) {
        role.managed_policies.push_back(Ref{std::string(), std::string(v->text())});
      }
    }
  }
  if (!mp_why.empty()) {
    add_reason(unknown_policies, mp_why);
    // What the configuration names is still worth keeping: the customer managed policies it refers to.
    for (auto& address : inst.references("managed_policy_arns", "aws_iam_policy"))
      role.managed_policies.push_back(Ref{std::move(address), std::string()});
  }

  // permissions_boundary: one policy ARN.
  role.permissions_boundary = ref_of(inst, "permissions_boundary", "aws_iam_policy");
  if (inst.unknown("permissions_boundary") && role.permissions_boundary.empty())
    add_reason(unknown_policies, "the plan marks " + unknown_path(inst, "permissions_boundary") +
                                     " unknown (known after apply)");
  else if (inst.sensitive("permissions_boundary") && role.permissions_boundary.empty() &&
           inst.value("permissions_boundary") && !inst.value("permissions_boundary")->is_null())
    add_reason(unknown_policies,
               "the permissions boundary comes from a sensitive value: shown as (sensitive) only");

  role.policies_unknown = std::move(unknown_policies);
  ctx.model.iam_roles.push_back(std::move(role));
}

void iam_role_policy(Context& ctx, const Instance& inst) {
  iam::RolePolicy p;
  base_resource(ctx, inst, p);
  p.role = ref_of(inst, "role", "aws_iam_role");
  p.document = document_of(ctx, inst, known(inst, "name"));
  ctx.model.iam_role_policies.push_back(std::move(p));
}

void iam_role_policy_attachment(Context& ctx, const Instance& inst) {
  iam::RolePolicyAttachment a;
  base_resource(ctx, inst, a);
  a.role = ref_of(inst, "role", "aws_iam_role");
  a.policy = ref_of(inst, "policy_arn", "aws_iam_policy");
  ctx.model.iam_role_policy_attachments.push_back(std::move(a));
}

// One RolePolicyAttachment per role of `roles` (users and groups are not roles): by name when the
// plan knows it, and by address for every aws_iam_role the configuration refers to when some are not.
void iam_policy_attachment(Context& ctx, const Instance& inst) {
  Ref policy = ref_of(inst, "policy_arn", "aws_iam_policy");
  auto add = [&](Ref role, std::string note) {
    iam::RolePolicyAttachment a;
    base_resource(ctx, inst, a);
    a.role = std::move(role);
    a.policy = policy;
    if (!note.empty()) a.note += "; " + note;
    ctx.model.iam_role_policy_attachments.push_back(std::move(a));
  };
  const Node* ru = get(inst.after_unknown, "roles");
  bool some_unknown = is_true(inst.after_unknown) || any_true(ru);
  bool sensitive = inst.sensitive("roles");
  if (!some_unknown && !sensitive) {
    for (const Node* v : items(inst.value("roles")))
      if (v->is_string()) add(Ref{std::string(), std::string(v->text())}, std::string());
    return;
  }
  if (!is_true(inst.after_unknown) && !is_true(ru) && !sensitive) {
    size_t i = 0;
    for (const Node* v : items(inst.value("roles"))) {
      bool unk = ru && ru->is_array() && i < ru->items().size && is_true(ru->items()[i]);
      ++i;
      if (!unk && v->is_string()) add(Ref{std::string(), std::string(v->text())}, std::string());
    }
  }
  auto refs = inst.references("roles", "aws_iam_role");
  for (auto& address : refs) add(Ref{std::move(address), std::string()}, std::string());
  if (refs.empty())
    add(Ref{}, sensitive ? "the roles come from a sensitive value"
                         : "the plan marks " + unknown_path(inst, "roles") + " unknown (known after apply)");
}

void iam_policy(Context& ctx, const Instance& inst) {
  iam::ManagedPolicy p;
  base_resource(ctx, inst, p);
  p.name = known(inst, "name");
  p.arn = known(inst, "arn");
  p.document = document_of(ctx, inst, inst.address);
  ctx.model.iam_managed_policies.push_back(std::move(p));
}

}  // namespace cs::tfplan::aws
