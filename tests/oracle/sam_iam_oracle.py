#!/usr/bin/env python3
"""Oracle for the execution roles SAM generates: runs the machine's samtranslator offline on
tests/oracle/sam_iam/template.yaml and checks that tests/oracle/sam_iam/expected.json holds what it emits
for each generated role (ManagedPolicyArns in order, inline policy names in order, PermissionsBoundary).
cs_sources_cloudformation_tests compares cloudsift's model of those roles with expected.json, so the two
together compare cloudsift with the translator. --write regenerates expected.json.

Exit 0 when they agree, 1 when not, 77 (skip) when samtranslator is not installed.
"""
import json
import logging
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "sam_iam")


class PolicyMap(dict):
    """Every AWS managed policy name maps to arn:aws:iam::aws:policy/NAME, so no IAM call is needed."""

    def __missing__(self, key):
        return f"arn:aws:iam::aws:policy/{key}"

    def __contains__(self, key):
        return True

    def get(self, key, default=None):
        return self[key]


class Loader:
    def load(self):
        return PolicyMap()


def main():
    for k, v in {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1", "AWS_EC2_METADATA_DISABLED": "true",
                 "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ[k] = v
    logging.disable(logging.CRITICAL)
    try:
        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
    except ImportError:
        print("SKIP: samtranslator is not installed")
        return 77
    with open(os.path.join(DIR, "template.yaml"), encoding="utf-8") as f:
        out = transform(yaml_parse(f.read()), {}, Loader())
    roles = {}
    for rid, r in out["Resources"].items():
        if r["Type"] != "AWS::IAM::Role":
            continue
        p = r["Properties"]
        roles[rid] = {"ManagedPolicyArns": p.get("ManagedPolicyArns", []),
                      "Policies": [x["PolicyName"] for x in p.get("Policies", [])],
                      "PermissionsBoundary": p.get("PermissionsBoundary", "")}
    path = os.path.join(DIR, "expected.json")
    if "--write" in sys.argv:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(roles, f, indent=1, sort_keys=True)
            f.write("\n")
        return 0
    with open(path, encoding="utf-8") as f:
        expected = json.load(f)
    if expected != roles:
        print("samtranslator emits:\n" + json.dumps(roles, indent=1, sort_keys=True))
        print("expected.json holds:\n" + json.dumps(expected, indent=1, sort_keys=True))
        return 1
    print(f"{len(roles)} generated roles agree with samtranslator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
