#!/usr/bin/env python3
"""Self-test of the fake AWS endpoint against real clients (boto3/botocore and the AWS CLI).

Starts tests/fakeaws/server.py itself (127.0.0.1, port 0), runs one check per line, stops every server
it started by PID, prints `N passed, N failed`. Exit 0 all passed, 1 any failed, 77 boto3 missing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import zlib

try:
    import boto3
    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials
    from botocore.exceptions import ClientError, ConnectionClosedError
except ImportError:
    print("SKIP: boto3/botocore not installed")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
MGMT = ("AKIAFAKEMGMT00000001", "mgmt/secret/key/0000000000000000000001")
DEV = ("AKIAFAKEDEV000000002", "dev/secret/key/00000000000000000000002")
ROLE = "OrganizationAccountAccessRole"
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1, "mode": "standard"})

RESULTS = {"passed": 0, "failed": 0}


def check(name):
    def deco(fn):
        t0 = time.monotonic()
        try:
            detail = fn()
            RESULTS["passed"] += 1
            print(f"PASS {name}" + (f" ({detail})" if detail else "") + f" [{time.monotonic() - t0:.2f}s]", flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure and continue
            RESULTS["failed"] += 1
            msg = f"{type(e).__name__}: {e}".replace("\n", " ")[:400]
            print(f"FAIL {name}: {msg}", flush=True)
            if os.environ.get("FAKEAWS_SELFTEST_VERBOSE"):
                traceback.print_exc()
        return fn
    return deco


class Server:
    def __init__(self, *args):
        self.tmp = tempfile.mkdtemp(prefix="fakeaws-")
        self.pid_file = os.path.join(self.tmp, "pid")
        self.port_file = os.path.join(self.tmp, "port")
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--pid-file", self.pid_file, "--port-file", self.port_file, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("READY port="):
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        fields = dict(kv.split("=") for kv in line.split()[1:])
        self.port = int(fields["port"])
        self.pid = int(fields["pid"])
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.proc.returncode

    # control API
    def ctl(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/__fake" + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def fault(self, **spec):
        return self.ctl("POST", "/faults", spec)["faults"][0]

    def requests(self, **filters):
        q = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.ctl("GET", "/requests" + (f"?{q}" if q else ""))["requests"]


def session(key, region="us-east-1", token=None):
    return boto3.Session(aws_access_key_id=key[0], aws_secret_access_key=key[1], aws_session_token=token,
                         region_name=region)


def expect_error(fn, code, status=None):
    try:
        fn()
    except ClientError as e:
        got = e.response["Error"]["Code"]
        st = e.response["ResponseMetadata"]["HTTPStatusCode"]
        if got != code or (status is not None and st != status):
            raise AssertionError(f"expected {code}/{status}, got {got}/{st}")
        return e
    raise AssertionError(f"expected {code}, call succeeded")


def all_functions(client, **kw):
    return [f for page in client.get_paginator("list_functions").paginate(**kw) for f in page["Functions"]]


def once(names, expected_count):
    assert len(names) == len(set(names)), f"duplicates: {len(names) - len(set(names))}"
    assert len(names) == expected_count, f"expected {expected_count}, got {len(names)}"


def main() -> int:
    t_start = time.monotonic()
    for var in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_ENDPOINT_URL", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_DEFAULT_REGION"):
        os.environ.pop(var, None)
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

    @check("refuses a non-loopback bind address")
    def _():
        r = subprocess.run([sys.executable, SERVER, "--host", "0.0.0.0"], capture_output=True, text=True, timeout=20)
        assert r.returncode == 2 and "refusing" in r.stderr, (r.returncode, r.stderr)

    srv = Server()
    ep = srv.url
    try:
        mg = session(MGMT)
        lam = mg.client("lambda", endpoint_url=ep)

        @check("server ready on 127.0.0.1, port/pid files written")
        def _():
            assert open(srv.port_file).read().strip() == str(srv.port)
            assert open(srv.pid_file).read().strip() == str(srv.pid)
            assert srv.ctl("GET", "/health")["pid"] == srv.pid
            return f"port {srv.port}"

        @check("boto3 ListFunctions paginator: 120 functions once each (mgmt us-east-1)")
        def _():
            fns = all_functions(lam)
            once([f["FunctionArn"] for f in fns], 120)
            reqs = srv.requests(operation="ListFunctions", region="us-east-1")
            assert len(reqs) == 3, len(reqs)  # 50 + 50 + 20
            f = fns[0]
            for k in ("FunctionName", "FunctionArn", "Runtime", "Role", "TracingConfig", "Version", "RevisionId"):
                assert k in f, k
            assert f["FunctionArn"] == f"arn:aws:lambda:us-east-1:111111111111:function:{f['FunctionName']}"
            modes = {x["TracingConfig"]["Mode"] for x in fns}
            assert modes == {"Active", "PassThrough"}, modes
            return f"{len(reqs)} pages"

        @check("MaxItems honoured and capped at 50; Marker paging with PageSize 7")
        def _():
            r = lam.list_functions(MaxItems=500)
            assert len(r["Functions"]) == 50 and r.get("NextMarker")
            r = lam.list_functions(MaxItems=7)
            assert len(r["Functions"]) == 7
            fns = all_functions(lam, PaginationConfig={"PageSize": 7})
            once([f["FunctionName"] for f in fns], 120)
            expect_error(lambda: mg.client("lambda", endpoint_url=ep, config=ONE_ATTEMPT).list_functions(
                Marker="not-a-marker"), "InvalidParameterValueException", 400)

        @check("FunctionVersion=ALL lists published versions too")
        def _():
            fns = all_functions(lam, FunctionVersion="ALL")
            latest = [f for f in fns if f["Version"] == "$LATEST"]
            pub = [f for f in fns if f["Version"] != "$LATEST"]
            once([f["FunctionArn"] for f in fns], len(fns))
            assert len(latest) == 120 and len(pub) == 24, (len(latest), len(pub))
            assert all(f["FunctionArn"].endswith(":" + f["Version"]) for f in pub)

        @check("several regions: eu-west-1 (7), opted-in af-south-1 (3), empty us-west-1 (0)")
        def _():
            counts = {r: len(all_functions(session(MGMT, r).client("lambda", endpoint_url=ep)))
                      for r in ("eu-west-1", "af-south-1", "us-west-1")}
            assert counts == {"eu-west-1": 7, "af-south-1": 3, "us-west-1": 0}, counts

        creds = {}

        @check("STS GetCallerIdentity (long-term key)")
        def _():
            r = mg.client("sts", endpoint_url=ep).get_caller_identity()
            assert r["Account"] == "111111111111" and r["Arn"] == "arn:aws:iam::111111111111:user/scanner", r
            assert r["ResponseMetadata"]["RequestId"]

        @check("STS AssumeRole into a member account, then use the session credentials")
        def _():
            r = mg.client("sts", endpoint_url=ep).assume_role(
                RoleArn=f"arn:aws:iam::222222222222:role/{ROLE}", RoleSessionName="cloudsift", DurationSeconds=900)
            c = r["Credentials"]
            assert c["AccessKeyId"].startswith("ASIA") and c["SessionToken"]
            left = (c["Expiration"] - dt.datetime.now(dt.timezone.utc)).total_seconds()
            assert 800 < left <= 900, left
            assert r["AssumedRoleUser"]["Arn"] == "arn:aws:sts::222222222222:assumed-role/" + ROLE + "/cloudsift"
            creds.update(c)
            s2 = session((c["AccessKeyId"], c["SecretAccessKey"]), token=c["SessionToken"])
            ident = s2.client("sts", endpoint_url=ep).get_caller_identity()
            assert ident["Account"] == "222222222222" and "assumed-role" in ident["Arn"], ident
            names = [f["FunctionName"] for f in all_functions(s2.client("lambda", endpoint_url=ep))]
            assert sorted(names) == ["api", "kafka-consumer", "worker"], names
            w = all_functions(session((c["AccessKeyId"], c["SecretAccessKey"]), "us-west-2", c["SessionToken"])
                              .client("lambda", endpoint_url=ep))
            once([f["FunctionName"] for f in w], 51)
            rec = srv.requests(access_key_id=c["AccessKeyId"])
            assert rec and all(x["account"] == "222222222222" for x in rec)

        @check("ListEventSourceMappings paging and FunctionName filter (SQS + MSK)")
        def _():
            s2 = session((creds["AccessKeyId"], creds["SecretAccessKey"]), token=creds["SessionToken"])
            c = s2.client("lambda", endpoint_url=ep)
            pages = list(c.get_paginator("list_event_source_mappings").paginate(PaginationConfig={"PageSize": 1}))
            esms = [e for p in pages for e in p["EventSourceMappings"]]
            assert len(pages) == 2 and len(esms) == 2, (len(pages), len(esms))
            srcs = sorted(e["EventSourceArn"].split(":")[2] for e in esms)
            assert srcs == ["kafka", "sqs"], srcs
            only = c.list_event_source_mappings(FunctionName="kafka-consumer")["EventSourceMappings"]
            assert len(only) == 1 and only[0]["Topics"], only

        @check("AssumeRole refused: account that denies the role, suspended account, unknown role")
        def _():
            sts = mg.client("sts", endpoint_url=ep, config=ONE_ATTEMPT)
            for acct, role in (("333333333333", ROLE), ("444444444444", ROLE), ("222222222222", "NoSuchRole")):
                expect_error(lambda: sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/{role}",
                                                     RoleSessionName="cloudsift"), "AccessDenied", 403)

        @check("Organizations ListAccounts paging (PageSize 1) sees each account once; member denied")
        def _():
            org = mg.client("organizations", endpoint_url=ep)
            pages = list(org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 1}))
            accts = [a for p in pages for a in p["Accounts"]]
            once([a["Id"] for a in accts], 4)
            assert len(pages) == 4
            st = {a["Id"]: a["Status"] for a in accts}
            assert st["444444444444"] == "SUSPENDED" and st["111111111111"] == "ACTIVE", st
            assert isinstance(accts[0]["JoinedTimestamp"], dt.datetime)
            dev = session(DEV).client("organizations", endpoint_url=ep, config=ONE_ATTEMPT)
            expect_error(lambda: dev.list_accounts(), "AccessDeniedException", 400)

        @check("EC2 DescribeRegions: only enabled regions; AllRegions shows opt-in status")
        def _():
            r = mg.client("ec2", endpoint_url=ep).describe_regions()["Regions"]
            names = [x["RegionName"] for x in r]
            assert len(names) == 18 and "af-south-1" in names and "me-south-1" not in names, names
            assert {x["OptInStatus"] for x in r} == {"opt-in-not-required", "opted-in"}
            d = session(DEV).client("ec2", endpoint_url=ep).describe_regions()["Regions"]
            assert len(d) == 17 and "af-south-1" not in [x["RegionName"] for x in d]
            a = session(DEV).client("ec2", endpoint_url=ep).describe_regions(AllRegions=True)["Regions"]
            assert {x["RegionName"]: x["OptInStatus"] for x in a}["af-south-1"] == "not-opted-in"
            f = mg.client("ec2", endpoint_url=ep).describe_regions(
                AllRegions=True, Filters=[{"Name": "opt-in-status", "Values": ["opted-in"]}])["Regions"]
            assert [x["RegionName"] for x in f] == ["af-south-1"], f

        @check("disabled opt-in region fails as AWS does (UnrecognizedClientException / InvalidClientTokenId)")
        def _():
            expect_error(lambda: session(DEV, "af-south-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
                         .list_functions(), "UnrecognizedClientException", 403)
            expect_error(lambda: session(DEV, "me-south-1").client("sts", endpoint_url=ep, config=ONE_ATTEMPT)
                         .get_caller_identity(), "InvalidClientTokenId", 403)

        @check("bad signature rejected: SignatureDoesNotMatch / InvalidSignatureException / AuthFailure")
        def _():
            bad = session((MGMT[0], "not-the-secret"))
            expect_error(lambda: bad.client("lambda", endpoint_url=ep, config=ONE_ATTEMPT).list_functions(),
                         "InvalidSignatureException", 403)
            expect_error(lambda: bad.client("sts", endpoint_url=ep, config=ONE_ATTEMPT).get_caller_identity(),
                         "SignatureDoesNotMatch", 403)
            expect_error(lambda: bad.client("organizations", endpoint_url=ep, config=ONE_ATTEMPT).list_accounts(),
                         "InvalidSignatureException", 400)
            expect_error(lambda: bad.client("ec2", endpoint_url=ep, config=ONE_ATTEMPT).describe_regions(),
                         "AuthFailure", 401)
            expect_error(lambda: session(("AKIANOSUCHKEY0000000", "x")).client(
                "lambda", endpoint_url=ep, config=ONE_ATTEMPT).list_functions(), "UnrecognizedClientException", 403)
            s2 = session((creds["AccessKeyId"], creds["SecretAccessKey"]), token="wrong-token")
            expect_error(lambda: s2.client("sts", endpoint_url=ep, config=ONE_ATTEMPT).get_caller_identity(),
                         "InvalidClientTokenId", 403)

        def raw_send(method, path, body, headers, tamper=None, when=None):
            """Sign with botocore, optionally tamper, send on one keep-alive connection."""
            req = AWSRequest(method=method, url=ep + path, data=body, headers=headers)
            signer = SigV4Auth(Credentials(*MGMT), "sts", "us-east-1")
            if when:
                orig = botocore.auth.get_current_datetime
                botocore.auth.get_current_datetime = lambda: when
                try:
                    signer.add_auth(req)
                finally:
                    botocore.auth.get_current_datetime = orig
            else:
                signer.add_auth(req)
            hdrs = dict(req.headers.items())
            if tamper:
                body = tamper
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            data = r.read()
            return conn, r, data

        @check("tampered body, stale X-Amz-Date rejected; keep-alive reuses one connection")
        def _():
            body = "Action=GetCallerIdentity&Version=2011-06-15"
            h = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
            conn, r, data = raw_send("POST", "/", body, h)
            assert r.status == 200 and b"<Account>111111111111</Account>" in data, data
            sock = conn.sock
            # same connection again
            req = AWSRequest(method="POST", url=ep + "/", data=body, headers=h)
            SigV4Auth(Credentials(*MGMT), "sts", "us-east-1").add_auth(req)
            conn.request("POST", "/", body=body, headers=dict(req.headers.items()))
            r2 = conn.getresponse()
            r2.read()
            assert r2.status == 200 and conn.sock is sock, "connection not kept alive"
            conn.close()
            _, r, data = raw_send("POST", "/", body, h, tamper=body.replace("GetCallerIdentity", "AssumeRole"))
            assert r.status == 403 and b"SignatureDoesNotMatch" in data, data
            old = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(hours=1)
            _, r, data = raw_send("POST", "/", body, h, when=old)
            assert r.status == 403 and b"Signature expired" in data, data

        @check("expired session token -> ExpiredTokenException / ExpiredToken")
        def _():
            sts = mg.client("sts", endpoint_url=ep)
            c = sts.assume_role(RoleArn=f"arn:aws:iam::222222222222:role/{ROLE}", RoleSessionName="short")["Credentials"]
            srv.ctl("POST", "/sessions/expire", {"access_key_id": c["AccessKeyId"]})
            s2 = session((c["AccessKeyId"], c["SecretAccessKey"]), token=c["SessionToken"])
            expect_error(lambda: s2.client("lambda", endpoint_url=ep, config=ONE_ATTEMPT).list_functions(),
                         "ExpiredTokenException", 403)
            expect_error(lambda: s2.client("sts", endpoint_url=ep, config=ONE_ATTEMPT).get_caller_identity(),
                         "ExpiredToken", 400)
            expect_error(lambda: s2.client("ec2", endpoint_url=ep, config=ONE_ATTEMPT).describe_regions(),
                         "RequestExpired", 400)

        one = mg.client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)

        @check("fault: Lambda throttle -> 429 TooManyRequestsException with Retry-After")
        def _():
            srv.fault(kind="throttle", service="lambda", operation="ListFunctions", retry_after=2, times=1)
            e = expect_error(lambda: one.list_functions(), "TooManyRequestsException", 429)
            assert e.response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "2"
            assert e.response.get("Reason") == "CallerRateLimitExceeded", e.response
            one.list_functions()  # fault used up

        @check("fault: throttling codes per protocol (Throttling, ThrottlingException, TooManyRequests, "
               "RequestLimitExceeded)")
        def _():
            srv.fault(kind="throttle", service="sts", times=1)
            expect_error(lambda: mg.client("sts", endpoint_url=ep, config=ONE_ATTEMPT).get_caller_identity(),
                         "Throttling", 400)
            srv.fault(kind="throttle", service="lambda", code="ThrottlingException", status=400, times=1)
            expect_error(lambda: one.list_functions(), "ThrottlingException", 400)
            srv.fault(kind="throttle", service="organizations", times=1)
            expect_error(lambda: mg.client("organizations", endpoint_url=ep, config=ONE_ATTEMPT).list_accounts(),
                         "TooManyRequestsException", 400)
            srv.fault(kind="throttle", service="ec2", times=1)
            expect_error(lambda: mg.client("ec2", endpoint_url=ep, config=ONE_ATTEMPT).describe_regions(),
                         "RequestLimitExceeded", 503)

        @check("fault: 500 and 503")
        def _():
            srv.fault(kind="error", service="lambda", status=500, times=1)
            expect_error(lambda: one.list_functions(), "ServiceException", 500)
            srv.fault(kind="error", service="lambda", status=503, times=1)
            expect_error(lambda: one.list_functions(), "ServiceUnavailableException", 503)
            srv.fault(kind="error", service="sts", status=503, times=1)
            expect_error(lambda: mg.client("sts", endpoint_url=ep, config=ONE_ATTEMPT).get_caller_identity(),
                         "ServiceUnavailable", 503)

        @check("fault: connection reset and truncated body -> ConnectionClosedError")
        def _():
            for kind in ("reset", "truncate"):
                srv.fault(kind=kind, service="lambda", times=1)
                try:
                    one.list_functions()
                except ConnectionClosedError:
                    pass
                else:
                    raise AssertionError(f"{kind}: no ConnectionClosedError")
            one.list_functions()

        @check("fault: truncated body seen raw (Content-Length larger than sent)")
        def _():
            srv.fault(kind="truncate", service="sts", times=1)
            body = "Action=GetCallerIdentity&Version=2011-06-15"
            try:
                _, r, data = raw_send("POST", "/", body, {"Content-Type": "application/x-www-form-urlencoded"})
            except http.client.IncompleteRead as e:
                return f"IncompleteRead after {len(e.partial)} bytes"
            raise AssertionError(f"got full body {r.status}")

        @check("hostile faults: endless_pages, oversized (still valid), huge_length, gzip_bomb, slow")
        def _():
            lam = mg.client("lambda", endpoint_url=ep, region_name="eu-west-1", config=ONE_ATTEMPT)
            srv.fault(kind="endless_pages", service="lambda", operation="ListFunctions", region="eu-west-1")
            markers, pages = set(), 0
            for page in lam.get_paginator("list_functions").paginate():
                pages += 1
                assert len(page["Functions"]) == (7 if pages == 1 else 0), (pages, len(page["Functions"]))
                markers.add(page["NextMarker"])
                if pages == 5:
                    break
            assert len(markers) == 5 and all(m.startswith("endless-") for m in markers), markers
            srv.ctl("DELETE", "/faults")
            srv.fault(kind="oversized", service="lambda", operation="ListFunctions", bytes=2 << 20, announce=True,
                      times=1)
            assert len(lam.list_functions()["Functions"]) == 7  # the padded answer is still the real one
            body = "Action=GetCallerIdentity&Version=2011-06-15"
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            srv.fault(kind="huge_length", service="sts", times=1)
            req = AWSRequest(method="POST", url=ep + "/", data=body, headers=form)
            SigV4Auth(Credentials(*MGMT), "sts", "us-east-1").add_auth(req)

            def raw(read):
                conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
                conn.request("POST", "/", body=body, headers=dict(req.headers.items()))
                r = conn.getresponse()
                try:
                    return r, read(r)
                finally:
                    conn.close()
            r, first = raw(lambda r: r.read(30))
            assert r.getheader("Content-Length") == str(10 ** 18) and first.startswith(b"<GetCallerIdentityResponse"), \
                (r.getheader("Content-Length"), first)
            srv.fault(kind="gzip_bomb", service="sts", bytes=64 << 20, times=1)
            r, data = raw(lambda r: r.read())
            out = zlib.decompressobj(31).decompress(data, 1 << 16)
            assert r.getheader("Content-Encoding") == "gzip" and len(data) < (1 << 20), (r.getheaders(), len(data))
            assert out.startswith(b'{"Padding": "xxxx') and len(out) == 1 << 16, out[:40]
            srv.fault(kind="slow", service="sts", bytes_per_second=50, times=1)
            t0 = time.monotonic()
            r, first = raw(lambda r: r.read(20))  # 5 bytes every 0.1 s
            took = time.monotonic() - t0
            assert took >= 0.25 and first.startswith(b"<GetCallerIdentity"), (took, first)
            return f"{pages} endless pages, 2 MiB padded page parsed, bomb {len(data)} bytes"

        @check("fault: boto3 default retries ride out 2 throttles (3 attempts recorded)")
        def _():
            srv.ctl("DELETE", "/requests")
            srv.fault(kind="throttle", service="lambda", operation="ListFunctions", times=2, retry_after=0)
            r = mg.client("lambda", endpoint_url=ep, config=Config(retries={"mode": "standard", "max_attempts": 5})) \
                .list_functions()
            assert len(r["Functions"]) == 50
            recs = srv.requests(operation="ListFunctions")
            assert [x["status"] for x in recs] == [429, 429, 200], [x["status"] for x in recs]

        @check("fault: nth call only (2nd ListFunctions in eu-west-1 fails, 1st and 3rd succeed)")
        def _():
            eu = session(MGMT, "eu-west-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
            srv.fault(kind="error", status=500, region="eu-west-1", operation="ListFunctions", nth=[2])
            eu.list_functions()
            expect_error(lambda: eu.list_functions(), "ServiceException", 500)
            eu.list_functions()

        def statuses(client, n):
            out = []
            for _ in range(n):
                try:
                    client.list_functions()
                    out.append(200)
                except ClientError as e:
                    out.append(e.response["ResponseMetadata"]["HTTPStatusCode"])
            return out

        @check("fault rate selector: every 3 with offset 1 fires on matching calls 1, 4, 7 (others untouched)")
        def _():
            srv.ctl("DELETE", "/faults")
            eu = session(MGMT, "eu-west-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
            srv.fault(kind="throttle", service="lambda", region="eu-west-1", every=3, offset=1, retry_after=0)
            srv.fault(kind="error", status=500, service="lambda", region="eu-west-1", every=4)
            got = statuses(eu, 8)
            # throttle on 1, 4, 7; the 500 fault counts the same calls and fires on 4 and 8, but on call 4 the
            # throttle (added first) answers
            assert got == [429, 200, 200, 429, 200, 200, 429, 500], got
            st = {f["kind"]: (f["seen"], f["fired"]) for f in srv.ctl("GET", "/faults")["faults"]}
            assert st == {"throttle": (8, 3), "error": (8, 2)}, st
            srv.ctl("DELETE", "/faults")

        @check("fault rate selector: rate 0.3 seed 7 is a fixed function of the call number (same run twice)")
        def _():
            want = [429 if int.from_bytes(hashlib.sha256(f"7:{n}".encode()).digest()[:8], "big") / 2.0 ** 64 < 0.3
                    else 200 for n in range(1, 31)]
            eu = session(MGMT, "eu-west-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
            runs = []
            for _ in range(2):
                srv.ctl("DELETE", "/faults")
                srv.fault(kind="throttle", service="lambda", region="eu-west-1", rate=0.3, seed=7, retry_after=0)
                runs.append(statuses(eu, 30))
            srv.ctl("DELETE", "/faults")
            assert runs[0] == want and runs[1] == want, runs
            assert 3 <= want.count(429) <= 18, want  # the hash is not degenerate
            return f"{want.count(429)}/30 throttled"

        @check("fault rate_limit: 3 calls per second per endpoint, the rest 429; other endpoints apart; refills")
        def _():
            srv.ctl("DELETE", "/faults")
            srv.fault(kind="rate_limit", service="lambda", per_second=3, retry_after=None)
            eu = session(MGMT, "eu-west-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
            t0 = time.monotonic()
            got = statuses(eu, 5)
            other = statuses(session(MGMT, "us-east-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT), 1)
            elapsed = time.monotonic() - t0
            assert elapsed < 0.9, f"too slow for the test to mean anything: {elapsed:.2f}s"
            assert got == [200, 200, 200, 429, 429] and other == [200], (got, other)
            time.sleep(1.05)
            after = statuses(eu, 1)
            st = srv.ctl("GET", "/faults")["faults"][0]
            srv.ctl("DELETE", "/faults")
            assert after == [200], after
            assert (st["seen"], st["fired"]) == (7, 2), st
            try:
                srv.ctl("POST", "/faults", {"kind": "rate_limit"})
                raise AssertionError("rate_limit without per_second accepted")
            except urllib.error.HTTPError as e:
                assert e.code == 400

        @check("fault rate selector: every 0 / rate 1.5 refused with 400")
        def _():
            for bad in ({"every": 0}, {"rate": 1.5}, {"every": "9"}):
                try:
                    srv.ctl("POST", "/faults", {"kind": "throttle", **bad})
                    raise AssertionError(f"accepted {bad}")
                except urllib.error.HTTPError as e:
                    assert e.code == 400, (bad, e.code)
            assert srv.ctl("GET", "/faults")["faults"] == []

        @check("fault: AccessDenied on one region only")
        def _():
            srv.fault(kind="access_denied", service="lambda", region="eu-west-1", account="111111111111")
            eu = session(MGMT, "eu-west-1").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
            e = expect_error(lambda: eu.list_functions(), "AccessDeniedException", 403)
            assert "lambda:ListFunctions" in e.response["Error"]["Message"]
            assert len(one.list_functions()["Functions"]) == 50
            srv.ctl("DELETE", "/faults")
            eu.list_functions()

        @check("fault: disabled region injected at runtime; expired token injected")
        def _():
            srv.fault(kind="disabled_region", region="us-west-2", times=1)
            expect_error(lambda: session(MGMT, "us-west-2").client("lambda", endpoint_url=ep, config=ONE_ATTEMPT)
                         .list_functions(), "UnrecognizedClientException", 403)
            srv.fault(kind="expired_token", service="organizations", times=1)
            expect_error(lambda: mg.client("organizations", endpoint_url=ep, config=ONE_ATTEMPT).list_accounts(),
                         "ExpiredTokenException", 400)
            r = srv.ctl("POST", "/regions", {"account": "222222222222", "opt_in": ["af-south-1"]})
            assert "af-south-1" in r["enabled_regions"]
            session(DEV, "af-south-1").client("lambda", endpoint_url=ep).list_functions()

        @check("fault: latency per call (250 ms)")
        def _():
            srv.fault(kind="latency", ms=250, service="lambda", times=1)
            t = time.monotonic()
            one.list_functions()
            d1 = time.monotonic() - t
            t = time.monotonic()
            one.list_functions()
            d2 = time.monotonic() - t
            assert d1 >= 0.25 and d2 < 0.25, (d1, d2)
            return f"{d1 * 1000:.0f} ms then {d2 * 1000:.0f} ms"

        @check("request log: service/region/account/key recorded, no secrets; reset clears")
        def _():
            recs = srv.requests()
            assert recs
            blob = json.dumps(recs)
            for secret in (MGMT[1], DEV[1], creds["SecretAccessKey"], creds["SessionToken"]):
                assert secret not in blob, "secret leaked into the request log"
            r = [x for x in recs if x["service"] == "lambda" and x["status"] == 200][0]
            for k in ("method", "path", "service", "region", "account", "access_key_id", "operation"):
                assert r.get(k), k
            srv.ctl("POST", "/reset")
            assert srv.requests() == [] and srv.ctl("GET", "/faults")["faults"] == []

        aws = shutil.which("aws")

        def cli(*args, key=MGMT, region="us-east-1"):
            env = dict(os.environ, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1], AWS_DEFAULT_REGION=region,
                       AWS_PAGER="")
            r = subprocess.run([aws, "--endpoint-url", ep, "--output", "json", *args], env=env, capture_output=True,
                               text=True, timeout=60)
            return r

        @check("AWS CLI: lambda list-functions auto-paginates (120 once), page size 7 too")
        def _():
            if not aws:
                raise AssertionError("aws CLI not found")
            r = cli("lambda", "list-functions", "--query", "Functions[].FunctionArn")
            assert r.returncode == 0, r.stderr
            once(json.loads(r.stdout), 120)
            r = cli("lambda", "list-functions", "--page-size", "7", "--region", "eu-west-1",
                    "--query", "Functions[].FunctionName")
            assert r.returncode == 0, r.stderr
            once(json.loads(r.stdout), 7)

        @check("AWS CLI: sts get-caller-identity, organizations list-accounts, ec2 describe-regions, error exit")
        def _():
            r = cli("sts", "get-caller-identity")
            assert r.returncode == 0 and json.loads(r.stdout)["Account"] == "111111111111", r.stderr
            r = cli("organizations", "list-accounts", "--page-size", "1", "--query", "Accounts[].Id")
            assert r.returncode == 0 and len(json.loads(r.stdout)) == 4, (r.stdout, r.stderr)
            r = cli("ec2", "describe-regions", "--query", "Regions[].RegionName")
            assert r.returncode == 0 and len(json.loads(r.stdout)) == 18, r.stderr
            r = cli("sts", "get-caller-identity", key=(MGMT[0], "wrong"))
            assert r.returncode != 0 and "SignatureDoesNotMatch" in r.stderr, r.stderr

        @check("SIGTERM stops the server cleanly (exit 0, pid file removed)")
        def _():
            rc = srv.stop()
            assert rc == 0 and not os.path.exists(srv.pid_file), rc
    finally:
        srv.stop()

    # generated world (benchmark shape, scaled down) with added latency
    gen = Server("--generate", json.dumps({"accounts": 3, "regions": 5, "functions_per_region": 60,
                                           "empty_region_every": 4}), "--latency-ms", "30")
    try:
        @check("generated world: 3 accounts x 5 regions x 60 fns, some regions empty, 30 ms latency")
        def _():
            w = gen.ctl("GET", "/world")
            total = 0
            empty = 0
            mgmt_key = None
            for a in w["accounts"]:
                assert len(a["enabled_regions"]) == 17
                key = (a["access_key_ids"][0], None)
                assert key[0].startswith("AKIAGEN")
                mgmt_key = mgmt_key or key
            # keys for generated accounts follow the documented pattern
            for i, a in enumerate(w["accounts"]):
                k = (f"AKIAGEN{i:013d}", f"gen-secret-{i:02d}-" + "x" * 28)
                for region in ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1"):
                    t = time.monotonic()
                    fns = all_functions(session(k, region).client("lambda", endpoint_url=gen.url))
                    assert time.monotonic() - t >= 0.03
                    once([f["FunctionArn"] for f in fns], a["functions"].get(region, 0))
                    assert len(fns) in (0, 60), len(fns)
                    total += len(fns)
                    empty += not fns
            assert empty > 0 and total == 60 * (15 - empty), (total, empty)
            org = session((f"AKIAGEN{0:013d}", "gen-secret-00-" + "x" * 28)).client("organizations",
                                                                                     endpoint_url=gen.url)
            accts = [x for p in org.get_paginator("list_accounts").paginate() for x in p["Accounts"]]
            assert len(accts) == 3
            return f"{total} functions, {empty} empty regions"
    finally:
        gen.stop()

    # API Gateway REST APIs and stages from a --config world, read with boto3's apigateway client.
    key = ("AKIAFAKEAPIGW0000001", "apigw/secret/key/000000000000000000001")
    world = {"regions": ["us-east-1", "eu-west-1"], "opt_in_regions": [],
             "accounts": [{"id": "555555555555", "name": "apis",
                           "keys": [{"access_key_id": key[0], "secret_access_key": key[1]}],
                           "rest_apis": {"us-east-1": [
                               {"id": "aaaaaaaaa1", "name": "orders", "stages": [
                                   {"stageName": "prod", "tracingEnabled": True}, {"stageName": "dev"}]},
                               {"id": "aaaaaaaaa2", "name": "users", "stages": [
                                   {"stageName": "prod", "tracingEnabled": False}]},
                               {"id": "aaaaaaaaa3", "name": "empty", "stages": []}]}}]}
    tmp = tempfile.mkdtemp(prefix="fakeaws-apigw-")
    cfg = os.path.join(tmp, "world.json")
    with open(cfg, "w") as f:
        json.dump(world, f)
    api_srv = Server("--config", cfg)
    try:
        @check("API Gateway: GetRestApis pages by position (boto3 paginator), GetStages lists every stage")
        def _():
            ag = session(key).client("apigateway", endpoint_url=api_srv.url)
            pages = list(ag.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 2}))
            assert len(pages) == 2, len(pages)
            ids = [a["id"] for p in pages for a in p["items"]]
            assert ids == ["aaaaaaaaa1", "aaaaaaaaa2", "aaaaaaaaa3"], ids
            st = ag.get_stages(restApiId="aaaaaaaaa1")["item"]
            assert [(x["stageName"], x.get("tracingEnabled")) for x in st] == [("prod", True), ("dev", None)], st
            assert ag.get_stages(restApiId="aaaaaaaaa3")["item"] == []
            expect_error(lambda: ag.get_stages(restApiId="nope"), "NotFoundException", 404)
            eu = session(key, "eu-west-1").client("apigateway", endpoint_url=api_srv.url)
            assert eu.get_rest_apis()["items"] == []
            return f"{len(ids)} APIs in 2 pages"

        @check("API Gateway: an access_denied fault on GetRestApis is AccessDeniedException (HTTP 403)")
        def _():
            api_srv.fault(kind="access_denied", service="apigateway", operation="GetRestApis", times=1)
            ag = session(key).client("apigateway", endpoint_url=api_srv.url, config=ONE_ATTEMPT)
            expect_error(lambda: ag.get_rest_apis(), "AccessDeniedException", 403)
    finally:
        api_srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed ({time.monotonic() - t_start:.1f}s)")
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
