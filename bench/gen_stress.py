#!/usr/bin/env python3
"""Generate the stress root of issue 2's benchmark into DIR:
- 10 aws_lambda_function resources, each with for_each over 1,000 keys (10,000 instances), whose mode
  comes from a local map lookup per key;
- a chain of modules nested 5 deep, each level calling the next with count = 3, the innermost holding
  one function: 3^5 = 243 instances.
"""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keys = ", ".join(f'"k{i:04d}"' for i in range(1000))
with open(os.path.join(out, "main.tf"), "w") as f:
    f.write("locals {\n  keys  = toset([%s])\n" % keys)
    f.write('  modes = { for k in local.keys : k => (tonumber(substr(k, 1, 4)) % 2 == 0 ? "Active" : "PassThrough") }\n}\n\n')
    for r in range(10):
        f.write(f'resource "aws_lambda_function" "fn{r}" {{\n  for_each      = local.keys\n'
                f'  function_name = "fn{r}-${{each.key}}"\n  tracing_config {{\n'
                f'    mode = lookup(local.modes, each.key, "PassThrough")\n  }}\n}}\n\n')
    f.write('module "level1" {\n  source = "./level1"\n  count  = 3\n  mode   = "Active"\n}\n')
for level in range(1, 6):
    d = os.path.join(out, *[f"level{i}" for i in range(1, level + 1)])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "main.tf"), "w") as f:
        f.write('variable "mode" { type = string }\n\n')
        if level < 5:
            f.write(f'module "level{level + 1}" {{\n  source = "./level{level + 1}"\n  count  = 3\n'
                    f'  mode   = var.mode\n}}\n')
        else:
            f.write('resource "aws_lambda_function" "leaf" {\n  tracing_config {\n    mode = var.mode\n  }\n}\n')
print(out)
