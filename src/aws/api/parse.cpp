// Response body parsers (API.md §§3, 5-7) and the error/summary helpers.
#include <cctype>

#include "aws/api/api.h"
#include "aws/creds/util.h"
#include "base/arena.h"
#include "base/diag.h"
#include "syntax/json/json.h"
#include "syntax/xml/xml.h"

namespace cs::aws::api {

std::string_view to_string(ApiError::Cause c) {
  switch (c) {
    case ApiError::Cause::kAccessDenied:
      return "access-denied";
    case ApiError::Cause::kInvalidToken:
      return "invalid-token";
    case ApiError::Cause::kExpiredToken:
      return "expired-token";
    case ApiError::Cause::kRetriesExhausted:
      return "retries-exhausted";
    case ApiError::Cause::kTimeout:
      return "timeout";
    case ApiError::Cause::kResponseTooLarge:
      return "response-too-large";
    case ApiError::Cause::kCredentials:
      return "credentials";
    case ApiError::Cause::kBadResponse:
      return "bad-response";
    case ApiError::Cause::kOther:
      return "other";
  }
  return "other";
}

std::string ApiError::summary() const {
  std::string s = operation;
  if (!region.empty()) s += " in " + region;
  s += ": ";
  if (cause == Cause::kRetriesExhausted)
    s += "retries exhausted after " + std::to_string(attempts) +
         (attempts == 1 ? " attempt: " : " attempts: ");
  else if (cause == Cause::kTimeout)
    s += "timed out after " + std::to_string(attempts) + (attempts == 1 ? " attempt: " : " attempts: ");
  else if (cause == Cause::kCredentials)
    s += "no credentials: ";
  else if (cause == Cause::kBadResponse)
    s += "bad response: ";
  if (cause == Cause::kTimeout && !message.empty() && status == 0) return s + message;  // code is "timeout"
  s += code.empty() ? std::string("error") : code;
  if (status != 0) s += " (HTTP " + std::to_string(status) + ")";
  if (!message.empty()) s += ": " + message;
  return s;
}

namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string strip_all_space(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

// Parses an XML body; `what` names the operation. With `quiet`, the parser's message (which may quote
// a few bytes of the document) is left out, for bodies that carry secrets.
Result<xml::Element> parse_xml(std::string_view body, std::string_view what, bool quiet = false) {
  auto r = xml::parse(body);
  if (!r) {
    std::string msg = std::string(what) + " response is not valid XML (line " +
                      std::to_string(r.error().line) + ", column " + std::to_string(r.error().col) + ")";
    if (!quiet) msg += ": " + r.error().message;
    return Error{msg};
  }
  return r;
}

// Holds a parsed JSON document.
struct Json {
  Arena arena;
  Diagnostics diags;
  const json::Node* root = nullptr;
};

Result<const json::Node*> parse_json(Json& j, std::string_view body, std::string_view what) {
  j.root = json::parse(body, "response", j.arena, j.diags);
  if (!j.root) {
    std::string msg = std::string(what) + " response is not valid JSON";
    if (!j.diags.empty())
      msg += " (line " + std::to_string(j.diags[0].line) + ", column " + std::to_string(j.diags[0].col) +
             "): " + j.diags[0].message;
    return Error{msg};
  }
  if (!j.root->is_object()) return Error{std::string(what) + " response is not a JSON object"};
  return j.root;
}

std::string str(const json::Node* obj, std::string_view key) {
  const json::Node* v = obj ? obj->find(key) : nullptr;
  return v && v->is_string() ? std::string(v->text()) : std::string();
}

// Array member `key` of `obj`: nullptr when absent or null; an Error when present with another type.
Result<const json::Node*> array_member(const json::Node* obj, std::string_view key, std::string_view what) {
  const json::Node* v = obj->find(key);
  if (!v || v->is_null()) return static_cast<const json::Node*>(nullptr);
  if (!v->is_array()) return Error{std::string(what) + " response: " + std::string(key) + " is not an array"};
  return v;
}

}  // namespace

Result<CallerIdentity> parse_get_caller_identity(std::string_view body) {
  auto doc = parse_xml(body, "GetCallerIdentity");
  if (!doc) return doc.error();
  const xml::Element* r = doc->child("GetCallerIdentityResult");
  if (!r)
    return Error{"GetCallerIdentity response has no GetCallerIdentityResult (root <" + doc->name + ">)"};
  CallerIdentity id;
  id.account = trim(r->child_text("Account"));
  id.arn = trim(r->child_text("Arn"));
  id.user_id = trim(r->child_text("UserId"));
  if (id.account.empty()) return Error{"GetCallerIdentity response has no Account"};
  if (id.arn.empty()) return Error{"GetCallerIdentity response has no Arn"};
  return id;
}

Result<creds::Credentials> parse_assume_role(std::string_view body) {
  auto doc = parse_xml(body, "AssumeRole", /*quiet=*/true);
  if (!doc) return doc.error();
  const xml::Element* r = doc->child("AssumeRoleResult");
  if (!r) r = doc->child("AssumeRoleWithWebIdentityResult");
  if (!r) return Error{"AssumeRole response has no AssumeRoleResult (root <" + doc->name + ">)"};
  const xml::Element* c = r->child("Credentials");
  if (!c) return Error{"AssumeRole response has no Credentials"};
  creds::Credentials out;
  out.method = "assume-role";
  out.access_key_id = trim(c->child_text("AccessKeyId"));
  out.secret_access_key = creds::Secret(strip_all_space(c->child_text("SecretAccessKey")));
  out.session_token = creds::Secret(strip_all_space(c->child_text("SessionToken")));
  if (out.access_key_id.empty()) return Error{"AssumeRole response has no AccessKeyId"};
  if (out.secret_access_key.empty()) return Error{"AssumeRole response has no SecretAccessKey"};
  if (out.session_token.empty()) return Error{"AssumeRole response has no SessionToken"};
  std::string exp = trim(c->child_text("Expiration"));
  if (exp.empty()) return Error{"AssumeRole response has no Expiration"};
  auto t = creds::parse_iso8601(exp);
  if (!t) return Error{"AssumeRole response has an invalid Expiration '" + exp + "'"};
  out.expiration = *t;
  if (const xml::Element* u = r->child("AssumedRoleUser")) {
    // arn:aws:sts::123456789012:assumed-role/demo/Bob
    std::string arn = trim(u->child_text("Arn"));
    size_t n = 0, start = 0;
    for (size_t i = 0; i < arn.size() && n < 5; ++i) {
      if (arn[i] == ':') {
        ++n;
        if (n == 4) start = i + 1;
        if (n == 5) out.account_id = arn.substr(start, i - start);
      }
    }
  }
  return out;
}

Result<AccountsPage> parse_list_accounts(std::string_view body) {
  Json j;
  auto root = parse_json(j, body, "ListAccounts");
  if (!root) return root.error();
  auto arr = array_member(*root, "Accounts", "ListAccounts");
  if (!arr) return arr.error();
  AccountsPage page;
  if (*arr) {
    size_t i = 0;
    for (const json::Node* a : (*arr)->items()) {
      ++i;
      if (!a->is_object())
        return Error{"ListAccounts response: account " + std::to_string(i) + " is not an object"};
      Account acc;
      acc.id = str(a, "Id");
      if (acc.id.empty()) return Error{"ListAccounts response: account " + std::to_string(i) + " has no Id"};
      acc.arn = str(a, "Arn");
      acc.name = str(a, "Name");
      acc.email = str(a, "Email");
      acc.status = str(a, "State");
      if (acc.status.empty()) acc.status = str(a, "Status");
      page.accounts.push_back(std::move(acc));
    }
  }
  page.next_token = str(*root, "NextToken");
  return page;
}

Result<std::vector<RegionInfo>> parse_describe_regions(std::string_view body) {
  auto doc = parse_xml(body, "DescribeRegions");
  if (!doc) return doc.error();
  if (doc->name != "DescribeRegionsResponse")
    return Error{"DescribeRegions response has an unexpected root <" + doc->name + ">"};
  std::vector<RegionInfo> out;
  const xml::Element* info = doc->child("regionInfo");
  if (!info) return out;  // no regions at all
  for (const xml::Element* it : info->children_named("item")) {
    RegionInfo r;
    r.name = trim(it->child_text("regionName"));
    if (r.name.empty())
      return Error{"DescribeRegions response: an item has no regionName (line " + std::to_string(it->line) +
                   ")"};
    r.opt_in_status = trim(it->child_text("optInStatus"));
    out.push_back(std::move(r));
  }
  return out;
}

Result<FunctionsPage> parse_list_functions(std::string_view body) {
  Json j;
  auto root = parse_json(j, body, "ListFunctions");
  if (!root) return root.error();
  auto arr = array_member(*root, "Functions", "ListFunctions");
  if (!arr) return arr.error();
  FunctionsPage page;
  if (*arr) {
    size_t i = 0;
    for (const json::Node* f : (*arr)->items()) {
      ++i;
      if (!f->is_object())
        return Error{"ListFunctions response: function " + std::to_string(i) + " is not an object"};
      FunctionInfo fn;
      fn.name = str(f, "FunctionName");
      fn.arn = str(f, "FunctionArn");
      if (fn.arn.empty())
        return Error{"ListFunctions response: function " + std::to_string(i) + " has no FunctionArn"};
      fn.runtime = str(f, "Runtime");
      fn.role = str(f, "Role");
      fn.package_type = str(f, "PackageType");
      fn.version = str(f, "Version");
      fn.last_modified = str(f, "LastModified");
      fn.state = str(f, "State");
      fn.tracing_mode = str(f->find("TracingConfig"), "Mode");
      fn.revision_id = str(f, "RevisionId");
      page.functions.push_back(std::move(fn));
    }
  }
  page.next_marker = str(*root, "NextMarker");
  return page;
}

Result<RestApisPage> parse_get_rest_apis(std::string_view body) {
  Json j;
  auto root = parse_json(j, body, "GetRestApis");
  if (!root) return root.error();
  auto arr = array_member(*root, "item", "GetRestApis");  // the wire name of member `items`
  if (!arr) return arr.error();
  RestApisPage page;
  if (*arr) {
    size_t i = 0;
    for (const json::Node* a : (*arr)->items()) {
      ++i;
      if (!a->is_object())
        return Error{"GetRestApis response: API " + std::to_string(i) + " is not an object"};
      RestApiInfo api;
      api.id = str(a, "id");
      if (api.id.empty()) return Error{"GetRestApis response: API " + std::to_string(i) + " has no id"};
      api.name = str(a, "name");
      page.apis.push_back(std::move(api));
    }
  }
  page.position = str(*root, "position");
  return page;
}

Result<std::vector<StageInfo>> parse_get_stages(std::string_view body) {
  Json j;
  auto root = parse_json(j, body, "GetStages");
  if (!root) return root.error();
  auto arr = array_member(*root, "item", "GetStages");
  if (!arr) return arr.error();
  std::vector<StageInfo> out;
  if (*arr) {
    size_t i = 0;
    for (const json::Node* st : (*arr)->items()) {
      ++i;
      if (!st->is_object())
        return Error{"GetStages response: stage " + std::to_string(i) + " is not an object"};
      StageInfo info;
      info.name = str(st, "stageName");
      if (info.name.empty())
        return Error{"GetStages response: stage " + std::to_string(i) + " has no stageName"};
      info.deployment_id = str(st, "deploymentId");
      const json::Node* t = st->find("tracingEnabled");
      if (t && !t->is_null() && !t->is_bool())
        return Error{"GetStages response: stage " + std::to_string(i) + ": tracingEnabled is not a boolean"};
      info.tracing_enabled = t && t->is_bool() && t->boolean;
      out.push_back(std::move(info));
    }
  }
  return out;
}

Result<MappingsPage> parse_list_event_source_mappings(std::string_view body) {
  Json j;
  auto root = parse_json(j, body, "ListEventSourceMappings");
  if (!root) return root.error();
  auto arr = array_member(*root, "EventSourceMappings", "ListEventSourceMappings");
  if (!arr) return arr.error();
  MappingsPage page;
  if (*arr) {
    size_t i = 0;
    for (const json::Node* e : (*arr)->items()) {
      ++i;
      if (!e->is_object())
        return Error{"ListEventSourceMappings response: mapping " + std::to_string(i) + " is not an object"};
      EventSourceMapping m;
      m.uuid = str(e, "UUID");
      if (m.uuid.empty())
        return Error{"ListEventSourceMappings response: mapping " + std::to_string(i) + " has no UUID"};
      m.function_arn = str(e, "FunctionArn");
      m.event_source_arn = str(e, "EventSourceArn");
      m.state = str(e, "State");
      const json::Node* sm = e->find("SelfManagedEventSource");
      const json::Node* eps = sm ? sm->find("Endpoints") : nullptr;
      const json::Node* kafka = eps ? eps->find("KAFKA_BOOTSTRAP_SERVERS") : nullptr;
      m.self_managed_kafka = kafka && !kafka->is_null();
      const json::Node* doc = e->find("DocumentDBEventSourceConfig");
      m.documentdb = doc && !doc->is_null();
      page.mappings.push_back(std::move(m));
    }
  }
  page.next_marker = str(*root, "NextMarker");
  return page;
}

}  // namespace cs::aws::api
