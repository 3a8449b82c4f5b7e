#!/usr/bin/env bash
# One directory of 20,000 .tf files, one function each (fI is Active when I is a multiple of 80, else
# PassThrough); case.json names 500 of them (every 40th) on the command line, as a pre-commit hook
# does. Each named file used to list the directory again and look every entry up in a list of 20,000
# (minutes); the directory is now listed once.
set -euo pipefail
awk 'BEGIN {
  for (i = 0; i < 20000; i++) {
    f = sprintf("f%05d.tf", i);
    printf "resource \"aws_lambda_function\" \"f%05d\" {\n  tracing_config {\n    mode = \"%s\"\n  }\n}\n", i, (i % 80 == 0) ? "Active" : "PassThrough" > f;
    close(f);
  }
}'
