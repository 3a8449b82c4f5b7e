#!/usr/bin/env python3
"""Conformance against inputs this project did not write (../shared/corpus, read in place, never copied).

1. peers/MANIFEST.tsv: every row whose format cloudsift reads gets scanned and our verdict compared with
   the peer's expected verdict. Deliberate disagreements are listed in DISAGREE with the reason.
2. real/terraform-aws-lambda/examples: scanned as a user would; no parse errors; every call of the module
   (source "../../") that creates a function and sets no tracing_mode FAILs, attributed to the call's line.

Exits 77 (skipped) when the corpus is absent. Prints "N passed, N failed".
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys

# (file, resource) -> (our verdict, why we differ from the peer)
DISAGREE = {
    ("checkov/main.tf", "aws_lambda_function.pass_through"):
        ("FAIL", "Checkov accepts PassThrough; PassThrough records no segments of its own, and AWS Config "
                 "and Security Hub Lambda.7 call it non-compliant"),
}
# Formats this build reads; the others (Ansible, Trivy's abstract rego input) are reported as skipped.
FORMATS = {"terraform-hcl", "cloudformation-yaml", "cloudformation-json", "sam-yaml", "serverless-framework-yaml"}


def our_name(manifest_name):
    """MANIFEST names CloudFormation resources "Logical (AWS::Type)"; we address them by logical id."""
    return manifest_name.split(" (", 1)[0]

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def scan(binary, args, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}
    p = subprocess.run([binary, "scan", "--format", "json"] + args, capture_output=True, text=True, cwd=cwd, env=env,
                       timeout=300)
    try:
        return p.returncode, json.loads(p.stdout), p.stderr
    except ValueError:
        return p.returncode, None, p.stderr


def peers(binary, corpus):
    peers_dir = os.path.join(corpus, "peers")
    skipped = {}
    with open(os.path.join(peers_dir, "MANIFEST.tsv")) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    cache = {}
    for row in rows:
        fmt = row["format"]
        if fmt not in FORMATS:
            skipped[fmt] = skipped.get(fmt, 0) + 1
            continue
        path = os.path.join(peers_dir, row["file"])
        if path not in cache:
            # The peers' rules are all lambda_notracing's (Lambda tracing mode); other checks' results on
            # the same functions are not theirs to judge.
            cache[path] = scan(binary, ["--check", "lambda_notracing", path])
        rc, doc, err = cache[path]
        name = f"peer {row['file']} {row['resource_or_function_name']}"
        if doc is None:
            check(name, False, f"no JSON output: {err}")
            continue
        errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
        got = [r for r in doc["results"] if r["resource"] == our_name(row["resource_or_function_name"])]
        want = row["expected"]
        why = ""
        key = (row["file"], row["resource_or_function_name"])
        if key in DISAGREE:
            want, why = DISAGREE[key]
        ok = len(got) == 1 and got[0]["verdict"] == want and not errors
        detail = f"expected {want}, got {[g['verdict'] + ' ' + g['reason'] for g in got]} errors={errors}"
        check(name + (f" (deliberately {want}: {why})" if why else ""), ok, detail)
    for fmt, n in sorted(skipped.items()):
        print(f"note: {n} peer rows in format {fmt} are not read by this build yet")


MODULE_RE = re.compile(r'^module\s+"([^"]+)"\s*\{\s*$')


def module_calls(path):
    """(name, line, body) of each top-level module block in a conventionally formatted .tf file."""
    out = []
    lines = open(path).read().split("\n")
    i = 0
    while i < len(lines):
        m = MODULE_RE.match(lines[i])
        if m:
            j = i + 1
            while j < len(lines) and lines[j] != "}":
                j += 1
            out.append((m.group(1), i + 1, "\n".join(lines[i + 1:j])))
            i = j
        i += 1
    return out


def tam_examples(binary, corpus):
    root = os.path.join(corpus, "real", "terraform-aws-lambda")
    ex = os.path.join(root, "examples")
    if not os.path.isdir(ex):
        print("note: real/terraform-aws-lambda is absent")
        return
    rc, doc, err = scan(binary, ["--check", "lambda_notracing", ex])
    check("terraform-aws-lambda examples: scan runs", doc is not None, err)
    if doc is None:
        return
    errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    check("terraform-aws-lambda examples: no parse errors", not errors, errors[:5])
    results = {}
    for r in doc["results"]:
        results.setdefault((os.path.normpath(r["file"]), r["line"]), []).append(r)
    calls = 0
    for e in sorted(os.listdir(ex)):
        main = os.path.join(ex, e, "main.tf")
        if not os.path.isfile(main):
            continue
        for name, line, body in module_calls(main):
            src = re.search(r'^\s*source\s*=\s*"([^"]+)"', body, re.M)
            if not src or os.path.normpath(src.group(1)) != "../..":
                continue
            if "tracing_mode" in body:
                continue
            no_fn = re.search(r'^\s*(create_function|create)\s*=\s*false', body, re.M) or \
                re.search(r'^\s*create_layer\s*=\s*true', body, re.M)
            got = results.get((os.path.normpath(main), line), [])
            if no_fn:
                check(f"{e}/main.tf:{line} module.{name} creates no function", not got, got)
                continue
            calls += 1
            # A function fed by an event source X-Ray cannot trace (the module's event_source_mapping
            # input with queues: Amazon MQ; topics: Kafka) is not checked.
            untraceable = re.search(r'^\s*(queues|topics)\s*=', body, re.M)
            ok = bool(got) and all(((g["verdict"] == "FAIL" and g["reason"] == "absent") or
                                    (untraceable and g["verdict"] == "NOT_APPLICABLE" and
                                     g["reason"] == "unsupported-source")) and
                                   g["resource"].startswith(f"module.{name}") for g in got)
            check(f"{e}/main.tf:{line} module.{name} without tracing_mode FAILs at the call", ok, got)
    check("terraform-aws-lambda examples: calls found", calls >= 30, calls)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus"))
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    if not os.path.isdir(corpus):
        print(f"skipped: no corpus at {corpus}")
        return 77
    binary = os.path.abspath(a.binary)
    peers(binary, corpus)
    tam_examples(binary, corpus)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
