#!/usr/bin/env python3
"""Acceptance test of issue 11 part 5, "scans that ride out throttling", at a small size (CTest `live_throttle`).

Starts the fake AWS endpoint (tests/fakeaws/server.py) with a generated Organization (4 accounts; functions in
3 regions; 4 regions scanned), records its PID and stops it by that PID (SIGTERM, then wait), also
on failure. Then:

1. one fault-free `scan aws --org` run: the reference (JSON, SARIF and text outputs);
2. the faults of the issue, with the fake's deterministic rate selectors: Lambda 1 call in 9 answered 429
   (`TooManyRequestsException`), 1 in 31 HTTP 500, 1 in 53 reset (connection dropped mid-answer), and STS
   AssumeRole 1 call in 3 throttled. The counters run on across the runs, so each run meets the faults at
   other calls;
3. 20 consecutive `scan aws --org` runs: each must exit as the reference did, report no coverage gap, and
   write JSON, SARIF and text outputs byte-identical to the reference's;
4. the budgets: with `--max-attempts 2 --max-throttle-attempts 5` a throttle that clears after 3 answers is
   ridden out in 4 attempts (more than 2); with `--max-attempts 2` (a cap you give caps throttling
   too) the same fault is a gap after exactly 2 attempts; a region whose calls keep failing (HTTP 500 on every
   call) is a gap `retries-exhausted` after exactly 5 attempts (the default), and one throttled on every call with
   `--max-throttle-attempts 4` after exactly 4, while every other region's findings stay exactly the reference's.

Prints per-run wall time and retries (non-2xx answers in the fake's request log). No secret reaches an output.

Usage: live_throttle_test.py --binary build/cloudsift [--runs 20] [-v]
Exit 0 all passed, 1 any failed, 77 botocore missing.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import botocore  # noqa: F401 - the fake endpoint re-signs requests with botocore
except ImportError:
    print("SKIP: botocore not installed (the fake endpoint needs it)")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(ROOT, "tests", "fakeaws", "server.py")

# The generated world's management account and its key (tests/fakeaws/README.md, "--generate").
MGMT_ID = "100000000001"
KEY = ("AKIAGEN0000000000000", "gen-secret-00-" + "x" * 28)
WORLD = {"accounts": 4, "regions": 3, "functions_per_region": 60, "empty_region_every": 5}
# The scanned regions: the 3 with functions (one empty in one account) and one empty everywhere.
REGIONS = "us-east-1,us-east-2,us-west-1,us-west-2"
LAMBDA_FAULTS = [
    {"kind": "throttle", "service": "lambda", "every": 9, "retry_after": None},
    {"kind": "error", "service": "lambda", "status": 500, "every": 31, "offset": 4},
    {"kind": "reset", "service": "lambda", "every": 53, "offset": 7},
]
STS_FAULTS = [{"kind": "throttle", "service": "sts", "operation": "AssumeRole", "every": 3, "retry_after": None}]
OUTPUTS = ("r.json", "r.sarif", "stdout.txt")

VERBOSE = False


class Fake:
    def __init__(self, tmp: str, world=None, extra=()):
        self.dir = os.path.join(tmp, "fake")
        os.makedirs(self.dir)
        self.err = open(os.path.join(self.dir, "stderr"), "w")
        args = [sys.executable, SERVER, "--port", "0", "--pid-file", os.path.join(self.dir, "pid"),
                "--generate", json.dumps(world or WORLD), *extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.pid = self.proc.pid
        ready, _, _ = select.select([self.proc.stdout], [], [], 120)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith("READY port="):
            self.stop()
            raise RuntimeError(f"fake did not start: {line!r}")
        fields = dict(kv.split("=") for kv in line.split()[1:])
        assert int(fields["pid"]) == self.pid
        self.url = f"http://127.0.0.1:{fields['port']}"

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        self.err.close()

    def ctl(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/__fake" + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def requests(self):
        return self.ctl("GET", "/requests")["requests"]


class Scanner:
    def __init__(self, binary: str, tmp: str, fake: Fake, extra=(), regions=REGIONS):
        self.binary, self.tmp, self.fake, self.n, self.extra = binary, tmp, fake, 0, list(extra)
        self.regions = regions
        self.home = os.path.join(tmp, "home")
        os.makedirs(self.home)

    def run(self, *extra, env_extra=None) -> dict:
        self.n += 1
        d = os.path.join(self.tmp, f"run{self.n:02d}")
        os.makedirs(d)
        cmd = [self.binary, "scan", "aws", "--org", "--regions", self.regions, "--endpoint-url", self.fake.url, "--format",
               f"json:{d}/r.json", "--format", f"sarif:{d}/r.sarif", "--format", "text", *self.extra, *extra]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.path.join(self.home, "none"),
               "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.home, "none"),
               "AWS_ACCESS_KEY_ID": KEY[0], "AWS_SECRET_ACCESS_KEY": KEY[1], **(env_extra or {})}
        self.fake.ctl("DELETE", "/requests")
        t0 = time.monotonic()
        p = subprocess.run(cmd, env=env, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        with open(os.path.join(d, "stdout.txt"), "wb") as fh:
            fh.write(p.stdout)
        files = {}
        for name in OUTPUTS:
            if os.path.exists(os.path.join(d, name)):
                with open(os.path.join(d, name), "rb") as fh:
                    files[name] = fh.read()
        for name, data in list(files.items()) + [("stderr", p.stderr)]:
            assert KEY[1].encode() not in data, f"the secret key is in {name}"
        reqs = self.fake.requests()
        out = {"rc": p.returncode, "files": files, "json": json.loads(files.get("r.json", b"null")), "wall": wall,
               "stderr": p.stderr.decode("utf-8", "replace"), "requests": reqs,
               "retries": sum(1 for r in reqs if r["status"] != 200)}
        if VERBOSE:
            print(f"    $ {' '.join(cmd[3:])} -> {p.returncode} in {wall:.2f}s", flush=True)
        return out


def gaps(run):
    return sorted((g["account"], g["region"], g["cause"]) for g in run["json"]["coverage"]["gaps"])


def results_without(run_json, account, region):
    return [r for r in run_json["results"]
            if (r["properties"].get("account"), r["properties"].get("region")) != (account, region)]


def describe(run):
    return f"exit {run['rc']}, gaps {gaps(run)}, stderr {run['stderr'][-800:]!r}"


def main() -> int:
    global VERBOSE
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--scan-arg", action="append", default=[],
                    help="extra argument for every scan (e.g. --scan-arg=--retry-mode=standard)")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory")
    a = ap.parse_args()
    VERBOSE = a.v
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        print(f"FAIL: binary {binary} not executable")
        return 1
    tmp = tempfile.mkdtemp(prefix="cs-live-throttle-")
    failures = []
    fake = None
    t_start = time.monotonic()

    def check(name, fn):
        t0 = time.monotonic()
        try:
            detail = fn()
            print(f"PASS {name}" + (f" ({detail})" if detail else "") + f" [{time.monotonic() - t0:.1f}s]",
                  flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failures.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)

    try:
        fake = Fake(tmp)
        sc = Scanner(binary, tmp, fake, a.scan_arg)
        ref = sc.run()
        assert ref["rc"] == 1 and not gaps(ref), f"reference run: {describe(ref)}"
        assert ref["retries"] == 0, f"the fault-free run saw {ref['retries']} failed calls"
        n_results = len(ref["json"]["results"])
        regions = {(s["account"], s["region"]) for s in ref["json"]["coverage"]["scanned"]}
        lambda_calls = sum(1 for r in ref["requests"] if r["service"] == "lambda")
        print(f"reference: {n_results} results, {len(regions)} account-regions, {lambda_calls} Lambda calls, "
              f"{len(ref['requests'])} calls in all, {ref['wall']:.2f}s", flush=True)

        stats = {"walls": [], "retries": [], "max_attempt": 0, "by_status": collections.Counter(),
                 "throttled_beyond_3": 0}

        def twenty():
            fake.ctl("POST", "/reset", {})
            fake.ctl("POST", "/faults", LAMBDA_FAULTS + STS_FAULTS)
            bad = []
            for i in range(a.runs):
                run = sc.run()
                stats["walls"].append(run["wall"])
                stats["retries"].append(run["retries"])
                for r in run["requests"]:
                    if r["status"] != 200:
                        stats["by_status"][(r["service"], r["operation"], str(r["status"]))] += 1
                    att = int((r.get("attempt") or "attempt=1").split(";")[0].split("=")[1])
                    stats["max_attempt"] = max(stats["max_attempt"], att)
                    if att > 3:
                        stats["throttled_beyond_3"] += 1
                if run["rc"] != ref["rc"] or gaps(run):
                    bad.append(f"run {i + 1}: {describe(run)}")
                    continue
                diff = [n for n in OUTPUTS if run["files"][n] != ref["files"][n]]
                if diff:
                    bad.append(f"run {i + 1}: {diff} differ from the fault-free run")
            fired = {f"{f['service']}:{f['kind']}": f["fired"] for f in fake.ctl("GET", "/faults")["faults"]}
            assert not bad, "; ".join(bad[:5])
            assert all(fired.values()), f"a fault never fired: {fired}"
            w = sorted(stats["walls"])
            return (f"{a.runs} runs complete and identical; faults fired {fired}; wall median "
                    f"{w[len(w) // 2]:.2f}s max {w[-1]:.2f}s (fault-free {ref['wall']:.2f}s); retries per run "
                    f"{min(stats['retries'])}-{max(stats['retries'])}, mean "
                    f"{sum(stats['retries']) / len(stats['retries']):.1f}; highest attempt {stats['max_attempt']}")
        check(f"{a.runs} consecutive --org scans under Lambda 1/9 429, 1/31 500, 1/53 reset and throttled "
              "AssumeRole: no gap, outputs byte-identical to the fault-free run", twenty)
        if VERBOSE:
            for k, v in sorted(stats["by_status"].items()):
                print(f"    {k}: {v}")

        target = ("100000000002", "us-east-1")  # a member account's region with two pages of functions
        LF = {"service": "lambda", "operation": "ListFunctions", "account": target[0], "region": target[1]}

        def attempts_in_target(run):
            return [r["status"] for r in run["requests"] if r["operation"] == "ListFunctions"
                    and (r["account"], r["region"]) == target]

        def one_fault(fault, *args, env_extra=None):
            fake.ctl("POST", "/reset", {})
            fake.ctl("POST", "/faults", [fault])
            return sc.run(*args, env_extra=env_extra)

        def throttle_budget():
            run = one_fault({**LF, "kind": "throttle", "times": 3, "retry_after": None}, "--max-attempts", "2",
                            "--max-throttle-attempts", "5")
            assert run["rc"] == ref["rc"] and not gaps(run), describe(run)
            assert run["files"]["r.json"] == ref["files"]["r.json"], "results differ from the fault-free run"
            st = attempts_in_target(run)
            assert st[:4] == [429, 429, 429, 200], st
            return f"ListFunctions in {target}: {st}"
        check("separate budgets: --max-attempts 2 --max-throttle-attempts 5 ride out a throttle that clears after 3 "
              "answers (4 attempts > 2)",
              throttle_budget)

        def capped(fault, args, n, what):
            def fn():
                run = one_fault(fault, *args)
                assert gaps(run) == [(*target, "retries-exhausted")], describe(run)
                assert run["rc"] == 3, describe(run)
                assert results_without(run["json"], *target) == results_without(ref["json"], *target), \
                    "other regions' results differ from the fault-free run"
                detail = [g["detail"] for g in run["json"]["coverage"]["gaps"]][0]
                st = attempts_in_target(run)
                assert len(st) == n, f"{len(st)} attempts, expected {n}: {st}"
                assert what in detail, detail
                return f"{len(st)} attempts; {detail}"
            return fn
        check("--max-attempts 2 caps throttling too: gap retries-exhausted after exactly 2 attempts",
              capped({**LF, "kind": "throttle", "times": 3, "retry_after": None}, ["--max-attempts", "2"], 2,
                     "TooManyRequestsException"))
        check("a region answering HTTP 500 to every call: gap retries-exhausted after exactly 5 attempts (default)",
              capped({**LF, "kind": "error", "status": 500}, [], 5, "ServiceException"))
        check("a region throttled on every call, --max-throttle-attempts 4: gap retries-exhausted after 4",
              capped({**LF, "kind": "throttle", "retry_after": None}, ["--max-throttle-attempts", "4"], 4,
                     "TooManyRequestsException"))

        def modes():
            counts = {}
            for label, args, env in (("default", [], None), ("--retry-mode standard", ["--retry-mode", "standard"], None),
                                     ("AWS_RETRY_MODE=standard", [], {"AWS_RETRY_MODE": "standard"}),
                                     ("AWS_RETRY_MODE=standard --retry-mode adaptive", ["--retry-mode", "adaptive"],
                                      {"AWS_RETRY_MODE": "standard"})):
                run = one_fault({**LF, "kind": "throttle", "times": 1, "retry_after": None}, "--debug", *args,
                                env_extra=env)
                assert run["rc"] == ref["rc"] and not gaps(run), describe(run)
                counts[label] = run["stderr"].count("rate limited, sent in")
            assert counts["default"] > 0 and counts["AWS_RETRY_MODE=standard --retry-mode adaptive"] > 0, counts
            assert counts["--retry-mode standard"] == 0 and counts["AWS_RETRY_MODE=standard"] == 0, counts
            bad = sc.run(env_extra={"AWS_RETRY_MODE": "bogus"})
            assert bad["rc"] == 2 and "AWS_RETRY_MODE must be adaptive, standard or legacy" in bad["stderr"], \
                describe(bad)
            return f"'rate limited' debug lines after one throttle: {counts}"
        check("retry modes: adaptive (default) paces a throttled endpoint; standard (flag or AWS_RETRY_MODE) "
              "does not; a bad AWS_RETRY_MODE is exit 2", modes)
    except Exception as e:  # noqa: BLE001
        failures.append("setup")
        print(f"FAIL setup: {type(e).__name__}: {e}", flush=True)
    finally:
        if fake is not None:
            fake.stop()
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'FAILED' if failures else 'all passed'} [{time.monotonic() - t_start:.1f}s]")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
