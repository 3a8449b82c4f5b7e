#include "checks/apigateway_notracing/apigateway_notracing.h"

namespace cs::checks {

namespace {

Metadata make_metadata() {
  Metadata m;
  m.id = "apigateway_notracing";
  m.aliases = {"CKV_AWS_73",
               "AVD-AWS-0003",
               "aws-api-gateway-enable-tracing",
               "AVD-AWS-0111",
               "aws-sam-enable-api-tracing",
               "5813ef56-fa94-406a-b35d-977d4a56ff2b",
               "4ab10c48-bedb-4deb-8f3b-ff12783b61de",
               "c757c6a3-ac87-4b9d-b28d-e5a5add6a315",
               "434945e5-4dfd-41b1-aba1-47075ccd9265",
               "APIGateway.3",
               "api-gw-xray-enabled"};
  m.title = "API Gateway REST API stage does not have X-Ray tracing enabled";
  m.severity = Severity::Low;
  m.resource_type = "AWS::ApiGateway::Stage";
  m.rationale =
      "A REST API stage without X-Ray tracing starts no trace for the requests it receives: the time spent "
      "in API Gateway (authorizers, integration latency, throttling) is missing from the service map, and "
      "the Lambda functions or HTTP backends behind it only join a trace when the caller already sent a "
      "sampled trace header. With tracing on, API Gateway samples requests by the account's X-Ray sampling "
      "rules and passes the trace header to the integration.\n\n"
      "AWS Config (api-gw-xray-enabled) and Security Hub ([APIGateway.3], severity Low) report such stages "
      "as "
      "non-compliant.\n\n"
      "Tracing is a setting of each stage, not of the API: every stage is reported on its own. A stage "
      "created only by a deployment's stage name (Terraform aws_api_gateway_deployment.stage_name, a "
      "CloudFormation Deployment with StageName but no StageDescription) has no tracing setting; declare "
      "the stage as its own resource instead.";
  m.remedies = {
      {"AWS CLI", "sh",
       "aws apigateway update-stage --rest-api-id API_ID --stage-name STAGE \\\n"
       "  --patch-operations op=replace,path=/tracingEnabled,value=true"},
      {"Terraform", "hcl",
       "resource \"aws_api_gateway_stage\" \"example\" {\n"
       "  rest_api_id          = aws_api_gateway_rest_api.example.id\n"
       "  deployment_id        = aws_api_gateway_deployment.example.id\n"
       "  stage_name           = \"prod\"\n"
       "  xray_tracing_enabled = true\n"
       "}\n"
       "\n"
       "# and no stage_name on aws_api_gateway_deployment (the stage it creates has no tracing setting)"},
      {"CloudFormation", "yaml",
       "ExampleStage:\n"
       "  Type: AWS::ApiGateway::Stage\n"
       "  Properties:\n"
       "    RestApiId: !Ref ExampleApi\n"
       "    DeploymentId: !Ref ExampleDeployment\n"
       "    StageName: prod\n"
       "    TracingEnabled: true\n"
       "\n"
       "# or, for the stage a deployment creates\n"
       "ExampleDeployment:\n"
       "  Type: AWS::ApiGateway::Deployment\n"
       "  Properties:\n"
       "    RestApiId: !Ref ExampleApi\n"
       "    StageName: prod\n"
       "    StageDescription:\n"
       "      TracingEnabled: true"},
      {"AWS SAM", "yaml",
       "Resources:\n"
       "  ExampleApi:\n"
       "    Type: AWS::Serverless::Api\n"
       "    Properties:\n"
       "      StageName: prod\n"
       "      TracingEnabled: true\n"
       "\n"
       "# or for every API in the template, the implicit ServerlessRestApi of Api events included\n"
       "Globals:\n"
       "  Api:\n"
       "    TracingEnabled: true"},
      {"Serverless Framework", "yaml",
       "provider:\n"
       "  tracing:\n"
       "    apiGateway: true   # the REST API of http events; httpApi (v2) cannot be traced"},
  };
  m.notes = {
      "Cost: API Gateway traces are billed as X-Ray traces: the first 100,000 recorded each month are free, "
      "then $5.00 per million ($0.000005 each); retrieving or scanning costs $0.50 per million beyond the "
      "first 1,000,000. Traces are kept 30 days at no extra cost.",
      "Sampling: unlike Lambda, API Gateway applies the account's X-Ray sampling rules, so the volume can be "
      "tuned per API, stage, method or path (service name \"API_NAME/STAGE\", service type "
      "AWS::ApiGateway::Stage). Without a rule of its own the default applies: the first request each second "
      "and 5% of the rest, about 51 traces/s at 1,000 requests/s (~132 million a month, about $660/month "
      "before the free tier). A narrower rule (a lower fixed rate, a reservoir of 1) makes tracing a hot API "
      "cheap.",
      "Limits: X-Ray traces REST APIs only. HTTP APIs and WebSocket APIs (API Gateway v2: "
      "AWS::ApiGatewayV2::*, SAM HttpApi, Serverless Framework httpApi events, aws_apigatewayv2_*) have no "
      "tracing setting, so they get no result rather than a FAIL nobody can fix. For an HTTP API, trace in "
      "the integration (Lambda Active tracing) instead.",
  };
  m.verdicts = {
      {Verdict::Fail, "absent", "the stage has no tracing setting (API Gateway's default is off)"},
      {Verdict::Fail, "disabled", "tracing is set to false"},
      {Verdict::Fail, "implicit-stage",
       "the stage is created by a deployment's stage name (Terraform aws_api_gateway_deployment "
       "stage_name, CloudFormation Deployment StageName without StageDescription): it has no tracing "
       "setting, so tracing is off"},
      {Verdict::Pass, "active", "tracing is set to true"},
      {Verdict::Unresolved, "unknown",
       "the value cannot be known before deployment (a variable with no value, an unknown in a plan, a "
       "parameter with no value)"},
      {Verdict::Unresolved, "module-missing",
       "the stage would come from a module whose source is not on disk"},
      {Verdict::Unresolved, "nested-stack-missing",
       "the stage would come from a CloudFormation nested stack or SAM nested application whose template is "
       "not on disk (remote, missing, or its location unknown)"},
  };
  m.references = {
      "AWS Security Hub control [APIGateway.3] API Gateway REST API stages should have AWS X-Ray tracing "
      "enabled",
      "AWS Config managed rule api-gw-xray-enabled",
      "Amazon API Gateway Developer Guide: Tracing user requests to REST APIs using X-Ray",
      "https://aws.amazon.com/xray/pricing/",
  };
  return m;
}

}  // namespace

const Metadata& ApiGatewayNoTracing::metadata() const {
  static const Metadata m = make_metadata();
  return m;
}

void ApiGatewayNoTracing::run(const model::Model& model, std::vector<CheckResult>& out) const {
  using model::Origin;
  const Metadata& meta = metadata();
  out.reserve(out.size() + model.apigateway_stages.size() + model.opaque.size());
  for (const auto& st : model.apigateway_stages) {
    CheckResult r = result_for(meta, st);
    std::string suffix = st.note.empty() ? "" : " (" + st.note + ")";
    if (st.tracing.origin == Origin::Unknown) {
      r.verdict = Verdict::Unresolved;
      r.reason = "unknown";
      r.message =
          "whether X-Ray tracing is enabled cannot be known before deployment: " + st.tracing.unknown_reason;
    } else if (st.implicit && st.tracing.origin == Origin::Default) {
      r.verdict = Verdict::Fail;
      r.reason = "implicit-stage";
      r.message =
          "the stage is created by a deployment's stage name and has no tracing setting, so X-Ray tracing is "
          "off" +
          suffix;
    } else if (st.tracing.origin == Origin::Default) {
      r.verdict = Verdict::Fail;
      r.reason = "absent";
      r.message = "X-Ray tracing is not set, so it is off" + suffix;
    } else if (!st.tracing.value) {
      r.verdict = Verdict::Fail;
      r.reason = "disabled";
      r.message = "X-Ray tracing is disabled" + suffix;
    } else {
      r.verdict = Verdict::Pass;
      r.reason = "active";
      r.message = "X-Ray tracing is enabled" + suffix;
    }
    if (st.tracing.origin != Origin::Default && !st.tracing.where.empty() && st.edit.empty())
      r.location = st.tracing.where;
    out.push_back(std::move(r));
  }
  unresolved_opaque(meta, model, out);
}

}  // namespace cs::checks
