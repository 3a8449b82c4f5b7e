#!/usr/bin/env python3
"""Fake AWS endpoint for cloudsift's live-scan tests.

One HTTP/1.1 server on 127.0.0.1 serves Lambda (rest-json), STS (query), Organizations (json 1.1)
and EC2 DescribeRegions (ec2 query) for a configurable world of accounts and regions. Every request
is re-signed with botocore's SigV4Auth and rejected on mismatch. Faults are injected per
(service, operation, account, region, nth call) from the config file or at runtime through the
control API under /__fake/ (see README.md in this directory).

Python 3.11 stdlib + botocore only. Written for this project; botocore is used as the signing oracle.
"""
from __future__ import annotations

import argparse
import base64
import collections
import datetime as dt
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import string
import struct
import sys
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

try:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:  # pragma: no cover - reported at start-up
    SigV4Auth = None

# --------------------------------------------------------------------------------------------
# World model
# --------------------------------------------------------------------------------------------

# Regions enabled by default in every account (no opt-in needed): 17 of them.
DEFAULT_REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
    "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-southeast-1", "ap-southeast-2", "sa-east-1",
]
# Opt-in regions (need opting in per account; disabled otherwise).
OPT_IN_REGIONS = [
    "af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
    "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
    "me-central-1", "me-south-1", "mx-central-1",
]

RUNTIMES = ["python3.12", "nodejs20.x", "java21", "provided.al2023", "python3.11", "nodejs18.x", "go1.x"]
ESM_KINDS = ["sqs", "msk", "kafka", "mq", "docdb", "kinesis", "dynamodb"]
SUPPORTED_SERVICES = ("lambda", "sts", "organizations", "ec2", "apigateway")


def _now() -> float:
    return time.time()


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lambda_time(ts: float) -> str:
    d = dt.datetime.fromtimestamp(ts, dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}+0000"


def _det_hex(*parts, n=32) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:n]


def _det_uuid(*parts) -> str:
    h = _det_hex(*parts, n=32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _esm_source_arn(kind, account, region, name):
    if kind == "sqs":
        return f"arn:aws:sqs:{region}:{account}:{name}-queue"
    if kind == "msk":
        return f"arn:aws:kafka:{region}:{account}:cluster/{name}-cluster/{_det_uuid(name, 'msk')}-1"
    if kind == "mq":
        return f"arn:aws:mq:{region}:{account}:broker:{name}-broker:b-{_det_uuid(name, 'mq')}"
    if kind == "docdb":
        return f"arn:aws:rds:{region}:{account}:cluster:{name}-docdb"
    if kind == "kinesis":
        return f"arn:aws:kinesis:{region}:{account}:stream/{name}-stream"
    if kind == "dynamodb":
        return f"arn:aws:dynamodb:{region}:{account}:table/{name}-table/stream/2024-01-01T00:00:00.000"
    return None  # self-managed kafka has no EventSourceArn


class RegionData:
    """Functions + event source mappings of one (account, region)."""

    def __init__(self, account: str, region: str, functions=None, generated=0, gen_opts=None, esms=None):
        self.account = account
        self.region = region
        self.lock = threading.Lock()
        self._explicit = functions  # list of dict specs or None
        self._generated = generated
        self._gen_opts = gen_opts or {}
        self._esm_explicit = esms or []
        self._cache = None
        # Derived views, rebuilt after a change (invalidate()): per all_versions flag, the listing and each
        # entry's json.dumps text (pages are joined from these, byte-identical to json.dumps of the page).
        self._listings = {}
        self._esm_cache = None
        self._gen = 0
        self.configured = functions is not None or generated > 0 or bool(esms)

    def _build_fn(self, spec: dict, idx: int) -> dict:
        name = spec["FunctionName"]
        acct, region = self.account, self.region
        arn = f"arn:aws:lambda:{region}:{acct}:function:{name}"
        fn = {
            "FunctionName": name,
            "FunctionArn": arn,
            "Runtime": spec.get("Runtime", RUNTIMES[idx % len(RUNTIMES)]),
            "Role": spec.get("Role", f"arn:aws:iam::{acct}:role/service-role/{name}-role"),
            "Handler": spec.get("Handler", "index.handler"),
            "CodeSize": spec.get("CodeSize", 1024 + idx),
            "Description": spec.get("Description", ""),
            "Timeout": spec.get("Timeout", 3),
            "MemorySize": spec.get("MemorySize", 128),
            "LastModified": spec.get("LastModified", _lambda_time(1704067200 + idx * 61)),
            "CodeSha256": spec.get("CodeSha256", base64.b64encode(hashlib.sha256(arn.encode()).digest()).decode()),
            "Version": "$LATEST",
            "TracingConfig": {"Mode": spec.get("TracingMode", spec.get("TracingConfig", {}).get("Mode", "PassThrough"))},
            "RevisionId": spec.get("RevisionId", _det_uuid(arn, "rev")),
            "PackageType": spec.get("PackageType", "Zip"),
            "Architectures": spec.get("Architectures", ["x86_64"]),
            "EphemeralStorage": {"Size": 512},
            "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"},
        }
        if spec.get("PackageType") == "Image":
            fn.pop("Runtime", None)
            fn.pop("Handler", None)
        if spec.get("OmitTracingConfig"):
            fn.pop("TracingConfig", None)
        fn["_versions"] = int(spec.get("Versions", 0))
        fn["_esm"] = list(spec.get("EventSources", []))
        return fn

    def _gen_spec(self, i: int) -> dict:
        o = self._gen_opts
        name = f"{o.get('prefix', 'fn')}-{self.region}-{i:04d}"
        active_every = int(o.get("active_every", 3))
        spec = {
            "FunctionName": name,
            "TracingMode": "Active" if active_every and i % active_every == 0 else "PassThrough",
            "Runtime": RUNTIMES[i % len(RUNTIMES)],
        }
        ve = int(o.get("versions_every", 10))
        if ve and i % ve == 1:
            spec["Versions"] = 2
        ee = int(o.get("esm_every", 25))
        if ee and i % ee < len(ESM_KINDS[:5]) and i // ee % 2 == 0:
            spec["EventSources"] = [ESM_KINDS[i % ee]]
        return spec

    def functions(self) -> list:
        with self.lock:
            if self._cache is None:
                specs = list(self._explicit or [])
                specs += [self._gen_spec(i) for i in range(self._generated)]
                self._cache = [self._build_fn(s, i) for i, s in enumerate(specs)]
            return self._cache

    def invalidate(self):
        """A function changed in place (UpdateFunctionConfiguration): drop the derived views."""
        with self.lock:
            self._listings = {}
            self._esm_cache = None
            self._gen += 1

    def listing(self, all_versions: bool) -> list:
        return self.listing_encoded(all_versions)[0]

    def listing_encoded(self, all_versions: bool) -> tuple:
        """(listing, [json.dumps(entry) ...]), cached; callers must not mutate the entries."""
        with self.lock:
            got = self._listings.get(all_versions)
            gen = self._gen
        if got is not None:
            return got
        out = self._build_listing(all_versions)
        got = (out, [json.dumps(e) for e in out])
        with self.lock:
            if self._gen == gen:
                self._listings[all_versions] = got
        return got

    def _build_listing(self, all_versions: bool) -> list:
        out = []
        for fn in self.functions():
            pub = {k: v for k, v in fn.items() if not k.startswith("_")}
            out.append(pub)
            if all_versions:
                for v in range(1, fn["_versions"] + 1):
                    c = dict(pub)
                    c["Version"] = str(v)
                    c["FunctionArn"] = f"{pub['FunctionArn']}:{v}"
                    c["TracingConfig"] = {"Mode": "PassThrough"}
                    c["RevisionId"] = _det_uuid(pub["FunctionArn"], v)
                    out.append(c)
        return out

    def esms(self) -> list:
        """Cached; callers must not mutate the entries."""
        with self.lock:
            got = self._esm_cache
            gen = self._gen
        if got is not None:
            return got
        out = self._build_esms()
        with self.lock:
            if self._gen == gen:
                self._esm_cache = out
        return out

    def _build_esms(self) -> list:
        out = []
        for fn in self.functions():
            for k, kind in enumerate(fn["_esm"]):
                out.append(self._esm(fn, kind if isinstance(kind, str) else kind.get("Kind", "sqs"), k))
        for e in self._esm_explicit:
            out.append(dict(e))
        return out

    def _esm(self, fn, kind, k):
        acct, region, name = self.account, self.region, fn["FunctionName"]
        e = {
            "UUID": _det_uuid(fn["FunctionArn"], kind, k),
            "BatchSize": 10 if kind in ("sqs", "mq") else 100,
            "FunctionArn": fn["FunctionArn"],
            "LastModified": 1704067200.0,
            "State": "Enabled",
            "StateTransitionReason": "USER_INITIATED",
        }
        src = _esm_source_arn(kind, acct, region, name)
        if src:
            e["EventSourceArn"] = src
        if kind in ("msk", "kafka"):
            e["Topics"] = [f"{name}-topic"]
            e["StartingPosition"] = "LATEST"
        if kind == "kafka":
            e["SelfManagedEventSource"] = {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["broker1.example.com:9092"]}}
        if kind == "mq":
            e["Queues"] = [f"{name}-mq-queue"]
        if kind in ("kinesis", "dynamodb"):
            e["StartingPosition"] = "TRIM_HORIZON"
        if kind == "docdb":
            e["DocumentDBEventSourceConfig"] = {"DatabaseName": "db", "CollectionName": name, "FullDocument": "Default"}
            e["StartingPosition"] = "LATEST"
        return e


class World:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.org_id = cfg.get("organization_id", "o-fakeorg0001")
        self.role_name = cfg.get("role_name", "OrganizationAccountAccessRole")
        self.session_ttl = cfg.get("session_ttl_seconds")  # overrides DurationSeconds if set
        self.max_skew = int(cfg.get("max_clock_skew_seconds", 900))
        all_regions = cfg.get("regions") or (DEFAULT_REGIONS + OPT_IN_REGIONS)
        self.opt_in = set(cfg.get("opt_in_regions", OPT_IN_REGIONS))
        self.regions = list(all_regions)
        self.accounts: dict[str, dict] = {}
        self.keys: dict[str, dict] = {}      # access key id -> {secret, account, user, token?, expiration?, ...}
        self.data: dict[tuple, RegionData] = {}
        self.rest_apis: dict[tuple, list] = {}  # (account, region) -> REST APIs with their stages
        gen = cfg.get("generate")
        accts = list(cfg.get("accounts", []))
        if gen:
            accts += self._generate_accounts(gen)
        for i, a in enumerate(accts):
            self._add_account(a, i)
        self.management = cfg.get("management_account") or (accts[0]["id"] if accts else None)

    def _generate_accounts(self, gen: dict) -> list:
        n = int(gen.get("accounts", 3))
        nreg = int(gen.get("regions", 17))
        per = int(gen.get("functions_per_region", 10))
        empty_every = int(gen.get("empty_region_every", 5))
        base = int(gen.get("first_account_id", 100000000001))
        regions = DEFAULT_REGIONS[:nreg] if nreg <= len(DEFAULT_REGIONS) else DEFAULT_REGIONS + OPT_IN_REGIONS[: nreg - len(DEFAULT_REGIONS)]
        out = []
        for i in range(n):
            aid = f"{base + i:012d}"
            fns = {}
            for j, r in enumerate(regions):
                empty = empty_every and (i * len(regions) + j) % empty_every == empty_every - 1
                fns[r] = {"functions": [], "generate": 0 if empty else per,
                          "options": gen.get("function_options", {})}
            out.append({
                "id": aid,
                "name": f"gen-account-{i:02d}",
                "opted_in": [r for r in regions if r in self.opt_in],
                "keys": [{"access_key_id": f"AKIAGEN{i:013d}", "secret_access_key": f"gen-secret-{i:02d}-" + "x" * 28,
                          "user": "scanner"}],
                "functions": fns,
            })
        return out

    def _add_account(self, a: dict, i: int):
        aid = str(a["id"])
        acct = {
            "id": aid,
            "name": a.get("name", f"account-{aid}"),
            "email": a.get("email", f"aws+{aid}@example.com"),
            "status": a.get("status", "ACTIVE"),
            "joined": a.get("joined", 1700000000 + i * 86400),
            "opted_in": set(a.get("opted_in", [])),
            "refuse_assume_role": bool(a.get("refuse_assume_role", False)),
            "roles": set(a.get("roles", [])) | {self.role_name},
            "in_org": a.get("in_org", True),
        }
        self.accounts[aid] = acct
        for k in a.get("keys", []):
            self.keys[k["access_key_id"]] = {
                "secret": k["secret_access_key"], "account": aid, "user": k.get("user", "tester"),
                "token": k.get("session_token"), "expiration": k.get("expiration"), "kind": "user",
            }
        # API Gateway REST APIs per region: [{"id", "name", "stages": [{"stageName", "tracingEnabled"?}]}]
        for region, apis in (a.get("rest_apis") or {}).items():
            self.rest_apis[(aid, region)] = list(apis)
        for region, spec in (a.get("functions") or {}).items():
            if isinstance(spec, list):
                self.data[(aid, region)] = RegionData(aid, region, functions=spec)
            else:
                self.data[(aid, region)] = RegionData(
                    aid, region, functions=spec.get("functions"), generated=int(spec.get("generate", 0)),
                    gen_opts=spec.get("options"), esms=spec.get("event_source_mappings"))

    def enabled_regions(self, account: str) -> list:
        a = self.accounts.get(account)
        if not a:
            return []
        return [r for r in self.regions if r not in self.opt_in or r in a["opted_in"]]

    def region_enabled(self, account: str, region: str) -> bool:
        return region in self.enabled_regions(account)

    def region_data(self, account: str, region: str) -> RegionData:
        rd = self.data.get((account, region))
        if rd is None:
            rd = RegionData(account, region, functions=None)
            self.data[(account, region)] = rd
        return rd

    def mint_session(self, account: str, role: str, session_name: str, duration: int, source_key: str) -> dict:
        akid = "ASIA" + "".join(random.choices(string.ascii_uppercase + string.digits, k=16))
        secret = "".join(random.choices(string.ascii_letters + string.digits + "/+", k=40))
        token = "FQoGZXIvYXdzE" + base64.b64encode(os.urandom(96)).decode()
        ttl = self.session_ttl if self.session_ttl is not None else duration
        exp = _now() + float(ttl)
        self.keys[akid] = {"secret": secret, "account": account, "user": session_name, "token": token,
                           "expiration": exp, "kind": "session", "role": role, "source_key": source_key}
        return {"AccessKeyId": akid, "SecretAccessKey": secret, "SessionToken": token, "Expiration": exp}


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------

FAULT_KINDS = {"throttle", "rate_limit", "error", "reset", "truncate", "latency", "expired_token", "access_denied",
               "disabled_region", "bad_signature",
               # hostile responses (bounds of the client): see README "Faults"
               "huge_length", "oversized", "gzip_bomb", "slow", "endless_pages"}
# Kinds that change how the (otherwise normal) answer is sent.
SEND_FAULTS = {"truncate", "huge_length", "oversized", "gzip_bomb", "slow"}
ENDLESS_PREFIX = "endless-"  # markers handed out by endless_pages; accepted back as "past the end"

_BOMBS: dict = {}
_BOMBS_LOCK = threading.Lock()


def gzip_bomb(n: int) -> bytes:
    """A gzip member that inflates to n bytes: {"Padding": "xxx...x"} (cached; ~1 MB per GiB).

    Built from one deflate block for 1 MiB of "x" ended by a full flush (no back-references across it),
    repeated, so a 1 GiB bomb takes a second (the CRC) instead of compressing a gigabyte."""
    with _BOMBS_LOCK:
        got = _BOMBS.get(n)
    if got is not None:
        return got
    head, tail = b'{"Padding": "', b'"}'
    pad = max(0, n - len(head) - len(tail))
    unit = 1 << 20
    full, rest = divmod(pad, unit)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b"x" * unit) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(b"x" * rest + tail) + c.flush()
    xs = b"x" * unit
    crc = zlib.crc32(head)
    for _ in range(full):
        crc = zlib.crc32(xs, crc)
    crc = zlib.crc32(b"x" * rest + tail, crc)
    total = len(head) + pad + len(tail)
    out = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + block * full + last +
           struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF))
    with _BOMBS_LOCK:
        if len(_BOMBS) > 8:
            _BOMBS.clear()
        _BOMBS[n] = out
    return out


def _rate_selects(f: dict, n: int) -> bool:
    """The rate selectors of a fault for its n-th matching call (1-based): `every` (+ `offset`) picks the
    calls with n % every == offset % every; `rate` (+ `seed`) picks a call when a hash of (seed, n) mapped to
    [0, 1) is below rate. Both are functions of n alone, so a run that sends the same calls in the same
    order gets the same faults. Without either, every call is selected."""
    if "every" in f:
        every = int(f["every"])
        if n % every != int(f.get("offset", 0)) % every:
            return False
    if "rate" in f:
        h = hashlib.sha256(f"{int(f.get('seed', 0))}:{n}".encode()).digest()
        if int.from_bytes(h[:8], "big") / 2.0 ** 64 >= float(f["rate"]):
            return False
    return True


class Faults:
    """Each fault: {kind, service?, operation?, account?, region?, nth?: [1-based], times?: N, after?: N,
    every?: N, offset?: K, rate?: P, seed?: S, status?, code?, message?, retry_after?, ms?}. Matching calls
    are counted per fault."""

    def __init__(self):
        self.lock = threading.Lock()
        self.faults: list[dict] = []
        self.next_id = 1
        # rate_limit: (fault id, service, account, region) -> times of the calls let through in the last second
        self.windows: dict = {}

    def add(self, spec: dict) -> dict:
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {sorted(FAULT_KINDS)}")
        f = dict(spec)
        if "every" in f and (not isinstance(f["every"], int) or f["every"] < 1):
            raise ValueError(f"fault 'every' must be a whole number >= 1, not {f['every']!r}")
        if "rate" in f and not (isinstance(f["rate"], (int, float)) and 0 <= f["rate"] <= 1):
            raise ValueError(f"fault 'rate' must be a number from 0 to 1, not {f['rate']!r}")
        if kind == "rate_limit" and not (isinstance(f.get("per_second"), (int, float)) and f["per_second"] > 0):
            raise ValueError(f"fault rate_limit needs 'per_second' > 0, not {f.get('per_second')!r}")
        with self.lock:
            f["id"] = self.next_id
            self.next_id += 1
            f["seen"] = 0
            f["fired"] = 0
            self.faults.append(f)
        return f

    def clear(self):
        with self.lock:
            self.faults = []
            self.windows = {}

    def _over_rate(self, f: dict, ctx: dict) -> bool:
        """rate_limit: at most `per_second` calls per endpoint (service, account, region) in any sliding second
        get through; a call over that is throttled (and does not count)."""
        key = (f["id"], ctx.get("service"), ctx.get("account"), ctx.get("region"))
        now = time.monotonic()
        w = self.windows.setdefault(key, collections.deque())
        while w and w[0] <= now - 1.0:
            w.popleft()
        if len(w) >= float(f["per_second"]):
            return True
        w.append(now)
        return False

    def snapshot(self):
        with self.lock:
            return [dict(f) for f in self.faults]

    def match(self, ctx: dict) -> list:
        """Return the faults that fire for this call (counting it)."""
        fired = []
        with self.lock:
            for f in self.faults:
                ok = True
                for key in ("service", "operation", "account", "region"):
                    want = f.get(key)
                    if want is None:
                        continue
                    vals = want if isinstance(want, list) else [want]
                    if ctx.get(key) not in vals:
                        ok = False
                        break
                if not ok:
                    continue
                f["seen"] += 1
                n = f["seen"]
                if "nth" in f:
                    nth = f["nth"] if isinstance(f["nth"], list) else [f["nth"]]
                    if n not in nth:
                        continue
                else:
                    after = int(f.get("after", 0))
                    if n <= after:
                        continue
                    if "times" in f and n > after + int(f["times"]):
                        continue
                    if not _rate_selects(f, n):
                        continue
                if f["kind"] == "rate_limit" and not self._over_rate(f, ctx):
                    continue
                f["fired"] += 1
                fired.append(dict(f))
        return fired


# --------------------------------------------------------------------------------------------
# Errors per protocol
# --------------------------------------------------------------------------------------------

class AwsError(Exception):
    def __init__(self, status, code, message, extra_headers=None, extra_body=None, query_type="Sender"):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra_headers = extra_headers or {}
        self.extra_body = extra_body or {}
        self.query_type = query_type


PROTOCOL = {"lambda": "rest-json", "sts": "query", "organizations": "json", "ec2": "ec2", "apigateway": "rest-json"}
XMLNS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/", "ec2": "http://ec2.amazonaws.com/doc/2016-11-15/"}


def error_response(service: str, err: AwsError, request_id: str):
    """Return (status, headers, body bytes) in the protocol's error envelope."""
    proto = PROTOCOL.get(service, "rest-json")
    headers = dict(err.extra_headers)
    if proto == "query":
        body = (f'<ErrorResponse xmlns="{XMLNS.get(service, "")}">\n  <Error>\n    <Type>{err.query_type}</Type>\n'
                f'    <Code>{xml_escape(err.code)}</Code>\n    <Message>{xml_escape(err.message)}</Message>\n'
                f'  </Error>\n  <RequestId>{request_id}</RequestId>\n</ErrorResponse>\n')
        headers["Content-Type"] = "text/xml"
        headers["x-amzn-RequestId"] = request_id
    elif proto == "ec2":
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{xml_escape(err.code)}</Code>'
                f'<Message>{xml_escape(err.message)}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>')
        headers["Content-Type"] = "text/xml;charset=UTF-8"
    elif proto == "json":
        b = {"__type": err.code, "Message": err.message}
        b.update(err.extra_body)
        body = json.dumps(b)
        headers["Content-Type"] = "application/x-amz-json-1.1"
        headers["x-amzn-RequestId"] = request_id
    else:  # rest-json
        b = {"Type": "User" if err.status < 500 else "Service", "message": err.message}
        b.update(err.extra_body)
        body = json.dumps(b)
        headers["Content-Type"] = "application/json"
        headers["x-amzn-ErrorType"] = err.code
        headers["x-amzn-RequestId"] = request_id
    return err.status, headers, body.encode()


def auth_error(service: str, what: str, detail: str = "") -> AwsError:
    """Authentication failures as each service reports them."""
    proto = PROTOCOL.get(service, "rest-json")
    if what == "signature":
        msg = ("The request signature we calculated does not match the signature you provided. Check your AWS "
               "Secret Access Key and signing method. Consult the service documentation for details.")
        if detail:
            msg = detail
        if proto == "query":
            return AwsError(403, "SignatureDoesNotMatch", msg)
        if proto == "ec2":
            return AwsError(401, "AuthFailure", "AWS was not able to validate the provided access credentials")
        return AwsError(403 if proto == "rest-json" else 400, "InvalidSignatureException", msg)
    if what == "unknown_key":  # also: disabled region
        msg = "The security token included in the request is invalid."
        if proto == "query":
            return AwsError(403, "InvalidClientTokenId", msg)
        if proto == "ec2":
            return AwsError(401, "AuthFailure", "AWS was not able to validate the provided access credentials")
        return AwsError(403 if proto == "rest-json" else 400, "UnrecognizedClientException", msg)
    if what == "expired":
        msg = "The security token included in the request is expired"
        if proto == "query":
            return AwsError(400, "ExpiredToken", msg)
        if proto == "ec2":
            return AwsError(400, "RequestExpired", "Request has expired.")
        return AwsError(403 if proto == "rest-json" else 400, "ExpiredTokenException", msg)
    if what == "missing":
        msg = "Missing Authentication Token"
        if proto == "query":
            return AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
        if proto == "ec2":
            return AwsError(401, "AuthFailure", "AWS was not able to validate the provided access credentials")
        return AwsError(403 if proto == "rest-json" else 400, "MissingAuthenticationTokenException", msg)
    raise ValueError(what)


def access_denied(service: str, principal_arn: str, action: str, resource: str = "*") -> AwsError:
    proto = PROTOCOL.get(service, "rest-json")
    msg = f"User: {principal_arn} is not authorized to perform: {action} on resource: {resource}"
    if proto == "query":
        return AwsError(403, "AccessDenied", msg)
    if proto == "ec2":
        return AwsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
    if proto == "json":
        return AwsError(400, "AccessDeniedException", "You don't have permissions to access this resource.")
    return AwsError(403, "AccessDeniedException", msg)


def throttle_error(service: str, f: dict) -> AwsError:
    proto = PROTOCOL.get(service, "rest-json")
    ra = f.get("retry_after", 1)
    hdrs = {"Retry-After": str(ra)} if ra is not None else {}
    if proto == "query":
        return AwsError(int(f.get("status", 400)), f.get("code", "Throttling"), f.get("message", "Rate exceeded"), hdrs)
    if proto == "ec2":
        return AwsError(int(f.get("status", 503)), f.get("code", "RequestLimitExceeded"),
                        f.get("message", "Request limit exceeded."), hdrs)
    if proto == "json":
        return AwsError(int(f.get("status", 400)), f.get("code", "TooManyRequestsException"),
                        f.get("message", "AWS Organizations can't complete your request because another request is "
                                         "already in progress. Try again later."), hdrs, {"Type": "RequestRateLimit"} if
                        f.get("code", "TooManyRequestsException") == "TooManyRequestsException" else {})
    extra = {"Reason": "CallerRateLimitExceeded"} if f.get("code", "TooManyRequestsException") == "TooManyRequestsException" else {}
    return AwsError(int(f.get("status", 429)), f.get("code", "TooManyRequestsException"),
                    f.get("message", "Rate exceeded"), hdrs, extra)


def server_error(service: str, f: dict) -> AwsError:
    proto = PROTOCOL.get(service, "rest-json")
    status = int(f.get("status", 500))
    if "code" in f:
        code = f["code"]
    elif proto == "query":
        code = "ServiceUnavailable" if status == 503 else "InternalFailure"
    elif proto == "ec2":
        code = "Unavailable" if status == 503 else "InternalError"
    elif proto == "json":
        code = "ServiceUnavailableException" if status == 503 else "ServiceException"
    else:
        code = "ServiceUnavailableException" if status == 503 else "ServiceException"
    msg = f.get("message", "Service Unavailable" if status == 503 else "We encountered an internal error. Please try again.")
    return AwsError(status, code, msg, query_type="Receiver")


# --------------------------------------------------------------------------------------------
# Server state
# --------------------------------------------------------------------------------------------

class State:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.lock = threading.Lock()
        self.world = World(cfg)
        self.faults = Faults()
        self.latency_ms = float(cfg.get("latency_ms", 0))
        self.requests: list[dict] = []
        self.max_records = int(cfg.get("max_recorded_requests", 200000))
        self.seq = 0
        for f in cfg.get("faults", []):
            self.faults.add(f)

    def record(self, rec: dict):
        with self.lock:
            self.seq += 1
            rec["seq"] = self.seq
            if len(self.requests) < self.max_records:
                self.requests.append(rec)

    def reset(self, full: bool = True):
        with self.lock:
            self.requests = []
        self.faults.clear()
        self.latency_ms = float(self.cfg.get("latency_ms", 0))
        if full:
            for f in self.cfg.get("faults", []):
                self.faults.add(f)


# --------------------------------------------------------------------------------------------
# HTTP handler
# --------------------------------------------------------------------------------------------

def _parse_authorization(value: str):
    if not value or not value.startswith("AWS4-HMAC-SHA256 "):
        return None
    parts = {}
    for item in value[len("AWS4-HMAC-SHA256 "):].split(","):
        k, _, v = item.strip().partition("=")
        parts[k] = v
    cred = parts.get("Credential", "").split("/")
    if len(cred) != 5 or cred[4] != "aws4_request":
        return None
    return {"akid": cred[0], "date": cred[1], "region": cred[2], "service": cred[3],
            "signed_headers": parts.get("SignedHeaders", ""), "signature": parts.get("Signature", "")}


_SIGNING_KEYS: dict = {}
_SIGNING_KEYS_LOCK = threading.Lock()


def _signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """SigV4 signing key (kSigning) as botocore derives it, cached (bounded)."""
    ck = (secret, date, region, service)
    k = _SIGNING_KEYS.get(ck)
    if k is None:
        k = hmac.new(f"AWS4{secret}".encode("utf-8"), date.encode("utf-8"), hashlib.sha256).digest()
        for part in (region, service, "aws4_request"):
            k = hmac.new(k, part.encode("utf-8"), hashlib.sha256).digest()
        with _SIGNING_KEYS_LOCK:
            if len(_SIGNING_KEYS) >= 4096:
                _SIGNING_KEYS.clear()
            _SIGNING_KEYS[ck] = k
    return k


class _Reset(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes; avoid 40 ms delayed-ACK stalls
    server_version = "FakeAWS/1.0"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):  # quiet; requests are recorded instead
        if self.server.verbose:
            sys.stderr.write("fakeaws: " + (fmt % args) + "\n")

    @property
    def state(self) -> State:
        return self.server.state

    # ---- plumbing ----
    def _read_body(self) -> bytes:
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            chunks = []
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, headers: dict, body: bytes, truncate: bool = False):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            self.wfile.write(body[: max(1, len(body) // 2)])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def _reset_connection(self):
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/")
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    # ---- dispatch ----
    def _dispatch(self, method: str):
        self._send_fault = None
        body = self._read_body()
        url = urlsplit(self.path)
        if url.path.startswith("/__fake/"):
            return self._control(method, url, body)
        request_id = str(uuid.uuid4())
        auth = _parse_authorization(self.headers.get("Authorization", ""))
        service = auth["service"] if auth else self._guess_service(url, body)
        region = auth["region"] if auth else None
        rec = {"method": method, "path": url.path, "query": url.query, "service": service, "region": region,
               "access_key_id": auth["akid"] if auth else None, "account": None, "operation": None,
               "status": None, "time": _now(), "fault": None,
               "attempt": self.headers.get("amz-sdk-request"), "user_agent": self.headers.get("User-Agent", "")[:120]}
        try:
            op, params = self._operation(service, method, url, body)
            rec["operation"] = op
            status, headers, out = self._handle(service, region, auth, method, url, body, op, params, rec, request_id)
        except _Reset:
            rec["status"] = "reset"
            self.state.record(rec)
            return self._reset_connection()
        except AwsError as e:
            status, headers, out = error_response(service or "lambda", e, request_id)
            rec["error"] = e.code
        except Exception as e:  # a bug in the fake: answer as an AWS internal error and keep serving
            sys.stderr.write(f"fakeaws: internal error on {method} {url.path}: {type(e).__name__}: {e}\n")
            status, headers, out = error_response(service or "lambda", server_error(service or "lambda", {}),
                                                  request_id)
            rec["error"] = "fake-internal-error"
        sf = self._send_fault
        rec["status"] = status
        self.state.record(rec)
        if sf is not None and sf["kind"] != "truncate":
            return self._send_hostile(sf, status, headers, out)
        self._send(status, headers, out, truncate=sf is not None)

    # ---- hostile responses (faults huge_length, oversized, gzip_bomb, slow) ----
    def _send_hostile(self, f, status, headers, body):
        kind = f["kind"]
        try:
            if kind == "huge_length":
                # Announces `length` bytes, sends the real (short) body, holds the connection, closes.
                self._head(status, headers, {"Content-Length": str(f.get("length", 10 ** 18)), "Connection": "close"})
                self.wfile.write(body)
                self.wfile.flush()
                time.sleep(float(f.get("hold_ms", 0)) / 1000.0)
            elif kind == "oversized":
                self._send_oversized(f, status, headers, body)
            elif kind == "gzip_bomb":
                data = gzip_bomb(int(f.get("bytes", 1 << 30)))
                self._head(status, headers, {"Content-Encoding": "gzip", "Content-Length": str(len(data))})
                self.wfile.write(data)
            elif kind == "slow":
                self._send_slow(f, status, headers, body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up: that is the point
        self.close_connection = True

    def _head(self, status, headers, extra):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()

    def _send_oversized(self, f, status, headers, body):
        """The real answer made `bytes` long by padding that keeps it valid: a "Padding" member first in a
        JSON object, an XML comment after an XML document. Streamed (never held in memory); chunked unless
        "announce": true (then a true Content-Length)."""
        n = int(f.get("bytes", 64 << 20))
        if body[:1] == b"{":
            prefix, suffix = b'{"Padding": "', b'", ' + body[1:] if body.strip() != b"{}" else b'"}'
        else:
            prefix, suffix = body + b"<!--", b"-->"
        pad = max(0, n - len(prefix) - len(suffix))
        announce = bool(f.get("announce", False))
        extra = {"Content-Length": str(len(prefix) + pad + len(suffix))} if announce else \
            {"Transfer-Encoding": "chunked"}
        self._head(status, headers, extra)

        def put(data):
            if announce:
                self.wfile.write(data)
            elif data:
                self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        put(prefix)
        chunk = b"x" * (64 << 10)
        while pad > 0:
            put(chunk[:pad])
            pad -= min(pad, len(chunk))
        put(suffix)
        if not announce:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _send_slow(self, f, status, headers, body):
        """`bytes_per_second` (default 1) of the body after prompt headers; "phase": "all" trickles the
        status line and headers too. Stops when the client goes away."""
        bps = max(1, int(f.get("bytes_per_second", 1)))
        if f.get("phase") == "all":
            head = [f"HTTP/1.1 {status} OK\r\n".encode()]
            head += [f"{k}: {v}\r\n".encode() for k, v in headers.items()]
            head.append(f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
            data = b"".join(head) + body
        else:
            self._head(status, headers, {"Content-Length": str(len(body)), "Connection": "close"})
            self.wfile.flush()
            data = body
        step = max(1, bps // 10)
        for i in range(0, len(data), step):
            self.wfile.write(data[i:i + step])
            self.wfile.flush()
            time.sleep(step / bps)

    def _guess_service(self, url, body):
        if url.path.startswith("/restapis"):
            return "apigateway"
        if url.path.startswith("/2015-03-31/"):
            return "lambda"
        if self.headers.get("X-Amz-Target", "").startswith("AWSOrganizations"):
            return "organizations"
        params = dict(parse_qsl(body.decode("utf-8", "replace")))
        if params.get("Version") == "2016-11-15":
            return "ec2"
        return "sts"

    def _operation(self, service, method, url, body):
        """Return (operation name, params dict) from the request shape."""
        if service == "lambda":
            q = dict(parse_qsl(url.query, keep_blank_values=True))
            p = url.path.rstrip("/")
            if method == "GET" and p == "/2015-03-31/functions":
                return "ListFunctions", q
            if method == "GET" and p == "/2015-03-31/event-source-mappings":
                return "ListEventSourceMappings", q
            if p.startswith("/2015-03-31/functions/"):
                rest = p[len("/2015-03-31/functions/"):]
                name, _, tail = rest.partition("/")
                q["FunctionName"] = unquote(name)
                if method == "GET" and tail == "configuration":
                    return "GetFunctionConfiguration", q
                if method == "GET" and tail == "":
                    return "GetFunction", q
                if method == "PUT" and tail == "configuration":
                    try:
                        q.update(json.loads(body or b"{}"))
                    except ValueError:
                        raise AwsError(400, "InvalidRequestContentException", "Could not parse request body into json")
                    return "UpdateFunctionConfiguration", q
            raise AwsError(404, "UnknownOperationException", f"Unknown operation {method} {url.path}")
        if service == "apigateway":
            q = dict(parse_qsl(url.query, keep_blank_values=True))
            parts = [unquote(x) for x in url.path.strip("/").split("/")]
            if method == "GET" and parts == ["restapis"]:
                return "GetRestApis", q
            if method == "GET" and len(parts) == 3 and parts[0] == "restapis" and parts[2] == "stages":
                q["restApiId"] = parts[1]
                return "GetStages", q
            raise AwsError(404, "UnknownOperationException", f"Unknown operation {method} {url.path}")
        if service in ("sts", "ec2"):
            params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            if method == "GET" or not params:
                params.update(dict(parse_qsl(url.query, keep_blank_values=True)))
            op = params.get("Action")
            if not op:
                raise AwsError(400, "MissingAction", "Missing Action") if service == "sts" else \
                    AwsError(400, "MissingAction", "The request must contain the parameter Action")
            return op, params
        if service == "organizations":
            target = self.headers.get("X-Amz-Target", "")
            prefix = "AWSOrganizationsV20161128."
            if not target.startswith(prefix):
                raise AwsError(400, "UnknownOperationException", "")
            try:
                params = json.loads(body or b"{}")
            except ValueError:
                raise AwsError(400, "SerializationException", "Start of structure or map found where not expected.")
            return target[len(prefix):], params
        raise AwsError(400, "UnrecognizedClientException", f"Unsupported service {service!r}")

    # ---- authentication ----
    def _authenticate(self, service, region, auth, method, url, body, rec):
        world = self.state.world
        if auth is None:
            raise auth_error(service, "missing")
        key = world.keys.get(auth["akid"])
        if key is None:
            raise auth_error(service, "unknown_key")
        rec["account"] = key["account"]
        # session token must be presented for session credentials and must match
        token = self.headers.get("X-Amz-Security-Token")
        if key.get("token") and token != key["token"]:
            raise auth_error(service, "unknown_key")
        if not key.get("token") and token:
            raise auth_error(service, "unknown_key")
        amz_date = self.headers.get("X-Amz-Date", "")
        try:
            t = dt.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc).timestamp()
        except ValueError:
            raise auth_error(service, "signature", "Authorization header requires existence of either a "
                                                   "'X-Amz-Date' or a 'Date' header.")
        if amz_date[:8] != auth["date"]:
            raise auth_error(service, "signature", "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                                                   "version of date from HTTP")
        if not self._signature_ok(auth, key["secret"], method, url, body, amz_date):
            raise auth_error(service, "signature")
        if abs(_now() - t) > world.max_skew:
            if PROTOCOL.get(service) == "ec2":
                raise AwsError(400, "RequestExpired", "Request has expired.")
            raise auth_error(service, "signature", f"Signature expired: {amz_date} is now earlier than "
                                                   f"{dt.datetime.utcfromtimestamp(_now() - world.max_skew):%Y%m%dT%H%M%SZ}")
        if key.get("expiration") is not None and _now() >= float(key["expiration"]):
            raise auth_error(service, "expired")
        return key

    def _signature_ok(self, auth, secret, method, url, body, amz_date) -> bool:
        signed = [h for h in auth["signed_headers"].split(";") if h]
        req_headers = []
        for name in signed:
            values = self.headers.get_all(name) or []
            for v in values:
                req_headers.append((name, v))
        host = self.headers.get("Host", "")
        areq = AWSRequest(method=method, url=f"http://{host}{self.path}", data=body)
        for name, v in req_headers:
            areq.headers[name] = v  # HTTPHeaders appends; repeated headers are kept
        areq.context["timestamp"] = amz_date
        signer = SigV4Auth(Credentials(auth["akid"], secret), auth["service"], auth["region"])
        creq = signer.canonical_request(areq)
        sts = signer.string_to_sign(areq, creq)
        # botocore's SigV4Auth.signature(), with the derived signing key cached per (secret, date, region,
        # service): HMAC(key, string_to_sign) as hex. Every request is still verified in full.
        k_signing = _signing_key(secret, amz_date[0:8], auth["region"], auth["service"])
        expected = hmac.new(k_signing, sts.encode("utf-8"), hashlib.sha256).hexdigest()
        got_signed = signer.signed_headers(signer.headers_to_sign(areq))
        return hmac.compare_digest(expected, auth["signature"]) and got_signed == auth["signed_headers"]

    # ---- request handling ----
    def _principal_arn(self, key):
        if key.get("kind") == "session":
            return f"arn:aws:sts::{key['account']}:assumed-role/{key['role']}/{key['user']}"
        return f"arn:aws:iam::{key['account']}:user/{key['user']}"

    def _handle(self, service, region, auth, method, url, body, op, params, rec, request_id):
        st = self.state
        world = st.world
        if service not in SUPPORTED_SERVICES:
            raise AwsError(400, "UnrecognizedClientException", f"Unsupported service {service!r}")
        # account from key (before auth so faults can target it even when auth fails later)
        if auth and auth["akid"] in world.keys:
            rec["account"] = world.keys[auth["akid"]]["account"]
        ctx = {"service": service, "operation": op, "account": rec["account"], "region": region}
        fired = st.faults.match(ctx)
        delay = st.latency_ms
        for f in fired:
            if f["kind"] == "latency":
                delay += float(f.get("ms", 0))
        if delay:
            time.sleep(delay / 1000.0)
        key = None
        endless = None
        for f in fired:
            kind = f["kind"]
            if kind == "latency":
                continue
            rec["fault"] = kind
            if kind == "reset":
                raise _Reset()
            if kind == "bad_signature":
                raise auth_error(service, "signature")
            if kind == "expired_token":
                raise auth_error(service, "expired")
            if kind == "disabled_region":
                raise auth_error(service, "unknown_key")
            if kind in ("throttle", "rate_limit"):
                raise throttle_error(service, f)
            if kind == "error":
                raise server_error(service, f)
            if kind == "access_denied":
                key = world.keys.get(auth["akid"]) if auth else None
                arn = self._principal_arn(key) if key else "arn:aws:iam::000000000000:user/unknown"
                raise access_denied(service, arn, f"{service}:{op}")
            if kind in SEND_FAULTS:
                self._send_fault = f  # handled when sending
                if kind == "truncate":
                    break
                continue
            if kind == "endless_pages":
                endless = f
                continue
        key = self._authenticate(service, region, auth, method, url, body, rec)
        account = key["account"]
        # global services sign with us-east-1; regional services must be in an enabled region
        if service != "organizations" and not world.region_enabled(account, region):
            raise auth_error(service, "unknown_key")
        if world.accounts.get(account, {}).get("status") == "SUSPENDED":
            raise auth_error(service, "unknown_key")
        fn = getattr(self, f"op_{service}_{op}", None)
        if fn is None:
            if service == "lambda":
                raise AwsError(404, "UnknownOperationException", f"Unknown operation {op}")
            if service == "organizations":
                raise AwsError(400, "UnknownOperationException", f"Unknown operation {op}")
            raise AwsError(400, "InvalidAction", f"The action {op} is not valid for this web service.")
        result = fn(key, account, region, params, request_id)
        return self._endless(endless, result) if endless else result

    @staticmethod
    def _endless(f, result):
        """endless_pages: the page as served, with a next-page marker that was never handed out before."""
        status, headers, out = result
        if status != 200:
            return result
        obj = json.loads(out)
        key = "NextToken" if "Accounts" in obj else "position" if "item" in obj else "NextMarker"
        marker = ENDLESS_PREFIX + uuid.uuid4().hex
        if f.get("marker_bytes"):
            marker = (marker + "x" * int(f["marker_bytes"]))[: max(len(ENDLESS_PREFIX) + 1, int(f["marker_bytes"]))]
        obj[key] = marker
        return status, headers, json.dumps(obj).encode()

    # ---- Lambda ----
    @staticmethod
    def _int_param(params, name, default, lo, hi):
        v = params.get(name)
        if v is None or v == "":
            return default
        try:
            n = int(v)
        except ValueError:
            raise AwsError(400, "InvalidParameterValueException", f"Invalid {name}: {v}")
        if n < lo or n > hi:
            raise AwsError(400, "InvalidParameterValueException",
                           f"1 validation error detected: Value '{v}' at '{name[0].lower() + name[1:]}' failed to "
                           f"satisfy constraint: Member must have value {'greater' if n < lo else 'less'} than or "
                           f"equal to {lo if n < lo else hi}")
        return n

    @staticmethod
    def _marker(account, region, kind, idx):
        raw = json.dumps([kind, account, region, idx]).encode()
        return base64.b64encode(raw).decode()

    @staticmethod
    def _unmarker(marker, account, region, kind):
        if marker.startswith(ENDLESS_PREFIX):
            return sys.maxsize  # an endless_pages marker: past the end (an empty page)
        try:
            k, a, r, idx = json.loads(base64.b64decode(marker, validate=True))
            if (k, a, r) == (kind, account, region) and isinstance(idx, int) and idx >= 0:
                return idx
        except Exception:
            pass
        raise AwsError(400, "InvalidParameterValueException", "Invalid marker value")

    def _json(self, obj, request_id):
        return 200, {"Content-Type": "application/json", "x-amzn-RequestId": request_id}, json.dumps(obj).encode()

    # ---- API Gateway (REST APIs) ----
    def op_apigateway_GetRestApis(self, key, account, region, params, request_id):
        limit = self._int_param(params, "limit", 25, 1, 500)
        apis = self.state.world.rest_apis.get((account, region), [])
        start = self._unmarker(params["position"], account, region, "apis") if params.get("position") else 0
        page = [{"id": a["id"], "name": a.get("name", a["id"]), "createdDate": 1700000000,
                 "endpointConfiguration": {"types": ["REGIONAL"]}} for a in apis[start:start + limit]]
        out = {"item": page}
        if start + limit < len(apis):
            out["position"] = self._marker(account, region, "apis", start + limit)
        return self._json(out, request_id)

    def op_apigateway_GetStages(self, key, account, region, params, request_id):
        apis = self.state.world.rest_apis.get((account, region), [])
        api = next((a for a in apis if a["id"] == params["restApiId"]), None)
        if api is None:
            raise AwsError(404, "NotFoundException", "Invalid API identifier specified")
        items = []
        for st in api.get("stages", []):
            item = {"deploymentId": st.get("deploymentId", "dep123"), "stageName": st["stageName"],
                    "createdDate": 1700000000, "lastUpdatedDate": 1700000000, "methodSettings": {}}
            if "tracingEnabled" in st:  # absent in the response when never set, as AWS does
                item["tracingEnabled"] = st["tracingEnabled"]
            items.append(item)
        return self._json({"item": items}, request_id)

    def op_lambda_ListFunctions(self, key, account, region, params, request_id):
        fv = params.get("FunctionVersion")
        if fv not in (None, "", "ALL"):
            raise AwsError(400, "InvalidParameterValueException", "Invalid FunctionVersion value, must be ALL")
        if params.get("MasterRegion") and fv != "ALL":
            raise AwsError(400, "InvalidParameterValueException",
                           "MasterRegion requires FunctionVersion to be specified as ALL")
        limit = min(self._int_param(params, "MaxItems", 50, 1, 10000), 50)
        encoded = [] if params.get("MasterRegion") else \
            self.state.world.region_data(account, region).listing_encoded(fv == "ALL")[1]
        start = self._unmarker(params["Marker"], account, region, "fn" + (fv or "")) if params.get("Marker") else 0
        # same bytes as json.dumps({"Functions": page[, "NextMarker": m]}), joined from per-entry texts
        text = '{"Functions": [' + ", ".join(encoded[start:start + limit]) + "]"
        if start + limit < len(encoded):
            text += ', "NextMarker": ' + json.dumps(self._marker(account, region, "fn" + (fv or ""), start + limit))
        text += "}"
        return 200, {"Content-Type": "application/json", "x-amzn-RequestId": request_id}, text.encode()

    def op_lambda_ListEventSourceMappings(self, key, account, region, params, request_id):
        limit = min(self._int_param(params, "MaxItems", 100, 1, 10000), 100)
        items = self.state.world.region_data(account, region).esms()
        fname = params.get("FunctionName")
        if fname:
            if not fname.startswith("arn:"):
                fname = f"arn:aws:lambda:{region}:{account}:function:{fname}"
            items = [e for e in items if e["FunctionArn"] == fname]
        if params.get("EventSourceArn"):
            items = [e for e in items if e.get("EventSourceArn") == params["EventSourceArn"]]
        tag = "esm|" + (params.get("FunctionName") or "") + "|" + (params.get("EventSourceArn") or "")
        start = self._unmarker(params["Marker"], account, region, tag) if params.get("Marker") else 0
        out = {"EventSourceMappings": items[start:start + limit]}
        if start + limit < len(items):
            out["NextMarker"] = self._marker(account, region, tag, start + limit)
        return self._json(out, request_id)

    def _find_fn(self, account, region, name):
        qualifier = None
        if name.startswith("arn:"):
            parts = name.split(":")
            name = parts[6] if len(parts) > 6 else name
            qualifier = parts[7] if len(parts) > 7 else None
        elif ":" in name:
            name, qualifier = name.split(":", 1)
        for fn in self.state.world.region_data(account, region).functions():
            if fn["FunctionName"] == name:
                return fn, qualifier
        raise AwsError(404, "ResourceNotFoundException",
                       f"Function not found: arn:aws:lambda:{region}:{account}:function:{name}")

    def _fn_config(self, fn, qualifier):
        pub = {k: v for k, v in fn.items() if not k.startswith("_")}
        pub.update({"State": "Active", "LastUpdateStatus": "Successful"})
        if qualifier and qualifier != "$LATEST":
            if not qualifier.isdigit() or int(qualifier) > fn["_versions"] or int(qualifier) < 1:
                raise AwsError(404, "ResourceNotFoundException", f"Function not found: {pub['FunctionArn']}:{qualifier}")
            pub["Version"] = qualifier
            pub["FunctionArn"] += f":{qualifier}"
            pub["TracingConfig"] = {"Mode": "PassThrough"}
        return pub

    def op_lambda_GetFunctionConfiguration(self, key, account, region, params, request_id):
        fn, q = self._find_fn(account, region, params["FunctionName"])
        return self._json(self._fn_config(fn, params.get("Qualifier") or q), request_id)

    def op_lambda_GetFunction(self, key, account, region, params, request_id):
        fn, q = self._find_fn(account, region, params["FunctionName"])
        return self._json({"Configuration": self._fn_config(fn, params.get("Qualifier") or q),
                           "Code": {"RepositoryType": "S3", "Location": "https://example.invalid/code.zip"},
                           "Tags": {}}, request_id)

    def op_lambda_UpdateFunctionConfiguration(self, key, account, region, params, request_id):
        fn, q = self._find_fn(account, region, params["FunctionName"])
        if q and q != "$LATEST":
            raise AwsError(400, "InvalidParameterValueException", "Cannot modify a published version")
        if params.get("RevisionId") and params["RevisionId"] != fn["RevisionId"]:
            raise AwsError(412, "PreconditionFailedException", "The Revision Id provided does not match the latest "
                           "Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
        tc = params.get("TracingConfig")
        if tc is not None:
            mode = tc.get("Mode")
            if mode not in ("Active", "PassThrough"):
                raise AwsError(400, "ValidationException",
                               f"1 validation error detected: Value '{mode}' at 'tracingConfig.mode' failed to satisfy "
                               "constraint: Member must satisfy enum value set: [Active, PassThrough]")
            fn["TracingConfig"] = {"Mode": mode}
        fn["RevisionId"] = str(uuid.uuid4())
        fn["LastModified"] = _lambda_time(_now())
        self.state.world.region_data(account, region).invalidate()
        out = self._fn_config(fn, None)
        out["LastUpdateStatus"] = "InProgress"
        return self._json(out, request_id)

    # ---- STS ----
    def _xml(self, op, inner, request_id, ns="sts"):
        body = (f'<{op}Response xmlns="{XMLNS[ns]}">\n  <{op}Result>\n{inner}  </{op}Result>\n'
                f'  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</{op}Response>\n')
        return 200, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body.encode()

    def op_sts_GetCallerIdentity(self, key, account, region, params, request_id):
        if key.get("kind") == "session":
            uid = f"AROA{_det_hex(account, key['role'], n=17).upper()}:{key['user']}"
        else:
            uid = f"AIDA{_det_hex(account, key['user'], n=17).upper()}"
        inner = (f"    <UserId>{xml_escape(uid)}</UserId>\n    <Account>{account}</Account>\n"
                 f"    <Arn>{xml_escape(self._principal_arn(key))}</Arn>\n")
        return self._xml("GetCallerIdentity", inner, request_id)

    def op_sts_AssumeRole(self, key, account, region, params, request_id):
        world = self.state.world
        role_arn = params.get("RoleArn", "")
        session = params.get("RoleSessionName", "")
        if not role_arn or len(role_arn) < 20:
            raise AwsError(400, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy "
                                                   "constraint: Member must have length greater than or equal to 20")
        if not (2 <= len(session) <= 64) or any(c not in string.ascii_letters + string.digits + "+=,.@-_" for c in session):
            raise AwsError(400, "ValidationError", f"1 validation error detected: Value '{session}' at "
                                                   "'roleSessionName' failed to satisfy constraint")
        duration = int(params.get("DurationSeconds") or 3600)
        if duration < 900 or duration > 43200:
            raise AwsError(400, "ValidationError", f"1 validation error detected: Value '{duration}' at "
                                                   "'durationSeconds' failed to satisfy constraint")
        if key.get("kind") == "session" and duration > 3600:
            raise AwsError(400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit "
                                                   "for roles assumed by role chaining.")
        parts = role_arn.split(":")
        denied = access_denied("sts", self._principal_arn(key), "sts:AssumeRole", role_arn)
        if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
            raise AwsError(400, "ValidationError", f"{role_arn} is invalid")
        target = parts[4]
        role = parts[5].split("/")[-1]
        acct = world.accounts.get(target)
        if acct is None or acct["refuse_assume_role"] or role not in acct["roles"] or acct["status"] != "ACTIVE":
            raise denied
        creds = world.mint_session(target, role, session, duration, key.get("user"))
        inner = (f"    <Credentials>\n      <AccessKeyId>{creds['AccessKeyId']}</AccessKeyId>\n"
                 f"      <SecretAccessKey>{xml_escape(creds['SecretAccessKey'])}</SecretAccessKey>\n"
                 f"      <SessionToken>{xml_escape(creds['SessionToken'])}</SessionToken>\n"
                 f"      <Expiration>{_iso(creds['Expiration'])}</Expiration>\n    </Credentials>\n"
                 f"    <AssumedRoleUser>\n      <AssumedRoleId>AROA{_det_hex(target, role, n=17).upper()}:{session}"
                 f"</AssumedRoleId>\n      <Arn>arn:aws:sts::{target}:assumed-role/{role}/{session}</Arn>\n"
                 f"    </AssumedRoleUser>\n")
        return self._xml("AssumeRole", inner, request_id)

    # ---- Organizations ----
    def _org_json(self, obj, request_id):
        return 200, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id}, \
            json.dumps(obj).encode()

    def _require_mgmt(self, account):
        world = self.state.world
        if account not in world.accounts or not world.accounts[account]["in_org"]:
            raise AwsError(400, "AWSOrganizationsNotInUseException",
                           "Your account is not a member of an organization.")
        if account != world.management:
            raise AwsError(400, "AccessDeniedException", "You don't have permissions to access this resource.")

    def op_organizations_DescribeOrganization(self, key, account, region, params, request_id):
        world = self.state.world
        if account not in world.accounts or not world.accounts[account]["in_org"]:
            raise AwsError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
        m = world.management
        return self._org_json({"Organization": {
            "Id": world.org_id, "Arn": f"arn:aws:organizations::{m}:organization/{world.org_id}",
            "FeatureSet": "ALL", "MasterAccountArn": f"arn:aws:organizations::{m}:account/{world.org_id}/{m}",
            "MasterAccountId": m, "MasterAccountEmail": world.accounts[m]["email"],
            "AvailablePolicyTypes": []}}, request_id)

    def op_organizations_ListAccounts(self, key, account, region, params, request_id):
        world = self.state.world
        self._require_mgmt(account)
        mr = params.get("MaxResults", 20)
        if not isinstance(mr, int) or mr < 1 or mr > 20:
            raise AwsError(400, "InvalidInputException", "You provided a value that does not match the required "
                                                         "pattern.", extra_body={"Reason": "MAX_VALUE_EXCEEDED"})
        accts = [a for a in world.accounts.values() if a["in_org"]]
        start = 0
        if str(params.get("NextToken") or "").startswith(ENDLESS_PREFIX):
            start = len(accts)  # an endless_pages token: past the end
        elif params.get("NextToken"):
            try:
                k, start = json.loads(base64.b64decode(params["NextToken"]))
                assert k == "accts" and isinstance(start, int)
            except Exception:
                raise AwsError(400, "InvalidInputException", "The NextToken value is invalid.",
                               extra_body={"Reason": "INVALID_PAGINATION_TOKEN"})
        page = accts[start:start + mr]
        m = world.management
        out = {"Accounts": [{
            "Id": a["id"], "Arn": f"arn:aws:organizations::{m}:account/{world.org_id}/{a['id']}",
            "Email": a["email"], "Name": a["name"], "Status": a["status"],
            "State": a["status"] if a["status"] != "ACTIVE" else "ACTIVE",
            "JoinedMethod": "INVITED" if a["id"] == m else "CREATED", "JoinedTimestamp": float(a["joined"]),
        } for a in page]}
        if start + mr < len(accts):
            out["NextToken"] = base64.b64encode(json.dumps(["accts", start + mr]).encode()).decode()
        return self._org_json(out, request_id)

    # ---- EC2 ----
    def op_ec2_DescribeRegions(self, key, account, region, params, request_id):
        world = self.state.world
        all_regions = params.get("AllRegions", "false").lower() == "true"
        names = [v for k, v in params.items() if k.startswith("RegionName.")]
        filters = {}
        for k, v in params.items():
            if k.startswith("Filter.") and k.endswith(".Name"):
                n = k.split(".")[1]
                filters[v] = [vv for kk, vv in params.items() if kk.startswith(f"Filter.{n}.Value.")]
        enabled = set(world.enabled_regions(account))
        acct = world.accounts[account]
        items = []
        for r in world.regions:
            if r not in world.opt_in:
                status = "opt-in-not-required"
            elif r in acct["opted_in"]:
                status = "opted-in"
            else:
                status = "not-opted-in"
            if not all_regions and r not in enabled and not names:
                continue
            if names and r not in names:
                continue
            if "opt-in-status" in filters and status not in filters["opt-in-status"]:
                continue
            if "region-name" in filters and r not in filters["region-name"]:
                continue
            items.append((r, status))
        for n in names:
            if n not in world.regions:
                raise AwsError(400, "InvalidParameterValue", f"Invalid region name {n}")
        xml_items = "".join(
            f"        <item>\n            <regionName>{r}</regionName>\n"
            f"            <regionEndpoint>ec2.{r}.amazonaws.com</regionEndpoint>\n"
            f"            <optInStatus>{s}</optInStatus>\n        </item>\n" for r, s in items)
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="{XMLNS["ec2"]}">\n'
                f"    <requestId>{request_id}</requestId>\n    <regionInfo>\n{xml_items}    </regionInfo>\n"
                f"</DescribeRegionsResponse>")
        return 200, {"Content-Type": "text/xml;charset=UTF-8"}, body.encode()

    # ---- control API ----
    def _control(self, method, url, body):
        st = self.state
        path = url.path[len("/__fake"):].rstrip("/")
        q = dict(parse_qsl(url.query))

        def reply(obj, status=200):
            data = json.dumps(obj, default=str).encode()
            self._send(status, {"Content-Type": "application/json"}, data)

        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            return reply({"error": "body is not JSON"}, 400)
        try:
            if path == "/health":
                return reply({"ok": True, "pid": os.getpid()})
            if path == "/requests" and method == "GET":
                with st.lock:
                    reqs = list(st.requests)
                since = int(q.pop("since", 0))
                reqs = [r for r in reqs if r["seq"] > since and all(str(r.get(k)) == v for k, v in q.items())]
                return reply({"count": len(reqs), "requests": reqs})
            if path == "/requests" and method == "DELETE":
                with st.lock:
                    st.requests = []
                return reply({"ok": True})
            if path == "/faults" and method == "GET":
                return reply({"faults": st.faults.snapshot()})
            if path == "/faults" and method == "POST":
                specs = payload if isinstance(payload, list) else [payload]
                return reply({"faults": [st.faults.add(s) for s in specs]})
            if path == "/faults" and method == "DELETE":
                st.faults.clear()
                return reply({"ok": True})
            if path == "/reset" and method == "POST":
                st.reset(full=not payload.get("clear_startup_faults", False))
                return reply({"ok": True})
            if path == "/latency" and method == "POST":
                st.latency_ms = float(payload.get("ms", 0))
                return reply({"latency_ms": st.latency_ms})
            if path == "/sessions/expire" and method == "POST":
                n = 0
                for akid, k in list(st.world.keys.items()):
                    if k.get("kind") == "session" and (not payload.get("access_key_id") or
                                                       payload["access_key_id"] == akid):
                        k["expiration"] = _now() - 1
                        n += 1
                return reply({"expired": n})
            if path == "/world" and method == "GET":
                w = st.world
                return reply({
                    "management_account": w.management, "organization_id": w.org_id, "role_name": w.role_name,
                    "accounts": [{"id": a["id"], "name": a["name"], "status": a["status"],
                                  "enabled_regions": w.enabled_regions(a["id"]),
                                  "refuse_assume_role": a["refuse_assume_role"],
                                  "access_key_ids": [k for k, v in w.keys.items()
                                                     if v["account"] == a["id"] and v["kind"] == "user"],
                                  "functions": {r: len(d.functions()) for (aid, r), d in w.data.items()
                                                if aid == a["id"] and d.configured}}
                                 for a in w.accounts.values()]})
            if path == "/regions" and method == "POST":  # {"account":..., "opt_in": [...], "opt_out": [...]}
                a = st.world.accounts[payload["account"]]
                a["opted_in"] |= set(payload.get("opt_in", []))
                a["opted_in"] -= set(payload.get("opt_out", []))
                return reply({"enabled_regions": st.world.enabled_regions(a["id"])})
            return reply({"error": f"no control route {method} {url.path}"}, 404)
        except (ValueError, KeyError, TypeError) as e:
            return reply({"error": str(e)}, 400)


class FakeAwsServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, addr, state: State, verbose=False):
        super().__init__(addr, Handler)
        self.state = state
        self.verbose = verbose


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def default_config() -> dict:
    """A small world used when no --config is given (also the selftest's base)."""
    return {
        "management_account": "111111111111",
        "role_name": "OrganizationAccountAccessRole",
        "accounts": [
            {"id": "111111111111", "name": "management", "opted_in": ["af-south-1"],
             "keys": [{"access_key_id": "AKIAFAKEMGMT00000001", "secret_access_key": "mgmt/secret/key/0000000000000000000001",
                       "user": "scanner"}],
             "functions": {"us-east-1": {"generate": 120}, "eu-west-1": {"generate": 7},
                           "af-south-1": {"generate": 3}}},
            {"id": "222222222222", "name": "dev",
             "keys": [{"access_key_id": "AKIAFAKEDEV000000002", "secret_access_key": "dev/secret/key/00000000000000000000002"}],
             "functions": {"us-east-1": [
                 {"FunctionName": "api", "TracingMode": "Active", "Runtime": "python3.12"},
                 {"FunctionName": "worker", "TracingMode": "PassThrough", "EventSources": ["sqs"]},
                 {"FunctionName": "kafka-consumer", "EventSources": ["msk"], "Versions": 2},
             ], "us-west-2": {"generate": 51}}},
            {"id": "333333333333", "name": "locked", "refuse_assume_role": True},
            {"id": "444444444444", "name": "closed", "status": "SUSPENDED"},
        ],
    }


def load_config(path: str | None) -> dict:
    if not path:
        return default_config()
    with open(path) as fh:
        return json.load(fh)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Fake AWS endpoint (Lambda/STS/Organizations/EC2) for cloudsift tests")
    ap.add_argument("--host", default="127.0.0.1", help="bind address; only 127.0.0.1 is accepted")
    ap.add_argument("--port", type=int, default=0, help="port (0 = pick a free one)")
    ap.add_argument("--config", help="world/faults JSON file (default: built-in small world)")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--pid-file", help="write the server PID here")
    ap.add_argument("--latency-ms", type=float, help="added latency per AWS call")
    ap.add_argument("--fault", action="append", default=[], help="fault as JSON (repeatable)")
    ap.add_argument("--generate", help='JSON for a generated world, e.g. {"accounts":20,"regions":17,'
                                       '"functions_per_region":300,"empty_region_every":5}')
    ap.add_argument("--prewarm", action="store_true",
                    help="build every configured region's function listing and event source mappings before "
                         "READY (benchmarks: the first scan then does not pay for generating the world)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.host != "127.0.0.1":
        print(f"fakeaws: refusing to bind to {args.host!r}; only 127.0.0.1 is allowed", file=sys.stderr)
        return 2
    if SigV4Auth is None:
        print("fakeaws: botocore is required to verify signatures", file=sys.stderr)
        return 3
    cfg = load_config(args.config)
    if args.generate:
        cfg = dict(cfg)
        cfg["generate"] = json.loads(args.generate)
        if not args.config:
            cfg["accounts"] = []
            cfg.pop("management_account", None)
    if args.latency_ms is not None:
        cfg["latency_ms"] = args.latency_ms
    cfg.setdefault("faults", [])
    cfg["faults"] = list(cfg["faults"]) + [json.loads(f) for f in args.fault]
    state = State(cfg)
    if args.prewarm:
        for rd in list(state.world.data.values()):
            rd.listing_encoded(False)
            rd.esms()
    httpd = FakeAwsServer(("127.0.0.1", args.port), state, verbose=args.verbose)
    port = httpd.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as fh:
            fh.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    if args.pid_file:
        with open(args.pid_file, "w") as fh:
            fh.write(f"{os.getpid()}\n")

    def stop(signum, frame):
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY port={port} pid={os.getpid()}", flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
        if args.pid_file:
            try:
                os.unlink(args.pid_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
