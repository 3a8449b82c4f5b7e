#include "model/aws/iam.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

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

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  auto eq = [&](char a, char b) {
    if (!ignore_case) return a == b;
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  // Greedy with backtracking to the last `*`: linear in practice, O(n*m) at worst, no recursion.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && eq(pattern[p], text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

enum class Applies { kNo, kYes, kMaybe };

// Whether a list of patterns (Action or Resource) covers `value`: kYes when a pattern matches, kMaybe
// when none does but an element could not be read, kNo otherwise. A Not* list inverts the answer.
Applies covers(const std::vector<std::string>& patterns, bool unknown, bool negated, std::string_view value,
               bool ignore_case) {
  bool hit = std::any_of(patterns.begin(), patterns.end(),
                         [&](const std::string& pat) { return wildcard_match(pat, value, ignore_case); });
  if (!negated) return hit ? Applies::kYes : unknown ? Applies::kMaybe : Applies::kNo;
  if (hit) return Applies::kNo;
  return unknown ? Applies::kMaybe : Applies::kYes;
}

std::string describe(const PolicyDocument& doc, const Statement& st, size_t index) {
  std::string out = doc.name.empty() ? std::string("a policy") : "policy " + doc.name;
  out += st.sid.empty() ? ", statement " + std::to_string(index + 1) : ", statement \"" + st.sid + "\"";
  return out;
}

struct Tally {
  bool allowed = false;  // an Allow applies for certain
  std::string denied;    // an unconditional Deny applies (which)
  std::string maybe_allow, maybe_deny;
  std::string unknown;        // a document that cannot be read (may allow or deny)
  std::string unknown_allow;  // one that cannot be read but holds only Allow statements
};

void tally(const PolicyDocument& doc, std::string_view action, std::string_view resource, Tally& t) {
  if (doc.json.origin == Origin::Unknown) {
    std::string& into = doc.allow_only ? t.unknown_allow : t.unknown;
    if (into.empty())
      into = (doc.name.empty() ? std::string("a policy") : "policy " + doc.name) +
             " cannot be known before deployment" +
             (doc.json.unknown_reason.empty() ? "" : ": " + doc.json.unknown_reason);
    return;
  }
  if (!doc.invalid.empty()) {
    if (t.unknown.empty())
      t.unknown = (doc.name.empty() ? std::string("a policy") : "policy " + doc.name) +
                  " is not a valid policy document: " + doc.invalid;
    return;
  }
  for (size_t i = 0; i < doc.statements.size(); ++i) {
    const Statement& st = doc.statements[i];
    Applies a = covers(st.actions, st.actions_unknown, st.not_action, action, /*ignore_case=*/true);
    if (a == Applies::kNo) continue;
    Applies r = covers(st.resources, st.resources_unknown, st.not_resource, resource, /*ignore_case=*/false);
    if (r == Applies::kNo) continue;
    bool certain = a == Applies::kYes && r == Applies::kYes && !st.has_condition;
    std::string why =
        describe(doc, st, i) + (st.has_condition       ? " has a Condition"
                                : a == Applies::kMaybe ? " names an action not known before deployment"
                                                       : " names a resource not known before deployment");
    if (st.deny) {
      if (certain) {
        if (t.denied.empty()) t.denied = describe(doc, st, i) + " denies " + std::string(action);
      } else if (t.maybe_deny.empty()) {
        t.maybe_deny = why + " and may deny " + std::string(action);
      }
    } else {
      if (certain)
        t.allowed = true;
      else if (t.maybe_allow.empty())
        t.maybe_allow = why + " and may allow " + std::string(action);
    }
  }
}

AccessResult decide(const Tally& t) {
  if (!t.denied.empty()) return {Access::kDenied, t.denied};
  if (t.allowed) {
    if (!t.unknown.empty()) return {Access::kUnknown, t.unknown};  // an unreadable document may deny
    if (!t.maybe_deny.empty()) return {Access::kMaybe, t.maybe_deny};
    return {Access::kAllowed, ""};
  }
  // Nothing allows for certain: a Deny, conditional or not, changes nothing.
  if (!t.unknown.empty()) return {Access::kUnknown, t.unknown};
  if (!t.unknown_allow.empty()) return {Access::kUnknown, t.unknown_allow};
  if (!t.maybe_allow.empty()) return {Access::kMaybe, t.maybe_allow};
  return {Access::kNotAllowed, ""};
}

}  // namespace

AccessResult evaluate_access(const std::vector<const PolicyDocument*>& identity,
                             const PolicyDocument* boundary, std::string_view action,
                             std::string_view resource) {
  Tally t;
  for (const PolicyDocument* d : identity)
    if (d) tally(*d, action, resource, t);
  AccessResult id = decide(t);
  if (!boundary || id.access == Access::kDenied || id.access == Access::kNotAllowed) return id;
  Tally b;
  tally(*boundary, action, resource, b);
  AccessResult bound = decide(b);
  switch (bound.access) {
    case Access::kAllowed:
      return id;
    case Access::kNotAllowed:
      return {Access::kNotAllowed,
              "the permissions boundary " + boundary->name + " does not allow " + std::string(action)};
    case Access::kDenied:
      return {Access::kDenied, "the permissions boundary: " + bound.detail};
    case Access::kMaybe:
    case Access::kUnknown:
      if (id.access == Access::kUnknown) return id;
      return {bound.access, "the permissions boundary: " + bound.detail};
  }
  return id;
}

namespace {

Statement allow(std::initializer_list<const char*> actions,
                std::initializer_list<const char*> resources = {"*"}, bool not_action = false) {
  Statement s;
  for (const char* a : actions) s.actions.emplace_back(a);
  for (const char* r : resources) s.resources.emplace_back(r);
  s.not_action = not_action;
  return s;
}

PolicyDocument managed(const char* name, std::vector<Statement> statements) {
  PolicyDocument d;
  d.name = name;
  d.json.origin = Origin::Explicit;
  d.statements = std::move(statements);
  d.parsed = true;
  return d;
}

// AWS managed policies by name (the ARN's last path element), with their documents as AWS publishes them
// (IAM's "AWS managed policy reference"). Sorted by name.
const std::vector<PolicyDocument>& managed_table() {
  static const std::vector<PolicyDocument> table = [] {
    const auto logs = {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"};
    std::vector<PolicyDocument> v;
    v.push_back(managed("AWSLambdaBasicExecutionRole", {allow(logs)}));
    v.push_back(managed("AWSLambdaDynamoDBExecutionRole",
                        {allow({"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                "dynamodb:ListStreams", "logs:CreateLogGroup", "logs:CreateLogStream",
                                "logs:PutLogEvents"})}));
    v.push_back(managed("AWSLambdaExecute", {allow({"logs:*"}, {"arn:aws:logs:*:*:*"}),
                                             allow({"s3:GetObject", "s3:PutObject"}, {"arn:aws:s3:::*"})}));
    v.push_back(managed("AWSLambdaKinesisExecutionRole",
                        {allow({"kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
                                "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards",
                                "kinesis:ListStreams", "kinesis:SubscribeToShard", "logs:CreateLogGroup",
                                "logs:CreateLogStream", "logs:PutLogEvents"})}));
    v.push_back(managed("AWSLambdaSQSQueueExecutionRole",
                        {allow({"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"})}));
    v.push_back(managed("AWSLambdaVPCAccessExecutionRole",
                        {allow({"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"})}));
    v.push_back(managed("AWSXRayDaemonWriteAccess",
                        {allow({"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                                "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"})}));
    v.push_back(managed("AWSXrayFullAccess", {allow({"xray:*"})}));
    v.push_back(managed("AWSXrayWriteOnlyAccess",
                        {allow({"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                                "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"})}));
    v.push_back(managed("AdministratorAccess", {allow({"*"})}));
    v.push_back(managed("PowerUserAccess",
                        {allow({"iam:*", "organizations:*", "account:*"}, {"*"}, /*not_action=*/true),
                         allow({"iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                                "organizations:DescribeOrganization", "account:ListRegions",
                                "account:GetAccountInformation"})}));
    return v;
  }();
  return table;
}

}  // namespace

bool is_aws_managed_policy_arn(std::string_view arn) {
  if (arn.rfind("arn:", 0) != 0) return false;
  // After the partition: "aws", "aws-cn", "aws-us-gov", ... or "${AWS::Partition}" as templates write it.
  constexpr std::string_view kPseudo = "${AWS::Partition}";
  size_t colon = arn.substr(4).rfind(kPseudo, 0) == 0 ? 4 + kPseudo.size() : arn.find(':', 4);
  if (colon == std::string_view::npos) return false;
  return arn.substr(colon).rfind(":iam::aws:policy/", 0) == 0;
}

const PolicyDocument* aws_managed_policy(std::string_view arn) {
  if (!is_aws_managed_policy_arn(arn)) return nullptr;
  std::string_view name = arn.substr(arn.rfind('/') + 1);
  for (const PolicyDocument& d : managed_table())
    if (d.name == name) return &d;
  return nullptr;
}

const PolicyDocument* Role::declared_document(const Ref& ref) const {
  const std::string& key = !ref.address.empty() ? ref.address : ref.arn;
  for (const PolicyDocument& d : declared_documents)
    if (d.name == key) return &d;
  return nullptr;
}

void resolve_managed_policies(std::vector<Role>& roles, const std::vector<ManagedPolicy>& policies) {
  if (policies.empty()) return;
  for (Role& role : roles) {
    auto add = [&](const Ref& ref) {
      if (ref.empty() || role.declared_document(ref)) return;
      if (const ManagedPolicy* p = find_managed_policy(policies, ref)) {
        PolicyDocument d = p->document;
        d.name = !ref.address.empty() ? ref.address : ref.arn;
        role.declared_documents.push_back(std::move(d));
      }
    };
    for (const Ref& ref : role.managed_policies) add(ref);
    add(role.permissions_boundary);
  }
}

const Role* find_role(const std::vector<Role>& roles, const Ref& ref) {
  for (const Role& r : roles)
    if (names(ref, r)) return &r;
  return nullptr;
}

const ManagedPolicy* find_managed_policy(const std::vector<ManagedPolicy>& policies, const Ref& ref) {
  for (const ManagedPolicy& p : policies)
    if ((!ref.address.empty() && ref.address == p.address) ||
        (!ref.arn.empty() && !p.arn.empty() && ref.arn == p.arn))
      return &p;
  return nullptr;
}

}  // namespace cs::model::aws::iam
