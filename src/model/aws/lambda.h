// AWS Lambda in the model: functions and event source mappings, and the two rules about them that
// every source applies the same way (what a tracing mode string means; which event sources X-Ray
// cannot trace).
#pragma once

#include <string>
#include <string_view>

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

}  // namespace cs::model::aws::lambda
