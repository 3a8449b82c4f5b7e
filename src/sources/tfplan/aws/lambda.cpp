// aws_lambda_function in a plan or state: the tracing mode and the execution role; and
// aws_lambda_event_source_mapping (at the end of the file): which function it invokes and its source.
//
// Plan: the mode is change.after.tracing_config[0].mode. When change.after_unknown lists tracing_config
// (true) or its mode ([{"mode": true}]) the value is UNRESOLVED only when the configuration sets it from
// something unknown at plan time. tracing_config is Optional+Computed in the AWS provider: a function
// whose configuration has no tracing_config block shows it unknown on create (terraform 1.11.4 with
// hashicorp/aws 5.100.0: "tracing_config" missing from after, true in after_unknown, [] in
// after_sensitive) although Lambda will use PassThrough, which is FAIL absent. "Sets it" is read from
// the configuration: expressions.tracing_config absent -> absent; mode with constant_value -> that
// value; mode with references -> unknown. Dynamic blocks are not in the configuration representation
// at all (terraform 1.11.4: a dynamic "tracing_config" leaves no trace in expressions, whatever its
// for_each), so when the .tf files are beside the plan a dynamic "tracing_config" block found there
// also counts as "set from an unknown". Without them: on create, a dynamic block whose for_each is
// unknown plans exactly like no block (missing from after, true in after_unknown) and is read as
// absent; on update the provider keeps the prior mode when the configuration sets none, so a
// tracing_config that is unknown there can only come from a dynamic block: UNRESOLVED. An existing
// function whose configuration sets no tracing_config keeps the provider's PassThrough: that is
// reported as absent (as the .tf scan reports it), not passthrough.
// Positions: when the .tf files sit beside the plan, a finding points at the resource block and the
// mode attribute there; otherwise at the resource_changes[] object, with the JSON path in the note.
//
// The role: the aws_iam_role the configuration's role expression refers to (by address), else the
// role value when it is known and not sensitive (an ARN).
#include "sources/terraform/config.h"
#include "sources/tfplan/mappers.h"

namespace cs::tfplan::aws {

using json::Node;
using model::Location;
using model::Origin;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;
using Tracing = model::Attr<TracingMode>;

namespace {

constexpr const char* kPlanKind = "terraform-plan";
constexpr const char* kStateKind = "terraform-state";

Location hcl_loc(const std::string* file, const hcl::Range& r) {
  return Location{file ? *file : std::string(), r.begin.line, r.begin.col, r.end.line, r.end.col};
}

const hcl::Attribute* find_attr(const hcl::Body* b, std::string_view name) {
  if (!b) return nullptr;
  for (const auto& a : b->attributes)
    if (a.name == name) return &a;
  return nullptr;
}

const hcl::Block* find_block(const hcl::Body* b, std::string_view type) {
  if (!b) return nullptr;
  for (const hcl::Block* x : b->blocks)
    if (x->type == type) return x;
  return nullptr;
}

// What the .tf source says about one function.
struct TfResource {
  Location declared;
  Location mode_where;  // the mode attribute (or the block without one); empty when there is none
  bool has_static = false, has_dynamic = false;
};

TfResource read_tf(const tf::Resource& r) {
  TfResource out;
  const hcl::Block* blk = r.decl.block;
  if (blk->body && blk->body->from_json && !blk->labels.empty())
    out.declared = hcl_loc(r.decl.file, blk->labels[blk->labels.size - 1].range);
  else
    out.declared = hcl_loc(r.decl.file, blk->type_range);
  int seen = 0;
  for (const tf::BlockRef& br : r.body.blocks) {
    const hcl::Block* b = br.block;
    const hcl::Body* body = nullptr;
    if (b->type == "tracing_config") {
      out.has_static = true;
      body = b->body;
    } else if (b->type == "dynamic" && b->labels.size == 1 && b->labels[0].value == "tracing_config") {
      out.has_dynamic = true;
      const hcl::Block* content = find_block(b->body, "content");
      body = content ? content->body : nullptr;
    } else {
      continue;
    }
    // With two blocks the second one is what makes it invalid (as the .tf scan reports it).
    if (seen++ < 2) {
      const hcl::Attribute* mode = find_attr(body, "mode");
      out.mode_where = mode ? hcl_loc(br.file, mode->expr->range) : hcl_loc(br.file, b->type_range);
    }
  }
  return out;
}

// The mode as a known value: Active, PassThrough, or Invalid with the raw text.
Tracing classify_mode(const std::string& src, const Node* mode, bool block_without_mode) {
  Tracing t;
  t.origin = Origin::Explicit;
  if (!mode || mode->is_null()) {
    t.value = TracingMode::Invalid;
    t.raw = block_without_mode || !mode ? "" : "null";
    return t;
  }
  if (!mode->is_string()) {
    t.value = TracingMode::Invalid;
    t.raw = source_text(src, mode);
    return t;
  }
  t.raw = std::string(mode->text());
  t.value = model::aws::lambda::parse_tracing_mode(t.raw);
  return t;
}

// A known tracing_config value (list of blocks) as the provider sees it: none -> absent, more than one
// -> invalid (MaxItems 1), else the block's mode. `path` is its JSON path; *mode_path gets the mode's.
Tracing from_blocks(const std::string& src, const Node* tc, const std::string& path, std::string* mode_path,
                    bool cfg_block_without_mode) {
  *mode_path = path;
  if (!tc || tc->is_null() || (tc->is_array() && tc->items().empty())) return Tracing{};  // Absent, Default
  const Node* blk = tc;
  if (tc->is_array()) {
    if (tc->items().size > 1) {
      Tracing t;
      t.value = TracingMode::Invalid;
      t.origin = Origin::Explicit;
      return t;
    }
    blk = tc->items()[0];
    *mode_path = path + "[0]";
  }
  if (!blk->is_object()) {
    Tracing t;
    t.value = TracingMode::Invalid;
    t.origin = Origin::Explicit;
    t.raw = source_text(src, blk);
    return t;
  }
  *mode_path += ".mode";
  return classify_mode(src, blk->find("mode"), cfg_block_without_mode);
}

// What the configuration says about a resource's tracing_config.
struct ConfigTracing {
  bool found = false;      // the resource is in the configuration
  bool has_block = false;  // expressions.tracing_config present
  size_t blocks = 0;
  bool has_mode = false;  // the (first) block has a mode expression
  bool constant = false;  // ... with constant_value
  const Node* constant_value = nullptr;
  std::string reference;  // ... else its first reference (empty when it has none)
};

ConfigTracing config_tracing(const Instance& inst) {
  ConfigTracing c;
  if (!inst.config) return c;
  c.found = true;
  const Node* tc = inst.expression("tracing_config");
  if (!tc || tc->is_null()) return c;
  const Node* blk = tc;
  if (tc->is_array()) {
    c.blocks = tc->items().size;
    if (c.blocks == 0) return c;
    blk = tc->items()[0];
  } else {
    c.blocks = 1;
  }
  c.has_block = true;
  const Node* mode = get(blk, "mode");
  if (!mode || !mode->is_object()) return c;
  c.has_mode = true;
  if (const Node* cv = mode->find("constant_value")) {
    c.constant = true;
    c.constant_value = cv;
    return c;
  }
  const Node* refs = mode->find("references");
  if (refs && !refs->items().empty()) c.reference = std::string(str(refs->items()[0]));
  return c;
}

// A value that is there before apply: known, not from something sensitive.
std::string_view known_string(const Instance& inst, std::string_view key) {
  const Node* v = inst.value(key);
  if (!v || !v->is_string() || inst.unknown(key) || inst.sensitive(key)) return {};
  return v->text();
}

// arn:partition:lambda:region:account:function:name[:qualifier] without the qualifier.
std::string unqualified_function_arn(std::string_view arn) {
  size_t colons = 0;
  for (size_t i = 0; i < arn.size(); ++i)
    if (arn[i] == ':' && ++colons == 7) return std::string(arn.substr(0, i));
  return std::string(arn);
}

void note_arn(Context& ctx, const Instance& inst) {
  std::string_view arn = known_string(inst, "arn");
  if (!arn.empty()) ctx.addresses_by_arn.emplace(unqualified_function_arn(arn), inst.address);
}

bool is_arn(std::string_view s) {
  return s.substr(0, 4) == "arn:";
}

// A list of blocks or values with at least one element, known before apply.
bool present(const Instance& inst, std::string_view key) {
  const Node* v = inst.value(key);
  return v && !inst.unknown(key) && !v->items().empty();
}

model::Ref role_of(const Instance& inst, std::string* why) {
  model::Ref ref;
  auto roles = inst.references("role", "aws_iam_role");
  if (!roles.empty()) {
    ref.address = roles[0];
    return ref;
  }
  const Node* v = inst.value("role");
  if (v && v->is_string() && !inst.unknown("role") && !inst.sensitive("role"))
    ref.arn = std::string(v->text());
  else if (inst.unknown("role"))
    *why = "role is known only after apply, and the configuration does not name an aws_iam_role of the plan";
  else if (v && inst.sensitive("role"))
    *why = "role is (sensitive)";
  return ref;
}

}  // namespace

void lambda_function(Context& ctx, const Instance& inst) {
  const Actions& act = inst.actions;
  ConfigTracing cfg = config_tracing(inst);
  std::vector<Location> enclosing;
  const tf::Resource* tf_res = ctx.tf_resource(inst, &enclosing);
  TfResource tfr;
  bool mapped = tf_res != nullptr;
  if (mapped) tfr = read_tf(*tf_res);

  // after_unknown: true (all of after), {"tracing_config": true} or {"tracing_config": [{"mode": true}]}.
  const Node* au = inst.after_unknown;
  const Node* tcu = get(au, "tracing_config");
  bool unk_whole = is_true(au) || is_true(tcu);
  bool unk_mode = false;
  if (tcu && tcu->is_array())
    for (const Node* b : tcu->items())
      if (is_true(b) || is_true(get(b, "mode"))) unk_mode = true;

  const std::string after_path = inst.values_path + ".tracing_config";
  // The configuration sets no tracing_config at all (and no dynamic block in the .tf says otherwise).
  bool cfg_absent = cfg.found && !cfg.has_block && !(mapped && (tfr.has_static || tfr.has_dynamic));
  bool cfg_block_without_mode = cfg.found && cfg.has_block && !cfg.has_mode;

  Tracing t;
  std::string path = after_path;
  if (unk_whole || unk_mode) {
    const std::string unk_path =
        inst.base + ".change.after_unknown.tracing_config" + (unk_mode ? "[0].mode" : "");
    path = unk_path;
    if (cfg.found && cfg.has_block && cfg.blocks > 1) {
      t.value = TracingMode::Invalid;
      t.origin = Origin::Explicit;
    } else if (cfg.found && cfg.has_block && cfg.constant) {
      t = classify_mode(ctx.src, cfg.constant_value, false);
      path = "configuration, expressions.tracing_config[0].mode";
    } else if (cfg_block_without_mode) {
      t = classify_mode(ctx.src, nullptr, true);
    } else if (cfg_absent && !unk_mode && act.create) {
      t = Tracing{};  // Optional+Computed: shown unknown, but nothing is sent and Lambda uses PassThrough
    } else {
      t.value = TracingMode::Unknown;
      t.origin = Origin::Unknown;
      std::string why = "the plan marks " + unk_path + " unknown (after_unknown)";
      if (!cfg.reference.empty())
        why += " and the configuration sets it from " + cfg.reference;
      else if (mapped && tfr.has_dynamic)
        why += " and a dynamic \"tracing_config\" block sets it";
      else if (cfg_absent && !unk_mode)
        why +=
            " on an existing function, which keeps its mode unless the configuration sets one: a dynamic "
            "\"tracing_config\" block (not shown in the plan's configuration) sets it from a value "
            "known only after apply";
      else if (cfg.found)
        why += " and the configuration sets it from a value known only after apply";
      else
        why += " and the plan has no configuration for this resource to tell whether it is set";
      t.unknown_reason = why;
    }
  } else {
    std::string mode_path;
    t = from_blocks(ctx.src, inst.value("tracing_config"), after_path, &mode_path, cfg_block_without_mode);
    path = mode_path;
    if (t.value == TracingMode::PassThrough && cfg_absent && !act.create) {
      // An existing function whose configuration sets nothing keeps the PassThrough the provider read
      // back. (On create a known PassThrough can only come from the configuration: a dynamic block,
      // which the configuration representation does not show.)
      t = Tracing{};
    }
  }

  // after_sensitive: true, {"tracing_config": true} or {"tracing_config": [{"mode": true}]}: the plan
  // holds the value in clear, but it came from something sensitive and is shown by its label only.
  const Node* as = inst.after_sensitive;
  const Node* tcs = get(as, "tracing_config");
  bool sensitive = is_true(as) || is_true(tcs);
  if (tcs && tcs->is_array())
    for (const Node* b : tcs->items())
      if (is_true(b) || is_true(get(b, "mode"))) sensitive = true;
  if (sensitive && !t.raw.empty()) {
    t.raw = "(sensitive)";
    t.raw_is_label = true;
  }

  Function f;
  f.address = inst.address;
  f.kind = kPlanKind;
  f.type = "aws_lambda_function";
  std::string note = "plan [" + act.text + "], " + path;
  if (t.value == TracingMode::Absent && cfg_absent) note += "; the configuration sets no tracing_config";
  if (mapped) {
    f.declared = tfr.declared;
    f.enclosing = std::move(enclosing);
    if (t.value != TracingMode::Absent) t.where = tfr.mode_where;
  } else {
    f.declared = ctx.location(inst.at);
  }
  f.tracing = std::move(t);
  f.role = role_of(inst, &f.role_unknown);
  f.note = std::move(note);
  note_arn(ctx, inst);
  ctx.model.lambda_functions.push_back(std::move(f));
}

void lambda_function_state(Context& ctx, const Instance& inst) {
  std::string mode_path;
  Function f;
  f.address = inst.address;
  f.kind = kStateKind;
  f.type = "aws_lambda_function";
  f.declared = ctx.location(inst.at);
  f.tracing = from_blocks(ctx.src, inst.value("tracing_config"), inst.values_path + ".tracing_config",
                          &mode_path, false);
  f.role = role_of(inst, &f.role_unknown);
  f.note = "state, " + mode_path;
  note_arn(ctx, inst);
  ctx.model.lambda_functions.push_back(std::move(f));
}

}  // namespace cs::tfplan::aws

namespace cs::tfplan::aws {

// aws_lambda_event_source_mapping in a plan or state, as the .tf scan reads the resource:
//   the function: the aws_lambda_function the configuration's function_name refers to (in the
//   mapping's module), else function_name when it is an ARN, else function_arn (known in a state and
//   for an existing mapping); finish() turns an ARN into the address of the function with that ARN in
//   the same plan / state (a state has no configuration to name it).
//   the source: a block only Kafka / DocumentDB sources have (self_managed_event_source,
//   self_managed_kafka_event_source_config, amazon_managed_kafka_event_source_config,
//   document_db_event_source_config) present in the values, else event_source_arn when known, else the
//   type of the resource the configuration's event_source_arn refers to (aws_msk_cluster, aws_mq_broker,
//   aws_docdb_cluster, ...), else topics (Kafka) or queues (Amazon MQ) when present.
// Model::link() then marks the function (model/aws/lambda.h).
void lambda_event_source_mapping(Context& ctx, const Instance& inst) {
  model::aws::lambda::EventSourceMapping m;
  m.address = inst.address;
  m.type = inst.type;
  m.kind = inst.plan ? kPlanKind : kStateKind;
  const tf::Resource* tf_res = inst.plan ? ctx.tf_resource(inst, &m.enclosing) : nullptr;
  m.declared = tf_res ? tf_declared(tf_res->decl) : ctx.location(inst.at);

  auto fns = inst.references("function_name", "aws_lambda_function");
  if (!fns.empty()) m.function.address = fns[0];
  std::string_view name = known_string(inst, "function_name");
  std::string_view arn = known_string(inst, "function_arn");
  if (is_arn(name))
    m.function.arn = std::string(name);
  else if (is_arn(arn))
    m.function.arn = std::string(arn);

  static constexpr std::pair<std::string_view, std::string_view> kBlocks[] = {
      {"self_managed_event_source", "SelfManagedKafka"},
      {"self_managed_kafka_event_source_config", "SelfManagedKafka"},
      {"amazon_managed_kafka_event_source_config", "MSK"},
      {"document_db_event_source_config", "DocumentDB"},
  };
  for (const auto& [key, kind] : kBlocks)
    if (m.source.empty() && present(inst, key)) m.source = std::string(kind);
  if (m.source.empty()) {
    const Node* v = inst.value("event_source_arn");
    if (v && v->is_string() && !v->text().empty() && !inst.unknown("event_source_arn")) {
      m.source = std::string(v->text());
    } else if (const Node* expr = inst.expression("event_source_arn")) {
      // Not known before apply: the type of the resource it refers to.
      for (const Node* r : items(expr->find("references"))) {
        std::string_view ref = str(r);
        std::string_view type = ref.substr(0, ref.find('.'));
        if (!model::aws::lambda::untraceable_event_source(type).empty()) {
          m.source = std::string(type);
          break;
        }
      }
    }
  }
  // Topics exist only for Kafka sources and queues only for Amazon MQ.
  if (model::aws::lambda::untraceable_event_source(m.source).empty()) {
    if (present(inst, "topics"))
      m.source = "MSK";
    else if (present(inst, "queues"))
      m.source = "MQ";
  }
  ctx.model.lambda_event_source_mappings.push_back(std::move(m));
}

void lambda_finish(Context& ctx) {
  if (ctx.addresses_by_arn.empty()) return;
  for (auto& m : ctx.model.lambda_event_source_mappings) {
    if (m.function.arn.empty()) continue;
    auto it = ctx.addresses_by_arn.find(unqualified_function_arn(m.function.arn));
    if (it != ctx.addresses_by_arn.end()) m.function.address = it->second;
  }
}

}  // namespace cs::tfplan::aws
