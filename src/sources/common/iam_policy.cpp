#include "sources/common/iam_policy.h"

#include <string>
#include <string_view>

#include "base/arena.h"
#include "base/diag.h"
#include "syntax/json/json.h"

namespace cs::sources {

namespace {

using model::aws::iam::PolicyDocument;
using model::aws::iam::Statement;

// Action / NotAction / Resource / NotResource: a string or an array of strings. A value that is not a
// string (an intrinsic kept as an object, a number) makes the list not fully known.
bool read_list(const json::Node* v, std::vector<std::string>& out, bool& unknown) {
  if (v->is_string()) {
    out.emplace_back(v->text());
    return true;
  }
  if (!v->is_array()) {
    unknown = true;
    return v->is_object();  // an intrinsic (CloudFormation) is a deploy-time value, not an error
  }
  for (const json::Node* item : v->items()) {
    if (item->is_string())
      out.emplace_back(item->text());
    else
      unknown = true;
  }
  return true;
}

// `secret`: the document must not be shown (a value marked sensitive or read from a file): no Sid is kept.
std::string read_statement(const json::Node* st, bool secret, Statement& out) {
  if (!st->is_object()) return "a statement is not an object";
  const json::Node* effect = st->find("Effect");
  if (!effect || !effect->is_string()) return "a statement has no Effect";
  if (effect->text() == "Deny")
    out.deny = true;
  else if (effect->text() != "Allow")
    return "Effect \"" + std::string(effect->text()) + "\" is neither \"Allow\" nor \"Deny\"";
  if (const json::Node* sid = st->find("Sid"); sid && sid->is_string() && !secret)
    out.sid = std::string(sid->text());
  const json::Node* action = st->find("Action");
  const json::Node* not_action = st->find("NotAction");
  if (action && not_action) return "a statement has both Action and NotAction";
  if (!action && !not_action) return "a statement has neither Action nor NotAction";
  out.not_action = not_action != nullptr;
  if (!read_list(action ? action : not_action, out.actions, out.actions_unknown))
    return "Action is not a string or a list of strings";
  const json::Node* resource = st->find("Resource");
  const json::Node* not_resource = st->find("NotResource");
  if (resource && not_resource) return "a statement has both Resource and NotResource";
  if (!resource && !not_resource) return "a statement has neither Resource nor NotResource";
  out.not_resource = not_resource != nullptr;
  if (!read_list(resource ? resource : not_resource, out.resources, out.resources_unknown))
    return "Resource is not a string or a list of strings";
  if (const json::Node* cond = st->find("Condition"); cond && !cond->is_null()) {
    if (!cond->is_object() || !cond->members().empty()) out.has_condition = true;
  }
  return "";
}

}  // namespace

void read_policy_statements(PolicyDocument& doc) {
  doc.statements.clear();
  doc.invalid.clear();
  doc.parsed = false;
  if (doc.json.origin == model::Origin::Unknown) return;
  Arena arena;
  Diagnostics diags;
  const json::Node* root = json::parse(doc.json.value, "policy", arena, diags);
  doc.parsed = true;
  if (!root) {
    doc.invalid = "not JSON";
    return;
  }
  if (!root->is_object()) {
    doc.invalid = "not a JSON object";
    return;
  }
  const json::Node* st = root->find("Statement");
  if (!st) {
    doc.invalid = "no Statement";
    return;
  }
  auto one = [&](const json::Node* n) {
    Statement s;
    std::string err = read_statement(n, doc.json.raw_is_label, s);
    if (!err.empty()) {
      if (doc.invalid.empty()) doc.invalid = err;
      return;
    }
    doc.statements.push_back(std::move(s));
  };
  if (st->is_array()) {
    for (const json::Node* n : st->items()) one(n);
  } else {
    one(st);
  }
  if (!doc.invalid.empty()) doc.statements.clear();
}

}  // namespace cs::sources
