#!/usr/bin/env bash
# 40,000 aws_lambda_function resources in ONE root module (4 files of 10,000), the shape that used to be
# quadratic (a linear search per resource while building the module, and every suppression comment
# tried against every result). Each resource references the previous one's ARN; every 4th carries a
# cloudsift:ignore comment above it and every 4th + 1 a checkov:skip inside it; the rest alternate
# Active / PassThrough:
#   i % 4 == 0: PassThrough, suppressed by the cloudsift:ignore above it
#   i % 4 == 1: PassThrough, suppressed by the checkov:skip inside it
#   i % 4 == 2: Active -> PASS
#   i % 4 == 3: PassThrough -> FAIL
set -euo pipefail
awk 'BEGIN {
  for (i = 0; i < 40000; i++) {
    f = sprintf("lambda_%d.tf", int(i / 10000));
    prev = i ? sprintf("aws_lambda_function.f%d.arn", i - 1) : "\"none\"";
    mode = (i % 4 == 2) ? "Active" : "PassThrough";
    if (i % 4 == 0) printf "# cloudsift:ignore lambda_notracing reason=\"traced upstream\"\n" > f;
    printf "resource \"aws_lambda_function\" \"f%d\" {\n  function_name = \"fn-%d\"\n  role = \"arn:aws:iam::111122223333:role/r\"\n", i, i > f;
    if (i % 4 == 1) printf "  #checkov:skip=CKV_AWS_50:accepted for f%d\n", i > f;
    printf "  environment {\n    variables = { PREVIOUS = %s }\n  }\n  tracing_config {\n    mode = \"%s\"\n  }\n}\n\n", prev, mode > f;
  }
}'
