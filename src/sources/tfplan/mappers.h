// The per-service mappers of plan and state JSON (sources/tfplan/aws/<service>.cpp), by resource type.
#pragma once

#include <string_view>

#include "base/arena.h"
#include "sources/tfplan/instance.h"

namespace cs::tfplan {

using MapFn = void (*)(Context& ctx, const Instance& inst);

struct Mapper {
  std::string_view type;  // the Terraform resource type
  MapFn plan;             // a plan's instance (never null)
  MapFn state;            // a state's instance, or null: the type is not read from states
};

// Every mapper, sorted by type (mappers.cpp).
Span<const Mapper> mappers();
// The mapper of a resource type, or null.
const Mapper* find_mapper(std::string_view type);
// After every instance of a plan / state was mapped: what needs all of them (an event source mapping
// that names its function by ARN gets the function's address).
void finish(Context& ctx);

namespace aws {
// aws/lambda.cpp
void lambda_function(Context& ctx, const Instance& inst);
void lambda_function_state(Context& ctx, const Instance& inst);
void lambda_event_source_mapping(Context& ctx, const Instance& inst);  // plans and states
void lambda_finish(Context& ctx);
// aws/apigateway.cpp
void apigateway_stage(Context& ctx, const Instance& inst);       // plans and states
void apigateway_deployment(Context& ctx, const Instance& inst);  // plans and states
// aws/iam.cpp
void iam_role(Context& ctx, const Instance& inst);
void iam_role_policy(Context& ctx, const Instance& inst);
void iam_role_policy_attachment(Context& ctx, const Instance& inst);
void iam_policy_attachment(Context& ctx, const Instance& inst);
void iam_policy(Context& ctx, const Instance& inst);
}  // namespace aws

}  // namespace cs::tfplan
