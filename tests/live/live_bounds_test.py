#!/usr/bin/env python3
"""`cloudsift scan aws` against a hostile or broken endpoint: every bound of a live scan (README "Bounds of a
live scan") is hit through a fault of the fake AWS endpoint (tests/fakeaws/server.py), and each must end as
a coverage gap with its own cause: the scan finishes, the functions already read are kept, the report is
written in every format, the exit code is 3, the wall time is bounded, and nothing crashes or runs out of
memory (each run has a 1 GiB address-space limit unless --sanitized, where ASan needs the address space).

Shares the machinery of live_fake_test.py (fake servers started and stopped by PID, exact expectations
derived with boto3, text / JSON / SARIF gap agreement, secrets grep).

Usage: live_bounds_test.py --binary build/cloudsift [--sanitized] [-k SUBSTRING] [-v]
Exit 0 all passed, 1 any failed, 77 boto3/botocore missing.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import live_fake_test as lf  # noqa: E402 (exits 77 itself when boto3 is missing)

DEV, DEV_ID, MGMT, MGMT_ID = lf.DEV, lf.DEV_ID, lf.MGMT, lf.MGMT_ID
LF = {"service": "lambda", "operation": "ListFunctions"}
ESM = {"service": "lambda", "operation": "ListEventSourceMappings"}
MEMORY_MB = 1024


def gap_detail(run, account, region, cause):
    got = [g["detail"] for g in run.cov["gaps"] if (g["account"], g["region"], g["cause"]) == (account, region, cause)]
    assert len(got) == 1, f"expected one gap {(account, region, cause)}, got {run.cov['gaps']}"
    return got[0]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--sanitized", action="store_true", help="ASan build: no address-space limit, looser times")
    ap.add_argument("-k", action="append", default=[], help="run only checks whose name contains this")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory")
    a = ap.parse_args()
    lf.VERBOSE = a.v
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        print(f"FAIL: binary {binary} not executable")
        return 1
    for var in [v for v in os.environ if v.startswith("AWS_")]:
        os.environ.pop(var)
    os.environ["AWS_CONFIG_FILE"] = "/nonexistent/cloudsift-live-test/config"
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/cloudsift-live-test/credentials"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    slow = 3.0 if a.sanitized else 1.0  # wall-time bounds scale under ASan
    t_start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="cs-live-bounds-")
    sc = lf.Scanner(binary, tmp)
    def limit(mb):
        def set_limit():
            resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))
        return set_limit
    if not a.sanitized:
        sc.preexec = limit(MEMORY_MB)
    sel = a.k
    try:
        fake = lf.Fake(tmp, "default")
        sc.fakes.append(fake)
        E_dev = lf.expect_account(fake, DEV, DEV_ID)
        E_mgmt = lf.expect_account(fake, MGMT, MGMT_ID)
        fake.reset()

        def dev_exp():
            return lf.Expect.of(E_dev, account_ids=[DEV_ID])

        def esm_unknown(region, cause, first_page_read):
            """The mappings of `region` could not all be listed: a gap, and the functions that are not Active
            UNRESOLVED event-sources-unknown, but for those a page already read proved untraceable."""
            def exp():
                e = dev_exp().copy()  # (the rows are shared with E_dev)
                e.gaps.add((DEV_ID, region, cause))
                for r in e.regions[(DEV_ID, region)]:
                    if r["mode"] != "Active" and not (first_page_read and r["verdict"] == "NOT_APPLICABLE"):
                        r["verdict"], r["reason"] = "UNRESOLVED", "event-sources-unknown"
                e.regions[(DEV_ID, region, "partial")] = e.regions.pop((DEV_ID, region))
                return e
            return exp

        def case(name, faults, args, exp, detail, attempts=None, max_seconds=20, key=DEV, caller=DEV_ID,
                 region="us-west-2", op="ListFunctions", gap=None, rc=3):
            """One scan against `faults`: exact results and coverage (assert_scan), exit 3, the gap's exact
            detail in JSON and on its text GAP line, the number of attempts the fake saw, the wall time."""
            def fn():
                fake.reset()
                fake.faults(list(faults))
                t0 = time.monotonic()
                run = sc.run(fake, list(args), key=key, timeout=max(60, 3 * max_seconds * slow))
                wall = time.monotonic() - t0
                e = exp()
                lf.assert_scan(run, e, rc, caller)
                unfired = [f for f in fake.fault_state() if f["fired"] == 0]
                assert not unfired, f"fault(s) never fired: {unfired}"
                g = gap or next(iter(e.gaps))
                got = gap_detail(run, *g)
                if isinstance(detail, re.Pattern):
                    assert detail.fullmatch(got), f"gap detail {got!r} does not match /{detail.pattern}/"
                else:
                    assert got == detail, f"gap detail\n  got  {got!r}\n  want {detail!r}"
                line = f"GAP {g[0]} {g[1]} {g[2]}: {got}"
                assert line in run.out.splitlines(), f"text output lacks the line {line!r}\n{run.out[-1500:]}"
                if attempts is not None:
                    rs = fake.requests(operation=op, region=region)
                    assert len(rs) == attempts, f"{len(rs)} {op} calls in {region}, expected {attempts}"
                assert wall < max_seconds * slow, f"took {wall:.1f}s (bound {max_seconds * slow:.0f}s)"
                return f"{wall:.1f}s"
            lf.check(name, fn, sel)

        # ---- response size ----
        case("huge Content-Length (10^18) with a short body -> response-too-large before any body, not retried",
             [{**LF, "kind": "huge_length", "region": "us-west-2"}], [],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response announces a body larger than "
             "the 16 MiB limit (Content-Length)", attempts=1)
        case("huge Content-Length with --allow-partial -> the same gap, exit 1 (FAILs) instead of 3",
             [{**LF, "kind": "huge_length", "region": "us-west-2"}], ["--allow-partial"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response announces a body larger than "
             "the 16 MiB limit (Content-Length)", attempts=1, rc=1)
        case("huge Content-Length on page 2 -> page 1's 50 functions kept",
             [{**LF, "kind": "huge_length", "region": "us-west-2", "after": 1, "hold_ms": 3000}], [],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large", keep=50),
             "lambda:ListFunctions in us-west-2: response too large: the response announces a body larger than "
             "the 16 MiB limit (Content-Length) (50 functions read before the failure are reported)", attempts=2)
        case("oversized body (64 MiB, chunked, no length) -> cut at the default 16 MiB",
             [{**LF, "kind": "oversized", "region": "us-west-2", "bytes": 64 << 20}], [],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response body exceeds the 16 MiB limit",
             attempts=1)
        case("oversized body with a true Content-Length (2 MiB) and --max-response-size 1MiB",
             [{**LF, "kind": "oversized", "region": "us-west-2", "bytes": 2 << 20, "announce": True}],
             ["--max-response-size", "1MiB"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response announces a body larger than "
             "the 1 MiB limit (Content-Length)", attempts=1)
        case("--max-response-size 32KiB: a real page of 50 functions (~39 KB) is too large, 3 functions are not",
             [], ["--max-response-size", "32KiB"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response announces a body larger than "
             "the 32 KiB limit (Content-Length)", attempts=1)
        case("gzip bomb (1 MiB inflating to 1 GiB) on ListFunctions -> bounded as decoded",
             [{**LF, "kind": "gzip_bomb", "region": "us-west-2", "bytes": 1 << 30}], [],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "response-too-large"),
             "lambda:ListFunctions in us-west-2: response too large: the response body exceeds the 16 MiB limit "
             "once decoded (Content-Encoding)", attempts=1)
        case("gzip bomb on ListEventSourceMappings -> gap, non-Active functions UNRESOLVED event-sources-unknown",
             [{**ESM, "kind": "gzip_bomb", "region": "us-east-1", "bytes": 256 << 20}], [],
             esm_unknown("us-east-1", "response-too-large", False),
             "lambda:ListEventSourceMappings in us-east-1: response too large: the response body exceeds the 16 MiB "
             "limit once decoded (Content-Encoding)", attempts=1, region="us-east-1", op="ListEventSourceMappings")

        def out_of_memory():
            """A bound set above the memory there is: the failed allocation is a failed attempt (retried),
            never an exception through libcurl or an abort."""
            fake.reset()
            fake.faults([{**LF, "kind": "oversized", "region": "us-west-2", "bytes": 2000 << 20}])
            sc.preexec = limit(700)
            try:
                run = sc.run(fake, ["--max-response-size", "1GiB", "--max-attempts", "2"], key=DEV)
            finally:
                sc.preexec = limit(MEMORY_MB)
            lf.assert_scan(run, dev_exp().gap(DEV_ID, "us-west-2", "retries-exhausted"), 3, DEV_ID)
            got = gap_detail(run, DEV_ID, "us-west-2", "retries-exhausted")
            want = ("lambda:ListFunctions in us-west-2: retries exhausted after 2 attempts: transport error: out of "
                    "memory while receiving the response")
            assert got == want, f"gap detail {got!r}"
        if not a.sanitized:
            lf.check("--max-response-size 1GiB under a 700 MiB memory limit -> out of memory is a failed attempt, "
                     "gap retries-exhausted, no abort", out_of_memory, sel)

        # ---- timeouts ----
        case("1 byte per second -> low-speed timeout (--low-speed-time 2), retried, then gap timeout",
             [{**LF, "kind": "slow", "region": "us-west-2", "bytes_per_second": 1}],
             ["--low-speed-time", "2", "--max-attempts", "2"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "timeout"),
             "lambda:ListFunctions in us-west-2: timed out after 2 attempts: Operation too slow. Less than 1024 "
             "bytes/sec transferred the last 2 seconds", attempts=2)
        case("20 bytes per second with --low-speed-limit 1 -> only --request-timeout 3 ends it, gap timeout",
             [{**LF, "kind": "slow", "region": "us-west-2", "bytes_per_second": 20}],
             ["--request-timeout", "3", "--low-speed-limit", "1", "--max-attempts", "1"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "timeout"),
             re.compile(r"lambda:ListFunctions in us-west-2: timed out after 1 attempt: Operation timed out after "
                        r"3\d\d\d milliseconds with \d+ out of \d+ bytes received"), attempts=1)
        case("status line and headers at 1 byte/s on DescribeRegions -> gap timeout '*', standard regions scanned",
             [{"kind": "slow", "service": "ec2", "operation": "DescribeRegions", "phase": "all"}],
             ["--low-speed-time", "2", "--max-attempts", "1"],
             lambda: dev_exp().only_regions(set(E_dev)).gap(DEV_ID, "*", "timeout", drop=False),
             "ec2:DescribeRegions in us-east-1: timed out after 1 attempt: Operation too slow. Less than 1024 "
             "bytes/sec transferred the last 2 seconds; scanned the 17 regions enabled in every account of "
             "partition aws, opt-in regions unknown", attempts=1, region="us-east-1", op="DescribeRegions")

        def assume_timeout():
            e = lf.Expect()
            e.gaps.add((DEV_ID, "*", "timeout"))
            return e
        case("AssumeRole trickling at 1 byte/s -> the account is a gap timeout '*'",
             [{"kind": "slow", "service": "sts", "operation": "AssumeRole"}],
             ["--accounts", DEV_ID, "--low-speed-time", "2", "--max-attempts", "1"], assume_timeout,
             "sts:AssumeRole in us-east-1: timed out after 1 attempt: Operation too slow. Less than 1024 bytes/sec "
             "transferred the last 2 seconds", attempts=1, key=MGMT, caller=MGMT_ID, region="us-east-1",
             op="AssumeRole")

        # ---- pages ----
        case("ever-new ListFunctions markers, --max-pages 25 -> gap too-many-pages after 25 calls, page 1 kept",
             [{**LF, "kind": "endless_pages", "region": "us-west-2"}], ["--max-pages", "25"],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "too-many-pages", keep=50),
             "lambda:ListFunctions in us-west-2: more pages after 25 pages (the --max-pages limit); the listing "
             "stops there (50 functions read before the failure are reported)", attempts=25)
        case("ever-new ListEventSourceMappings markers -> too-many-pages, non-Active UNRESOLVED",
             [{**ESM, "kind": "endless_pages", "region": "us-east-1"}], ["--max-pages", "25"],
             esm_unknown("us-east-1", "too-many-pages", True),
             "lambda:ListEventSourceMappings in us-east-1: more pages after 25 pages (the --max-pages limit); the "
             "listing stops there", attempts=25, region="us-east-1", op="ListEventSourceMappings")
        case("ever-new markers with the default --max-pages (10,000) -> too-many-pages after 10,000 calls",
             [{**LF, "kind": "endless_pages", "region": "us-west-2"}], ["--regions", "us-west-2"],
             lambda: dev_exp().only_regions({"us-west-2"}).gap(DEV_ID, "us-west-2", "too-many-pages", keep=50),
             "lambda:ListFunctions in us-west-2: more pages after 10000 pages (the --max-pages limit); the listing "
             "stops there (50 functions read before the failure are reported)", attempts=10000, max_seconds=90)
        case("a 70,000-byte next-page marker -> gap bad-response, page 1 kept",
             [{**LF, "kind": "endless_pages", "region": "us-west-2", "marker_bytes": 70000}], [],
             lambda: dev_exp().gap(DEV_ID, "us-west-2", "bad-response", keep=50),
             "lambda:ListFunctions in us-west-2: bad response: a next-page marker of 70000 bytes (the limit is "
             "65536) (50 functions read before the failure are reported)", attempts=1)

        def org_exp():
            e = lf.Expect.of(E_mgmt, account_ids=[MGMT_ID])
            e.gaps.add(("*", "*", "too-many-pages"))
            return e
        case("ever-new ListAccounts NextTokens with --org --max-pages 5 -> gap too-many-pages, caller's account "
             "scanned", [{"kind": "endless_pages", "service": "organizations", "operation": "ListAccounts"}],
             ["--org", "--max-pages", "5"], org_exp,
             "organizations:ListAccounts: more pages after 5 pages (the --max-pages limit); the listing stops "
             "there; only the caller's account 111111111111 was scanned", attempts=5, key=MGMT, caller=MGMT_ID,
             region="us-east-1", op="ListAccounts", gap=("*", "*", "too-many-pages"))

        # ---- nothing to scan / usage ----
        def caller_too_large():
            fake.reset()
            fake.faults([{"kind": "huge_length", "service": "sts", "operation": "GetCallerIdentity"}])
            run = sc.run(fake, [], key=DEV)
            assert run.rc == 2, f"exit {run.rc}\n{run.describe()}"
            want = ("cloudsift: cannot establish who the credentials belong to: sts:GetCallerIdentity in us-east-1: "
                    "response too large: the response announces a body larger than the 16 MiB limit "
                    "(Content-Length)")
            assert want in run.err.splitlines(), f"stderr lacks {want!r}: {run.err!r}"
        lf.check("GetCallerIdentity too large -> exit 2 with the reason, no crash", caller_too_large, sel)

        def usage(args, needle):
            def fn():
                run = sc.run(fake, args, key=DEV, formats=False)
                assert run.rc == 2, f"exit {run.rc}\n{run.describe()}"
                assert needle in run.err, f"stderr lacks {needle!r}: {run.err!r}"
            return fn
        for args, needle in [
                (["--max-response-size", "100"], '--max-response-size expects a size from 1KiB to 1GiB (e.g. 16MiB), '
                                                 'got "100"'),
                (["--max-response-size", "2GiB"], "--max-response-size expects a size from 1KiB to 1GiB"),
                (["--max-response-size", "16MB"], "--max-response-size expects a size from 1KiB to 1GiB"),
                (["--request-timeout", "0"], '--request-timeout expects seconds from 1 to 3600, got "0"'),
                (["--low-speed-time", "x"], '--low-speed-time expects seconds from 1 to 3600, got "x"'),
                (["--low-speed-limit", "0"], "--low-speed-limit expects bytes per second from 1 to 1073741824"),
                (["--max-pages", "0"], '--max-pages expects a number from 1 to 1000000, got "0"')]:
            lf.check(f"usage: {' '.join(args)} -> exit 2", usage(args, needle), sel)

        def help_lists_flags():
            run = sc.run(None, ["--help"], key=None, formats=False)
            assert run.rc == 0, run.describe()
            for flag in ("--max-response-size", "--request-timeout", "--low-speed-limit", "--low-speed-time",
                         "--max-pages"):
                assert flag in run.out, f"--help lacks {flag}"
        lf.check("scan aws --help lists the bounds", help_lists_flags, sel)
    finally:
        for f in sc.fakes:
            f.stop()
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{lf.RESULTS['passed']} passed, {lf.RESULTS['failed']} failed [{time.monotonic() - t_start:.1f}s]")
    for n in lf.RESULTS["failures"]:
        print(f"  failed: {n}")
    return 0 if lf.RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
