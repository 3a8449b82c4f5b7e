#!/usr/bin/env bash
# Runs the benchmarks of issues 2, 5 (live_bench.sh) and 9 (scale_bench.sh) and appends the numbers to bench/RESULTS.md (machine, files/s, MB/s,
# peak RSS). Needs a Release build (bash scripts/setup.sh) and ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus/real}
BIN=build/cloudsift
OUT=bench/RESULTS.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() {  # label, command...: best wall time of 5 runs, and peak RSS
  local label=$1; shift
  local best="" rss=0
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
    read -r wall kb < <(tail -n 1 "$tmp/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$label|$best|$((rss / 1024))"
}

{
  echo
  echo "## $(date -u +%Y-%m-%d) — $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo
  if [ -x build/hcl_parse_bench ] && [ -d "$CORPUS/cloudposse-components" ]; then
    echo '```'
    CS_CORPUS="$CORPUS/cloudposse-components" build/hcl_parse_bench --benchmark_min_time=2 2>/dev/null | grep -E 'Benchmark|---|BM_'
    echo '```'
  fi
  if [ -x build/json_parse_bench ]; then
    echo '```'
    build/json_parse_bench 2>/dev/null | grep -E 'Benchmark|---|BM_'
    echo '```'
  fi
  echo
  echo "| whole-CLI run | files | MB | best wall of 5 (s) | peak RSS (MB) |"
  echo "|---|---|---|---|---|"
  if [ -d "$CORPUS/cloudposse-components" ]; then
    files=$(find "$CORPUS/cloudposse-components" -name '*.tf' | wc -l)
    mb=$(du -sm --apparent-size "$CORPUS/cloudposse-components" | cut -f1)
    IFS='|' read -r l w r <<< "$(measure cp $BIN scan "$CORPUS/cloudposse-components" --format json --threads 2)"
    echo "| \`scan real/cloudposse-components --threads 2\` | $files | $mb | $w | $r |"
  fi
  for d in serverless-patterns .; do
    [ -d "$CORPUS/$d" ] || continue
    files=$(find "$CORPUS/$d" -type f | wc -l)
    mb=$(du -sm --apparent-size "$CORPUS/$d" | cut -f1)
    IFS='|' read -r l w r <<< "$(measure x $BIN scan "$CORPUS/$d" --format json --threads 2)"
    name=$([ "$d" = . ] && echo "all of real/ (mixed formats)" || echo "real/$d (mixed formats)")
    echo "| \`scan\` $name --threads 2 | $files | $mb | $w | $r |"
  done
  python3 bench/gen_stress.py "$tmp/stress" >/dev/null
  IFS='|' read -r l w r <<< "$(measure st $BIN scan "$tmp/stress" --format json --threads 2)"
  echo "| \`scan\` generated stress root (10 × for_each 1,000 + modules 5 deep × count 3) | 6 | <1 | $w | $r |"
} | tee -a "$OUT"

# Scale (issue 9 part 8): one module / plan / template with 10,000, 40,000 and 121,000 functions, and the
# other per-resource paths at 40,000 (bench/scale_bench.sh, a few minutes). SKIP_SCALE=1 skips it.
if [ "${SKIP_SCALE:-0}" != 1 ]; then
  BIN=$BIN bash bench/scale_bench.sh | tee -a "$OUT"
fi

# Live AWS scan (issue 5): cloudsift scan aws vs a sequential Prowler-style boto3 script against the fake
# endpoint (tests/fakeaws), ~2 minutes. SKIP_LIVE=1 skips it. A missed target is reported in the table.
if [ "${SKIP_LIVE:-0}" != 1 ]; then
  bash bench/live_bench.sh | tee -a "$OUT" || echo "run_benchmarks: live_bench reported a missed target or failed" >&2
fi
