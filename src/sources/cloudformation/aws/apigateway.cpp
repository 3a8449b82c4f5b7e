// API Gateway REST API stages of CloudFormation, SAM and CDK templates.
//
// Decisions (checked against the CloudFormation resource reference and samtranslator 1.110):
// - AWS::ApiGateway::Stage TracingEnabled is a Boolean: true/false, or the strings "true"/"false"
//   (CloudFormation converts them; any case). Not written (or AWS::NoValue) = off: FAIL absent.
//   Anything else is rejected at deployment: UNRESOLVED with the reason, never a PASS.
// - AWS::ApiGateway::Deployment with StageName creates that stage. With StageDescription the stage
//   gets StageDescription.TracingEnabled (absent = off); without it the stage has no tracing setting
//   at all: FAIL implicit-stage. A Deployment without StageName creates no stage.
// - AWS::Serverless::Api: the translator emits an AWS::ApiGateway::Stage `<Id><StageName>Stage`
//   with TracingEnabled = Properties.TracingEnabled, else Globals.Api.TracingEnabled. It also emits
//   the Deployment with StageName "Stage" (an extra stage named "Stage", without StageDescription:
//   implicit-stage) unless OpenApiVersion is set on the Api or in Globals.Api.
// - Functions' and state machines' events of Type Api without RestApiId make SAM create the API
// ServerlessRestApi with the
//   stage "Prod" (ServerlessRestApiProdStage), which takes Globals.Api like any Api, plus the same
//   extra "Stage" stage.
// - HttpApi (AWS::Serverless::HttpApi, AWS::ApiGatewayV2::*) cannot be traced: not modelled.
#include "sources/cloudformation/aws/apigateway.h"

#include <algorithm>
#include <cctype>

namespace cs::cfn::aws {

namespace {

using model::Location;
using model::Origin;
using model::aws::apigateway::RestApi;
using model::aws::apigateway::Stage;

Location loc(const std::string& file, const yaml::Node* n) {
  Location l;
  l.file = file;
  if (n) {
    l.line = n->line;
    l.col = n->col;
  }
  return l;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void add_note(std::string& note, const std::string& more) {
  if (more.empty()) return;
  if (!note.empty()) note += "; ";
  note += more;
}

class Mapper {
 public:
  Mapper(const TemplateContext& ctx, model::Model& model) : c_(ctx), model_(model) {}

  void run(const Resources& resources) {
    const yaml::Node* res = c_.ev.resources();
    if (!res || !res->is_map()) return;
    if (const yaml::Node* g = c_.root->find("Globals"); g && g->is_map())
      if (const yaml::Node* a = g->find("Api"); a && a->is_map()) globals_api_ = a;
    for (const yaml::Pair* pp : resources) {
      const yaml::Pair& p = *pp;
      const yaml::Node* type = p.value->find("Type");
      if (!type || !type->is_scalar()) continue;
      std::string_view t = type->value;
      if (t == "AWS::Serverless::Function" || t == "AWS::Serverless::StateMachine") note_api_events(p);
      if (t != "AWS::ApiGateway::RestApi" && t != "AWS::ApiGateway::Stage" &&
          t != "AWS::ApiGateway::Deployment" && t != "AWS::Serverless::Api")
        continue;
      std::string cond_note;
      if (!exists(p.value, &cond_note)) continue;
      const yaml::Node* props = as_map(p.value->find("Properties"));
      if (t == "AWS::ApiGateway::RestApi")
        rest_api(p, props, "cloudformation");
      else if (t == "AWS::ApiGateway::Stage")
        stage(p, props, cond_note);
      else if (t == "AWS::ApiGateway::Deployment")
        deployment(p, props, cond_note);
      else
        sam_api(p, props, cond_note);
    }
    if (implicit_api_event_) implicit_api();
  }

 private:
  bool exists(const yaml::Node* def, std::string* note) {
    const yaml::Node* c = def->find("Condition");
    if (!c || !c->is_scalar()) return true;
    CondResult r = c_.ev.condition(c->value);
    if (r.truth == Truth::False) return false;
    if (r.truth == Truth::Unknown)
      *note = "exists only if condition " + std::string(c->value) +
              " holds, which cannot be decided before deployment: " + r.reason;
    return true;
  }

  const yaml::Node* as_map(const yaml::Node* n) {
    if (!n) return nullptr;
    if (n->is_map() && !as_intrinsic(n)) return n;
    Value v = c_.ev.eval(n);
    return v.kind == Value::Kind::Map ? v.map : nullptr;
  }

  std::string kind(const char* by_type) const {
    return c_.kind_override.empty() ? by_type : c_.kind_override;
  }

  // Identity, declaration, CDK construct path and Metadata suppressions of a resource.
  template <typename R>
  void base(R& r, const yaml::Pair& p, const char* kind_by_type) {
    r.address = std::string(p.key->value);
    const yaml::Node* type = p.value->find("Type");
    r.type = std::string(type->value);
    r.kind = kind(kind_by_type);
    r.declared = loc(c_.file, p.key);
    if (const yaml::Node* md = p.value->find("Metadata"); md && md->is_map()) {
      if (const yaml::Node* cp = md->find("aws:cdk:path"); cp && cp->is_scalar()) {
        r.properties.emplace_back("construct_path", std::string(cp->value));
      }
      if (c_.suppressions) c_.suppressions(md, r);
    }
  }

  // The logical id a Ref / GetAtt names, or "".
  static std::string referenced_id(const yaml::Node* n) {
    auto in = as_intrinsic(n);
    if (!in || !in->arg) return "";
    if (in->name == "Ref" && in->arg->is_scalar()) return std::string(in->arg->value);
    if (in->name == "Fn::GetAtt") {
      if (in->arg->is_scalar()) return std::string(in->arg->value.substr(0, in->arg->value.find('.')));
      if (in->arg->is_seq() && in->arg->items.size >= 1 && in->arg->items[0]->is_scalar())
        return std::string(in->arg->items[0]->value);
    }
    return "";
  }

  model::Ref api_ref(const yaml::Node* props) {
    model::Ref ref;
    const yaml::Node* id = props ? props->find("RestApiId") : nullptr;
    if (!id) return ref;
    ref.address = referenced_id(id);
    if (ref.address.empty()) {
      Value v = c_.ev.eval(id);
      if (v.is_scalar()) ref.arn = v.text;  // an API of another stack, by id
    }
    return ref;
  }

  std::string scalar_of(const yaml::Node* props, std::string_view key) {
    const yaml::Node* n = props ? props->find(key) : nullptr;
    if (!n) return "";
    Value v = c_.ev.eval(n);
    return v.is_scalar() && v.secret.empty() ? v.text : "";
  }

  void facts(Stage& s) {
    if (!s.api.address.empty())
      s.properties.emplace_back("api", s.api.address);
    else if (!s.api.arn.empty())
      s.properties.emplace_back("api", s.api.arn);
    if (!s.stage_name.empty()) s.properties.emplace_back("stage", s.stage_name);
  }

  // TracingEnabled (a Boolean) into the stage.
  void tracing(const yaml::Pair* te, Stage& s, const std::string& what) {
    if (!te) return;  // Default: off
    const yaml::Node* n = te->value;
    Location where = loc(c_.file, n->is_null() ? te->key : n);
    Value v = c_.ev.eval(n);
    auto unknown = [&](std::string why) {
      s.tracing.origin = Origin::Unknown;
      s.tracing.where = where;
      s.tracing.unknown_reason = std::move(why);
    };
    switch (v.kind) {
      case Value::Kind::NoValue:
        return;
      case Value::Kind::Unknown:
        return unknown(what + ": " + v.text);
      case Value::Kind::Scalar:
        if (iequals(v.text, "true") || iequals(v.text, "false")) {
          s.tracing.origin = Origin::Explicit;
          s.tracing.value = iequals(v.text, "true");
          s.tracing.where = where;
          s.tracing.raw = v.secret.empty() ? v.text : v.secret;
          s.tracing.raw_is_label = !v.secret.empty();
          if (!v.via.empty()) add_note(s.note, "value from " + v.via);
          return;
        }
        return unknown(what + " " + (v.secret.empty() ? "\"" + v.text + "\"" : v.secret) +
                       " is not a boolean; CloudFormation rejects it");
      default:
        return unknown(what + " " + v.render() + " is not a boolean; CloudFormation rejects it");
    }
  }

  void rest_api(const yaml::Pair& p, const yaml::Node* props, const char* kind_by_type) {
    RestApi a;
    base(a, p, kind_by_type);
    a.name = scalar_of(props, "Name");
    model_.apigateway_rest_apis.push_back(std::move(a));
  }

  void stage(const yaml::Pair& p, const yaml::Node* props, const std::string& cond_note) {
    Stage s;
    base(s, p, "cloudformation");
    s.api = api_ref(props);
    s.stage_name = scalar_of(props, "StageName");
    facts(s);
    add_note(s.note, cond_note);
    tracing(props ? props->find_pair("TracingEnabled") : nullptr, s, "TracingEnabled");
    model_.apigateway_stages.push_back(std::move(s));
  }

  void deployment(const yaml::Pair& p, const yaml::Node* props, const std::string& cond_note) {
    const yaml::Node* sn = props ? props->find("StageName") : nullptr;
    if (!sn) return;  // creates no stage
    Value name = c_.ev.eval(sn);
    if (name.is_no_value()) return;
    Stage s;
    base(s, p, "cloudformation");
    s.api = api_ref(props);
    s.stage_name = name.is_scalar() && name.secret.empty() ? name.text : "";
    facts(s);
    add_note(s.note, cond_note);
    const yaml::Pair* sd = props->find_pair("StageDescription");
    const yaml::Node* sdm = sd ? as_map(sd->value) : nullptr;
    if (!sdm) {
      s.implicit = true;
      s.edit = loc(c_.file, props->find_pair("StageName")->key);
    } else {
      tracing(sdm->find_pair("TracingEnabled"), s, "StageDescription.TracingEnabled");
      if (s.tracing.origin == Origin::Default) s.edit = loc(c_.file, sd->key);
    }
    model_.apigateway_stages.push_back(std::move(s));
  }

  // Does OpenApiVersion (on the Api or in Globals.Api) remove SAM's extra "Stage" stage?
  bool removes_extra_stage(const yaml::Node* props) {
    const yaml::Node* v = props ? props->find("OpenApiVersion") : nullptr;
    if (!v && globals_api_) v = globals_api_->find("OpenApiVersion");
    if (!v) return false;
    if (v->is_null() || (v->is_scalar() && v->value.empty())) return false;
    return true;
  }

  // The extra stage named "Stage" of SAM's generated Deployment (no StageDescription).
  void extra_stage(const std::string& api_id, const Location& declared, const std::string& kind_s,
                   const std::vector<model::Directive>& directives,
                   const std::vector<std::pair<std::string, std::string>>& props0) {
    Stage x;
    x.address = api_id + ".Stage";
    x.type = "AWS::Serverless::Api";
    x.kind = kind_s;
    x.declared = declared;
    x.directives = directives;
    x.properties = props0;
    x.api.address = api_id;
    x.stage_name = "Stage";
    facts(x);
    x.implicit = true;
    x.note = "the stage \"Stage\" of the Deployment SAM generates; set OpenApiVersion to remove it";
    model_.apigateway_stages.push_back(std::move(x));
  }

  void sam_api(const yaml::Pair& p, const yaml::Node* props, const std::string& cond_note) {
    RestApi a;
    base(a, p, "sam");
    a.name = scalar_of(props, "Name");
    Stage s;
    base(s, p, "sam");
    auto props0 = s.properties;
    model_.apigateway_rest_apis.push_back(std::move(a));
    s.api.address = s.address;
    s.stage_name = scalar_of(props, "StageName");
    facts(s);
    add_note(s.note, cond_note);
    sam_tracing(props, s);
    bool extra = !removes_extra_stage(props);
    std::string id = s.address;
    Location declared = s.declared;
    std::string k = s.kind;
    auto directives = s.directives;
    model_.apigateway_stages.push_back(std::move(s));
    if (extra) extra_stage(id, declared, k, directives, props0);
  }

  void sam_tracing(const yaml::Node* props, Stage& s) {
    const yaml::Pair* te = props ? props->find_pair("TracingEnabled") : nullptr;
    if (!te && globals_api_) {
      te = globals_api_->find_pair("TracingEnabled");
      if (te) add_note(s.note, "from Globals.Api.TracingEnabled");
    }
    tracing(te, s, "TracingEnabled");
  }

  // A function's events of Type Api without RestApiId: SAM creates ServerlessRestApi.
  void note_api_events(const yaml::Pair& fn) {
    if (implicit_api_event_) return;
    std::string ignored;
    if (!exists(fn.value, &ignored)) return;
    const yaml::Node* props = as_map(fn.value->find("Properties"));
    const yaml::Node* events = props ? as_map(props->find("Events")) : nullptr;
    if (!events) return;
    for (const yaml::Pair& e : events->pairs) {
      if (!e.value->is_map()) continue;
      const yaml::Node* t = e.value->find("Type");
      if (!t || !t->is_scalar() || t->value != "Api") continue;
      const yaml::Node* ep = as_map(e.value->find("Properties"));
      if (ep && ep->find("RestApiId")) continue;
      implicit_api_event_ = e.key;
      return;
    }
  }

  void implicit_api() {
    const yaml::Node* res = c_.ev.resources();
    // An AWS::Serverless::Api the user named ServerlessRestApi receives the events (mapped as written);
    // any other resource of that name is replaced by the implicit API.
    if (const yaml::Node* own = res->find("ServerlessRestApi"); own && own->is_map())
      if (const yaml::Node* t = own->find("Type"); t && t->is_scalar() && t->value == "AWS::Serverless::Api")
        return;
    std::string k = kind("sam");
    RestApi a;
    a.address = "ServerlessRestApi";
    a.type = "AWS::Serverless::Api";
    a.kind = k;
    a.declared = loc(c_.file, implicit_api_event_);
    model_.apigateway_rest_apis.push_back(a);
    Stage s;
    s.address = "ServerlessRestApi";
    s.type = "AWS::Serverless::Api";
    s.kind = k;
    s.declared = a.declared;
    s.api.address = "ServerlessRestApi";
    s.stage_name = "Prod";
    facts(s);
    s.note = "the API SAM creates for the functions' Api events";
    sam_tracing(nullptr, s);
    if (globals_api_ && s.tracing.origin == Origin::Default)
      s.edit = loc(c_.file, c_.root->find_pair("Globals")->key);
    model_.apigateway_stages.push_back(std::move(s));
    if (!removes_extra_stage(nullptr)) extra_stage("ServerlessRestApi", a.declared, k, {}, {});
  }

  const TemplateContext& c_;
  model::Model& model_;
  const yaml::Node* globals_api_ = nullptr;
  const yaml::Node* implicit_api_event_ = nullptr;
};

}  // namespace

void map_apigateway(const TemplateContext& ctx, const Resources& resources, model::Model& model) {
  Mapper(ctx, model).run(resources);
}

}  // namespace cs::cfn::aws
