// The execution role of a Serverless Framework v3 service, as `serverless package` generates it
// (lib/plugins/aws/package/lib/merge-iam-templates.js, compile/functions.js; checked with `serverless
// package` 3.x output, see iam_test.cpp):
//
// - No role when the service has no function, provider.iam.role names an existing role (a string, or an
//   object with a "Fn::..."-style key), provider has a `role` key, or every function has its own `role`.
// - IamRoleLambdaExecution: RoleName provider.iam.role.name, else "<service>-<stage>-<region>-lambdaRole";
//   one inline policy "<service>-<stage>-lambda" whose statements are: logs:CreateLogStream /
//   CreateLogGroup / TagResource and logs:PutLogEvents on the functions' log groups (a function named
//   outside "<service>-<stage>" gets its own entries, in order, before the shared "<service>-<stage>*"
//   entries; canonically named functions with disableLogs get a Deny on PutLogEvents), then
//   provider.iam.role.statements (else provider.iamRoleStatements), then — when any function's tracing
//   is on (functions.<name>.tracing || provider.tracing.lambda) — {"Effect": "Allow", "Action":
//   ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": ["*"]}, merged with _.unionWith
//   (identical statements appear once). Log resources are the Framework's Fn::Sub strings, as packaged.
// - ManagedPolicyArns: provider.iam.role.managedPolicies (else provider.iamManagedPolicies), then
//   arn:<partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole when provider.vpc or a
//   function's vpc is set. PermissionsBoundary: provider.iam.role.permissionsBoundary, else
//   permissionBoundary, else provider.rolePermissionsBoundary.
// - Events sqs, stream, msk, kafka, activemq, rabbitmq, websocket, cloudFront and schedule (method
//   scheduler) add statements of their own to the policy: recorded as a second document, Unknown.
// - resources.Resources (AWS::IAM::Role and others) is read as CloudFormation (resources.cpp).
// - IamRoleCustomResourcesLambdaExecution (custom-resources/index.js): the role of the Framework's own
//   functions, unless provider.iam.deploymentRole (else provider.cfnRole) is their role. No RoleName;
//   one inline policy "<stage>-<service>-custom-resources-lambda": the two log statements on
//   "/aws/lambda/<service>-<stage>*" when provider.logs.frameworkLambda, then each custom resource's in
//   the order the event plugins run (s3, API Gateway / websockets, cognitoUserPool, eventBridge).
#include "sources/serverless/aws/iam.h"
#include "base/json_writer.h"
#include "sources/common/iam_policy.h"

#include <algorithm>

namespace cs::sls::aws {

namespace {

using model::Origin;
using model::aws::iam::PolicyDocument;
using model::aws::iam::Role;
using model::aws::lambda::TracingMode;

struct Writer {
  Resolver& r;
  bool coercion;  // ajv's coerceTypes "array" (configValidationMode is not off)
  std::string unknown;
  std::string secret;

  // A statement of provider.iam.role.statements: the schema types Action / NotAction and a Principal's
  // Federated / Service / CanonicalUser as arrays of strings, so ajv wraps a lone string in a list.
  std::string statement(const Value& s) {
    if (!s.is_map() || !coercion) return json(s);
    std::string out = "{";
    bool first = true;
    for (const Member& m : r.members(s)) {
      if (!first) out += ',';
      first = false;
      json_quote_to(out, m.key->value);
      out += ':';
      Value v = r.resolve(*m.doc, m.value);
      std::string_view k = m.key->value;
      if ((k == "Action" || k == "NotAction") && v.is_string()) {
        out += '[';
        write(out, v, 1);
        out += ']';
      } else if ((k == "Principal" || k == "NotPrincipal") && v.is_map()) {
        out += '{';
        bool f2 = true;
        for (const Member& pm : r.members(v)) {
          if (!f2) out += ',';
          f2 = false;
          json_quote_to(out, pm.key->value);
          out += ':';
          Value pv = r.resolve(*pm.doc, pm.value);
          std::string_view pk = pm.key->value;
          bool wrap = pv.is_string() && (pk == "Federated" || pk == "Service" || pk == "CanonicalUser");
          if (wrap) out += '[';
          write(out, pv, 2);
          if (wrap) out += ']';
        }
        out += '}';
      } else {
        write(out, v, 1);
      }
    }
    return out + "}";
  }

  // A resolved value as JSON (what the Framework writes into the template).
  std::string json(const Value& v, int depth = 0) {
    std::string out;
    write(out, v, depth);
    return out;
  }

  void write(std::string& out, const Value& v, int depth) {
    if (!v.secret.empty() && secret.empty()) secret = v.secret;
    if (depth > 64) {
      if (unknown.empty()) unknown = "a statement nests too deeply";
      return;
    }
    switch (v.kind) {
      case Value::Kind::Null:
        out += "null";
        return;
      case Value::Kind::Bool:
        out += v.boolean ? "true" : "false";
        return;
      case Value::Kind::Number:
        out += v.text;
        return;
      case Value::Kind::String:
        json_quote_to(out, v.text);
        return;
      case Value::Kind::Unknown:
        if (unknown.empty()) unknown = v.text;
        return;
      case Value::Kind::Seq: {
        out += '[';
        bool first = true;
        for (const Value& i : r.items(v)) {
          if (!first) out += ',';
          first = false;
          write(out, i, depth + 1);
        }
        out += ']';
        return;
      }
      case Value::Kind::Map: {
        out += '{';
        bool first = true;
        for (const Member& m : r.members(v)) {
          if (!first) out += ',';
          first = false;
          json_quote_to(out, m.key->value);
          out += ':';
          write(out, r.resolve(*m.doc, m.value), depth + 1);
        }
        out += '}';
        return;
      }
    }
  }
};

bool truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null:
      return false;
    case Value::Kind::Bool:
      return v.boolean;
    case Value::Kind::String:
      return !v.text.empty();
    case Value::Kind::Number:
      return std::strtod(v.text.c_str(), nullptr) != 0.0;
    default:
      return true;
  }
}

bool has_key(Resolver& r, const Value& map, std::string_view key) {
  if (!map.is_map()) return false;
  Member m;
  r.member(map, key, &m);
  return m.key != nullptr;
}

std::string partition_of(const std::string& region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

std::string log_sub(const std::string& log_group, const char* suffix) {
  std::string out;
  json_quote_to(
      out, "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + log_group + suffix);
  return "{\"Fn::Sub\":" + out + "}";
}

std::string join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

}  // namespace

void map_iam(const ServiceContext& c, model::Model& model) {
  Resolver& r = c.r;
  Functions fns = read_functions(c, nullptr);
  if (fns.entries.empty())
    return;  // no function, no role (unreadable functions are reported by the lambda mapper)
  Member iam_where;
  Value iam = r.member(c.provider, "iam", &iam_where);
  Member role_where;
  Value irole = r.member(iam, "role", &role_where);
  if (existing_role(r, irole) || has_key(r, c.provider, "role")) return;
  std::vector<Value> bodies;
  bool all_own = fns.unknown.empty();
  for (const FunctionEntry& e : fns.entries) {
    bodies.push_back(r.resolve(*e.where.doc, e.where.value));
    if (!has_key(r, bodies.back(), "role")) all_own = false;
  }
  if (all_own) return;

  Role role;
  role.address = "IamRoleLambdaExecution";
  role.type = "AWS::IAM::Role";
  role.kind = "serverless";
  role.declared = member_location(role_where.key ? role_where : fns.entries[0].where, false);
  role.note = "the execution role the Serverless Framework generates";
  if (!fns.unknown.empty()) role.policies_unknown = "some functions cannot be read: " + fns.unknown;

  std::string service = r.member(c.root, "service").scalar_text();
  Value stage_v = r.stage();
  Value region_v = r.region();
  std::string stage = stage_v.is_unknown() ? "" : stage_v.scalar_text();
  std::string region = region_v.is_unknown() ? "" : region_v.scalar_text();
  if (Value n = r.member(irole, "name"); n.is_string() && n.secret.empty())
    role.name = n.text;
  else if (!service.empty() && !stage.empty() && !region.empty())
    role.name = service + "-" + stage + "-" + region + "-lambdaRole";

  // The inline policy.
  Writer w{r, r.member(c.root, "configValidationMode").scalar_text() != "off", "", ""};
  std::string prefix = service + "-" + stage;
  std::vector<std::string> create, put, deny;
  bool canonical = false;
  bool traced = false;
  std::string tracing_unknown;
  // The lambda mapper ran just before: the last functions of the model are this service's, in order.
  size_t first = model.lambda_functions.size() >= fns.entries.size()
                     ? model.lambda_functions.size() - fns.entries.size()
                     : model.lambda_functions.size();
  std::vector<std::string> extra_events;
  bool vpc = truthy(r.member(c.provider, "vpc"));
  for (size_t i = 0; i < fns.entries.size(); ++i) {
    const FunctionEntry& e = fns.entries[i];
    const Value& body = bodies[i];
    if (body.is_unknown()) {
      if (w.unknown.empty())
        w.unknown = "the definition of function " + e.name + " cannot be read: " + body.text;
      continue;
    }
    Value name_v = r.member(body, "name");
    if (name_v.is_unknown() && w.unknown.empty())
      w.unknown = "the name of function " + e.name + " cannot be known: " + name_v.text;
    std::string name = name_v.is_string() && !name_v.text.empty() ? name_v.text : prefix + "-" + e.name;
    bool no_logs = truthy(r.member(body, "disableLogs"));
    if (name.rfind(prefix, 0) == 0) {
      if (no_logs)
        deny.push_back(log_sub("/aws/lambda/" + name, ":*"));
      else
        canonical = true;
    } else if (!no_logs) {
      create.push_back(log_sub("/aws/lambda/" + name, ":*"));
      put.push_back(log_sub("/aws/lambda/" + name, ":*:*"));
    }
    if (has_key(r, body, "vpc")) vpc = true;
    size_t k = first + i;
    if (k < model.lambda_functions.size() && model.lambda_functions[k].address == "functions." + e.name) {
      const auto& t = model.lambda_functions[k].tracing;
      if (t.value == TracingMode::Unknown)
        tracing_unknown = t.unknown_reason;
      else if (t.value != TracingMode::Absent)
        traced = true;
    } else {
      tracing_unknown = "the tracing of function " + e.name + " is not known";
    }
    for (const Value& ev : r.items(r.member(body, "events"))) {
      if (!ev.is_map()) continue;
      for (const Member& m : r.members(ev)) {
        std::string_view k2 = m.key->value;
        bool adds = k2 == "sqs" || k2 == "stream" || k2 == "msk" || k2 == "kafka" || k2 == "activemq" ||
                    k2 == "rabbitmq" || k2 == "websocket" || k2 == "cloudFront";
        if (k2 == "schedule") {
          Value s = r.resolve(*m.doc, m.value);
          adds = s.is_map() && r.member(s, "method").scalar_text() == "scheduler";
        }
        if (adds && std::find(extra_events.begin(), extra_events.end(), k2) == extra_events.end())
          extra_events.emplace_back(k2);
      }
    }
  }
  if (canonical) {
    create.push_back(log_sub("/aws/lambda/" + prefix, "*:*"));
    put.push_back(log_sub("/aws/lambda/" + prefix, "*:*:*"));
  }
  std::vector<std::string> statements;
  statements.push_back(
      "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:CreateLogGroup\",\"logs:"
      "TagResource\"],"
      "\"Resource\":" +
      join(create) + "}");
  statements.push_back("{\"Effect\":\"Allow\",\"Action\":[\"logs:PutLogEvents\"],\"Resource\":" + join(put) +
                       "}");
  if (canonical && !deny.empty())
    statements.push_back("{\"Effect\":\"Deny\",\"Action\":\"logs:PutLogEvents\",\"Resource\":" + join(deny) +
                         "}");
  Value own = r.member(irole, "statements");
  if (!truthy(own)) own = r.member(c.provider, "iamRoleStatements");
  if (own.is_seq()) {
    for (const Value& s : r.items(own)) statements.push_back(w.statement(s));
  } else if (own.is_unknown()) {
    if (w.unknown.empty()) w.unknown = own.text;
  }
  if (traced) {
    // _.unionWith(statements, [xray], _.isEqual): duplicates go, the X-Ray statement comes last.
    std::vector<std::string> merged;
    for (std::string& s : statements)
      if (std::find(merged.begin(), merged.end(), s) == merged.end()) merged.push_back(std::move(s));
    std::string xray =
        "{\"Effect\":\"Allow\",\"Action\":[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\"],"
        "\"Resource\":[\"*\"]}";
    if (std::find(merged.begin(), merged.end(), xray) == merged.end()) merged.push_back(xray);
    statements = std::move(merged);
  } else if (!tracing_unknown.empty() && w.unknown.empty()) {
    w.unknown = "whether the Framework adds its X-Ray statement cannot be known: " + tracing_unknown;
  }
  PolicyDocument doc;
  doc.name = service + "-" + stage + "-lambda";
  doc.where = role.declared;
  doc.json.where = role.declared;
  if (!w.unknown.empty()) {
    doc.json.origin = Origin::Unknown;
    doc.json.unknown_reason = w.unknown;
  } else {
    doc.json.origin = Origin::Explicit;
    doc.json.value = "{\"Version\":\"2012-10-17\",\"Statement\":" + join(statements) + "}";
    if (!w.secret.empty()) {
      doc.json.raw = w.secret;
      doc.json.raw_is_label = true;
    }
    cs::sources::read_policy_statements(doc);
  }
  role.inline_policies.push_back(std::move(doc));
  for (const std::string& ev : extra_events) {
    PolicyDocument extra;
    extra.name = service + "-" + stage + "-lambda";
    extra.where = role.declared;
    extra.json.where = role.declared;
    extra.json.origin = Origin::Unknown;
    extra.json.unknown_reason = "the statements the Framework adds for " + ev + " events are not modelled";
    role.inline_policies.push_back(std::move(extra));
  }

  // Managed policies and the boundary.
  Value managed = r.member(irole, "managedPolicies");
  if (!truthy(managed)) managed = r.member(c.provider, "iamManagedPolicies");
  if (managed.is_seq()) {
    for (const Value& m : r.items(managed)) {
      if (m.is_string() && m.secret.empty())
        role.managed_policies.push_back(model::Ref{"", m.text});
      else
        role.policies_unknown += std::string(role.policies_unknown.empty() ? "" : "; ") +
                                 "a managed policy is not a known ARN: " +
                                 (m.is_unknown()     ? m.text
                                  : m.secret.empty() ? "a CloudFormation intrinsic"
                                                     : m.secret);
    }
  } else if (managed.is_unknown()) {
    role.policies_unknown += std::string(role.policies_unknown.empty() ? "" : "; ") + managed.text;
  }
  if (vpc)
    role.managed_policies.push_back(model::Ref{
        "", "arn:" + partition_of(region) + ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"});
  Value boundary = r.member(irole, "permissionsBoundary");
  if (!truthy(boundary)) boundary = r.member(irole, "permissionBoundary");
  if (!truthy(boundary)) boundary = r.member(c.provider, "rolePermissionsBoundary");
  if (boundary.is_string() && boundary.secret.empty())
    role.permissions_boundary.arn = boundary.text;
  else if (truthy(boundary))
    role.note += "; the permissions boundary is not a known ARN";
  model.iam_roles.push_back(std::move(role));
}

void map_custom_resources_role(const ServiceContext& c, const std::vector<CustomResource>& found,
                               model::Model& model) {
  if (found.empty()) return;
  Resolver& r = c.r;
  Role role;
  role.address = "IamRoleCustomResourcesLambdaExecution";
  role.type = "AWS::IAM::Role";
  role.kind = "serverless";
  role.declared = member_location(found[0].where, false);
  role.note = "the role the Serverless Framework generates for its custom resource functions";
  std::string service = r.member(c.root, "service").scalar_text();
  Value stage_v = r.stage();
  std::string stage = stage_v.is_unknown() ? "" : stage_v.scalar_text();

  std::vector<std::string> statements;
  std::string unknown, secret;
  if (stage_v.is_unknown()) unknown = "the stage is not known: " + stage_v.text;
  Value logs = r.member(r.member(c.provider, "logs"), "frameworkLambda");
  if (logs.is_unknown() && unknown.empty()) unknown = "provider.logs.frameworkLambda: " + logs.text;
  if (truthy(logs)) {
    // getLogGroupName(`${service}-${stage}`)
    std::string group = "/aws/lambda/" + service + "-" + stage;
    statements.push_back(
        "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:CreateLogGroup\",\"logs:"
        "TagResource\"],"
        "\"Resource\":[" +
        log_sub(group + "*", ":*") + "]}");
    statements.push_back("{\"Effect\":\"Allow\",\"Action\":[\"logs:PutLogEvents\"],\"Resource\":[" +
                         log_sub(group + "*", ":*:*") + "]}");
  }
  for (const CustomResource& cr : found) {
    if (cr.name == "custom-resource-apigw-cw-role") {
      // ensure-api-gateway-cloud-watch-role.js (a statement whose Resource is an object is always added:
      // the Framework compares Resources by identity).
      statements.push_back(
          "{\"Effect\":\"Allow\",\"Resource\":{\"Fn::Join\":[\":\",[\"arn\",{\"Ref\":\"AWS::Partition\"},"
          "\"iam:\","
          "{\"Ref\":\"AWS::AccountId\"},\"role/"
          "*\"]]},\"Action\":[\"iam:AttachRolePolicy\",\"iam:CreateRole\","
          "\"iam:ListAttachedRolePolicies\",\"iam:PassRole\"]}");
      statements.push_back(
          "{\"Effect\":\"Allow\",\"Resource\":{\"Fn::Join\":[\":\",[\"arn\",{\"Ref\":\"AWS::Partition\"},"
          "\"apigateway:*::/account\"]]},\"Action\":[\"apigateway:GET\",\"apigateway:PATCH\"]}");
    } else if (cr.name == "custom-resource-existing-s3") {
      // s3/index.js existingS3Buckets: per function, its bucket's notification configuration; then
      // adding permissions to the functions.
      Writer w{r, false, "", ""};
      for (const Value& bucket : cr.buckets)
        statements.push_back(
            "{\"Effect\":\"Allow\",\"Resource\":{\"Fn::Join\":[\":\",[\"arn\",{\"Ref\":\"AWS::Partition\"},"
            "\"s3\","
            "\"\",\"\"," +
            w.json(bucket) + "]]},\"Action\":[\"s3:PutBucketNotification\",\"s3:GetBucketNotification\"]}");
      statements.push_back(
          "{\"Effect\":\"Allow\",\"Resource\":{\"Fn::Join\":[\":\",[\"arn\",{\"Ref\":\"AWS::Partition\"},"
          "\"lambda\",{\"Ref\":\"AWS::Region\"},{\"Ref\":\"AWS::AccountId\"},\"function\",\"*\"]]},"
          "\"Action\":[\"lambda:AddPermission\",\"lambda:RemovePermission\"]}");
      if (!w.unknown.empty() && unknown.empty()) unknown = "the bucket of an s3 event: " + w.unknown;
      if (!w.secret.empty() && secret.empty()) secret = w.secret;
    } else if (unknown.empty()) {
      unknown = "the statements the Framework adds for " + cr.why + " are not modelled";
    }
  }
  PolicyDocument doc;
  doc.name = stage + "-" + service + "-custom-resources-lambda";
  doc.where = role.declared;
  doc.json.where = role.declared;
  if (!unknown.empty()) {
    doc.json.origin = Origin::Unknown;
    doc.json.unknown_reason = unknown;
  } else {
    doc.json.origin = Origin::Explicit;
    doc.json.value = "{\"Version\":\"2012-10-17\",\"Statement\":" + join(statements) + "}";
    if (!secret.empty()) {
      doc.json.raw = secret;
      doc.json.raw_is_label = true;
    }
    cs::sources::read_policy_statements(doc);
  }
  role.inline_policies.push_back(std::move(doc));
  model.iam_roles.push_back(std::move(role));
}

}  // namespace cs::sls::aws
