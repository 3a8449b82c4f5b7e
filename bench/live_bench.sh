#!/usr/bin/env bash
# Live-scan benchmark of issue 5: `cloudsift scan aws` against the fake AWS endpoint (tests/fakeaws) with
# 30 ms added latency per AWS call, a generated organization of 20 accounts x 17 regions x 300 functions
# (every 5th account/region empty), side by side with a sequential Prowler-style boto3 script
# (bench/prowler_style.py) in the same run, against the same server.
#
# Targets (issue 5):
#   1. cloudsift wall time <= bound = 1.5 x N x RTT / C
#        N   = page round trips cloudsift made = AWS requests in the fake's request log for its run (the log
#              is cleared before each run; retries count, they are round trips too)
#        RTT = mean round trip of ONE sequential signed request against the fake at the benchmark latency:
#              21 sequential SigV4-signed Lambda ListFunctions first-page requests (MaxItems=50, the same
#              page cloudsift asks for) on one keep-alive connection (curl --aws-sigv4), first one dropped
#              (connect), mean of the other 20. The control endpoint /__fake/health is not used for this:
#              the control API gets no added latency (its RTT is printed for reference only).
#        C   = --concurrency (BENCH_CONCURRENCY, default 32)
#   2. cloudsift >= 30x faster than bench/prowler_style.py (wall time of the whole process, both measured
#      with /usr/bin/time in this run)
#   3. cloudsift peak RSS < 200 MB (/usr/bin/time %M)
# The fake is started with --prewarm (every region's listing built before READY), so no run pays for the
# fake generating its world on first use.
# Also checked: both found the same functions, and cloudsift's verdicts agree with the modes and event
# sources boto3 saw (reason active <=> Mode Active; passthrough/absent <=> PassThrough/no TracingConfig;
# unsupported-source <=> an MSK / self-managed Kafka / Amazon MQ / DocumentDB event source mapping).
#
# Knobs: BENCH_CONCURRENCY (32), BENCH_LATENCY_MS (30), BENCH_RUNS (cloudsift runs, median reported; 3),
#        BENCH_WORLD (generate JSON), BENCH_SKIP_BOTO3=1 (skip the ~75 s boto3 run), BIN (build/cloudsift).
# Prints a markdown section on stdout (bench/run_benchmarks.sh appends it to bench/RESULTS.md); progress on
# stderr. Exit 0 when every target that could be measured passed, 1 otherwise, 2 on a set-up failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/cloudsift}
C=${BENCH_CONCURRENCY:-32}
LAT=${BENCH_LATENCY_MS:-30}
RUNS=${BENCH_RUNS:-3}
WORLD=${BENCH_WORLD:-'{"accounts":20,"regions":17,"functions_per_region":300,"empty_region_every":5}'}
AK=AKIAGEN0000000000000                              # management account 100000000001 (generated world)
SK="gen-secret-00-$(printf 'x%.0s' $(seq 28))"

tmp=$(mktemp -d)
srv_pid=""
cleanup() {
  if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
    kill -TERM "$srv_pid" 2>/dev/null || true
    wait "$srv_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "live_bench: $*" >&2; }

# ---- fake endpoint ----
python3 tests/fakeaws/server.py --port 0 --latency-ms "$LAT" --generate "$WORLD" --prewarm \
  --pid-file "$tmp/fake.pid" >"$tmp/fake.out" 2>"$tmp/fake.err" &
srv_pid=$!
for _ in $(seq 300); do
  grep -q '^READY ' "$tmp/fake.out" 2>/dev/null && break
  kill -0 "$srv_pid" 2>/dev/null || { log "fake endpoint died: $(cat "$tmp/fake.err")"; exit 2; }
  sleep 0.1
done
grep -q '^READY ' "$tmp/fake.out" || { log "fake endpoint did not start"; exit 2; }
PORT=$(sed -n 's/^READY port=\([0-9]*\) pid=.*/\1/p' "$tmp/fake.out")
URL="http://127.0.0.1:$PORT"
log "fake endpoint pid $srv_pid on $URL, latency $LAT ms, world $WORLD"

fake() { curl -sf -X "$1" "$URL/__fake/$2"; }
nreq() {  # AWS requests in the log: total, non-200
  fake GET requests | python3 -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(len(r), sum(1 for x in r if x["status"] != 200))'
}

# ---- RTT ----
rtt_of() {  # mean time_total (s) of requests 2..21 of 21 sequential ones on one connection
  local args=() i
  for i in $(seq 21); do args+=(-o /dev/null "$1"); done
  shift
  curl -s "$@" -w '%{time_total}\n' "${args[@]}" | tail -n 20 | awk '{s+=$1} END {printf "%.4f", s/NR}'
}
RTT=$(rtt_of "$URL/2015-03-31/functions/?MaxItems=50" --aws-sigv4 "aws:amz:us-east-1:lambda" --user "$AK:$SK")
RTT_HEALTH=$(rtt_of "$URL/__fake/health")
read -r rtt_n rtt_bad < <(nreq)
[ "$rtt_bad" = 0 ] && [ "$rtt_n" -ge 21 ] || { log "signed RTT probe failed ($rtt_n requests, $rtt_bad not 200)"; exit 2; }
log "RTT signed ListFunctions page: $RTT s; /__fake/health (no added latency): $RTT_HEALTH s"

# isolated AWS environment: only the management account's keys, no shared config, no IMDS
run_env=(env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_DEFAULT_PROFILE -u AWS_ROLE_ARN -u AWS_WEB_IDENTITY_TOKEN_FILE
         -u AWS_CONTAINER_CREDENTIALS_FULL_URI -u AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
         AWS_ACCESS_KEY_ID="$AK" AWS_SECRET_ACCESS_KEY="$SK" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
         AWS_CONFIG_FILE="$tmp/none" AWS_SHARED_CREDENTIALS_FILE="$tmp/none" AWS_EC2_METADATA_DISABLED=true)

# ---- (a) cloudsift ----
cs_state=missing
if "$BIN" scan aws --help 2>/dev/null | grep -q -- '--org'; then
  cs_state=ok
  : >"$tmp/cs.runs"
  for i in $(seq "$RUNS"); do
    fake DELETE requests >/dev/null
    rm -f "$tmp/cs.json"
    set +e
    "${run_env[@]}" /usr/bin/time -f "%e %M" -o "$tmp/cs.time" "$BIN" scan aws --org --regions all \
      --endpoint-url "$URL" --format "json:$tmp/cs.json" --quiet --allow-partial --concurrency "$C" \
      >"$tmp/cs.out" 2>"$tmp/cs.err"
    rc=$?
    set -e
    read -r wall kb < <(tail -n 1 "$tmp/cs.time")
    read -r n bad < <(nreq)
    log "cloudsift run $i: rc $rc, wall $wall s, peak RSS $((kb / 1024)) MB, $n requests ($bad not 200)"
    if [ "$rc" -gt 1 ] || [ ! -s "$tmp/cs.json" ]; then
      log "cloudsift failed (rc $rc): $(tail -n 5 "$tmp/cs.err")"
      cs_state=failed
      break
    fi
    echo "$wall $kb $n $bad $rc" >>"$tmp/cs.runs"
    cp "$tmp/cs.json" "$tmp/cs.last.json"
  done
else
  log "$BIN has no 'scan aws' yet: cloudsift not measured"
fi

# ---- (b) Prowler-style boto3, sequential ----
boto_state=skipped
if [ "${BENCH_SKIP_BOTO3:-0}" != 1 ]; then
  fake DELETE requests >/dev/null
  log "running bench/prowler_style.py (sequential; about a minute or more)"
  set +e
  "${run_env[@]}" /usr/bin/time -f "%e %M" -o "$tmp/py.time" python3 bench/prowler_style.py \
    --endpoint-url "$URL" --jsonl "$tmp/py.jsonl" >"$tmp/py.out" 2>"$tmp/py.err"
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    boto_state=ok
    read -r wall kb < <(tail -n 1 "$tmp/py.time")
    read -r n bad < <(nreq)
    echo "$wall $kb $n $bad" >"$tmp/py.run"
    log "prowler_style: wall $wall s, peak RSS $((kb / 1024)) MB, $n requests; $(tail -n 1 "$tmp/py.out")"
  else
    boto_state=failed
    log "prowler_style failed (rc $rc): $(tail -n 5 "$tmp/py.err")"
  fi
fi

# ---- report ----
python3 - "$tmp" "$C" "$LAT" "$RTT" "$RTT_HEALTH" "$cs_state" "$boto_state" "$WORLD" <<'EOF'
import json, os, statistics, sys
tmp, C, lat, rtt, rtt_health, cs_state, boto_state, world = sys.argv[1:]
C, rtt, rtt_health = int(C), float(rtt), float(rtt_health)
ok = True
cs = py = None
if cs_state == "ok" and os.path.exists(f"{tmp}/cs.runs"):
    runs = [l.split() for l in open(f"{tmp}/cs.runs") if l.strip()]
    walls = sorted(float(r[0]) for r in runs)
    med = statistics.median(walls)
    pick = min(runs, key=lambda r: abs(float(r[0]) - med))
    cs = {"wall": med, "walls": [float(r[0]) for r in runs], "rss": max(int(r[1]) for r in runs) / 1024,
          "n": int(pick[2]), "bad": int(pick[3])}
    res = json.load(open(f"{tmp}/cs.last.json"))["results"]
    fns = [r for r in res if str(r.get("resource", "")).startswith("arn:aws:lambda:")
           and r.get("check_id", "lambda_notracing") == "lambda_notracing"]
    cs["fns"] = {r["resource"]: (r.get("verdict"), r.get("reason")) for r in fns}
if boto_state == "ok":
    wall, kb, n, bad = open(f"{tmp}/py.run").read().split()
    py = {"wall": float(wall), "rss": int(kb) / 1024, "n": int(n), "bad": int(bad),
          "fns": {}}
    for l in open(f"{tmp}/py.jsonl"):
        f = json.loads(l)
        py["fns"][f["arn"]] = (f["mode"], f["unsupported_sources"])

def active_counts(t):
    if t is cs:
        a = sum(1 for v in t["fns"].values() if v[1] == "active")
    else:
        a = sum(1 for v in t["fns"].values() if v[0] == "Active")
    return a, len(t["fns"]) - a

print()
print(f"### Live scan (issue 5): fake endpoint, {lat} ms latency, world {world}")
print()
print(f"RTT (mean of 20 sequential signed ListFunctions pages, keep-alive) = {rtt * 1000:.1f} ms "
      f"(control endpoint /__fake/health, no added latency: {rtt_health * 1000:.2f} ms); concurrency C = {C}.")
print()
print("| tool | wall (s) | requests | functions | active / not | peak RSS (MB) | speedup vs boto3 | bound 1.5·N·RTT/C (s) |")
print("|---|---|---|---|---|---|---|---|")
bound = None
if cs:
    bound = 1.5 * cs["n"] * rtt / C
    a, na = active_counts(cs)
    sp = f"{py['wall'] / cs['wall']:.1f}×" if py else "–"
    walls = ", ".join(f"{w:.2f}" for w in cs["walls"])
    bad = f" ({cs['bad']} not 200)" if cs["bad"] else ""
    print(f"| `cloudsift scan aws --concurrency {C}` (median of {len(cs['walls'])}: {walls}) | {cs['wall']:.2f} | "
          f"{cs['n']}{bad} | {len(cs['fns'])} | {a} / {na} | "
          f"{cs['rss']:.0f} | {sp} | {bound:.2f} |")
else:
    print(f"| `cloudsift scan aws` | not measured ({cs_state}) | | | | | | |")
if py:
    a, na = active_counts(py)
    print(f"| `bench/prowler_style.py` (sequential boto3) | {py['wall']:.2f} | {py['n']} | {len(py['fns'])} | {a} / {na} | "
          f"{py['rss']:.0f} | 1× | – |")
else:
    print(f"| `bench/prowler_style.py` | not measured ({boto_state}) | | | | | | |")
print()
print("| target | value | verdict |")
print("|---|---|---|")
def verdict(cond):
    global ok
    ok = ok and cond
    return "PASS" if cond else "FAIL"
if cs:
    print(f"| wall ≤ 1.5 × N × RTT / C | {cs['wall']:.2f} s vs {bound:.2f} s | {verdict(cs['wall'] <= bound)} |")
    if py:
        sp = py["wall"] / cs["wall"]
        print(f"| ≥ 30× faster than sequential boto3 | {sp:.1f}× | {verdict(sp >= 30)} |")
    print(f"| peak RSS < 200 MB | {cs['rss']:.0f} MB | {verdict(cs['rss'] < 200)} |")
else:
    print(f"| cloudsift targets | not measured ({cs_state}) | – |")
if cs and py:
    only_cs = cs["fns"].keys() - py["fns"].keys()
    only_py = py["fns"].keys() - cs["fns"].keys()
    disagree = []
    for arn in cs["fns"].keys() & py["fns"].keys():
        (v, reason), (mode, unsup) = cs["fns"][arn], py["fns"][arn]
        if reason == "unsupported-source":
            good = bool(unsup)
        elif reason == "active":
            good = mode == "Active"
        elif reason in ("passthrough", "absent"):
            good = mode == ("PassThrough" if reason == "passthrough" else None) and not unsup
        else:
            good = False
        if not good:
            disagree.append((arn, v, reason, mode, unsup))
    same = not only_cs and not only_py and not disagree
    ca, cna = active_counts(cs)
    pa, pna = active_counts(py)
    unsup_cs = sum(1 for v in cs["fns"].values() if v[1] == "unsupported-source")
    print(f"| same functions and modes as boto3 | {len(only_cs)} only in cloudsift, {len(only_py)} only in boto3, "
          f"{len(disagree)} disagree; Active {ca} vs {pa}, not Active {cna} vs {pna} "
          f"(cloudsift NOT_APPLICABLE unsupported-source: {unsup_cs}) | {verdict(same)} |")
    for d in disagree[:5]:
        print(f"|  e.g. {d[0]} | cloudsift {d[1]}/{d[2]}, boto3 mode {d[3]} sources {d[4]} | |")
sys.exit(0 if ok else 1)
EOF
