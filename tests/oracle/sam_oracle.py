#!/usr/bin/env python3
"""Oracle: cloudsift's reading of AWS::Serverless::Function against the SAM translator's output.

For every SAM template of the corpus (the SAM translator's own test inputs and the serverless-patterns
collection) this runs the machine's samtranslator offline (a stub managed-policy loader, region
us-east-1, no AWS calls), writes the transformed CloudFormation to a temp dir, scans the originals and
the transformed templates with cloudsift (one run each, --format json) and checks that every
AWS::Serverless::Function gets the same verdict and reason as the AWS::Lambda::Function with the same
logical id in the translator's output. Templates the translator rejects are skipped and counted.

Exit 0 when everything matches, 1 on a mismatch, 77 (skip) when samtranslator or the corpus is missing.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import logging
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "real")
SAM = "AWS::Serverless-2016-10-31"


class PolicyMap(dict):
    """Every AWS managed policy name maps to its ARN, so no IAM call is needed."""

    def __missing__(self, key):
        return f"arn:aws:iam::aws:policy/{key}"

    def __contains__(self, key):
        return True

    def get(self, key, default=None):
        return self[key]


class Loader:
    def load(self):
        return PolicyMap()


def packaged(doc):
    """What `sam package` would leave: local CodeUri/ContentUri/DefinitionUri become S3 URIs (the
    translator accepts only those); nothing that decides tracing changes."""
    def fix(props, key):
        if isinstance(props, dict) and isinstance(props.get(key), str) and not props[key].startswith("s3://"):
            props[key] = "s3://bucket/key"
    g = doc.get("Globals")
    if isinstance(g, dict):
        fix(g.get("Function"), "CodeUri")
    for r in doc["Resources"].values():
        if isinstance(r, dict):
            props = r.get("Properties")
            for k in ("CodeUri", "ContentUri", "DefinitionUri"):
                fix(props, k)
    return doc


def plain_dates(x):
    """YAML 1.1 reads `Version: 2012-10-17` as a date; CloudFormation reads it as the string."""
    if isinstance(x, dict):
        return {k: plain_dates(v) for k, v in x.items()}
    if isinstance(x, list):
        return [plain_dates(v) for v in x]
    if isinstance(x, (datetime.date, datetime.datetime)):
        return x.isoformat()
    return x


def ident(key, r):
    """A result's identity in both templates: a function by its logical id; an API Gateway stage by its API and
    stage name (the SAM Api, or a Deployment's stage, has another logical id once translated)."""
    if r.get("check_id") == "apigateway_notracing":
        p = r.get("properties") or {}
        return (key, "stage", p.get("api", ""), p.get("stage", ""))
    return (key, r["resource"])


def candidates(corpus):
    # Our own SAM fixtures first (tests/fixtures/<check>/sam/, every check's): their API Gateway stages are
    # compared like the corpus's.
    fixtures = os.path.join(ROOT, "tests", "fixtures")
    for check in sorted(os.listdir(fixtures)):
        for dirpath, dirnames, filenames in os.walk(os.path.join(fixtures, check, "sam")):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".yaml", ".yml")):
                    yield os.path.join(dirpath, name)
    inp = os.path.join(corpus, "sam-translator", "tests", "translator", "input")
    if os.path.isdir(inp):
        for name in sorted(os.listdir(inp)):
            if name.endswith((".yaml", ".yml", ".json")):
                yield os.path.join(inp, name)
    sp = os.path.join(corpus, "serverless-patterns")
    for dirpath, dirnames, filenames in os.walk(sp):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
        for name in sorted(filenames):
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            p = os.path.join(dirpath, name)
            try:
                with open(p, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if SAM in text and "AWS::Serverless::Function" in text:
                yield p


def scan(binary, path, threads):
    p = subprocess.run([binary, "scan", path, "--format", "json", "--threads", str(threads),
                        "--skip-check", "lambda_tracing_nopermission"],
                       capture_output=True, text=True, timeout=600)
    if p.returncode not in (0, 1, 2):
        raise SystemExit(f"cloudsift failed ({p.returncode}): {p.stderr}")
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    # Nothing here may call AWS: any client the translator makes fails at once against a closed port.
    os.environ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    os.environ["AWS_MAX_ATTEMPTS"] = "1"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    logging.disable(logging.CRITICAL)  # the translator logs feature toggles and metrics
    try:
        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
    except ImportError:
        print("SKIP: samtranslator is not installed")
        return 77
    files = list(candidates(a.corpus))
    if not files:
        print(f"SKIP: no SAM templates under {a.corpus}")
        return 77

    tmp = tempfile.mkdtemp(prefix="sam_oracle_")
    try:
        orig_dir, xf_dir = os.path.join(tmp, "orig"), os.path.join(tmp, "xf")
        os.makedirs(orig_dir)
        os.makedirs(xf_dir)
        kept, rejected, unreadable, reasons, needs_sar = {}, 0, 0, {}, 0
        t0 = time.time()
        for i, path in enumerate(files):
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                doc = yaml_parse(text)
            except Exception:
                unreadable += 1
                continue
            if not isinstance(doc, dict) or not isinstance(doc.get("Resources"), dict):
                unreadable += 1
                continue
            if "AWS::Serverless::Application" in text:
                needs_sar += 1  # the translator would call the Serverless Application Repository
                continue
            try:
                out = transform(packaged(plain_dates(doc)), {}, Loader())
            except Exception as e:
                rejected += 1
                reasons[type(e).__name__] = reasons.get(type(e).__name__, 0) + 1
                continue
            ext = os.path.splitext(path)[1]
            key = f"t{i:05d}"
            shutil.copyfile(path, os.path.join(orig_dir, key + ext))
            with open(os.path.join(xf_dir, key + ".json"), "w") as f:
                json.dump(out, f, indent=1, default=str)
            kept[key] = path

        t1 = time.time()
        orig = scan(a.binary, orig_dir, a.threads)
        xf = scan(a.binary, xf_dir, a.threads)
        t2 = time.time()
        xf_by = {}
        for r in xf["results"]:
            key = os.path.splitext(os.path.basename(r["file"]))[0]
            xf_by[ident(key, r)] = r
        compared, mismatches, vanished = 0, [], []
        seen_xf = set()
        for r in orig["results"]:
            if r["kind"] != "sam" and r.get("check_id") != "apigateway_notracing":
                continue
            key = os.path.splitext(os.path.basename(r["file"]))[0]
            t = xf_by.get(ident(key, r))
            seen_xf.add(ident(key, r))
            if t is None:
                # The translator emitted no function under this id (it replaced the resource).
                vanished.append(f"  {kept.get(key, key)}: {r['resource']}")
                continue
            compared += 1
            want = (t["verdict"], t["reason"]) if t else ("(no function)", "")
            if (r["verdict"], r["reason"]) != want:
                mismatches.append(f"  {kept.get(key, key)}: {r['resource']}: SAM {r['verdict']} {r['reason']} "
                                  f"({r['message']}) vs transformed {want[0]} {want[1]}"
                                  + (f" ({t['message']})" if t else ""))
            elif a.verbose:
                print(f"  ok {kept.get(key, key)}: {r['resource']} {r['verdict']} {r['reason']}")
        # Every stage of the translated templates must be one of ours (a stage we do not model is missed).
        stages_compared = sum(1 for k in seen_xf if k[1] == "stage" and k in xf_by)
        for k, t in sorted(xf_by.items()):
            if k[1] == "stage" and k not in seen_xf:
                mismatches.append(f"  {kept.get(k[0], k[0])}: stage {k[3]} of {k[2]}: translated {t['verdict']} "
                                  f"{t['reason']}, none from the SAM template")
        print(f"API Gateway stages compared: {stages_compared}")
        parse_errors = [d for d in orig["diagnostics"] if d["severity"] == "error"]
        print(f"templates: {len(files)} found, {len(kept)} translated, {rejected} rejected by the translator, "
              f"{unreadable} not SAM templates or unreadable, "
              f"{needs_sar} skipped (nested applications need the Serverless Application Repository); rejections by kind: {reasons}")
        print(f"time: translate {t1 - t0:.1f}s, scan {t2 - t1:.1f}s")
        print(f"SAM functions with no function of that id in the translator's output (not compared): {len(vanished)}")
        for v in vanished:
            print(v)
        print(f"functions compared: {compared}, mismatches: {len(mismatches)}, "
              f"cloudsift parse errors on translated inputs: {len(parse_errors)}")
        for m in mismatches:
            print(m)
        for d in parse_errors[:20]:
            print(f"  parse error: {d['file']}:{d['line']}: {d['message']}")
        return 1 if mismatches or compared == 0 else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
