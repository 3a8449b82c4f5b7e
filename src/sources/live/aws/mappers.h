// The live source's mappers: what the AWS APIs answer, as model resources. One file per AWS service
// (aws/lambda.cpp, aws/apigateway.cpp), like the IaC sources' mappers; live.cpp only fans out the calls
// (accounts × regions × listings), keeps coverage and hands each page to these.
#pragma once

#include <string>
#include <vector>

#include "aws/api/api.h"
#include "model/aws/apigateway.h"
#include "model/aws/lambda.h"

namespace cs::live {

// Where a live resource was read: shown with every result as properties.
struct Place {
  std::string partition;     // aws, aws-cn, aws-us-gov
  std::string account;       // 123456789012
  std::string account_name;  // the Organizations name, or ""
  std::string region;
};

// ListFunctions: a function (its address is the ARN), its tracing mode and execution role.
model::aws::lambda::Function lambda_function(const Place& at, const aws::api::FunctionInfo& f);

// ListEventSourceMappings: the mappings as the model knows them (the function by its unqualified ARN,
// the source by its ARN or, for self-managed Kafka and DocumentDB, by its kind); mappings that name no
// function are left out. The model decides what they mean (aws::lambda::apply_event_source_mappings).
std::vector<model::aws::lambda::EventSourceMapping> lambda_event_source_mappings(
    const std::vector<aws::api::EventSourceMapping>& mappings);

// GetStages of one REST API: a stage, whose tracing the API always states (tracingEnabled absent = false).
model::aws::apigateway::Stage apigateway_stage(const Place& at, const aws::api::RestApiInfo& api,
                                               const aws::api::StageInfo& st);

}  // namespace cs::live
