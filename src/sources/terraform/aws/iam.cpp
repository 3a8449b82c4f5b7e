// AWS IAM: aws_iam_role (inline_policy blocks, managed_policy_arns, permissions_boundary), the policies put
// on a role apart from it (aws_iam_role_policy, aws_iam_role_policy_attachment, aws_iam_policy_attachment)
// and customer managed policies (aws_iam_policy). Model::link gathers them on their roles.
#include <functional>
#include <string_view>

#include "sources/common/iam_policy.h"
#include "sources/terraform/aws/mappers.h"
#include "sources/terraform/refs.h"

namespace cs::tf::aws {

using model::Origin;
using model::Ref;
using model::aws::iam::PolicyDocument;
using model::aws::iam::Role;

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
  if (from_data && v.is_unknown() && v.reason().find("is read during plan") != std::string::npos)
    return "data source aws_iam_policy_document with count or for_each is not evaluated yet";
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
  cs::sources::read_policy_statements(d);
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

// The execution role terraform-aws-modules/lambda/aws creates (aws_iam_role.lambda[0], unless
// create_role = false) for one instance of a module call whose source is not on disk, with the policies
// the module's iam.tf attaches to it: AWSXRayDaemonWriteAccess's document only when
// attach_tracing_policy = true (default false); the caller's own policies (policy_json, policy_jsons,
// policy, policies) when their attach_* input is true; policy_statements as not evaluated. The
// module's own fixed policies (logs, dead letter, network, async) only allow what they are for and are
// left out. Returns the Ref the function's role takes (empty with *why when not known).
Ref map_tam_lambda_role(ResourceInstance& call, model::Model& out, std::string* why) {
  auto flag = [&](const char* arg, bool dflt) -> Value {
    AttrRef a = call.attr(arg);
    if (!a) return Value::boolean(dflt);
    Value v = call.eval(a.attr->expr);
    if (v.is_null()) return Value::boolean(dflt);
    return v.is_known() ? v.to_bool_value() : v;
  };
  const std::string name = call.name();
  Value create_role = flag("create_role", true);
  if (!create_role.is_known()) {
    *why = "whether module." + name + " creates its role " + describe_unknown(create_role);
    return {};
  }
  if (!create_role.as_bool()) {  // the caller's role: lambda_role, an ARN
    AttrRef lr = call.attr("lambda_role");
    if (!lr) {
      *why = "module." + name + " has create_role = false and no lambda_role";
      return {};
    }
    std::string w;
    Ref ref = ref_to(call, lr.attr->expr, nullptr, "aws_iam_role", &w);
    if (ref.empty()) *why = "lambda_role of module." + name + " " + w;
    return ref;
  }
  Role role;
  role.address = call.address() + ".aws_iam_role.lambda[0]";
  role.type = "aws_iam_role";
  role.kind = "terraform";
  role.declared = call.declared();
  role.enclosing = call.enclosing();
  role.note = "the role terraform-aws-modules/lambda/aws creates";
  auto unknown_flag = [&](const char* arg, const Value& v) {
    add_note(role, std::string(arg) + " of module." + name + " " + describe_unknown(v));
    if (role.policies_unknown.empty())
      role.policies_unknown = "whether module." + name + " sets " + arg + " " + describe_unknown(v);
  };
  Value tracing = flag("attach_tracing_policy", false);
  if (!tracing.is_known())
    unknown_flag("attach_tracing_policy", tracing);
  else if (tracing.as_bool())
    role.managed_policies.push_back(Ref{"", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"});
  if (Value v = flag("attach_policy_json", false); !v.is_known()) {
    unknown_flag("attach_policy_json", v);
  } else if (v.as_bool()) {
    role.inline_policies.push_back(
        document(call, "module." + name + " policy_json", call.attr("policy_json")));
  }
  if (Value v = flag("attach_policy_jsons", false); !v.is_known()) {
    unknown_flag("attach_policy_jsons", v);
  } else if (v.as_bool()) {
    AttrRef a = call.attr("policy_jsons");
    std::string w = a ? each_element(call, a.attr->expr,
                                     [&](const hcl::Expr*, const Value& item) {
                                       PolicyDocument d;
                                       d.name = "module." + name + " policy_jsons";
                                       std::string text;
                                       if (plain_string(item, &text)) {
                                         d.json.origin = Origin::Explicit;
                                         d.json.value = text;
                                         cs::sources::read_policy_statements(d);
                                       } else {
                                         d.json.origin = Origin::Unknown;
                                         d.json.unknown_reason =
                                             "an element of policy_jsons " + describe_unknown(item);
                                       }
                                       role.inline_policies.push_back(std::move(d));
                                     })
                      : "";
    if (!w.empty() && role.policies_unknown.empty())
      role.policies_unknown = "policy_jsons of module." + name + " " + w;
  }
  for (const char* arg : {"policy", "policies"}) {
    std::string attach = std::string("attach_") + arg;
    Value v = flag(attach.c_str(), false);
    if (!v.is_known()) {
      unknown_flag(attach.c_str(), v);
      continue;
    }
    AttrRef a = call.attr(arg);
    if (!v.as_bool() || !a) continue;
    auto add = [&](const hcl::Expr* e, const Value& item) {
      std::string w;
      Ref ref = ref_to(call, e, &item, "aws_iam_policy", &w);
      if (ref.empty()) {
        if (role.policies_unknown.empty())
          role.policies_unknown = std::string(arg) + " of module." + name + " " + w;
        return;
      }
      role.managed_policies.push_back(std::move(ref));
    };
    if (std::string(arg) == "policy") {
      add(a.attr->expr, call.eval(a.attr->expr));
    } else if (std::string w = each_element(call, a.attr->expr, add);
               !w.empty() && role.policies_unknown.empty()) {
      role.policies_unknown = "policies of module." + name + " " + w;
    }
  }
  if (Value v = flag("attach_policy_statements", false); !v.is_known()) {
    unknown_flag("attach_policy_statements", v);
  } else if (v.as_bool()) {
    PolicyDocument d;
    d.name = "module." + name + " policy_statements";
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason =
        "policy_statements (an aws_iam_policy_document inside the module) are not evaluated yet";
    role.inline_policies.push_back(std::move(d));
  }
  if (AttrRef b = call.attr("role_permissions_boundary")) {
    Value v = call.eval(b.attr->expr);
    if (!v.is_null()) {
      std::string w;
      role.permissions_boundary = ref_to(call, b.attr->expr, &v, "aws_iam_policy", &w);
      if (role.permissions_boundary.empty() && role.policies_unknown.empty())
        role.policies_unknown = "role_permissions_boundary of module." + name + " " + w;
    }
  }
  Ref ref{role.address, ""};
  out.iam_roles.push_back(std::move(role));
  return ref;
}

}  // namespace cs::tf::aws
