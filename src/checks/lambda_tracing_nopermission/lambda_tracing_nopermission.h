#pragma once

#include "checks/check.h"

namespace cs::checks {

// lambda_tracing_nopermission: Lambda functions whose tracing is Active but whose execution role may not
// send traces (xray:PutTraceSegments and xray:PutTelemetryRecords), so every trace is lost silently.
class LambdaTracingNoPermission final : public Check {
 public:
  const Metadata& metadata() const override;
  void run(const model::Model& model, std::vector<CheckResult>& out) const override;
};

}  // namespace cs::checks
