#!/usr/bin/env python3
"""End-to-end test of `cloudsift scan aws` against moto_server (the machine's moto, not our fake).

Starts `moto_server -H 127.0.0.1 -p <free port>` itself (PID recorded, stopped by PID with SIGTERM then wait,
also on failure), creates an IAM role and Lambda functions with boto3 in three regions (TracingConfig
Active, PassThrough and none; an SQS event source mapping), then scans two of the regions with cloudsift
and requires the set of (function ARN, tracing mode) it reports to equal what boto3's ListFunctions returns
there. A second scan with `--regions all` must cover exactly the regions moto reports enabled.

moto accepts any credentials; its account is 123456789012. Usage: live_moto_test.py --binary build/cloudsift
Exit 0 passed, 1 failed, 77 boto3 or moto_server missing.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

try:
    import boto3
    from botocore.config import Config
except ImportError:
    print("SKIP: boto3 not installed")
    sys.exit(77)

ACCOUNT = "123456789012"
KEY = ("AKIAMOTOTEST00000001", "moto/secret/KEY/never-printed-0000000001",
       "motoSessionToken/never/printed+0000000000000000000000000001==")
SCAN_REGIONS = ["us-east-1", "eu-west-1"]
OTHER_REGION = "ap-southeast-2"  # has functions but is not in --regions
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})
RESULTS = {"passed": 0, "failed": 0}


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Moto:
    def __init__(self, tmp):
        exe = shutil.which("moto_server")
        cmd = [exe] if exe else None
        if cmd is None:
            try:
                import moto.server  # noqa: F401
                cmd = [sys.executable, "-m", "moto.server"]
            except ImportError:
                print("SKIP: moto_server not found")
                sys.exit(77)
        self.port = free_port()
        self.log = open(os.path.join(tmp, "moto.log"), "w")
        self.proc = subprocess.Popen(cmd + ["-H", "127.0.0.1", "-p", str(self.port)], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=2):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto_server did not start: {open(self.log.name).read()[-2000:]}")
                time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def check(name, fn):
    t0 = time.monotonic()
    try:
        detail = fn()
        RESULTS["passed"] += 1
        print(f"PASS {name}" + (f" ({detail})" if detail else "") + f" [{time.monotonic() - t0:.1f}s]", flush=True)
    except Exception as e:  # noqa: BLE001
        RESULTS["failed"] += 1
        print(f"FAIL {name} [{time.monotonic() - t0:.1f}s]\n  " + f"{type(e).__name__}: {e}".replace("\n", "\n  ")[:5000],
              flush=True)


def code_zip() -> bytes:
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return b.getvalue()


def populate(url) -> dict:
    """Create role + functions; return {region: {arn: mode}} as boto3 lists them."""
    s = boto3.Session(aws_access_key_id=KEY[0], aws_secret_access_key=KEY[1], aws_session_token=KEY[2],
                      region_name="us-east-1")
    iam = s.client("iam", endpoint_url=url, config=NO_RETRY)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    roles = [iam.create_role(RoleName=n, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
             for n in ("lambda-exec", "lambda-exec-2")]
    z = code_zip()
    specs = {
        "us-east-1": [("api", "Active"), ("worker", "PassThrough"), ("legacy", None), ("queue-consumer", None)],
        "eu-west-1": [(f"bulk-{i:02d}", ["Active", "PassThrough", None][i % 3]) for i in range(55)],
        OTHER_REGION: [("elsewhere", "PassThrough")],
    }
    for region, fns in specs.items():
        lam = s.client("lambda", endpoint_url=url, region_name=region, config=NO_RETRY)
        for i, (name, mode) in enumerate(fns):
            kw = dict(FunctionName=name, Runtime=["python3.12", "nodejs20.x"][i % 2], Role=roles[i % 2],
                      Handler="index.handler", Code={"ZipFile": z})
            if mode:
                kw["TracingConfig"] = {"Mode": mode}
            lam.create_function(**kw)
    # an SQS event source mapping (traceable: the verdict stays the tracing mode's)
    sqs = s.client("sqs", endpoint_url=url, config=NO_RETRY)
    q = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s.client("lambda", endpoint_url=url, config=NO_RETRY).create_event_source_mapping(
        EventSourceArn=qarn, FunctionName="queue-consumer")
    listed = {}
    for region in list(specs):
        lam = s.client("lambda", endpoint_url=url, region_name=region, config=NO_RETRY)
        fns = [f for p in lam.get_paginator("list_functions").paginate() for f in p["Functions"]]
        listed[region] = {f["FunctionArn"]: (f.get("TracingConfig") or {}).get("Mode", "absent") for f in fns}
    return listed


def scan(binary, url, tmp, args, n):
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    out = os.path.join(tmp, f"r{n}.json")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": os.path.join(home, "none"), "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "none"),
           "AWS_ACCESS_KEY_ID": KEY[0], "AWS_SECRET_ACCESS_KEY": KEY[1], "AWS_SESSION_TOKEN": KEY[2]}
    cmd = [binary, "scan", "aws", "--endpoint-url", url, *args, "--format", f"json:{out}", "--format", "text"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    body = open(out).read() if os.path.exists(out) else ""
    for where, text in (("stdout", p.stdout), ("stderr", p.stderr), ("json", body)):
        for secret in KEY[1:]:
            assert secret not in text, f"SECRET LEAK in {where}: {' '.join(cmd)}"
    desc = f"command: {' '.join(cmd)}\nexit {p.returncode}\nstderr: {p.stderr[-2000:]!r}"
    assert body, f"no JSON written\n{desc}"
    return p, json.loads(body), desc


MODE_OF = {("PASS", "active"): "Active", ("FAIL", "passthrough"): "PassThrough", ("FAIL", "absent"): "absent"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    for var in [v for v in os.environ if v.startswith("AWS_")]:
        os.environ.pop(var)
    # (a path that does not exist, not os.devnull: botocore parses whatever /dev/null holds)
    os.environ["AWS_CONFIG_FILE"] = "/nonexistent/cloudsift-live-test/config"
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/cloudsift-live-test/credentials"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="cs-live-moto-")
    moto = None
    try:
        moto = Moto(tmp)
        print(f"moto_server pid {moto.pid} on {moto.url}", flush=True)
        listed = populate(moto.url)
        want = {(arn, mode) for r in SCAN_REGIONS for arn, mode in listed[r].items()}
        print(f"created: " + ", ".join(f"{r}={len(v)}" for r, v in listed.items()), flush=True)

        def two_regions():
            p, js, desc = scan(binary, moto.url, tmp, ["--regions", ",".join(SCAN_REGIONS)], 1)
            res = [r for r in js["results"] if r.get("check_id") == "lambda_notracing"]
            got = set()
            for r in res:
                key = (r["verdict"], r["reason"])
                assert key in MODE_OF, f"unexpected verdict {key} for {r['resource']}\n{desc}"
                got.add((r["resource"], MODE_OF[key]))
                pr = r.get("properties") or {}
                assert pr.get("account") == ACCOUNT and pr.get("region") in SCAN_REGIONS, pr
            assert len(res) == len(got), f"duplicate results: {len(res)} results, {len(got)} distinct"
            assert got == want, (f"(ARN, mode) differ from boto3: missing {sorted(want - got)[:5]}, "
                                 f"extra {sorted(got - want)[:5]}\n{desc}")
            cov = js["coverage"]
            assert cov["complete"] is True and not cov["gaps"], f"gaps {cov['gaps']}\n{desc}"
            assert cov["caller"]["account"] == ACCOUNT, cov["caller"]
            scanned = {(x["account"], x["region"], x["functions"]) for x in cov["scanned"]}
            assert scanned == {(ACCOUNT, r, len(listed[r])) for r in SCAN_REGIONS}, scanned
            assert p.returncode == 1, f"exit {p.returncode} (FAILs present, complete -> 1)\n{desc}"
            assert not p.stderr.strip(), f"stderr not empty: {p.stderr[:300]!r}"
            return f"{len(got)} functions, set equal to boto3's"
        check("scan --regions us-east-1,eu-west-1: (ARN, mode) set == boto3 list_functions", two_regions)

        def all_regions():
            ec2 = boto3.Session(aws_access_key_id=KEY[0], aws_secret_access_key=KEY[1], region_name="us-east-1") \
                .client("ec2", endpoint_url=moto.url, config=NO_RETRY)
            regs = ec2.describe_regions()["Regions"]
            enabled = {r["RegionName"] for r in regs if r.get("OptInStatus") != "not-opted-in"}
            p, js, desc = scan(binary, moto.url, tmp, ["--regions", "all"], 2)
            cov = js["coverage"]
            got_regions = {x["region"] for x in cov["scanned"]}
            assert cov["complete"] is True and not cov["gaps"], f"gaps {cov['gaps'][:5]}\n{desc}"
            assert got_regions == enabled, (f"scanned regions differ from moto's enabled ones: missing "
                                            f"{sorted(enabled - got_regions)}, extra {sorted(got_regions - enabled)}")
            res = {(r["resource"], MODE_OF.get((r["verdict"], r["reason"]), "?")) for r in js["results"]
                   if r.get("check_id") == "lambda_notracing"}
            all_listed = {(arn, m) for r in listed for arn, m in listed[r].items()}
            assert res == all_listed, f"missing {sorted(all_listed - res)[:4]}, extra {sorted(res - all_listed)[:4]}"
            assert p.returncode == 1, f"exit {p.returncode}\n{desc}"
            return (f"{len(enabled)} enabled of {len(regs)} DescribeRegions entries (moto ignores AllRegions and "
                    f"returns not-opted-in regions too)")
        check("scan --regions all: exactly the regions moto reports enabled, every function", all_regions)
    finally:
        if moto:
            moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed [{time.monotonic() - t0:.1f}s]")
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
