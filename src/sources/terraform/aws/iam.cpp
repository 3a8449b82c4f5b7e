// AWS IAM: aws_iam_role (inline_policy blocks, managed_policy_arns, permissions_boundary), the policies put
// on a role apart from it (aws_iam_role_policy, aws_iam_role_policy_attachment, aws_iam_policy_attachment)
// and customer managed policies (aws_iam_policy). Model::link gathers them on their roles.
#include <functional>
#include <string_view>

#include "sources/terraform/aws/mappers.h"
#include "sources/terraform/refs.h"

namespace cs::tf::aws {

using model::Origin;
using model::Ref;
using model::aws::iam::PolicyDocument;

namespace {

// A known string that may be kept as text (a marked one is shown only by its label, so it is not kept).
bool plain_string(const Value& v, std::string* out) {
  Value s = v.to_string_value();
  if (!s.is_string() || s.is_marked()) return false;
  *out = s.as_string();
  return true;
}

// Why a document is not known: a data "aws_iam_policy_document" it refers to is not evaluated (yet), or
// what the evaluator says.
std::string unknown_document(const hcl::Expr* e, const Value& v) {
  bool from_data = false;
  for_each_traversal(e, [&](const hcl::ScopeTraversalExpr& t) {
    if (t.root == "data" && t.steps.size > 0 && t.steps[0].kind == hcl::StepKind::Attr &&
        t.steps[0].name == "aws_iam_policy_document")
      from_data = true;
  });
  if (from_data) return "data source aws_iam_policy_document is not evaluated yet";
  return v.is_error() ? "evaluating it fails: " + v.reason() : v.reason();
}

// A policy document: the evaluated `policy` argument (a heredoc, jsonencode(...), file(...)), as the
// AWS provider sends it. Text that is marked (sensitive, from a file, from the environment) is kept, but
// `raw` is its label: it is never shown as itself.
PolicyDocument document(ResourceInstance& r, std::string name, const hcl::Expr* e, const std::string* file) {
  PolicyDocument d;
  d.name = std::move(name);
  if (!e) {
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = "policy is not set (the AWS provider requires it)";
    return d;
  }
  d.where = loc(file, e->range);
  d.json.where = d.where;
  Value v = r.eval(e);
  if (v.is_unknown() || v.is_error()) {
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = unknown_document(e, v);
    return d;
  }
  if (v.is_null()) {
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = "policy is null (the AWS provider requires it)";
    return d;
  }
  Value s = v.to_string_value();
  if (!s.is_string()) {
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = "policy is not a string (the AWS provider rejects it; write it with jsonencode)";
    return d;
  }
  d.json.origin = Origin::Explicit;
  d.json.value = s.as_string();
  if (s.is_marked()) {
    d.json.raw = s.label();
    d.json.raw_is_label = true;
  }
  return d;
}

PolicyDocument document(ResourceInstance& r, std::string name, AttrRef a) {
  return a ? document(r, std::move(name), a.attr->expr, a.file)
           : document(r, std::move(name), nullptr, nullptr);
}

// A reference to a resource of `type` of the same module by address, else a known string (a name or an
// ARN) in Ref::arn. Empty with *why set when it is not known.
Ref ref_to(ResourceInstance& r, const hcl::Expr* e, const Value* value, std::string_view type,
           std::string* why) {
  Ref ref;
  if (e) ref.address = r.address_of(e, type);
  if (!ref.address.empty()) return ref;
  Value v = value ? *value : r.eval(e);
  if (!plain_string(v, &ref.arn)) {
    Value s = v.is_known() ? v.to_string_value() : v;
    if (!v.is_known() || v.is_null())
      *why = describe_unknown(v);
    else if (s.is_string())
      *why = "is " + s.label() + ", not shown";
    else
      *why = "is not a string";
  }
  return ref;
}

// The elements of a list argument, each with its own expression when the list is written as [a, b]
// (so that each can be followed to the resource it refers to). Returns why the list is not known, or "".
std::string each_element(ResourceInstance& r, const hcl::Expr* e,
                         const std::function<void(const hcl::Expr*, const Value&)>& fn) {
  if (e->kind == hcl::ExprKind::Tuple) {
    for (const hcl::Expr* item : hcl::as<hcl::TupleExpr>(e)->items) fn(item, r.eval(item));
    return "";
  }
  Value v = r.eval(e);
  if (v.is_null()) return "";
  if (!v.is_known()) return describe_unknown(v);
  if (!v.is_sequence()) return "is not a list";
  for (const Value& item : v.items()) fn(nullptr, item);
  return "";
}

// Adds why something is not known to a resource's note (after the note of its instances, if any).
void add_note(model::Resource& res, const std::string& why) {
  res.note += (res.note.empty() ? "" : "; ") + why;
}

const hcl::Attribute* find_attr(const hcl::Body* b, std::string_view name) {
  for (const auto& a : b->attributes)
    if (a.name == name) return &a;
  return nullptr;
}
const hcl::Block* find_block(const hcl::Body* b, std::string_view type) {
  for (const hcl::Block* x : b->blocks)
    if (x->type == type) return x;
  return nullptr;
}

// One inline_policy block of a role (static, or one element of a dynamic block): {name, policy}. An
// empty block is how a configuration says "no inline policies".
void inline_policy(ResourceInstance& r, const hcl::Body* body, const std::string* file,
                   model::aws::iam::Role& role) {
  const hcl::Attribute* name = find_attr(body, "name");
  const hcl::Attribute* policy = find_attr(body, "policy");
  if (!name && !policy) return;
  std::string n;
  if (name && !plain_string(r.eval(name->expr), &n)) n.clear();
  role.inline_policies.push_back(document(r, n, policy ? policy->expr : nullptr, file));
}

}  // namespace

void map_iam_role(ResourceInstance& r, model::Model& out) {
  model::aws::iam::Role role;
  r.identify(role);
  plain_string(r.eval_attr("name"), &role.name);
  for (const BlockRef& br : r.body().blocks) {
    const hcl::Block* b = br.block;
    if (b->type == "inline_policy") {
      inline_policy(r, b->body, br.file, role);
    } else if (b->type == "dynamic" && b->labels.size == 1 && b->labels[0].value == "inline_policy") {
      const hcl::Attribute* fe = find_attr(b->body, "for_each");
      const hcl::Block* content = find_block(b->body, "content");
      if (!fe || !content) continue;
      std::string iter = "inline_policy";
      if (const hcl::Attribute* it = find_attr(b->body, "iterator"))
        if (it->expr->kind == hcl::ExprKind::ScopeTraversal)
          iter = std::string(hcl::as<hcl::ScopeTraversalExpr>(it->expr)->root);
      Value coll = r.eval(fe->expr);
      if (!coll.is_known()) {
        if (role.policies_unknown.empty())
          role.policies_unknown = "dynamic \"inline_policy\" for_each " + describe_unknown(coll);
        continue;
      }
      std::vector<std::pair<Value, Value>> elems;
      if (coll.is_mapping()) {
        for (const auto& [k, v] : coll.attrs())
          elems.emplace_back(Value::string(k).with_marks(coll.marks()), v);
      } else if (coll.is_sequence()) {
        size_t i = 0;
        for (const auto& v : coll.items()) {
          elems.emplace_back(coll.kind() == Value::Kind::Set ? v : Value::number(static_cast<double>(i)), v);
          ++i;
        }
      }
      for (auto& [k, v] : elems) {
        r.context().bind(iter, Value::object({{"key", k}, {"value", v}}));
        inline_policy(r, content->body, br.file, role);
        r.context().unbind();
      }
    }
  }
  if (AttrRef arns = r.attr("managed_policy_arns")) {
    std::string why = each_element(r, arns.attr->expr, [&](const hcl::Expr* item, const Value& v) {
      std::string item_why;
      Ref ref = ref_to(r, item, &v, "aws_iam_policy", &item_why);
      if (!ref.empty())
        role.managed_policies.push_back(std::move(ref));
      else if (role.policies_unknown.empty())
        role.policies_unknown = "an element of managed_policy_arns " + item_why;
    });
    if (!why.empty() && role.policies_unknown.empty()) role.policies_unknown = "managed_policy_arns " + why;
  }
  if (AttrRef pb = r.attr("permissions_boundary")) {
    std::string why;
    role.permissions_boundary = ref_to(r, pb.attr->expr, nullptr, "aws_iam_policy", &why);
  }
  role.note = r.note();
  out.iam_roles.push_back(std::move(role));
}

// aws_iam_role_policy: an inline policy put on the role `role` names (its name or id).
void map_iam_role_policy(ResourceInstance& r, model::Model& out) {
  model::aws::iam::RolePolicy p;
  r.identify(p);
  p.note = r.note();
  std::string why;
  if (AttrRef role = r.attr("role")) {
    p.role = ref_to(r, role.attr->expr, nullptr, "aws_iam_role", &why);
    if (p.role.empty()) add_note(p, "role " + why);
  }
  std::string name;
  plain_string(r.eval_attr("name"), &name);
  p.document = document(r, name, r.attr("policy"));
  out.iam_role_policies.push_back(std::move(p));
}

namespace {
model::aws::iam::RolePolicyAttachment attachment(ResourceInstance& r) {
  model::aws::iam::RolePolicyAttachment a;
  r.identify(a);
  a.note = r.note();
  if (AttrRef arn = r.attr("policy_arn")) {
    std::string why;
    a.policy = ref_to(r, arn.attr->expr, nullptr, "aws_iam_policy", &why);
    if (a.policy.empty()) add_note(a, "policy_arn " + why);
  }
  return a;
}
}  // namespace

// aws_iam_role_policy_attachment: a managed policy attached to the role `role` names.
void map_iam_role_policy_attachment(ResourceInstance& r, model::Model& out) {
  model::aws::iam::RolePolicyAttachment a = attachment(r);
  if (AttrRef role = r.attr("role")) {
    std::string why;
    a.role = ref_to(r, role.attr->expr, nullptr, "aws_iam_role", &why);
    if (a.role.empty()) add_note(a, "role " + why);
  }
  out.iam_role_policy_attachments.push_back(std::move(a));
}

// aws_iam_policy_attachment: one managed policy attached to every role of `roles` (users and groups are
// not modelled). When the list is not known, one attachment without a role says why.
void map_iam_policy_attachment(ResourceInstance& r, model::Model& out) {
  AttrRef roles = r.attr("roles");
  if (!roles) return;
  model::aws::iam::RolePolicyAttachment base = attachment(r);
  std::string why = each_element(r, roles.attr->expr, [&](const hcl::Expr* item, const Value& v) {
    model::aws::iam::RolePolicyAttachment a = base;
    std::string item_why;
    a.role = ref_to(r, item, &v, "aws_iam_role", &item_why);
    if (a.role.empty()) add_note(a, "an element of roles " + item_why);
    out.iam_role_policy_attachments.push_back(std::move(a));
  });
  if (!why.empty()) {
    model::aws::iam::RolePolicyAttachment a = base;
    add_note(a, "roles " + why);
    out.iam_role_policy_attachments.push_back(std::move(a));
  }
}

// aws_iam_policy: a customer managed policy and its document (found by address from the roles and
// attachments that name it).
void map_iam_policy(ResourceInstance& r, model::Model& out) {
  model::aws::iam::ManagedPolicy p;
  r.identify(p);
  p.note = r.note();
  plain_string(r.eval_attr("name"), &p.name);
  p.document = document(r, r.address(), r.attr("policy"));
  out.iam_managed_policies.push_back(std::move(p));
}

}  // namespace cs::tf::aws
