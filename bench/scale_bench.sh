#!/usr/bin/env bash
# Scale benchmark (issue 9, part 8: linear in resources per module). Generates inputs with
# bench/gen_scale.py (nothing large is committed), runs `cloudsift scan DIR --format json:FILE` on each and
# prints a Markdown section: wall time (best of BENCH_RUNS), CPU time (user + sys of that run), peak RSS
# (highest of the runs), and the growth from the middle to the largest count (linear: about the ratio
# of the counts). Run on a Release build; run_benchmarks.sh appends the output to bench/RESULTS.md.
#
# Knobs: BIN (default build/cloudsift), BENCH_RUNS (3), SCALE_COUNTS ("10000 40000 121000"),
# SCALE_SHAPES (the shapes measured at every count: "tf plan cfn-json cfn"), OTHER_COUNT (40000: the count
# for the other per-resource shapes; Serverless uses a quarter of it), OTHER_SHAPES (which of them),
# SKIP_OTHER=1 (only the scale table),
# BENCH_TIMEOUT (seconds per run, default 600: a run past it is reported as ">N").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/cloudsift}
RUNS=${BENCH_RUNS:-3}
COUNTS=${SCALE_COUNTS:-10000 40000 121000}
SHAPES=${SCALE_SHAPES:-tf plan cfn-json cfn}
OTHER_COUNT=${OTHER_COUNT:-40000}
TIMEOUT=${BENCH_TIMEOUT:-600}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure DIR [extra args]: prints "wall cpu rss_mb results" (wall = best run; "> T" when killed)
measure() {
  local dir=$1; shift
  local best="" cpu="" rss=0 n=""
  for ((i = 0; i < RUNS; i++)); do
    rm -f "$tmp/out.json"
    local rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" timeout "$TIMEOUT" \
      "$BIN" scan "$dir" --threads 2 --format "json:$tmp/out.json" "$@" >/dev/null 2>"$tmp/err" || rc=$?
    # exit 1 is "findings"; 124 is the timeout (which killed the scan)
    if [ "$rc" -ge 2 ] || [ ! -s "$tmp/out.json" ]; then
      [ "$rc" = 124 ] && echo ">$TIMEOUT" "-" "-" "-" || echo "error(exit-$rc)" "-" "-" "-"
      return
    fi
    read -r wall user sys kb < <(tail -n 1 "$tmp/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
      best=$wall
      cpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}")
    fi
    [ "$kb" -gt "$rss" ] && rss=$kb
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$tmp/out.json")
  done
  echo "$best $cpu $((rss / 1024)) $n"
}

describe() {
  case $1 in
    tf) echo "Terraform: N \`aws_lambda_function\` in one root module (8 files), each referencing the previous one's ARN" ;;
    plan) echo "plan JSON: N \`resource_changes\` in one plan.json" ;;
    cfn-json) echo "CloudFormation JSON: N \`AWS::Lambda::Function\` in one template, each \`Ref\`-ing the previous one" ;;
    cfn) echo "CloudFormation YAML: the same template in YAML" ;;
    tf-refs) echo "Terraform: each mode is the previous resource's (\`aws_lambda_function.fI.tracing_config[0].mode\`)" ;;
    tf-vars) echo "Terraform: N variables + N locals, mode = \`local.lI\` = \`var.vI\`" ;;
    tf-count) echo "Terraform: one module call with \`count\` = N/2 + one resource with \`for_each\` over N/2 keys" ;;
    tf-calls) echo "Terraform: N \`module\` blocks in one root (each calls ./mod)" ;;
    tf-suppress) echo "Terraform: N resources, each with a \`cloudsift:ignore\` comment and a \`checkov:skip\` inside" ;;
    baseline) echo "Terraform (tf shape) with \`--baseline\` holding its N/2 FAIL fingerprints" ;;
    plan-tf) echo "plan JSON of N changes beside the N-resource configuration (each change mapped to its .tf)" ;;
    sls) echo "Serverless: N functions in one serverless.yml" ;;
  esac
}

echo
echo "### Scale (issue 9 part 8): one module, template or plan with N functions — $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "\`$BIN scan DIR --threads 2 --format json:FILE\`; wall = best of $RUNS, CPU = user + sys of that run, RSS = peak."
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start."
echo
row_counts=($COUNTS)
header="| input |"
sep="|---|"
for c in "${row_counts[@]}"; do header+=" N = $c: wall s (CPU s), RSS MB |"; sep+="---|"; done
header+=" growth ×${row_counts[-1]}/${row_counts[-2]:-${row_counts[-1]}} (wall, CPU) |"
sep+="---|"
echo "$header"
echo "$sep"
for shape in $SHAPES; do
  line="| $(describe "$shape") |"
  prev_w="" prev_c="" last_w="" last_c=""
  for c in "${row_counts[@]}"; do
    python3 bench/gen_scale.py "$shape" "$c" "$tmp/in" >/dev/null
    read -r w cpu rss n <<<"$(measure "$tmp/in")"
    rm -rf "$tmp/in"
    line+=" $w ($cpu), $rss |"
    prev_w=$last_w prev_c=$last_c last_w=$w last_c=$cpu
  done
  if [[ "$prev_w" =~ ^[0-9.]+$ && "$last_w" =~ ^[0-9.]+$ ]]; then
    line+=" $(awk "BEGIN{printf \"%.1f, %.1f\", $last_w / ($prev_w > 0 ? $prev_w : 0.01), $last_c / ($prev_c > 0 ? $prev_c : 0.01)}") |"
  else
    line+=" – |"
  fi
  echo "$line"
done

[ "${SKIP_OTHER:-0}" = 1 ] && exit 0
echo
echo "Other per-resource paths, N = $OTHER_COUNT (Serverless: N/4):"
echo
echo "| input | results | wall s (CPU s) | RSS MB |"
echo "|---|---|---|---|"
for shape in ${OTHER_SHAPES:-tf-refs tf-vars tf-count tf-calls tf-suppress baseline plan-tf sls}; do
  n=$OTHER_COUNT
  [ "$shape" = sls ] && n=$((OTHER_COUNT / 4))
  extra=()
  if [ "$shape" = baseline ]; then
    python3 bench/gen_scale.py tf "$n" "$tmp/in" >/dev/null
    "$BIN" scan "$tmp/in" --create-baseline "$tmp/baseline.json" >/dev/null 2>&1 || true
    extra=(--baseline "$tmp/baseline.json")
  else
    python3 bench/gen_scale.py "$shape" "$n" "$tmp/in" >/dev/null
  fi
  read -r w cpu rss results <<<"$(measure "$tmp/in" "${extra[@]}")"
  rm -rf "$tmp/in" "$tmp/baseline.json"
  echo "| $(describe "$shape") (N = $n) | $results | $w ($cpu) | $rss |"
done
