// Amazon API Gateway (REST APIs), live: GetStages answers as model stages.
#include "sources/live/aws/mappers.h"

namespace cs::live {

model::aws::apigateway::Stage apigateway_stage(const Place& at, const aws::api::RestApiInfo& api,
                                               const aws::api::StageInfo& st) {
  model::aws::apigateway::Stage m;
  m.address =
      "arn:" + at.partition + ":apigateway:" + at.region + "::/restapis/" + api.id + "/stages/" + st.name;
  m.type = "AWS::ApiGateway::Stage";
  m.kind = "live";
  m.api.arn = "arn:" + at.partition + ":apigateway:" + at.region + "::/restapis/" + api.id;
  m.stage_name = st.name;
  m.tracing.origin = model::Origin::Explicit;  // the API always answers (tracingEnabled absent = false)
  m.tracing.value = st.tracing_enabled;
  m.tracing.raw = st.tracing_enabled ? "true" : "false";
  m.properties.emplace_back("account", at.account);
  m.properties.emplace_back("region", at.region);
  if (!at.account_name.empty()) m.properties.emplace_back("account_name", at.account_name);
  m.properties.emplace_back("api", api.name);
  m.properties.emplace_back("api_id", api.id);
  m.properties.emplace_back("stage", st.name);
  return m;
}

}  // namespace cs::live
