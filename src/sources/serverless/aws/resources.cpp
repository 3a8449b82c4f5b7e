// Decisions (checked with `serverless package`, Framework 3.40.0, and its source):
// - The Framework lodash-merges `resources` (after merging a list of them) into the template it
//   generates, every key: Resources, Outputs, Conditions, Parameters, Mappings, Transform. So a raw
//   resource is evaluated with resources.Conditions / Parameters (their Defaults) / Mappings, and
//   AWS::Serverless::* types deploy only when resources.Transform names the SAM transform (otherwise
//   CloudFormation rejects the template: a warning, nothing checked).
// - `resources.extensions` is not part of the template (it changes generated resources only).
// - The service's ${...} variables are resolved first (by the Framework, before it compiles anything);
//   CloudFormation's intrinsics (!Ref, Fn::GetAtt, ...) are left to the template scanner.
#include "sources/serverless/aws/resources.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sources/cloudformation/cloudformation.h"

namespace cs::sls::aws {

namespace {

constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";
constexpr std::string_view kPrefix = "resources.Resources.";

bool is_intrinsic_tag(std::string_view tag) {
  return !tag.empty() && tag[0] == '!' && tag != "!" && tag.rfind("!!", 0) != 0;
}

// A value of `resources` with its variables resolved, positioned in the service file.
struct Tree {
  enum class Kind { Null, Scalar, Seq, Map, Unknown };
  Kind kind = Kind::Null;
  std::string text;  // Scalar: the text; Unknown: why it cannot be known
  std::string tag;   // a CloudFormation short intrinsic ("!Ref"), kept
  bool plain = false;
  std::string secret;  // the label of a value read from a file or the environment
  uint32_t line = 0, col = 0;
  std::vector<std::string> keys;  // Map
  std::vector<std::pair<uint32_t, uint32_t>> key_at;
  std::vector<Tree> kids;  // Map (one per key) / Seq

  Tree* find(std::string_view k) {
    for (size_t i = keys.size(); i-- > 0;)
      if (keys[i] == k) return &kids[i];
    return nullptr;
  }
  void erase(size_t i) {
    keys.erase(keys.begin() + static_cast<long>(i));
    key_at.erase(key_at.begin() + static_cast<long>(i));
    kids.erase(kids.begin() + static_cast<long>(i));
  }
};

// Reads `resources` into a Tree. Nodes of other documents (read through ${file(...)}) take the position
// of the service-file node that brought them in.
class Builder {
 public:
  Builder(Resolver& r, const yaml::Document* service) : r_(r), service_(service) {}

  Tree build(const yaml::Document& doc, const yaml::Node* n, const yaml::Node* pos) {
    const yaml::Node* at = &doc == service_ ? n : pos;
    if (at != n && at) borrowed_.emplace(at->line, at->col);
    Tree t;
    place(t, at);
    if (!n) return t;
    if (++nodes_ > kMaxNodes) return unknown(t, "resources is too large to evaluate");
    // A variable may name a mapping that holds it (X: ${self:resources}): the tree it makes is endless.
    if (depth_ >= kMaxDepth)
      return unknown(t, "resources nests deeper than " + std::to_string(kMaxDepth) +
                            " levels (a variable that includes a mapping it is in?)");
    Deeper guard(depth_);
    if (is_intrinsic_tag(n->tag)) {
      // CloudFormation's: kept for the template scanner, with the variables inside it resolved.
      t.tag = std::string(n->tag);
      switch (n->kind) {
        case yaml::Kind::Null:
          break;
        case yaml::Kind::Scalar: {
          Value v = n->value.find("${") == std::string_view::npos ? Value::string(std::string(n->value))
                                                                  : r_.resolve_text(n->value);
          scalar(t, v);
          t.tag = std::string(n->tag);
          break;
        }
        case yaml::Kind::Mapping:
          t.kind = Tree::Kind::Map;
          for (const yaml::Pair& p : n->pairs) {
            if (!p.key || !p.key->is_scalar()) continue;
            add(t, std::string(p.key->value), &doc == service_ ? p.key : at, build(doc, p.value, at));
          }
          break;
        case yaml::Kind::Sequence:
          t.kind = Tree::Kind::Seq;
          for (const yaml::Node* c : n->items) t.kids.push_back(build(doc, c, at));
          break;
      }
      return t;
    }
    return from_value(r_.resolve(doc, n), at, t);
  }

  // Positions in the service file that stand for what another file (${file(...)}) holds: where the
  // value is included, not where it is written.
  bool borrowed(const model::Location& l) const { return l.line && borrowed_.count({l.line, l.col}) > 0; }

  Tree from_value(const Value& v, const yaml::Node* at, Tree t) {
    switch (v.kind) {
      case Value::Kind::Unknown:
        return unknown(t, v.text);
      case Value::Kind::Map:
        t.kind = Tree::Kind::Map;
        for (const Member& m : r_.members(v)) {
          const yaml::Node* here = m.doc == service_ ? m.key : at;
          Tree kid = m.value && m.doc ? build(*m.doc, m.value, at) : Tree{};
          if (!m.value) place(kid, here);
          add(t, std::string(m.key->value), here, std::move(kid));
        }
        return t;
      case Value::Kind::Seq: {
        t.kind = Tree::Kind::Seq;
        std::vector<Member> where;
        std::vector<Value> items = r_.items(v, &where);
        for (size_t i = 0; i < items.size(); ++i) {
          if (i < where.size() && where[i].doc && where[i].value) {
            t.kids.push_back(build(*where[i].doc, where[i].value, at));
          } else {
            Tree kid;
            place(kid, at);
            t.kids.push_back(from_value(items[i], at, kid));
          }
        }
        return t;
      }
      default:
        scalar(t, v);
        return t;
    }
  }

 private:
  static constexpr size_t kMaxNodes = 250000;
  static constexpr unsigned kMaxDepth = 200;
  struct Deeper {
    unsigned& d;
    explicit Deeper(unsigned& depth) : d(depth) { ++d; }
    ~Deeper() { --d; }
  };

  static void place(Tree& t, const yaml::Node* at) {
    if (!at) return;
    t.line = at->line;
    t.col = at->col;
  }
  static Tree unknown(Tree t, std::string why) {
    t.kind = Tree::Kind::Unknown;
    t.text = std::move(why);
    return t;
  }
  static void add(Tree& t, std::string key, const yaml::Node* key_at, Tree kid) {
    // A later duplicate replaces the earlier (as js-yaml reads a mapping).
    for (size_t i = 0; i < t.keys.size(); ++i)
      if (t.keys[i] == key) {
        t.kids[i] = std::move(kid);
        return;
      }
    t.keys.push_back(std::move(key));
    t.key_at.emplace_back(key_at ? key_at->line : 0, key_at ? key_at->col : 0);
    t.kids.push_back(std::move(kid));
  }
  static void scalar(Tree& t, const Value& v) {
    switch (v.kind) {
      case Value::Kind::Null:
        t.kind = Tree::Kind::Null;
        return;
      case Value::Kind::Unknown:
        t.kind = Tree::Kind::Unknown;
        t.text = v.text;
        return;
      case Value::Kind::Map:
      case Value::Kind::Seq:
        t.kind = Tree::Kind::Unknown;
        t.text = "a mapping or list where a string is expected";
        return;
      default:
        t.kind = Tree::Kind::Scalar;
        t.text = v.scalar_text();
        t.plain = v.kind != Value::Kind::String;
        t.secret = v.secret;
    }
  }

  Resolver& r_;
  const yaml::Document* service_;
  size_t nodes_ = 0;
  unsigned depth_ = 0;
  std::set<std::pair<uint32_t, uint32_t>> borrowed_;
};

// lodash's merge, as the Framework merges a list of `resources` (and `resources` into its template):
// mappings key by key, lists item by item, anything else replaced.
void merge(Tree& into, Tree&& from) {
  if (into.kind == Tree::Kind::Map && from.kind == Tree::Kind::Map && into.tag.empty() && from.tag.empty()) {
    for (size_t i = 0; i < from.keys.size(); ++i) {
      if (Tree* t = into.find(from.keys[i])) {
        merge(*t, std::move(from.kids[i]));
      } else {
        into.keys.push_back(from.keys[i]);
        into.key_at.push_back(from.key_at[i]);
        into.kids.push_back(std::move(from.kids[i]));
      }
    }
    return;
  }
  if (into.kind == Tree::Kind::Seq && from.kind == Tree::Kind::Seq && into.tag.empty() && from.tag.empty()) {
    for (size_t i = 0; i < from.kids.size(); ++i) {
      if (i < into.kids.size())
        merge(into.kids[i], std::move(from.kids[i]));
      else
        into.kids.push_back(std::move(from.kids[i]));
    }
    return;
  }
  into = std::move(from);
}

// The Tree as YAML nodes the template scanner reads; what is unknown or marked goes to `marks`.
const yaml::Node* emit(const Tree& t, Arena& arena, cfn::Embedded& marks) {
  yaml::Node* n = arena.make<yaml::Node>();
  n->line = n->end_line = t.line;
  n->col = n->end_col = t.col;
  n->tag = arena.copy(t.tag);
  switch (t.kind) {
    case Tree::Kind::Null:
      n->kind = yaml::Kind::Null;
      break;
    case Tree::Kind::Unknown:
      n->kind = yaml::Kind::Scalar;
      marks.unknown[n] = t.text;
      break;
    case Tree::Kind::Scalar:
      n->kind = yaml::Kind::Scalar;
      n->value = arena.copy(t.text);
      n->plain = t.plain;
      if (!t.secret.empty()) marks.secret[n] = t.secret;
      break;
    case Tree::Kind::Seq: {
      n->kind = yaml::Kind::Sequence;
      std::vector<const yaml::Node*> items;
      for (const Tree& k : t.kids) items.push_back(emit(k, arena, marks));
      n->items = arena.copy(items);
      break;
    }
    case Tree::Kind::Map: {
      n->kind = yaml::Kind::Mapping;
      std::vector<yaml::Pair> pairs;
      for (size_t i = 0; i < t.keys.size(); ++i) {
        yaml::Node* k = arena.make<yaml::Node>();
        k->kind = yaml::Kind::Scalar;
        k->value = arena.copy(t.keys[i]);
        k->plain = true;
        k->line = k->end_line = t.key_at[i].first;
        k->col = k->end_col = t.key_at[i].second;
        pairs.push_back(yaml::Pair{k, emit(t.kids[i], arena, marks)});
      }
      n->pairs = arena.copy(pairs);
      yaml::index_pairs(*n, arena);
      break;
    }
  }
  return n;
}

bool names_sam(const Tree* t) {
  if (!t) return false;
  if (t->kind == Tree::Kind::Scalar) return t->text == kSamTransform;
  if (t->kind == Tree::Kind::Seq)
    for (const Tree& k : t->kids)
      if (k.kind == Tree::Kind::Scalar && k.text == kSamTransform) return true;
  return false;
}

model::Location at(const std::string& file, uint32_t line, uint32_t col) {
  model::Location l;
  l.file = file;
  l.line = line;
  l.col = col;
  return l;
}

// The template's own addresses become `resources.Resources.<address>`; a reference to a function the
// Framework generates (`<Name>LambdaFunction`) becomes that function's address (`functions.<name>`);
// other references (IamRoleLambdaExecution, a custom resource function) are the generated resources'
// addresses already.
class Readdress {
 public:
  Readdress(const model::Model& child, std::map<std::string, std::string, std::less<>> generated)
      : generated_(std::move(generated)) {
    auto collect = [&](const auto& list) {
      for (const auto& r : list) own_.insert(r.address);
    };
    collect(child.lambda_functions);
    collect(child.lambda_event_source_mappings);
    collect(child.apigateway_rest_apis);
    collect(child.apigateway_stages);
    collect(child.iam_roles);
    collect(child.iam_managed_policies);
    collect(child.iam_role_policies);
    collect(child.iam_role_policy_attachments);
  }

  void apply(model::Model& m) const {
    auto all = [&](auto& list) {
      for (auto& r : list) r.address = std::string(kPrefix) + r.address;
    };
    for (auto& f : m.lambda_functions) ref(f.role);
    all(m.lambda_functions);
    for (auto& e : m.lambda_event_source_mappings) ref(e.function);
    all(m.lambda_event_source_mappings);
    all(m.apigateway_rest_apis);
    for (auto& s : m.apigateway_stages) {
      for (auto& [k, v] : s.properties)
        if (k == "api" && !s.api.address.empty() && v == s.api.address) v = renamed(v);
      ref(s.api);
    }
    all(m.apigateway_stages);
    for (auto& r : m.iam_roles) {
      for (auto& p : r.managed_policies) ref(p);
      ref(r.permissions_boundary);
    }
    all(m.iam_roles);
    all(m.iam_managed_policies);
    for (auto& p : m.iam_role_policies) ref(p.role);
    all(m.iam_role_policies);
    for (auto& a : m.iam_role_policy_attachments) {
      ref(a.role);
      ref(a.policy);
    }
    all(m.iam_role_policy_attachments);
    for (auto& o : m.opaque) o.address = std::string(kPrefix) + o.address;
  }

 private:
  std::string renamed(const std::string& a) const {
    if (own_.count(a)) return std::string(kPrefix) + a;
    if (auto g = generated_.find(a); g != generated_.end()) return g->second;
    return a;
  }
  void ref(model::Ref& r) const {
    if (!r.address.empty()) r.address = renamed(r.address);
  }

 public:
  // A reference from outside the template (a generated resource) to one of its resources.
  void own_ref(model::Ref& r) const {
    if (own_.count(r.address)) r.address = std::string(kPrefix) + r.address;
  }

 private:
  std::map<std::string, std::string, std::less<>> generated_;
  std::set<std::string, std::less<>> own_;
};

// map_raw_resources without its last step: what cannot be read is left in `unread`.
void raw_resources(const ServiceContext& c, const ServiceStart& start, model::Model& model,
                   std::vector<model::OpaqueComponent>& unread) {
  Resolver& r = c.r;
  Member rw;
  Value resources = r.member(c.root, "resources", &rw);
  if (resources.is_null() || !rw.key) return;
  const yaml::Document* service = c.root.doc;
  auto opaque = [&](const std::string& address, uint32_t line, uint32_t col, const std::string& why) {
    model::OpaqueComponent oc;
    oc.address = address;
    oc.kind = "serverless";
    oc.declared = at(c.file, line, col);
    oc.reason = "unknown";
    oc.detail = why;
    unread.push_back(std::move(oc));
  };
  const yaml::Node* rpos = rw.value ? rw.value : rw.key;
  if (resources.is_unknown()) {
    opaque("resources", rw.key->line, rw.key->col,
           "the CloudFormation resources of this service cannot be read: " + resources.text);
    return;
  }

  Builder b(r, service);
  Tree whole;
  if (resources.is_seq()) {
    // A list of mappings, lodash-merged in order (Service.mergeArrays).
    Tree list = b.from_value(resources, rpos, Tree{});
    whole.kind = Tree::Kind::Map;
    for (size_t i = 0; i < list.kids.size(); ++i) {
      Tree& part = list.kids[i];
      if (part.kind == Tree::Kind::Unknown) {
        opaque("resources[" + std::to_string(i) + "]", part.line, part.col,
               "an entry of resources cannot be read: " + part.text);
        continue;
      }
      if (part.kind == Tree::Kind::Map) merge(whole, std::move(part));
    }
  } else if (resources.is_map()) {
    whole = b.from_value(resources, rpos, Tree{});
  } else {
    return;
  }
  if (whole.kind != Tree::Kind::Map) return;

  // The template the Framework deploys keeps everything of resources but extensions.
  for (size_t i = whole.keys.size(); i-- > 0;)
    if (whole.keys[i] == "extensions") whole.erase(i);
  const bool sam = names_sam(whole.find("Transform"));
  Tree* res = whole.find("Resources");
  if (!res) return;
  if (res->kind == Tree::Kind::Unknown) {
    opaque("resources.Resources", res->line, res->col,
           "the CloudFormation resources of this service cannot be read: " + res->text);
    return;
  }
  if (res->kind != Tree::Kind::Map) return;

  // What the mappers before generated: entries of the same name are merged into it (map_resources);
  // references to it link to it.
  std::map<std::string, std::string, std::less<>> generated;  // logical id -> model address
  for (size_t i = start.functions; i < model.lambda_functions.size(); ++i)
    for (const auto& [k, v] : model.lambda_functions[i].properties)
      if (k == "logical_id") generated.emplace(v, model.lambda_functions[i].address);
  for (size_t i = start.roles; i < model.iam_roles.size(); ++i)
    generated.emplace(model.iam_roles[i].address, model.iam_roles[i].address);
  for (size_t i = start.stages; i < model.apigateway_stages.size(); ++i)
    if (!model.apigateway_stages[i].api.address.empty())
      generated.emplace(model.apigateway_stages[i].api.address, model.apigateway_stages[i].api.address);
  // Functions whose definition cannot be read still have their logical id (the functions' names).
  for (const FunctionEntry& e : read_functions(c, nullptr).entries) {
    generated.emplace(logical_id(e.name), "functions." + e.name);
  }

  std::vector<bool> drop(res->keys.size(), false);
  for (size_t i = 0; i < res->keys.size(); ++i) {
    const std::string& id = res->keys[i];
    Tree& def = res->kids[i];
    const auto [line, col] = res->key_at[i];
    const std::string address = std::string(kPrefix) + id;
    if (generated.count(id)) {
      drop[i] = true;  // merged into the generated resource (map_resources)
      continue;
    }
    if (def.kind == Tree::Kind::Unknown) {
      opaque(address, line, col, "the resource cannot be read: " + def.text);
      drop[i] = true;
      continue;
    }
    if (def.kind != Tree::Kind::Map) continue;
    Tree* type = def.find("Type");
    if (type && type->kind == Tree::Kind::Unknown) {
      opaque(address, line, col, "the resource's Type cannot be read: " + type->text);
      drop[i] = true;
      continue;
    }
    if (!type || type->kind != Tree::Kind::Scalar) continue;
    if (!sam && type->text.rfind("AWS::Serverless::", 0) == 0) {
      c.diags.push_back(Diagnostic{Severity::Warning, c.file, line, col,
                                   address + " is an " + type->text +
                                       ", which CloudFormation deploys only through the SAM transform: "
                                       "resources.Transform does not name " +
                                       std::string(kSamTransform) + "; not checked"});
      drop[i] = true;
      continue;
    }
    Tree* props = def.find("Properties");
    if (props && props->kind == Tree::Kind::Unknown &&
        (type->text == "AWS::Lambda::Function" || type->text == "AWS::Serverless::Function" ||
         type->text == "AWS::ApiGateway::Stage")) {
      opaque(address, line, col, "the " + type->text + "'s Properties cannot be read: " + props->text);
      drop[i] = true;
      continue;
    }
  }
  for (size_t i = drop.size(); i-- > 0;)
    if (drop[i]) res->erase(i);
  if (res->keys.empty()) return;

  Arena arena;
  cfn::Embedded embedded;
  embedded.kind = "serverless";
  for (const auto& [id, address] : generated) embedded.external.insert(id);
  for (const char* id :
       {"IamRoleLambdaExecution", "IamRoleCustomResourcesLambdaExecution", "ApiGatewayRestApi",
        "ServerlessDeploymentBucket", "ServerlessDeploymentBucketPolicy"})
    embedded.external.insert(id);
  const yaml::Node* root = emit(whole, arena, embedded);

  cfn::Options opts;
  if (c.opts) opts.confine = c.opts->confine;
  if (Value reg = r.region(); reg.is_string() && reg.secret.empty()) opts.pseudo["AWS::Region"] = reg.text;
  io::MemoryFileSystem none;
  const io::FileSystem& fs = c.fs ? *c.fs : static_cast<const io::FileSystem&>(none);
  model::Model child;
  cfn::scan_embedded(fs, c.file, root, embedded, opts, child, c.diags);
  // Where a fix would write (a missing TracingConfig) is not known inside an included file.
  auto no_anchor = [&](auto& list) {
    for (auto& x : list) {
      if (x.tracing.anchor.file == c.file &&
          b.borrowed({c.file, x.tracing.anchor.line, x.tracing.anchor.col}))
        x.tracing.anchor = model::Anchor{};
      if (x.edit.file == c.file && b.borrowed(x.edit)) x.edit = model::Location{};
    }
  };
  no_anchor(child.lambda_functions);
  no_anchor(child.apigateway_stages);
  Readdress re(child, generated);
  re.apply(child);
  // The generated functions' roles may be roles declared here (`role: MyRole`, provider.iam.role).
  for (size_t i = start.functions; i < model.lambda_functions.size(); ++i)
    re.own_ref(model.lambda_functions[i].role);
  model.merge(std::move(child));
}

}  // namespace

void map_raw_resources(const ServiceContext& c, const ServiceStart& start, model::Model& model) {
  std::vector<model::OpaqueComponent> unread;
  raw_resources(c, start, model, unread);
  // What cannot be read: one UNRESOLVED component per service (a service that includes its resources
  // from twenty files that are not there is one thing to fix, not twenty).
  if (unread.size() > 1) {
    model::OpaqueComponent& first = unread.front();
    std::string which;
    for (size_t i = 0; i < unread.size() && i < 8; ++i) which += (i ? ", " : "") + unread[i].address;
    if (unread.size() > 8) which += ", ...";
    first.detail = std::to_string(unread.size()) + " entries of resources cannot be read (" + which +
                   "); the first: " + first.detail;
    first.address = first.address.rfind(kPrefix, 0) == 0 ? "resources.Resources" : "resources";
    unread.resize(1);
  }
  for (auto& oc : unread) model.opaque.push_back(std::move(oc));
}

}  // namespace cs::sls::aws
