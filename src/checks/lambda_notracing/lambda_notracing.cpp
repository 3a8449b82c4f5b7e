#include "checks/lambda_notracing/lambda_notracing.h"

namespace cs::checks {

namespace {

Metadata make_metadata() {
  Metadata m;
  m.id = "lambda_notracing";
  m.aliases = {"CKV_AWS_50",
               "AVD-AWS-0066",
               "AWS-0066",
               "aws-lambda-enable-tracing",
               "AVD-AWS-0125",
               "aws-sam-enable-function-tracing",
               "8152e0cf-d2f0-47ad-96d5-d003a76eabd1",
               "9488c451-074e-4cd3-aee3-7db6104f542c",
               "dc1ab429-1481-4540-9b1d-280e3f15f1f8",
               "0d7ef70f-e176-44e6-bdba-add3e429788d",
               "Lambda.7"};
  m.title = "Lambda function does not have X-Ray active tracing enabled";
  m.severity = Severity::Low;
  m.resource_type = "AWS::Lambda::Function";
  m.rationale =
      "Without Active tracing a Lambda function records no X-Ray segments of its own, so cold starts, slow "
      "downstream calls and errors cannot be located in a trace. PassThrough, the Lambda default, only "
      "forwards a trace that an upstream service already decided to sample; requests that arrive without a "
      "sampled trace header are never traced.\n\n"
      "AWS Config (lambda-function-xray-enabled) and Security Hub ([Lambda.7], severity Low) report such "
      "functions as non-compliant.\n\n"
      "Fixing needs two things: the function's tracing mode set to Active, and an execution role that may "
      "call xray:PutTraceSegments and xray:PutTelemetryRecords (the AWS managed policy "
      "AWSXRayDaemonWriteAccess, or the least-privilege inline statement below).";
  m.remedies = {
      {"AWS CLI", "sh",
       "aws lambda update-function-configuration --function-name FUNCTION --tracing-config Mode=Active\n"
       "\n"
       "# the execution role must be allowed to send traces: either the managed policy\n"
       "aws iam attach-role-policy --role-name ROLE \\\n"
       "  --policy-arn arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\n"
       "# or a least-privilege inline policy\n"
       "aws iam put-role-policy --role-name ROLE --policy-name xray-write --policy-document \\\n"
       "  "
       "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"xray:"
       "PutTraceSegments\","
       "\"xray:PutTelemetryRecords\"],\"Resource\":\"*\"}]}'"},
      {"Terraform", "hcl",
       "resource \"aws_lambda_function\" \"example\" {\n"
       "  # ...\n"
       "  tracing_config {\n"
       "    mode = \"Active\"\n"
       "  }\n"
       "}\n"
       "\n"
       "resource \"aws_iam_role_policy_attachment\" \"xray\" {\n"
       "  role       = aws_iam_role.example.name\n"
       "  policy_arn = \"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\"\n"
       "}\n"
       "\n"
       "# terraform-aws-modules/lambda/aws: set both inputs; the module attaches the X-Ray policy to\n"
       "# the role it creates only when attach_tracing_policy = true (default false)\n"
       "module \"example\" {\n"
       "  source                = \"terraform-aws-modules/lambda/aws\"\n"
       "  tracing_mode          = \"Active\"\n"
       "  attach_tracing_policy = true\n"
       "}"},
      {"AWS SAM", "yaml",
       "Resources:\n"
       "  Example:\n"
       "    Type: AWS::Serverless::Function\n"
       "    Properties:\n"
       "      Tracing: Active   # SAM adds the X-Ray write permission to the generated role\n"
       "\n"
       "# or for every function in the template\n"
       "Globals:\n"
       "  Function:\n"
       "    Tracing: Active"},
      {"CloudFormation", "yaml",
       "Example:\n"
       "  Type: AWS::Lambda::Function\n"
       "  Properties:\n"
       "    TracingConfig:\n"
       "      Mode: Active\n"
       "ExampleRole:\n"
       "  Type: AWS::IAM::Role\n"
       "  Properties:\n"
       "    ManagedPolicyArns:\n"
       "      - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"},
      {"Serverless Framework", "yaml",
       "provider:\n"
       "  tracing:\n"
       "    lambda: true   # or per function: functions.NAME.tracing: Active"},
  };
  m.notes = {
      "Cost: X-Ray's free tier records the first 100,000 traces each month (and retrieves or scans the first "
      "1,000,000); beyond that, recording costs $5.00 per million traces ($0.000005 each) and retrieving or "
      "scanning $0.50 per million. Recorded traces are roughly request rate x sampling rate. Traces are kept "
      "30 days at no extra cost.",
      "Sampling: Lambda applies X-Ray's default rule, the first request each second and 5% of the requests "
      "after it, so a function at 1,000 requests/s records about 51 traces/s (~132 million a month, about "
      "$660/month) while one at 1 request/s records nearly every request (~2.6 million a month, about $13). "
      "The sampling rate of a Lambda function itself cannot be configured; an upstream service that "
      "samples (API Gateway, a caller's SDK sampling rules) decides for the requests it forwards. Estimate "
      "from the function's Invocations metric before enabling it on very hot functions.",
      "Limits: X-Ray cannot trace functions with Amazon MSK, self-managed Apache Kafka, Amazon MQ "
      "(ActiveMQ, RabbitMQ) or Amazon DocumentDB event source mappings; those are NOT_APPLICABLE. The X-Ray "
      "daemon in the execution environment may use up to 3% of the function's memory or 16 MB.",
  };
  m.verdicts = {
      {Verdict::Fail, "absent", "no tracing setting applies (Lambda's default is PassThrough)"},
      {Verdict::Fail, "passthrough", "the effective mode is PassThrough (SAM's Disabled counts as absent)"},
      {Verdict::Fail, "invalid",
       "a value the deploying tool rejects (\"active\", \"Passthrough\", tracing_config {} without mode)"},
      {Verdict::Pass, "active", "the effective mode is exactly Active"},
      {Verdict::Unresolved, "unknown",
       "the value cannot be known before deployment (a variable with no value, an unknown in a plan, an "
       "unresolved ${opt:...})"},
      {Verdict::Unresolved, "module-missing",
       "the function would come from a module whose source is not on disk"},
      {Verdict::Unresolved, "nested-stack-missing",
       "the function would come from a CloudFormation nested stack or SAM nested application whose template "
       "is "
       "not on disk (remote, missing, or its location unknown)"},
      {Verdict::Unresolved, "event-sources-unknown",
       "live scan: the mode is not Active but the function's event source mappings could not be listed, so "
       "whether X-Ray can trace it is not known"},
      {Verdict::NotApplicable, "unsupported-source",
       "X-Ray cannot trace the function (MSK, self-managed Kafka, Amazon MQ or DocumentDB event source)"},
  };
  m.references = {
      "AWS Security Hub control [Lambda.7] Lambda functions should have AWS X-Ray active tracing enabled",
      "AWS Config managed rule lambda-function-xray-enabled",
      "AWS Lambda Developer Guide: Visualize Lambda function invocations using AWS X-Ray",
      "https://aws.amazon.com/xray/pricing/",
  };
  return m;
}

// A written value in quotes. A value longer than anyone needs to see (a 1 MB string from a variable)
// is cut at a UTF-8 boundary and its length given, so one resource cannot flood every report.
std::string quoted(const std::string& s) {
  constexpr size_t kShown = 80;
  if (s.size() <= kShown) return "\"" + s + "\"";
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + s.substr(0, cut) + "\"... (" + std::to_string(s.size()) + " bytes)";
}

// How a FAIL is fixed: the value written on the function (or where a missing one goes) when the fix is
// there; else what to change by hand (src/fix renders the intent into edits).
FixIntent fix_intent(const model::aws::lambda::Function& fn) {
  using model::Origin;
  FixIntent fi;
  fi.kind = FixIntent::Kind::SetTracingActive;
  fi.resource = fn.address;
  fi.source = fn.kind;
  fi.detail = fn.kind == "terraform"    ? "tracing_config { mode = \"Active\" }"
              : fn.kind == "sam"        ? "Tracing: Active"
              : fn.kind == "serverless" ? "tracing: Active"
                                        : "TracingConfig: {Mode: Active}";
  if (fn.tracing.origin == Origin::Explicit)
    fi.value = fn.tracing.where;
  else
    fi.anchor = fn.tracing.anchor;
  std::string construct;
  for (const auto& [k, v] : fn.properties)
    if (k == "construct_path") construct = v;
  if (fn.kind == "terraform-plan" || fn.kind == "terraform-state")
    fi.manual =
        "a plan or state is generated: set tracing_config { mode = \"Active\" } in the Terraform "
        "configuration it comes from, then plan again";
  else if (fn.kind == "cdk")
    fi.manual = "cdk.out is generated: set tracing: lambda.Tracing.ACTIVE on the function's construct" +
                (construct.empty() ? std::string() : " (" + construct + ")") + " and synthesize again";
  else if (fn.kind == "live")
    fi.manual = "a deployed function: aws lambda update-function-configuration --function-name " +
                fn.address + " --tracing-config Mode=Active (or fix the code that deploys it)";
  else if (fn.tracing.raw_is_label)
    fi.manual = "the mode is read from " + fn.tracing.raw + ": make it \"Active\" there";
  else if (fn.kind == "terraform" && !fn.note.empty())  // a module input, instances not known, ...
    fi.manual = "the mode is decided elsewhere (" + fn.note + "): set it to Active there";
  else if ((fn.kind == "sam" || fn.kind == "cloudformation") &&
           (fn.note.find("Globals") != std::string::npos ||
            fn.note.find("TracingConfig") != std::string::npos))
    // Globals decide every function of the template; a TracingConfig that is not {Mode: ...} is rewritten by
    // hand (an edit beside it would write the key twice).
    fi.manual = fn.note + ": set " +
                (fn.kind == "sam" ? "Tracing: Active" : "TracingConfig: {Mode: Active}") +
                " (on the function, or in Globals when every function should trace)";
  return fi;
}

}  // namespace

const Metadata& LambdaNoTracing::metadata() const {
  static const Metadata m = make_metadata();
  return m;
}

void LambdaNoTracing::run(const model::Model& model, std::vector<CheckResult>& out) const {
  using model::aws::lambda::TracingMode;
  const Metadata& meta = metadata();
  out.reserve(out.size() + model.lambda_functions.size() + model.opaque.size());
  for (const auto& fn : model.lambda_functions) {
    CheckResult r = result_for(meta, fn);
    std::string suffix = fn.note.empty() ? "" : " (" + fn.note + ")";
    if (!fn.unsupported_event_source.empty()) {
      r.verdict = Verdict::NotApplicable;
      r.reason = "unsupported-source";
      const std::string& src = fn.unsupported_event_source;
      bool vowel = !src.empty() && std::string("AEIOUaeiou").find(src[0]) != std::string::npos;
      r.message =
          std::string("X-Ray cannot trace functions with ") + (vowel ? "an " : "a ") + src + " event source";
      out.push_back(std::move(r));
      continue;
    }
    if (!fn.applicability_unknown.empty() && fn.tracing.value != TracingMode::Active &&
        fn.tracing.value != TracingMode::Unknown) {
      r.verdict = Verdict::Unresolved;
      r.reason = "event-sources-unknown";
      r.message = std::string("tracing mode is ") +
                  (fn.tracing.value == TracingMode::PassThrough ? "PassThrough"
                   : fn.tracing.value == TracingMode::Absent    ? "not set"
                                                                : "not valid") +
                  ", but whether X-Ray can trace the function is not known: " + fn.applicability_unknown;
      out.push_back(std::move(r));
      continue;
    }
    switch (fn.tracing.value) {
      case TracingMode::Active:
        r.verdict = Verdict::Pass;
        r.reason = "active";
        r.message = "tracing mode is Active" + suffix;
        break;
      case TracingMode::Absent:
        r.verdict = Verdict::Fail;
        r.reason = "absent";
        r.message = "no tracing mode is set, so Lambda uses PassThrough" + suffix;
        break;
      case TracingMode::PassThrough:
        r.verdict = Verdict::Fail;
        r.reason = "passthrough";
        r.message = "tracing mode is PassThrough" + suffix;
        break;
      case TracingMode::Invalid:
        r.verdict = Verdict::Fail;
        r.reason = "invalid";
        r.message =
            fn.tracing.raw.empty()
                ? "tracing is configured without a valid mode" + suffix
                : "tracing mode " + (fn.tracing.raw_is_label ? fn.tracing.raw : quoted(fn.tracing.raw)) +
                      " is not valid (expected \"Active\" or \"PassThrough\", case-sensitive)" + suffix;
        break;
      case TracingMode::Unknown:
        r.verdict = Verdict::Unresolved;
        r.reason = "unknown";
        r.message = "tracing mode cannot be known before deployment: " + fn.tracing.unknown_reason;
        break;
    }
    if (fn.tracing.value != TracingMode::Absent && !fn.tracing.where.empty() && fn.edit.empty())
      r.location = fn.tracing.where;
    if (r.verdict == Verdict::Fail) r.fix = fix_intent(fn);
    out.push_back(std::move(r));
  }
  unresolved_opaque(meta, model, out);
}

}  // namespace cs::checks
