#!/bin/bash
# Secrets outside the scanned tree for ${file(...)} to reach with ../
set -e
printf 'CS_PLANTED_SECRET_5' > "$CASE_OUTSIDE/secret.txt"
printf 'mode: CS_PLANTED_SECRET_5y\n' > "$CASE_OUTSIDE/vars.yml"
ln -s "$CASE_OUTSIDE/vars.yml" linked.yml
