// API Gateway stages in a plan: aws_api_gateway_stage's change.after.xray_tracing_enabled, and the stage
// an aws_api_gateway_deployment creates through its stage_name, which has no tracing setting.
//
// xray_tracing_enabled not written in the configuration is null in change.after and not listed in
// after_unknown (terraform 1.11.4 with hashicorp/aws 5.100.0; tests/oracle/tfplan_oracle.py): not set,
// the provider's default false. Listed in after_unknown: not known before apply.
#include "sources/tfplan/mappers.h"

namespace cs::tfplan::aws {

using json::Node;
using model::Origin;

namespace {

constexpr const char* kPlanKind = "terraform-plan";

model::aws::apigateway::Stage stage_of(Context& ctx, const Instance& inst) {
  model::aws::apigateway::Stage st;
  st.address = inst.address;
  st.type = inst.type;
  st.kind = kPlanKind;
  st.declared = ctx.location(inst.at);
  // The REST API, as the Terraform source gives it: an aws_api_gateway_rest_api the configuration names.
  auto apis = inst.references("rest_api_id", "aws_api_gateway_rest_api");
  if (!apis.empty()) st.api.address = apis[0];
  const Node* name = inst.value("stage_name");
  if (name && name->is_string()) st.stage_name = std::string(str(name));
  st.note = "plan [" + inst.actions.text + "]";
  return st;
}

}  // namespace

void apigateway_deployment(Context& ctx, const Instance& inst) {
  model::aws::apigateway::Stage st = stage_of(ctx, inst);
  if (is_true(get(inst.after_unknown, "stage_name"))) {
    st.tracing.origin = Origin::Unknown;
    st.tracing.unknown_reason = "the plan marks " + inst.base + ".change.after_unknown.stage_name unknown";
  } else if (st.stage_name.empty()) {
    return;  // no stage_name: the deployment creates no stage
  } else {
    st.implicit = true;
  }
  ctx.model.apigateway_stages.push_back(std::move(st));
}

void apigateway_stage(Context& ctx, const Instance& inst) {
  model::aws::apigateway::Stage st = stage_of(ctx, inst);
  const Node* au = inst.after_unknown;
  const Node* x = inst.value("xray_tracing_enabled");
  if (is_true(au) || is_true(get(au, "xray_tracing_enabled"))) {
    st.tracing.origin = Origin::Unknown;
    st.tracing.unknown_reason =
        "the plan marks " + inst.base + ".change.after_unknown.xray_tracing_enabled unknown (after_unknown)";
  } else if (x && x->kind == json::Kind::Bool) {
    st.tracing.origin = Origin::Explicit;
    st.tracing.value = x->boolean;
    st.tracing.raw = x->boolean ? "true" : "false";
    st.tracing.where = ctx.location(x);
  }
  ctx.model.apigateway_stages.push_back(std::move(st));
}

}  // namespace cs::tfplan::aws
