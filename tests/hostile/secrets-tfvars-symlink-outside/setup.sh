#!/bin/bash
# terraform.tfvars, which Terraform loads by itself, is a symlink to a file outside the scanned tree.
set -e
printf 'mode = "CS_PLANTED_SECRET_9"\n' > "$CASE_OUTSIDE/prod.tfvars"
ln -s "$CASE_OUTSIDE/prod.tfvars" terraform.tfvars
