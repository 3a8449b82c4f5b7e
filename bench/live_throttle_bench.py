#!/usr/bin/env python3
"""Throttling benchmark of issue 11 part 5: `cloudsift scan aws --org` against the fake AWS endpoint with and
without the faults of the issue, in both retry modes.

World: a generated Organization (BENCH_WORLD, default 8 accounts x 17 regions x 100 functions, every 5th
account-region empty), BENCH_LATENCY_MS (default 10) added to every AWS call, `--regions all`.
Faults (the fake's deterministic rate selectors; counters run on across runs, so each run meets them at other
calls): Lambda 1 call in 9 answered 429, 1 in 31 HTTP 500, 1 in 53 reset; STS AssumeRole 1 in 3 throttled.

Rows: fault-free; faults with `--retry-mode adaptive` (the default); faults with `--retry-mode standard`;
faults with the policy before issue 11 (`--retry-mode standard --max-attempts 3`: no limiter, and an explicit
--max-attempts caps throttling at 3 attempts like every other error, as before; the quota then still spares
throttling retries, which it did not before). Then a busy endpoint (BENCH_BUSY_WORLD, default 2 accounts x 2
regions x 1500 functions: ~30 pages per listing) limited to BENCH_RATE_LIMIT (default 10) Lambda calls per
sliding second (the fake's time-based `rate_limit` fault, per service, account and region), in both modes:
there a client that slows down meets fewer throttles.
BENCH_RUNS (default 5) runs each; per row: median and max wall time, calls per scan, retries per scan (the
non-2xx answers and resets in the fake's request log: each one was retried, since every run must end
complete), the highest attempt number seen, and whether every run was complete with findings identical to
the fault-free run's. Prints a markdown section on stdout; progress on stderr. Exit 0 when every faulted run
was complete and identical, 1 otherwise.

Usage: bench/live_throttle_bench.py [--binary build/cloudsift]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "live"))
import live_throttle_test as lt  # noqa: E402 - the fake's start/stop by PID and the scan runner


RATE = int(os.environ.get("BENCH_RATE_LIMIT", "10"))
RATE_LIMIT = {"kind": "rate_limit", "service": "lambda", "per_second": RATE, "retry_after": None}


def log(msg):
    print(f"live_throttle_bench: {msg}", file=sys.stderr, flush=True)


def measure(binary, tmp, world, latency, runs, regions, rows_spec):
    """Runs each (label, faults, args) row `runs` times against one fake; the first run of the first row (no
    faults) is the reference. Returns (rows, results per scan, ok)."""
    fake = None
    ok = True
    rows = []
    ref = None
    try:
        fake = lt.Fake(tmp, world=world, extra=["--latency-ms", str(latency), "--prewarm"])
        log(f"fake endpoint pid {fake.pid} on {fake.url}, latency {latency} ms, world {world}")
        sc = lt.Scanner(binary, tmp, fake, regions=regions)
        for label, faults, args in rows_spec:
            fake.ctl("POST", "/reset", {})
            if faults:
                fake.ctl("POST", "/faults", faults)
            walls, calls, retries, max_att, bad = [], [], [], 1, 0
            for i in range(runs):
                run = sc.run(*args)
                walls.append(run["wall"])
                calls.append(len(run["requests"]))
                retries.append(run["retries"])
                for r in run["requests"]:
                    max_att = max(max_att, int((r.get("attempt") or "attempt=1").split(";")[0].split("=")[1]))
                if ref is None:
                    ref = run
                complete = not lt.gaps(run) and run["rc"] == ref["rc"]
                same = run["files"].get("r.json") == ref["files"]["r.json"]
                if not (complete and same):
                    bad += 1
                log(f"{label} run {i + 1}: rc {run['rc']}, {run['wall']:.2f}s, {len(run['requests'])} calls, "
                    f"{run['retries']} retried, gaps {lt.gaps(run)}, identical {same}")
            if "before" not in label:
                ok = ok and bad == 0
            rows.append((label, walls, calls, retries, max_att, bad))
    finally:
        if fake is not None:
            fake.stop()
    return rows, len(ref["json"]["results"]) if ref else 0, ok


def table(rows):
    print("| run | wall median (s) | wall max (s) | calls per scan | retries per scan (min–max, mean) | "
          "highest attempt | complete and identical |")
    print("|---|---|---|---|---|---|---|")
    for label, walls, calls, retries, max_att, bad in rows:
        print(f"| {label} | {statistics.median(walls):.2f} | {max(walls):.2f} | {statistics.median(calls):.0f} | "
              f"{min(retries)}–{max(retries)}, {statistics.mean(retries):.1f} | {max_att} | "
              f"{len(walls) - bad}/{len(walls)} |")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "cloudsift"))
    a = ap.parse_args()
    world = json.loads(os.environ.get("BENCH_WORLD", '{"accounts":8,"regions":17,"functions_per_region":100,'
                                                     '"empty_region_every":5}'))
    busy = json.loads(os.environ.get("BENCH_BUSY_WORLD", '{"accounts":2,"regions":2,"functions_per_region":1500,'
                                                        '"empty_region_every":0}'))
    latency = int(os.environ.get("BENCH_LATENCY_MS", "10"))
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    binary = os.path.abspath(a.binary)
    tmp = tempfile.mkdtemp(prefix="cs-throttle-bench-")
    faults = lt.LAMBDA_FAULTS + lt.STS_FAULTS
    try:
        rows, n_results, ok = measure(binary, os.path.join(tmp, "a"), world, latency, runs, "all", [
            ("fault-free", [], []),
            ("faults, `--retry-mode adaptive` (default)", faults, []),
            ("faults, `--retry-mode standard`", faults, ["--retry-mode", "standard"]),
            ("faults, before (as issue 10: `--retry-mode standard --max-attempts 3`)", faults,
             ["--retry-mode", "standard", "--max-attempts", "3"])])
        rate_rows, busy_results, ok2 = measure(binary, os.path.join(tmp, "b"), busy, latency, runs,
                                               "us-east-1,us-east-2", [
            ("fault-free", [], []),
            (f"limited to {RATE} calls/s, `--retry-mode adaptive` (default)", [RATE_LIMIT], []),
            (f"limited to {RATE} calls/s, `--retry-mode standard`", [RATE_LIMIT], ["--retry-mode", "standard"])])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"### Throttling (issue 11 part 5): fake endpoint, {latency} ms latency")
    print()
    print(f"World {json.dumps(world)}, `scan aws --org --regions all`, {runs} runs per row, {n_results} results "
          "per scan. Faults: Lambda 1 call in 9 → 429, 1 in 31 → HTTP 500, 1 in 53 → reset; STS AssumeRole 1 in "
          "3 → Throttling (`every`, counters running on across runs).")
    print()
    table(rows)
    print()
    print(f"A busy endpoint: world {json.dumps(busy)}, `--regions us-east-1,us-east-2` ({busy_results} results, "
          f"about 30 ListFunctions pages per account-region), the fake's time-based `rate_limit` fault: at most "
          f"{RATE} Lambda calls per sliding second per (account, region), the rest 429.")
    print()
    table(rate_rows)
    return 0 if ok and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
