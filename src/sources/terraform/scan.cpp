#include "sources/terraform/scan.h"

#include <pthread.h>
#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sources/terraform/aws/policy_document.h"
#include "sources/terraform/cycles.h"
#include "sources/terraform/eval.h"
#include "sources/terraform/instance.h"
#include "sources/terraform/mappers.h"
#include "sources/terraform/refs.h"
#include "sources/terraform/tfjson.h"
#include "syntax/json/json.h"

namespace cs::tf {

using model::Location;

namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool is_local_source(const std::string& s) {
  return starts_with(s, "./") || starts_with(s, "../");
}

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
  // Shortcut: the source is not on disk, but a module mapper knows what it holds (mappers.h).
  enum class Kind { Single, Count, ForEach, Unknown, Missing, Shortcut } kind = Kind::Single;
  std::string unknown_reason;
  std::string missing_detail;
  const ModuleMapper* shortcut = nullptr;
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
  Value call_each;  // each.value for a for_each call
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
  // ---------- the walk: every instance of every managed resource a mapper claims ----------

  // One evaluated instance as a mapper sees it (instance.h). It points at the strings it is given (the
  // walker's own, or ones that live until the mapper returns): no copy per instance.
  class View final : public ResourceInstance {
   public:
    View(Scanner& s, Instance& inst, EvalContext& ctx, const std::string& address, const std::string& type,
         const std::string& name, const MergedBody& body, BlockRef block, const std::string& note)
        : s_(s), inst_(inst), ctx_(ctx) {
      address_ = &address;
      type_ = &type;
      name_ = &name;
      body_ = &body;
      block_ = block;
      note_ = &note;
      if (!inst.addr.empty()) module_prefix_ = inst.addr + ".";
      enclosing_ = Scanner::enclosing(inst);
      if (inst.parent) root_ = s.root_dir_;
    }
    bool in_child_module() const override { return inst_.parent != nullptr; }
    EvalContext& context() override { return ctx_; }
    bool find_edit(const std::vector<const hcl::Expr*>& exprs, Location* edit, std::string* via) override {
      return s_.find_edit(inst_, exprs, edit, via);
    }

   private:
    Scanner& s_;
    Instance& inst_;
    EvalContext& ctx_;
  };

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
      const Mapper* m = find_mapper(r.type);  // a type no mapper claims is not evaluated
      if (!m) continue;
      if (!m->all_files && !only_files_->empty() && inst.depth == 0 && !only_files_->count(*r.decl.file))
        continue;
      expand_resource(inst, r, *m);
    }
    for (const ModuleCall& c : inst.cfg->module_calls) {
      if (!only_files_->empty() && inst.depth == 0 && !only_files_->count(*c.decl.file)) continue;
      CallExpansion& ex = expansion(inst, c);
      std::string addr = inst.addr + (inst.addr.empty() ? "" : ".") + "module." + c.name;
      switch (ex.kind) {
        case CallExpansion::Kind::Missing: {
          model::OpaqueComponent oc{addr, "terraform", decl_loc(c.decl), "module-missing", ex.missing_detail};
          oc.enclosing = enclosing(inst);  // a suppression on a module call above covers it
          if (inst.parent) oc.root = root_dir_;
          out_->model.opaque.push_back(std::move(oc));
          break;
        }
        case CallExpansion::Kind::Shortcut:
          shortcut(inst, c, *ex.shortcut);
          break;
        default:
          for (auto& [key, child] : ex.instances) walk(*child);
      }
    }
  }

  void emit(Instance& inst, const Resource& r, const Mapper& m, const std::string& addr, EvalContext& ctx,
            const std::string& note) {
    View v(*this, inst, ctx, addr, r.type, r.name, r.body, r.decl, note);
    m.map(v, out_->model);
  }

  void expand_resource(Instance& inst, const Resource& r, const Mapper& m) {
    std::string base = inst.addr + (inst.addr.empty() ? "" : ".") + r.type + "." + r.name;
    AttrRef count = r.body.attr("count"), for_each = r.body.attr("for_each");
    if (count) {
      EvalContext ctx = context(inst);
      Value n = sensitive_expansion(eval(count.attr->expr, ctx), "count");
      if (n.is_known()) n = n.to_number_value();
      if (!n.is_known() || n.is_null()) {
        std::string why = n.is_null() ? "count is null" : "count " + describe_unknown(n);
        ctx.bind("count", Value::object({{"index", Value::unknown(why)}}));
        emit(inst, r, m, base, ctx, "instances of " + base + " are not known before apply: " + why);
        return;
      }
      double dn = n.as_number();
      long total = dn > 1e12 ? -1 : static_cast<long>(dn);
      if (!take_budget(total)) {
        std::string why = "count " + over_budget(total);
        ctx.bind("count", Value::object({{"index", Value::unknown(why)}}));
        emit(inst, r, m, base, ctx, "instances of " + base + " are not evaluated: " + why);
        return;
      }
      for (long i = 0; i < total; ++i) {
        EvalContext c = context(inst);
        c.bind("count", Value::object({{"index", Value::number(static_cast<double>(i))}}));
        emit(inst, r, m, base + "[" + std::to_string(i) + "]", c, "");
      }
      return;
    }
    if (for_each) {
      EvalContext ctx = context(inst);
      Value coll = sensitive_expansion(eval(for_each.attr->expr, ctx), "for_each");
      if (!coll.is_wholly_known() && !(coll.is_mapping() && coll.is_known())) {
        std::string why = "for_each " + describe_unknown(coll);
        ctx.bind("each", Value::object({{"key", Value::unknown(why)}, {"value", Value::unknown(why)}}));
        emit(inst, r, m, base, ctx, "instances of " + base + " are not known before apply: " + why);
        return;
      }
      auto pairs = for_each_pairs(coll, for_each, inst);
      if (!take_budget(static_cast<long>(pairs.size()))) {
        std::string why = "for_each " + over_budget(static_cast<long>(pairs.size()));
        ctx.bind("each", Value::object({{"key", Value::unknown(why)}, {"value", Value::unknown(why)}}));
        emit(inst, r, m, base, ctx, "instances of " + base + " are not evaluated: " + why);
        return;
      }
      for (auto& [key, value] : pairs) {
        EvalContext c = context(inst);
        c.bind("each", Value::object({{"key", key}, {"value", value}}));
        emit(inst, r, m, base + instance_key(key), c, "");
      }
      return;
    }
    EvalContext ctx = context(inst);
    emit(inst, r, m, base, ctx, "");
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

  // If the expressions depend on input variables of a called module, the place to edit is where the
  // caller sets them (or the call itself when it does not). Walk up while the caller's argument itself
  // comes from its own module's inputs.
  bool find_edit(Instance& inst, const std::vector<const hcl::Expr*>& exprs, Location* edit,
                 std::string* via) {
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
    // Not on disk: fetched when the scan was asked to (--download-external-modules).
    std::string fetch_error;
    if (dir.empty() && !c.source.empty() && opts_.fetch_module) {
      FetchedModule f = opts_.fetch_module(c.source, c.version);
      if (!f.dir.empty()) {
        dir = f.dir;
      } else {
        fetch_error = f.error;
        if (f.hostile) {
          Location at = decl_loc(c.decl);
          out_->diags.push_back(Diagnostic{Severity::Warning, at.file, at.line, at.col,
                                           "module \"" + c.name + "\": " + f.error});
        }
      }
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
                                           display_source(c.source) +
                                           "\", which is already being evaluated; Terraform "
                                           "cannot install modules that call each other)"});
      ex.kind = CallExpansion::Kind::Missing;
      ex.missing_detail = "module \"" + c.name + "\" is part of a module cycle (" + names + ")";
      return ex;
    }
    if (!cfg) {
      if (const ModuleMapper* m = find_module_mapper(c.source)) {
        ex.kind = CallExpansion::Kind::Shortcut;
        ex.shortcut = m;
        return ex;
      }
      ex.kind = CallExpansion::Kind::Missing;
      if (c.source.empty())
        ex.missing_detail = "module \"" + c.name + "\" has no literal source";
      else if (inst.depth + 1 >= opts_.max_module_depth)
        ex.missing_detail = "module \"" + c.name + "\" is nested deeper than " +
                            std::to_string(opts_.max_module_depth) + " levels";
      else if (is_local_source(c.source) || (!dir.empty() && fetch_error.empty()))
        ex.missing_detail =
            "module source \"" + display_source(c.source) + "\" has no Terraform files at " + dir;
      else if (!fetch_error.empty())
        ex.missing_detail =
            "module source \"" + display_source(c.source) + "\" could not be fetched: " + fetch_error;
      else
        ex.missing_detail = "module source \"" + display_source(c.source) +
                            "\" is not on disk (run terraform init to fetch it into .terraform/modules)";
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
        ex.unknown_reason =
            "for_each of module." + c.name + " " + over_budget(static_cast<long>(pairs.size()));
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

  // A module whose source is not on disk but that a module mapper knows (terraform-aws-modules/lambda/aws):
  // each instance of the call, as its count / for_each gives them, goes to the mapper.
  void shortcut(Instance& inst, const ModuleCall& c, const ModuleMapper& m) {
    std::string base = inst.addr + (inst.addr.empty() ? "" : ".") + "module." + c.name;
    static const std::string kModule = "module", kNoNote;
    auto run_one = [&](const std::string& addr, EvalContext& ctx) {
      View v(*this, inst, ctx, addr, kModule, c.name, c.body, c.decl, kNoNote);
      m.map(v, out_->model);
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
      // The one data source whose result the configuration alone decides and a check needs.
      if (t.steps.size >= 2 && t.steps[0].kind == hcl::StepKind::Attr &&
          t.steps[1].kind == hcl::StepKind::Attr && t.steps[0].name == "aws_iam_policy_document")
        if (auto v = policy_document(inst, t.steps[1].name)) return apply_steps(*v, t, 2, ctx);
      std::string what = "data";
      for (size_t i = 0; i < t.steps.size && i < 2; ++i) what += "." + std::string(t.steps[i].name);
      return Value::unknown(what + " is read during plan");
    }
    std::string what(root);
    if (!t.steps.empty() && t.steps[0].kind == hcl::StepKind::Attr)
      what += "." + std::string(t.steps[0].name);
    if (t.steps.size > 1 && t.steps[1].kind == hcl::StepKind::Attr)
      what += "." + std::string(t.steps[1].name);
    return Value::unknown(what + " is known only after apply");
  }

  // data "aws_iam_policy_document" NAME of the instance's module, evaluated once per module instance;
  // nullopt when there is no such block, or it has count/for_each (its instances are not modelled).
  std::optional<Value> policy_document(Instance& inst, std::string_view name) {
    auto it = inst.cfg->resource_index.find(
        std::make_tuple(false, std::string_view("aws_iam_policy_document"), name));
    if (it == inst.cfg->resource_index.end()) return std::nullopt;
    const Resource& res = inst.cfg->resources[it->second];
    if (res.body.attr("count") || res.body.attr("for_each")) return std::nullopt;
    return memo(inst, inst.local_cache, "data.aws_iam_policy_document." + std::string(name), [&] {
      EvalContext c = context(inst);
      return aws::policy_document_value(res.body, c);
    });
  }

  Value module_ref(Instance& inst, const hcl::ScopeTraversalExpr& t, EvalContext& ctx) {
    if (t.steps.empty() || t.steps[0].kind != hcl::StepKind::Attr)
      return Value::error("invalid module reference");
    const ModuleCall* c = inst.cfg->call(t.steps[0].name);
    if (!c) return Value::error("no module call named \"" + std::string(t.steps[0].name) + "\"");
    CallExpansion& ex = expansion(inst, *c);
    switch (ex.kind) {
      case CallExpansion::Kind::Missing:
      case CallExpansion::Kind::Shortcut:
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
      if (it == inst.cfg->locals.end())
        return Value::error("local." + std::string(name) + " is not declared");
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
      if (it == inst.cfg->variables.end())
        return Value::error("var." + std::string(name) + " is not declared");
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
          if (inst.call_has_for_each)
            pctx.bind("each", Value::object({{"key", inst.call_key}, {"value", inst.call_each}}));
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
          return Value::unknown(
              "var." + std::string(name) +
              " has no value (no default, and not set by --var, --var-file, a tfvars file or "
              "TF_VAR_" +
              std::string(name) + ")");
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
        auto ends = [&](std::string_view s) {
          return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0;
        };
        if (!e.is_dir && (ends(".auto.tfvars") || ends(".auto.tfvars.json"))) autos.push_back(n);
      }
      std::sort(autos.begin(), autos.end());
      for (const auto& n : autos) load_file(io::join(root_dir_, n), false);
    }
    for (const auto& va : opts_.var_args) {
      if (va.is_file)
        load_file(va.value, true);
      else
        root_vars_[va.name] = raw_value(va.name, va.value);
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

ScanOutput scan_modules(const io::FileSystem& fs,
                        std::map<std::string, std::unique_ptr<ModuleConfig>> modules,
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
