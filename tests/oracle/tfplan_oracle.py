#!/usr/bin/env python3
"""Check cloudsift's plan JSON reading against a real `terraform plan` with the hashicorp/aws provider.

usage: tfplan_oracle.py --binary CLOUDSIFT [--plugin-dir DIR] [--write-fixture DIR] [-v]

Offline: the configuration below (Lambda functions with tracing_config absent / PassThrough / Active /
unknown, functions fed by MSK, Amazon MQ and SQS through aws_lambda_event_source_mapping, API Gateway
stages with xray_tracing_enabled absent / false / true / unknown, a deployment with stage_name, IAM
roles, policies and attachments, a function and role in a local module) is planned with the provider from
a local plugin directory (a CLI configuration with a filesystem_mirror), mock credentials and every
provider check that would call AWS turned off, and -refresh=false: a plan of only new resources makes no
API call. Then:
  1. the facts of the plan JSON that our reading rests on (how an absent xray_tracing_enabled, an absent
     tracing_config, an Optional+Computed managed_policy_arns, role references and an event source
     mapping's ARN, references and blocks are written) are asserted one by one, so a provider that
     writes them differently is named here;
  2. `cloudsift scan PLAN.json --format json` must give exactly EXPECTED (check, address) -> verdict
     reason, and scanning the configuration directory with the plan beside it must give the same from
     the .tf files (our evaluator, kind "terraform") and from the plan (functions and stages placed in
     the .tf);
  3. the stored copy tests/fixtures/lambda_notracing/tfplan/aws_provider/plan.json (scanned by the e2e suite and by the
     unit tests without terraform) must give the same results (--write-fixture DIR rewrites it).

Exit: 0 pass, 1 a difference, 77 (skip) when terraform or the provider is not installed. The plugin
directory is --plugin-dir, else $CS_TF_PLUGIN_DIR, else the first of /opt/tf-plugins,
~/.terraform.d/plugins, /usr/share/terraform/plugins that holds hashicorp/aws.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "tfplan", "aws_provider", "plan.json")

CONFIG = r'''
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# Offline: mock credentials, no credential / account / region / metadata lookups.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

locals {
  assume = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  xray = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource = "*" }]
  })
}

resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = local.assume
  inline_policy {
    name   = "xray"
    policy = local.xray
  }
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.exec.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "logs" {
  name   = "logs"
  role   = aws_iam_role.exec.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }] })
}

resource "aws_iam_policy" "custom" {
  name   = "custom"
  policy = local.xray
}

resource "aws_iam_policy_attachment" "custom" {
  name       = "custom"
  roles      = [aws_iam_role.exec.name]
  policy_arn = aws_iam_policy.custom.arn
}

resource "aws_iam_role" "managed" {
  name                = "managed"
  assume_role_policy  = local.assume
  managed_policy_arns = [aws_iam_policy.custom.arn]
}

resource "aws_lambda_function" "absent" {
  function_name = "absent"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
}

resource "aws_lambda_function" "passthrough" {
  function_name = "passthrough"
  role          = "arn:aws:iam::123456789012:role/known"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "active" {
  function_name = "active"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "unknown" {
  function_name = "unknown"
  role          = aws_iam_role.managed.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  tracing_config {
    mode = aws_iam_role.exec.arn != "" ? "Active" : "PassThrough"
  }
}

# Dynamic blocks: the plan's configuration does not show them. A for_each known at plan time is settled
# by the planned values; an unknown one on create plans exactly like no block (see PLAN_ALONE).
resource "aws_lambda_function" "dyn_known" {
  function_name = "dyn_known"
  role          = "arn:aws:iam::123456789012:role/known"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  dynamic "tracing_config" {
    for_each = ["Active"]
    content {
      mode = tracing_config.value
    }
  }
}

resource "aws_lambda_function" "dyn_unknown" {
  function_name = "dyn_unknown"
  role          = "arn:aws:iam::123456789012:role/known"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  dynamic "tracing_config" {
    for_each = aws_iam_role.exec.arn != "" ? ["Active"] : []
    content {
      mode = tracing_config.value
    }
  }
}

module "m" {
  source = "./mod"
}

# Functions fed by event sources: X-Ray cannot trace MSK or Amazon MQ (NOT_APPLICABLE), SQS it can.
resource "aws_msk_cluster" "kafka" {
  cluster_name           = "kafka"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 2
  broker_node_group_info {
    instance_type   = "kafka.t3.small"
    client_subnets  = ["subnet-0a", "subnet-0b"]
    security_groups = ["sg-0a"]
  }
}

resource "aws_mq_broker" "mq" {
  broker_name        = "mq"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  user {
    username = "admin"
    password = "not-a-real-password-1"
  }
}

resource "aws_sqs_queue" "q" {
  name = "q"
}

resource "aws_lambda_function" "msk_fed" {
  function_name = "msk_fed"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
}

resource "aws_lambda_function" "mq_fed" {
  function_name = "mq_fed"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
}

resource "aws_lambda_function" "sqs_fed" {
  function_name = "sqs_fed"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
}

resource "aws_lambda_event_source_mapping" "msk" {
  function_name     = aws_lambda_function.msk_fed.arn
  event_source_arn  = aws_msk_cluster.kafka.arn
  topics            = ["orders"]
  starting_position = "LATEST"
}

resource "aws_lambda_event_source_mapping" "mq" {
  function_name    = aws_lambda_function.mq_fed.function_name
  event_source_arn = aws_mq_broker.mq.arn
  queues           = ["orders"]
  source_access_configuration {
    type = "BASIC_AUTH"
    uri  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mq-admin"
  }
}

resource "aws_lambda_event_source_mapping" "sqs" {
  function_name    = aws_lambda_function.sqs_fed.arn
  event_source_arn = aws_sqs_queue.q.arn
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_deployment" "dep" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "implicit"
}

resource "aws_api_gateway_stage" "absent" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.dep.id
  stage_name    = "absent"
}

resource "aws_api_gateway_stage" "off" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = aws_api_gateway_deployment.dep.id
  stage_name           = "off"
  xray_tracing_enabled = false
}

resource "aws_api_gateway_stage" "on" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = aws_api_gateway_deployment.dep.id
  stage_name           = "on"
  xray_tracing_enabled = true
}

resource "aws_api_gateway_stage" "unknown" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = aws_api_gateway_deployment.dep.id
  stage_name           = "unknown"
  xray_tracing_enabled = aws_iam_role.exec.arn != ""
}
'''

MODULE = r'''
resource "aws_iam_role" "r" {
  name               = "module-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_lambda_function" "f" {
  function_name = "in-module"
  role          = aws_iam_role.r.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/../fn.zip"
}
'''

EXPECTED = {
    ("apigateway_notracing", "aws_api_gateway_deployment.dep"): "FAIL implicit-stage",
    ("apigateway_notracing", "aws_api_gateway_stage.absent"): "FAIL absent",
    ("apigateway_notracing", "aws_api_gateway_stage.off"): "FAIL disabled",
    ("apigateway_notracing", "aws_api_gateway_stage.on"): "PASS active",
    ("apigateway_notracing", "aws_api_gateway_stage.unknown"): "UNRESOLVED unknown",
    ("lambda_notracing", "aws_lambda_function.absent"): "FAIL absent",
    ("lambda_notracing", "aws_lambda_function.active"): "PASS active",
    ("lambda_notracing", "aws_lambda_function.passthrough"): "FAIL passthrough",
    ("lambda_notracing", "aws_lambda_function.unknown"): "UNRESOLVED unknown",
    ("lambda_notracing", "module.m.aws_lambda_function.f"): "FAIL absent",
    ("lambda_notracing", "aws_lambda_function.msk_fed"): "NOT_APPLICABLE unsupported-source",
    ("lambda_notracing", "aws_lambda_function.mq_fed"): "NOT_APPLICABLE unsupported-source",
    ("lambda_notracing", "aws_lambda_function.sqs_fed"): "FAIL absent",
    ("lambda_notracing", "aws_lambda_function.dyn_known"): "PASS active",
    ("lambda_notracing", "aws_lambda_function.dyn_unknown"): "UNRESOLVED unknown",
}

# Where the plan scanned without its .tf files differs: a create whose dynamic "tracing_config" has an
# unknown for_each is written like a function with no tracing_config (missing from after, true in
# after_unknown, nothing in the configuration), so the plan alone reads it as absent. (On update it is
# UNRESOLVED: tests/fixtures/lambda_notracing/tfplan/dynamic.)
PLAN_ALONE = {
    ("lambda_notracing", "aws_lambda_function.dyn_unknown"): "FAIL absent",
}


def find_plugin_dir(arg):
    candidates = [arg] if arg else []
    if not arg:
        if os.environ.get("CS_TF_PLUGIN_DIR"):
            candidates.append(os.environ["CS_TF_PLUGIN_DIR"])
        candidates += ["/opt/tf-plugins", os.path.expanduser("~/.terraform.d/plugins"), "/usr/share/terraform/plugins"]
    for d in candidates:
        if glob.glob(os.path.join(d, "registry.terraform.io", "hashicorp", "aws", "*", "*", "terraform-provider-aws*")):
            return d
    return None


def terraform_env(work):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_"))}
    env.update({
        "TF_CLI_CONFIG_FILE": os.path.join(work, "cli.tfrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "HOME": work,  # no ~/.aws, no ~/.terraformrc
    })
    return env


def run(cmd, cwd, env=None):
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def make_plan(work, plugin_dir):
    """Writes the configuration into WORK, plans it offline and returns the plan JSON text."""
    os.makedirs(os.path.join(work, "mod"))
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write(CONFIG)
    with open(os.path.join(work, "mod", "main.tf"), "w") as f:
        f.write(MODULE)
    with open(os.path.join(work, "fn.zip"), "wb") as f:
        f.write(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: only read at apply
    with open(os.path.join(work, "cli.tfrc"), "w") as f:
        f.write('provider_installation {\n'
                f'  filesystem_mirror {{\n    path    = {json.dumps(plugin_dir)}\n'
                '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
                '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n')
    env = terraform_env(work)
    run(["terraform", "init", "-input=false", "-no-color", "-backend=false"], work, env)
    run(["terraform", "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.bin"], work, env)
    return run(["terraform", "show", "-json", "plan.bin"], work, env)


def plan_facts(plan):
    """The facts our reading rests on, as (description, holds) pairs."""
    rc = {r["address"]: r for r in plan["resource_changes"]}
    cfg = {r["address"]: r for r in plan["configuration"]["root_module"]["resources"]}

    def ch(a):
        return rc[a]["change"]

    facts = [
        ("absent xray_tracing_enabled is null in change.after",
         "xray_tracing_enabled" in ch("aws_api_gateway_stage.absent")["after"]
         and ch("aws_api_gateway_stage.absent")["after"]["xray_tracing_enabled"] is None),
        ("absent xray_tracing_enabled is not in after_unknown",
         "xray_tracing_enabled" not in ch("aws_api_gateway_stage.absent")["after_unknown"]),
        ("xray_tracing_enabled = false is false", ch("aws_api_gateway_stage.off")["after"]["xray_tracing_enabled"] is False),
        ("unknown xray_tracing_enabled is true in after_unknown",
         ch("aws_api_gateway_stage.unknown")["after_unknown"].get("xray_tracing_enabled") is True),
        ("absent tracing_config is missing from change.after", "tracing_config" not in ch("aws_lambda_function.absent")["after"]),
        ("absent tracing_config is true in after_unknown (Optional+Computed)",
         ch("aws_lambda_function.absent")["after_unknown"].get("tracing_config") is True),
        ("absent tracing_config is not in the configuration's expressions",
         "tracing_config" not in cfg["aws_lambda_function.absent"]["expressions"]),
        ("an unknown mode is [{mode: true}] in after_unknown",
         ch("aws_lambda_function.unknown")["after_unknown"].get("tracing_config") == [{"mode": True}]),
        ("a dynamic tracing_config is not in the configuration's expressions, whatever its for_each",
         all(set(cfg[a]["expressions"]) == set(cfg["aws_lambda_function.passthrough"]["expressions"]) - {"tracing_config"}
             for a in ("aws_lambda_function.dyn_known", "aws_lambda_function.dyn_unknown"))),
        ("a dynamic tracing_config with a known for_each is in change.after",
         ch("aws_lambda_function.dyn_known")["after"].get("tracing_config") == [{"mode": "Active"}]),
        ("a dynamic tracing_config with an unknown for_each plans like an absent one on create",
         "tracing_config" not in ch("aws_lambda_function.dyn_unknown")["after"]
         and ch("aws_lambda_function.dyn_unknown")["after_unknown"].get("tracing_config") is True),
        ("a written mode is [{mode: ...}] in change.after",
         ch("aws_lambda_function.active")["after"].get("tracing_config") == [{"mode": "Active"}]),
        ("deployment stage_name is known", ch("aws_api_gateway_deployment.dep")["after"].get("stage_name") == "implicit"),
        ("a role's managed_policy_arns not written is unknown on create (Optional+Computed)",
         ch("aws_iam_role.exec")["after_unknown"].get("managed_policy_arns") is True
         and "managed_policy_arns" not in cfg["aws_iam_role.exec"]["expressions"]),
        ("a known role name reaches the attachment", ch("aws_iam_role_policy_attachment.basic")["after"].get("role") == "exec"),
        ("the configuration names the role an attachment refers to",
         "aws_iam_role.exec" in cfg["aws_iam_role_policy_attachment.basic"]["expressions"]["role"].get("references", [])),
        ("an unknown role ARN is true in after_unknown", ch("aws_lambda_function.absent")["after_unknown"].get("role") is True),
        ("a role ARN from a constant is the value", ch("aws_lambda_function.passthrough")["after"].get("role")
         == "arn:aws:iam::123456789012:role/known"),
        ("a new event source's ARN is true in after_unknown",
         ch("aws_lambda_event_source_mapping.msk")["after_unknown"].get("event_source_arn") is True),
        ("the configuration names the resource an event_source_arn refers to",
         "aws_msk_cluster.kafka" in cfg["aws_lambda_event_source_mapping.msk"]["expressions"]["event_source_arn"]
         .get("references", [])
         and "aws_mq_broker.mq" in cfg["aws_lambda_event_source_mapping.mq"]["expressions"]["event_source_arn"]
         .get("references", [])),
        ("the configuration names the function a mapping's function_name refers to",
         "aws_lambda_function.msk_fed" in cfg["aws_lambda_event_source_mapping.msk"]["expressions"]["function_name"]
         .get("references", [])),
        ("an unwritten amazon_managed_kafka_event_source_config is unknown (Optional+Computed), not a block",
         ch("aws_lambda_event_source_mapping.sqs")["after_unknown"].get("amazon_managed_kafka_event_source_config") is True
         and "amazon_managed_kafka_event_source_config" not in ch("aws_lambda_event_source_mapping.sqs")["after"]),
        ("written topics and queues are known", ch("aws_lambda_event_source_mapping.msk")["after"].get("topics") == ["orders"]
         and ch("aws_lambda_event_source_mapping.mq")["after"].get("queues") == ["orders"]),
    ]
    return facts


def scan_doc(binary, path):
    p = subprocess.run([binary, "scan", path, "--format", "json", "--skip-check", "lambda_tracing_nopermission"],
                       capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"cloudsift exited {p.returncode}: {p.stderr}")
    return json.loads(p.stdout)


def verdicts(results):
    return {(r["check_id"], r["resource"]): f'{r["verdict"]} {r["reason"]}' for r in results}


def scan(binary, plan_path):
    doc = scan_doc(binary, plan_path)
    return verdicts(doc["results"]), doc.get("diagnostics", [])


def compare(what, got, problems, plan_alone=False):
    want = {**EXPECTED, **PLAN_ALONE} if plan_alone else EXPECTED
    for k in sorted(set(want) | set(got)):
        if want.get(k) != got.get(k):
            problems.append(f"{what}: {k[0]} {k[1]}: expected {want.get(k)}, got {got.get(k)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--plugin-dir")
    ap.add_argument("--write-fixture", metavar="DIR")
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    if not shutil.which("terraform"):
        print("SKIP: terraform is not on PATH")
        return 77
    plugin_dir = find_plugin_dir(a.plugin_dir)
    if not plugin_dir:
        print("SKIP: no hashicorp/aws provider in a plugin directory (--plugin-dir, $CS_TF_PLUGIN_DIR, "
              "/opt/tf-plugins, ~/.terraform.d/plugins, /usr/share/terraform/plugins)")
        return 77
    start = time.monotonic()
    problems = []
    with tempfile.TemporaryDirectory(prefix="cs-tfplan-oracle-") as tmp:
        work = os.path.join(tmp, "config")
        os.makedirs(work)
        try:
            text = make_plan(work, plugin_dir)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print(f"FAIL: terraform could not plan offline: {e}")
            return 1
        plan = json.loads(text)
        versions = f'terraform {plan.get("terraform_version")}, provider dir {plugin_dir}'
        for desc, holds in plan_facts(plan):
            if a.v or not holds:
                print(f'{"ok  " if holds else "FAIL"} plan JSON: {desc}')
            if not holds:
                problems.append(f"plan JSON: {desc}: does not hold")
        # Scanned alone, in a directory without the .tf files: what the plan JSON says, nothing else.
        alone = os.path.join(tmp, "plan")
        os.makedirs(alone)
        plan_path = os.path.join(alone, "plan.json")
        with open(plan_path, "w") as f:
            f.write(text)
        got, diags = scan(a.binary, plan_path)
        compare("real plan", got, problems, plan_alone=True)
        for d in diags:
            if d.get("severity") == "error":
                problems.append(f"real plan: diagnostic {d}")
        # Scanned with its configuration: the .tf files (kind "terraform", our evaluator) and the plan
        # beside them (kind "terraform-plan", functions and stages placed in the .tf files) agree with the
        # plan alone.
        shutil.copy(plan_path, os.path.join(work, "plan.json"))
        doc = scan_doc(a.binary, work)
        for kind in ("terraform", "terraform-plan"):
            compare(f"{kind} beside", verdicts([r for r in doc["results"] if r["kind"] == kind]), problems)
        for r in doc["results"]:
            if r["kind"] == "terraform-plan" and not r["file"].endswith("main.tf"):
                problems.append(f'plan beside its .tf: {r["resource"]} points at {r["file"]}:{r["line"]}, not the .tf')
        if a.write_fixture:
            os.makedirs(a.write_fixture, exist_ok=True)
            shutil.copy(plan_path, os.path.join(a.write_fixture, "plan.json"))
    if os.path.exists(FIXTURE):
        got, _ = scan(a.binary, FIXTURE)
        compare("stored fixture", got, problems, plan_alone=True)
    else:
        problems.append(f"stored fixture {FIXTURE} is missing (--write-fixture {os.path.dirname(FIXTURE)})")
    elapsed = time.monotonic() - start
    for p in problems:
        print(p)
    print(f"tfplan_oracle: {len(EXPECTED)} results, {len(plan_facts(plan))} plan facts, "
          f"{len(problems)} problems ({versions}; {elapsed:.1f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
