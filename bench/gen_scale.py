#!/usr/bin/env python3
"""Generate one input of the scale benchmark (bench/scale_bench.sh) into DIR.

    gen_scale.py SHAPE N DIR

Every shape holds N Lambda functions (or N of the thing the shape is about) in ONE module, template,
plan or service, so that a per-resource cost that grows with N (a linear search per resource: a
quadratic scan) shows. Half the functions are Active, half PassThrough, unless said otherwise.

  tf           N aws_lambda_function resources in one root module, spread over 8 .tf files; each names
               its role and the previous function's ARN (aws_lambda_function.fI.arn), every 4th takes its
               mode from var.tracing_mode, every 4th + 1 from local.mode
  tf-refs      N resources whose mode is the previous resource's (aws_lambda_function.fI.tracing_config[0].mode:
               known only after apply, so every result is UNRESOLVED)
  tf-vars      N variables and N locals in the root; resource I's mode is local.lI = var.vI
  tf-count     one module called with count = N/2 (one function inside) and one resource with for_each
               over N/2 keys
  tf-calls     N module blocks in the root, each calling ./mod (one function whose mode is an input)
  tf-suppress  N PassThrough resources, each with a cloudsift:ignore comment above it and a
               checkov:skip comment inside it (every result SUPPRESSED)
  plan         plan.json with N aws_lambda_function resource_changes (no configuration beside it)
  plan-tf      the same plan.json beside the configuration of the tf shape (each change mapped to its .tf)
  cfn          template.yaml: N AWS::Lambda::Function resources; each Role is !GetAtt Role.Arn, each
               function's environment !Ref's the previous one, every 4th mode is !Ref TracingMode
  cfn-json     the same template as template.json
  cfn-esm      the cfn-json template plus one AWS::Lambda::EventSourceMapping per function (every 2nd from
               MSK, which X-Ray cannot trace), half naming their function by !Ref, half by FunctionName
  sls          serverless.yml with N functions
"""
import json
import os
import sys

FILES = 8


def tf_resource(i, mode_expr, extra=""):
    prev = f"aws_lambda_function.f{i - 1}.arn" if i else '"none"'
    return (f'resource "aws_lambda_function" "f{i}" {{\n'
            f'  function_name = "fn-{i}"\n'
            f'  role          = aws_iam_role.lambda.arn\n'
            f'  handler       = "index.handler"\n'
            f'  runtime       = "python3.12"\n'
            f'  filename      = "fn.zip"\n'
            f'  environment {{\n    variables = {{\n      PREVIOUS = {prev}\n    }}\n  }}\n'
            f'{extra}'
            f'  tracing_config {{\n    mode = {mode_expr}\n  }}\n}}\n\n')


def mode_literal(i):
    return '"Active"' if i % 2 else '"PassThrough"'


def write_tf(out, n, body_of):
    fs = [open(os.path.join(out, f"lambda_{k}.tf"), "w") for k in range(FILES)]
    per = (n + FILES - 1) // FILES
    for i in range(n):
        fs[min(i // per, FILES - 1)].write(body_of(i))
    for f in fs:
        f.close()


def common_tf(out):
    with open(os.path.join(out, "main.tf"), "w") as f:
        f.write('variable "tracing_mode" {\n  type    = string\n  default = "Active"\n}\n\n'
                'locals {\n  mode = "PassThrough"\n}\n\n'
                'resource "aws_iam_role" "lambda" {\n  name = "lambda"\n  assume_role_policy = "{}"\n}\n')


def shape_tf(out, n):
    common_tf(out)

    def body(i):
        mode = "var.tracing_mode" if i % 4 == 0 else "local.mode" if i % 4 == 1 else mode_literal(i)
        return tf_resource(i, mode)
    write_tf(out, n, body)


def shape_tf_refs(out, n):
    common_tf(out)
    write_tf(out, n, lambda i: tf_resource(
        i, f"aws_lambda_function.f{i - 1}.tracing_config[0].mode" if i else '"Active"'))


def shape_tf_vars(out, n):
    common_tf(out)
    with open(os.path.join(out, "variables.tf"), "w") as f:
        for i in range(n):
            f.write(f'variable "v{i}" {{\n  type    = string\n  default = {mode_literal(i)}\n}}\n')
    with open(os.path.join(out, "locals.tf"), "w") as f:
        f.write("locals {\n")
        for i in range(n):
            f.write(f"  l{i} = var.v{i}\n")
        f.write("}\n")
    write_tf(out, n, lambda i: tf_resource(i, f"local.l{i}"))


def module_dir(out):
    d = os.path.join(out, "mod")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "main.tf"), "w") as f:
        f.write('variable "mode" {\n  type = string\n}\n\n'
                'resource "aws_lambda_function" "this" {\n  function_name = "fn"\n  role = "arn:aws:iam::111122223333:role/r"\n'
                '  tracing_config {\n    mode = var.mode\n  }\n}\n\n'
                'output "arn" {\n  value = aws_lambda_function.this.arn\n}\n')


def shape_tf_count(out, n):
    module_dir(out)
    half = n // 2
    keys = ", ".join(f'"k{i:06d}"' for i in range(half))
    with open(os.path.join(out, "main.tf"), "w") as f:
        f.write(f'module "many" {{\n  source = "./mod"\n  count  = {n - half}\n'
                f'  mode   = count.index % 2 == 0 ? "Active" : "PassThrough"\n}}\n\n')
        f.write(f'locals {{\n  keys = toset([{keys}])\n}}\n\n')
        f.write('resource "aws_lambda_function" "each" {\n  for_each      = local.keys\n'
                '  function_name = each.key\n  role = "arn:aws:iam::111122223333:role/r"\n'
                '  tracing_config {\n    mode = "Active"\n  }\n}\n')


def shape_tf_calls(out, n):
    module_dir(out)

    def body(i):
        return f'module "m{i}" {{\n  source = "./mod"\n  mode   = {mode_literal(i)}\n}}\n\n'
    write_tf(out, n, body)
    with open(os.path.join(out, "outputs.tf"), "w") as f:
        # module.mI.arn for a few calls: module references are looked up by call name
        f.write('output "arns" {\n  value = [%s]\n}\n' % ", ".join(f"module.m{i}.arn" for i in range(0, n, max(1, n // 100))))


def shape_tf_suppress(out, n):
    common_tf(out)

    def body(i):
        return ('# cloudsift:ignore lambda_notracing reason="traced by the caller"\n' +
                tf_resource(i, '"PassThrough"', f'  #checkov:skip=CKV_AWS_50:accepted for f{i}\n'))
    write_tf(out, n, body)


def plan_doc(n):
    changes = []
    for i in range(n):
        after = {"function_name": f"fn-{i}", "handler": "index.handler", "runtime": "python3.12",
                 "role": "arn:aws:iam::111122223333:role/lambda", "timeout": 3, "publish": False,
                 "tracing_config": [{"mode": "Active" if i % 2 else "PassThrough"}]}
        changes.append({
            "address": f"aws_lambda_function.f{i}", "mode": "managed", "type": "aws_lambda_function",
            "name": f"f{i}", "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after,
                       "after_unknown": {"arn": True, "id": True, "invoke_arn": True, "qualified_arn": True,
                                         "version": True, "tracing_config": [{}]},
                       "before_sensitive": False, "after_sensitive": {}}})
    return {"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {"root_module": {}},
            "resource_changes": changes}


def shape_plan(out, n):
    with open(os.path.join(out, "plan.json"), "w") as f:
        json.dump(plan_doc(n), f, indent=1)


def shape_plan_tf(out, n):
    shape_tf(out, n)
    shape_plan(out, n)


def cfn_resources(n):
    res = {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}}
    for i in range(n):
        mode = {"Ref": "TracingMode"} if i % 4 == 0 else ("Active" if i % 2 else "PassThrough")
        props = {"FunctionName": f"fn-{i}", "Handler": "index.handler", "Runtime": "python3.12",
                 "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "def handler(e, c): pass"},
                 "TracingConfig": {"Mode": mode}}
        if i:
            props["Environment"] = {"Variables": {"PREVIOUS": {"Ref": f"F{i - 1}"}}}
        res[f"F{i}"] = {"Type": "AWS::Lambda::Function", "Properties": props}
    return res


def shape_cfn(out, n):
    with open(os.path.join(out, "template.yaml"), "w") as f:
        f.write('AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  TracingMode:\n    Type: String\n'
                '    Default: Active\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n'
                '      AssumeRolePolicyDocument: {}\n')
        for i in range(n):
            mode = "!Ref TracingMode" if i % 4 == 0 else ("Active" if i % 2 else "PassThrough")
            f.write(f"  F{i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: fn-{i}\n"
                    f"      Handler: index.handler\n      Runtime: python3.12\n      Role: !GetAtt Role.Arn\n"
                    f"      Code:\n        ZipFile: 'def handler(e, c): pass'\n")
            if i:
                f.write(f"      Environment:\n        Variables:\n          PREVIOUS: !Ref F{i - 1}\n")
            f.write(f"      TracingConfig:\n        Mode: {mode}\n")


def shape_cfn_json(out, n):
    doc = {"AWSTemplateFormatVersion": "2010-09-09",
           "Parameters": {"TracingMode": {"Type": "String", "Default": "Active"}},
           "Resources": cfn_resources(n)}
    with open(os.path.join(out, "template.json"), "w") as f:
        json.dump(doc, f, indent=1)


def shape_cfn_esm(out, n):
    res = cfn_resources(n)
    for i in range(n):
        src = (f"arn:aws:kafka:us-east-1:111122223333:cluster/c{i}/abc" if i % 2 else
               f"arn:aws:sqs:us-east-1:111122223333:q{i}")
        fname = {"Ref": f"F{i}"} if i % 4 < 2 else f"fn-{i}"
        props = {"EventSourceArn": src, "FunctionName": fname}
        if i % 2:
            props["Topics"] = ["t"]
        res[f"M{i}"] = {"Type": "AWS::Lambda::EventSourceMapping", "Properties": props}
    doc = {"AWSTemplateFormatVersion": "2010-09-09",
           "Parameters": {"TracingMode": {"Type": "String", "Default": "Active"}}, "Resources": res}
    with open(os.path.join(out, "template.json"), "w") as f:
        json.dump(doc, f, indent=1)


def shape_sls(out, n):
    with open(os.path.join(out, "serverless.yml"), "w") as f:
        f.write("service: scale\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs18.x\n"
                "  tracing:\n    lambda: ${param:tracing, 'PassThrough'}\nfunctions:\n")
        for i in range(n):
            f.write(f"  fn{i}:\n    handler: h.fn{i}\n")
            if i % 2:
                f.write("    tracing: Active\n")
            f.write(f"    events:\n      - http:\n          path: /fn{i}\n          method: get\n")


SHAPES = {"tf": shape_tf, "tf-refs": shape_tf_refs, "tf-vars": shape_tf_vars, "tf-count": shape_tf_count,
          "tf-calls": shape_tf_calls, "tf-suppress": shape_tf_suppress, "plan": shape_plan,
          "plan-tf": shape_plan_tf, "cfn": shape_cfn, "cfn-json": shape_cfn_json,
          "cfn-esm": shape_cfn_esm, "sls": shape_sls}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit("usage: gen_scale.py {%s} N DIR" % ",".join(SHAPES))
    shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    SHAPES[shape](out, n)
    print(out)
