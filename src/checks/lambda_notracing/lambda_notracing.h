#pragma once

#include "checks/check.h"

namespace cs::checks {

// lambda_notracing: Lambda functions whose X-Ray tracing mode is not Active (DESIGN.md §1).
class LambdaNoTracing final : public Check {
 public:
  const Metadata& metadata() const override;
  void run(const model::Model& model, std::vector<CheckResult>& out) const override;
};

}  // namespace cs::checks
