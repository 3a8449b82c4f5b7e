#include "checks/registry.h"

#include <algorithm>
#include <cctype>

#include "checks/apigateway_notracing/apigateway_notracing.h"
#include "checks/lambda_notracing/lambda_notracing.h"
#include "checks/lambda_tracing_nopermission/lambda_tracing_nopermission.h"

namespace cs::checks {

const std::vector<std::unique_ptr<Check>>& all() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> v;
    // One line per check, sorted by id (registry_test checks the order).
    v.push_back(std::make_unique<ApiGatewayNoTracing>());
    v.push_back(std::make_unique<LambdaNoTracing>());
    v.push_back(std::make_unique<LambdaTracingNoPermission>());
    return v;
  }();
  return checks;
}

namespace {
bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

const Check* find(const std::string& id_or_alias) {
  for (const auto& c : all()) {
    if (iequals(c->metadata().id, id_or_alias)) return c.get();
    for (const auto& a : c->metadata().aliases)
      if (iequals(a, id_or_alias)) return c.get();
  }
  return nullptr;
}

}  // namespace cs::checks
