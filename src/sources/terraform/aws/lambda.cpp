// AWS Lambda: aws_lambda_function (tracing_config, also written as a dynamic block; its role) and
// aws_lambda_event_source_mapping (which function, which kind of source), and the shortcut for
// terraform-aws-modules/lambda/aws when its source is not on disk.
#include <string_view>

#include "sources/terraform/aws/mappers.h"
#include "sources/terraform/refs.h"

namespace cs::tf::aws {

using model::Location;
using model::Origin;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;

namespace {

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

// Classify a mode value as the AWS provider does (StringInSlice, case-sensitive; mode is required).
model::Attr<TracingMode> classify(const Value& v, const Location& where) {
  model::Attr<TracingMode> a;
  a.where = where;
  if (v.is_unknown() || v.is_error()) {
    a.value = TracingMode::Unknown;
    a.origin = Origin::Unknown;
    a.unknown_reason = v.is_error() ? "evaluating it fails: " + v.reason() : v.reason();
    return a;
  }
  a.origin = Origin::Explicit;
  if (v.is_null()) {
    a.value = TracingMode::Invalid;
    a.raw = "null";
    return a;
  }
  Value s = v.to_string_value();
  if (!s.is_string()) {
    a.value = TracingMode::Invalid;
    a.raw = v.render();  // marked parts render as their labels
    a.raw_is_label = v.is_marked();
    return a;
  }
  const std::string& text = s.as_string();
  a.value = model::aws::lambda::parse_tracing_mode(text);
  // A secret, or text from a file or the environment, is shown by its label, never as itself.
  if (s.is_marked()) {
    a.raw = s.label();
    a.raw_is_label = true;
  } else {
    a.raw = text;
  }
  return a;
}

model::Attr<TracingMode> mode_of(ResourceInstance& r, const hcl::Body* body, const std::string* file,
                                 const hcl::Block* block) {
  const hcl::Attribute* mode = find_attr(body, "mode");
  if (!mode) {
    model::Attr<TracingMode> a;
    a.value = TracingMode::Invalid;  // mode is required by the provider
    a.origin = Origin::Explicit;
    a.where = loc(file, block->type_range);
    return a;
  }
  return classify(r.eval(mode->expr), loc(file, mode->expr->range));
}

model::Attr<TracingMode> tracing_of(ResourceInstance& r) {
  std::vector<model::Attr<TracingMode>> blocks;  // one per tracing_config block the config produces
  for (const BlockRef& br : r.body().blocks) {
    const hcl::Block* b = br.block;
    if (b->type == "tracing_config") {
      blocks.push_back(mode_of(r, b->body, br.file, b));
    } else if (b->type == "dynamic" && b->labels.size == 1 && b->labels[0].value == "tracing_config") {
      const hcl::Attribute* fe = find_attr(b->body, "for_each");
      const hcl::Block* content = find_block(b->body, "content");
      std::string iter = "tracing_config";
      if (const hcl::Attribute* it = find_attr(b->body, "iterator")) {
        if (it->expr->kind == hcl::ExprKind::ScopeTraversal)
          iter = std::string(hcl::as<hcl::ScopeTraversalExpr>(it->expr)->root);
      }
      if (!fe || !content) {
        model::Attr<TracingMode> a;
        a.value = TracingMode::Invalid;
        a.origin = Origin::Explicit;
        a.where = loc(br.file, b->type_range);
        a.raw = "";
        blocks.push_back(a);
        continue;
      }
      Value coll = r.eval(fe->expr);
      if (!coll.is_known()) {
        model::Attr<TracingMode> a;
        a.value = TracingMode::Unknown;
        a.origin = Origin::Unknown;
        a.where = loc(br.file, fe->expr->range);
        a.unknown_reason = "dynamic \"tracing_config\" for_each " + describe_unknown(coll);
        blocks.push_back(a);
        continue;
      }
      std::vector<std::pair<Value, Value>> elems;
      if (coll.is_mapping()) {  // the keys of a marked map carry its marks
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
        blocks.push_back(mode_of(r, content->body, br.file, b));
        r.context().unbind();
      }
    }
  }
  if (blocks.empty()) return model::Attr<TracingMode>{};  // Absent, Default
  if (blocks.size() > 1) {
    auto a = blocks[1];
    a.value = TracingMode::Invalid;
    a.origin = Origin::Explicit;
    a.raw = "";
    a.unknown_reason.clear();
    return a;
  }
  return blocks[0];
}

// Expressions that decide the tracing mode of a resource body.
std::vector<const hcl::Expr*> deciding_exprs(const MergedBody& body) {
  std::vector<const hcl::Expr*> out;
  for (const BlockRef& br : body.blocks) {
    const hcl::Block* b = br.block;
    if (b->type == "tracing_config") {
      if (auto* m = find_attr(b->body, "mode")) out.push_back(m->expr);
    } else if (b->type == "dynamic" && b->labels.size == 1 && b->labels[0].value == "tracing_config") {
      if (auto* fe = find_attr(b->body, "for_each")) out.push_back(fe->expr);
      if (auto* c = find_block(b->body, "content"))
        if (auto* m = find_attr(c->body, "mode")) out.push_back(m->expr);
    }
  }
  return out;
}

// The execution role: an aws_iam_role of the same module by address, else the ARN when it is known.
model::Ref role_of(ResourceInstance& r, std::string* why) {
  model::Ref ref;
  AttrRef role = r.attr("role");
  if (!role) {
    *why = "role is not set (the AWS provider requires it)";
    return ref;
  }
  ref.address = r.address_of(role.attr->expr, "aws_iam_role");
  if (ref.empty()) {
    Value v = r.eval(role.attr->expr);
    Value s = v.is_known() ? v.to_string_value() : v;
    if (s.is_string() && !s.is_marked())
      ref.arn = s.as_string();
    else
      *why = "role " + (s.is_marked() ? "is " + s.label() : describe_unknown(v));
  }
  return ref;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

}  // namespace

// Evaluate the function's tracing and add it to the model.
void map_lambda_function(ResourceInstance& r, model::Model& out) {
  Function f;
  r.identify(f);
  f.tracing = tracing_of(r);
  if (f.tracing.origin == Origin::Default) f.tracing.anchor = r.anchor();
  f.role = role_of(r, &f.role_unknown);
  f.no_role = !r.attr("role");
  f.note = r.note();
  if (f.tracing.value == TracingMode::Unknown && !f.note.empty() && f.tracing.unknown_reason.empty())
    f.tracing.unknown_reason = f.note;
  // Where a user edits: when the value is decided by a module input, the caller's argument or call.
  if (r.in_child_module()) {
    std::vector<const hcl::Expr*> deciding = deciding_exprs(r.body());
    Location edit;
    std::string via;
    if (r.find_edit(deciding, &edit, &via)) {
      f.edit = edit;
      if (f.note.empty()) f.note = via;
    }
  }
  out.lambda_functions.push_back(std::move(f));
}

// An aws_lambda_event_source_mapping: which function it invokes and what its source is (an ARN, or
// the kind of source its blocks, the resource type its ARN refers to or its shape give).
void map_lambda_event_source_mapping(ResourceInstance& r, model::Model& out) {
  model::aws::lambda::EventSourceMapping m;
  r.identify(m);
  if (AttrRef fn = r.attr("function_name")) {
    // The function by address; only a literal instance key is kept (aws_lambda_function.f["a"]), as
    // before mappers were split out: a computed key (count.index) leaves the address without it.
    for_each_traversal(fn.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
      if (!m.function.empty() || t.root != "aws_lambda_function" || t.steps.size == 0 ||
          t.steps[0].kind != hcl::StepKind::Attr)
        return;
      m.function.address = r.module_prefix() + "aws_lambda_function." + std::string(t.steps[0].name);
      if (t.steps.size > 1 && t.steps[1].kind == hcl::StepKind::Index && t.steps[1].key) {
        Value key = r.eval(t.steps[1].key);
        if (key.is_known() && !key.is_null()) m.function.address += instance_key(key);
      }
    });
    if (m.function.empty()) {
      Value v = r.eval(fn.attr->expr).to_string_value();
      if (v.is_string() && v.as_string().rfind("arn:", 0) == 0) m.function.arn = v.as_string();
    }
  }
  // A value that is certainly there: known, not null, not an empty collection.
  auto present = [](const Value& v) {
    if (!v.is_known() || v.is_null()) return false;
    if (v.is_sequence()) return !v.items().empty();
    if (v.is_mapping()) return !v.attrs().empty();
    return true;
  };
  for (const BlockRef& b : r.body().blocks) {
    std::string_view t = b.block->type;
    if (t == "dynamic" && b.block->labels.size == 1) {
      // A dynamic block exists only for the elements of its for_each (none, or not known: no claim).
      const hcl::Attribute* fe = find_attr(b.block->body, "for_each");
      if (!fe || !present(r.eval(fe->expr))) continue;
      t = b.block->labels[0].value;
    }
    if (t == "self_managed_event_source" || t == "self_managed_kafka_event_source_config")
      m.source = "SelfManagedKafka";
    else if (t == "amazon_managed_kafka_event_source_config")
      m.source = "MSK";
    else if (t == "document_db_event_source_config")
      m.source = "DocumentDB";
    if (!m.source.empty()) break;
  }
  if (m.source.empty()) {
    if (AttrRef arn = r.attr("event_source_arn")) {
      Value v = r.eval(arn.attr->expr).to_string_value();
      if (v.is_string()) {
        m.source = v.as_string();
      } else {  // not known before apply: the type of the resource it refers to
        for_each_traversal(arn.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
          if (m.source.empty() && !model::aws::lambda::untraceable_event_source(t.root).empty())
            m.source = std::string(t.root);
        });
      }
    }
  }
  // Topics exist only for Kafka sources and queues only for Amazon MQ.
  if (model::aws::lambda::untraceable_event_source(m.source).empty()) {
    AttrRef topics = r.attr("topics"), queues = r.attr("queues");
    if (topics && present(r.eval(topics.attr->expr)))
      m.source = "MSK";
    else if (queues && present(r.eval(queues.attr->expr)))
      m.source = "MQ";
  }
  out.lambda_event_source_mappings.push_back(std::move(m));
}

bool is_tam_lambda_source(const std::string& src) {
  std::string s = src;
  if (starts_with(s, "registry.terraform.io/")) s = s.substr(22);
  if (starts_with(s, "terraform-aws-modules/lambda/aws")) {
    std::string rest = s.substr(32);
    return rest.empty() || rest[0] == '?';
  }
  return src.find("github.com/terraform-aws-modules/terraform-aws-lambda") != std::string::npos &&
         src.find("//") == src.rfind("//");  // not a sub-directory of the repository
}

// terraform-aws-modules/lambda/aws whose source is not on disk: its aws_lambda_function.this[0] is
// created when create && create_function && !create_layer, with tracing_mode as the mode. `call` is one
// instance of the module call (its address module.x[...]).
void map_tam_lambda(ResourceInstance& call, model::Model& out) {
  auto function = [&](const std::string& addr) {
    Function f;
    f.enclosing = call.enclosing();
    f.root = call.root();
    f.address = addr;
    f.kind = "terraform";
    f.type = "aws_lambda_function";
    f.declared = call.declared();
    f.edit = f.declared;
    return f;
  };
  const std::string name = call.name();
  auto flag = [&](const char* arg, bool dflt) -> Value {
    AttrRef a = call.attr(arg);
    if (!a) return Value::boolean(dflt);
    Value v = call.eval(a.attr->expr);
    if (v.is_null()) return Value::boolean(dflt);
    return v.is_known() ? v.to_bool_value() : v;
  };
  Value create = flag("create", true), create_function = flag("create_function", true),
        create_layer = flag("create_layer", false);
  for (const Value* v : {&create, &create_function, &create_layer}) {
    if (!v->is_known()) {
      Function f = function(call.address() + ".aws_lambda_function.this");
      f.tracing.value = TracingMode::Unknown;
      f.tracing.origin = Origin::Unknown;
      f.tracing.unknown_reason = "whether module." + name + " creates a function " + describe_unknown(*v);
      out.lambda_functions.push_back(std::move(f));
      return;
    }
  }
  if (!create.as_bool() || !create_function.as_bool() || create_layer.as_bool()) return;
  Function f = function(call.address() + ".aws_lambda_function.this[0]");
  AttrRef tm = call.attr("tracing_mode");
  if (tm) {
    Value v = call.eval(tm.attr->expr);
    if (v.is_null()) {
      f.tracing = model::Attr<TracingMode>{};
    } else {
      f.tracing = classify(v, ResourceInstance::where(tm));
      f.edit = ResourceInstance::where(tm);
    }
  }
  f.note = "terraform-aws-modules/lambda/aws input tracing_mode";
  f.role = map_tam_lambda_role(call, out, &f.role_unknown);
  if (call.in_child_module() && tm) {
    Location up;
    std::string via;
    if (call.find_edit({tm.attr->expr}, &up, &via)) {
      f.edit = up;
      f.note = via;
    }
  }
  out.lambda_functions.push_back(std::move(f));
}

}  // namespace cs::tf::aws
