#include "sources/terraform/scan.h"

#include <pthread.h>
#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include "sources/terraform/cycles.h"
#include "sources/terraform/eval.h"
#include "sources/terraform/refs.h"
#include "sources/terraform/tfjson.h"
#include "syntax/json/json.h"

namespace cs::tf {

using model::Location;
using model::Origin;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;

std::string instance_key(const Value& key) {
  if (key.is_marked() && key.is_known()) return "[" + key.label() + "]";  // never a secret in an address
  if (key.is_number()) return "[" + Value::format_number(key.as_number()) + "]";
  if (key.is_string()) {
    std::string out = "[\"";
    for (char c : key.as_string()) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"]";
  }
  return "[*]";  // unknown instance key
}

namespace {

Location loc(const std::string* file, const hcl::Range& r) {
  return Location{file ? *file : std::string(),
                  r.begin.line,
                  r.begin.col,
                  r.end.line,
                  r.end.col,
                  r.begin.offset,
                  r.end.offset};
}

// Where an argument or block missing from a resource would be written: after its last attribute, at that
// attribute's indentation; in an empty block, after the opening brace, indented two spaces more than the
// block. Not known for JSON syntax (a fix there edits JSON, not a line).
model::Anchor anchor_in(const BlockRef& b) {
  model::Anchor a;
  const hcl::Block* blk = b.block;
  if (!blk || !blk->body || blk->body->from_json) return a;
  a.file = b.file ? *b.file : std::string();
  const hcl::Attribute* last = nullptr;
  for (const hcl::Attribute& at : blk->body->attributes)
    if (!last || at.range.end.offset > last->range.end.offset) last = &at;
  if (last) {
    a.offset = last->range.end.offset;
    a.line = last->range.end.line;
    a.col = last->range.end.col;
    a.indent.assign(last->range.begin.col - 1, ' ');
  } else {
    a.offset = blk->open_brace.end.offset;
    a.line = blk->open_brace.end.line;
    a.col = blk->open_brace.end.col;
    a.indent.assign(blk->range.begin.col - 1 + 2, ' ');
  }
  return a;
}

// Where a block is declared: its first line in HCL; in JSON, the key of its innermost label (the
// resource's own name), since the type key is shared by every resource of the file.
Location decl_loc(const BlockRef& b) {
  const hcl::Block* blk = b.block;
  Location l = blk->body && blk->body->from_json && !blk->labels.empty()
                   ? loc(b.file, blk->labels[blk->labels.size - 1].range)
                   : loc(b.file, blk->type_range);
  l.end_line = blk->range.end.line;  // the whole block, for suppressions written inside it
  l.end_col = blk->range.end.col;
  return l;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// terraform-aws-modules/lambda/aws, from the registry or its git repository.
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

bool is_local_source(const std::string& s) { return starts_with(s, "./") || starts_with(s, "../"); }

std::string display_dir(const std::string& dir) {
  std::string n = io::normalize(dir);
  return n.empty() ? "." : n;
}

// .terraform/modules/modules.json: module key ("api.fn") -> directory (relative to the root).
std::map<std::string, std::string> read_modules_json(const io::FileSystem& fs, const std::string& root,
                                                     Diagnostics& diags) {
  std::map<std::string, std::string> out;
  std::string path = io::join(root, ".terraform/modules/modules.json");
  if (!fs.is_file(path)) return out;
  auto content = fs.read(path);
  if (!content) return out;
  auto doc = json::parse(path, std::move(*content));
  for (const auto& d : doc->diags) diags.push_back(d);
  const json::Node* mods = doc->root ? doc->root->find("Modules") : nullptr;
  if (!mods || mods->kind != json::Kind::Array) return out;
  for (const json::Node* m : mods->items()) {
    const json::Node* key = m->find("Key");
    const json::Node* dir = m->find("Dir");
    if (key && dir && key->kind == json::Kind::String && dir->kind == json::Kind::String)
      out[std::string(key->text())] = std::string(dir->text());
  }
  return out;
}

// Evaluation recurses once per nested expression and reference, up to kMaxEvalDepth; a thread's
// default stack (8 MiB, less elsewhere) is tight for that in a sanitizer build. Run the workers on
// threads with a stack of their own size; if none can be made, on this thread.
void run_on_big_stacks(unsigned n, const std::function<void()>& fn) {
  constexpr size_t kStack = size_t{64} << 20;
  std::vector<pthread_t> threads;
  for (unsigned i = 0; i < n; ++i) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) break;
    pthread_t t;
    bool ok = pthread_attr_setstacksize(&attr, kStack) == 0 &&
              pthread_create(
                  &t, &attr,
                  [](void* f) -> void* {
                    (*static_cast<const std::function<void()>*>(f))();
                    return nullptr;
                  },
                  const_cast<std::function<void()>*>(&fn)) == 0;
    pthread_attr_destroy(&attr);
    if (!ok) break;
    threads.push_back(t);
  }
  if (threads.empty()) fn();
  for (pthread_t t : threads) pthread_join(t, nullptr);
}

class Scanner;

struct Instance;

// What a module call expands to.
struct CallExpansion {
  enum class Kind { Single, Count, ForEach, Unknown, Missing, TamLambda } kind = Kind::Single;
  std::string unknown_reason;
  std::string missing_detail;
  const ModuleConfig* cfg = nullptr;
  std::vector<std::pair<Value, std::unique_ptr<Instance>>> instances;  // key (null for Single)
  Value instances_value;  // for references to module.x as a whole (built lazily)
  bool instances_value_built = false;
};

struct Instance {
  const ModuleConfig* cfg = nullptr;
  Instance* parent = nullptr;
  const ModuleCall* call = nullptr;  // the call in parent->cfg that made this instance
  std::string addr;                  // "", "module.a", "module.a[0].module.b"
  std::string key_path;              // modules.json key: "a.b"
  std::string rel_dir;               // path.module
  Value call_key;                    // the instance key of the call (null when none)
  bool call_has_count = false, call_has_for_each = false;
  Value call_each;                   // each.value for a for_each call
  int depth = 0;
  std::map<std::string, Value, std::less<>> var_cache, local_cache, output_cache;
  std::set<std::string, std::less<>> in_progress;
  std::map<std::string, CallExpansion, std::less<>> calls;
  std::vector<std::unique_ptr<hcl::File>> scratch;  // parsed -var values etc.
};

class Scanner {
 public:
  Scanner(const io::FileSystem& fs, const ScanOptions& opts,
          std::function<const ModuleConfig*(const std::string&)> load, std::string root_dir)
      : fs_(fs), opts_(opts), load_(std::move(load)), root_dir_(std::move(root_dir)) {}

  // Variables some scanned root declares (for the warning about values of undeclared variables).
  void set_declared_anywhere(const std::set<std::string>* names) { declared_anywhere_ = names; }

  void run(const ModuleConfig* root_cfg, const std::set<std::string>& only_files, ScanOutput& out) {
    BudgetScope budget_scope(&budget_);  // one evaluation budget per root module
    modules_json_ = read_modules_json(fs_, root_dir_, out.diags);
    root_ = std::make_unique<Instance>();
    root_->cfg = root_cfg;
    root_->rel_dir = ".";
    out_ = &out;
    only_files_ = &only_files;
    load_root_vars(out.diags);
    walk(*root_);
    for (const auto& f : root_->scratch) add_comments(*f, out.model.comments);  // the .tfvars files read
  }

 private:
  // ---------- the walk: every managed aws_lambda_function in every instance ----------

  // Terraform has no limit on instances; we do, so that count = 1e9 or modules nested with count
  // cannot hang a scan. Past the limit an expansion is evaluated once as "instances unknown".
  static constexpr long kMaxInstances = 200000;
  bool take_budget(long n) {
    if (n < 0 || n > kMaxInstances - instances_) return false;
    instances_ += n;
    return true;
  }
  std::string over_budget(long n) {
    if (n < 0) return "is negative or too large (Terraform rejects it)";
    return "has " + std::to_string(n) + " instances, more than cloudsift evaluates in one root (" +
           std::to_string(kMaxInstances) + ")";
  }

  void walk(Instance& inst) {
    for (const Resource& r : inst.cfg->resources) {
      if (!r.managed) continue;
      // A mapping yields no result of its own but decides whether its function is checked, so it is
      // read whichever files were named.
      if (r.type == "aws_lambda_event_source_mapping") {
        expand_resource(inst, r);
        continue;
      }
      if (r.type != "aws_lambda_function" && r.type != "aws_api_gateway_stage" &&
          r.type != "aws_api_gateway_deployment")
        continue;
      if (!only_files_->empty() && inst.depth == 0 && !only_files_->count(*r.decl.file)) continue;
      expand_resource(inst, r);
    }
    for (const ModuleCall& c : inst.cfg->module_calls) {
      if (!only_files_->empty() && inst.depth == 0 && !only_files_->count(*c.decl.file)) continue;
      CallExpansion& ex = expansion(inst, c);
      std::string addr = inst.addr + (inst.addr.empty() ? "" : ".") + "module." + c.name;
      switch (ex.kind) {
        case CallExpansion::Kind::Missing:
          out_->model.opaque.push_back(model::OpaqueComponent{addr, "terraform", decl_loc(c.decl),
                                                              "module-missing", ex.missing_detail});
          break;
        case CallExpansion::Kind::TamLambda:
          tam_lambda(inst, c);
          break;
        default:
          for (auto& [key, child] : ex.instances) walk(*child);
      }
    }
  }

  void expand_resource(Instance& inst, const Resource& r) {
    std::string base = inst.addr + (inst.addr.empty() ? "" : ".") + r.type + "." + r.name;
    AttrRef count = r.body.attr("count"), for_each = r.body.attr("for_each");
    if (count) {
      EvalContext ctx = context(inst);
      Value n = sensitive_expansion(eval(count.attr->expr, ctx), "count");
      if (n.is_known()) n = n.to_number_value();
      if (!n.is_known() || n.is_null()) {
        std::string why = n.is_null() ? "count is null" : "count " + describe_unknown(n);
        ctx.bind("count", Value::object({{"index", Value::unknown(why)}}));
        emit(inst, r, base, ctx, "instances of " + base + " are not known before apply: " + why);
        return;
      }
      double dn = n.as_number();
      long total = dn > 1e12 ? -1 : static_cast<long>(dn);
      if (!take_budget(total)) {
        std::string why = "count " + over_budget(total);
        ctx.bind("count", Value::object({{"index", Value::unknown(why)}}));
        emit(inst, r, base, ctx, "instances of " + base + " are not evaluated: " + why);
        return;
      }
      for (long i = 0; i < total; ++i) {
        EvalContext c = context(inst);
        c.bind("count", Value::object({{"index", Value::number(static_cast<double>(i))}}));
        emit(inst, r, base + "[" + std::to_string(i) + "]", c, "");
      }
      return;
    }
    if (for_each) {
      EvalContext ctx = context(inst);
      Value coll = sensitive_expansion(eval(for_each.attr->expr, ctx), "for_each");
      if (!coll.is_wholly_known() && !(coll.is_mapping() && coll.is_known())) {
        std::string why = "for_each " + describe_unknown(coll);
        ctx.bind("each", Value::object({{"key", Value::unknown(why)}, {"value", Value::unknown(why)}}));
        emit(inst, r, base, ctx, "instances of " + base + " are not known before apply: " + why);
        return;
      }
      auto pairs = for_each_pairs(coll, for_each, inst);
      if (!take_budget(static_cast<long>(pairs.size()))) {
        std::string why = "for_each " + over_budget(static_cast<long>(pairs.size()));
        ctx.bind("each", Value::object({{"key", Value::unknown(why)}, {"value", Value::unknown(why)}}));
        emit(inst, r, base, ctx, "instances of " + base + " are not evaluated: " + why);
        return;
      }
      for (auto& [key, value] : pairs) {
        EvalContext c = context(inst);
        c.bind("each", Value::object({{"key", key}, {"value", value}}));
        emit(inst, r, base + instance_key(key), c, "");
      }
      return;
    }
    EvalContext ctx = context(inst);
    emit(inst, r, base, ctx, "");
  }

  std::vector<std::pair<Value, Value>> for_each_pairs(const Value& coll, AttrRef where, Instance& inst) {
    std::vector<std::pair<Value, Value>> out;
    if (coll.is_mapping()) {
      for (const auto& [k, v] : coll.attrs()) out.emplace_back(Value::string(k).with_marks(coll.marks()), v);
    } else if (coll.kind() == Value::Kind::Set) {
      for (const auto& v : coll.items()) {
        Value s = v.to_string_value();
        if (s.is_string()) out.emplace_back(s, s);
      }
    } else if (!coll.is_null()) {
      diag(where, "for_each must be a map or a set of strings, got " + coll.render());
    }
    return out;
  }

  // An aws_lambda_event_source_mapping: which function it invokes and what its source is (an ARN, or
  // the kind of source its blocks, the resource type its ARN refers to or its shape give).
  void emit_mapping(Instance& inst, const Resource& r, const std::string& addr, EvalContext& ctx) {
    model::aws::lambda::EventSourceMapping m;
    m.address = addr;
    m.type = r.type;
    m.kind = "terraform";
    m.declared = decl_loc(r.decl);
    m.enclosing = enclosing(inst);
    std::string prefix = inst.addr.empty() ? "" : inst.addr + ".";
    if (AttrRef fn = r.body.attr("function_name")) {
      for_each_traversal(fn.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
        if (!m.function.empty() || t.root != "aws_lambda_function" || t.steps.size == 0 ||
            t.steps[0].kind != hcl::StepKind::Attr)
          return;
        m.function.address = prefix + "aws_lambda_function." + std::string(t.steps[0].name);
        if (t.steps.size > 1 && t.steps[1].kind == hcl::StepKind::Index && t.steps[1].key) {
          Value key = eval(t.steps[1].key, ctx);
          if (key.is_known() && !key.is_null()) m.function.address += instance_key(key);
        }
      });
      if (m.function.empty()) {
        Value v = eval(fn.attr->expr, ctx).to_string_value();
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
    for (const BlockRef& b : r.body.blocks) {
      std::string_view t = b.block->type;
      if (t == "dynamic" && b.block->labels.size == 1) {
        // A dynamic block exists only for the elements of its for_each (none, or not known: no claim).
        const hcl::Attribute* fe = find_attr(b.block->body, "for_each");
        if (!fe || !present(eval(fe->expr, ctx))) continue;
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
      if (AttrRef arn = r.body.attr("event_source_arn")) {
        Value v = eval(arn.attr->expr, ctx).to_string_value();
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
      AttrRef topics = r.body.attr("topics"), queues = r.body.attr("queues");
      if (topics && present(eval(topics.attr->expr, ctx)))
        m.source = "MSK";
      else if (queues && present(eval(queues.attr->expr, ctx)))
        m.source = "MQ";
    }
    out_->model.lambda_event_source_mappings.push_back(std::move(m));
  }

  // The execution role: an aws_iam_role of the same module by address, else the ARN when it is known.
  model::Ref role_of(const Instance& inst, const Resource& r, EvalContext& ctx) {
    model::Ref ref;
    AttrRef role = r.body.attr("role");
    if (!role) return ref;
    for_each_traversal(role.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
      if (!ref.empty() || t.root != "aws_iam_role" || t.steps.size == 0 ||
          t.steps[0].kind != hcl::StepKind::Attr)
        return;
      ref.address =
          (inst.addr.empty() ? "" : inst.addr + ".") + "aws_iam_role." + std::string(t.steps[0].name);
    });
    if (ref.empty()) {
      Value v = eval(role.attr->expr, ctx).to_string_value();
      if (v.is_string() && !v.is_marked()) ref.arn = v.as_string();
    }
    return ref;
  }

  // The REST API a stage or deployment belongs to: an aws_api_gateway_rest_api of the same module.
  model::Ref rest_api_of(const Instance& inst, const Resource& r) {
    model::Ref ref;
    AttrRef id = r.body.attr("rest_api_id");
    if (!id) return ref;
    for_each_traversal(id.attr->expr, [&](const hcl::ScopeTraversalExpr& t) {
      if (!ref.empty() || t.root != "aws_api_gateway_rest_api" || t.steps.size == 0 ||
          t.steps[0].kind != hcl::StepKind::Attr)
        return;
      ref.address = (inst.addr.empty() ? "" : inst.addr + ".") + "aws_api_gateway_rest_api." +
                    std::string(t.steps[0].name);
    });
    return ref;
  }

  // aws_api_gateway_stage: xray_tracing_enabled (Optional, default false in the AWS provider).
  // aws_api_gateway_deployment with stage_name: the provider creates that stage through the
  // deployment, and such a stage has no tracing setting at all.
  void emit_stage(Instance& inst, const Resource& r, const std::string& addr, EvalContext& ctx) {
    model::aws::apigateway::Stage st;
    st.address = addr;
    st.type = r.type;
    st.kind = "terraform";
    st.declared = decl_loc(r.decl);
    st.enclosing = enclosing(inst);
    st.api = rest_api_of(inst, r);
    std::vector<const hcl::Expr*> deciding;
    if (AttrRef name = r.body.attr("stage_name")) {
      Value v = eval(name.attr->expr, ctx).to_string_value();
      if (v.is_string() && !v.is_marked()) st.stage_name = v.as_string();
    }
    if (r.type == "aws_api_gateway_deployment") {
      AttrRef name = r.body.attr("stage_name");
      if (!name) return;  // a deployment without stage_name creates no stage
      Value v = eval(name.attr->expr, ctx);
      if (v.is_known() && (v.is_null() || (v.is_string() && v.as_string().empty()))) return;
      st.implicit = true;
      st.edit = loc(name.file, name.attr->expr->range);
      if (!v.is_known()) {  // whether a stage is created cannot be known
        st.implicit = false;
        st.tracing.origin = Origin::Unknown;
        st.tracing.unknown_reason = "stage_name " + v.reason();
      }
      deciding.push_back(name.attr->expr);
    } else if (AttrRef x = r.body.attr("xray_tracing_enabled")) {
      Location where = loc(x.file, x.attr->expr->range);
      Value v = eval(x.attr->expr, ctx);
      st.tracing.where = where;
      if (v.is_unknown() || v.is_error()) {
        st.tracing.origin = Origin::Unknown;
        st.tracing.unknown_reason = v.is_error() ? "evaluating it fails: " + v.reason() : v.reason();
      } else if (v.is_null()) {
        st.tracing.origin = Origin::Default;  // null is "not set": the provider's default, false
        st.tracing.anchor = anchor_in(r.decl);
      } else {
        Value b = v.to_bool_value();
        if (b.is_bool()) {
          st.tracing.origin = Origin::Explicit;
          st.tracing.value = b.as_bool();
          st.tracing.raw = v.is_marked() ? v.label() : (b.as_bool() ? "true" : "false");
          st.tracing.raw_is_label = v.is_marked();
        } else {
          st.tracing.origin = Origin::Unknown;
          st.tracing.unknown_reason = "xray_tracing_enabled is not a bool (the AWS provider rejects it)";
        }
      }
      deciding.push_back(x.attr->expr);
    } else {
      st.tracing.anchor = anchor_in(r.decl);
    }
    if (inst.parent) {
      Location edit;
      std::string via;
      if (find_edit(inst, deciding, &edit, &via)) {
        st.edit = edit;
        st.note = via;
      }
    }
    out_->model.apigateway_stages.push_back(std::move(st));
  }

  // Evaluate the function's tracing and add it to the model.
  void emit(Instance& inst, const Resource& r, const std::string& addr, EvalContext& ctx, const std::string& note) {
    if (r.type == "aws_lambda_event_source_mapping") return emit_mapping(inst, r, addr, ctx);
    if (r.type == "aws_api_gateway_stage" || r.type == "aws_api_gateway_deployment")
      return emit_stage(inst, r, addr, ctx);
    Function f;
    f.type = r.type;
    f.address = addr;
    f.kind = "terraform";
    f.declared = decl_loc(r.decl);
    f.tracing = tracing_of(r.body, ctx);
    if (f.tracing.origin == Origin::Default) f.tracing.anchor = anchor_in(r.decl);
    f.role = role_of(inst, r, ctx);
    f.note = note;
    f.enclosing = enclosing(inst);
    if (f.tracing.value == TracingMode::Unknown && !note.empty() && f.tracing.unknown_reason.empty())
      f.tracing.unknown_reason = note;
    // Where a user edits: when the value is decided by a module input, the caller's argument or call.
    if (inst.parent) {
      std::vector<const hcl::Expr*> deciding = deciding_exprs(r.body);
      Location edit;
      std::string via;
      if (find_edit(inst, deciding, &edit, &via)) {
        f.edit = edit;
        if (f.note.empty()) f.note = via;
      }
    }
    out_->model.lambda_functions.push_back(std::move(f));
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

  model::Attr<TracingMode> tracing_of(const MergedBody& body, EvalContext& ctx) {
    std::vector<model::Attr<TracingMode>> blocks;  // one per tracing_config block the config produces
    for (const BlockRef& br : body.blocks) {
      const hcl::Block* b = br.block;
      if (b->type == "tracing_config") {
        blocks.push_back(mode_of(b->body, br.file, b, ctx));
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
        Value coll = eval(fe->expr, ctx);
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
          ctx.bind(iter, Value::object({{"key", k}, {"value", v}}));
          blocks.push_back(mode_of(content->body, br.file, b, ctx));
          ctx.unbind();
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

  model::Attr<TracingMode> mode_of(const hcl::Body* body, const std::string* file, const hcl::Block* block,
                                   EvalContext& ctx) {
    const hcl::Attribute* mode = find_attr(body, "mode");
    if (!mode) {
      model::Attr<TracingMode> a;
      a.value = TracingMode::Invalid;  // mode is required by the provider
      a.origin = Origin::Explicit;
      a.where = loc(file, block->type_range);
      return a;
    }
    return classify(eval(mode->expr, ctx), loc(file, mode->expr->range));
  }

  static const hcl::Attribute* find_attr(const hcl::Body* b, std::string_view name) {
    for (const auto& a : b->attributes)
      if (a.name == name) return &a;
    return nullptr;
  }
  static const hcl::Block* find_block(const hcl::Body* b, std::string_view type) {
    for (const hcl::Block* x : b->blocks)
      if (x->type == type) return x;
    return nullptr;
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

  // If the expressions depend on input variables of a called module, the place to edit is where the
  // caller sets them (or the call itself when it does not). Walk up while the caller's argument itself
  // comes from its own module's inputs.
  bool find_edit(Instance& inst, const std::vector<const hcl::Expr*>& exprs, Location* edit, std::string* via) {
    if (!inst.parent || !inst.call) return false;
    std::set<std::string> vars = input_vars(*inst.cfg, exprs);
    if (vars.empty()) return false;
    const ModuleCall& call = *inst.call;
    std::vector<const hcl::Expr*> args;
    std::string first_set;
    for (const auto& v : vars) {
      AttrRef a = call.body.attr(v);
      if (a) {
        args.push_back(a.attr->expr);
        if (first_set.empty()) first_set = v;
      }
    }
    const std::string& name = *vars.begin();
    if (args.empty()) {
      *edit = decl_loc(call.decl);
      *via = "module input " + name + " is not set by module." + call.name;
      return true;
    }
    AttrRef a = call.body.attr(first_set);
    *edit = loc(a.file, a.attr->expr->range);
    *via = "from module input " + first_set + " of module." + call.name;
    Location up;
    std::string up_via;
    if (find_edit(*inst.parent, args, &up, &up_via)) {
      *edit = up;
      *via = up_via;
    }
    return true;
  }

  // ---------- module calls ----------

  CallExpansion& expansion(Instance& inst, const ModuleCall& c) {
    auto it = inst.calls.find(c.name);
    if (it != inst.calls.end()) return it->second;
    CallExpansion& ex = inst.calls[c.name];
    std::string key_path = inst.key_path.empty() ? c.name : inst.key_path + "." + c.name;
    // Where the module's source is.
    std::string dir;
    auto mj = modules_json_.find(key_path);
    if (mj != modules_json_.end()) {
      dir = io::join(root_dir_, mj->second);
    } else if (is_local_source(c.source)) {
      dir = io::join(inst.cfg->dir, c.source);
    }
    const ModuleConfig* cfg = nullptr;
    if (!dir.empty() && inst.depth + 1 < opts_.max_module_depth) cfg = load_(dir);
    // A module that is already being evaluated above this call: modules that call each other.
    // Terraform cannot install them (terraform init nests them until the path is too long).
    std::vector<const Instance*> chain;
    for (const Instance* a = &inst; a && cfg; a = a->parent) {
      chain.push_back(a);
      if (a->cfg != cfg) continue;
      std::string names;
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) names += display_dir((*it)->cfg->dir) + " -> ";
      names += display_dir(cfg->dir);
      Location at = decl_loc(c.decl);
      out_->diags.push_back(Diagnostic{Severity::Error, at.file, at.line, at.col,
                                       "Module cycle: " + names + " (module \"" + c.name + "\" calls \"" +
                                           c.source +
                                           "\", which is already being evaluated; Terraform "
                                           "cannot install modules that call each other)"});
      ex.kind = CallExpansion::Kind::Missing;
      ex.missing_detail = "module \"" + c.name + "\" is part of a module cycle (" + names + ")";
      return ex;
    }
    if (!cfg) {
      if (is_tam_lambda_source(c.source)) {
        ex.kind = CallExpansion::Kind::TamLambda;
        return ex;
      }
      ex.kind = CallExpansion::Kind::Missing;
      if (c.source.empty())
        ex.missing_detail = "module \"" + c.name + "\" has no literal source";
      else if (inst.depth + 1 >= opts_.max_module_depth)
        ex.missing_detail = "module \"" + c.name + "\" is nested deeper than " + std::to_string(opts_.max_module_depth) + " levels";
      else if (is_local_source(c.source))
        ex.missing_detail = "module source \"" + c.source + "\" has no Terraform files at " + dir;
      else
        ex.missing_detail = "module source \"" + c.source + "\" is not on disk (run terraform init to fetch it into .terraform/modules)";
      return ex;
    }
    ex.cfg = cfg;
    auto make = [&](Value key, bool has_count, bool has_each, Value each_value) {
      auto child = std::make_unique<Instance>();
      child->cfg = cfg;
      child->parent = &inst;
      child->call = &c;
      child->addr = inst.addr + (inst.addr.empty() ? "" : ".") + "module." + c.name +
                    (has_count || has_each ? instance_key(key) : "");
      child->key_path = key_path;
      child->rel_dir = mj != modules_json_.end() ? mj->second : io::relative(dir, root_dir_);
      child->call_key = key;
      child->call_has_count = has_count;
      child->call_has_for_each = has_each;
      child->call_each = std::move(each_value);
      child->depth = inst.depth + 1;
      ex.instances.emplace_back(std::move(key), std::move(child));
    };
    AttrRef count = c.body.attr("count"), for_each = c.body.attr("for_each");
    if (count) {
      EvalContext ctx = context(inst);
      Value n = sensitive_expansion(eval(count.attr->expr, ctx), "count");
      if (n.is_known()) n = n.to_number_value();
      if (!n.is_known() || n.is_null()) {
        ex.kind = CallExpansion::Kind::Unknown;
        ex.unknown_reason = "count of module." + c.name + " " + describe_unknown(n);
        make(Value::unknown(ex.unknown_reason), true, false, Value());
        return ex;
      }
      double dn = n.as_number();
      long total = dn > 1e12 ? -1 : static_cast<long>(dn);
      if (!take_budget(total)) {
        ex.kind = CallExpansion::Kind::Unknown;
        ex.unknown_reason = "count of module." + c.name + " " + over_budget(total);
        make(Value::unknown(ex.unknown_reason), true, false, Value());
        return ex;
      }
      ex.kind = CallExpansion::Kind::Count;
      for (long i = 0; i < total; ++i) make(Value::number(static_cast<double>(i)), true, false, Value());
    } else if (for_each) {
      EvalContext ctx = context(inst);
      Value coll = sensitive_expansion(eval(for_each.attr->expr, ctx), "for_each");
      if (!coll.is_wholly_known() && !(coll.is_mapping() && coll.is_known())) {
        ex.kind = CallExpansion::Kind::Unknown;
        ex.unknown_reason = "for_each of module." + c.name + " " + describe_unknown(coll);
        make(Value::unknown(ex.unknown_reason), false, true, Value::unknown(ex.unknown_reason));
        return ex;
      }
      auto pairs = for_each_pairs(coll, for_each, inst);
      if (!take_budget(static_cast<long>(pairs.size()))) {
        ex.kind = CallExpansion::Kind::Unknown;
        ex.unknown_reason = "for_each of module." + c.name + " " + over_budget(static_cast<long>(pairs.size()));
        make(Value::unknown(ex.unknown_reason), false, true, Value::unknown(ex.unknown_reason));
        return ex;
      }
      ex.kind = CallExpansion::Kind::ForEach;
      for (auto& [k, v] : pairs) make(k, false, true, v);
    } else {
      ex.kind = CallExpansion::Kind::Single;
      make(Value(), false, false, Value());
    }
    return ex;
  }

  // terraform-aws-modules/lambda/aws whose source is not on disk: its aws_lambda_function.this[0] is
  // created when create && create_function && !create_layer, with tracing_mode as the mode.
  void tam_lambda(Instance& inst, const ModuleCall& c) {
    std::string base = inst.addr + (inst.addr.empty() ? "" : ".") + "module." + c.name;
    auto run_one = [&](const std::string& addr, EvalContext& ctx) {
      auto flag = [&](const char* name, bool dflt) -> Value {
        AttrRef a = c.body.attr(name);
        if (!a) return Value::boolean(dflt);
        Value v = eval(a.attr->expr, ctx);
        if (v.is_null()) return Value::boolean(dflt);
        return v.is_known() ? v.to_bool_value() : v;
      };
      Value create = flag("create", true), create_function = flag("create_function", true),
            create_layer = flag("create_layer", false);
      for (const Value* v : {&create, &create_function, &create_layer}) {
        if (!v->is_known()) {
          Function f = tam_function(inst, addr + ".aws_lambda_function.this", c);
          f.tracing.value = TracingMode::Unknown;
          f.tracing.origin = Origin::Unknown;
          f.tracing.unknown_reason = "whether module." + c.name + " creates a function " + describe_unknown(*v);
          out_->model.lambda_functions.push_back(std::move(f));
          return;
        }
      }
      if (!create.as_bool() || !create_function.as_bool() || create_layer.as_bool()) return;
      Function f = tam_function(inst, addr + ".aws_lambda_function.this[0]", c);
      AttrRef tm = c.body.attr("tracing_mode");
      if (tm) {
        Value v = eval(tm.attr->expr, ctx);
        if (v.is_null()) {
          f.tracing = model::Attr<TracingMode>{};
        } else {
          f.tracing = classify(v, loc(tm.file, tm.attr->expr->range));
          f.edit = loc(tm.file, tm.attr->expr->range);
        }
      }
      f.note = "terraform-aws-modules/lambda/aws input tracing_mode";
      if (inst.parent && tm) {
        Location up;
        std::string via;
        if (find_edit(inst, {tm.attr->expr}, &up, &via)) {
          f.edit = up;
          f.note = via;
        }
      }
      out_->model.lambda_functions.push_back(std::move(f));
    };
    AttrRef count = c.body.attr("count"), for_each = c.body.attr("for_each");
    EvalContext ctx = context(inst);
    if (count) {
      Value n = sensitive_expansion(eval(count.attr->expr, ctx), "count");
      if (n.is_known()) n = n.to_number_value();
      if (!n.is_known() || n.is_null()) {
        ctx.bind("count", Value::object({{"index", Value::unknown("count " + describe_unknown(n))}}));
        run_one(base + "[*]", ctx);
        return;
      }
      double dn = n.as_number();
      long total = dn > 1e12 ? -1 : static_cast<long>(dn);
      if (!take_budget(total)) {
        ctx.bind("count", Value::object({{"index", Value::unknown("count " + over_budget(total))}}));
        run_one(base + "[*]", ctx);
        return;
      }
      for (long i = 0; i < total; ++i) {
        EvalContext c2 = context(inst);
        c2.bind("count", Value::object({{"index", Value::number(static_cast<double>(i))}}));
        run_one(base + "[" + std::to_string(i) + "]", c2);
      }
    } else if (for_each) {
      Value coll = sensitive_expansion(eval(for_each.attr->expr, ctx), "for_each");
      if (!coll.is_wholly_known() && !(coll.is_mapping() && coll.is_known())) {
        std::string why = "for_each " + describe_unknown(coll);
        ctx.bind("each", Value::object({{"key", Value::unknown(why)}, {"value", Value::unknown(why)}}));
        run_one(base + "[*]", ctx);
        return;
      }
      for (auto& [k, v] : for_each_pairs(coll, for_each, inst)) {
        EvalContext c2 = context(inst);
        c2.bind("each", Value::object({{"key", k}, {"value", v}}));
        run_one(base + instance_key(k), c2);
      }
    } else {
      run_one(base, ctx);
    }
  }

  // Declarations of the module calls an instance comes through, outermost first.
  static std::vector<Location> enclosing(const Instance& inst) {
    std::vector<Location> out;
    for (const Instance* i = &inst; i && i->call; i = i->parent) out.push_back(decl_loc(i->call->decl));
    std::reverse(out.begin(), out.end());
    return out;
  }

  Function tam_function(const Instance& inst, const std::string& addr, const ModuleCall& c) {
    Function f;
    f.enclosing = enclosing(inst);
    f.address = addr;
    f.kind = "terraform";
    f.type = "aws_lambda_function";
    f.declared = decl_loc(c.decl);
    f.edit = f.declared;
    return f;
  }

  // ---------- values ----------

  EvalContext context(Instance& inst) {
    EvalContext ctx([this, &inst](const hcl::ScopeTraversalExpr& t) { return resolve(inst, t); }, root_dir_,
                    &fs_, &budget_);
    confine(ctx);
    return ctx;
  }

  void confine(EvalContext& ctx) const {
    ctx.set_confinement(opts_.confine);
    ctx.set_max_file_size(opts_.max_file_size);
  }

  Value resolve(Instance& inst, const hcl::ScopeTraversalExpr& t) {
    std::string_view root = t.root;
    auto first_attr = [&]() -> std::string_view {
      if (t.steps.empty() || t.steps[0].kind != hcl::StepKind::Attr) return {};
      return t.steps[0].name;
    };
    EvalContext ctx = context(inst);
    if (root == "var") {
      std::string_view name = first_attr();
      if (name.empty()) return Value::error("a reference to var must name a variable");
      return apply_steps(var_value(inst, name), t, 1, ctx);
    }
    if (root == "local") {
      std::string_view name = first_attr();
      if (name.empty()) return Value::error("a reference to local must name a local value");
      return apply_steps(local_value(inst, name), t, 1, ctx);
    }
    if (root == "module") return module_ref(inst, t, ctx);
    if (root == "path") {
      std::string_view name = first_attr();
      if (name == "module") return Value::string(inst.rel_dir);
      if (name == "root") return Value::string(".");
      if (name == "cwd") return Value::string(root_dir_);
      return Value::error("unknown path attribute");
    }
    if (root == "terraform") {
      if (first_attr() == "workspace") return Value::string(opts_.workspace);
      return Value::unknown("terraform." + std::string(first_attr()) + " is not known to cloudsift");
    }
    if (root == "each") return Value::error("each can only be used in a block with for_each");
    if (root == "count") return Value::error("count.index can only be used in a block with count");
    if (root == "self") return Value::unknown("self is known only during provisioning");
    if (root == "data") {
      std::string what = "data";
      for (size_t i = 0; i < t.steps.size && i < 2; ++i) what += "." + std::string(t.steps[i].name);
      return Value::unknown(what + " is read during plan");
    }
    std::string what(root);
    if (!t.steps.empty() && t.steps[0].kind == hcl::StepKind::Attr) what += "." + std::string(t.steps[0].name);
    if (t.steps.size > 1 && t.steps[1].kind == hcl::StepKind::Attr) what += "." + std::string(t.steps[1].name);
    return Value::unknown(what + " is known only after apply");
  }

  Value module_ref(Instance& inst, const hcl::ScopeTraversalExpr& t, EvalContext& ctx) {
    if (t.steps.empty() || t.steps[0].kind != hcl::StepKind::Attr) return Value::error("invalid module reference");
    const ModuleCall* c = inst.cfg->call(t.steps[0].name);
    if (!c) return Value::error("no module call named \"" + std::string(t.steps[0].name) + "\"");
    CallExpansion& ex = expansion(inst, *c);
    switch (ex.kind) {
      case CallExpansion::Kind::Missing:
      case CallExpansion::Kind::TamLambda:
        return Value::unknown("module." + c->name + " is not on disk");
      case CallExpansion::Kind::Unknown:
        return Value::unknown(ex.unknown_reason);
      case CallExpansion::Kind::Single: {
        Instance& child = *ex.instances[0].second;
        if (t.steps.size >= 2 && t.steps[1].kind == hcl::StepKind::Attr)
          return apply_steps(output_value(child, t.steps[1].name), t, 2, ctx);
        return apply_steps(all_outputs(child), t, 1, ctx);
      }
      case CallExpansion::Kind::Count:
      case CallExpansion::Kind::ForEach: {
        if (!ex.instances_value_built) {
          ex.instances_value_built = true;
          if (ex.kind == CallExpansion::Kind::Count) {
            ValueList items;
            for (auto& [k, child] : ex.instances) items.push_back(all_outputs(*child));
            ex.instances_value = Value::tuple(std::move(items));
          } else {
            ValueMap m;
            for (auto& [k, child] : ex.instances) m[k.as_string()] = all_outputs(*child);
            ex.instances_value = Value::object(std::move(m));
          }
        }
        return apply_steps(ex.instances_value, t, 1, ctx);
      }
    }
    return Value::unknown("module reference");
  }

  Value all_outputs(Instance& child) {
    ValueMap m;
    for (const auto& [name, ref] : child.cfg->outputs) m[name] = output_value(child, name);
    return Value::object(std::move(m));
  }

  Value memo(Instance& inst, std::map<std::string, Value, std::less<>>& cache, const std::string& key,
             const std::function<Value()>& compute) {
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    // A value that needs itself: Terraform rejects the configuration (a cycle among locals is also an
    // error diagnostic, cycles.h). Unknown, not an error, so that try() cannot turn it into a value.
    if (!inst.in_progress.insert(key).second) {
      report_cycle(inst, key);
      return Value::unknown(key + " depends on itself (a cycle, which Terraform rejects)");
    }
    evaluating_.emplace_back(&inst, key);
    Value v = compute();
    evaluating_.pop_back();
    inst.in_progress.erase(key);
    cache[key] = v;
    return v;
  }

  // A cycle found while evaluating that goes through more than one module's locals (a module input
  // that needs the module's own output, ...): an error naming it, as Terraform's "Cycle: ...".
  // Cycles among one module's locals are reported from the configuration (cycles.h).
  void report_cycle(const Instance& inst, const std::string& key) {
    auto first = std::find(evaluating_.begin(), evaluating_.end(), std::make_pair(&inst, key));
    if (first == evaluating_.end()) return;
    bool only_locals = true;
    std::string names;
    for (auto it = first; it != evaluating_.end(); ++it) {
      only_locals = only_locals && it->first == &inst && it->second.rfind("local.", 0) == 0;
      names +=
          (names.empty() ? "" : ", ") + it->first->addr + (it->first->addr.empty() ? "" : ".") + it->second;
    }
    if (only_locals) return;
    Location at = where_of(inst, key);
    out_->diags.push_back(Diagnostic{Severity::Error, at.file, at.line, at.col,
                                     "Cycle: " + names +
                                         " (values that depend on each other; Terraform rejects "
                                         "the configuration)"});
  }

  // Where a variable (the caller's argument), local or output of an instance is written.
  static Location where_of(const Instance& inst, const std::string& key) {
    auto dot = key.find('.');
    std::string kind = key.substr(0, dot), name = key.substr(dot + 1);
    AttrRef a;
    if (kind == "var" && inst.call) a = inst.call->body.attr(name);
    if (kind == "local") a = inst.cfg->locals.count(name) ? inst.cfg->locals.at(name) : AttrRef{};
    if (kind == "output") a = inst.cfg->outputs.count(name) ? inst.cfg->outputs.at(name) : AttrRef{};
    if (a) return loc(a.file, a.attr->range);
    if (inst.call) return decl_loc(inst.call->decl);
    return Location{inst.cfg->dir, 0, 0, 0, 0};
  }

  Value output_value(Instance& inst, std::string_view name) {
    std::string key = "output." + std::string(name);
    return memo(inst, inst.output_cache, key, [&]() -> Value {
      auto it = inst.cfg->outputs.find(name);
      if (it == inst.cfg->outputs.end())
        return Value::error("module." + std::string(inst.call ? inst.call->name : "?") + " has no output \"" +
                            std::string(name) + "\"");
      EvalContext ctx = context(inst);
      Value v = eval(it->second.attr->expr, ctx);
      // sensitive = true marks the value, as Terraform does for whoever reads the output.
      auto sens = inst.cfg->output_sensitive.find(name);
      if (sens != inst.cfg->output_sensitive.end()) {
        Value s = eval(sens->second.attr->expr, ctx);
        if (s.is_bool() && s.as_bool()) v = v.with_marks(Value::kSensitive);
      }
      return v;
    });
  }

  Value local_value(Instance& inst, std::string_view name) {
    std::string key = "local." + std::string(name);
    return memo(inst, inst.local_cache, key, [&]() -> Value {
      auto it = inst.cfg->locals.find(name);
      if (it == inst.cfg->locals.end()) return Value::error("local." + std::string(name) + " is not declared");
      EvalContext ctx = context(inst);
      return eval(it->second.attr->expr, ctx);
    });
  }

  // A variable declared sensitive = true is marked sensitive, whatever gave its value.
  Value var_value(Instance& inst, std::string_view name) {
    std::string key = "var." + std::string(name);
    return memo(inst, inst.var_cache, key, [&]() -> Value {
      Value v = var_value_unmarked(inst, name);
      auto it = inst.cfg->variables.find(name);
      if (it != inst.cfg->variables.end())
        if (AttrRef s = it->second.body.attr("sensitive")) {
          EvalContext ctx = context(inst);
          Value b = eval(s.attr->expr, ctx);
          if (b.is_bool() && b.as_bool()) v = v.with_marks(Value::kSensitive);
        }
      return v;
    });
  }

  Value var_value_unmarked(Instance& inst, std::string_view name) {
    {
      auto it = inst.cfg->variables.find(name);
      if (it == inst.cfg->variables.end()) return Value::error("var." + std::string(name) + " is not declared");
      const Variable& var = it->second;
      AttrRef type = var.body.attr("type");
      AttrRef dflt = var.body.attr("default");
      AttrRef nullable = var.body.attr("nullable");
      EvalContext vctx = context(inst);
      bool not_nullable = false;
      if (nullable) {
        Value n = eval(nullable.attr->expr, vctx);
        not_nullable = n.is_bool() && !n.as_bool();
      }
      auto convert = [&](Value v) -> Value {
        if (type && v.is_known() && !v.is_null()) return convert_to_type(v, type.attr->expr, vctx);
        return v;
      };
      auto default_value = [&]() -> Value {
        if (!dflt) return Value::unknown("var." + std::string(name) + " has no value");
        // A default is a literal: references are an error (cycles.h reports it as Terraform does).
        EvalContext dctx(literal_only, root_dir_, &fs_, &budget_);
        return convert(eval(dflt.attr->expr, dctx));
      };
      Value v;
      bool given = false;
      if (inst.parent) {
        AttrRef arg = inst.call->body.attr(name);
        if (arg) {
          EvalContext pctx = context(*inst.parent);
          if (inst.call_has_count) pctx.bind("count", Value::object({{"index", inst.call_key}}));
          if (inst.call_has_for_each) pctx.bind("each", Value::object({{"key", inst.call_key}, {"value", inst.call_each}}));
          v = eval(arg.attr->expr, pctx);
          given = true;
        } else if (!dflt) {
          return Value::unknown("module input " + std::string(name) + " of module." + inst.call->name +
                                " is required but not set");
        }
      } else {
        auto rv = root_vars_.find(std::string(name));
        if (rv != root_vars_.end()) {
          v = rv->second;
          given = true;
        } else if (!dflt) {
          return Value::unknown("var." + std::string(name) +
                                " has no value (no default, and not set by --var, --var-file, a tfvars file or "
                                "TF_VAR_" + std::string(name) + ")");
        }
      }
      if (!given) return default_value();
      // An explicit null keeps the variable null unless it is declared nullable = false.
      if (v.is_null() && not_nullable && dflt) return default_value();
      return convert(v);
    }
  }

  // Root variable values from TF_VAR_*, terraform.tfvars(.json), *.auto.tfvars(.json) and the
  // --var / --var-file arguments, in Terraform's precedence order (later wins).
  void load_root_vars(Diagnostics& diags) {
    auto raw_value = [&](const std::string& name, const std::string& raw, bool from_env = false) -> Value {
      // Terraform takes the raw string for primitive (or untyped) variables and parses other types.
      auto it = root_->cfg->variables.find(name);
      bool complex = false;
      if (it != root_->cfg->variables.end()) {
        if (AttrRef t = it->second.body.attr("type")) {
          const hcl::Expr* te = t.attr->expr;
          std::string_view tn;
          if (te->kind == hcl::ExprKind::ScopeTraversal) tn = hcl::as<hcl::ScopeTraversalExpr>(te)->root;
          complex = !(tn == "string" || tn == "number" || tn == "bool");
        }
      }
      if (!complex) return Value::string(raw);
      auto holder = std::make_unique<hcl::File>();
      holder->path = "<value for var." + name + ">";
      std::string_view text = holder->arena.copy(raw);
      const hcl::Expr* e = hcl::parse_expression(*holder, text, hcl::Pos{});
      bool bad = false;
      for (const auto& d : holder->diags) {
        // A message about a value from the environment could quote it: say only that it does not parse.
        if (!from_env) diags.push_back(d);
        bad = bad || d.severity == Severity::Error;
      }
      if (from_env && bad)
        diags.push_back(Diagnostic{Severity::Error, "TF_VAR_" + name, 0, 0,
                                   "the value of TF_VAR_" + name + " (from environment) is not a valid " +
                                       "expression for its type; it is not shown"});
      if (!e) return Value::error("invalid value for var." + name);
      EvalContext ctx(literal_only, root_dir_, &fs_, &budget_);
      confine(ctx);
      Value v = eval(e, ctx);
      root_->scratch.push_back(std::move(holder));
      // Its messages would quote parts of the value.
      if (from_env && v.is_error())
        return Value::error("the value of TF_VAR_" + name + " (from environment) is not valid for its type");
      return v;
    };
    // Values from the environment are marked: they are never printed.
    for (const auto& [name, raw] : opts_.tf_var_env)
      root_vars_[name] = raw_value(name, raw, true).with_marks(Value::kEnv);
    // A value for a variable the root module does not declare is not used: Terraform warns about it
    // (and rejects it outright on the command line). A --var-file is read for every root, so it only
    // warns when no scanned root declares the variable.
    auto undeclared = [&](const std::string& name, const std::string& file, unsigned line, unsigned col,
                          bool every_root) {
      if (root_->cfg->variables.count(name)) return;
      if (every_root && declared_anywhere_ && declared_anywhere_->count(name)) return;
      diags.push_back(Diagnostic{Severity::Warning, file, line, col,
                                 "Value for undeclared variable: the root module does not declare a variable "
                                 "named \"" +
                                     name + "\" but a value was found in file \"" + io::basename(file) +
                                     "\"; the value is not used"});
    };
    auto load_file = [&](const std::string& path, bool required) {
      // Something that exists under that name but is not a regular file (a FIFO, a device) is read()'s
      // error, not "not found" and not skipped.
      if (!fs_.stat(path)) {
        if (required) diags.push_back(Diagnostic{Severity::Error, path, 0, 0, "variable file not found"});
        return;
      }
      // The tfvars files Terraform loads by itself are part of the scanned tree: one that is a symlink
      // out of it is not read (a --var-file is the user's choice). Devices, FIFOs and huge files are
      // refused by the file system's read with what they are.
      if (!required && opts_.confine) {
        auto r = opts_.confine->resolve(path);
        if (r.refusal == io::Confinement::Refusal::Outside && !io::path_within(r.real_path, "/dev")) {
          diags.push_back(Diagnostic{Severity::Error, path, 0, 0, r.reason + "; not read"});
          return;
        }
      }
      auto content = fs_.read(path);
      if (!content) {
        diags.push_back(Diagnostic{Severity::Error, path, 0, 0, content.error().message});
        return;
      }
      if (auto bin = io::find_binary(*content)) {
        diags.push_back(Diagnostic{Severity::Error, path, bin->nul ? 0 : bin->line, bin->nul ? 0 : bin->col,
                                   bin->message()});
        return;
      }
      if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
        auto doc = json::parse(path, std::move(*content));
        for (const auto& d : doc->diags) diags.push_back(d);
        if (doc->root && doc->root->kind == json::Kind::Object) {
          for (const auto& mem : doc->root->members()) {
            root_vars_[std::string(mem.key)] = json_to_value(mem.value);
            undeclared(std::string(mem.key), path, mem.key_range.begin.line, mem.key_range.begin.col,
                       required);
          }
        }
        return;
      }
      auto file = hcl::parse(path, std::move(*content));
      for (const auto& d : file->diags) diags.push_back(d);
      for (const auto& a : file->body->attributes) {
        EvalContext ctx(literal_only, root_dir_, &fs_, &budget_);
        confine(ctx);
        root_vars_[std::string(a.name)] = eval(a.expr, ctx);
        undeclared(std::string(a.name), path, a.name_range.begin.line, a.name_range.begin.col, required);
      }
      root_->scratch.push_back(std::move(file));
    };
    load_file(io::join(root_dir_, "terraform.tfvars"), false);
    load_file(io::join(root_dir_, "terraform.tfvars.json"), false);
    auto entries = fs_.list(root_dir_);
    if (entries) {
      std::vector<std::string> autos;
      for (const auto& e : *entries) {
        const std::string& n = e.name;
        auto ends = [&](std::string_view s) { return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
        if (!e.is_dir && (ends(".auto.tfvars") || ends(".auto.tfvars.json"))) autos.push_back(n);
      }
      std::sort(autos.begin(), autos.end());
      for (const auto& n : autos) load_file(io::join(root_dir_, n), false);
    }
    for (const auto& va : opts_.var_args) {
      if (va.is_file) load_file(va.value, true);
      else root_vars_[va.name] = raw_value(va.name, va.value);
    }
  }

  static Value literal_only(const hcl::ScopeTraversalExpr& t) {
    return Value::error("variables may not be used here (" + std::string(t.root) + ")");
  }

  // Terraform rejects sensitive values as count or for_each: they would show in instance addresses.
  static Value sensitive_expansion(Value v, const char* what) {
    if (!(v.deep_marks() & Value::kSensitive)) return v;
    return Value::error(std::string("Invalid ") + what +
                        " argument: Sensitive values, or values derived from "
                        "sensitive values, cannot be used as " +
                        what + " arguments.");
  }

  static std::string describe_unknown(const Value& v) {
    if (v.is_error()) return "cannot be evaluated: " + v.reason();
    if (v.is_unknown()) return "is unknown: " + v.reason();
    if (v.is_null()) return "is null";
    // Known container holding unknowns.
    std::function<const Value*(const Value&)> first_unknown = [&](const Value& x) -> const Value* {
      if (!x.is_known()) return &x;
      for (const auto& i : x.items())
        if (auto* u = first_unknown(i)) return u;
      for (const auto& [k, i] : x.attrs())
        if (auto* u = first_unknown(i)) return u;
      return nullptr;
    };
    if (const Value* u = first_unknown(v)) return "is unknown: " + u->reason();
    return "is " + v.render();
  }

  void diag(AttrRef where, std::string msg) {
    out_->diags.push_back(Diagnostic{Severity::Warning, *where.file, where.attr->expr->range.begin.line,
                                     where.attr->expr->range.begin.col, std::move(msg)});
  }

  const io::FileSystem& fs_;
  const ScanOptions& opts_;
  std::function<const ModuleConfig*(const std::string&)> load_;
  std::string root_dir_;
  std::map<std::string, std::string> modules_json_;
  std::map<std::string, Value> root_vars_;
  std::unique_ptr<Instance> root_;
  ScanOutput* out_ = nullptr;
  long instances_ = 0;
  const std::set<std::string>* only_files_ = nullptr;
  EvalBudget budget_{opts_.limits};
  const std::set<std::string>* declared_anywhere_ = nullptr;
  std::vector<std::pair<const Instance*, std::string>> evaluating_;  // memo keys being computed
};

}  // namespace

namespace {
void out_of_memory(ScanOutput& out, const std::string& dir) {
  out = ScanOutput{};
  out.diags.push_back(
      Diagnostic{Severity::Error, dir, 0, 0, "ran out of memory evaluating this module, not scanned"});
}
}  // namespace

ScanOutput scan_modules(const io::FileSystem& fs, std::map<std::string, std::unique_ptr<ModuleConfig>> modules,
                        const std::set<std::string>& only_files, const ScanOptions& opts) {
  ScanOutput out;
  // Module directories loaded on demand (outside the scanned set, .terraform/modules, ...).
  std::mutex mu;
  std::map<std::string, std::unique_ptr<ModuleConfig>> extra;
  std::map<std::string, const ModuleConfig*> by_dir;
  for (auto& [dir, m] : modules) {
    by_dir[io::normalize(dir)] = m.get();
    out.files += m->files.size();
    out.bytes += m->bytes;
    for (const auto& d : m->diags) out.diags.push_back(d);
  }
  auto load = [&](const std::string& dir) -> const ModuleConfig* {
    std::string n = io::normalize(dir);
    std::lock_guard<std::mutex> lock(mu);
    auto it = by_dir.find(n);
    if (it != by_dir.end()) return it->second;
    const ModuleConfig* result = nullptr;
    if (fs.is_dir(n)) {
      auto m = load_module(fs, n);
      if (!m->files.empty()) {
        for (const auto& d : m->diags) out.diags.push_back(d);
        result = m.get();
        extra[n] = std::move(m);
      }
    }
    by_dir[n] = result;
    return result;
  };

  // Roots: scanned directories that no other scanned directory calls through a local source. When
  // directories call each other (a <-> b, or a child calling "../"), each group that nobody outside
  // it calls still has one root: the member nearest the top of the tree (then the first by name), so
  // that the cycle is reported and nothing it reaches is lost.
  std::vector<const ModuleConfig*> nodes;
  std::map<std::string, size_t> index;
  for (auto& [dir, m] : modules) {
    index.emplace(io::normalize(dir), nodes.size());
    nodes.push_back(m.get());
  }
  std::vector<std::vector<size_t>> calls(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i)
    for (const auto& c : nodes[i]->module_calls)
      if (is_local_source(c.source)) {
        auto it = index.find(io::join(nodes[i]->dir, c.source));
        if (it != index.end() && it->second != i) calls[i].push_back(it->second);
      }
  auto groups = strongly_connected(calls);
  std::vector<size_t> group_of(nodes.size());
  for (size_t g = 0; g < groups.size(); ++g)
    for (size_t v : groups[g]) group_of[v] = g;
  std::vector<bool> called(groups.size(), false);
  for (size_t i = 0; i < nodes.size(); ++i)
    for (size_t j : calls[i])
      if (group_of[j] != group_of[i]) called[group_of[j]] = true;
  auto depth = [](const std::string& d) { return std::count(d.begin(), d.end(), '/'); };
  std::vector<const ModuleConfig*> roots;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (called[g]) continue;
    size_t best = *std::min_element(groups[g].begin(), groups[g].end(), [&](size_t a, size_t b) {
      std::string da = io::normalize(nodes[a]->dir), db = io::normalize(nodes[b]->dir);
      return std::make_pair(depth(da), da) < std::make_pair(depth(db), db);
    });
    roots.push_back(nodes[best]);
  }
  std::sort(roots.begin(), roots.end(), [](const ModuleConfig* a, const ModuleConfig* b) {
    return io::normalize(a->dir) < io::normalize(b->dir);
  });

  // --var NAME=VALUE for a variable no scanned root declares: Terraform rejects it ("Value for
  // undeclared variable"); it applies to every root here, so it is a warning when none declares it.
  std::set<std::string> declared;
  for (const ModuleConfig* r : roots)
    for (const auto& [name, v] : r->variables) declared.insert(name);
  std::set<std::string> warned;
  for (const auto& va : opts.var_args)
    if (!va.is_file && !declared.count(va.name) && warned.insert(va.name).second)
      out.diags.push_back(Diagnostic{Severity::Warning, "--var", 0, 0,
                                     "Value for undeclared variable: a variable named \"" + va.name +
                                         "\" was assigned on the command line, but no root module scanned "
                                         "declares a variable of that name; the value is not used (terraform "
                                         "plan rejects it)"});

  std::vector<ScanOutput> per_root(roots.size());
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < roots.size(); i = next++) {
      // Allocation failure while evaluating one root module ends that module with an error (what it
      // had produced may be half done); the other modules are still scanned.
      try {
        Scanner s(fs, opts, load, roots[i]->dir);
        s.set_declared_anywhere(&declared);
        s.run(roots[i], only_files, per_root[i]);
      } catch (const std::bad_alloc&) {
        out_of_memory(per_root[i], roots[i]->dir);
      } catch (const std::length_error&) {
        out_of_memory(per_root[i], roots[i]->dir);
      }
    }
  };
  unsigned n = std::max(1u, std::min<unsigned>(opts.threads, static_cast<unsigned>(roots.size())));
  run_on_big_stacks(n, worker);
  for (auto& r : per_root) {
    r.model.link();  // addresses are a root module's own: link inside it
    out.model.merge(std::move(r.model));
    for (auto& d : r.diags) out.diags.push_back(std::move(d));
  }
  // The comments of every file parsed (once each), for inline suppressions.
  for (const auto* group : {&modules, &extra})
    for (const auto& [dir, m] : *group)
      for (const auto& f : m->files) add_comments(*f, out.model.comments);
  return out;
}

}  // namespace cs::tf
