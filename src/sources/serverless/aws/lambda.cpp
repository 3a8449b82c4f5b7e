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

// Serverless's logical id for a function: naming.getLambdaLogicalId.
std::string logical_id(const std::string& name) {
  std::string n;
  for (char c : name) {
    if (c == '-')
      n += "Dash";
    else if (c == '_')
      n += "Underscore";
    else
      n += c;
  }
  if (!n.empty()) n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
  return n + "LambdaFunction";
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

}  // namespace

void map_lambda(const ServiceContext& c, model::Model& model) {
  Resolver& r = c.r;
  const Value& root = c.root;
  const Value& provider = c.provider;
  // configValidationMode "off" skips the schema validation, and with it ajv's coercion.
  bool coercion = r.member(root, "configValidationMode").scalar_text() != "off";

  // provider.tracing.lambda
  Setting provider_setting;
  {
    Value tracing = r.member(provider, "tracing");
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

}  // namespace cs::sls::aws
