// Terraform plan JSON and state JSON into the model: the reader. It yields each managed resource
// instance whose type has a mapper (mappers.cpp; per service in aws/<service>.cpp) with its values,
// their after_unknown / after_sensitive marks and the configuration the plan shows for it.
//
// Plan (terraform show -json PLANFILE), "JSON Output Format" 0.x / 1.x: resource_changes[] with mode
// "managed", unless the change only removes the object: actions ["delete"] (or ["forget"], or a change
// to a "deposed" object). A replace (["delete","create"] / ["create","delete"]) is a resource after
// apply, and so are ["create"], ["update"] and ["no-op"]. ["read"] is only planned for data resources,
// which are skipped by mode; a managed resource with it is read like a no-op. The configuration entry is
// found in configuration.root_module (module_calls[].module) by the address's module path, type and name;
// the .tf files beside the plan, when there, are loaded on a mapper's request (Context::tf_resource).
//
// State: terraform show -json STATEFILE (values.root_module, child_modules) and terraform.tfstate
// version 4 (resources[].instances[]), for the types whose mapper reads states. Addresses as Terraform
// prints them; kind "terraform-state".
#include "sources/tfplan/tfplan.h"

#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sources/terraform/config.h"
#include "sources/terraform/scan.h"
#include "sources/terraform/value.h"
#include "sources/tfplan/mappers.h"
#include "syntax/json/json.h"

namespace cs::tfplan {

using json::Node;

namespace {

bool contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
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
  size_t resource_at = 0;            // where "[data.]TYPE.NAME" starts in the address
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
  out->resource_at = i;
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

class TfMapper {
 public:
  TfMapper(const io::FileSystem& fs, std::string root_dir) : fs_(fs), root_(std::move(root_dir)) {}

  // The comments of the .tf files read (for inline suppressions in them).
  void add_comments(std::vector<model::FileComments>& out) const {
    for (const auto& [dir, m] : cache_)
      if (m)
        for (const auto& f : m->files) tf::add_comments(*f, out);
  }

  // The resource in the .tf files, or null when the configuration is not beside the plan.
  const tf::Resource* find(const Address& a, std::vector<model::Location>* enclosing) {
    const tf::ModuleConfig* m = module(root_);
    if (!m) return nullptr;
    if (enclosing) enclosing->clear();
    std::string key_path;
    for (const auto& call_name : a.modules) {
      key_path += (key_path.empty() ? "" : ".") + call_name;
      const tf::ModuleCall* c = m->call(call_name);
      if (!c) return nullptr;
      if (enclosing) enclosing->push_back(tf_declared(c->decl));
      std::string dir;
      auto mj = modules_json().find(key_path);
      if (mj != modules_json().end()) {
        dir = io::join(root_, mj->second);
      } else if (is_local(c->source)) {
        dir = io::join(m->dir, c->source);
      } else {
        return nullptr;
      }
      if (++depth_guard_ > 100000) return nullptr;
      m = module(dir);
      if (!m) return nullptr;
    }
    return m->resource(!a.data, a.type, a.name);
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

const Node* config_module(const Node* root_module, const std::vector<std::string>& mods) {
  const Node* m = root_module;
  for (const auto& name : mods) m = get(get(get(m, "module_calls"), name), "module");
  return m;
}

class Reader final : public Context {
 public:
  Reader(const io::FileSystem& fs, const std::string& path, const std::string& src, model::Model& model,
         Diagnostics& diags)
      : Context(path, src, model, diags), fs_(fs) {}

  // The .tf files count as beside the plan when its directory holds one.
  void look_beside() {
    std::string dir = io::dirname(path);
    auto entries = fs_.list(dir);
    bool tf_beside = false;
    if (entries)
      for (const auto& e : *entries)
        if (!e.is_dir && tf::is_config_file(e.name)) tf_beside = true;
    if (tf_beside) tf_ = std::make_unique<TfMapper>(fs_, dir);
  }

  // Hand the comments of the .tf files beside the plan to the model (suppressions written there).
  void add_comments() {
    if (tf_) tf_->add_comments(model.comments);
  }

  const tf::Resource* tf_resource(const Instance& inst, std::vector<model::Location>* enclosing) override {
    if (!tf_ || !inst.parsed) return nullptr;
    Address a;
    if (!parse_address(inst.address, &a)) return nullptr;
    const tf::Resource* r = tf_->find(a, enclosing);
    if (!r && enclosing) enclosing->clear();
    return r;
  }

  // The configuration entry of a resource (configuration.root_module ... resources[]), or null. A module's
  // resources are indexed on first use (a plan's configuration lists every resource: a scan per change
  // was quadratic); with a repeated entry the last one wins.
  const Node* config_resource(const Node* root_module, const Address& a) {
    const Node* m = config_module(root_module, a.modules);
    if (!m) return nullptr;
    auto [it, added] = config_index_.try_emplace(m);
    if (added)
      for (const Node* r : items(get(m, "resources")))
        it->second[config_key(str(get(r, "mode")) == "data", str(get(r, "type")), str(get(r, "name")))] = r;
    auto found = it->second.find(config_key(a.data, a.type, a.name));
    return found == it->second.end() ? nullptr : found->second;
  }

 private:
  static std::string config_key(bool data, std::string_view type, std::string_view name) {
    std::string k(data ? "d " : "m ");
    k += type;
    k += ' ';
    k += name;
    return k;
  }

  const io::FileSystem& fs_;
  std::unique_ptr<TfMapper> tf_;
  std::map<const Node*, std::unordered_map<std::string, const Node*>> config_index_;
};

// Accept "0.x" and "1.x" (any minor); anything else is rejected with a diagnostic naming it.
bool check_version(Context& s, const Node* root, const char* what) {
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

// ---------- plan ----------

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

// The address's module path, and the configuration entry when the plan has one.
void read_address(Reader& s, Instance& inst, const Node* config_root) {
  Address a;
  if (!parse_address(inst.address, &a)) return;
  inst.parsed = true;
  inst.modules = a.modules;
  inst.module_prefix = inst.address.substr(0, a.resource_at);
  if (config_root) inst.config = s.config_resource(config_root, a);
}

void scan_plan(Reader& s, const Node* root) {
  if (!check_version(s, root, "plan")) return;
  const Node* rc = root->find("resource_changes");
  if (!rc || rc->is_null()) return;
  if (!rc->is_array()) {
    s.diag(Severity::Error, rc,
           "resource_changes must be an array, got " + std::string(json::kind_name(rc->kind)));
    return;
  }
  const Node* config_root = get(get(root, "configuration"), "root_module");
  s.look_beside();

  size_t index = 0;
  for (const Node* ch : rc->items()) {
    std::string base = "resource_changes[" + std::to_string(index++) + "]";
    if (!ch->is_object()) continue;
    if (str(ch->find("mode")) != "managed") continue;
    const Mapper* mapper = find_mapper(str(ch->find("type")));
    if (!mapper) continue;
    std::string_view address = str(ch->find("address"));
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
    if ((act.del || act.forget) && !act.create) continue;  // removed by this plan: not there after apply
    const Node* after = change->find("after");
    if (!after || !after->is_object()) {
      s.diag(Severity::Warning, ch,
             base + " (" + std::string(address) + ") has no change.after object for actions [" + act.text +
                 "]; skipped");
      continue;
    }
    Instance inst;
    inst.address = std::string(address);
    inst.type = std::string(mapper->type);
    inst.plan = true;
    inst.at = ch;
    inst.base = base;
    inst.values = after;
    inst.values_path = base + ".change.after";
    inst.after_unknown = change->find("after_unknown");
    inst.after_sensitive = change->find("after_sensitive");
    inst.actions = std::move(act);
    read_address(s, inst, config_root);
    mapper->plan(s, inst);
  }
  finish(s);
}

// ---------- state ----------

void state_instance(Reader& s, const Mapper& mapper, std::string address, const Node* at, std::string base,
                    const Node* values, std::string values_path) {
  Instance inst;
  inst.address = std::move(address);
  inst.type = std::string(mapper.type);
  inst.at = at;
  inst.base = std::move(base);
  inst.values = values;
  inst.values_path = std::move(values_path);
  read_address(s, inst, nullptr);
  mapper.state(s, inst);
}

// terraform show -json of a state: values.root_module with resources and child_modules.
void state_module(Reader& s, const Node* m, const std::string& path, int depth) {
  if (!m || !m->is_object() || depth > 200) return;
  size_t i = 0;
  for (const Node* r : items(get(m, "resources"))) {
    std::string rp = path + ".resources[" + std::to_string(i++) + "]";
    if (str(get(r, "mode")) != "managed") continue;
    const Mapper* mapper = find_mapper(str(get(r, "type")));
    if (!mapper || !mapper->state) continue;
    std::string address(str(get(r, "address")));
    if (address.empty()) {
      s.diag(Severity::Warning, r, rp + " has no address; skipped");
      continue;
    }
    state_instance(s, *mapper, std::move(address), r, rp, get(r, "values"), rp + ".values");
  }
  i = 0;
  for (const Node* c : items(get(m, "child_modules")))
    state_module(s, c, path + ".child_modules[" + std::to_string(i++) + "]", depth + 1);
}

// terraform.tfstate version 4.
void scan_raw_state(Reader& s, const Node* root) {
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
    if (str(get(r, "mode")) != "managed") continue;
    const Mapper* mapper = find_mapper(str(get(r, "type")));
    if (!mapper || !mapper->state) continue;
    std::string_view name = str(get(r, "name"));
    if (name.empty()) {
      s.diag(Severity::Warning, r, rp + " has no name; skipped");
      continue;
    }
    std::string base(str(get(r, "module")));
    base += (base.empty() ? "" : ".") + std::string(mapper->type) + "." + std::string(name);
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
      state_instance(s, *mapper, std::move(address), inst, ip, get(inst, "attributes"), ip + ".attributes");
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
  Reader s(fs, path, doc->src, model, diags);
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
    if (check_version(s, root, "state")) {
      state_module(s, get(get(root, "values"), "root_module"), "values.root_module", 0);
      finish(s);
    }
  } else if (root->find("version") || root->find("resources")) {
    scan_raw_state(s, root);
    finish(s);
  }
  s.add_comments();
}

}  // namespace cs::tfplan
