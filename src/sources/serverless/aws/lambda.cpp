// Serverless Framework v3 functions into the model. What `serverless package` deploys for each function
// (lib/plugins/aws/package/compile/functions.js):
//
//   tracing = functions.<name>.tracing || provider.tracing.lambda     (JavaScript truthiness)
//   true -> TracingConfig.Mode "Active"; any other truthy value -> Mode as written
//
// before which the configuration schema (awsLambdaTracing: enum [Active, PassThrough] or boolean) is
// validated by ajv with type coercion, so "true"/"false" strings, 1/0 and null become booleans, unless
// configValidationMode is "off". Other values ("active", "Passthrough") only warn and are deployed as
// written, and CloudFormation rejects them: Invalid. A false function setting does not override the
// provider's: `false || provider.tracing.lambda`.
//
// Events msk, kafka, activemq, rabbitmq and a DocumentDB stream are sources X-Ray cannot trace: each is
// an event source mapping the Framework creates.
#include "sources/serverless/aws/lambda.h"

#include "sources/serverless/aws/iam.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

namespace cs::sls::aws {

namespace {

using model::aws::lambda::TracingMode;

// The number js-yaml reads from a core-schema number (decimal, 0x, 0o, 0b, .inf, .nan).
double number_value(const std::string& text) {
  std::string t;
  for (char c : text)
    if (c != '_') t += c;
  if (t.empty()) return 0;
  bool neg = t[0] == '-';
  size_t i = (t[0] == '+' || t[0] == '-') ? 1 : 0;
  std::string body = t.substr(i);
  double v;
  if (body == ".nan" || body == ".NaN" || body == ".NAN") return std::nan("");
  if (body == ".inf" || body == ".Inf" || body == ".INF")
    v = HUGE_VAL;
  else if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o' || body[1] == 'b'))
    v = static_cast<double>(std::strtoull(body.c_str() + 2, nullptr,
                                          body[1] == 'x'   ? 16
                                          : body[1] == 'o' ? 8
                                                           : 2));
  else
    v = std::strtod(body.c_str(), nullptr);
  return neg ? -v : v;
}

// JavaScript truthiness of a resolved value.
bool truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null:
      return false;
    case Value::Kind::Bool:
      return v.boolean;
    case Value::Kind::String:
      return !v.text.empty();
    case Value::Kind::Number: {
      double d = number_value(v.text);
      return !(std::isnan(d) || d == 0.0);
    }
    case Value::Kind::Map:
    case Value::Kind::Seq:
    case Value::Kind::Unknown:
      return true;
  }
  return true;
}

// ajv's coercion to boolean (coerceTypes): "true"/"false", 1/0 and null become booleans.
Value coerce(const Value& v) {
  Value r = v;
  if (v.kind == Value::Kind::String && (v.text == "true" || v.text == "false")) {
    r = Value::boolean_value(v.text == "true");
  } else if (v.kind == Value::Kind::Number) {
    double d = number_value(v.text);
    if (d == 1.0 || d == 0.0) r = Value::boolean_value(d == 1.0);
  } else if (v.kind == Value::Kind::Null) {
    r = Value::boolean_value(false);
  }
  r.via_variable = v.via_variable;
  r.secret = v.secret;
  return r;
}

struct Setting {
  Value value;
  Member where;
  bool present = false;
};

// A value as messages show it: a secret (from a file or the environment) by its label only.
std::string describe(const Value& v) {
  if (!v.secret.empty()) return v.secret;
  switch (v.kind) {
    case Value::Kind::Map:
      return "a mapping";
    case Value::Kind::Seq:
      return "a list";
    default:
      return v.scalar_text();
  }
}

// The event source X-Ray cannot trace that an event names (msk, kafka, activemq, rabbitmq, a DocumentDB
// stream), or "".
std::string unsupported_source(Resolver& r, const Value& event) {
  using model::aws::lambda::untraceable_event_source;
  if (!event.is_map()) return "";
  for (const Member& m : r.members(event)) {
    std::string_view k = m.key->value;
    if (k != "stream") {
      if (std::string u = untraceable_event_source(k); !u.empty()) return u;
      continue;
    }
    Value s = r.resolve(*m.doc, m.value);
    if (std::string u = untraceable_event_source(r.member(s, "type").scalar_text()); !u.empty()) return u;
    std::string arn = s.is_map() ? r.member(s, "arn").scalar_text() : s.scalar_text();
    if (std::string u = untraceable_event_source(arn); !u.empty()) return u;
  }
  return "";
}

// A function the Framework adds to the service (a custom resource's handler): its name (as functions
// are named: the logical id comes from it), why it is there and the event that first asks for it.
struct CustomResources {
  std::vector<CustomResource> found;  // in the order the Framework compiles them: s3, cognito, eventBridge
  bool s3 = false, cup = false, eb = false;
  bool http = false, websocket = false;  // some function has an http / websocket event
  std::string s3_function;               // the last function seen with an existing s3 bucket
};

bool setting_true(const Value& v, bool coercion) {
  return truthy(coercion ? coerce(v) : v);
}

// Does this event make the Framework add a custom resource function? (s3 and cognitoUserPool with
// `existing: true`; eventBridge when provider.eventBridge is set without a true useCloudFormation:
// `shouldUseCloudFormation = provider.eventBridge ? provider.eventBridge.useCloudFormation : true`.)
void note_custom_resource(Resolver& r, bool coercion, const Value& provider, const std::string& fn_address,
                          size_t index, const Value& ev, const Member& where, CustomResources& out) {
  if (!ev.is_map()) return;
  if (!r.member(ev, "http").is_null()) out.http = true;
  if (!r.member(ev, "websocket").is_null()) out.websocket = true;
  std::string at = fn_address + ".events[" + std::to_string(index) + "]";
  auto add = [&](bool& seen, const char* name, const std::string& why) {
    if (seen) return;
    seen = true;
    out.found.push_back(CustomResource{name, why + " (" + at + ")", where});
  };
  if (Value s3 = r.member(ev, "s3"); s3.is_map() && setting_true(r.member(s3, "existing"), coercion)) {
    add(out.s3, "custom-resource-existing-s3", "an s3 event with existing: true");
    if (out.s3_function != fn_address) {  // one bucket per function (the Framework refuses two)
      out.s3_function = fn_address;
      for (CustomResource& cr : out.found)
        if (cr.name == "custom-resource-existing-s3") cr.buckets.push_back(r.member(s3, "bucket"));
    }
  }
  if (Value cup = r.member(ev, "cognitoUserPool");
      cup.is_map() && setting_true(r.member(cup, "existing"), coercion))
    add(out.cup, "custom-resource-existing-cup", "a cognitoUserPool event with existing: true");
  if (Value eb = r.member(ev, "eventBridge"); !eb.is_null()) {
    Value opts = r.member(provider, "eventBridge");
    if (truthy(opts) && !opts.is_unknown() && !truthy(r.member(opts, "useCloudFormation")))
      add(out.eb, "custom-resource-event-bridge",
          "an eventBridge event while provider.eventBridge.useCloudFormation is not true");
  }
}

// The TracingConfig.Mode a function deploys with, as resources.Resources and resources.extensions change
// it (lib/plugins/aws/package/lib/merge-custom-provider-resources.js): the Framework first deep-merges
// `resources` into the generated template (lodash merge: a same-named resources.Resources entry changes
// the generated function key by key, down to TracingConfig.Mode), then applies each extension's
// Properties with Object.assign (an extension's TracingConfig replaces the whole TracingConfig). A
// `resources` list is lodash-merged first. Null values are stripped from the template's properties.
struct ModeState {
  bool changed = false;   // some entry of `resources` decided the mode (set it, removed it)
  bool has_mode = false;  // TracingConfig.Mode is set
  Value mode;             // when has_mode
  Member where;           // where the deciding value is written
  std::string from;       // "resources.Resources.<Id>" or "resources.extensions.<Id>"
  std::string not_a_map;  // TracingConfig is a scalar (CloudFormation rejects it): how it is written
};

// Deep-merge a TracingConfig value into `st` (lodash merge; null assigns null, later stripped).
void merge_tracing_config(Resolver& r, const Value& tc, const Member& tc_where, const std::string& from,
                          ModeState& st) {
  if (tc.is_null()) {
    st = ModeState{true, false, Value::null(), tc_where, from, ""};
  } else if (tc.is_unknown()) {
    st.has_mode = true;
    st.mode = tc;
    st.where = tc_where;
    st.not_a_map.clear();
    st.changed = true;
    st.from = from;
  } else if (!tc.is_map()) {
    st.has_mode = false;
    st.where = tc_where;
    st.not_a_map = describe(tc);
    st.changed = true;
    st.from = from;
  } else {
    st.not_a_map.clear();
    Member m;
    Value mode = r.member(tc, "Mode", &m);
    if (!m.key) return;  // no Mode: the mode stays as it was
    st.where = m;
    st.has_mode = !mode.is_null();
    st.mode = mode;
    st.changed = true;
    st.from = from;
  }
}

// Apply resources (a mapping, or a list of mappings) to the generated function `lid`. Returns false
// when `resources` itself cannot be read (why in `why`).
bool resources_mode(Resolver& r, const Value& root, const std::string& lid, const ModeState& generated,
                    ModeState& out, std::string& why) {
  Member rw;
  Value resources = r.member(root, "resources", &rw);
  std::vector<Value> parts;
  if (resources.is_unknown()) {
    why = "resources cannot be read: " + resources.text;
    return false;
  }
  if (resources.is_seq()) {
    for (Value& v : r.items(resources)) {
      if (v.is_unknown()) {
        why = "an entry of resources cannot be read: " + v.text;
        return false;
      }
      parts.push_back(std::move(v));
    }
  } else if (resources.is_map()) {
    parts.push_back(resources);
  }
  out = generated;
  ModeState ext;
  bool ext_set = false;
  for (const Value& part : parts) {
    for (const char* section : {"Resources", "extensions"}) {
      bool is_ext = std::string_view(section) == "extensions";
      Value sec = r.member(part, section);
      Member ew;
      Value entry = r.member(sec, lid, &ew);
      std::string from = std::string("resources.") + section + "." + lid;
      if (sec.is_unknown() || entry.is_unknown()) {
        why = from + " cannot be read: " + (sec.is_unknown() ? sec.text : entry.text);
        return false;
      }
      Member pw;
      Value props = r.member(entry, "Properties", &pw);
      if (props.is_unknown()) {
        why = from + ".Properties cannot be read: " + props.text;
        return false;
      }
      Member tw;
      Value tc = r.member(props, "TracingConfig", &tw);
      if (!tw.key) continue;
      if (is_ext && !ext_set) {
        // An extension's TracingConfig replaces the generated one: merge into nothing.
        ext = ModeState{};
        ext.changed = true;
        ext.from = from;
        ext.where = tw;
        ext_set = true;
      }
      merge_tracing_config(r, tc, tw, from, is_ext ? ext : out);
    }
  }
  if (ext_set) out = ext;
  return true;
}

// The function's tracing after `resources` changed it (see resources_mode).
void apply_resources(Resolver& r, const Value& root, const std::string& name,
                     model::aws::lambda::Function& fn) {
  std::string lid = logical_id(name);
  ModeState st;
  std::string why;
  if (!resources_mode(r, root, lid, ModeState{}, st, why)) {
    if (fn.tracing.value == TracingMode::Unknown) return;
    fn.tracing.raw.clear();
    fn.tracing.value = TracingMode::Unknown;
    fn.tracing.origin = model::Origin::Unknown;
    fn.tracing.unknown_reason = "whether resources change " + lid + " is not known: " + why;
    return;
  }
  if (!st.changed) return;
  auto& t = fn.tracing;
  t.raw.clear();
  t.raw_is_label = false;
  t.unknown_reason.clear();
  t.where = member_location(st.where, st.where.value != nullptr);
  fn.note = "TracingConfig from " + st.from;
  if (!st.not_a_map.empty()) {
    t.value = TracingMode::Invalid;
    t.origin = model::Origin::Explicit;
    t.raw = "TracingConfig " + st.not_a_map;
    fn.note += " (TracingConfig is " + st.not_a_map + ", not a mapping)";
    return;
  }
  if (!st.has_mode) {
    t.value = TracingMode::Absent;
    t.origin = model::Origin::Default;
    fn.note += ", which sets no Mode";
    return;
  }
  const Value& v = st.mode;
  if (v.is_unknown()) {
    t.value = TracingMode::Unknown;
    t.origin = model::Origin::Unknown;
    t.unknown_reason = v.text;
  } else if (v.is_map()) {
    t.value = TracingMode::Unknown;
    t.origin = model::Origin::Unknown;
    t.unknown_reason =
        "Mode in " + st.from + " is an intrinsic function, evaluated by CloudFormation at deploy";
  } else if (v.is_string() && model::aws::lambda::parse_tracing_mode(v.text) != TracingMode::Invalid) {
    t.value = model::aws::lambda::parse_tracing_mode(v.text);
    t.origin = model::Origin::Explicit;
    t.raw = v.text;
  } else {
    t.value = TracingMode::Invalid;
    t.origin = model::Origin::Explicit;
    t.raw = describe(v);
    t.raw_is_label = !v.secret.empty();
  }
}

}  // namespace

void map_lambda(const ServiceContext& c, model::Model& model) {
  Resolver& r = c.r;
  const Value& root = c.root;
  const Value& provider = c.provider;
  // configValidationMode "off" skips the schema validation, and with it ajv's coercion.
  bool coercion = r.member(root, "configValidationMode").scalar_text() != "off";

  // provider.tracing.lambda
  Setting provider_setting;
  // provider.tracing written as a scalar (`tracing: true`): the schema wants a mapping, so the Framework
  // warns and deploys no tracing from it. Said in the note of each function left without a mode.
  std::string provider_tracing_ignored;
  {
    Value tracing = r.member(provider, "tracing");
    if (!tracing.is_unknown() && !tracing.is_map() && !tracing.is_null())
      provider_tracing_ignored =
          "provider.tracing is " + describe(tracing) +
          ", not a mapping: the Framework ignores it (it warns \"Invalid configuration "
          "encountered at 'provider.tracing': must be object\"); set "
          "provider.tracing.lambda";
    if (tracing.is_unknown()) {
      provider_setting.value = tracing;
      provider_setting.present = true;
      Member m;
      r.member(provider, "tracing", &m);
      provider_setting.where = m;
    } else if (tracing.is_map()) {
      Member m;
      Value v = r.member(tracing, "lambda", &m);
      if (m.value || m.key) {
        provider_setting.value = v;
        provider_setting.where = m;
        provider_setting.present = true;
      }
    }
  }

  std::vector<FunctionEntry> entries = read_functions(c, &model).entries;

  // The role of functions without their own: provider.iam.role when it names an existing role, else
  // provider.role (getCustomExecutionRole); null: the generated IamRoleLambdaExecution.
  Value provider_role = Value::null();
  if (Value ir = r.member(r.member(provider, "iam"), "role"); existing_role(r, ir))
    provider_role = ir;
  else
    provider_role = r.member(provider, "role");

  // Facts shown with every result.
  std::string region_text;
  if (Value reg = r.region(); !reg.is_unknown()) region_text = reg.shown_text();
  Value provider_runtime = r.member(provider, "runtime");

  for (const FunctionEntry& e : entries) {
    model::aws::lambda::Function fn;
    fn.address = "functions." + e.name;
    fn.kind = "serverless";
    fn.type = "serverless.function";
    fn.declared = member_location(e.where, false);
    fn.properties.emplace_back("logical_id", logical_id(e.name));
    if (!region_text.empty()) fn.properties.emplace_back("region", region_text);

    Value body = r.resolve(*e.where.doc, e.where.value);
    if (body.is_unknown()) {
      fn.tracing.value = TracingMode::Unknown;
      fn.tracing.origin = model::Origin::Unknown;
      fn.tracing.where = member_location(e.where, true);
      fn.tracing.unknown_reason = "the function's definition cannot be read: " + body.text;
      model.lambda_functions.push_back(std::move(fn));
      continue;
    }
    fn.role = execution_role(r, r.member(body, "role"), provider_role);
    Value runtime = r.member(body, "runtime");
    if (runtime.is_null()) runtime = provider_runtime;
    if (runtime.is_string()) fn.properties.emplace_back("runtime", runtime.shown_text());

    // Event sources X-Ray cannot trace: each such event is a mapping the Framework creates; the model
    // marks the function (Model::link).
    Value events = r.member(body, "events");
    size_t n = 0;
    for (const Value& ev : r.items(events)) {
      ++n;
      if (std::string u = unsupported_source(r, ev); !u.empty()) {
        model::aws::lambda::EventSourceMapping m;
        m.address = fn.address + ".events[" + std::to_string(n - 1) + "]";
        m.type = "serverless.event";
        m.kind = "serverless";
        m.declared = fn.declared;
        m.function.address = fn.address;
        m.source = u;
        model.lambda_event_source_mappings.push_back(std::move(m));
      }
    }

    Setting own;
    {
      Member m;
      Value v = r.member(body, "tracing", &m);
      if (m.value || m.key) {
        own.value = v;
        own.where = m;
        own.present = true;
      }
    }
    // functions.<name>.tracing || provider.tracing.lambda, after coercion.
    const Setting* chosen = nullptr;
    bool inherited = false;
    Value effective;
    auto consider = [&](const Setting& s) -> bool {
      if (!s.present) return false;
      Value v = s.value;
      if (v.is_unknown()) {
        effective = v;
        chosen = &s;
        return true;
      }
      if (coercion &&
          !(v.is_string() && model::aws::lambda::parse_tracing_mode(v.text) != TracingMode::Invalid))
        v = coerce(v);
      if (!truthy(v)) return false;
      effective = v;
      chosen = &s;
      return true;
    };
    if (!consider(own)) inherited = consider(provider_setting);

    auto& t = fn.tracing;
    if (!chosen) {
      t.value = TracingMode::Absent;
      t.origin = model::Origin::Default;
      if (own.present) {
        t.raw = describe(own.value);
        fn.note = "functions." + e.name + ".tracing is " + (t.raw.empty() ? std::string("empty") : t.raw);
      }
      if (!provider_tracing_ignored.empty())
        fn.note += (fn.note.empty() ? "" : "; ") + provider_tracing_ignored;
    } else {
      t.where = member_location(chosen->where, true);
      if (effective.is_unknown()) {
        t.value = TracingMode::Unknown;
        t.origin = model::Origin::Unknown;
        t.unknown_reason = effective.text;
        if (inherited) t.unknown_reason += " (from provider.tracing.lambda)";
      } else {
        t.origin = model::Origin::Explicit;
        if (effective.kind == Value::Kind::Bool) {
          t.value = TracingMode::Active;
          t.raw = "true";
        } else if (effective.is_string() &&
                   model::aws::lambda::parse_tracing_mode(effective.text) != TracingMode::Invalid) {
          t.value = model::aws::lambda::parse_tracing_mode(effective.text);
          t.raw = effective.text;
        } else {
          t.value = TracingMode::Invalid;
          t.raw = describe(effective);
          t.raw_is_label = !effective.secret.empty();
        }
        std::vector<std::string> notes;
        if (inherited) notes.push_back("from provider.tracing.lambda");
        if (effective.via_variable || chosen->value.via_variable) {
          std::string written = chosen->where.value && chosen->where.value->is_scalar()
                                    ? std::string(chosen->where.value->value)
                                    : std::string();
          if (!written.empty() && written.find("${") != std::string::npos)
            notes.push_back(written + " resolved to " + describe(effective));
        }
        for (size_t i = 0; i < notes.size(); ++i) fn.note += (i ? "; " : "") + notes[i];
      }
    }
    model.lambda_functions.push_back(std::move(fn));
  }
}

void map_resources(const ServiceContext& c, model::Model& model) {
  Resolver& r = c.r;
  const Value& root = c.root;
  const Value& provider = c.provider;
  bool coercion = r.member(root, "configValidationMode").scalar_text() != "off";
  std::string region_text;
  if (Value reg = r.region(); !reg.is_unknown()) region_text = reg.shown_text();

  // The lambda mapper ran before: the last functions of the model are this service's, in order.
  std::vector<FunctionEntry> entries = read_functions(c, nullptr).entries;
  size_t first = model.lambda_functions.size() >= entries.size()
                     ? model.lambda_functions.size() - entries.size()
                     : model.lambda_functions.size();
  CustomResources custom;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FunctionEntry& e = entries[i];
    size_t k = first + i;
    if (k >= model.lambda_functions.size() || model.lambda_functions[k].address != "functions." + e.name)
      continue;
    Value body = r.resolve(*e.where.doc, e.where.value);
    if (body.is_unknown()) continue;  // UNRESOLVED already
    apply_resources(r, root, e.name, model.lambda_functions[k]);
    std::vector<Member> event_where;
    std::vector<Value> events = r.items(r.member(body, "events"), &event_where);
    for (size_t n = 0; n < events.size(); ++n)
      note_custom_resource(r, coercion, provider, "functions." + e.name, n, events[n], event_where[n],
                           custom);
  }

  // API Gateway logs (ensure-api-gateway-cloud-watch-role.js): the REST API's stage with
  // provider.logs.restApi set and accessLogging not false, or the websocket API's (not an external one)
  // with provider.logs.websocket set, makes the Framework set the account's CloudWatch role through a
  // custom resource, unless provider.logs.restApi.roleManagedExternally (read for both).
  {
    Value logs = r.member(provider, "logs");
    Member rest_where, ws_where;
    Value rest = r.member(logs, "restApi", &rest_where);
    Value ws = r.member(logs, "websocket", &ws_where);
    bool external = truthy(r.member(rest, "roleManagedExternally"));
    Value access = r.member(rest, "accessLogging");
    // A setting that cannot be known adds nothing (as for eventBridge above).
    bool rest_role =
        custom.http && !rest.is_unknown() && truthy(rest) && (access.is_null() || truthy(access));
    bool ws_role = custom.websocket && !ws.is_unknown() && truthy(ws) &&
                   r.member(r.member(provider, "apiGateway"), "websocketApiId").is_null();
    if (!external && (rest_role || ws_role))
      custom.found.push_back(CustomResource{
          "custom-resource-apigw-cw-role",
          rest_role ? "provider.logs.restApi (API Gateway logging needs the account's CloudWatch role)"
                    : "provider.logs.websocket (API Gateway logging needs the account's CloudWatch role)",
          rest_role ? rest_where : ws_where});
  }
  // In the order the Framework's event plugins add them (lib/plugins/index.js): s3, api-gateway and
  // websockets, cognito-user-pool, event-bridge.
  auto rank = [](const CustomResource& cr) {
    return cr.name == "custom-resource-existing-s3"     ? 0
           : cr.name == "custom-resource-apigw-cw-role" ? 1
           : cr.name == "custom-resource-existing-cup"  ? 2
                                                        : 3;
  };
  std::stable_sort(custom.found.begin(), custom.found.end(),
                   [&](const CustomResource& a, const CustomResource& b) { return rank(a) < rank(b); });
  // Their role: IamRoleCustomResourcesLambdaExecution, unless a deployment role replaces it.
  Value deployment_role = r.member(r.member(provider, "iam"), "deploymentRole");
  if (deployment_role.is_null()) deployment_role = r.member(provider, "cfnRole");
  if (deployment_role.is_null()) map_custom_resources_role(c, custom.found, model);

  // The functions the Framework deploys itself (lib/plugins/aws/custom-resources): created without a
  // TracingConfig, whatever provider.tracing says; only resources.extensions/Resources can add one.
  for (const CustomResource& cr : custom.found) {
    model::aws::lambda::Function fn;
    std::string lid = logical_id(cr.name);
    fn.address = lid;
    fn.kind = "serverless";
    fn.type = "serverless.function";
    fn.declared = member_location(cr.where, false);
    fn.properties.emplace_back("logical_id", lid);
    if (!region_text.empty()) fn.properties.emplace_back("region", region_text);
    fn.properties.emplace_back("runtime", "nodejs18.x");
    if (deployment_role.is_null())
      fn.role.address = "IamRoleCustomResourcesLambdaExecution";
    else
      fn.role = execution_role(r, deployment_role, Value::null());
    fn.tracing.value = TracingMode::Absent;
    fn.tracing.origin = model::Origin::Default;
    fn.note = "the Framework deploys this function for " + cr.why + " and sets no tracing on it";
    apply_resources(r, root, cr.name, fn);
    model.lambda_functions.push_back(std::move(fn));
  }
}

}  // namespace cs::sls::aws
