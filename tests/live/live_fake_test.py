#!/usr/bin/env python3
"""End-to-end tests of `cloudsift scan aws` against the fake AWS endpoint (tests/fakeaws/server.py).

Starts its own fake servers on 127.0.0.1 (port 0), records their PIDs and stops them by PID (SIGTERM, then
wait) also on failure. Expected verdicts are derived from the fake's world through boto3 (ListFunctions +
ListEventSourceMappings per enabled region) before any fault is injected; every cloudsift run is then
compared exactly: (ARN -> verdict, reason), coverage gaps/scanned/skipped, exit code, and the text and
SARIF outputs must list the same gaps as the JSON. For every run, stdout, stderr and every output file are
grepped for every secret access key and session token known to the test, including the ones the fake
minted for AssumeRole (the fake is started through a tiny wrapper that logs them to a file).

Usage: live_fake_test.py --binary build/cloudsift [-k SUBSTRING] [-v]
Exit 0 all passed, 1 any failed, 77 boto3/botocore missing.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

try:
    import boto3
    from botocore.config import Config
except ImportError:
    print("SKIP: boto3/botocore not installed")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAKE_DIR = os.path.join(ROOT, "tests", "fakeaws")

MGMT = ("AKIAFAKEMGMT00000001", "mgmt/secret/key/0000000000000000000001")
DEV = ("AKIAFAKEDEV000000002", "dev/secret/key/00000000000000000000002")
# Custom world: a key that carries a session token (as temporary credentials given to the scanner).
TOK = ("ASIAFAKETOKEN0000005", "tok/secret/key/SECRET0000000000000005",
       "IQoJb3JpZ2luX2VjKNOWNTOKEN//tokenvalue+0000000000000000000000000000000005==")
MGMT_ID, DEV_ID, LOCKED_ID, CLOSED_ID, TOK_ID = "111111111111", "222222222222", "333333333333", "444444444444", \
    "555555555555"
STATIC_SECRETS = [MGMT[1], DEV[1], TOK[1], TOK[2]]
MINTED_TOKEN_PREFIX = "FQoGZXIvYXdzE"  # every session token the fake mints starts with this
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})
UNTRACEABLE_SERVICES = ("kafka", "mq", "rds")

# Started instead of server.py: records every minted session's secret key and token (the fake itself never
# reveals them) so that the outputs can be grepped for them.
WRAPPER = r'''
import json, sys
sys.path.insert(0, sys.argv[1])
log = sys.argv[2]
import server
_orig = server.World.mint_session
def _mint(self, *a, **k):
    c = _orig(self, *a, **k)
    with open(log, "a") as fh:
        fh.write(json.dumps([c["SecretAccessKey"], c["SessionToken"]]) + "\n")
    return c
server.World.mint_session = _mint
sys.exit(server.main(sys.argv[3:]))
'''

VERBOSE = False
RESULTS = {"passed": 0, "failed": 0, "failures": []}


# ------------------------------------------------------------------------------------------ fake server

class Fake:
    def __init__(self, tmp: str, name: str, config: dict | None = None, extra=()):
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir)
        self.wrapper = os.path.join(self.dir, "fake_wrapper.py")
        with open(self.wrapper, "w") as fh:
            fh.write(WRAPPER)
        self.minted_log = os.path.join(self.dir, "minted.jsonl")
        self.stderr_path = os.path.join(self.dir, "fake.stderr")
        args = [sys.executable, self.wrapper, FAKE_DIR, self.minted_log, "--port", "0",
                "--pid-file", os.path.join(self.dir, "pid")]
        if config is not None:
            cfg = os.path.join(self.dir, "world.json")
            with open(cfg, "w") as fh:
                json.dump(config, fh)
            args += ["--config", cfg]
        args += list(extra)
        self.err = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.pid = self.proc.pid
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith("READY port="):
            self.stop()
            raise RuntimeError(f"fake did not start: {line!r} {open(self.stderr_path).read()}")
        fields = dict(kv.split("=") for kv in line.split()[1:])
        self.port = int(fields["port"])
        assert int(fields["pid"]) == self.pid
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        self.err.close()
        return self.proc.returncode

    def ctl(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/__fake" + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def reset(self):
        self.ctl("POST", "/reset", {})

    def faults(self, specs):
        if specs:
            self.ctl("POST", "/faults", list(specs))

    def fault_state(self):
        return self.ctl("GET", "/faults")["faults"]

    def requests(self, **filters):
        q = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.ctl("GET", "/requests" + (f"?{q}" if q else ""))["requests"]

    def minted(self) -> list:
        out = []
        if os.path.exists(self.minted_log):
            with open(self.minted_log) as fh:
                for line in fh:
                    out += json.loads(line)
        return out


# ------------------------------------------------------------------------------------------ expectations

_BOTOCORE = None


def boto_session(key, region="us-east-1"):
    """Sessions share one botocore session (loaded service models), so client creation is cheap."""
    global _BOTOCORE
    import botocore.session
    if _BOTOCORE is None:
        _BOTOCORE = botocore.session.get_session()
    return boto3.Session(botocore_session=_BOTOCORE, aws_access_key_id=key[0], aws_secret_access_key=key[1],
                         aws_session_token=key[2] if len(key) > 2 else None, region_name=region)


def assumed_key(fake, key, account, role="OrganizationAccountAccessRole"):
    sts = boto_session(key).client("sts", endpoint_url=fake.url, config=NO_RETRY)
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="expect")["Credentials"]
    return (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def untraceable(m: dict) -> bool:
    src = m.get("EventSourceArn") or ""
    if src.startswith("arn:") and src.split(":")[2] in UNTRACEABLE_SERVICES:
        return True
    if (m.get("SelfManagedEventSource") or {}).get("Endpoints", {}).get("KAFKA_BOOTSTRAP_SERVERS"):
        return True
    return "DocumentDBEventSourceConfig" in m


def expect_account(fake, key, account) -> dict:
    """{region: [expected result dict in listing order]} over the regions DescribeRegions reports enabled."""
    ec2 = boto_session(key).client("ec2", endpoint_url=fake.url, config=NO_RETRY)
    regions = [r["RegionName"] for r in ec2.describe_regions()["Regions"]]
    NOT_ENABLED[account] = [r["RegionName"] for r in ec2.describe_regions(AllRegions=True)["Regions"]
                            if r["OptInStatus"] == "not-opted-in"]
    out = {}
    for region in regions:
        lam = boto_session(key, region).client("lambda", endpoint_url=fake.url, config=NO_RETRY)
        fns = [f for p in lam.get_paginator("list_functions").paginate() for f in p["Functions"]]
        esms = [m for p in lam.get_paginator("list_event_source_mappings").paginate()
                for m in p["EventSourceMappings"]]
        na = {":".join(m["FunctionArn"].split(":")[:7]) for m in esms if untraceable(m)}
        rows = []
        for f in fns:
            mode = (f.get("TracingConfig") or {}).get("Mode")
            if f["FunctionArn"] in na:
                v, r = "NOT_APPLICABLE", "unsupported-source"
            elif mode == "Active":
                v, r = "PASS", "active"
            elif mode == "PassThrough":
                v, r = "FAIL", "passthrough"
            elif mode is None:
                v, r = "FAIL", "absent"
            else:
                v, r = "FAIL", "invalid"
            rows.append({"arn": f["FunctionArn"], "verdict": v, "reason": r, "account": account, "region": region,
                         # cloudsift's runtime property for container-image functions (no Runtime)
                         "runtime": f.get("Runtime", "container image" if f.get("PackageType") == "Image" else ""),
                         "role": f.get("Role", ""), "mode": mode})
        out[region] = rows
    return out


NOT_ENABLED: dict[str, list] = {}  # account -> regions DescribeRegions(AllRegions) reports not-opted-in


class Expect:
    """Expected results of a scan: per (account, region) rows; gaps; skipped."""

    def __init__(self):
        self.regions: dict[tuple, list] = {}
        self.gaps: set = set()
        self.skipped: set = set()  # (account, reason-substring): an account skipped as a whole
        self.skipped_regions: set = set()  # (account, region): a not-enabled region skipped by --regions all

    @staticmethod
    def of(*accounts: dict, account_ids=()) -> "Expect":
        e = Expect()
        for aid, acc in zip(account_ids, accounts):
            for region, rows in acc.items():
                e.regions[(aid, region)] = list(rows)
            e.skipped_regions |= {(aid, r) for r in NOT_ENABLED.get(aid, [])}
        return e

    def copy(self) -> "Expect":
        return copy.deepcopy(self)

    def only_regions(self, regions) -> "Expect":
        """An explicit --regions list: only those regions, nothing skipped for not being enabled."""
        self.regions = {k: v for k, v in self.regions.items() if k[1] in regions}
        self.skipped_regions = set()
        return self

    def gap(self, account, region, cause, keep=0, drop=True) -> "Expect":
        """(account, region) becomes a gap; the first `keep` functions (already read) stay in the results;
        drop=False: the results stay (e.g. a fallback region list was scanned)."""
        self.gaps.add((account, region, cause))
        if not drop:
            return self
        if region == "*":
            self.skipped_regions = {x for x in self.skipped_regions if x[0] != account}
            for k in [k for k in self.regions if k[0] == account]:
                del self.regions[k]
        elif (account, region) in self.regions:
            rows = self.regions.pop((account, region))
            if keep:
                self.regions[(account, region, "partial")] = rows[:keep]
        return self

    def rows(self):
        return [r for rows in self.regions.values() for r in rows]

    def has_fail(self):
        return any(r["verdict"] == "FAIL" for r in self.rows())


# ------------------------------------------------------------------------------------------ running cloudsift

class Run:
    def __init__(self, cmd, rc, out, err, files, secrets_extra):
        self.cmd, self.rc, self.out, self.err, self.files = cmd, rc, out, err, files
        self.json = None
        self.sarif = None
        if "r.json" in files:
            try:
                self.json = json.loads(files["r.json"])
            except ValueError as e:
                raise AssertionError(f"JSON output does not parse: {e}\n{self.describe()}")
        if "r.sarif" in files:
            try:
                self.sarif = json.loads(files["r.sarif"])
            except ValueError as e:
                raise AssertionError(f"SARIF output does not parse: {e}\n{self.describe()}")
        self.secrets_extra = secrets_extra

    def describe(self):
        return (f"command: {' '.join(self.cmd)}\nexit: {self.rc}\nstderr: {self.err[-2000:]!r}\n"
                f"stdout: {self.out[-1500:]!r}")

    @property
    def cov(self):
        return self.json["coverage"]

    def results(self):
        return [r for r in self.json["results"] if r.get("check_id") == "lambda_notracing"]

    def gaps(self):
        return {(g["account"], g["region"], g["cause"]) for g in self.cov["gaps"]}


def base_env(home: str) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.path.join(home, "no-such-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-such-credentials"),
    }


class Scanner:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.home = os.path.join(tmp, "home")
        os.makedirs(self.home, exist_ok=True)
        self.n = 0
        self.fakes: list[Fake] = []
        self.preexec = None  # run in the child before exec (e.g. a memory limit)

    def run(self, fake: Fake | None, args, key=DEV, env=None, formats=True, endpoint=True, timeout=90,
            stderr_tty=False) -> Run:
        self.n += 1
        d = os.path.join(self.tmp, f"run{self.n:03d}")
        os.makedirs(d)
        cmd = [self.binary, "scan", "aws"]
        if endpoint and fake is not None:
            cmd += ["--endpoint-url", fake.url]
        cmd += list(args)
        if formats:
            cmd += ["--format", f"json:{d}/r.json", "--format", f"sarif:{d}/r.sarif", "--format", "text"]
        e = base_env(self.home)
        if key is not None:
            e["AWS_ACCESS_KEY_ID"] = key[0]
            e["AWS_SECRET_ACCESS_KEY"] = key[1]
            if len(key) > 2:
                e["AWS_SESSION_TOKEN"] = key[2]
        e.update(env or {})
        if stderr_tty:
            master, slave = pty.openpty()
            p = subprocess.Popen(cmd, env=e, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
                                 preexec_fn=self.preexec)
            os.close(slave)
            chunks = []
            t_end = time.monotonic() + timeout
            while True:
                r, _, _ = select.select([master], [], [], 0.2)
                if r:
                    try:
                        b = os.read(master, 65536)
                    except OSError:
                        b = b""
                    if not b:
                        break
                    chunks.append(b)
                elif p.poll() is not None:
                    break
                if time.monotonic() > t_end:
                    p.kill()
                    break
            out = p.stdout.read().decode("utf-8", "replace")
            p.wait()
            os.close(master)
            rc, err = p.returncode, b"".join(chunks).decode("utf-8", "replace")
        else:
            try:
                p = subprocess.run(cmd, env=e, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                                   preexec_fn=self.preexec)
            except subprocess.TimeoutExpired as ex:
                raise AssertionError(f"cloudsift timed out after {timeout}s: {' '.join(cmd)}\n"
                                     f"stderr: {(ex.stderr or b'')[-2000:]!r}")
            rc, out, err = p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        files = {}
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as fh:
                files[name] = fh.read().decode("utf-8", "replace")
        run = Run(cmd, rc, out, err, files, list(key[1:]) if key else [])
        if VERBOSE:
            print(f"    $ {' '.join(cmd)}  -> {rc}", flush=True)
        self.check_secrets(run)
        return run

    def check_secrets(self, run: Run):
        secrets = list(STATIC_SECRETS) + list(run.secrets_extra)
        for f in self.fakes:
            secrets += f.minted()
        texts = {"stdout": run.out, "stderr": run.err, **{f"file {k}": v for k, v in run.files.items()}}
        leaks = []
        for where, text in texts.items():
            for s in secrets:
                if s and s in text:
                    leaks.append(f"{where} contains secret {s[:4]}...")
            if MINTED_TOKEN_PREFIX in text:
                leaks.append(f"{where} contains a minted session token ({MINTED_TOKEN_PREFIX}...)")
        if leaks:
            shown = run.describe()
            for s in secrets:
                if s:
                    shown = shown.replace(s, "<SECRET>")
            raise AssertionError("SECRET LEAK: " + "; ".join(sorted(set(leaks))) + "\n" + shown)


# ------------------------------------------------------------------------------------------ assertions

INCOMPLETE_LINE = re.compile(r"^cloudsift: the scan is incomplete: \d+ gaps? in coverage")
GAP_LINE = re.compile(r"^\s*GAP (\S+)(?: \([^)]*\))? (\S+) ([a-z-]+): (.*)$")


def assert_gap_outputs_agree(run: Run):
    """Text (stdout) and SARIF list exactly the JSON's gaps; SARIF coverage == JSON coverage."""
    jg = run.gaps()
    text_gaps = {(m.group(1), m.group(2), m.group(3)) for m in map(GAP_LINE.match, run.out.splitlines()) if m}
    assert text_gaps == jg, f"text GAP lines {sorted(text_gaps)} != JSON gaps {sorted(jg)}\n{run.describe()}"
    s = run.sarif
    assert s is not None, "no SARIF output"
    r0 = s["runs"][0]
    inv = r0["invocations"][0]
    assert inv["executionSuccessful"] is (not jg), \
        f"SARIF executionSuccessful={inv['executionSuccessful']} with {len(jg)} gaps"
    notes = [n for n in inv.get("toolExecutionNotifications", []) if n.get("level") == "error"
             and "cause" in (n.get("properties") or {})]
    sg = {(n["properties"].get("account"), n["properties"].get("region"), n["properties"].get("cause")) for n in notes}
    assert sg == jg and len(notes) == len(run.cov["gaps"]), \
        f"SARIF notifications {sorted(sg)} (n={len(notes)}) != JSON gaps {sorted(jg)}"
    assert r0.get("properties", {}).get("coverage") == run.cov, "SARIF runs[0].properties.coverage != JSON coverage"


def assert_scan(run: Run, exp: Expect, rc: int, caller: str, stderr_empty=True, check_scanned=True):
    assert run.json is not None, f"no JSON output\n{run.describe()}"
    problems = []
    # results: exact (ARN -> verdict, reason), no duplicates
    got = {}
    for r in run.results():
        if r["resource"] in got:
            problems.append(f"duplicate result for {r['resource']}")
        got[r["resource"]] = r
    want = {x["arn"]: x for x in exp.rows()}
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    if missing:
        problems.append(f"{len(missing)} expected results missing, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} unexpected results, e.g. {extra[:3]}")
    wrong = []
    for arn in sorted(set(want) & set(got)):
        w, g = want[arn], got[arn]
        gp = g.get("properties") or {}
        if (g["verdict"], g["reason"]) != (w["verdict"], w["reason"]):
            wrong.append(f"{arn}: want {w['verdict']}/{w['reason']} got {g['verdict']}/{g['reason']}")
        elif g.get("kind") != "live":
            wrong.append(f"{arn}: kind {g.get('kind')!r}")
        elif (gp.get("account"), gp.get("region"), gp.get("role")) != (w["account"], w["region"], w["role"]) or \
                (gp.get("runtime") or "") != w["runtime"]:
            wrong.append(f"{arn}: properties {gp} != account/region/runtime/role "
                         f"{(w['account'], w['region'], w['runtime'], w['role'])}")
    if wrong:
        problems.append(f"{len(wrong)} wrong results: " + "; ".join(wrong[:4]))
    # coverage
    cov = run.cov
    if run.gaps() != exp.gaps:
        problems.append(f"gaps {sorted(run.gaps())} != expected {sorted(exp.gaps)}")
    if cov.get("complete") is not (not exp.gaps):
        problems.append(f"coverage.complete={cov.get('complete')} with expected gaps {sorted(exp.gaps)}")
    if (cov.get("caller") or {}).get("account") != caller:
        problems.append(f"coverage.caller {cov.get('caller')} (want account {caller})")
    if cov.get("partition") != "aws":
        problems.append(f"coverage.partition {cov.get('partition')!r}")
    for g in cov.get("gaps", []):
        if not g.get("detail"):
            problems.append(f"gap without detail: {g}")
    if check_scanned:
        want_scanned = {(a, r, len(rows)) for (a, r, *p), rows in exp.regions.items() if not p}
        got_scanned = {(s["account"], s["region"], s["functions"]) for s in cov.get("scanned", [])}
        gap_keys = {(a, r) for a, r, _ in exp.gaps if r != "*"}
        got_clean = {x for x in got_scanned if (x[0], x[1]) not in gap_keys}
        if got_clean != want_scanned:
            problems.append(f"scanned (outside gaps) differs: missing {sorted(want_scanned - got_clean)[:4]}, "
                            f"extra {sorted(got_clean - want_scanned)[:4]}")
    sk = cov.get("skipped", [])
    got_sk_regions = {(x["account"], x["region"]) for x in sk if "not-opted-in" in x.get("reason", "")}
    got_sk_accounts = {(x["account"], x.get("reason", "")) for x in sk if "not-opted-in" not in x.get("reason", "")}
    if got_sk_regions != exp.skipped_regions:
        problems.append(f"skipped not-enabled regions differ: missing {sorted(exp.skipped_regions - got_sk_regions)[:4]}"
                        f", extra {sorted(got_sk_regions - exp.skipped_regions)[:4]}")
    if {a for a, _ in got_sk_accounts} != {a for a, _ in exp.skipped} or \
            any(not any(a == ga and w.lower() in gr.lower() for ga, gr in got_sk_accounts) for a, w in exp.skipped):
        problems.append(f"skipped accounts {sorted(got_sk_accounts)} != expected {sorted(exp.skipped)}")
    if run.rc != rc:
        problems.append(f"exit {run.rc}, expected {rc}")
    if stderr_empty:
        # non-TTY: no progress; with gaps one summary line is allowed (none with --quiet)
        allowed = INCOMPLETE_LINE if exp.gaps and "--quiet" not in run.cmd else None
        extra_err = [ln for ln in run.err.splitlines() if ln.strip() and not (allowed and allowed.match(ln))]
        if extra_err:
            problems.append(f"unexpected stderr on a non-TTY run: {extra_err[:3]!r}")
    if problems:
        raise AssertionError("\n  ".join(problems) + "\n" + run.describe())
    assert_gap_outputs_agree(run)
    # text lists every failing function by ARN
    fails = [x["arn"] for x in exp.rows() if x["verdict"] == "FAIL"]
    nf = [a for a in fails if a not in run.out]
    assert not nf, f"text output does not list failing ARNs, e.g. {nf[:3]}"


# ------------------------------------------------------------------------------------------ test driver

def check(name, fn, select_filter):
    if select_filter and not any(s in name for s in select_filter):
        return
    t0 = time.monotonic()
    try:
        detail = fn()
        RESULTS["passed"] += 1
        print(f"PASS {name}" + (f" ({detail})" if detail else "") + f" [{time.monotonic() - t0:.1f}s]", flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure and go on
        RESULTS["failed"] += 1
        RESULTS["failures"].append(name)
        msg = f"{type(e).__name__}: {e}"
        print(f"FAIL {name} [{time.monotonic() - t0:.1f}s]\n  " + msg.replace("\n", "\n  ")[:6000], flush=True)
        if VERBOSE:
            traceback.print_exc()


def tok_world() -> dict:
    """Small custom world: one account whose key carries a session token; every tracing/event-source shape."""
    acct = TOK_ID
    return {
        "management_account": acct,
        "regions": ["us-east-1", "eu-west-1", "ap-south-1"],
        "opt_in_regions": ["ap-south-1"],
        "accounts": [{
            "id": acct, "name": "tokens",
            "keys": [{"access_key_id": TOK[0], "secret_access_key": TOK[1], "session_token": TOK[2],
                      "user": "temp"}],
            "functions": {
                "us-east-1": [
                    {"FunctionName": "active", "TracingMode": "Active", "Runtime": "python3.12"},
                    {"FunctionName": "passthrough", "TracingMode": "PassThrough", "Runtime": "nodejs20.x"},
                    {"FunctionName": "no-tracing-config", "OmitTracingConfig": True, "Runtime": "java21"},
                    {"FunctionName": "image-active", "TracingMode": "Active", "PackageType": "Image"},
                    {"FunctionName": "image-pass", "TracingMode": "PassThrough", "PackageType": "Image"},
                    {"FunctionName": "self-kafka", "EventSources": ["kafka"]},
                    {"FunctionName": "mq-active", "TracingMode": "Active", "EventSources": ["mq"]},
                    {"FunctionName": "docdb", "EventSources": ["docdb"]},
                    {"FunctionName": "kinesis", "EventSources": ["kinesis", "dynamodb"]},
                    {"FunctionName": "sqs-and-msk", "EventSources": ["sqs", "msk"]},
                ],
                "eu-west-1": {"generate": 4, "options": {"prefix": "gen", "active_every": 2}},
                "ap-south-1": [{"FunctionName": "invisible", "TracingMode": "PassThrough"}],
            },
        }],
    }


def main() -> int:
    global VERBOSE
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("-k", action="append", default=[], help="run only checks whose name contains this")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory")
    a = ap.parse_args()
    VERBOSE = a.v
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        print(f"FAIL: binary {binary} not executable")
        return 1
    for var in [v for v in os.environ if v.startswith("AWS_")]:
        os.environ.pop(var)
    # (a path that does not exist, not os.devnull: botocore parses whatever /dev/null holds)
    os.environ["AWS_CONFIG_FILE"] = "/nonexistent/cloudsift-live-test/config"
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/cloudsift-live-test/credentials"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    t_start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="cs-live-fake-")
    sc = Scanner(binary, tmp)
    sel = a.k
    try:
        fake = Fake(tmp, "default")
        sc.fakes.append(fake)
        # ---- expectations from the default world (before any fault) ----
        E_dev = expect_account(fake, DEV, DEV_ID)
        E_mgmt = expect_account(fake, MGMT, MGMT_ID)
        fake.reset()

        def dev_exp():
            return Expect.of(E_dev, account_ids=[DEV_ID])

        def org_exp():
            e = Expect.of(E_mgmt, E_dev, account_ids=[MGMT_ID, DEV_ID])
            e.gaps.add((LOCKED_ID, "*", "assume-role-failed"))
            e.skipped.add((CLOSED_ID, "SUSPENDED"))
            return e

        def sanity():
            ue1 = {r["arn"].split(":")[-1]: (r["verdict"], r["reason"]) for r in E_dev["us-east-1"]}
            assert ue1 == {"api": ("PASS", "active"), "worker": ("FAIL", "passthrough"),
                           "kafka-consumer": ("NOT_APPLICABLE", "unsupported-source")}, ue1
            assert len(E_dev["us-west-2"]) == 51 and len(E_dev) == 17, (len(E_dev["us-west-2"]), len(E_dev))
            assert len(E_mgmt) == 18 and len(E_mgmt["us-east-1"]) == 120 and len(E_mgmt["af-south-1"]) == 3
            n = {v: sum(1 for rows in E_dev.values() for r in rows if r["verdict"] == v)
                 for v in ("PASS", "FAIL", "NOT_APPLICABLE")}
            return f"dev expected {n}"
        check("expected results derived from the default world", sanity, sel)

        def case(name, faults=(), args=(), key=DEV, exp=None, rc=None, caller=DEV_ID, post=None, **kw):
            def fn():
                fake.reset()
                fake.faults(list(faults))
                run = sc.run(fake, list(args), key=key, **kw)
                e = exp() if callable(exp) else exp
                want_rc = rc if rc is not None else (3 if e.gaps else (1 if e.has_fail() else 0))
                assert_scan(run, e, want_rc, caller)
                if faults:
                    unfired = [f for f in fake.fault_state() if f["fired"] == 0]
                    assert not unfired, f"fault(s) never fired (test did not exercise them): {unfired}"
                return post(run) if post else None
            check(name, fn, sel)

        # ---- clean scans ----
        case("clean dev-account scan (17 regions, exact verdicts), exit 1", exp=dev_exp)
        case("clean dev scan --quiet: empty stderr", args=["--quiet"], exp=dev_exp)
        case("--regions us-east-1,us-west-2 limits the scan", args=["--regions", "us-east-1,us-west-2"],
             exp=lambda: dev_exp().only_regions({"us-east-1", "us-west-2"}))
        case("--soft-fail: exit 0 with FAILs", args=["--soft-fail", "--regions", "us-east-1"],
             exp=lambda: dev_exp().only_regions({"us-east-1"}), rc=0)
        case("--fail-on HIGH: LOW-severity FAILs do not fail, exit 0", args=["--fail-on", "HIGH", "--regions", "us-east-1"],
             exp=lambda: dev_exp().only_regions({"us-east-1"}), rc=0)
        case("--check lambda_notracing: same exact results", args=["--check", "lambda_notracing"], exp=dev_exp)
        case("--region HOME via AWS_REGION only changes the home region", args=["--regions", "us-east-1"],
             env={"AWS_REGION": "eu-west-1"}, exp=lambda: dev_exp().only_regions({"us-east-1"}))

        def clean_counts(run):
            lf = fake.requests(operation="ListFunctions")
            pages = {}
            for r in lf:
                pages[r["region"]] = pages.get(r["region"], 0) + 1
            assert pages.get("us-west-2") == 2 and pages.get("us-east-1") == 1 and len(pages) == 17, pages
            bad = [r for r in fake.requests() if r["status"] != 200]
            assert not bad, f"non-200 calls in a clean scan: {bad[:3]}"
            return "2 pages in us-west-2, 1 call per other region, all 200"
        case("clean scan: ListFunctions paged at 50, no failed calls", exp=dev_exp, post=clean_counts)

        # ---- organization ----
        def org_post(run):
            bad = [r for r in fake.requests(service="lambda") if r["account"] in (LOCKED_ID, CLOSED_ID)]
            assert not bad, f"lambda calls into skipped/refusing accounts: {bad[:2]}"
            ar = fake.requests(operation="AssumeRole")
            assert len(ar) >= 2, f"expected AssumeRole for 222 and 333, got {len(ar)}"
            g = [x for x in run.cov["gaps"] if x["account"] == LOCKED_ID]
            assert g and g[0].get("account_name") == "locked", g
            return f"{len(ar)} AssumeRole calls"
        case("--org from management keys: 333 assume-role-failed gap '*', 444 skipped, exit 3",
             args=["--org"], key=MGMT, caller=MGMT_ID, exp=org_exp, post=org_post)
        case("--org --allow-partial: exit 1 (FAILs)", args=["--org", "--allow-partial"], key=MGMT, caller=MGMT_ID,
             exp=org_exp, rc=1)
        case("--org --allow-partial --soft-fail: exit 0", args=["--org", "--allow-partial", "--soft-fail"],
             key=MGMT, caller=MGMT_ID, exp=org_exp, rc=0)
        def org_exp_no_locked():
            e = org_exp()
            e.gaps.clear()
            e.skipped.add((LOCKED_ID, "exclude"))
            return e
        case("--org --exclude-accounts 333333333333: complete", key=MGMT, caller=MGMT_ID,
             args=["--org", "--exclude-accounts", LOCKED_ID], exp=org_exp_no_locked)

        def one_assume(run):
            ar = fake.requests(operation="AssumeRole")
            assert len(ar) == 1, f"AssumeRole calls: {len(ar)} (one expected)"
            assert not fake.requests(service="lambda", account=MGMT_ID), "scanned the caller's account too"
        case("--accounts 222222222222 from management keys: assumed role, only that account",
             args=["--accounts", DEV_ID], key=MGMT, caller=MGMT_ID, exp=dev_exp, post=one_assume)

        # ---- fault table ----
        LF = {"service": "lambda", "operation": "ListFunctions"}
        ESM = {"service": "lambda", "operation": "ListEventSourceMappings"}

        def retry_after_honoured(run):
            rs = fake.requests(operation="ListFunctions", region="us-east-1")
            assert [r["status"] for r in rs] == [429, 200], [r["status"] for r in rs]
            dt_ = rs[1]["time"] - rs[0]["time"]
            assert dt_ >= 0.9, f"retried after {dt_:.2f}s despite Retry-After: 1"
            return f"retried after {dt_:.2f}s"
        case("fault throttle: Lambda 429 + Retry-After 1, once -> full results, Retry-After honoured",
             faults=[{**LF, "kind": "throttle", "region": "us-east-1", "times": 1, "retry_after": 1}],
             exp=dev_exp, post=retry_after_honoured)
        case("fault throttle: ListEventSourceMappings 429 twice (Retry-After 0) -> full results",
             faults=[{**ESM, "kind": "throttle", "region": "us-west-2", "times": 2, "retry_after": 0}], exp=dev_exp)
        case("fault throttle: ThrottlingException 400 override once -> full results",
             faults=[{**LF, "kind": "throttle", "region": "us-west-2", "times": 1, "retry_after": 0,
                      "code": "ThrottlingException", "status": 400}], exp=dev_exp)
        case("fault throttle: STS Throttling on AssumeRole once -> complete",
             faults=[{"kind": "throttle", "service": "sts", "operation": "AssumeRole", "times": 1, "retry_after": 0}],
             args=["--accounts", DEV_ID], key=MGMT, caller=MGMT_ID, exp=dev_exp)
        case("fault throttle: EC2 RequestLimitExceeded on DescribeRegions once -> complete",
             faults=[{"kind": "throttle", "service": "ec2", "operation": "DescribeRegions", "times": 1,
                      "retry_after": 0}], exp=dev_exp)
        case("fault throttle: Organizations ListAccounts once -> complete org",
             faults=[{"kind": "throttle", "service": "organizations", "operation": "ListAccounts", "times": 1,
                      "retry_after": 0}], args=["--org"], key=MGMT, caller=MGMT_ID, exp=org_exp)
        case("fault error 500 once -> full results",
             faults=[{**LF, "kind": "error", "status": 500, "region": "us-east-1", "times": 1}], exp=dev_exp)
        case("fault error 503 once (ListEventSourceMappings) -> full results",
             faults=[{**ESM, "kind": "error", "status": 503, "region": "us-west-2", "times": 1}], exp=dev_exp)

        def n_attempts(n):
            def post(run):
                rs = fake.requests(operation="ListFunctions", region="us-east-1")
                assert len(rs) == n, f"{len(rs)} ListFunctions attempts in us-east-1, expected {n}"
                return f"{n} attempts"
            return post
        case("fault error 500 permanent -> gap retries-exhausted, 5 attempts (default)",
             faults=[{**LF, "kind": "error", "status": 500, "region": "us-east-1"}],
             exp=lambda: dev_exp().gap(DEV_ID, "us-east-1", "retries-exhausted"), post=n_attempts(5))
        case("fault error 503 permanent + --max-attempts 2 -> gap retries-exhausted, 2 attempts",
             faults=[{**LF, "kind": "error", "status": 503, "region": "us-east-1"}],
             args=["--max-attempts", "2"],
             exp=lambda: dev_exp().gap(DEV_ID, "us-east-1", "retries-exhausted"), post=n_attempts(2))
        case("fault error 500 permanent + --max-attempts 4 -> 4 attempts",
             faults=[{**LF, "kind": "error", "status": 500, "region": "us-east-1"}], args=["--max-attempts", "4"],
             exp=lambda: dev_exp().gap(DEV_ID, "us-east-1", "retries-exhausted"), post=n_attempts(4))
        case("fault throttle permanent + --max-attempts 1 -> gap retries-exhausted, 1 attempt",
             faults=[{**LF, "kind": "throttle", "region": "us-east-1", "retry_after": 0}], args=["--max-attempts", "1"],
             exp=lambda: dev_exp().gap(DEV_ID, "us-east-1", "retries-exhausted"), post=n_attempts(1))
        case("fault reset once -> full results",
             faults=[{**LF, "kind": "reset", "region": "us-west-2", "times": 1}], exp=dev_exp)
        case("fault reset permanent -> gap retries-exhausted",
             faults=[{**LF, "kind": "reset", "region": "us-west-2"}],
             exp=lambda: dev_exp().gap(DEV_ID, "us-west-2", "retries-exhausted"))
        case("fault truncate once -> full results",
             faults=[{**LF, "kind": "truncate", "region": "us-west-2", "times": 1}], exp=dev_exp)
        case("fault truncate permanent on page 2 -> gap retries-exhausted, page 1's 50 functions kept",
             faults=[{**LF, "kind": "truncate", "region": "us-west-2", "after": 1}],
             exp=lambda: dev_exp().gap(DEV_ID, "us-west-2", "retries-exhausted", keep=50))

        def refreshed(run):
            ar = fake.requests(operation="AssumeRole")
            assert len(ar) == 2, f"AssumeRole calls: {len(ar)} (expected initial + one refresh)"
            return "refreshed once"
        case("fault expired_token once on an assumed-role account -> refreshed, complete",
             faults=[{"kind": "expired_token", "service": "lambda", "account": DEV_ID, "region": "us-west-2",
                      "times": 1}], args=["--accounts", DEV_ID], key=MGMT, caller=MGMT_ID, exp=dev_exp,
             post=refreshed)
        case("fault expired_token permanent on an assumed-role region -> gap expired-token",
             faults=[{"kind": "expired_token", "service": "lambda", "account": DEV_ID, "region": "us-west-2"}],
             args=["--accounts", DEV_ID], key=MGMT, caller=MGMT_ID,
             exp=lambda: dev_exp().gap(DEV_ID, "us-west-2", "expired-token"))
        case("fault access_denied on one region -> that region gap access-denied, others complete, exit 3",
             faults=[{**LF, "kind": "access_denied", "region": "us-west-2"}],
             exp=lambda: dev_exp().gap(DEV_ID, "us-west-2", "access-denied"))
        case("fault access_denied after page 1 -> gap access-denied, page 1 kept",
             faults=[{**LF, "kind": "access_denied", "region": "us-west-2", "after": 1}],
             exp=lambda: dev_exp().gap(DEV_ID, "us-west-2", "access-denied", keep=50))
        case("fault disabled_region during listing -> gap region-not-enabled",
             faults=[{"kind": "disabled_region", "service": "lambda", "region": "eu-west-1"}],
             exp=lambda: dev_exp().gap(DEV_ID, "eu-west-1", "region-not-enabled"))
        case("explicitly requested region not enabled (af-south-1 for dev) -> gap region-not-enabled",
             args=["--regions", "us-east-1,af-south-1"],
             exp=lambda: dev_exp().only_regions({"us-east-1"}).gap(DEV_ID, "af-south-1", "region-not-enabled"))
        case("DescribeRegions access_denied -> gap region-discovery-failed '*'",
             faults=[{"kind": "access_denied", "service": "ec2", "operation": "DescribeRegions"}],
             exp=lambda: dev_exp().only_regions(set(E_dev)).gap(DEV_ID, "*", "region-discovery-failed", drop=False))
        case("DescribeRegions access_denied --quiet: gap, stderr empty",
             faults=[{"kind": "access_denied", "service": "ec2", "operation": "DescribeRegions"}], args=["--quiet"],
             exp=lambda: dev_exp().only_regions(set(E_dev)).gap(DEV_ID, "*", "region-discovery-failed", drop=False))

        def esm_unknown():
            e = dev_exp()
            e.gaps.add((DEV_ID, "us-east-1", "access-denied"))
            for r in e.regions[(DEV_ID, "us-east-1")]:
                if r["mode"] != "Active":
                    r["verdict"], r["reason"] = "UNRESOLVED", "event-sources-unknown"
                else:
                    r["verdict"], r["reason"] = "PASS", "active"
            e.regions[(DEV_ID, "us-east-1", "partial")] = e.regions.pop((DEV_ID, "us-east-1"))
            return e
        case("ListEventSourceMappings access_denied -> non-Active UNRESOLVED event-sources-unknown + gap",
             faults=[{**ESM, "kind": "access_denied", "region": "us-east-1"}], exp=esm_unknown)

        def org_list_failed(run):
            # What the scan does beyond the gap is not in the contract: report it.
            return f"exit {run.rc}; results for accounts {sorted({r['properties'].get('account') for r in run.results()})}"

        def org_fail_fn():
            fake.reset()
            fake.faults([{"kind": "access_denied", "service": "organizations", "operation": "ListAccounts"}])
            run = sc.run(fake, ["--org"], key=MGMT)
            assert run.json is not None, run.describe()
            causes = sorted(g["cause"] for g in run.cov["gaps"])
            assert causes == ["org-listing-failed"], f"gap causes {causes}\n{run.describe()}"
            assert run.rc == 3, f"exit {run.rc}\n{run.describe()}"
            assert run.cov["complete"] is False
            extra_err = [ln for ln in run.err.splitlines() if ln.strip() and not INCOMPLETE_LINE.match(ln)]
            assert not extra_err, f"stderr {extra_err[:3]!r}"
            assert_gap_outputs_agree(run)
            return org_list_failed(run)
        check("Organizations ListAccounts AccessDenied with --org -> gap org-listing-failed, exit 3", org_fail_fn, sel)

        def org_fail_partial():
            fake.reset()
            fake.faults([{"kind": "access_denied", "service": "organizations", "operation": "ListAccounts"}])
            run = sc.run(fake, ["--org", "--allow-partial", "--soft-fail"], key=MGMT)
            assert run.rc == 0, f"exit {run.rc}\n{run.describe()}"
        check("ListAccounts AccessDenied with --allow-partial --soft-fail -> exit 0", org_fail_partial, sel)

        # ---- usage / credentials errors ----
        def expect_exit2(args, key, needle, env=None, endpoint=True):
            run = sc.run(fake, args, key=key, env=env, endpoint=endpoint)
            assert run.rc == 2, f"exit {run.rc}, expected 2\n{run.describe()}"
            assert re.search(needle, run.err, re.I), f"stderr does not mention /{needle}/: {run.err[:500]!r}"
            return run.err.strip().splitlines()[-1][:160] if run.err.strip() else ""

        check("bad --endpoint-url (not a URL) -> exit 2 with a clear message",
              lambda: expect_exit2(["--endpoint-url", "not a url"], DEV, r"endpoint", endpoint=False), sel)
        check("bad --endpoint-url (ftp scheme) -> exit 2",
              lambda: expect_exit2(["--endpoint-url", "ftp://127.0.0.1:21"], DEV, r"endpoint", endpoint=False), sel)
        check("bad AWS_ENDPOINT_URL -> exit 2",
              lambda: expect_exit2([], DEV, r"AWS_ENDPOINT_URL", env={"AWS_ENDPOINT_URL": "::bogus"},
                                   endpoint=False), sel)

        def unreachable():
            s = __import__("socket").socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            return expect_exit2(["--endpoint-url", f"http://127.0.0.1:{port}", "--max-attempts", "1"], DEV,
                                r"GetCallerIdentity|connect|caller", endpoint=False)
        check("unreachable endpoint (GetCallerIdentity fails) -> exit 2", unreachable, sel)
        check("no credentials at all -> exit 2", lambda: expect_exit2([], None, r"credential"), sel)
        check("unknown access key (GetCallerIdentity InvalidClientTokenId) -> exit 2",
              lambda: expect_exit2([], ("AKIAUNKNOWN000000000", "unknown/secret/000000000000000000000"),
                                   r"InvalidClientTokenId|caller|GetCallerIdentity|credential"), sel)
        check("wrong secret (SignatureDoesNotMatch) -> exit 2, secret not echoed",
              lambda: expect_exit2([], (DEV[0], MGMT[1]), r"Signature|caller|GetCallerIdentity|credential"), sel)
        check("--max-attempts 0 -> usage error exit 2",
              lambda: expect_exit2(["--max-attempts", "0"], DEV, r"max-attempts"), sel)

        # ---- stderr / progress / debug ----
        def tty_progress():
            run = sc.run(fake, ["--regions", "us-east-1,us-west-2"], stderr_tty=True)
            assert run.rc == 1, run.describe()
            assert run.err.strip(), "no progress on a TTY stderr"
            q = sc.run(fake, ["--regions", "us-east-1,us-west-2", "--quiet"], stderr_tty=True)
            assert q.rc == 1 and not q.err.strip(), f"--quiet on a TTY printed {q.err[:200]!r}"
            return f"progress: {run.err.strip()[-80:]!r}"
        check("TTY stderr shows progress; --quiet on a TTY shows none", tty_progress, sel)

        def debug_redacted():
            fake.reset()
            run = sc.run(fake, ["--accounts", DEV_ID, "--regions", "us-east-1", "--debug"], key=MGMT)
            assert run.rc == 1, run.describe()
            problems = []
            if not re.search(r"^\[debug\] > Authorization: \*\*\*$", run.err, re.M):
                problems.append("Authorization header not logged as '***'")
            if not re.search(r"^\[debug\] > X-Amz-Security-Token: \*\*\*$", run.err, re.M):
                problems.append("assumed-role session token not shown as '***'")
            if "arn:aws:lambda:us-east-1:222222222222:function:api" not in run.err:
                problems.append("response bodies mangled: function ARN with its region not in the debug log")
            if not re.search(r"X-Amz-Date: \d{8}T\d{6}Z", run.err):
                problems.append("X-Amz-Date value mangled")
            if "<Credentials>" not in run.err:
                problems.append("AssumeRole body mangled: no '<Credentials>' element")
            assert not problems, "; ".join(problems) + "\nstderr sample: " + repr(run.err[:1500])
            minted = fake.minted()
            assert minted, "no session minted?"
            return f"{len(run.err.splitlines())} debug lines"
        check("--debug logs requests; secret keys absent, Authorization and session tokens ***", debug_redacted, sel)

        # ---- custom world: temporary credentials with a session token, every event-source shape ----
        tf = Fake(tmp, "tokworld", tok_world())
        sc.fakes.append(tf)
        try:
            E_tok = expect_account(tf, TOK, TOK_ID)
            tf.reset()

            def tok_sanity():
                got = {r["arn"].split(":")[-1]: (r["verdict"], r["reason"]) for r in E_tok["us-east-1"]}
                want = {"active": ("PASS", "active"), "passthrough": ("FAIL", "passthrough"),
                        "no-tracing-config": ("FAIL", "absent"), "image-active": ("PASS", "active"),
                        "image-pass": ("FAIL", "passthrough"),
                        "self-kafka": ("NOT_APPLICABLE", "unsupported-source"),
                        "mq-active": ("NOT_APPLICABLE", "unsupported-source"),
                        "docdb": ("NOT_APPLICABLE", "unsupported-source"), "kinesis": ("FAIL", "passthrough"),
                        "sqs-and-msk": ("NOT_APPLICABLE", "unsupported-source")}
                assert got == want, got
                assert sorted(E_tok) == ["eu-west-1", "us-east-1"], sorted(E_tok)
            check("custom world: expectations (absent, Image, kafka/mq/docdb, kinesis)", tok_sanity, sel)

            def tok_case(name, args, exp, env=None, key=TOK, post=None, faults=()):
                def fn():
                    tf.reset()
                    tf.faults(list(faults))
                    run = sc.run(tf, args, key=key, env=env)
                    e = exp()
                    assert_scan(run, e, 3 if e.gaps else (1 if e.has_fail() else 0), TOK_ID)
                    return post(run) if post else None
                check(name, fn, sel)

            tok_case("custom world: env credentials with session token, complete, exact verdicts", [],
                     lambda: Expect.of(E_tok, account_ids=[TOK_ID]))
            tok_case("custom world: not-opted-in ap-south-1 requested -> gap region-not-enabled",
                     ["--regions", "ap-south-1,eu-west-1"],
                     lambda: Expect.of(E_tok, account_ids=[TOK_ID]).only_regions({"eu-west-1"})
                     .gap(TOK_ID, "ap-south-1", "region-not-enabled"))
            creds_file = os.path.join(tmp, "credentials")
            with open(creds_file, "w") as fh:
                fh.write(f"[tok]\naws_access_key_id = {TOK[0]}\naws_secret_access_key = {TOK[1]}\n"
                         f"aws_session_token = {TOK[2]}\n")
            cfg_file = os.path.join(tmp, "config")
            with open(cfg_file, "w") as fh:
                fh.write("[profile tok]\nregion = eu-west-1\n")

            def prof_fn():
                tf.reset()
                run = sc.run(tf, ["--profile", "tok", "--debug"], key=None,
                             env={"AWS_SHARED_CREDENTIALS_FILE": creds_file, "AWS_CONFIG_FILE": cfg_file})
                assert_scan(run, Expect.of(E_tok, account_ids=[TOK_ID]), 1, TOK_ID, stderr_empty=False)
                assert re.search(r"^\[debug\] > X-Amz-Security-Token: \*\*\*$", run.err, re.M), \
                    "X-Amz-Security-Token not shown as *** in --debug"
                assert re.search(r"^\[debug\] > Authorization: \*\*\*$", run.err, re.M), \
                    "Authorization header not shown as *** in --debug"
                return "profile creds, token redacted"
            check("custom world: --profile from shared credentials file with session token + --debug", prof_fn, sel)
            tok_case("custom world: expired_token on long-term session creds -> gap expired-token",
                     [], lambda: Expect.of(E_tok, account_ids=[TOK_ID]).gap(TOK_ID, "eu-west-1", "expired-token"),
                     faults=[{"kind": "expired_token", "service": "lambda", "region": "eu-west-1"}])
        finally:
            tf.stop()  # stays in sc.fakes: its minted secrets are still grepped for

        # ---- API Gateway REST API stages (apigateway_notracing): exact verdicts per stage ARN, a fault -> gap ----
        ag_key = ("AKIAFAKEAPIGW0000001", "apigw/secret/key/000000000000000000001")
        STATIC_SECRETS.append(ag_key[1])
        ag_id = "555555555555"
        af = Fake(tmp, "apigwworld", {
            "management_account": ag_id, "regions": ["us-east-1", "eu-west-1"], "opt_in_regions": [],
            "accounts": [{"id": ag_id, "name": "apis",
                          "keys": [{"access_key_id": ag_key[0], "secret_access_key": ag_key[1]}],
                          "functions": {"us-east-1": [{"FunctionName": "fn", "TracingMode": "Active"}]},
                          "rest_apis": {
                              # 501 APIs: GetRestApis takes two pages of 500 (position)
                              "us-east-1": [{"id": "aaaaaaaaa1", "name": "orders", "stages": [
                                  {"stageName": "prod", "tracingEnabled": True}, {"stageName": "dev"}]},
                                  {"id": "aaaaaaaaa2", "name": "users", "stages": [
                                      {"stageName": "prod", "tracingEnabled": False}]}]
                              + [{"id": f"gen{i:07d}", "name": f"gen{i}", "stages": []} for i in range(499)],
                              "eu-west-1": [{"id": "bbbbbbbbb1", "name": "eu", "stages": [
                                  {"stageName": "live", "tracingEnabled": True}]}]}}]})
        sc.fakes.append(af)
        try:
            def stage_arn(region, api, stage):
                return f"arn:aws:apigateway:{region}::/restapis/{api}/stages/{stage}"

            def ag_results(run):
                return {r["resource"]: (r["verdict"], r["reason"]) for r in run.json["results"]
                        if r.get("check_id") == "apigateway_notracing"}

            def ag_complete():
                af.reset()
                run = sc.run(af, ["--regions", "us-east-1,eu-west-1"], key=ag_key)
                assert run.rc == 1, run.describe()
                got = ag_results(run)
                want = {stage_arn("us-east-1", "aaaaaaaaa1", "prod"): ("PASS", "active"),
                        stage_arn("us-east-1", "aaaaaaaaa1", "dev"): ("FAIL", "disabled"),
                        stage_arn("us-east-1", "aaaaaaaaa2", "prod"): ("FAIL", "disabled"),
                        stage_arn("eu-west-1", "bbbbbbbbb1", "live"): ("PASS", "active")}
                assert got == want, got
                assert run.cov["gaps"] == [], run.cov["gaps"]
                pages = af.requests(operation="GetRestApis", region="us-east-1")
                assert len(pages) == 2, f"GetRestApis calls in us-east-1: {len(pages)} (2 pages of 500 expected)"
                stages = af.requests(operation="GetStages")
                assert len(stages) == 502, f"GetStages calls: {len(stages)} (one per API expected)"
                props = next(r["properties"] for r in run.json["results"]
                             if r["resource"] == stage_arn("us-east-1", "aaaaaaaaa1", "prod"))
                assert props.get("account") == ag_id and props.get("api") == "orders", props
                return "4 stages of 502 APIs in 2 regions"
            check("API Gateway stages: every stage of every REST API, exact verdicts per stage ARN", ag_complete, sel)

            def ag_fault():
                af.reset()
                af.faults([{"kind": "access_denied", "service": "apigateway", "operation": "GetRestApis",
                            "region": "eu-west-1"}])
                run = sc.run(af, ["--regions", "us-east-1,eu-west-1"], key=ag_key)
                assert run.rc == 3, run.describe()
                assert run.gaps() == {(ag_id, "eu-west-1", "access-denied")}, run.gaps()
                detail = run.cov["gaps"][0]["detail"]
                assert "apigateway:GetRestApis" in detail, detail
                got = ag_results(run)
                assert stage_arn("eu-west-1", "bbbbbbbbb1", "live") not in got and len(got) == 3, got
                # Lambda in eu-west-1 was read: the region is still in the scanned list.
                assert any(x["region"] == "eu-west-1" for x in run.cov["scanned"]), run.cov["scanned"]
                return detail[:80]
            check("API Gateway: GetRestApis AccessDenied in one region -> gap naming apigateway, exit 3", ag_fault, sel)
        finally:
            af.stop()

        # ---- generated org world: ListAccounts paging (25 accounts > 20 per page) ----
        gf = Fake(tmp, "genworld", {"regions": ["us-east-1", "us-east-2"], "opt_in_regions": [], "generate": {
            "accounts": 25, "regions": 2, "functions_per_region": 4, "empty_region_every": 7}})
        sc.fakes.append(gf)
        try:
            gen_keys = [(f"AKIAGEN{i:013d}", f"gen-secret-{i:02d}-" + "x" * 28) for i in range(25)]
            STATIC_SECRETS.extend(k[1] for k in gen_keys)
            ids = [f"{100000000001 + i:012d}" for i in range(25)]
            E_gen = [expect_account(gf, gen_keys[i], ids[i]) for i in range(25)]
            gf.reset()

            def gen_fn():
                run = sc.run(gf, ["--org", "--concurrency", "4"], key=gen_keys[0])
                e = Expect.of(*E_gen, account_ids=ids)
                assert_scan(run, e, 1 if e.has_fail() else 0, ids[0])
                la = gf.requests(operation="ListAccounts")
                ar = gf.requests(operation="AssumeRole")
                assert len(la) == 2, f"ListAccounts calls {len(la)} (2 pages expected)"
                assert len(ar) == 24, f"AssumeRole calls {len(ar)} (24 expected)"
                return f"{len(e.rows())} functions in 25 accounts"
            check("generated org of 25 accounts: ListAccounts paged, 24 roles assumed, exact verdicts", gen_fn, sel)
        finally:
            gf.stop()
    finally:
        for f in sc.fakes:
            f.stop()
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed [{time.monotonic() - t_start:.1f}s]")
    for n in RESULTS["failures"]:
        print(f"  failed: {n}")
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
