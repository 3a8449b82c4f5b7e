// AWS Lambda functions and the event sources X-Ray cannot trace, of CloudFormation, SAM and CDK templates.
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
// - The execution role: Role as a Ref / GetAtt / Sub naming a logical id gives the address, an ARN
//   string the ARN; a SAM function without Role gets the role SAM generates, `<LogicalId>Role`.
#include "sources/cloudformation/aws/lambda.h"

#include <map>
#include <string_view>

namespace cs::cfn::aws {

namespace {

using model::Location;
using model::Origin;
using model::aws::lambda::EventSourceMapping;
using model::aws::lambda::Function;
using model::aws::lambda::TracingMode;
using model::aws::lambda::untraceable_event_source;
using util::add_note;
using util::loc;
using util::referenced_id;
using util::sketch;

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

class Mapper {
 public:
  Mapper(const TemplateContext& ctx, model::Model& model)
      : c_(ctx), model_(model), file_(ctx.file), ev_(ctx.ev), kind_override_(ctx.kind_override) {}

  void run(const Resources& resources) {
    if (const yaml::Node* g = c_.root->find("Globals"); g && g->is_map())
      if (const yaml::Node* f = g->find("Function"); f && f->is_map())
        globals_tracing_ = f->find_pair("Tracing");
    std::vector<Function> fns;
    std::vector<EventSourceMapping> maps;
    std::vector<const yaml::Node*> defs;
    for (const yaml::Pair* pp : resources) {
      const yaml::Pair& p = *pp;
      const yaml::Node* type = p.value->find("Type");
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
      const yaml::Node* role = props ? props->find("Role") : nullptr;  // the execution role
      if (role && as_intrinsic(role) && ev_.eval(role).is_no_value()) {
        f.no_role = true;  // No role (SAM, too, passes AWS::NoValue on rather than generate one).
      } else if (role) {
        f.role.address = referenced_id(role);
        if (f.role.address.empty()) f.role.address = sub_of_id(role);
        if (f.role.address.empty()) {
          Value v = ev_.eval(role);
          if (v.is_scalar() && v.secret.empty())
            f.role.arn = v.text;
          else
            f.role_unknown = v.is_unknown() ? "Role " + v.text : "Role is not a plain string";
        }
      } else if (sam) {
        f.role.address = f.address + "Role";  // the role SAM generates (iam.cpp)
      } else {
        f.no_role = true;
      }
      if (const yaml::Node* md = p.value->find("Metadata"); md && md->is_map()) {
        if (const yaml::Node* cp = md->find("aws:cdk:path"); cp && cp->is_scalar()) {
          f.properties.emplace_back("construct_path", std::string(cp->value));
        }
        if (c_.suppressions) c_.suppressions(md, f);
      }
      if (sam) sam_events(props, f, maps);
      fns.push_back(std::move(f));
      defs.push_back(p.value);
    }
    event_source_mappings(resources, fns, defs, maps);
    // Logical ids are this template's own (a CDK assembly holds several): link inside it.
    model::aws::lambda::apply_event_source_mappings(fns, maps);
    for (auto& f : fns) model_.lambda_functions.push_back(std::move(f));
    for (auto& m : maps) model_.lambda_event_source_mappings.push_back(std::move(m));
  }

 private:
  bool exists(const yaml::Node* def, std::string* note) { return util::exists(ev_, def, note); }
  const yaml::Node* as_map(const yaml::Node* n) { return util::as_map(ev_, n); }
  const yaml::Node* properties(const yaml::Node* def) { return as_map(def->find("Properties")); }

  // The logical id a `!Sub "${Id.Arn}"` (the whole string one reference) names, or "".
  std::string sub_of_id(const yaml::Node* n) {
    auto in = as_intrinsic(n);
    if (!in || in->name != "Fn::Sub" || !in->arg || !in->arg->is_scalar()) return "";
    std::string_view s = in->arg->value;
    if (s.size() < 4 || s.substr(0, 2) != "${" || s.back() != '}' || s.find('}') != s.size() - 1) return "";
    std::string id(s.substr(2, std::min(s.find('.'), s.size() - 1) - 2));
    const yaml::Node* r = ev_.resources() ? ev_.resources()->find(id) : nullptr;
    return r && r->is_map() ? id : "";  // a resource, not a parameter
  }

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

  void event_source_mappings(const Resources& resources, const std::vector<Function>& fns,
                             const std::vector<const yaml::Node*>& defs,
                             std::vector<EventSourceMapping>& maps) {
    // A mapping may also name a function outside the template (one the Serverless Framework generates,
    // for a template embedded in a service): it links to it by that logical id.
    if (fns.empty() && !ev_.has_external()) return;
    FunctionIndex index;
    for (size_t i = 0; i < fns.size(); ++i) index.by_id.emplace(fns[i].address, static_cast<int>(i));
    for (const yaml::Pair* pp : resources) {
      const yaml::Pair& p = *pp;
      const yaml::Node* type = p.value->find("Type");
      if (type->value != "AWS::Lambda::EventSourceMapping") continue;
      std::string ignored;
      if (!exists(p.value, &ignored)) continue;
      const yaml::Node* props = properties(p.value);
      if (!props) continue;
      std::string src = esm_source(props);
      if (src.empty()) continue;
      int i = target(props->find("FunctionName"), fns, defs, index);
      std::string fn = i >= 0 ? fns[i].address : "";
      if (i < 0)
        if (std::string id = referenced_id(props->find("FunctionName")); ev_.external(id)) fn = id;
      if (!fn.empty())
        maps.push_back(mapping(std::string(p.key->value), "AWS::Lambda::EventSourceMapping",
                               loc(file_, p.key), fn, src));
    }
  }

  const TemplateContext& c_;
  model::Model& model_;
  const std::string& file_;
  Evaluator& ev_;
  const std::string& kind_override_;
  const yaml::Pair* globals_tracing_ = nullptr;
};

}  // namespace

void map_lambda(const TemplateContext& ctx, const Resources& resources, model::Model& model) {
  Mapper(ctx, model).run(resources);
}

}  // namespace cs::cfn::aws
