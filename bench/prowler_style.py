#!/usr/bin/env python3
"""Sequential boto3 baseline for the live-scan benchmark (issue 5), written in the style of Prowler.

What a Prowler-like tool does to answer "which Lambda functions lack X-Ray active tracing" across an
organization, one call after another (no threads):

  session from the environment credentials
  sts get_caller_identity
  organizations list_accounts (paginator), ACTIVE accounts only
  for each account:
      assume arn:aws:iam::<id>:role/OrganizationAccountAccessRole (the management account, i.e. the
      caller's own account, uses the caller's credentials)
      ec2 describe_regions in the home region (enabled regions only)
      for each region:
          lambda list_functions (paginator, MaxItems 50)    -> (FunctionArn, TracingConfig.Mode)
          lambda list_event_source_mappings (paginator)     -> which functions have an MSK / self-managed
                                                               Kafka / Amazon MQ / DocumentDB source

The endpoint comes from --endpoint-url or AWS_ENDPOINT_URL (the fake endpoint, tests/fakeaws). Every HTTP
attempt is counted with botocore's before-send event. Output: optional JSON lines (one per function) and a
one-line JSON summary on stdout: functions, active, not_active, unsupported_source, requests, wall_s.

Written for this project (not Prowler code). Usage:
  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_REGION=us-east-1 \
    python3 bench/prowler_style.py --endpoint-url http://127.0.0.1:PORT [--jsonl out.jsonl]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

try:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover
    print("prowler_style: boto3 is required", file=sys.stderr)
    sys.exit(77)

ROLE_NAME = "OrganizationAccountAccessRole"
UNSUPPORTED_SOURCE_SERVICES = {"kafka": "MSK", "mq": "Amazon MQ", "rds": "DocumentDB", "docdb": "DocumentDB"}


class Scanner:
    def __init__(self, endpoint_url: str | None, home_region: str, role_name: str, quiet: bool):
        self.endpoint_url = endpoint_url
        self.home = home_region
        self.role_name = role_name
        self.quiet = quiet
        self.requests = 0
        self.errors = 0

    def _count(self, **_kwargs):
        self.requests += 1

    def client(self, session: boto3.Session, service: str, region: str):
        c = session.client(service, region_name=region, endpoint_url=self.endpoint_url)
        c.meta.events.register("before-send", self._count)
        return c

    def warn(self, msg: str):
        self.errors += 1
        if not self.quiet:
            print(f"prowler_style: {msg}", file=sys.stderr)

    # ---- organization ----
    def accounts(self, session: boto3.Session) -> list[str]:
        org = self.client(session, "organizations", self.home)
        out = []
        for page in org.get_paginator("list_accounts").paginate():
            out += [a["Id"] for a in page["Accounts"] if a.get("Status") == "ACTIVE"]
        return out

    def account_session(self, base: boto3.Session, caller_account: str, account: str) -> boto3.Session | None:
        if account == caller_account:
            return base
        sts = self.client(base, "sts", self.home)
        try:
            creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{self.role_name}",
                                    RoleSessionName="ProwlerStyleBench")["Credentials"]
        except (ClientError, BotoCoreError) as e:
            self.warn(f"{account}: assume role failed: {e}")
            return None
        return boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                             aws_session_token=creds["SessionToken"], region_name=self.home)

    def regions(self, session: boto3.Session, account: str) -> list[str]:
        ec2 = self.client(session, "ec2", self.home)
        try:
            resp = ec2.describe_regions()
        except (ClientError, BotoCoreError) as e:
            self.warn(f"{account}: describe_regions failed: {e}")
            return []
        return [r["RegionName"] for r in resp["Regions"] if r.get("OptInStatus") != "not-opted-in"]

    # ---- Lambda ----
    def region_functions(self, session: boto3.Session, account: str, region: str) -> list[dict]:
        lam = self.client(session, "lambda", region)
        fns = []
        try:
            for page in lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 50}):
                for f in page["Functions"]:
                    mode = (f.get("TracingConfig") or {}).get("Mode")
                    fns.append({"arn": f["FunctionArn"], "mode": mode, "account": account, "region": region,
                                "unsupported_sources": []})
        except (ClientError, BotoCoreError) as e:
            self.warn(f"{account}/{region}: list_functions failed: {e}")
            return fns
        by_arn = {f["arn"]: f for f in fns}
        try:
            for page in lam.get_paginator("list_event_source_mappings").paginate():
                for m in page["EventSourceMappings"]:
                    kind = self._unsupported_kind(m)
                    if not kind:
                        continue
                    arn = ":".join(m.get("FunctionArn", "").split(":")[:7])  # drop a version/alias qualifier
                    if arn in by_arn and kind not in by_arn[arn]["unsupported_sources"]:
                        by_arn[arn]["unsupported_sources"].append(kind)
        except (ClientError, BotoCoreError) as e:
            self.warn(f"{account}/{region}: list_event_source_mappings failed: {e}")
        return fns

    @staticmethod
    def _unsupported_kind(m: dict) -> str | None:
        if m.get("SelfManagedEventSource"):
            return "self-managed Kafka"
        src = m.get("EventSourceArn") or ""
        parts = src.split(":")
        if len(parts) > 2:
            return UNSUPPORTED_SOURCE_SERVICES.get(parts[2])
        return None

    def run(self) -> list[dict]:
        base = boto3.Session(region_name=self.home)
        caller = self.client(base, "sts", self.home).get_caller_identity()["Account"]
        out = []
        for account in self.accounts(base):
            session = self.account_session(base, caller, account)
            if session is None:
                continue
            for region in self.regions(session, account):
                out += self.region_functions(session, account, region)
        return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Sequential Prowler-style boto3 listing of Lambda tracing modes")
    ap.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL"))
    ap.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
                    or "us-east-1", help="home region (STS, Organizations, EC2)")
    ap.add_argument("--role-name", default=ROLE_NAME)
    ap.add_argument("--jsonl", help="write one JSON line per function here")
    ap.add_argument("--quiet", action="store_true", help="no per-error warnings on stderr")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    sc = Scanner(args.endpoint_url, args.region, args.role_name, args.quiet)
    fns = sc.run()
    wall = time.monotonic() - t0
    if args.jsonl:
        with open(args.jsonl, "w") as fh:
            for f in fns:
                fh.write(json.dumps(f) + "\n")
    active = sum(1 for f in fns if f["mode"] == "Active")
    summary = {
        "tool": "prowler_style", "functions": len(fns), "active": active, "not_active": len(fns) - active,
        "unsupported_source": sum(1 for f in fns if f["unsupported_sources"]),
        "requests": sc.requests, "errors": sc.errors, "wall_s": round(wall, 3),
    }
    print(json.dumps(summary), flush=True)
    return 0 if sc.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
