// API Gateway stages in a plan or state: aws_api_gateway_stage's xray_tracing_enabled, and the stage an
// aws_api_gateway_deployment creates through its stage_name, which has no tracing setting.
//
// Plan: xray_tracing_enabled not written in the configuration is null in change.after and not listed in
// after_unknown (terraform 1.11.4 with hashicorp/aws 5.100.0; tests/oracle/tfplan_oracle.py): not set,
// the provider's default false. Listed in after_unknown: not known before apply.
// State: the values as applied (nothing unknown): true / false, null or missing as not set.
//
// Positions, as for functions (lambda.cpp): when the .tf files sit beside the plan, a stage points at its
// resource block there (the whole block, and the module calls it comes through, so a suppression in the
// .tf covers the plan's result too), its xray_tracing_enabled argument, a deployment's stage_name
// argument, and the anchor a missing xray_tracing_enabled would be written at; otherwise at the
// resource_changes[] object and the value in the plan. A state points into itself.
#include "sources/tfplan/mappers.h"

namespace cs::tfplan::aws {

using json::Node;
using model::Origin;
using model::aws::apigateway::Stage;

namespace {

constexpr const char* kPlanKind = "terraform-plan";
constexpr const char* kStateKind = "terraform-state";

// The stage without its tracing; *tf_res gets its block in the .tf files beside a plan, or null.
Stage stage_of(Context& ctx, const Instance& inst, const tf::Resource** tf_res) {
  Stage st;
  st.address = inst.address;
  st.type = inst.type;
  st.kind = inst.plan ? kPlanKind : kStateKind;
  *tf_res = inst.plan ? ctx.tf_resource(inst, &st.enclosing) : nullptr;
  st.declared = *tf_res ? tf_declared((*tf_res)->decl) : ctx.location(inst.at);
  // The REST API, as the Terraform source gives it: an aws_api_gateway_rest_api the configuration names.
  auto apis = inst.references("rest_api_id", "aws_api_gateway_rest_api");
  if (!apis.empty()) st.api.address = apis[0];
  const Node* name = inst.value("stage_name");
  if (name && name->is_string()) st.stage_name = std::string(str(name));
  st.note = inst.plan ? "plan [" + inst.actions.text + "]" : "state";
  return st;
}

// Where an argument is written in the .tf block, or an empty location.
model::Location tf_arg(const tf::Resource* r, std::string_view name) {
  if (!r) return {};
  tf::AttrRef a = r->body.attr(name);
  return a ? tf_location(a.file, a.attr->expr->range) : model::Location{};
}

}  // namespace

void apigateway_deployment(Context& ctx, const Instance& inst) {
  const tf::Resource* tf_res = nullptr;
  Stage st = stage_of(ctx, inst, &tf_res);
  if (is_true(inst.after_unknown) || is_true(get(inst.after_unknown, "stage_name"))) {
    st.tracing.origin = Origin::Unknown;
    st.tracing.unknown_reason = "the plan marks " + inst.base + ".change.after_unknown.stage_name unknown";
  } else if (st.stage_name.empty()) {
    return;  // no stage_name: the deployment creates no stage
  } else {
    st.implicit = true;
  }
  st.edit = tf_arg(tf_res, "stage_name");
  ctx.model.apigateway_stages.push_back(std::move(st));
}

void apigateway_stage(Context& ctx, const Instance& inst) {
  const tf::Resource* tf_res = nullptr;
  Stage st = stage_of(ctx, inst, &tf_res);
  const Node* au = inst.after_unknown;
  const Node* x = inst.value("xray_tracing_enabled");
  model::Location in_tf = tf_arg(tf_res, "xray_tracing_enabled");
  if (is_true(au) || is_true(get(au, "xray_tracing_enabled"))) {
    st.tracing.origin = Origin::Unknown;
    st.tracing.unknown_reason =
        "the plan marks " + inst.base + ".change.after_unknown.xray_tracing_enabled unknown (after_unknown)";
    st.tracing.where = in_tf;
  } else if (x && x->kind == json::Kind::Bool) {
    st.tracing.origin = Origin::Explicit;
    st.tracing.value = x->boolean;
    st.tracing.raw = x->boolean ? "true" : "false";
    if (inst.sensitive("xray_tracing_enabled")) {
      st.tracing.raw = "(sensitive)";
      st.tracing.raw_is_label = true;
    }
    st.tracing.where = tf_res ? in_tf : ctx.location(x);
  } else if (tf_res) {
    st.tracing.anchor = tf_anchor(tf_res->decl);  // not set: where it would be written
  }
  ctx.model.apigateway_stages.push_back(std::move(st));
}

}  // namespace cs::tfplan::aws
