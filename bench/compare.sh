#!/usr/bin/env bash
# Before/after comparison of two cloudsift binaries on the same inputs, interleaved (each round runs
# BEFORE then AFTER on every input), so that load from other jobs hits both alike. Per binary and input:
# the best wall time of N rounds, the CPU time (user + sys) of that run, and the peak RSS over the rounds.
# Prints a Markdown table. Inputs: ../shared/corpus/real (cloudposse-components, serverless-patterns, all
# of it) and generated ones (bench/gen_stress.py; bench/gen_scale.py: 40,000 Terraform functions, a plan
# of 40,000 changes, a 40,000-function CloudFormation JSON template, 10,000 Serverless functions).
#   bench/compare.sh BEFORE_BIN AFTER_BIN        (N rounds: N=5 by default)
set -uo pipefail
cd "$(dirname "$0")/.."
B=$1; A=$2; N=${N:-5}
CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus/real}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_stress.py "$tmp/stress" >/dev/null
python3 bench/gen_scale.py tf 40000 "$tmp/tf40k" >/dev/null
python3 bench/gen_scale.py plan 40000 "$tmp/plan40k" >/dev/null
python3 bench/gen_scale.py cfn-json 40000 "$tmp/cfnj40k" >/dev/null
python3 bench/gen_scale.py sls 10000 "$tmp/sls10k" >/dev/null
run() {  # bin dir -> "wall cpu rss_mb"
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$1" scan "$2" --format json:"$tmp/o.json" --threads 2 >/dev/null 2>&1
  read -r w u s m < <(tail -n 1 "$tmp/t")
  echo "$w $(awk "BEGIN{print $u + $s}") $((m / 1024))"
}
printf "| input | before: wall (CPU), RSS | after: wall (CPU), RSS |\n|---|---|---|\n"
for spec in "real/cloudposse-components:$CORPUS/cloudposse-components" \
            "real/serverless-patterns:$CORPUS/serverless-patterns" "all of real/:$CORPUS" \
            "stress root (gen_stress.py):$tmp/stress" "40,000 Terraform functions:$tmp/tf40k" \
            "plan of 40,000 changes:$tmp/plan40k" "CloudFormation JSON, 40,000 functions:$tmp/cfnj40k" \
            "Serverless, 10,000 functions:$tmp/sls10k"; do
  name=${spec%%:*}; dir=${spec#*:}
  declare -A bw bc br
  for bin in B A; do bw[$bin]=999999; bc[$bin]=0; br[$bin]=0; done
  for ((i = 0; i < N; i++)); do
    for bin in B A; do
      read -r w c r < <(run "${!bin}" "$dir")
      if awk "BEGIN{exit !($w < ${bw[$bin]})}"; then bw[$bin]=$w; bc[$bin]=$c; fi
      [ "$r" -gt "${br[$bin]}" ] && br[$bin]=$r
    done
  done
  echo "| $name | ${bw[B]} s (${bc[B]} s), ${br[B]} MB | ${bw[A]} s (${bc[A]} s), ${br[A]} MB |"
done
