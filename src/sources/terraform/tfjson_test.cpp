#include "sources/terraform/tfjson.h"

#include <gtest/gtest.h>

#include <string>

#include "syntax/json/json.h"

namespace cs::tf {
namespace {

using hcl::ExprKind;

std::unique_ptr<hcl::File> conv(std::string src) {
  auto f = tf_json_to_hcl("main.tf.json", std::move(src));
  EXPECT_NE(f->body, nullptr);
  EXPECT_TRUE(f->body->from_json);
  return f;
}

std::string diags_of(const hcl::File& f) {
  std::string out;
  for (const auto& d : f.diags)
    out += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message + "\n";
  return out;
}

const hcl::Attribute* attr(const hcl::Body* b, std::string_view name) {
  const hcl::Attribute* found = nullptr;
  for (const auto& a : b->attributes)
    if (a.name == name) found = &a;
  return found;
}

// The text of a literal template (nullopt-ish "<not literal>" otherwise).
std::string lit(const hcl::Expr* e) {
  if (!e || e->kind != ExprKind::Template) return "<not a template>";
  std::string s;
  for (const auto& p : hcl::as<hcl::TemplateExpr>(e)->parts) {
    if (p.expr) return "<not literal>";
    s += p.literal;
  }
  return s;
}

// A traversal as text: var.x, aws_instance.a.id, local.m["k"] -> local.m[]
std::string trav(const hcl::Expr* e) {
  if (!e || e->kind != ExprKind::ScopeTraversal) return "<not a traversal>";
  const auto* t = hcl::as<hcl::ScopeTraversalExpr>(e);
  std::string s(t->root);
  for (const auto& st : t->steps) s += st.kind == hcl::StepKind::Attr ? "." + std::string(st.name) : "[]";
  return s;
}

std::string pos(const hcl::Range& r) {
  return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.col);
}

TEST(TfJson, ResourceWithTracingConfigObject) {
  auto f = conv(R"JSON({
  "resource": {
    "aws_lambda_function": {
      "fn": {
        "function_name": "orders-${var.stage}",
        "memory_size": 128,
        "publish": true,
        "layers": null,
        "tracing_config": {"mode": "Active"}
      }
    }
  }
})JSON");
  EXPECT_EQ(diags_of(*f), "");
  ASSERT_EQ(f->body->blocks.size, 1u);
  EXPECT_TRUE(f->body->attributes.empty());
  const hcl::Block* r = f->body->blocks[0];
  EXPECT_EQ(r->type, "resource");
  ASSERT_EQ(r->labels.size, 2u);
  EXPECT_EQ(r->labels[0].value, "aws_lambda_function");
  EXPECT_EQ(r->labels[1].value, "fn");
  EXPECT_EQ(pos(r->type_range), "2:3");
  EXPECT_EQ(pos(r->labels[0].range), "3:5");
  EXPECT_EQ(pos(r->labels[1].range), "4:7");
  EXPECT_EQ(pos(r->open_brace), "4:13");
  EXPECT_EQ(r->open_brace.end.col, 14u);
  EXPECT_EQ(pos(r->close_brace), "10:7");
  EXPECT_EQ(r->range.end.line, 10u);
  EXPECT_EQ(r->range.end.col, 8u);
  EXPECT_TRUE(r->body->from_json);

  const hcl::Body* b = r->body;
  ASSERT_EQ(b->attributes.size, 4u);
  const hcl::Attribute* name = attr(b, "function_name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(pos(name->name_range), "5:9");
  EXPECT_EQ(pos(name->range), "5:9");
  EXPECT_EQ(name->range.end.col, 47u);
  ASSERT_EQ(name->expr->kind, ExprKind::Template);
  const auto* t = hcl::as<hcl::TemplateExpr>(name->expr);
  ASSERT_EQ(t->parts.size, 2u);
  EXPECT_EQ(t->parts[0].literal, "orders-");
  EXPECT_EQ(trav(t->parts[1].expr), "var.stage");
  // Positions inside the template are those of the JSON source.
  EXPECT_EQ(pos(t->parts[1].expr->range), "5:36");

  const hcl::Attribute* mem = attr(b, "memory_size");
  ASSERT_EQ(mem->expr->kind, ExprKind::Literal);
  EXPECT_EQ(hcl::as<hcl::LiteralExpr>(mem->expr)->lit, hcl::LiteralKind::Number);
  EXPECT_EQ(hcl::as<hcl::LiteralExpr>(mem->expr)->number, 128);
  EXPECT_EQ(hcl::as<hcl::LiteralExpr>(mem->expr)->text, "128");
  EXPECT_EQ(pos(mem->expr->range), "6:24");
  EXPECT_EQ(hcl::as<hcl::LiteralExpr>(attr(b, "publish")->expr)->lit, hcl::LiteralKind::Bool);
  EXPECT_TRUE(hcl::as<hcl::LiteralExpr>(attr(b, "publish")->expr)->boolean);
  EXPECT_EQ(hcl::as<hcl::LiteralExpr>(attr(b, "layers")->expr)->lit, hcl::LiteralKind::Null);

  ASSERT_EQ(b->blocks.size, 1u);
  const hcl::Block* tc = b->blocks[0];
  EXPECT_EQ(tc->type, "tracing_config");
  EXPECT_TRUE(tc->labels.empty());
  EXPECT_EQ(pos(tc->type_range), "9:9");
  EXPECT_EQ(lit(attr(tc->body, "mode")->expr), "Active");
}

TEST(TfJson, TracingConfigAsArrayIsRepeatedBlocks) {
  auto f = conv(R"JSON({"resource": {"aws_lambda_function": {"fn": {
    "tracing_config": [{"mode": "PassThrough"}, {"mode": "Active"}],
    "environment": [],
    "tags": {"Name": "x", "//": "kept: an expression object"}
  }}}})JSON");
  EXPECT_EQ(diags_of(*f), "");
  const hcl::Body* b = f->body->blocks[0]->body;
  ASSERT_EQ(b->blocks.size, 2u);
  EXPECT_EQ(b->blocks[0]->type, "tracing_config");
  EXPECT_EQ(lit(attr(b->blocks[0]->body, "mode")->expr), "PassThrough");
  EXPECT_EQ(lit(attr(b->blocks[1]->body, "mode")->expr), "Active");
  EXPECT_EQ(pos(b->blocks[1]->open_brace), "2:49");
  // An empty array is no block at all; an object-valued attribute stays an attribute.
  EXPECT_EQ(attr(b, "environment"), nullptr);
  const hcl::Attribute* tags = attr(b, "tags");
  ASSERT_NE(tags, nullptr);
  ASSERT_EQ(tags->expr->kind, ExprKind::Object);
  const auto* o = hcl::as<hcl::ObjectExpr>(tags->expr);
  ASSERT_EQ(o->items.size, 2u);
  EXPECT_EQ(lit(o->items[0].key), "Name");
  EXPECT_FALSE(o->items[0].key_is_bare_name);
  EXPECT_EQ(lit(o->items[0].value), "x");
  EXPECT_EQ(lit(o->items[1].key), "//");
}

TEST(TfJson, NonObjectNestedBlockValueIsAnAttribute) {
  auto f = conv(R"JSON({"resource": {"aws_lambda_function": {"fn": {"tracing_config": "${var.tc}"}}}})JSON");
  EXPECT_EQ(diags_of(*f), "");
  const hcl::Body* b = f->body->blocks[0]->body;
  EXPECT_TRUE(b->blocks.empty());
  ASSERT_NE(attr(b, "tracing_config"), nullptr);
  const hcl::Expr* e = attr(b, "tracing_config")->expr;
  ASSERT_EQ(e->kind, ExprKind::TemplateWrap);
  EXPECT_EQ(trav(hcl::as<hcl::TemplateWrapExpr>(e)->wrapped), "var.tc");
}

TEST(TfJson, DynamicBlock) {
  auto f = conv(R"JSON({"resource": {"aws_lambda_function": {"fn": {
    "dynamic": {
      "tracing_config": {
        "for_each": "${var.tracing ? [1] : []}",
        "iterator": "tc",
        "content": {"mode": "Active"}
      }
    }
  }}}})JSON");
  EXPECT_EQ(diags_of(*f), "");
  const hcl::Body* b = f->body->blocks[0]->body;
  ASSERT_EQ(b->blocks.size, 1u);
  const hcl::Block* d = b->blocks[0];
  EXPECT_EQ(d->type, "dynamic");
  ASSERT_EQ(d->labels.size, 1u);
  EXPECT_EQ(d->labels[0].value, "tracing_config");
  EXPECT_EQ(pos(d->labels[0].range), "3:7");
  const hcl::Attribute* fe = attr(d->body, "for_each");
  ASSERT_NE(fe, nullptr);
  ASSERT_EQ(fe->expr->kind, ExprKind::TemplateWrap);
  EXPECT_EQ(hcl::as<hcl::TemplateWrapExpr>(fe->expr)->wrapped->kind, ExprKind::Conditional);
  EXPECT_EQ(trav(attr(d->body, "iterator")->expr), "tc");
  ASSERT_EQ(d->body->blocks.size, 1u);
  const hcl::Block* content = d->body->blocks[0];
  EXPECT_EQ(content->type, "content");
  EXPECT_EQ(lit(attr(content->body, "mode")->expr), "Active");
}

TEST(TfJson, VariableTypeIsAnExpressionDefaultIsLiteral) {
  auto f = conv(R"JSON({"variable": {
    "names": {"type": "list(string)", "default": ["a", "${b}"], "description": "uses ${x}"},
    "stage": {"type": "string", "validation": {"condition": "${length(var.stage) > 0}", "error_message": "empty"}}
  }})JSON");
  EXPECT_EQ(diags_of(*f), "");
  ASSERT_EQ(f->body->blocks.size, 2u);
  const hcl::Block* v = f->body->blocks[0];
  EXPECT_EQ(v->type, "variable");
  ASSERT_EQ(v->labels.size, 1u);
  EXPECT_EQ(v->labels[0].value, "names");
  const hcl::Expr* type = attr(v->body, "type")->expr;
  ASSERT_EQ(type->kind, ExprKind::FunctionCall);
  EXPECT_EQ(hcl::as<hcl::FunctionCallExpr>(type)->name, "list");
  EXPECT_EQ(pos(type->range), "2:24");  // inside the quotes
  const hcl::Expr* def = attr(v->body, "default")->expr;
  ASSERT_EQ(def->kind, ExprKind::Tuple);
  EXPECT_EQ(lit(hcl::as<hcl::TupleExpr>(def)->items[1]), "${b}");  // literal, not a template
  EXPECT_EQ(lit(attr(v->body, "description")->expr), "uses ${x}");
  const hcl::Block* s = f->body->blocks[1];
  EXPECT_EQ(trav(attr(s->body, "type")->expr), "string");
  ASSERT_EQ(s->body->blocks.size, 1u);
  EXPECT_EQ(s->body->blocks[0]->type, "validation");
  EXPECT_EQ(attr(s->body->blocks[0]->body, "condition")->expr->kind, ExprKind::TemplateWrap);
}

TEST(TfJson, LocalsModuleOutputAndComments) {
  auto f = conv(R"JSON({
  "//": "generated by gen.py",
  "locals": {"greeting": "Hello, ${var.name}", "n": 3, "//": "not a local"},
  "module": {"fn": {
    "source": "./modules/${x}",
    "version": "1.0.0",
    "providers": {"aws": "aws.usw1", "aws.east": "aws.use1"},
    "depends_on": ["aws_iam_role.r", "module.other"],
    "name": "n-${var.stage}"
  }},
  "output": {"arn": {"value": "${aws_lambda_function.fn.arn}", "description": "${not a template}"}}
})JSON");
  EXPECT_EQ(diags_of(*f), "");
  ASSERT_EQ(f->body->blocks.size, 3u);
  ASSERT_EQ(f->comments.size(), 2u);
  EXPECT_EQ(f->comments[0].text, "// generated by gen.py");
  EXPECT_EQ(f->comments[1].text, "// not a local");
  EXPECT_EQ(pos(f->comments[0].range), "2:3");

  const hcl::Block* l = f->body->blocks[0];
  EXPECT_EQ(l->type, "locals");
  EXPECT_TRUE(l->labels.empty());
  ASSERT_EQ(l->body->attributes.size, 2u);
  EXPECT_EQ(l->body->attributes[0].name, "greeting");
  EXPECT_EQ(l->body->attributes[0].expr->kind, ExprKind::Template);
  EXPECT_EQ(l->body->attributes[1].name, "n");

  const hcl::Block* m = f->body->blocks[1];
  EXPECT_EQ(m->type, "module");
  EXPECT_EQ(m->labels[0].value, "fn");
  EXPECT_EQ(lit(attr(m->body, "source")->expr), "./modules/${x}");
  EXPECT_EQ(lit(attr(m->body, "version")->expr), "1.0.0");
  const auto* prov = hcl::as<hcl::ObjectExpr>(attr(m->body, "providers")->expr);
  ASSERT_EQ(prov->kind, ExprKind::Object);
  ASSERT_EQ(prov->items.size, 2u);
  EXPECT_EQ(trav(prov->items[0].key), "aws");
  EXPECT_TRUE(prov->items[0].key_is_bare_name);
  EXPECT_EQ(trav(prov->items[0].value), "aws.usw1");
  EXPECT_EQ(trav(prov->items[1].key), "aws.east");
  EXPECT_FALSE(prov->items[1].key_is_bare_name);
  const auto* deps = hcl::as<hcl::TupleExpr>(attr(m->body, "depends_on")->expr);
  ASSERT_EQ(deps->kind, ExprKind::Tuple);
  ASSERT_EQ(deps->items.size, 2u);
  EXPECT_EQ(trav(deps->items[0]), "aws_iam_role.r");
  EXPECT_EQ(trav(deps->items[1]), "module.other");
  EXPECT_EQ(pos(deps->items[1]->range), "8:39");
  EXPECT_EQ(attr(m->body, "name")->expr->kind, ExprKind::Template);

  const hcl::Block* o = f->body->blocks[2];
  const hcl::Expr* v = attr(o->body, "value")->expr;
  ASSERT_EQ(v->kind, ExprKind::TemplateWrap);
  EXPECT_EQ(trav(hcl::as<hcl::TemplateWrapExpr>(v)->wrapped), "aws_lambda_function.fn.arn");
  EXPECT_EQ(lit(attr(o->body, "description")->expr), "${not a template}");
}

TEST(TfJson, ProviderAliasesTerraformBlockAndMetaArguments) {
  auto f = conv(R"JSON({
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "usw1", "region": "us-west-1",
                        "default_tags": {"tags": {"team": "x"}}}]},
  "terraform": {"required_version": ">= 1.5", "backend": {"s3": {"bucket": "${not-template}"}},
                "required_providers": {"aws": {"source": "hashicorp/aws", "version": "~> 5.0"}}},
  "resource": {"aws_lambda_function": {"fn": {
    "provider": "aws.usw1",
    "count": "${var.n}",
    "depends_on": ["aws_iam_role.r"],
    "lifecycle": {"ignore_changes": ["tags", "environment"], "create_before_destroy": true,
                  "replace_triggered_by": ["null_resource.x.id"]},
    "provisioner": [{"local-exec": {"command": "echo ${self.arn}", "when": "destroy"}}],
    "connection": {"type": "ssh", "host": "${self.ip}"}
  }}},
  "data": {"aws_iam_policy_document": {"p": {"lifecycle": {"ignore_changes": "all"}}}},
  "moved": {"from": "aws_lambda_function.old", "to": "aws_lambda_function.fn"},
  "import": {"to": "aws_lambda_function.fn", "id": "fn-${var.stage}"}
})JSON");
  EXPECT_EQ(diags_of(*f), "");
  const hcl::Body* root = f->body;
  ASSERT_EQ(root->blocks.size, 7u);
  EXPECT_EQ(root->blocks[0]->type, "provider");
  EXPECT_EQ(root->blocks[1]->type, "provider");
  EXPECT_EQ(root->blocks[0]->labels[0].value, "aws");
  EXPECT_EQ(attr(root->blocks[0]->body, "alias"), nullptr);
  EXPECT_EQ(lit(attr(root->blocks[1]->body, "alias")->expr), "usw1");
  ASSERT_EQ(root->blocks[1]->body->blocks.size, 1u);
  EXPECT_EQ(root->blocks[1]->body->blocks[0]->type, "default_tags");

  const hcl::Block* tf = root->blocks[2];
  EXPECT_EQ(tf->type, "terraform");
  EXPECT_EQ(lit(attr(tf->body, "required_version")->expr), ">= 1.5");
  ASSERT_EQ(tf->body->blocks.size, 2u);
  EXPECT_EQ(tf->body->blocks[0]->type, "backend");
  EXPECT_EQ(tf->body->blocks[0]->labels[0].value, "s3");
  EXPECT_EQ(lit(attr(tf->body->blocks[0]->body, "bucket")->expr), "${not-template}");
  EXPECT_EQ(tf->body->blocks[1]->type, "required_providers");
  const auto* aws = hcl::as<hcl::ObjectExpr>(attr(tf->body->blocks[1]->body, "aws")->expr);
  ASSERT_EQ(aws->kind, ExprKind::Object);
  EXPECT_EQ(lit(aws->items[1].value), "~> 5.0");

  const hcl::Body* r = root->blocks[3]->body;
  EXPECT_EQ(trav(attr(r, "provider")->expr), "aws.usw1");
  EXPECT_EQ(attr(r, "count")->expr->kind, ExprKind::TemplateWrap);
  EXPECT_EQ(trav(hcl::as<hcl::TupleExpr>(attr(r, "depends_on")->expr)->items[0]), "aws_iam_role.r");
  ASSERT_EQ(r->blocks.size, 3u);
  const hcl::Block* lc = r->blocks[0];
  EXPECT_EQ(lc->type, "lifecycle");
  const auto* ic = hcl::as<hcl::TupleExpr>(attr(lc->body, "ignore_changes")->expr);
  ASSERT_EQ(ic->kind, ExprKind::Tuple);
  EXPECT_EQ(trav(ic->items[0]), "tags");
  EXPECT_EQ(trav(ic->items[1]), "environment");
  EXPECT_EQ(trav(hcl::as<hcl::TupleExpr>(attr(lc->body, "replace_triggered_by")->expr)->items[0]),
            "null_resource.x.id");
  const hcl::Block* prov = r->blocks[1];
  EXPECT_EQ(prov->type, "provisioner");
  EXPECT_EQ(prov->labels[0].value, "local-exec");
  EXPECT_EQ(trav(attr(prov->body, "when")->expr), "destroy");
  EXPECT_EQ(attr(prov->body, "command")->expr->kind, ExprKind::Template);
  const hcl::Block* conn = r->blocks[2];
  EXPECT_EQ(conn->type, "connection");
  EXPECT_EQ(lit(attr(conn->body, "type")->expr), "ssh");
  EXPECT_EQ(attr(conn->body, "host")->expr->kind, ExprKind::TemplateWrap);

  const hcl::Block* d = root->blocks[4];
  EXPECT_EQ(d->type, "data");
  EXPECT_EQ(trav(attr(d->body->blocks[0]->body, "ignore_changes")->expr), "all");
  const hcl::Block* mv = root->blocks[5];
  EXPECT_EQ(trav(attr(mv->body, "from")->expr), "aws_lambda_function.old");
  EXPECT_EQ(trav(attr(mv->body, "to")->expr), "aws_lambda_function.fn");
  const hcl::Block* im = root->blocks[6];
  EXPECT_EQ(trav(attr(im->body, "to")->expr), "aws_lambda_function.fn");
  EXPECT_EQ(attr(im->body, "id")->expr->kind, ExprKind::Template);
}

TEST(TfJson, LabelLevelsAcceptArrays) {
  auto f = conv(R"JSON({"resource": [{"aws_s3_bucket": [{"a": {"bucket": "x"}}, {"b": {}}]},
                                  {"aws_s3_bucket": {"c": [{"bucket": "y"}, {"bucket": "z"}]}}]})JSON");
  EXPECT_EQ(diags_of(*f), "");
  ASSERT_EQ(f->body->blocks.size, 4u);
  EXPECT_EQ(f->body->blocks[0]->labels[1].value, "a");
  EXPECT_EQ(f->body->blocks[1]->labels[1].value, "b");
  EXPECT_EQ(f->body->blocks[2]->labels[1].value, "c");
  EXPECT_EQ(f->body->blocks[3]->labels[1].value, "c");
  EXPECT_EQ(lit(attr(f->body->blocks[3]->body, "bucket")->expr), "z");
}

TEST(TfJson, EscapedStringsAndTemplateEscapes) {
  auto f = conv(
      R"JSON({"locals": {"a": "C:\\dir\\${var.x}", "b": "$${literal}", "c": "tab\there", "d": ""}})JSON");
  EXPECT_EQ(diags_of(*f), "");
  const hcl::Body* l = f->body->blocks[0]->body;
  const auto* a = hcl::as<hcl::TemplateExpr>(attr(l, "a")->expr);
  ASSERT_EQ(a->kind, ExprKind::Template);
  ASSERT_EQ(a->parts.size, 2u);
  EXPECT_EQ(a->parts[0].literal, "C:\\dir\\");  // backslashes are not HCL escapes here
  EXPECT_EQ(trav(a->parts[1].expr), "var.x");
  EXPECT_EQ(lit(attr(l, "b")->expr), "${literal}");
  EXPECT_EQ(lit(attr(l, "c")->expr), "tab\there");
  EXPECT_EQ(lit(attr(l, "d")->expr), "");
}

TEST(TfJson, JsonErrorsBecomeDiagnostics) {
  auto f = conv("{\n  \"resource\": {\n    \"aws_s3_bucket\": {\"b\": {\"bucket\": \"x\",}}\n  }\n}");
  EXPECT_EQ(diags_of(*f), "main.tf.json:3:42: trailing comma is not allowed\n");
  EXPECT_FALSE(f->ok());
  EXPECT_TRUE(f->body->blocks.empty());
  f = conv("{\"locals\": {\"a\": \"unterminated}}");
  EXPECT_EQ(diags_of(*f), "main.tf.json:1:18: unterminated string\n");
  f = conv("");
  EXPECT_EQ(diags_of(*f), "main.tf.json:1:1: unexpected end of input\n");
}

TEST(TfJson, SchemaErrorsAndWarnings) {
  auto f = conv(R"JSON({"resource": {"aws_s3_bucket": {"b": "oops"}}, "frobnicate": {}, "locals": [1]})JSON");
  EXPECT_EQ(diags_of(*f),
            "main.tf.json:1:38: invalid \"resource\" block: expected a JSON object or an array of objects, "
            "found string\n"
            "main.tf.json:1:48: unsupported top-level key \"frobnicate\" in a Terraform JSON file (ignored)\n"
            "main.tf.json:1:77: invalid \"locals\" block: expected a JSON object or an array of objects, "
            "found number\n");
  EXPECT_EQ(f->diags[1].severity, Severity::Warning);
  f = conv("[1]");
  EXPECT_EQ(diags_of(*f),
            "main.tf.json:1:1: expected a JSON object at the root of a Terraform JSON file, found array\n");
  // Errors inside expressions come from the HCL parser, positioned in the JSON file.
  f = conv(R"JSON({"variable": {"v": {"type": "list(string"}}})JSON");
  ASSERT_FALSE(f->diags.empty());
  EXPECT_EQ(f->diags[0].line, 1u);
  EXPECT_GE(f->diags[0].col, 29u);
}

TEST(TfJson, JsonToValue) {
  auto d = json::parse("t.tfvars.json", R"JSON({"name": "fn-${x}", "n": 1.5, "on": true, "nil": null,
    "list": [1, "a"], "map": {"b": 2, "a": 1, "b": 3}})JSON");
  ASSERT_TRUE(d->ok());
  Value v = json_to_value(d->root);
  ASSERT_EQ(v.kind(), Value::Kind::Object);
  EXPECT_EQ(v.get("name")->as_string(), "fn-${x}");  // literal, not a template
  EXPECT_EQ(v.get("n")->as_number(), 1.5);
  EXPECT_TRUE(v.get("on")->as_bool());
  EXPECT_TRUE(v.get("nil")->is_null());
  EXPECT_EQ(v.get("list")->kind(), Value::Kind::Tuple);
  EXPECT_EQ(v.get("list")->at(1)->as_string(), "a");
  EXPECT_EQ(v.get("map")->kind(), Value::Kind::Object);
  EXPECT_EQ(v.get("map")->attrs().size(), 2u);
  EXPECT_EQ(v.get("map")->get("b")->as_number(), 3);  // the last duplicate wins
  EXPECT_EQ(v.render(), json_to_value(d->root).render());
  EXPECT_TRUE(json_to_value(nullptr).is_null());
}

}  // namespace
}  // namespace cs::tf
