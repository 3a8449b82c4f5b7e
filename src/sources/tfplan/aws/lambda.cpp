// aws_lambda_function in a plan or state: the tracing mode and the execution role.
//
// Plan: the mode is change.after.tracing_config[0].mode. When change.after_unknown lists tracing_config
// (true) or its mode ([{"mode": true}]) the value is UNRESOLVED only when the configuration sets it from
// something unknown at plan time. tracing_config is Optional+Computed in the AWS provider: a function
// whose configuration has no tracing_config block shows it unknown on create (terraform 1.11.4 with
// hashicorp/aws 5.100.0: "tracing_config" missing from after, true in after_unknown, [] in
// after_sensitive) although Lambda will use PassThrough, which is FAIL absent. "Sets it" is read from
// the configuration: expressions.tracing_config absent -> absent; mode with constant_value -> that
// value; mode with references -> unknown. Expressions inside dynamic blocks are not in the configuration
// representation (documented), so when the .tf files are beside the plan a dynamic "tracing_config"
// block found there also counts as "set from an unknown". An existing function whose configuration sets
// no tracing_config keeps the provider's PassThrough: that is reported as absent (as the .tf scan
// reports it), not passthrough.
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

model::Ref role_of(const Instance& inst) {
  model::Ref ref;
  auto roles = inst.references("role", "aws_iam_role");
  if (!roles.empty()) {
    ref.address = roles[0];
    return ref;
  }
  const Node* v = inst.value("role");
  if (v && v->is_string() && !inst.unknown("role") && !inst.sensitive("role"))
    ref.arn = std::string(v->text());
  return ref;
}

}  // namespace

void lambda_function(Context& ctx, const Instance& inst) {
  const Actions& act = inst.actions;
  ConfigTracing cfg = config_tracing(inst);
  const tf::Resource* tf_res = ctx.tf_resource(inst);
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
    } else if (cfg_absent && !unk_mode) {
      t = Tracing{};  // Optional+Computed: shown unknown, but nothing is sent and Lambda uses PassThrough
    } else {
      t.value = TracingMode::Unknown;
      t.origin = Origin::Unknown;
      std::string why = "the plan marks " + unk_path + " unknown (after_unknown)";
      if (!cfg.reference.empty())
        why += " and the configuration sets it from " + cfg.reference;
      else if (mapped && tfr.has_dynamic)
        why += " and a dynamic \"tracing_config\" block sets it";
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
    if (t.value != TracingMode::Absent) t.where = tfr.mode_where;
  } else {
    f.declared = ctx.location(inst.at);
  }
  f.tracing = std::move(t);
  f.role = role_of(inst);
  f.note = std::move(note);
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
  f.role = role_of(inst);
  f.note = "state, " + mode_path;
  ctx.model.lambda_functions.push_back(std::move(f));
}

}  // namespace cs::tfplan::aws
