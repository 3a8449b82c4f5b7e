#include "model/aws/lambda.h"

#include <cctype>
#include <memory>

namespace cs::model::aws::lambda {

TracingMode parse_tracing_mode(std::string_view written) {
  if (written == "Active") return TracingMode::Active;
  if (written == "PassThrough") return TracingMode::PassThrough;
  return TracingMode::Invalid;
}

namespace {

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// The service of arn:partition:service:region:account:resource, or "".
std::string_view arn_service(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") return {};
  size_t p1 = arn.find(':', 4);
  if (p1 == std::string_view::npos) return {};
  size_t p2 = arn.find(':', p1 + 1);
  if (p2 == std::string_view::npos) return {};
  return arn.substr(p1 + 1, p2 - p1 - 1);
}

}  // namespace

std::string untraceable_event_source(std::string_view s) {
  if (s.substr(0, 4) == "arn:") {
    std::string_view service = arn_service(s);
    if (service == "kafka") return "Amazon MSK";
    if (service == "mq") return "Amazon MQ";
    // DocumentDB clusters have rds ARNs (arn:aws:rds:region:account:cluster:name).
    if (service == "rds") return "Amazon DocumentDB";
    return "";
  }
  if (s == "Amazon MSK" || s == "Amazon MQ" || s == "Amazon DocumentDB" || s == "self-managed Apache Kafka")
    return std::string(s);  // already a service's name
  if (s == "AWS::MSK::Cluster" || s == "AWS::MSK::ServerlessCluster") return "Amazon MSK";
  // Terraform resource types an event_source_arn can refer to.
  if (s == "aws_msk_cluster" || s == "aws_msk_serverless_cluster") return "Amazon MSK";
  if (s == "aws_mq_broker") return "Amazon MQ";
  if (s == "aws_docdb_cluster" || s == "aws_docdb_elastic_cluster") return "Amazon DocumentDB";
  if (s == "AWS::AmazonMQ::Broker") return "Amazon MQ";
  if (s == "AWS::DocDB::DBCluster" || s == "AWS::DocDB::DBInstance") return "Amazon DocumentDB";
  std::string k = lower(s);
  if (k == "msk") return "Amazon MSK";
  if (k == "kafka" || k == "selfmanagedkafka" || k == "self-managed-kafka")
    return "self-managed Apache Kafka";
  if (k == "mq" || k == "activemq" || k == "rabbitmq") return "Amazon MQ";
  if (k == "documentdb" || k == "docdb") return "Amazon DocumentDB";
  return "";
}

void apply_event_source_mappings(std::vector<Function>& functions,
                                 const std::vector<EventSourceMapping>& mappings) {
  if (mappings.empty()) return;
  for (const EventSourceMapping& m : mappings) {
    std::string src = untraceable_event_source(m.source);
    if (src.empty() || m.function.empty()) continue;
    for (Function& f : functions) {
      if (!f.unsupported_event_source.empty()) continue;
      bool same = (!m.function.address.empty() && f.address == m.function.address) ||
                  (!m.function.arn.empty() && f.address == m.function.arn);
      if (!same && !m.function.arn.empty())
        for (const auto& [k, v] : f.properties)
          if (k == "arn" && v == m.function.arn) same = true;
      if (same) f.unsupported_event_source = src;
    }
  }
}

void link_execution_roles(std::vector<Function>& functions, const std::vector<iam::Role>& roles) {
  if (roles.empty()) return;
  std::vector<std::shared_ptr<const iam::Role>> shared(roles.size());
  for (Function& f : functions) {
    if (f.role.empty()) continue;
    const iam::Role* r = iam::find_role(roles, f.role);
    if (!r) continue;
    auto& s = shared[static_cast<size_t>(r - roles.data())];
    if (!s) s = std::make_shared<const iam::Role>(*r);
    f.execution_role = s;
  }
}

}  // namespace cs::model::aws::lambda
