// Serverless Framework v3: the REST API of `http` events and its stage.
//
// The Framework compiles `http` events into one AWS::ApiGateway::RestApi (ApiGatewayRestApi) and an
// AWS::ApiGateway::Deployment whose StageName is the service's stage. provider.tracing.apiGateway is
// NOT in that template: after the stack is deployed, the Framework's "update stage" step calls
// apigateway:UpdateStage with `replace /tracingEnabled` = "true" when the setting is truthy and
// "false" when it is set to a falsy value; when the setting is absent (or null) it patches nothing and
// the stage keeps API Gateway's default, off. So `serverless package` output never shows it and the
// verdict is read from serverless.yml alone. The configuration schema types the setting as a boolean
// (ajv coerces "true"/"false" strings and 1/0 unless configValidationMode is off).
//
// provider.apiGateway.restApiId makes the events attach to an external REST API: the Framework then
// skips the update step entirely (v3 refuses to package when provider.tracing.apiGateway is also set:
// "property provider.tracing.apiGateway is ineffective"). The packaged Deployment still names the
// service's stage, but on the external API, whose stage settings belong to where that API is defined:
// nothing is reported here. `httpApi` events create an HTTP API (v2), which X-Ray cannot trace: nothing is
// reported.
#include "sources/serverless/aws/apigateway.h"

#include <cmath>
#include <cstdlib>

namespace cs::sls::aws {

namespace {

// JavaScript truthiness after ajv's boolean coercion (when validation is on).
bool truthy_boolean(const Value& v, bool coercion) {
  switch (v.kind) {
    case Value::Kind::Null:
      return false;
    case Value::Kind::Bool:
      return v.boolean;
    case Value::Kind::String:
      if (coercion && v.text == "false") return false;
      return !v.text.empty();
    case Value::Kind::Number: {
      double d = std::strtod(v.text.c_str(), nullptr);
      return !(std::isnan(d) || d == 0.0);
    }
    default:
      return true;
  }
}

// The first `http` event of any function (where the REST API comes from), or an empty Member.
Member first_http_event(Resolver& r, const Value& root) {
  Value functions = r.member(root, "functions");
  std::vector<Value> maps;
  if (functions.is_map())
    maps.push_back(functions);
  else if (functions.is_seq())
    for (const Value& v : r.items(functions))
      if (v.is_map()) maps.push_back(v);
  for (const Value& fns : maps)
    for (const Member& f : r.members(fns)) {
      Value body = r.resolve(*f.doc, f.value);
      if (!body.is_map()) continue;
      Value events = r.member(body, "events");
      for (const Value& ev : r.items(events)) {
        if (!ev.is_map()) continue;
        for (const Member& m : r.members(ev))
          if (m.key->value == "http") return m;
      }
    }
  return {};
}

}  // namespace

void map_apigateway(const ServiceContext& ctx, model::Model& model) {
  Resolver& r = ctx.r;
  const Value& root = ctx.root;
  const Value& provider = ctx.provider;
  Member http = first_http_event(r, root);
  if (!http.key) return;  // no REST API (httpApi events are v2: not traceable)
  Value api_cfg = r.member(provider, "apiGateway");
  if (api_cfg.is_map()) {
    Value external = r.member(api_cfg, "restApiId");
    if (!external.is_null()) return;  // an external REST API: not ours, and the setting is ignored
  }
  bool coercion = r.member(root, "configValidationMode").scalar_text() != "off";

  model::aws::apigateway::Stage s;
  Value stage = r.stage();
  s.stage_name = stage.is_unknown() ? "" : stage.shown_text();
  s.address = "ApiGatewayRestApi" + (s.stage_name.empty() ? std::string() : "." + s.stage_name);
  s.type = "AWS::ApiGateway::Stage";
  s.kind = "serverless";
  s.declared = member_location(http, false);
  s.api.address = "ApiGatewayRestApi";
  s.properties.emplace_back("logical_id", "ApiGatewayRestApi");
  if (!s.stage_name.empty()) s.properties.emplace_back("stage", s.stage_name);
  if (Value reg = r.region(); !reg.is_unknown()) s.properties.emplace_back("region", reg.shown_text());
  s.note = "the REST API of the service's http events";

  Member provider_where;
  r.member(root, "provider", &provider_where);
  Member tracing_where;
  Value tracing = r.member(provider, "tracing", &tracing_where);
  Member where;
  Value v;
  if (tracing.is_unknown()) {
    v = tracing;
    where = tracing_where;
  } else if (tracing.is_map()) {
    v = r.member(tracing, "apiGateway", &where);
  }
  if (v.is_unknown()) {
    s.tracing.origin = model::Origin::Unknown;
    s.tracing.where = member_location(where, true);
    s.tracing.unknown_reason = "provider.tracing.apiGateway: " + v.text;
  } else if (v.is_null()) {
    // Not set (or null): the Framework patches nothing; the stage keeps tracing off.
    s.edit = member_location(tracing_where.key ? tracing_where : provider_where, false);
  } else {
    s.tracing.origin = model::Origin::Explicit;
    s.tracing.value = truthy_boolean(v, coercion);
    s.tracing.where = member_location(where, true);
    s.tracing.raw = v.shown_text();
    s.tracing.raw_is_label = !v.secret.empty();
  }
  model.apigateway_stages.push_back(std::move(s));
}

}  // namespace cs::sls::aws
