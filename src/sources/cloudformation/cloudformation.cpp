// CloudFormation, SAM and CDK output into the model.
//
// Decisions (checked against the CloudFormation resource reference and the SAM translator):
// - AWS::Lambda::Function TracingConfig.Mode is optional ("Required: No"): a TracingConfig without Mode
//   (or `TracingConfig: {}`) deploys with Lambda's default, so it is FAIL absent, not invalid. Allowed
//   values are exactly "Active" and "PassThrough"; anything else is invalid. A null value is rejected
//   by CloudFormation ("null values are not allowed"), so it is invalid too.
// - AWS::Serverless::Function: Properties.Tracing (when the key is written, even as null or ""), else
//   Globals.Function.Tracing. The translator resolves parameter Refs in the value and emits no
//   TracingConfig when the result is "Disabled" or the value is empty; otherwise it emits
//   TracingConfig.Mode = the value as written, so an Fn::If or Fn::Sub that yields "Disabled" reaches
//   CloudFormation as Mode "Disabled" and is invalid.
#include "sources/cloudformation/cloudformation.h"

#include <map>
#include <set>
#include <string_view>

#include "sources/cloudformation/aws/apigateway.h"
#include "sources/cloudformation/intrinsics.h"
#include "sources/common/document.h"

namespace cs::cfn {

namespace {

using model::Location;
using model::Origin;
using model::aws::lambda::EventSourceMapping;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;
using model::aws::lambda::untraceable_event_source;

constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";

bool has(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

// A line that starts with `key:` (a top-level YAML key).
bool has_top_key(std::string_view s, std::string_view key) {
  size_t p = 0;
  while ((p = s.find(key, p)) != std::string_view::npos) {
    if ((p == 0 || s[p - 1] == '\n') && p + key.size() < s.size() && s[p + key.size()] == ':') return true;
    p += key.size();
  }
  return false;
}

bool names_sam(const yaml::Node* t) {
  if (!t) return false;
  if (t->is_scalar()) return t->value == kSamTransform;
  if (t->is_seq())
    for (const yaml::Node* i : t->items)
      if (i->is_scalar() && i->value == kSamTransform) return true;
  return false;
}

// Suppressions written as resource Metadata, turned into the equivalent comment directive so the
// engine applies one set of rules:
//   Metadata: {cloudsift: {ignore: [{id: lambda_notracing, reason: ..., until: YYYY-MM-DD}]}}
//   Metadata: {checkov: {skip: [{id: CKV_AWS_50, comment: ...}]}}
// A malformed entry becomes a directive the engine reports as malformed.
void metadata_suppressions(const yaml::Node* md, const std::string& file, model::Resource& f);

Location loc(const std::string& file, const yaml::Node* n) {
  Location l;
  l.file = file;
  if (n) {
    l.line = n->line;
    l.col = n->col;
  }
  return l;
}

void metadata_suppressions(const yaml::Node* md, const std::string& file, model::Resource& f) {
  auto scalar = [](const yaml::Node* n) { return n && n->is_scalar() ? std::string(n->value) : std::string(); };
  auto quoted = [](std::string v) {
    std::string out = "\"";
    for (char c : v) out += c == '"' ? '\'' : c;
    return out + "\"";
  };
  if (const yaml::Node* cs = md->find("cloudsift"); cs && cs->is_map()) {
    const yaml::Node* ig = cs->find("ignore");
    if (ig && ig->is_seq()) {
      for (const yaml::Node* e : ig->items) {
        std::string id = e->is_map() ? scalar(e->find("id")) : scalar(e);
        std::string text = "cloudsift:ignore " + id;
        if (e->is_map()) {
          if (std::string r = scalar(e->find("reason")); !r.empty()) text += " reason=" + quoted(r);
          if (std::string u = scalar(e->find("until")); !u.empty()) text += " until=" + u;
        }
        f.directives.push_back({text, loc(file, e)});
      }
    } else if (ig) {
      f.directives.push_back({"cloudsift:ignore", loc(file, ig)});  // reported as malformed
    }
  }
  if (const yaml::Node* ck = md->find("checkov"); ck && ck->is_map()) {
    const yaml::Node* sk = ck->find("skip");
    if (sk && sk->is_seq()) {
      for (const yaml::Node* e : sk->items) {
        std::string id = e->is_map() ? scalar(e->find("id")) : scalar(e);
        std::string comment = e->is_map() ? scalar(e->find("comment")) : "";
        f.directives.push_back({"checkov:skip=" + id + (comment.empty() ? "" : ":" + comment), loc(file, e)});
      }
    }
  }
}

void add_note(std::string& note, const std::string& more) {
  if (more.empty()) return;
  if (!note.empty()) note += "; ";
  note += more;
}

// Parameter values given outside the template: parameter files in order, then --parameter.
Given given_values(const io::FileSystem& fs, const Options& opts, Diagnostics& diags) {
  Given g;
  for (const auto& path : opts.parameter_files) {
    auto content = fs.read(path);
    if (!content) {
      diags.push_back(
          Diagnostic{Severity::Error, path, 0, 0, "cannot read parameters file: " + content.error().message});
      continue;
    }
    auto doc = sources::parse_document(path, std::move(*content));
    if (!doc->ok()) {
      for (auto& d : doc->diags) diags.push_back(d);
      continue;
    }
    const yaml::Node* r = doc->root;
    bool ok = false;
    if (r->is_seq()) {
      ok = true;
      for (const yaml::Node* item : r->items) {
        const yaml::Node* k = item->find("ParameterKey");
        const yaml::Node* v = item->find("ParameterValue");
        if (k && k->is_scalar() && v && v->is_scalar()) g[std::string(k->value)] = std::string(v->value);
      }
    } else if (const yaml::Node* p = r->find("Parameters"); p && p->is_map()) {
      ok = true;
      for (const yaml::Pair& kv : p->pairs)
        if (kv.key->is_scalar() && kv.value->is_scalar())
          g[std::string(kv.key->value)] = std::string(kv.value->value);
    }
    if (!ok)
      diags.push_back(
          Diagnostic{Severity::Error, path, r->line, r->col,
                     "parameters file must be [{\"ParameterKey\": ..., \"ParameterValue\": ...}] or "
                     "{\"Parameters\": {...}}"});
  }
  for (const auto& [k, v] : opts.parameters) g[k] = v;
  return g;
}

// Classify a TracingConfig.Mode value as CloudFormation and Lambda would.
model::Attr<TracingMode> classify_mode(const Value& v, const Location& where) {
  model::Attr<TracingMode> a;
  a.where = where;
  a.origin = Origin::Explicit;
  switch (v.kind) {
    case Value::Kind::Unknown:
      a.value = TracingMode::Unknown;
      a.origin = Origin::Unknown;
      a.unknown_reason = v.text;
      break;
    case Value::Kind::NoValue:
      a.value = TracingMode::Absent;
      a.origin = Origin::Default;
      break;
    case Value::Kind::Null:
      a.value = TracingMode::Invalid;
      a.raw = "null";
      break;
    case Value::Kind::Scalar:
      a.raw = v.secret.empty() ? v.text : v.secret;  // a NoEcho parameter's value is never shown
      a.raw_is_label = !v.secret.empty();
      a.value = model::aws::lambda::parse_tracing_mode(v.text);
      break;
    case Value::Kind::List:
    case Value::Kind::Map:
      a.value = TracingMode::Invalid;
      a.raw = v.render();
      a.raw_is_label = !v.secret.empty();
      break;
  }
  return a;
}

std::string via_note(const Value& v) {
  return v.via.empty() ? "" : "value from " + v.via;
}

// Literal text of an ARN-ish expression, with "?" for the parts that cannot be known; enough to see
// the service of "arn:${AWS::Partition}:kafka:..." or a Join of such parts.
std::string sketch(const yaml::Node* n, int depth = 0) {
  if (!n || depth > 16) return "?";
  auto in = as_intrinsic(n);
  if (!in) return n->is_scalar() ? std::string(n->value) : "?";
  const yaml::Node* a = in->arg;
  if (in->name == "Fn::Sub") {
    const yaml::Node* t = a && a->is_seq() && a->items.size ? a->items[0] : a;
    if (!t || !t->is_scalar()) return "?";
    // Each ${...} is a part that cannot be known here ("${AWS::Partition}" holds colons of its own).
    std::string out;
    std::string_view v = t->value;
    for (size_t i = 0; i < v.size(); ++i) {
      size_t close =
          v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{' ? v.find('}', i) : std::string_view::npos;
      if (close == std::string_view::npos) {
        out += v[i];
      } else {
        out += '?';
        i = close;
      }
    }
    return out;
  }
  if (in->name == "Fn::Join" && a && a->is_seq() && a->items.size == 2 && a->items[1]->is_seq()) {
    std::string d = a->items[0]->is_scalar() ? std::string(a->items[0]->value) : "";
    std::string out;
    for (size_t i = 0; i < a->items[1]->items.size; ++i)
      out += (i ? d : "") + sketch(a->items[1]->items[i], depth + 1);
    return out;
  }
  return "?";
}

// The logical id a Ref / GetAtt names, or "".
std::string referenced_id(const yaml::Node* n) {
  auto in = as_intrinsic(n);
  if (!in || !in->arg) return "";
  if (in->name == "Ref" && in->arg->is_scalar()) return std::string(in->arg->value);
  if (in->name == "Fn::GetAtt") {
    if (in->arg->is_scalar()) {
      std::string_view s = in->arg->value;
      return std::string(s.substr(0, s.find('.')));
    }
    if (in->arg->is_seq() && in->arg->items.size >= 1 && in->arg->items[0]->is_scalar())
      return std::string(in->arg->items[0]->value);
  }
  return "";
}

class TemplateScanner {
 public:
  TemplateScanner(const std::string& file, const yaml::Node* root, const Options& opts, const Given& given,
                  std::string kind_override)
      : file_(file), root_(root), ev_(root, opts, given), kind_override_(std::move(kind_override)) {}

  // Nested stack templates a CDK stack names (Metadata aws:asset:path of AWS::CloudFormation::Stack).
  std::vector<std::string> nested_templates;

  void run(model::Model& model) {
    const yaml::Node* res = ev_.resources();
    if (!res || !res->is_map()) return;
    if (const yaml::Node* g = root_->find("Globals"); g && g->is_map())
      if (const yaml::Node* f = g->find("Function"); f && f->is_map())
        globals_tracing_ = f->find_pair("Tracing");
    std::vector<Function> fns;
    std::vector<EventSourceMapping> maps;
    std::vector<const yaml::Node*> defs;
    for (const yaml::Pair& p : res->pairs) {
      if (!p.key->is_scalar() || !p.value->is_map()) continue;
      const yaml::Node* type = p.value->find("Type");
      if (!type || !type->is_scalar()) continue;
      if (type->value == "AWS::CloudFormation::Stack" && kind_override_ == "cdk") {
        const yaml::Node* md = p.value->find("Metadata");
        const yaml::Node* ap = md ? md->find("aws:asset:path") : nullptr;
        if (ap && ap->is_scalar() && has(ap->value, ".template.json"))
          nested_templates.emplace_back(ap->value);
      }
      bool sam = type->value == "AWS::Serverless::Function";
      if (!sam && type->value != "AWS::Lambda::Function") continue;
      std::string cond_note;
      if (!exists(p.value, &cond_note)) continue;
      Function f;
      f.address = std::string(p.key->value);
      f.kind = kind_override_.empty() ? (sam ? "sam" : "cloudformation") : kind_override_;
      f.type = std::string(type->value);
      f.declared = loc(file_, p.key);
      const yaml::Node* props = properties(p.value);
      if (sam)
        sam_tracing(props, f);
      else
        cfn_tracing(props, f);
      add_note(f.note, cond_note);
      if (f.tracing.origin == Origin::Default) f.tracing.anchor = anchor_in(props, type);
      if (const yaml::Node* role = props ? props->find("Role") : nullptr) {  // the execution role
        f.role.address = referenced_id(role);
        if (f.role.address.empty()) {
          Value v = ev_.eval(role);
          if (v.is_scalar() && v.secret.empty()) f.role.arn = v.text;
        }
      }
      if (const yaml::Node* md = p.value->find("Metadata"); md && md->is_map()) {
        if (const yaml::Node* cp = md->find("aws:cdk:path"); cp && cp->is_scalar()) {
          f.properties.emplace_back("construct_path", std::string(cp->value));
          add_note(f.note, "CDK construct " + std::string(cp->value));
        }
        metadata_suppressions(md, file_, f);
      }
      if (sam) sam_events(props, f, maps);
      fns.push_back(std::move(f));
      defs.push_back(p.value);
    }
    event_source_mappings(fns, defs, maps);
    // Logical ids are this template's own (a CDK assembly holds several): link inside it.
    model::aws::lambda::apply_event_source_mappings(fns, maps);
    for (auto& f : fns) model.lambda_functions.push_back(std::move(f));
    for (auto& m : maps) model.lambda_event_source_mappings.push_back(std::move(m));
    aws::map_apigateway(
        {file_, root_, ev_, kind_override_,
         [this](const yaml::Node* md, model::Resource& r) { metadata_suppressions(md, file_, r); }},
        model);
  }

 private:
  // Does the resource exist? False only when its Condition is known to be false; an undecidable
  // condition gives a note.
  bool exists(const yaml::Node* def, std::string* note) {
    const yaml::Node* c = def->find("Condition");
    if (!c || !c->is_scalar()) return true;
    CondResult r = ev_.condition(c->value);
    if (r.truth == Truth::False) return false;
    if (r.truth == Truth::Unknown)
      *note = "exists only if condition " + std::string(c->value) +
              " holds, which cannot be decided before "
              "deployment: " +
              r.reason;
    return true;
  }

  // A mapping (possibly reached through intrinsics), or nullptr.
  const yaml::Node* as_map(const yaml::Node* n) {
    if (!n) return nullptr;
    if (n->is_map() && !as_intrinsic(n)) return n;
    Value v = ev_.eval(n);
    return v.kind == Value::Kind::Map ? v.map : nullptr;
  }

  const yaml::Node* properties(const yaml::Node* def) { return as_map(def->find("Properties")); }

  void cfn_tracing(const yaml::Node* props, Function& f) {
    const yaml::Pair* tc = props ? props->find_pair("TracingConfig") : nullptr;
    if (!tc) return;  // Absent: Lambda's default
    Value v = ev_.eval(tc->value);
    switch (v.kind) {
      case Value::Kind::NoValue:
        return;
      case Value::Kind::Unknown:
        f.tracing.value = TracingMode::Unknown;
        f.tracing.origin = Origin::Unknown;
        f.tracing.where = loc(file_, tc->value);
        f.tracing.unknown_reason = "TracingConfig: " + v.text;
        return;
      case Value::Kind::Map:
        break;
      default:
        f.tracing.value = TracingMode::Invalid;
        f.tracing.origin = Origin::Explicit;
        f.tracing.where = loc(file_, tc->value);
        add_note(f.note, "TracingConfig must be a mapping with Mode, got " + v.render());
        return;
    }
    const yaml::Pair* mode = v.map->find_pair("Mode");
    if (!mode) {
      // Mode is optional: the function deploys with Lambda's default. Edit at TracingConfig.
      f.edit = loc(file_, tc->key);
      add_note(f.note, "TracingConfig has no Mode");
      return;
    }
    Value m = ev_.eval(mode->value);
    f.tracing = classify_mode(m, loc(file_, mode->value->is_null() ? mode->key : mode->value));
    add_note(f.note, via_note(m));
    if (f.tracing.value == TracingMode::Absent) f.edit = loc(file_, mode->key);
  }

  void sam_tracing(const yaml::Node* props, Function& f) {
    const yaml::Pair* t = props ? props->find_pair("Tracing") : nullptr;
    bool global = false;
    if (!t) {
      t = globals_tracing_;
      global = true;
    }
    if (!t) return;  // Absent
    if (global) add_note(f.note, "from Globals.Function.Tracing");
    const yaml::Node* n = t->value;
    Location where = loc(file_, n->is_null() ? t->key : n);
    auto in = as_intrinsic(n);
    auto disabled = [&](const std::string& how) {
      f.tracing.value = TracingMode::Absent;
      f.tracing.origin = Origin::Explicit;
      f.tracing.where = where;
      f.edit = where;
      add_note(f.note, how);
    };
    if (!in) {
      if (n->is_null() || (n->is_scalar() && n->value.empty())) return disabled("Tracing is empty");
      if (n->is_scalar() && n->value == "Disabled") return disabled("Tracing is Disabled");
      if (n->is_scalar() && n->plain &&
          model::aws::lambda::parse_tracing_mode(n->value) == TracingMode::Invalid &&
          (n->value == "true" || n->value == "false" ||
           n->value.find_first_not_of("0123456789.-") == std::string::npos)) {
        // Not a string: the SAM translator rejects the template.
        f.tracing.value = TracingMode::Invalid;
        f.tracing.origin = Origin::Explicit;
        f.tracing.where = where;
        f.tracing.raw = std::string(n->value);
        return;
      }
      f.tracing = classify_mode(ev_.eval(n), where);
      return;
    }
    Value v = ev_.eval(n);
    // The translator resolves a parameter Ref itself and treats "Disabled" as no tracing.
    if (in->name == "Ref" && v.is_scalar() && v.text == "Disabled") {
      disabled("Tracing is Disabled");
      add_note(f.note, via_note(v));
      return;
    }
    f.tracing = classify_mode(v, where);
    add_note(f.note, via_note(v));
    if (f.tracing.value == TracingMode::Invalid && v.is_scalar() && v.text == "Disabled")
      add_note(f.note, "SAM passes a computed \"Disabled\" to CloudFormation as TracingConfig.Mode");
  }

  // Where a missing tracing setting would be written: as the first key of Properties, at its
  // indentation; with no Properties, beside the resource's Type (a Properties mapping goes there).
  // Byte offsets are not known from this YAML tree (line and column are).
  model::Anchor anchor_in(const yaml::Node* props, const yaml::Node* type) const {
    model::Anchor a;
    const yaml::Node* at = props && props->is_map() && props->pairs.size ? props->pairs[0].key : type;
    if (!at) return a;
    a.file = file_;
    a.line = at->line;
    a.col = at->col;
    a.indent.assign(at->col > 0 ? at->col - 1 : 0, ' ');
    return a;
  }

  // A SAM function's Events: each one whose type X-Ray cannot trace is a mapping SAM will create.
  void sam_events(const yaml::Node* props, const Function& f, std::vector<EventSourceMapping>& maps) {
    const yaml::Node* events = props ? as_map(props->find("Events")) : nullptr;
    if (!events) return;
    for (const yaml::Pair& e : events->pairs) {
      if (!e.value->is_map()) continue;
      const yaml::Node* t = e.value->find("Type");
      if (!t || !t->is_scalar() || untraceable_event_source(t->value).empty()) continue;
      maps.push_back(mapping(f.address + "." + std::string(e.key->value), "AWS::Serverless::Function",
                             loc(file_, e.key), f.address, std::string(t->value)));
    }
  }

  EventSourceMapping mapping(std::string address, std::string type, Location declared, std::string function,
                             std::string source) {
    EventSourceMapping m;
    m.address = std::move(address);
    m.type = std::move(type);
    m.kind = kind_override_.empty() ? "cloudformation" : kind_override_;
    m.declared = std::move(declared);
    m.function.address = std::move(function);
    m.source = std::move(source);
    return m;
  }

  // The unsupported event source an AWS::Lambda::EventSourceMapping names, or "".
  std::string esm_source(const yaml::Node* props) {
    if (props->find("SelfManagedEventSource") || props->find("SelfManagedKafkaEventSourceConfig"))
      return "self-managed Apache Kafka";
    if (props->find("AmazonManagedKafkaEventSourceConfig")) return "Amazon MSK";
    if (props->find("DocumentDBEventSourceConfig")) return "Amazon DocumentDB";
    const yaml::Node* arn = props->find("EventSourceArn");
    // Topics exists only for Kafka sources and Queues only for Amazon MQ, so they tell the source when
    // the ARN cannot be known (a parameter, an import).
    std::string by_shape = props->find("Topics") ? "Amazon MSK" : props->find("Queues") ? "Amazon MQ" : "";
    if (!arn) return by_shape;
    Value v = ev_.eval(arn);
    if (v.is_scalar()) {
      std::string s = untraceable_event_source(v.text);
      return !s.empty() ? s : by_shape;
    }
    std::string id = referenced_id(arn);
    if (!id.empty()) {
      const yaml::Node* r = ev_.resources()->find(id);
      const yaml::Node* type = r ? r->find("Type") : nullptr;
      if (type && type->is_scalar()) return untraceable_event_source(type->value);
    }
    std::string s = untraceable_event_source(sketch(arn));
    return !s.empty() ? s : by_shape;
  }

  // The functions of the template by logical id and, once a mapping names one by name, by the
  // FunctionName they evaluate to (the first of each wins): a template can hold 100,000 functions and
  // as many mappings, so a mapping does not walk the functions to find its own.
  struct FunctionIndex {
    std::map<std::string_view, int, std::less<>> by_id;
    std::map<std::string, int, std::less<>> by_name;
    bool names_built = false;
  };

  // The function an event source mapping's FunctionName designates (index into fns), or -1.
  int target(const yaml::Node* fname, const std::vector<Function>& fns,
             const std::vector<const yaml::Node*>& defs, FunctionIndex& index, int hops = 0) {
    if (!fname || hops > 4) return -1;
    std::string id = referenced_id(fname);
    if (!id.empty()) {
      if (auto it = index.by_id.find(id); it != index.by_id.end()) return it->second;
      // An alias or version of a function in this template.
      const yaml::Node* r = ev_.resources()->find(id);
      const yaml::Node* type = r ? r->find("Type") : nullptr;
      if (type && type->is_scalar() &&
          (type->value == "AWS::Lambda::Alias" || type->value == "AWS::Lambda::Version")) {
        const yaml::Node* p = properties(r);
        return p ? target(p->find("FunctionName"), fns, defs, index, hops + 1) : -1;
      }
      return -1;
    }
    Value v = ev_.eval(fname);
    std::string name = v.text;
    if (!v.is_scalar()) {
      // An ARN built with unknowable parts ("arn:${AWS::Partition}:lambda:...:function:NAME") still names
      // the function when the part after ":function:" is literal.
      name = sketch(fname);
      size_t p = name.find(":function:");
      if (p == std::string::npos) return -1;
      name = name.substr(p + 10);
      if (name.find("${") != std::string::npos || name.find('?') != std::string::npos) return -1;
    }
    // arn:aws:lambda:region:account:function:NAME[:qualifier], or NAME[:qualifier]
    if (size_t p = name.find(":function:"); p != std::string::npos) name = name.substr(p + 10);
    if (size_t p = name.find(':'); p != std::string::npos) name = name.substr(0, p);
    if (!index.names_built) {
      index.names_built = true;
      for (size_t i = 0; i < fns.size(); ++i) {
        const yaml::Node* props = properties(defs[i]);
        const yaml::Node* fnn = props ? props->find("FunctionName") : nullptr;
        if (!fnn) continue;
        Value fv = ev_.eval(fnn);
        if (fv.is_scalar()) index.by_name.emplace(fv.text, static_cast<int>(i));
      }
    }
    auto it = index.by_name.find(name);
    return it == index.by_name.end() ? -1 : it->second;
  }

  void event_source_mappings(const std::vector<Function>& fns, const std::vector<const yaml::Node*>& defs,
                             std::vector<EventSourceMapping>& maps) {
    if (fns.empty()) return;
    FunctionIndex index;
    for (size_t i = 0; i < fns.size(); ++i) index.by_id.emplace(fns[i].address, static_cast<int>(i));
    for (const yaml::Pair& p : ev_.resources()->pairs) {
      if (!p.value->is_map()) continue;
      const yaml::Node* type = p.value->find("Type");
      if (!type || !type->is_scalar() || type->value != "AWS::Lambda::EventSourceMapping") continue;
      std::string ignored;
      if (!exists(p.value, &ignored)) continue;
      const yaml::Node* props = properties(p.value);
      if (!props) continue;
      std::string src = esm_source(props);
      if (src.empty()) continue;
      int i = target(props->find("FunctionName"), fns, defs, index);
      if (i >= 0)
        maps.push_back(mapping(std::string(p.key->value), "AWS::Lambda::EventSourceMapping",
                               loc(file_, p.key), fns[i].address, src));
    }
  }

  const std::string& file_;
  const yaml::Node* root_;
  Evaluator ev_;
  std::string kind_override_;
  const yaml::Pair* globals_tracing_ = nullptr;
};

void scan_document(const yaml::Document& doc, const Options& opts, const Given& given,
                   const std::string& kind, model::Model& model, std::vector<std::string>* nested) {
  if (!doc.root || !doc.root->is_map()) return;
  TemplateScanner s(doc.path, doc.root, opts, given, kind);
  s.run(model);
  if (nested) *nested = std::move(s.nested_templates);
}

}  // namespace

TemplateKind detect(std::string_view path, std::string_view content) {
  bool sam_hint = has(content, kSamTransform);
  bool cfn_hint = has(content, "AWSTemplateFormatVersion");
  bool res_hint = has(content, "Resources") && has(content, "AWS::");
  if (!sam_hint && !cfn_hint && !res_hint) return TemplateKind::None;
  if (has_top_key(content, "service") && has_top_key(content, "provider")) return TemplateKind::None;
  // The usual templates say so at the top level: decide without parsing (the scan parses once, and
  // reports any error in the file).
  if (sam_hint && (has_top_key(content, "Transform") || has(content, "\"Transform\"")))
    return TemplateKind::Sam;
  if (cfn_hint && !sam_hint && (has_top_key(content, "AWSTemplateFormatVersion") ||
                                has(content, "\"AWSTemplateFormatVersion\"")))
    return TemplateKind::CloudFormation;
  const yaml::Document* doc = &sources::peek_document(std::string(path), content);
  if (!doc->ok()) {
    // A file that says it is a template but does not parse is scanned, so that its error is reported.
    if (sam_hint) return TemplateKind::Sam;
    if (cfn_hint || has(content, "AWS::Lambda::Function") || has(content, "AWS::Serverless::Function"))
      return TemplateKind::CloudFormation;
    return TemplateKind::None;
  }
  const yaml::Node* r = doc->root;
  if (!r->is_map()) return TemplateKind::None;
  if (r->find("service") && r->find("provider")) return TemplateKind::None;
  if (names_sam(r->find("Transform"))) return TemplateKind::Sam;
  if (r->find("AWSTemplateFormatVersion")) return TemplateKind::CloudFormation;
  if (const yaml::Node* res = r->find("Resources"); res && res->is_map()) {
    for (const yaml::Pair& p : res->pairs) {
      const yaml::Node* t = p.value->find("Type");
      if (t && t->is_scalar() && t->value.rfind("AWS::", 0) == 0) return TemplateKind::CloudFormation;
    }
  }
  return TemplateKind::None;
}

void scan_template(const io::FileSystem& fs, const std::string& path, std::string content,
                   const Options& opts, model::Model& model, Diagnostics& diags) {
  Given given = given_values(fs, opts, diags);
  auto doc = sources::parse_document(path, std::move(content));
  for (auto& d : doc->diags) diags.push_back(d);
  sources::add_comments(*doc, model.comments);
  if (!doc->ok()) return;
  if (!doc->root->is_map()) {
    diags.push_back(
        Diagnostic{Severity::Error, path, doc->root->line, doc->root->col, "a template must be a mapping"});
    return;
  }
  scan_document(*doc, opts, given, "", model, nullptr);
}

bool is_cdk_assembly(const io::FileSystem& fs, const std::string& dir) {
  std::string m = io::join(dir, "manifest.json");
  if (!fs.is_file(m)) return false;
  auto content = fs.read(m);
  if (!content || !has(*content, "\"artifacts\"")) return false;
  const yaml::Document& doc = sources::peek_document(m, *content);
  return doc.ok() && doc.root->is_map() && doc.root->find("artifacts");
}

namespace {

void scan_assembly(const io::FileSystem& fs, const std::string& dir, const Options& opts, const Given& given,
                   model::Model& model, Diagnostics& diags, std::set<std::string>& seen, int depth) {
  if (depth > 16 || !seen.insert(io::normalize(dir) + "/").second) return;
  std::string mpath = io::join(dir, "manifest.json");
  auto content = fs.read(mpath);
  if (!content) {
    diags.push_back(Diagnostic{Severity::Error, mpath, 0, 0, content.error().message});
    return;
  }
  auto manifest = sources::parse_document(mpath, std::move(*content));
  for (auto& d : manifest->diags) diags.push_back(d);
  if (!manifest->ok()) return;
  const yaml::Node* arts = manifest->root->find("artifacts");
  if (!arts || !arts->is_map()) return;
  for (const yaml::Pair& a : arts->pairs) {
    if (!a.value->is_map()) continue;
    const yaml::Node* type = a.value->find("type");
    const yaml::Node* props = a.value->find("properties");
    if (!type || !type->is_scalar() || !props || !props->is_map()) continue;
    if (type->value == "cdk:cloud-assembly") {
      const yaml::Node* d = props->find("directoryName");
      if (d && d->is_scalar())
        scan_assembly(fs, io::join(dir, std::string(d->value)), opts, given, model, diags, seen, depth + 1);
      continue;
    }
    if (type->value != "aws:cloudformation:stack") continue;
    const yaml::Node* tf = props->find("templateFile");
    if (!tf || !tf->is_scalar()) continue;
    std::vector<std::string> queue{io::join(dir, std::string(tf->value))};
    for (size_t i = 0; i < queue.size() && i < 256; ++i) {
      const std::string tpath = queue[i];
      if (!seen.insert(tpath).second) continue;
      auto tc = fs.read(tpath);
      if (!tc) {
        diags.push_back(
            Diagnostic{Severity::Error, tpath, 0, 0,
                       "cannot read the template that " + mpath + " names: " + tc.error().message});
        continue;
      }
      auto doc = sources::parse_document(tpath, std::move(*tc));
      for (auto& d : doc->diags) diags.push_back(d);
      sources::add_comments(*doc, model.comments);
      if (!doc->ok()) continue;
      std::vector<std::string> nested;
      scan_document(*doc, opts, given, "cdk", model, &nested);
      for (const auto& n : nested) queue.push_back(io::join(dir, n));
    }
  }
}

}  // namespace

void scan_cdk_out(const io::FileSystem& fs, const std::string& dir, const Options& opts, model::Model& model,
                  Diagnostics& diags) {
  Given given = given_values(fs, opts, diags);
  std::set<std::string> seen;
  scan_assembly(fs, dir, opts, given, model, diags, seen, 0);
}

}  // namespace cs::cfn
