#!/usr/bin/env python3
"""Oracle for the execution role the Serverless Framework generates: runs `serverless package` (v3,
offline, fake credentials) on each service under tests/oracle/sls_iam/ and checks that
tests/oracle/sls_iam/expected.json holds what it emits: for IamRoleLambdaExecution its RoleName (the
Fn::Join resolved with the service's region), its inline policy's name and statements (compact JSON, in
order), ManagedPolicyArns and PermissionsBoundary; null when no role is generated; each function's Role (the
Framework's own custom-resource functions too); and IamRoleCustomResourcesLambdaExecution's policy
name and statements (custom_role, null when not generated). cs_sources_serverless_tests compares cloudsift's model with expected.json, so the two together
compare cloudsift with the Framework. --write regenerates expected.json.

Exit 0 when they agree, 1 when not, 77 (skip) when the serverless CLI is absent (SLS_BIN, .cache/sls, PATH).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "sls_iam")
sys.path.insert(0, HERE)
from sls_oracle import find_cli, sls_env  # noqa: E402


def compact(x):
    return json.dumps(x, separators=(",", ":"), ensure_ascii=False)


def resolve_join(x, region):
    """A Fn::Join of strings, the region and the partition, as deployed in `region`."""
    if isinstance(x, dict) and "Fn::Join" in x:
        partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
        pseudo = {"AWS::Region": region, "AWS::Partition": partition}
        sep, parts = x["Fn::Join"]
        return sep.join(pseudo[p["Ref"]] if isinstance(p, dict) else p for p in parts)
    return x


def package(cli, case):
    with tempfile.TemporaryDirectory(prefix="sls-iam-") as t:
        work = os.path.join(t, case)
        shutil.copytree(os.path.join(DIR, case), work)
        p = subprocess.run([cli, "package"], cwd=work, capture_output=True, text=True, timeout=300, env=sls_env())
        if p.returncode != 0:
            raise RuntimeError(f"{case}: serverless package failed: {p.stdout[-2000:]}{p.stderr[-2000:]}")
        with open(os.path.join(work, ".serverless", "cloudformation-template-update-stack.json"), encoding="utf-8") as f:
            return json.load(f)


def summary(tpl, region):
    res = tpl["Resources"]
    out = {"functions": {}}
    for rid, r in sorted(res.items()):
        if r["Type"] == "AWS::Lambda::Function":
            out["functions"][rid] = r["Properties"]["Role"]
    # The role of the functions the Framework deploys for custom resources.
    cr = res.get("IamRoleCustomResourcesLambdaExecution")
    out["custom_role"] = None if cr is None else {
        "PolicyName": resolve_join(cr["Properties"]["Policies"][0]["PolicyName"], region),
        "Statements": [compact(s) for s in cr["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]]}
    role = res.get("IamRoleLambdaExecution")
    if role is None:
        out["role"] = None
        return out
    p = role["Properties"]
    out["role"] = {"RoleName": resolve_join(p["RoleName"], region),
                   "PolicyName": resolve_join(p["Policies"][0]["PolicyName"], region),
                   "Statements": [compact(s) for s in p["Policies"][0]["PolicyDocument"]["Statement"]],
                   "ManagedPolicyArns": [resolve_join(a, region) for a in p.get("ManagedPolicyArns", [])],
                   "PermissionsBoundary": p.get("PermissionsBoundary", "")}
    return out


def main():
    cli = find_cli()
    if not cli:
        print("SKIP: the serverless v3 CLI is not installed (npm install --prefix .cache/sls serverless@3, or SLS_BIN)")
        return 77
    import yaml
    got = {}
    for case in sorted(os.listdir(DIR)):
        if not os.path.isdir(os.path.join(DIR, case)):
            continue
        with open(os.path.join(DIR, case, "serverless.yml"), encoding="utf-8") as f:
            region = yaml.safe_load(f)["provider"]["region"]
        got[case] = summary(package(cli, case), region)
    path = os.path.join(DIR, "expected.json")
    if "--write" in sys.argv:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(got, f, indent=1, sort_keys=True)
            f.write("\n")
        return 0
    with open(path, encoding="utf-8") as f:
        expected = json.load(f)
    if expected != got:
        print("serverless package emits:\n" + json.dumps(got, indent=1, sort_keys=True))
        print("expected.json holds:\n" + json.dumps(expected, indent=1, sort_keys=True))
        return 1
    print(f"{len(got)} services agree with serverless package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
