// AWS Lambda in the model: functions and event source mappings, and the two rules about them that
// every source applies the same way (what a tracing mode string means; which event sources X-Ray
// cannot trace).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/aws/iam.h"
#include "model/resource.h"

namespace cs::model::aws::lambda {

enum class TracingMode {
  Absent,       // no tracing setting applies: Lambda's default PassThrough
  Active,       // exactly "Active"
  PassThrough,  // exactly "PassThrough"
  Invalid,      // a value the deploying tool rejects; Attr::raw holds it
  Unknown,      // Attr::unknown_reason says why
};

// A tracing mode as written: exactly "Active" or "PassThrough" (Lambda is case-sensitive), else Invalid.
TracingMode parse_tracing_mode(std::string_view written);

// X-Ray cannot trace functions invoked by these event sources. Given an event source ARN
// (arn:aws:kafka:…, arn:aws:mq:…, arn:aws:rds:…:cluster:… for DocumentDB), a CloudFormation resource
// type (AWS::MSK::Cluster, …) or an event kind as the IaC tools name it (SAM MSK / SelfManagedKafka /
// MQ / DocumentDB, Serverless msk / kafka / activemq / rabbitmq / documentdb, case-insensitive), the
// service's name ("Amazon MSK", "self-managed Apache Kafka", "Amazon MQ", "Amazon DocumentDB"), or ""
// when X-Ray can trace it or it is not known.
std::string untraceable_event_source(std::string_view arn_type_or_kind);

struct Function : Resource {
  Attr<TracingMode> tracing;
  Ref role;  // the execution role
  // The Role `role` names when it is declared in the same input (filled by Model::link, as addresses are
  // an input's own); null when it is not (an ARN string, a data source, a live scan).
  std::shared_ptr<const iam::Role> execution_role;
  std::string role_unknown;  // why `role` is empty, when a source knows ("var.role_arn has no value")
  // The input names no execution role at all: the deploying tool refuses to create the function (the
  // AWS provider and CloudFormation require one), so there is no role to evaluate.
  bool no_role = false;
  // Event sources X-Ray cannot trace (MSK, self-managed Kafka, MQ, DocumentDB): non-empty means the
  // tracing check does not apply.
  std::string unsupported_event_source;
  // Why it cannot be told whether such an event source exists (live: the event source mappings could
  // not be listed). Non-empty makes a function that is not Active UNRESOLVED instead of FAIL.
  std::string applicability_unknown;
};

struct EventSourceMapping : Resource {
  Ref function;
  std::string source;  // the event source ARN, or the kind of source when there is no ARN
};

// The one place a function learns that an event source X-Ray cannot trace invokes it: every mapping
// whose source untraceable_event_source() names marks the function it designates (by address, or by
// ARN: a function's address or an unqualified ARN property). The first such mapping wins; a function
// already marked keeps its mark. Sources only record mappings; the engine runs this once per scanned
// input (a template, a Terraform root module, an account-region) after the sources ran.
void apply_event_source_mappings(std::vector<Function>& functions,
                                 const std::vector<EventSourceMapping>& mappings);

// Gives each function the Role its `role` names among `roles` (the same input's), shared between the
// functions of one role. Run by Model::link after the roles' policies are gathered.
void link_execution_roles(std::vector<Function>& functions, const std::vector<iam::Role>& roles);

}  // namespace cs::model::aws::lambda
