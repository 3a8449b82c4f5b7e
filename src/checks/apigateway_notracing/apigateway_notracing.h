#pragma once

#include "checks/check.h"

namespace cs::checks {

// apigateway_notracing: API Gateway REST API stages whose X-Ray tracing is not enabled. HTTP and
// WebSocket APIs (v2) cannot be traced by X-Ray and are not in the model, so they get no result.
class ApiGatewayNoTracing final : public Check {
 public:
  const Metadata& metadata() const override;
  void run(const model::Model& model, std::vector<CheckResult>& out) const override;
};

}  // namespace cs::checks
