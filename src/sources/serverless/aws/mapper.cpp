#include "sources/serverless/aws/mapper.h"

#include <cctype>
#include <map>

namespace cs::sls::aws {

std::string logical_id(const std::string& name) {
  std::string n;
  for (char c : name) {
    if (c == '-')
      n += "Dash";
    else if (c == '_')
      n += "Underscore";
    else
      n += c;
  }
  if (!n.empty()) n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
  return n + "LambdaFunction";
}

Functions read_functions(const ServiceContext& c, model::Model* report) {
  Resolver& r = c.r;
  Functions out;
  std::vector<FunctionEntry>& entries = out.entries;
  Member functions_where;
  Value functions = r.member(c.root, "functions", &functions_where);
  auto opaque = [&](const std::string& address, const Member& where, const std::string& why) {
    if (out.unknown.empty()) out.unknown = why;
    if (!report) return;
    model::OpaqueComponent oc;
    oc.address = address;
    oc.kind = "serverless";
    oc.declared = member_location(where, false);
    oc.reason = "unknown";
    oc.detail = "the functions of this service cannot be read: " + why;
    report->opaque.push_back(std::move(oc));
  };
  // A later definition of a name replaces the earlier one in place (positions by name: a service
  // can define 10,000 functions).
  std::map<std::string, size_t, std::less<>> entry_of;
  auto add_members = [&](const Value& map) {
    for (const Member& m : r.members(map)) {
      std::string name(m.key->value);
      auto [it, added] = entry_of.emplace(name, entries.size());
      if (added)
        entries.push_back(FunctionEntry{std::move(name), m});
      else
        entries[it->second].where = m;
    }
  };
  if (functions.is_unknown()) {
    opaque("functions", functions_where, functions.text);
  } else if (functions.is_map()) {
    add_members(functions);
  } else if (functions.is_seq()) {
    std::vector<Member> item_where;
    std::vector<Value> items = r.items(functions, &item_where);
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_unknown()) {
        Member m = item_where[i];
        opaque("functions[" + std::to_string(i) + "]",
               m.value ? Member{m.doc, m.value, nullptr} : functions_where, items[i].text);
      } else if (items[i].is_map()) {
        add_members(items[i]);
      }
    }
  } else if (!functions.is_null() && report) {
    c.diags.push_back(Diagnostic{Severity::Warning, c.file,
                                 functions_where.key ? functions_where.key->line : 0,
                                 functions_where.key ? functions_where.key->col : 0,
                                 "functions is neither a mapping nor a list; no function read"});
  }
  return out;
}

bool existing_role(Resolver& r, const Value& role) {
  if (role.is_string()) return true;
  if (!role.is_map()) return false;
  for (const Member& m : r.members(role))
    if (m.key->value.find("::") != std::string_view::npos) return true;
  return false;
}

model::Ref execution_role(Resolver& r, const Value& own, const Value& provider_role) {
  const Value& role = own.is_null() ? provider_role : own;
  model::Ref ref;
  if (role.is_null()) {
    ref.address = "IamRoleLambdaExecution";
  } else if (role.is_string() && role.secret.empty()) {
    // compileRole: an ARN as is; any other string is a role's logical id (resources.Resources).
    if (role.text.rfind("arn:", 0) == 0)
      ref.arn = role.text;
    else
      ref.address = role.text;
  } else if (role.is_map()) {
    Value ga = r.member(role, "Fn::GetAtt");
    std::vector<Value> parts = ga.is_seq() ? r.items(ga) : std::vector<Value>{};
    if (!parts.empty() && parts[0].is_string()) ref.address = parts[0].text;
  }
  return ref;
}

}  // namespace cs::sls::aws
