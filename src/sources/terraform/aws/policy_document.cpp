#include "sources/terraform/aws/policy_document.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/arena.h"
#include "base/diag.h"
#include "base/json_writer.h"
#include "syntax/json/json.h"

namespace cs::tf::aws {

namespace {

// A statement as JSON text, with its Sid (for merging).
struct Fragment {
  std::string sid;
  std::string text;
};

struct Builder {
  EvalContext& ctx;
  std::string unknown;  // why the whole document is not known ("" when it is)
  uint32_t marks = 0;   // of every value written in (sensitive, from a file, ...): the text carries them

  void fail(std::string why) {
    if (unknown.empty()) unknown = std::move(why);
  }

  static const hcl::Attribute* attr(const hcl::Body* b, std::string_view name) {
    for (const auto& a : b->attributes)
      if (a.name == name) return &a;
    return nullptr;
  }

  // A string element, or the unknown marker.
  void element(std::string& out, const Value& v) {
    marks = Value::merge_marks(marks, v.deep_marks());
    Value s = v.is_known() ? v.to_string_value() : v;
    if (s.is_string()) {
      json_quote_to(out, s.as_string());
      return;
    }
    out += "{\"cloudsift:unknown\":";
    json_quote_to(out, v.is_known() ? "not a string" : v.reason());
    out += "}";
  }

  // A list-of-strings argument as the provider writes it: one string alone, else an array.
  bool list(std::string& out, const hcl::Body* b, std::string_view name, std::string_view key) {
    const hcl::Attribute* a = attr(b, name);
    if (!a) return false;
    Value v = eval(a->expr, ctx);
    if (v.is_null()) return false;
    if (!v.is_known()) {
      out += ",";
      json_quote_to(out, key);
      out += ":[";
      element(out, v);
      out += "]";
      return true;
    }
    if (!v.is_sequence()) {
      fail(std::string(name) + " is not a list");
      return false;
    }
    out += ",";
    json_quote_to(out, key);
    out += ":";
    const ValueList& items = v.items();
    if (items.size() == 1) {
      element(out, items[0]);
      return true;
    }
    out += "[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ",";
      element(out, items[i]);
    }
    out += "]";
    return true;
  }

  std::string string_arg(const hcl::Body* b, std::string_view name, std::string dflt) {
    const hcl::Attribute* a = attr(b, name);
    if (!a) return dflt;
    Value v = eval(a->expr, ctx);
    if (v.is_null()) return dflt;
    Value s = v.is_known() ? v.to_string_value() : v;
    if (!s.is_string()) {
      fail(std::string(name) + " " + (v.is_known() ? "is not a string" : v.reason()));
      return dflt;
    }
    marks = Value::merge_marks(marks, v.deep_marks());
    return s.as_string();
  }

  // principals / not_principals: {type: [identifiers]}; conditions: {test: {variable: [values]}}.
  void principals(std::string& out, const hcl::Body* b, std::string_view block, std::string_view key) {
    std::string inner;
    for (const hcl::Block* p : b->blocks) {
      if (p->type != block) continue;
      std::string type = string_arg(p->body, "type", "");
      if (!inner.empty()) inner += ",";
      json_quote_to(inner, type);
      inner += ":";
      std::string ids;
      if (!list(ids, p->body, "identifiers", "x")) ids = ",\"x\":[]";
      inner += ids.substr(ids.find(':') + 1);
    }
    if (inner.empty()) return;
    out += ",";
    json_quote_to(out, key);
    out += ":{" + inner + "}";
  }

  void conditions(std::string& out, const hcl::Body* b) {
    std::string inner;
    for (const hcl::Block* c : b->blocks) {
      if (c->type != "condition") continue;
      std::string test = string_arg(c->body, "test", "");
      std::string variable = string_arg(c->body, "variable", "");
      if (!inner.empty()) inner += ",";
      json_quote_to(inner, test);
      inner += ":{";
      json_quote_to(inner, variable);
      inner += ":";
      std::string values;
      if (!list(values, c->body, "values", "x")) values = ",\"x\":[]";
      inner += values.substr(values.find(':') + 1) + "}";
    }
    if (inner.empty()) return;
    out += ",\"Condition\":{" + inner + "}";
  }

  Fragment statement(const hcl::Body* b) {
    Fragment f;
    f.sid = string_arg(b, "sid", "");
    std::string out = "{";
    if (!f.sid.empty()) {
      out += "\"Sid\":";
      json_quote_to(out, f.sid);
      out += ",";
    }
    out += "\"Effect\":";
    json_quote_to(out, string_arg(b, "effect", "Allow"));
    list(out, b, "actions", "Action");
    list(out, b, "not_actions", "NotAction");
    list(out, b, "resources", "Resource");
    list(out, b, "not_resources", "NotResource");
    principals(out, b, "principals", "Principal");
    principals(out, b, "not_principals", "NotPrincipal");
    conditions(out, b);
    out += "}";
    f.text = std::move(out);
    return f;
  }

  // dynamic "statement" { for_each = ...; iterator = ...; content { ... } }
  void dynamic_statements(const hcl::Block* d, std::vector<Fragment>& out) {
    const hcl::Attribute* fe = attr(d->body, "for_each");
    const hcl::Block* content = nullptr;
    for (const hcl::Block* c : d->body->blocks)
      if (c->type == "content") content = c;
    if (!fe || !content) return;
    Value coll = eval(fe->expr, ctx);
    if (!coll.is_known()) {
      fail("the for_each of a dynamic statement block " + coll.reason());
      return;
    }
    std::string it = "statement";
    if (const hcl::Attribute* i = attr(d->body, "iterator")) {
      if (i->expr->kind == hcl::ExprKind::ScopeTraversal)
        it = std::string(hcl::as<hcl::ScopeTraversalExpr>(i->expr)->root);
    }
    auto one = [&](Value key, Value value) {
      ctx.bind(it, Value::object({{"key", std::move(key)}, {"value", std::move(value)}}));
      out.push_back(statement(content->body));
      ctx.unbind();
    };
    if (coll.is_sequence()) {  // a list's key is the index, a set's the element itself
      const ValueList& items = coll.items();
      for (size_t i = 0; i < items.size(); ++i)
        one(coll.kind() == Value::Kind::Set ? items[i] : Value::number(static_cast<double>(i)), items[i]);
    } else if (coll.is_mapping()) {
      for (const auto& [k, v] : coll.attrs()) one(Value::string(k), v);
    } else if (!coll.is_null()) {
      fail("the for_each of a dynamic statement block is not a collection");
    }
  }

  // The statements of a JSON policy given as source or override document.
  std::vector<Fragment> from_json(const Value& doc, std::string_view what) {
    std::vector<Fragment> out;
    Value s = doc.is_known() ? doc.to_string_value() : doc;
    if (!s.is_string()) {
      fail(std::string(what) + " " + (doc.is_known() ? "holds a value that is not a string" : doc.reason()));
      return out;
    }
    const std::string& text = s.as_string();
    marks = Value::merge_marks(marks, doc.deep_marks());
    Arena arena;
    Diagnostics diags;
    const json::Node* root = json::parse(text, "policy", arena, diags);
    const json::Node* st = root && root->is_object() ? root->find("Statement") : nullptr;
    if (!st) {
      fail(std::string(what) + " holds a document that is not a policy");
      return out;
    }
    auto add = [&](const json::Node* n) {
      Fragment f;
      if (const json::Node* sid = n->find("Sid"); sid && sid->is_string()) f.sid = std::string(sid->text());
      f.text = text.substr(n->range.begin.offset, n->range.end.offset - n->range.begin.offset);
      out.push_back(std::move(f));
    };
    if (st->is_array()) {
      for (const json::Node* n : st->items()) add(n);
    } else {
      add(st);
    }
    return out;
  }

  // Appends `more`, a statement with the Sid of one already there replacing it.
  static void merge(std::vector<Fragment>& into, std::vector<Fragment> more) {
    for (Fragment& f : more) {
      bool replaced = false;
      if (!f.sid.empty())
        for (Fragment& g : into)
          if (g.sid == f.sid) {
            g = f;
            replaced = true;
            break;
          }
      if (!replaced) into.push_back(std::move(f));
    }
  }

  std::vector<Fragment> documents(const MergedBody& body, std::string_view name) {
    std::vector<Fragment> out;
    AttrRef a = body.attr(name);
    if (!a) return out;
    Value v = eval(a.attr->expr, ctx);
    if (v.is_null()) return out;
    if (!v.is_known()) {
      fail(std::string(name) + " " + v.reason());
      return out;
    }
    for (const Value& d : v.items()) merge(out, from_json(d, name));
    return out;
  }
};

}  // namespace

Value policy_document_value(const MergedBody& body, EvalContext& ctx) {
  Builder b{ctx, "", 0};
  auto top = [&](std::string_view name, std::string dflt) {
    AttrRef a = body.attr(name);
    if (!a) return dflt;
    Value x = eval(a.attr->expr, ctx);
    if (x.is_null()) return dflt;
    Value s = x.is_known() ? x.to_string_value() : x;
    if (!s.is_string()) {
      b.fail(std::string(name) + " " + (x.is_known() ? "is not a string" : x.reason()));
      return dflt;
    }
    return s.as_string();
  };
  std::string version = top("version", "2012-10-17"), id = top("policy_id", "");
  std::vector<Fragment> statements = b.documents(body, "source_policy_documents");
  std::vector<Fragment> own;
  for (const BlockRef& r : body.blocks) {
    if (r.block->type == "statement") {
      own.push_back(b.statement(r.block->body));
    } else if (r.block->type == "dynamic" && r.block->labels.size == 1 &&
               r.block->labels[0].value == "statement") {
      b.dynamic_statements(r.block, own);
    }
  }
  Builder::merge(statements, std::move(own));
  Builder::merge(statements, b.documents(body, "override_policy_documents"));
  if (!b.unknown.empty()) {
    Value u = Value::unknown("data.aws_iam_policy_document: " + b.unknown);
    return Value::object({{"json", u}, {"minified_json", u}});
  }
  std::string out = "{\"Version\":";
  json_quote_to(out, version);
  if (!id.empty()) {
    out += ",\"Id\":";
    json_quote_to(out, id);
  }
  out += ",\"Statement\":[";
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i) out += ",";
    out += statements[i].text;
  }
  out += "]}";
  Value s = Value::string(out);
  if (b.marks) s = s.with_marks(b.marks);
  return Value::object({{"json", s}, {"minified_json", s}});
}

}  // namespace cs::tf::aws
