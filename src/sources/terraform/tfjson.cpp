// Terraform JSON syntax -> hcl::File (see tfjson.h for the mapping rules).
#include "sources/terraform/tfjson.h"

#include <string_view>
#include <vector>

#include "syntax/json/json.h"

namespace cs::tf {

namespace {

// What kind of body a JSON object stands for: decides which keys are nested blocks and how the
// attributes' strings are read.
enum class BodyKind : uint8_t {
  Root,
  Resource,  // resource, data, ephemeral, check's scoped data
  Nested,    // provider-defined nested blocks and dynamic content: templates, may nest further
  Lifecycle,
  Provisioner,
  Connection,
  Dynamic,
  Variable,
  Output,
  Module,
  Provider,
  Locals,
  Terraform,
  TerraformCloud,
  LiteralBody,  // inside terraform blocks: everything literal
  Moved,
  Import,
  Removed,
  Check,
  Condition,  // validation, precondition, postcondition, assert
  Generic,    // templates, no nested blocks
};

// How a JSON value maps to an expression.
enum class Mode : uint8_t {
  Template,        // strings are templates
  Literal,         // strings are literal text, all the way down
  Expression,      // a string holds an HCL expression
  ExpressionList,  // an array of strings each holding an expression (or one such string)
  ProvidersMap,    // module providers: keys and values are expressions
};

struct BlockSpec {
  int labels = -1;  // -1: not a block
  BodyKind body = BodyKind::Generic;
  bool only_if_object = false;  // a block only when the value is an object or an array of objects
};

constexpr std::string_view kResourceNested[] = {
    "tracing_config",     "environment",  "vpc_config", "dead_letter_config", "ephemeral_storage",
    "file_system_config", "image_config", "snap_start", "logging_config",     "timeouts",
};

bool is_resource_nested(std::string_view k) {
  for (std::string_view n : kResourceNested)
    if (n == k) return true;
  return false;
}

BlockSpec block_spec(BodyKind in, std::string_view k) {
  switch (in) {
    case BodyKind::Root:
      if (k == "resource" || k == "data" || k == "ephemeral") return {2, BodyKind::Resource};
      if (k == "module") return {1, BodyKind::Module};
      if (k == "variable") return {1, BodyKind::Variable};
      if (k == "output") return {1, BodyKind::Output};
      if (k == "provider") return {1, BodyKind::Provider};
      if (k == "check") return {1, BodyKind::Check};
      if (k == "locals") return {0, BodyKind::Locals};
      if (k == "terraform") return {0, BodyKind::Terraform};
      if (k == "moved") return {0, BodyKind::Moved};
      if (k == "import") return {0, BodyKind::Import};
      if (k == "removed") return {0, BodyKind::Removed};
      return {};
    case BodyKind::Resource:
      if (k == "lifecycle") return {0, BodyKind::Lifecycle};
      if (k == "provisioner") return {1, BodyKind::Provisioner};
      if (k == "connection") return {0, BodyKind::Connection};
      [[fallthrough]];
    case BodyKind::Nested:
      if (k == "dynamic") return {1, BodyKind::Dynamic};
      if (is_resource_nested(k)) return {0, BodyKind::Nested, true};
      return {};
    case BodyKind::Lifecycle:
      if (k == "precondition" || k == "postcondition") return {0, BodyKind::Condition};
      return {};
    case BodyKind::Provisioner:
      if (k == "connection") return {0, BodyKind::Connection};
      return {};
    case BodyKind::Dynamic:
      if (k == "content") return {0, BodyKind::Nested};
      return {};
    case BodyKind::Variable:
      if (k == "validation") return {0, BodyKind::Condition};
      return {};
    case BodyKind::Output:
      if (k == "precondition") return {0, BodyKind::Condition};
      return {};
    case BodyKind::Provider:
      if (k == "assume_role" || k == "assume_role_with_web_identity" || k == "default_tags" ||
          k == "endpoints" || k == "ignore_tags")
        return {0, BodyKind::Generic, true};
      return {};
    case BodyKind::Terraform:
      if (k == "required_providers") return {0, BodyKind::LiteralBody};
      if (k == "backend" || k == "provider_meta") return {1, BodyKind::LiteralBody};
      if (k == "cloud") return {0, BodyKind::TerraformCloud};
      return {};
    case BodyKind::TerraformCloud:
      if (k == "workspaces") return {0, BodyKind::LiteralBody};
      return {};
    case BodyKind::Removed:
      if (k == "lifecycle") return {0, BodyKind::Lifecycle};
      if (k == "provisioner") return {1, BodyKind::Provisioner};
      return {};
    case BodyKind::Check:
      if (k == "data") return {2, BodyKind::Resource};
      if (k == "assert") return {0, BodyKind::Condition};
      return {};
    default:
      return {};
  }
}

Mode attr_mode(BodyKind in, std::string_view k) {
  switch (in) {
    case BodyKind::Resource:
      if (k == "provider") return Mode::Expression;
      if (k == "depends_on") return Mode::ExpressionList;
      return Mode::Template;
    case BodyKind::Lifecycle:
      if (k == "ignore_changes" || k == "replace_triggered_by") return Mode::ExpressionList;
      return Mode::Template;
    case BodyKind::Provisioner:
      if (k == "when" || k == "on_failure") return Mode::Expression;
      return Mode::Template;
    case BodyKind::Connection:
      return k == "type" ? Mode::Literal : Mode::Template;
    case BodyKind::Dynamic:
      return k == "iterator" ? Mode::Expression : Mode::Template;
    case BodyKind::Variable:
      if (k == "type") return Mode::Expression;
      if (k == "default" || k == "description") return Mode::Literal;
      return Mode::Template;
    case BodyKind::Output:
      if (k == "description") return Mode::Literal;
      if (k == "depends_on") return Mode::ExpressionList;
      return Mode::Template;
    case BodyKind::Module:
      if (k == "source" || k == "version") return Mode::Literal;
      if (k == "providers") return Mode::ProvidersMap;
      if (k == "depends_on") return Mode::ExpressionList;
      return Mode::Template;
    case BodyKind::Provider:
      return k == "alias" || k == "version" ? Mode::Literal : Mode::Template;
    case BodyKind::Terraform:
    case BodyKind::TerraformCloud:
    case BodyKind::LiteralBody:
      return Mode::Literal;
    case BodyKind::Moved:
      return k == "from" || k == "to" ? Mode::Expression : Mode::Template;
    case BodyKind::Import:
      return k == "to" || k == "provider" ? Mode::Expression : Mode::Template;
    case BodyKind::Removed:
      return k == "from" ? Mode::Expression : Mode::Template;
    default:
      return Mode::Template;
  }
}

bool has_template_sequence(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if ((s[i] == '$' || s[i] == '%') && s[i + 1] == '{') return true;
  return false;
}

class Converter {
 public:
  explicit Converter(hcl::File& f) : f_(f), a_(f.arena) {}

  const hcl::Body* root(const json::Node* n) {
    if (!n->is_object()) {
      error(n->range.begin,
            std::string("expected a JSON object at the root of a Terraform JSON file, found ") +
                json::kind_name(n->kind));
      return empty_body(n->range);
    }
    return body(n, BodyKind::Root);
  }

  const hcl::Body* empty_body(json::Range r) {
    auto* b = a_.make<hcl::Body>();
    b->range = range(r);
    b->from_json = true;
    return b;
  }

 private:
  static hcl::Pos pos(json::Pos p) { return hcl::Pos{p.line, p.col, p.offset}; }
  static hcl::Range range(json::Range r) { return hcl::Range{pos(r.begin), pos(r.end)}; }
  static hcl::Range span(json::Pos b, json::Pos e) { return hcl::Range{pos(b), pos(e)}; }

  void diag(Severity sev, json::Pos at, std::string message) {
    f_.diags.push_back(Diagnostic{sev, f_.path, at.line, at.col, std::move(message)});
  }
  void error(json::Pos at, std::string message) { diag(Severity::Error, at, std::move(message)); }

  // ---- bodies and blocks ----

  const hcl::Body* body(const json::Node* obj, BodyKind kind) {
    std::vector<hcl::Attribute> attrs;
    std::vector<const hcl::Block*> blocks;
    for (const json::Member& m : obj->members()) {
      if (m.key == "//") {
        comment(m);
        continue;
      }
      BlockSpec spec = block_spec(kind, m.key);
      if (spec.labels >= 0 && (!spec.only_if_object || looks_like_blocks(m.value))) {
        std::vector<hcl::BlockLabel> labels;
        expand(m, m.value, spec, labels, blocks);
        continue;
      }
      if (kind == BodyKind::Root) {
        diag(Severity::Warning, m.key_range.begin,
             "unsupported top-level key \"" + std::string(m.key) + "\" in a Terraform JSON file (ignored)");
        continue;
      }
      if (kind == BodyKind::Locals) {
        attrs.push_back(attribute(m, Mode::Template));
        continue;
      }
      attrs.push_back(attribute(m, attr_mode(kind, m.key)));
    }
    auto* b = a_.make<hcl::Body>();
    b->attributes = a_.copy(attrs);
    b->blocks = a_.copy(blocks);
    b->range = range(obj->range);
    b->from_json = true;
    return b;
  }

  static bool looks_like_blocks(const json::Node* v) {
    if (v->is_object()) return true;
    if (!v->is_array()) return false;
    for (const json::Node* item : v->items())
      if (!item->is_object()) return false;
    return true;
  }

  void comment(const json::Member& m) {
    if (!m.value->is_string()) return;
    std::string text = "// " + std::string(m.value->text());
    f_.comments.push_back(hcl::File::Comment{a_.copy(text), span(m.key_range.begin, m.value->range.end)});
  }

  // One level of HCL's JSON block mapping: `v` holds the remaining labels (nested objects keyed by
  // label) and finally the body; an array of objects is accepted at every level.
  void expand(const json::Member& type, const json::Node* v, const BlockSpec& spec,
              std::vector<hcl::BlockLabel>& labels, std::vector<const hcl::Block*>& out) {
    if (v->is_array()) {
      for (const json::Node* item : v->items()) {
        if (!item->is_object()) {
          bad_block_value(type, item);
          continue;
        }
        expand(type, item, spec, labels, out);
      }
      return;
    }
    if (!v->is_object()) {
      bad_block_value(type, v);
      return;
    }
    if (labels.size() == static_cast<size_t>(spec.labels)) {
      auto* blk = a_.make<hcl::Block>();
      blk->type = type.key;
      blk->labels = a_.copy(labels);
      blk->body = body(v, spec.body);
      blk->range = span(type.key_range.begin, v->range.end);
      blk->type_range = range(type.key_range);
      blk->open_brace = span(
          v->range.begin, json::Pos{v->range.begin.line, v->range.begin.col + 1, v->range.begin.offset + 1});
      json::Pos close{v->range.end.line, v->range.end.col - 1, v->range.end.offset - 1};
      blk->close_brace = span(close, v->range.end);
      out.push_back(blk);
      return;
    }
    for (const json::Member& m : v->members()) {
      labels.push_back(hcl::BlockLabel{m.key, range(m.key_range), true});
      expand(type, m.value, spec, labels, out);
      labels.pop_back();
    }
  }

  void bad_block_value(const json::Member& type, const json::Node* v) {
    error(v->range.begin, "invalid \"" + std::string(type.key) +
                              "\" block: expected a JSON object or an array of objects, found " +
                              json::kind_name(v->kind));
  }

  hcl::Attribute attribute(const json::Member& m, Mode mode) {
    hcl::Attribute a{};
    a.name = m.key;
    a.expr = value(m.value, mode);
    a.range = span(m.key_range.begin, m.value->range.end);
    a.name_range = range(m.key_range);
    return a;
  }

  // ---- expressions ----

  const hcl::Expr* value(const json::Node* n, Mode mode) {
    switch (n->kind) {
      case json::Kind::Null:
      case json::Kind::Bool:
      case json::Kind::Number:
        return literal(n);
      case json::Kind::String:
        if (mode == Mode::Literal) return literal_string(n->text(), n->range);
        if (mode == Mode::Expression || mode == Mode::ExpressionList) return expression(n);
        return template_of(n->text(), n->range);
      case json::Kind::Array: {
        Mode item_mode = mode == Mode::ExpressionList ? Mode::Expression
                         : mode == Mode::Literal      ? Mode::Literal
                                                      : Mode::Template;
        std::vector<const hcl::Expr*> items;
        items.reserve(n->items().size);
        for (const json::Node* item : n->items()) items.push_back(value(item, item_mode));
        auto* t = a_.make<hcl::TupleExpr>();
        t->kind = hcl::ExprKind::Tuple;
        t->range = range(n->range);
        t->items = a_.copy(items);
        return t;
      }
      case json::Kind::Object: {
        std::vector<hcl::ObjectItem> items;
        items.reserve(n->members().size);
        for (const json::Member& m : n->members()) {
          hcl::ObjectItem it{};
          if (mode == Mode::ProvidersMap) {
            it.key = expression_text(m.key, m.key_range);
            it.key_is_bare_name = it.key && it.key->kind == hcl::ExprKind::ScopeTraversal &&
                                  hcl::as<hcl::ScopeTraversalExpr>(it.key)->steps.empty();
            it.value = m.value->is_string() ? expression(m.value) : value(m.value, Mode::Template);
          } else if (mode == Mode::Literal || !has_template_sequence(m.key)) {
            it.key = literal_string(m.key, m.key_range);
            it.value = value(m.value, mode == Mode::Literal ? Mode::Literal : Mode::Template);
          } else {
            it.key = template_of(m.key, m.key_range);
            it.value = value(m.value, Mode::Template);
          }
          items.push_back(it);
        }
        auto* o = a_.make<hcl::ObjectExpr>();
        o->kind = hcl::ExprKind::Object;
        o->range = range(n->range);
        o->items = a_.copy(items);
        return o;
      }
    }
    return literal(n);
  }

  const hcl::Expr* literal(const json::Node* n) {
    auto* e = a_.make<hcl::LiteralExpr>();
    e->kind = hcl::ExprKind::Literal;
    e->range = range(n->range);
    switch (n->kind) {
      case json::Kind::Bool:
        e->lit = hcl::LiteralKind::Bool;
        e->boolean = n->boolean;
        break;
      case json::Kind::Number:
        e->lit = hcl::LiteralKind::Number;
        e->number = n->number;
        e->text = n->text();
        break;
      default:
        e->lit = hcl::LiteralKind::Null;
        break;
    }
    return e;
  }

  // A template holding exactly `text`, taken literally.
  const hcl::Expr* literal_string(std::string_view text, json::Range r) {
    auto* t = a_.make<hcl::TemplateExpr>();
    t->kind = hcl::ExprKind::Template;
    t->range = range(r);
    t->quoted = true;
    auto* part = a_.make<hcl::TemplatePart>();
    part->literal = text;
    part->expr = nullptr;
    t->parts = Span<hcl::TemplatePart>{part, 1};
    return t;
  }

  // Inside the quotes of a JSON string.
  static hcl::Pos inner_pos(json::Range r) {
    return hcl::Pos{r.begin.line, r.begin.col + 1, r.begin.offset + 1};
  }

  const hcl::Expr* template_of(std::string_view text, json::Range r) {
    if (!has_template_sequence(text)) return literal_string(text, r);
    const hcl::Expr* e = hcl::parse_template(f_, text, inner_pos(r));
    return e ? e : literal_string(text, r);
  }

  const hcl::Expr* expression(const json::Node* n) { return expression_text(n->text(), n->range); }

  const hcl::Expr* expression_text(std::string_view text, json::Range r) {
    const hcl::Expr* e = hcl::parse_expression(f_, text, inner_pos(r));
    return e ? e : literal_string(text, r);
  }

  hcl::File& f_;
  Arena& a_;
};

}  // namespace

std::unique_ptr<hcl::File> tf_json_to_hcl(std::string path, std::string src) {
  auto f = std::make_unique<hcl::File>();
  f->path = std::move(path);
  f->src = std::move(src);
  const json::Node* root =
      json::parse(std::string_view(f->src), std::string_view(f->path), f->arena, f->diags);
  Converter c(*f);
  if (!root) {
    auto* b = f->arena.make<hcl::Body>();
    b->from_json = true;
    f->body = b;
    return f;
  }
  f->body = c.root(root);
  return f;
}

Value json_to_value(const json::Node* n) {
  if (!n) return Value::null();
  switch (n->kind) {
    case json::Kind::Null:
      return Value::null();
    case json::Kind::Bool:
      return Value::boolean(n->boolean);
    case json::Kind::Number:
      return Value::number(n->number);
    case json::Kind::String:
      return Value::string(std::string(n->text()));
    case json::Kind::Array: {
      ValueList items;
      items.reserve(n->items().size);
      for (const json::Node* item : n->items()) items.push_back(json_to_value(item));
      return Value::tuple(std::move(items));
    }
    case json::Kind::Object: {
      ValueMap attrs;
      for (const json::Member& m : n->members()) attrs[std::string(m.key)] = json_to_value(m.value);
      return Value::object(std::move(attrs));
    }
  }
  return Value::null();
}

}  // namespace cs::tf
