// Amazon API Gateway (REST APIs): aws_api_gateway_rest_api, aws_api_gateway_stage (xray_tracing_enabled)
// and aws_api_gateway_deployment (its stage_name creates a stage that has no tracing setting).
#include "sources/terraform/aws/mappers.h"

namespace cs::tf::aws {

using model::Location;
using model::Origin;

namespace {

// aws_api_gateway_stage: xray_tracing_enabled (Optional, default false in the AWS provider).
// aws_api_gateway_deployment with stage_name: the provider creates that stage through the
// deployment, and such a stage has no tracing setting at all.
void map_stage(ResourceInstance& r, model::Model& out) {
  model::aws::apigateway::Stage st;
  r.identify(st);
  // The REST API a stage or deployment belongs to: an aws_api_gateway_rest_api of the same module.
  if (AttrRef id = r.attr("rest_api_id"))
    st.api.address = r.address_of(id.attr->expr, "aws_api_gateway_rest_api");
  std::vector<const hcl::Expr*> deciding;
  if (AttrRef name = r.attr("stage_name")) {
    Value v = r.eval(name.attr->expr).to_string_value();
    if (v.is_string() && !v.is_marked()) st.stage_name = v.as_string();
  }
  if (r.type() == "aws_api_gateway_deployment") {
    AttrRef name = r.attr("stage_name");
    if (!name) return;  // a deployment without stage_name creates no stage
    Value v = r.eval(name.attr->expr);
    if (v.is_known() && (v.is_null() || (v.is_string() && v.as_string().empty()))) return;
    st.implicit = true;
    st.edit = ResourceInstance::where(name);
    if (!v.is_known()) {  // whether a stage is created cannot be known
      st.implicit = false;
      st.tracing.origin = Origin::Unknown;
      st.tracing.unknown_reason = "stage_name " + v.reason();
    }
    deciding.push_back(name.attr->expr);
  } else if (AttrRef x = r.attr("xray_tracing_enabled")) {
    Value v = r.eval(x.attr->expr);
    st.tracing.where = ResourceInstance::where(x);
    if (v.is_unknown() || v.is_error()) {
      st.tracing.origin = Origin::Unknown;
      st.tracing.unknown_reason = v.is_error() ? "evaluating it fails: " + v.reason() : v.reason();
    } else if (v.is_null()) {
      st.tracing.origin = Origin::Default;  // null is "not set": the provider's default, false
      st.tracing.anchor = r.anchor();
    } else {
      Value b = v.to_bool_value();
      if (b.is_bool()) {
        st.tracing.origin = Origin::Explicit;
        st.tracing.value = b.as_bool();
        st.tracing.raw = v.is_marked() ? v.label() : (b.as_bool() ? "true" : "false");
        st.tracing.raw_is_label = v.is_marked();
      } else {
        st.tracing.origin = Origin::Unknown;
        st.tracing.unknown_reason = "xray_tracing_enabled is not a bool (the AWS provider rejects it)";
      }
    }
    deciding.push_back(x.attr->expr);
  } else {
    st.tracing.anchor = r.anchor();
  }
  if (r.in_child_module()) {
    Location edit;
    std::string via;
    if (r.find_edit(deciding, &edit, &via)) {
      st.edit = edit;
      st.note = via;
    }
  }
  out.apigateway_stages.push_back(std::move(st));
}

}  // namespace

void map_api_gateway_deployment(ResourceInstance& r, model::Model& out) {
  map_stage(r, out);
}
void map_api_gateway_stage(ResourceInstance& r, model::Model& out) {
  map_stage(r, out);
}

// aws_api_gateway_rest_api: its name when known (a marked value is not kept: it is not shown).
void map_api_gateway_rest_api(ResourceInstance& r, model::Model& out) {
  model::aws::apigateway::RestApi api;
  r.identify(api);
  api.note = r.note();
  Value v = r.eval_attr("name").to_string_value();
  if (v.is_string() && !v.is_marked()) api.name = v.as_string();
  out.apigateway_rest_apis.push_back(std::move(api));
}

}  // namespace cs::tf::aws
