#!/bin/bash
# 40 directories, each calling the next one down: deeper than the 32 levels cloudsift follows.
set -e
d=.
for i in $(seq 1 40); do
  cat > "$d/main.tf" <<TF
module "next" {
  source = "./d"
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = "Active"
  }
}
TF
  d="$d/d"
  mkdir -p "$d"
done
