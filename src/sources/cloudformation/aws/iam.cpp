// IAM roles and policies of CloudFormation, SAM and CDK templates.
//
// Decisions:
// - A policy document is kept as the JSON text CloudFormation would send: a string PolicyDocument as
//   written; an object with its intrinsics resolved where they can be. A value only known at deployment
//   (a resource's Ref or GetAtt, a pseudo parameter such as AWS::AccountId, a parameter without a value,
//   Fn::ImportValue, or a Sub/Join of these) is written as the intrinsic in CloudFormation's JSON form
//   ({"Fn::GetAtt": ["Table", "Arn"]}): the statement's actions and effect stay readable. A document
//   that cannot be known at all (an Fn::If on a condition that cannot be decided, a Ref to a name the
//   template does not declare) is Origin::Unknown with the reason.
// - ManagedPolicyArns / PermissionsBoundary / Roles: a Ref or GetAtt naming a resource of the template
//   gives its logical id as address; a known string gives the ARN (an AWS managed policy whose ARN leaves
//   only AWS::Partition to deployment is recorded with partition "aws": it is the same policy) (or, for Roles
//   and RoleName, the role's name, which Model::link matches against the role's name).
// - SAM (checked against samtranslator 1.110, tests/oracle/sam_iam_oracle.py): a function without Role
//   gets `<Id>Role` with ManagedPolicyArns arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
//   (AWSLambdaBasicDurableExecutionRolePolicy with DurableConfig), then AWSXrayWriteOnlyAccess when
//   Tracing (or Globals.Function.Tracing) is set and does not resolve to "Disabled", then
//   service-role/AWSLambdaVPCAccessExecutionRole with VpcConfig; then each Policies entry in order (a
//   string: an ARN as is, a name as arn:aws:iam::aws:policy/NAME; a document: inline policy
//   `<Id>RolePolicy<index>`; a policy template: that inline policy with Origin::Unknown, not expanded);
//   then the managed policies of Kinesis, DynamoDB, SQS and MSK events. The inline policies SAM adds for
//   DeadLetterQueue, EventInvokeConfig destinations and MQ / self-managed Kafka / DocumentDB events are
//   recorded as Unknown documents. The partition is "aws" (the translator takes it from the region).
#include "sources/cloudformation/aws/iam.h"
#include "base/json_writer.h"
#include "sources/common/iam_policy.h"

#include <algorithm>

namespace cs::cfn::aws {

namespace {

using model::Origin;
using model::Ref;
using model::aws::iam::ManagedPolicy;
using model::aws::iam::PolicyDocument;
using model::aws::iam::Role;
using model::aws::iam::RolePolicy;
using model::aws::iam::RolePolicyAttachment;
using util::add_note;
using util::loc;
using util::referenced_id;

// A plain scalar CloudFormation passes on as a JSON literal (true, false, a number); others are strings.
bool json_literal(std::string_view s) {
  if (s == "true" || s == "false") return true;
  if (s.empty()) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  if (s[i] == '0' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) return false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot && i + 1 < s.size()) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

class Mapper {
 public:
  Mapper(const TemplateContext& ctx, model::Model& model) : c_(ctx), model_(model), ev_(ctx.ev) {
    if (const yaml::Node* g = c_.root->find("Globals"); g && g->is_map())
      if (const yaml::Node* f = g->find("Function"); f && f->is_map()) globals_fn_ = f;
    if (const yaml::Node* p = c_.root->find("Parameters"); p && p->is_map()) params_ = p;
  }

  void run(const Resources& resources) {
    for (const yaml::Pair* p : resources) {
      const yaml::Node* type = p->value->find("Type");
      std::string note;
      if (!util::exists(ev_, p->value, &note)) continue;
      std::string_view t = type->value;
      if (t == "AWS::IAM::Role")
        role(*p, note);
      else if (t == "AWS::IAM::Policy" || t == "AWS::IAM::RolePolicy")
        role_policy(*p, t == "AWS::IAM::Policy", note);
      else if (t == "AWS::IAM::ManagedPolicy")
        managed_policy(*p, note);
      else if (t == "AWS::Serverless::Function")
        sam_role(*p, note);
    }
  }

 private:
  std::string kind(const char* by_type) const {
    return c_.kind_override.empty() ? by_type : c_.kind_override;
  }

  template <typename R>
  void base(R& r, const yaml::Pair& p, const char* kind_by_type, const std::string& note) {
    r.address = std::string(p.key->value);
    r.type = std::string(p.value->find("Type")->value);
    r.kind = kind(kind_by_type);
    r.declared = loc(c_.file, p.key);
    add_note(r.note, note);
    if (const yaml::Node* md = p.value->find("Metadata"); md && md->is_map()) {
      if (const yaml::Node* cp = md->find("aws:cdk:path"); cp && cp->is_scalar()) {
        r.properties.emplace_back("construct_path", std::string(cp->value));
      }
      if (c_.suppressions) c_.suppressions(md, r);
    }
  }

  const yaml::Node* props(const yaml::Pair& p) { return util::as_map(ev_, p.value->find("Properties")); }

  bool is_resource(const std::string& id) const {
    const yaml::Node* r = ev_.resources() ? ev_.resources()->find(id) : nullptr;
    return r && r->is_map();
  }

  // A reference to a resource of the template (Ref / GetAtt naming it) by address; else the known
  // string (an ARN or a name); else empty with `why` set.
  Ref reference(const yaml::Node* n, std::string* why) {
    Ref r;
    if (std::string id = referenced_id(n); !id.empty() && is_resource(id)) {
      r.address = id;
      return r;
    }
    Value v = ev_.eval(n);
    if (v.is_scalar() && v.secret.empty())
      r.arn = v.text;
    else if (why)
      *why = v.is_unknown() ? v.text : v.secret.empty() ? "not a string: " + v.render() : "a NoEcho value";
    return r;
  }

  // An AWS managed policy written with the partition left to deployment
  // (!Sub "arn:${AWS::Partition}:iam::aws:policy/NAME", or the Join of "arn:", !Ref AWS::Partition and the
  // rest) when the partition is not given: the policy is the same in every partition, so it is recorded
  // as arn:aws:iam::aws:policy/NAME (the partition SAM's own ARNs use here). "" otherwise.
  std::string aws_managed_any_partition(const yaml::Node* n) {
    auto in = as_intrinsic(n);
    if (!in || !in->arg) return "";
    std::string arn;
    if (in->name == "Fn::Sub" && in->arg->is_scalar()) {
      std::string_view s = in->arg->value;
      for (size_t i = 0; i < s.size();) {
        if (s.substr(i, 17) == "${AWS::Partition}") {
          arn += "aws";
          i += 17;
        } else {
          arn += s[i++];
        }
      }
    } else if (in->name == "Fn::Join" && in->arg->is_seq() && in->arg->items.size == 2 &&
               in->arg->items[0]->is_scalar() && in->arg->items[1]->is_seq()) {
      const yaml::Node* parts = in->arg->items[1];
      for (size_t i = 0; i < parts->items.size; ++i) {
        const yaml::Node* part = parts->items[i];
        if (i) arn += in->arg->items[0]->value;
        auto pin = as_intrinsic(part);
        if (pin && pin->name == "Ref" && pin->arg && pin->arg->is_scalar() &&
            pin->arg->value == "AWS::Partition")
          arn += "aws";
        else if (!pin && part->is_scalar())
          arn += part->value;
        else
          return "";
      }
    } else {
      return "";
    }
    constexpr std::string_view kPrefix = "arn:aws:iam::aws:policy/";
    if (arn.rfind(kPrefix, 0) != 0 || arn.size() == kPrefix.size() || arn.find("${") != std::string::npos)
      return "";
    return arn;
  }

  // --- documents ------------------------------------------------------------------------------------

  struct Writer {
    std::string out;
    std::string unknown;  // why the document cannot be known (set once)
    std::string secret;   // a NoEcho value went into it
  };

  // Can an intrinsic that does not evaluate be kept as written (its value is only known at deployment)?
  // False when the document itself cannot be known (undecidable Fn::If, a Ref to an undeclared name).
  bool deploy_time(const yaml::Node* n, int depth = 0) {
    auto in = as_intrinsic(n);
    if (!in) {
      if (n->is_seq()) {
        for (const yaml::Node* i : n->items)
          if (!deploy_time(i, depth + 1)) return false;
      } else if (n->is_map()) {
        for (const yaml::Pair& kv : n->pairs)
          if (!deploy_time(kv.value, depth + 1)) return false;
      }
      return depth < 32;
    }
    if (in->name == "Fn::If" || in->name == "Condition") return false;
    if (in->name == "Ref") {
      if (!in->arg || !in->arg->is_scalar()) return false;
      std::string_view name = in->arg->value;
      return name.rfind("AWS::", 0) == 0 || is_resource(std::string(name)) ||
             (params_ && params_->find(name));
    }
    if (in->name == "Fn::Sub") {
      const yaml::Node* t = in->arg && in->arg->is_seq() && in->arg->items.size ? in->arg->items[0] : in->arg;
      if (!t || !t->is_scalar()) return false;
      std::string_view s = t->value;
      const yaml::Node* vars = in->arg->is_seq() && in->arg->items.size > 1 ? in->arg->items[1] : nullptr;
      for (size_t i = s.find("${"); i != std::string_view::npos; i = s.find("${", i + 2)) {
        size_t close = s.find('}', i);
        if (close == std::string_view::npos) return false;
        std::string_view name = s.substr(i + 2, close - i - 2);
        if (!name.empty() && name[0] == '!') continue;  // ${!Literal}
        std::string base(name.substr(0, name.find('.')));
        if (name.rfind("AWS::", 0) == 0 || is_resource(base) || (params_ && params_->find(name)) ||
            (vars && vars->is_map() && vars->find(name)))
          continue;
        return false;
      }
      return !vars || deploy_time(vars, depth + 1);
    }
    if (!in->arg) return false;
    if (!in->short_form) return deploy_time(in->arg, depth + 1);
    // A short tag's argument is the tagged node itself: look at its members.
    if (in->arg->is_seq()) {
      for (const yaml::Node* i : in->arg->items)
        if (!deploy_time(i, depth + 1)) return false;
    } else if (in->arg->is_map()) {
      for (const yaml::Pair& kv : in->arg->pairs)
        if (!deploy_time(kv.value, depth + 1)) return false;
    }
    return depth < 32;
  }

  // An intrinsic as CloudFormation's JSON form, its argument written literally.
  void literal(Writer& w, const yaml::Node* n, int depth = 0) {
    if (depth > 64) {
      w.out += "null";
      return;
    }
    if (auto in = as_intrinsic(n, true)) {
      w.out += '{';
      json_quote_to(w.out, in->name);
      w.out += ':';
      if (in->name == "Fn::GetAtt" && in->arg && in->arg->is_scalar()) {
        std::string_view s = in->arg->value;
        size_t dot = s.find('.');
        w.out += '[';
        json_quote_to(w.out, s.substr(0, dot));
        if (dot != std::string_view::npos) {
          w.out += ',';
          json_quote_to(w.out, s.substr(dot + 1));
        }
        w.out += ']';
      } else if (in->short_form && in->arg && in->arg->is_scalar()) {
        json_quote_to(w.out, in->arg->value);
      } else if (in->short_form && in->arg) {
        plain(w, in->arg, depth + 1);
      } else {
        literal(w, in->arg, depth + 1);
      }
      w.out += '}';
      return;
    }
    plain(w, n, depth);
  }

  // A node's data without evaluating anything (the argument of a kept intrinsic).
  void plain(Writer& w, const yaml::Node* n, int depth) {
    if (!n || n->is_null()) {
      w.out += "null";
    } else if (n->is_scalar()) {
      if (n->plain && json_literal(n->value))
        w.out += n->value;
      else
        json_quote_to(w.out, n->value);
    } else if (n->is_seq()) {
      w.out += '[';
      for (size_t i = 0; i < n->items.size; ++i) {
        if (i) w.out += ',';
        literal(w, n->items[i], depth + 1);
      }
      w.out += ']';
    } else if (n->is_map()) {
      w.out += '{';
      bool first = true;
      for (const yaml::Pair& kv : n->pairs) {
        if (!first) w.out += ',';
        first = false;
        json_quote_to(w.out, kv.key->is_scalar() ? kv.key->value : std::string_view());
        w.out += ':';
        literal(w, kv.value, depth + 1);
      }
      w.out += '}';
    }
  }

  // A node as CloudFormation sends it: intrinsics resolved, AWS::NoValue dropped.
  void node(Writer& w, const yaml::Node* n, int depth = 0) {
    if (!w.unknown.empty()) return;
    if (depth > 64) {
      w.unknown = "the policy document nests too deeply";
      return;
    }
    if (as_intrinsic(n)) {
      Value v = ev_.eval(n);
      if (v.is_unknown()) {
        if (deploy_time(n))
          literal(w, n, depth);
        else
          w.unknown = v.text;
        return;
      }
      value(w, v, depth);
      return;
    }
    if (n->is_map()) {
      w.out += '{';
      bool first = true;
      for (const yaml::Pair& kv : n->pairs) {
        if (as_intrinsic(kv.value) && ev_.eval(kv.value).is_no_value()) continue;
        if (!first) w.out += ',';
        first = false;
        json_quote_to(w.out, kv.key->is_scalar() ? kv.key->value : std::string_view());
        w.out += ':';
        node(w, kv.value, depth + 1);
      }
      w.out += '}';
    } else if (n->is_seq()) {
      w.out += '[';
      bool first = true;
      for (const yaml::Node* i : n->items) {
        if (as_intrinsic(i) && ev_.eval(i).is_no_value()) continue;
        if (!first) w.out += ',';
        first = false;
        node(w, i, depth + 1);
      }
      w.out += ']';
    } else {
      plain(w, n, depth);
    }
  }

  void value(Writer& w, const Value& v, int depth) {
    if (!v.secret.empty() && w.secret.empty()) w.secret = v.secret;
    switch (v.kind) {
      case Value::Kind::Null:
      case Value::Kind::NoValue:
        w.out += "null";
        return;
      case Value::Kind::Unknown:
        w.unknown = v.text;
        return;
      case Value::Kind::Scalar:
        if (v.plain && json_literal(v.text))
          w.out += v.text;
        else
          json_quote_to(w.out, v.text);
        return;
      case Value::Kind::List: {
        w.out += '[';
        bool first = true;
        for (const Value& i : v.items) {
          if (i.is_no_value()) continue;
          if (!first) w.out += ',';
          first = false;
          value(w, i, depth + 1);
        }
        w.out += ']';
        return;
      }
      case Value::Kind::Map:
        node(w, v.map, depth + 1);
        return;
    }
  }

  PolicyDocument document(std::string name, const yaml::Node* n) {
    PolicyDocument d;
    d.name = std::move(name);
    d.where = loc(c_.file, n);
    d.json.where = d.where;
    if (!n) {
      d.json.origin = Origin::Unknown;
      d.json.unknown_reason = "no PolicyDocument";
      return d;
    }
    Value v = ev_.eval(n);
    if (v.is_scalar()) {  // a string document, kept as written
      d.json.origin = Origin::Explicit;
      d.json.value = v.text;
      if (!v.secret.empty()) {
        d.json.raw = v.secret;
        d.json.raw_is_label = true;
      }
      cs::sources::read_policy_statements(d);
      return d;
    }
    Writer w;
    if (v.is_unknown() && !deploy_time(n))
      w.unknown = v.text;
    else
      node(w, n);
    if (!w.unknown.empty()) {
      d.json.origin = Origin::Unknown;
      d.json.unknown_reason = w.unknown;
      return d;
    }
    d.json.origin = Origin::Explicit;
    d.json.value = std::move(w.out);
    if (!w.secret.empty()) {
      d.json.raw = w.secret;
      d.json.raw_is_label = true;
    }
    cs::sources::read_policy_statements(d);
    return d;
  }

  std::string scalar(const yaml::Node* n) {
    if (!n) return "";
    Value v = ev_.eval(n);
    return v.is_scalar() && v.secret.empty() ? v.text : "";
  }

  // --- resources ------------------------------------------------------------------------------------

  void role(const yaml::Pair& p, const std::string& note) {
    Role r;
    base(r, p, "cloudformation", note);
    const yaml::Node* pr = props(p);
    if (!pr) {
      model_.iam_roles.push_back(std::move(r));
      return;
    }
    r.name = scalar(pr->find("RoleName"));
    if (const yaml::Node* pol = pr->find("Policies")) {
      Value v = ev_.eval(pol);
      if (v.kind == Value::Kind::List) {
        for (const Value& item : v.items) {
          if (item.is_no_value()) continue;
          if (item.kind != Value::Kind::Map) {
            add_unknown(
                r, "a Policies entry cannot be known: " + (item.is_unknown() ? item.text : item.render()));
            continue;
          }
          r.inline_policies.push_back(
              document(scalar(item.map->find("PolicyName")), item.map->find("PolicyDocument")));
        }
      } else if (!v.is_no_value()) {
        add_unknown(r, "Policies cannot be known: " + (v.is_unknown() ? v.text : v.render()));
      }
    }
    if (const yaml::Node* m = pr->find("ManagedPolicyArns")) managed_arns(r, m);
    if (const yaml::Node* b = pr->find("PermissionsBoundary")) {
      std::string why;
      r.permissions_boundary = reference(b, &why);
      if (r.permissions_boundary.empty() && !why.empty()) add_note(r.note, "PermissionsBoundary: " + why);
    }
    model_.iam_roles.push_back(std::move(r));
  }

  static void add_unknown(Role& r, const std::string& why) {
    if (!r.policies_unknown.empty()) r.policies_unknown += "; ";
    r.policies_unknown += why;
  }

  void managed_arns(Role& r, const yaml::Node* m) {
    auto add = [&](const yaml::Node* item) {
      if (as_intrinsic(item) && ev_.eval(item).is_no_value()) return;
      std::string why;
      Ref ref = reference(item, &why);
      if (ref.empty()) ref.arn = aws_managed_any_partition(item);
      if (ref.empty())
        add_unknown(r, "a ManagedPolicyArns entry cannot be known: " + why);
      else
        r.managed_policies.push_back(std::move(ref));
    };
    if (m->is_seq() && !as_intrinsic(m)) {
      for (const yaml::Node* item : m->items) add(item);
      return;
    }
    Value v = ev_.eval(m);
    if (v.kind == Value::Kind::List) {
      for (const Value& item : v.items) {
        if (item.is_no_value()) continue;
        if (item.is_scalar() && item.secret.empty())
          r.managed_policies.push_back(Ref{"", item.text});
        else
          add_unknown(r, "a ManagedPolicyArns entry cannot be known: " +
                             (item.is_unknown() ? item.text : item.render()));
      }
    } else if (!v.is_no_value()) {
      add_unknown(r, "ManagedPolicyArns cannot be known: " + (v.is_unknown() ? v.text : v.render()));
    }
  }

  // The roles a policy names: Roles (a list) or RoleName.
  std::vector<Ref> roles_of(const yaml::Node* n, std::string* why) {
    std::vector<Ref> out;
    if (!n) return out;
    auto one = [&](const yaml::Node* item) {
      if (as_intrinsic(item) && ev_.eval(item).is_no_value()) return;
      std::string w;
      Ref r = reference(item, &w);
      if (r.empty())
        add_note(*why, "a role cannot be known: " + w);
      else
        out.push_back(std::move(r));
    };
    if (n->is_seq() && !as_intrinsic(n)) {
      for (const yaml::Node* i : n->items) one(i);
    } else if (n->is_scalar() || as_intrinsic(n)) {
      Value v = ev_.eval(n);
      if (v.kind == Value::Kind::List) {
        for (const Value& i : v.items)
          if (i.is_scalar() && i.secret.empty())
            out.push_back(Ref{"", i.text});
          else if (!i.is_no_value())
            add_note(*why, "a role cannot be known: " + (i.is_unknown() ? i.text : i.render()));
      } else {
        one(n);
      }
    }
    return out;
  }

  void role_policy(const yaml::Pair& p, bool many, const std::string& note) {
    const yaml::Node* pr = props(p);
    if (!pr) return;
    std::string why;
    std::vector<Ref> roles = roles_of(pr->find(many ? "Roles" : "RoleName"), &why);
    PolicyDocument doc = document(scalar(pr->find("PolicyName")), pr->find("PolicyDocument"));
    for (Ref& role : roles) {
      RolePolicy rp;
      base(rp, p, "cloudformation", note);
      add_note(rp.note, why);
      rp.role = std::move(role);
      rp.document = doc;
      model_.iam_role_policies.push_back(std::move(rp));
    }
  }

  void managed_policy(const yaml::Pair& p, const std::string& note) {
    ManagedPolicy mp;
    base(mp, p, "cloudformation", note);
    const yaml::Node* pr = props(p);
    if (pr) {
      mp.name = scalar(pr->find("ManagedPolicyName"));
      mp.document = document(mp.address, pr->find("PolicyDocument"));
    }
    std::string why;
    std::vector<Ref> roles = pr ? roles_of(pr->find("Roles"), &why) : std::vector<Ref>{};
    for (Ref& role : roles) {
      RolePolicyAttachment a;
      base(a, p, "cloudformation", note);
      add_note(a.note, why);
      a.role = std::move(role);
      a.policy.address = mp.address;
      model_.iam_role_policy_attachments.push_back(std::move(a));
    }
    add_note(mp.note, why);
    model_.iam_managed_policies.push_back(std::move(mp));
  }

  // --- SAM ------------------------------------------------------------------------------------------

  std::string aws_managed(std::string_view name) const {
    return "arn:" + partition_ + ":iam::aws:policy/" + std::string(name);
  }

  const yaml::Node* sam_prop(const yaml::Node* pr, std::string_view key, bool global) {
    if (pr)
      if (const yaml::Node* n = pr->find(key)) return n;
    return global && globals_fn_ ? globals_fn_->find(key) : nullptr;
  }

  void add_managed(Role& r, std::string arn) {
    for (const Ref& m : r.managed_policies)
      if (m.arn == arn) return;
    r.managed_policies.push_back(Ref{"", std::move(arn)});
  }

  void unknown_policy(Role& r, std::string name, const yaml::Node* at, std::string why) {
    PolicyDocument d;
    d.name = std::move(name);
    d.where = loc(c_.file, at);
    d.json.where = d.where;
    d.json.origin = Origin::Unknown;
    d.json.unknown_reason = std::move(why);
    r.inline_policies.push_back(std::move(d));
  }

  void sam_role(const yaml::Pair& p, const std::string& note) {
    const yaml::Node* pr = props(p);
    if (pr && pr->find("Role"))
      return;  // the function names its role (even as AWS::NoValue: SAM passes it on)
    Role r;
    r.address = std::string(p.key->value) + "Role";
    r.type = "AWS::IAM::Role";
    r.kind = kind("sam");
    r.declared = loc(c_.file, p.key);
    r.note = "the execution role SAM generates for " + std::string(p.key->value);
    add_note(r.note, note);
    std::string id = r.address;
    // Inline policies SAM puts first (dead-letter queue, event invoke destinations).
    if (const yaml::Node* dlq = sam_prop(pr, "DeadLetterQueue", true))
      unknown_policy(r, "", dlq, "the dead-letter queue policy SAM adds is not modelled");
    if (const yaml::Node* eic = sam_prop(pr, "EventInvokeConfig", true))
      unknown_policy(r, "", eic, "the event invoke destination policies SAM adds are not modelled");
    add_managed(r, aws_managed(sam_prop(pr, "DurableConfig", true)
                                   ? "service-role/AWSLambdaBasicDurableExecutionRolePolicy"
                                   : "service-role/AWSLambdaBasicExecutionRole"));
    if (const yaml::Node* t = sam_prop(pr, "Tracing", true); t && truthy(t)) {
      Value v = ev_.eval(t);
      bool disabled = as_intrinsic(t)
                          ? (as_intrinsic(t)->name == "Ref" && v.is_scalar() && v.text == "Disabled")
                          : (t->is_scalar() && t->value == "Disabled");
      if (!disabled)
        add_managed(r,
                    aws_managed(partition_ == "aws" ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess"));
    }
    if (sam_prop(pr, "VpcConfig", true))
      add_managed(r, aws_managed("service-role/AWSLambdaVPCAccessExecutionRole"));
    if (const yaml::Node* pol = pr ? pr->find("Policies") : nullptr) {
      std::vector<const yaml::Node*> entries;
      if (pol->is_seq() && !as_intrinsic(pol))
        for (const yaml::Node* i : pol->items) entries.push_back(i);
      else
        entries.push_back(pol);
      // A single mapping with Statement is one document; a list is entries.
      for (size_t i = 0; i < entries.size(); ++i)
        sam_policy(r, id + "Policy" + std::to_string(i), entries[i]);
    }
    sam_event_policies(r, pr);
    if (const yaml::Node* b = sam_prop(pr, "PermissionsBoundary", true)) {
      std::string why;
      r.permissions_boundary = reference(b, &why);
      if (r.permissions_boundary.empty() && !why.empty()) add_note(r.note, "PermissionsBoundary: " + why);
    }
    model_.iam_roles.push_back(std::move(r));
  }

  // The translator's truthiness of a written value (a mapping, a non-empty string).
  static bool truthy(const yaml::Node* n) {
    if (n->is_null()) return false;
    if (n->is_scalar()) return !n->value.empty();
    return true;
  }

  void sam_policy(Role& r, const std::string& name, const yaml::Node* e) {
    if (e->is_scalar() || (as_intrinsic(e) && as_intrinsic(e)->name != "Fn::If")) {
      // A managed policy: an ARN, a name, or an intrinsic that gives one.
      Value v = ev_.eval(e);
      if (!v.is_scalar() || !v.secret.empty()) {
        std::string id = referenced_id(e);
        if (!id.empty() && is_resource(id)) {
          r.managed_policies.push_back(Ref{id, ""});
          return;
        }
        if (std::string arn = aws_managed_any_partition(e); !arn.empty()) {
          add_managed(r, arn);
          return;
        }
        add_unknown(r, "a Policies entry cannot be known: " + (v.is_unknown() ? v.text : v.render()));
        return;
      }
      add_managed(r, v.text.rfind("arn:", 0) == 0 ? v.text : aws_managed(v.text));
      return;
    }
    if (e->is_map() && !as_intrinsic(e)) {
      if (e->find("Statement")) {
        r.inline_policies.push_back(document(name, e));
        return;
      }
      if (e->pairs.size == 1 && e->pairs[0].key->is_scalar()) {
        unknown_policy(r, name, e,
                       "SAM policy template " + std::string(e->pairs[0].key->value) + " is not expanded");
        // Every SAM policy template holds only Allow statements (samtranslator's policy_templates.json:
        // 81 templates, no Deny): it may grant, never take away.
        r.inline_policies.back().allow_only = true;
        return;
      }
    }
    add_unknown(r, "a Policies entry SAM reads cannot be modelled (" +
                       std::string(as_intrinsic(e) ? "Fn::If" : "not a policy") + ")");
  }

  void sam_event_policies(Role& r, const yaml::Node* pr) {
    const yaml::Node* events = pr ? util::as_map(ev_, pr->find("Events")) : nullptr;
    if (!events) return;
    for (const yaml::Pair& e : events->pairs) {
      if (!e.value->is_map()) continue;
      const yaml::Node* t = e.value->find("Type");
      if (!t || !t->is_scalar()) continue;
      std::string_view type = t->value;
      if (type == "Kinesis")
        add_managed(r, aws_managed("service-role/AWSLambdaKinesisExecutionRole"));
      else if (type == "DynamoDB")
        add_managed(r, aws_managed("service-role/AWSLambdaDynamoDBExecutionRole"));
      else if (type == "SQS")
        add_managed(r, aws_managed("service-role/AWSLambdaSQSQueueExecutionRole"));
      else if (type == "MSK")
        add_managed(r, aws_managed("service-role/AWSLambdaMSKExecutionRole"));
      else if (type == "MQ" || type == "SelfManagedKafka" || type == "DocumentDB")
        unknown_policy(r, "", e.key,
                       "the policy SAM adds for the " + std::string(type) + " event " +
                           std::string(e.key->value) + " is not modelled");
    }
  }

  const TemplateContext& c_;
  model::Model& model_;
  Evaluator& ev_;
  const yaml::Node* globals_fn_ = nullptr;
  const yaml::Node* params_ = nullptr;
  std::string partition_ = "aws";
};

}  // namespace

void map_iam(const TemplateContext& ctx, const Resources& resources, model::Model& model) {
  Mapper(ctx, model).run(resources);
}

}  // namespace cs::cfn::aws
