// Terraform plan JSON and state JSON into the model.
//
// Plan (terraform show -json PLANFILE), "JSON Output Format" 0.x / 1.x:
//   - resource_changes[] with mode "managed" and type "aws_lambda_function" are functions, unless the
//     change only removes the object: actions ["delete"] (or ["forget"], or a change to a "deposed"
//     object). A replace (["delete","create"] / ["create","delete"]) is a function after apply, and so
//     are ["create"], ["update"] and ["no-op"]. ["read"] is only planned for data resources, which are
//     skipped by mode; a managed resource with it is read like a no-op.
//   - The mode is change.after.tracing_config[0].mode. When change.after_unknown lists tracing_config
//     (true) or its mode ([{"mode": true}]) the value is UNRESOLVED only when the configuration sets it
//     from something unknown at plan time. tracing_config is Optional+Computed in the AWS provider: a
//     function whose configuration has no tracing_config block shows it unknown on create although
//     Lambda will use PassThrough, which is FAIL absent. "Sets it" is read from configuration
//     (root_module, module_calls[].module): expressions.tracing_config absent -> absent; mode with
//     constant_value -> that value; mode with references -> unknown. Expressions inside dynamic blocks
//     are not in the configuration representation (documented), so when the .tf files are beside the
//     plan a dynamic "tracing_config" block found there also counts as "set from an unknown".
//   - An existing function whose configuration sets no tracing_config keeps the provider's PassThrough:
//     that is reported as absent (as the .tf scan reports it), not passthrough.
// Positions: when the configuration's .tf files sit beside the plan (module sources followed through
// local paths or .terraform/modules/modules.json), a finding points at the resource block and the mode
// attribute there; otherwise at the resource_changes[] object of the plan, with the JSON path in the
// note.
//
// State: terraform show -json STATEFILE (values.root_module, child_modules) and terraform.tfstate
// version 4 (resources[].instances[]). Addresses as Terraform prints them; kind "terraform-state".
#include "sources/tfplan/tfplan.h"

#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "sources/terraform/config.h"
#include "sources/terraform/scan.h"
#include "sources/terraform/value.h"
#include "syntax/json/json.h"

namespace cs::tfplan {

using json::Node;
using model::Location;
using model::Origin;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;
using Tracing = model::Attr<TracingMode>;

namespace {

constexpr const char* kPlanKind = "terraform-plan";
constexpr const char* kStateKind = "terraform-state";

bool contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

std::string_view str(const Node* n) {
  return n && n->is_string() ? n->text() : std::string_view();
}

const Node* get(const Node* n, std::string_view key) {
  return n ? n->find(key) : nullptr;
}

bool is_true(const Node* n) {
  return n && n->is_bool() && n->boolean;
}

Span<const Node*> items(const Node* n) {
  return n ? n->items() : Span<const Node*>{};
}

Location json_loc(const std::string& file, const Node* n) {
  return Location{file, n->range.begin.line, n->range.begin.col, n->range.end.line, n->range.end.col};
}

Location hcl_loc(const std::string* file, const hcl::Range& r) {
  return Location{file ? *file : std::string(), r.begin.line, r.begin.col, r.end.line, r.end.col};
}

// The JSON text of a node as written (for invalid modes such as 1 or true).
std::string source_text(const std::string& src, const Node* n) {
  uint32_t b = n->range.begin.offset, e = n->range.end.offset;
  if (b > e || e > src.size()) return std::string();
  std::string out = src.substr(b, e - b);
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// ---------- addresses ----------

// module.a["k"].module.b[0].aws_lambda_function.fn[1] -> module call names, type and name.
struct Address {
  std::vector<std::string> modules;  // call names, instance keys dropped
  bool data = false;
  std::string type, name;
};

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Skips an instance key "[0]" or "[\"k\"]" at s[i]; false when malformed.
bool skip_key(std::string_view s, size_t& i) {
  if (i >= s.size() || s[i] != '[') return true;
  ++i;
  if (i < s.size() && s[i] == '"') {
    ++i;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') ++i;
      ++i;
    }
    if (i >= s.size()) return false;
    ++i;
  } else {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i >= s.size() || s[i] != ']') return false;
  ++i;
  return true;
}

bool read_ident(std::string_view s, size_t& i, std::string* out) {
  size_t start = i;
  while (i < s.size() && ident_char(s[i])) ++i;
  if (i == start) return false;
  *out = std::string(s.substr(start, i - start));
  return true;
}

bool parse_address(std::string_view s, Address* out) {
  size_t i = 0;
  *out = Address{};
  while (s.substr(i, 7) == "module.") {
    i += 7;
    std::string name;
    if (!read_ident(s, i, &name) || !skip_key(s, i)) return false;
    out->modules.push_back(std::move(name));
    if (i >= s.size() || s[i] != '.') return false;
    ++i;
  }
  if (s.substr(i, 5) == "data.") {
    out->data = true;
    i += 5;
  }
  if (!read_ident(s, i, &out->type) || i >= s.size() || s[i] != '.') return false;
  ++i;
  if (!read_ident(s, i, &out->name) || !skip_key(s, i)) return false;
  return i == s.size();
}

// ---------- the .tf files beside a plan ----------

// What the .tf source says about one resource.
struct TfResource {
  Location declared;
  Location mode_where;  // the mode attribute (or the block without one); empty when there is none
  bool has_static = false, has_dynamic = false;
};

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

class TfMapper {
 public:
  TfMapper(const io::FileSystem& fs, std::string root_dir) : fs_(fs), root_(std::move(root_dir)) {}

  // The resource in the .tf files, or false when the configuration is not beside the plan.
  bool find(const Address& a, const Node* config_root, TfResource* out) {
    const tf::ModuleConfig* m = module(root_);
    if (!m) return false;
    std::string key_path;
    for (const auto& call_name : a.modules) {
      key_path += (key_path.empty() ? "" : ".") + call_name;
      if (config_root) config_root = get(get(get(config_root, "module_calls"), call_name), "module");
      const tf::ModuleCall* c = m->call(call_name);
      if (!c) return false;
      std::string dir;
      auto mj = modules_json().find(key_path);
      if (mj != modules_json().end()) {
        dir = io::join(root_, mj->second);
      } else if (is_local(c->source)) {
        dir = io::join(m->dir, c->source);
      } else {
        return false;
      }
      if (++depth_guard_ > 100000) return false;
      m = module(dir);
      if (!m) return false;
    }
    if (const tf::Resource* found = m->resource(!a.data, a.type, a.name)) {
      const tf::Resource& r = *found;
      const hcl::Block* blk = r.decl.block;
      if (blk->body && blk->body->from_json && !blk->labels.empty())
        out->declared = hcl_loc(r.decl.file, blk->labels[blk->labels.size - 1].range);
      else
        out->declared = hcl_loc(r.decl.file, blk->type_range);
      int seen = 0;
      for (const tf::BlockRef& br : r.body.blocks) {
        const hcl::Block* b = br.block;
        const hcl::Body* body = nullptr;
        if (b->type == "tracing_config") {
          out->has_static = true;
          body = b->body;
        } else if (b->type == "dynamic" && b->labels.size == 1 && b->labels[0].value == "tracing_config") {
          out->has_dynamic = true;
          const hcl::Block* content = find_block(b->body, "content");
          body = content ? content->body : nullptr;
        } else {
          continue;
        }
        // With two blocks the second one is what makes it invalid (as the .tf scan reports it).
        if (seen++ < 2) {
          const hcl::Attribute* mode = find_attr(body, "mode");
          out->mode_where = mode ? hcl_loc(br.file, mode->expr->range) : hcl_loc(br.file, b->type_range);
        }
      }
      return true;
    }
    return false;
  }

 private:
  static bool is_local(const std::string& s) { return s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0; }

  const tf::ModuleConfig* module(const std::string& dir) {
    std::string n = io::normalize(dir);
    auto it = cache_.find(n);
    if (it != cache_.end()) return it->second.get();
    std::unique_ptr<tf::ModuleConfig> m;
    bool any = false;
    if (fs_.is_dir(n)) {
      auto entries = fs_.list(n);
      if (entries)
        for (const auto& e : *entries)
          if (!e.is_dir && tf::is_config_file(e.name)) any = true;
    }
    if (any) m = tf::load_module(fs_, n);
    const tf::ModuleConfig* p = m.get();
    cache_[n] = std::move(m);
    return p;
  }

  const std::map<std::string, std::string>& modules_json() {
    if (mj_loaded_) return mj_;
    mj_loaded_ = true;
    std::string path = io::join(root_, ".terraform/modules/modules.json");
    if (!fs_.is_file(path)) return mj_;
    auto content = fs_.read(path);
    if (!content) return mj_;
    auto doc = json::parse(path, std::move(*content));
    const Node* mods = doc->root ? doc->root->find("Modules") : nullptr;
    if (!mods) return mj_;
    for (const Node* e : mods->items()) {
      std::string_view key = str(get(e, "Key")), dir = str(get(e, "Dir"));
      if (!key.empty() && !dir.empty()) mj_[std::string(key)] = std::string(dir);
    }
    return mj_;
  }

  const io::FileSystem& fs_;
  std::string root_;
  std::map<std::string, std::unique_ptr<tf::ModuleConfig>> cache_;
  std::map<std::string, std::string> mj_;
  bool mj_loaded_ = false;
  long depth_guard_ = 0;
};

// ---------- shared ----------

struct Scan {
  const io::FileSystem& fs;
  const std::string& path;
  const std::string& src;
  model::Model& model;
  Diagnostics& diags;

  void diag(Severity sev, const Node* at, std::string msg) {
    diags.push_back(
        Diagnostic{sev, path, at ? at->range.begin.line : 0u, at ? at->range.begin.col : 0u, std::move(msg)});
  }
};

// Accept "0.x" and "1.x" (any minor); anything else is rejected with a diagnostic naming it.
bool check_version(Scan& s, const Node* root, const char* what) {
  const Node* fv = root->find("format_version");
  if (!fv) {
    s.diag(Severity::Error, root, std::string("Terraform ") + what + " JSON has no format_version");
    return false;
  }
  std::string_view v = str(fv);
  size_t dot = v.find('.');
  std::string_view major = v.substr(0, dot);
  bool digits = !major.empty() && major.size() < 10;
  for (char c : major) digits = digits && c >= '0' && c <= '9';
  if (!fv->is_string() || !digits || dot == std::string_view::npos) {
    s.diag(Severity::Error, fv,
           std::string("Terraform ") + what + " JSON has an invalid format_version " +
               (fv->is_string() ? quote(v) : std::string(json::kind_name(fv->kind))) +
               " (expected \"MAJOR.MINOR\")");
    return false;
  }
  if (major != "0" && major != "1") {
    s.diag(Severity::Error, fv,
           std::string("unsupported Terraform ") + what + " JSON format_version " + quote(v) +
               " (major version " + std::string(major) + "; cloudsift reads major versions 0 and 1)");
    return false;
  }
  return true;
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

// ---------- plan ----------

// What configuration.root_module says about a resource's tracing_config.
struct ConfigTracing {
  bool found = false;      // the resource is in the configuration
  bool has_block = false;  // expressions.tracing_config present
  size_t blocks = 0;
  bool has_mode = false;  // the (first) block has a mode expression
  bool constant = false;  // ... with constant_value
  const Node* constant_value = nullptr;
  std::string reference;  // ... else its first reference (empty when it has none)
};

const Node* config_module(const Node* root_module, const std::vector<std::string>& mods) {
  const Node* m = root_module;
  for (const auto& name : mods) m = get(get(get(m, "module_calls"), name), "module");
  return m;
}

ConfigTracing config_tracing(const Node* root_module, const Address& a) {
  ConfigTracing c;
  const Node* m = config_module(root_module, a.modules);
  const Node* res = nullptr;
  for (const Node* r : items(get(m, "resources"))) {
    std::string_view mode = str(get(r, "mode"));
    if ((mode == "data") != a.data) continue;
    if (str(get(r, "type")) == a.type && str(get(r, "name")) == a.name) res = r;
  }
  if (!res) return c;
  c.found = true;
  const Node* tc = get(get(res, "expressions"), "tracing_config");
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

struct Actions {
  bool create = false, del = false, update = false, noop = false, read = false, forget = false, other = false;
  std::string text;  // "create", "delete, create", ...
};

Actions read_actions(const Node* actions) {
  Actions a;
  for (const Node* x : items(actions)) {
    std::string_view v = str(x);
    if (!a.text.empty()) a.text += ", ";
    a.text += std::string(v);
    if (v == "create")
      a.create = true;
    else if (v == "delete")
      a.del = true;
    else if (v == "update")
      a.update = true;
    else if (v == "no-op")
      a.noop = true;
    else if (v == "read")
      a.read = true;
    else if (v == "forget")
      a.forget = true;
    else
      a.other = true;
  }
  return a;
}

// An API Gateway stage in a plan: aws_api_gateway_stage's change.after.xray_tracing_enabled (null or
// missing: not set, the provider's default false; listed in after_unknown: not known before apply), or
// the stage an aws_api_gateway_deployment creates through its stage_name, which has no tracing setting.
void plan_stage(Scan& s, const Node* ch, const std::string& base, std::string_view type) {
  std::string_view address = str(ch->find("address"));
  if (address.empty() || ch->find("deposed")) return;
  const Node* change = ch->find("change");
  Actions act = read_actions(get(change, "actions"));
  if (act.text.empty() || ((act.del || act.forget) && !act.create)) return;
  const Node* after = get(change, "after");
  if (!after || !after->is_object()) return;
  const Node* au = get(change, "after_unknown");
  model::aws::apigateway::Stage st;
  st.address = std::string(address);
  st.type = std::string(type);
  st.kind = kPlanKind;
  st.declared = json_loc(s.path, ch);
  const Node* name = after->find("stage_name");
  if (name && name->is_string()) st.stage_name = std::string(str(name));
  if (type == "aws_api_gateway_deployment") {
    if (is_true(get(au, "stage_name"))) {
      st.tracing.origin = Origin::Unknown;
      st.tracing.unknown_reason = "the plan marks " + base + ".change.after_unknown.stage_name unknown";
    } else if (st.stage_name.empty()) {
      return;  // no stage_name: the deployment creates no stage
    } else {
      st.implicit = true;
    }
    st.note = "plan [" + act.text + "]";
    s.model.apigateway_stages.push_back(std::move(st));
    return;
  }
  const Node* x = after->find("xray_tracing_enabled");
  if (is_true(au) || is_true(get(au, "xray_tracing_enabled"))) {
    st.tracing.origin = Origin::Unknown;
    st.tracing.unknown_reason =
        "the plan marks " + base + ".change.after_unknown.xray_tracing_enabled unknown (after_unknown)";
  } else if (x && x->kind == json::Kind::Bool) {
    st.tracing.origin = Origin::Explicit;
    st.tracing.value = x->boolean;
    st.tracing.raw = x->boolean ? "true" : "false";
    st.tracing.where = json_loc(s.path, x);
  }
  st.note = "plan [" + act.text + "]";
  s.model.apigateway_stages.push_back(std::move(st));
}

void scan_plan(Scan& s, const Node* root) {
  if (!check_version(s, root, "plan")) return;
  const Node* rc = root->find("resource_changes");
  if (!rc || rc->is_null()) return;
  if (!rc->is_array()) {
    s.diag(Severity::Error, rc,
           "resource_changes must be an array, got " + std::string(json::kind_name(rc->kind)));
    return;
  }
  const Node* config_root = get(get(root, "configuration"), "root_module");
  std::unique_ptr<TfMapper> mapper;
  bool tf_beside = false;
  {
    std::string dir = io::dirname(s.path);
    auto entries = s.fs.list(dir);
    if (entries)
      for (const auto& e : *entries)
        if (!e.is_dir && tf::is_config_file(e.name)) tf_beside = true;
    if (tf_beside) mapper = std::make_unique<TfMapper>(s.fs, dir);
  }

  size_t index = 0;
  for (const Node* ch : rc->items()) {
    std::string base = "resource_changes[" + std::to_string(index++) + "]";
    if (!ch->is_object()) continue;
    if (str(ch->find("mode")) != "managed") continue;
    std::string_view type = str(ch->find("type"));
    if (type == "aws_api_gateway_stage" || type == "aws_api_gateway_deployment") {
      plan_stage(s, ch, base, type);
      continue;
    }
    if (type != "aws_lambda_function") continue;
    const Node* addr_node = ch->find("address");
    std::string_view address = str(addr_node);
    if (address.empty()) {
      s.diag(Severity::Warning, ch, base + " has no address; skipped");
      continue;
    }
    if (ch->find("deposed")) continue;  // a deposed object is only ever destroyed
    const Node* change = ch->find("change");
    Actions act = read_actions(get(change, "actions"));
    if (act.text.empty()) {
      s.diag(Severity::Warning, ch, base + " (" + std::string(address) + ") has no change.actions; skipped");
      continue;
    }
    if ((act.del || act.forget) && !act.create) continue;  // removed by this plan: not a function after apply
    const Node* after = change->find("after");
    if (!after || !after->is_object()) {
      s.diag(Severity::Warning, ch,
             base + " (" + std::string(address) + ") has no change.after object for actions [" + act.text +
                 "]; skipped");
      continue;
    }

    Address a;
    bool parsed = parse_address(address, &a);
    ConfigTracing cfg;
    if (parsed && config_root) cfg = config_tracing(config_root, a);
    TfResource tfr;
    bool mapped = parsed && mapper && mapper->find(a, config_root, &tfr);

    // after_unknown: true (all of after), {"tracing_config": true} or {"tracing_config": [{"mode": true}]}.
    const Node* au = change->find("after_unknown");
    const Node* tcu = get(au, "tracing_config");
    bool unk_whole = is_true(au) || is_true(tcu);
    bool unk_mode = false;
    if (tcu && tcu->is_array())
      for (const Node* b : tcu->items())
        if (is_true(b) || is_true(get(b, "mode"))) unk_mode = true;

    const std::string after_path = base + ".change.after.tracing_config";
    // The configuration sets no tracing_config at all (and no dynamic block in the .tf says otherwise).
    bool cfg_absent = cfg.found && !cfg.has_block && !(mapped && (tfr.has_static || tfr.has_dynamic));
    bool cfg_block_without_mode = cfg.found && cfg.has_block && !cfg.has_mode;

    Tracing t;
    std::string path = after_path;
    if (unk_whole || unk_mode) {
      const std::string unk_path =
          base + ".change.after_unknown.tracing_config" + (unk_mode ? "[0].mode" : "");
      path = unk_path;
      if (cfg.found && cfg.has_block && cfg.blocks > 1) {
        t.value = TracingMode::Invalid;
        t.origin = Origin::Explicit;
      } else if (cfg.found && cfg.has_block && cfg.constant) {
        t = classify_mode(s.src, cfg.constant_value, false);
        path = "configuration, expressions.tracing_config[0].mode";
      } else if (cfg_block_without_mode) {
        t = classify_mode(s.src, nullptr, true);
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
      t = from_blocks(s.src, after->find("tracing_config"), after_path, &mode_path, cfg_block_without_mode);
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
    const Node* as = change->find("after_sensitive");
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
    f.address = std::string(address);
    f.kind = kPlanKind;
    f.type = "aws_lambda_function";
    std::string note = "plan [" + act.text + "], " + path;
    if (t.value == TracingMode::Absent && cfg_absent) note += "; the configuration sets no tracing_config";
    if (mapped) {
      f.declared = tfr.declared;
      if (t.value != TracingMode::Absent) t.where = tfr.mode_where;
    } else {
      f.declared = json_loc(s.path, ch);
    }
    f.tracing = std::move(t);
    f.note = std::move(note);
    s.model.lambda_functions.push_back(std::move(f));
  }
}

// ---------- state ----------

void add_state_function(Scan& s, std::string address, const Node* at, const Node* tracing_config,
                        const std::string& path) {
  std::string mode_path;
  Function f;
  f.address = std::move(address);
  f.kind = kStateKind;
  f.type = "aws_lambda_function";
  f.declared = json_loc(s.path, at);
  f.tracing = from_blocks(s.src, tracing_config, path, &mode_path, false);
  f.note = "state, " + mode_path;
  s.model.lambda_functions.push_back(std::move(f));
}

// terraform show -json of a state: values.root_module with resources and child_modules.
void state_module(Scan& s, const Node* m, const std::string& path, int depth) {
  if (!m || !m->is_object() || depth > 200) return;
  size_t i = 0;
  for (const Node* r : items(get(m, "resources"))) {
    std::string rp = path + ".resources[" + std::to_string(i++) + "]";
    if (str(get(r, "mode")) != "managed" || str(get(r, "type")) != "aws_lambda_function") continue;
    std::string address(str(get(r, "address")));
    if (address.empty()) {
      s.diag(Severity::Warning, r, rp + " has no address; skipped");
      continue;
    }
    add_state_function(s, std::move(address), r, get(get(r, "values"), "tracing_config"),
                       rp + ".values.tracing_config");
  }
  i = 0;
  for (const Node* c : items(get(m, "child_modules")))
    state_module(s, c, path + ".child_modules[" + std::to_string(i++) + "]", depth + 1);
}

// terraform.tfstate version 4.
void scan_raw_state(Scan& s, const Node* root) {
  const Node* version = root->find("version");
  if (!version || !version->is_number() || version->text() != "4") {
    std::string v = version ? source_text(s.src, version) : "missing";
    s.diag(Severity::Error, version ? version : root,
           "unsupported Terraform state version " + v +
               " (cloudsift reads version 4, written by Terraform 0.12 and later)");
    return;
  }
  const Node* resources = root->find("resources");
  size_t i = 0;
  for (const Node* r : items(resources)) {
    std::string rp = "resources[" + std::to_string(i++) + "]";
    if (str(get(r, "mode")) != "managed" || str(get(r, "type")) != "aws_lambda_function") continue;
    std::string_view name = str(get(r, "name"));
    if (name.empty()) {
      s.diag(Severity::Warning, r, rp + " has no name; skipped");
      continue;
    }
    std::string base(str(get(r, "module")));
    base += (base.empty() ? "" : ".") + std::string("aws_lambda_function.") + std::string(name);
    size_t j = 0;
    for (const Node* inst : items(get(r, "instances"))) {
      std::string ip = rp + ".instances[" + std::to_string(j++) + "]";
      if (!inst->is_object() || inst->find("deposed")) continue;  // deposed objects are pending destroy
      std::string address = base;
      if (const Node* k = inst->find("index_key")) {
        if (k->is_number())
          address += tf::instance_key(tf::Value::number(k->number));
        else if (k->is_string())
          address += tf::instance_key(tf::Value::string(std::string(k->text())));
      }
      add_state_function(s, std::move(address), inst, get(get(inst, "attributes"), "tracing_config"),
                         ip + ".attributes.tracing_config");
    }
  }
}

}  // namespace

Kind detect(std::string_view path, std::string_view content) {
  if (ends_with(path, ".tfstate")) return Kind::State;
  size_t i = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < content.size() &&
         (content[i] == ' ' || content[i] == '\t' || content[i] == '\n' || content[i] == '\r'))
    ++i;
  if (i >= content.size() || content[i] != '{') return Kind::None;
  bool fv = contains(content, "\"format_version\"");
  if (fv && (contains(content, "\"resource_changes\"") || contains(content, "\"planned_values\"") ||
             contains(content, "\"prior_state\"")))
    return Kind::Plan;
  if (fv && contains(content, "\"values\"") && contains(content, "\"root_module\"")) return Kind::State;
  if (contains(content, "\"terraform_version\"") && contains(content, "\"lineage\"") &&
      contains(content, "\"resources\""))
    return Kind::State;
  // A truncated plan may stop before resource_changes; both keys only appear together in Terraform's output.
  if (fv && contains(content, "\"terraform_version\"")) return Kind::Plan;
  return Kind::None;
}

void scan(const io::FileSystem& fs, const std::string& path, std::string content, model::Model& model,
          Diagnostics& diags) {
  bool blank = true;
  for (char c : content)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') blank = false;
  if (blank) return;  // an empty terraform.tfstate holds no resources
  auto doc = json::parse(path, std::move(content));
  for (const auto& d : doc->diags) diags.push_back(d);
  if (!doc->ok()) return;
  const Node* root = doc->root;
  Scan s{fs, path, doc->src, model, diags};
  if (!root->is_object()) {
    s.diag(
        Severity::Error, root,
        "a Terraform plan or state must be a JSON object, got " + std::string(json::kind_name(root->kind)));
    return;
  }
  if (root->find("resource_changes") || root->find("planned_values") || root->find("prior_state") ||
      root->find("configuration")) {
    scan_plan(s, root);
  } else if (root->find("values") || (root->find("format_version") && !root->find("version"))) {
    if (check_version(s, root, "state"))
      state_module(s, get(get(root, "values"), "root_module"), "values.root_module", 0);
  } else if (root->find("version") || root->find("resources")) {
    scan_raw_state(s, root);
  }
}

}  // namespace cs::tfplan
