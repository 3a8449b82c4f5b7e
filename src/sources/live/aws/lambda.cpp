// AWS Lambda, live: ListFunctions and ListEventSourceMappings answers as model resources.
#include "sources/live/aws/mappers.h"

namespace cs::live {

namespace {

// The function ARN without a version or alias qualifier (event source mappings may name either).
std::string unqualified(const std::string& arn) {
  // arn:partition:lambda:region:account:function:name[:qualifier]
  size_t colons = 0;
  for (size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == ':' && ++colons == 7) return arn.substr(0, i);
  }
  return arn;
}

}  // namespace

model::aws::lambda::Function lambda_function(const Place& at, const aws::api::FunctionInfo& f) {
  using model::aws::lambda::TracingMode;
  model::aws::lambda::Function m;
  m.address = f.arn.empty() ? f.name : f.arn;
  m.kind = "live";
  m.type = "AWS::Lambda::Function";
  m.role.arn = f.role;
  m.tracing.origin = f.tracing_mode.empty() ? model::Origin::Default : model::Origin::Explicit;
  m.tracing.raw = f.tracing_mode;
  m.tracing.value =
      f.tracing_mode.empty() ? TracingMode::Absent : model::aws::lambda::parse_tracing_mode(f.tracing_mode);
  m.properties.reserve(at.account_name.empty() ? 4 : 5);
  m.properties.emplace_back("account", at.account);
  m.properties.emplace_back("region", at.region);
  if (!at.account_name.empty()) m.properties.emplace_back("account_name", at.account_name);
  m.properties.emplace_back(
      "runtime", f.runtime.empty() ? (f.package_type == "Image" ? "container image" : "") : f.runtime);
  m.properties.emplace_back("role", f.role);
  return m;
}

std::vector<model::aws::lambda::EventSourceMapping> lambda_event_source_mappings(
    const std::vector<aws::api::EventSourceMapping>& mappings) {
  std::vector<model::aws::lambda::EventSourceMapping> out;
  for (const auto& m : mappings) {
    if (m.function_arn.empty()) continue;
    model::aws::lambda::EventSourceMapping e;
    e.address = m.uuid;
    e.type = "AWS::Lambda::EventSourceMapping";
    e.kind = "live";
    e.function.arn = unqualified(m.function_arn);
    e.source = m.self_managed_kafka ? "SelfManagedKafka" : m.documentdb ? "DocumentDB" : m.event_source_arn;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cs::live
