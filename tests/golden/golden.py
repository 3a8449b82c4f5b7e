#!/usr/bin/env python3
"""Golden tests of every output format: the binary's output, byte for byte, against tests/golden/.

For each case below the binary runs in the fixture directory on "." (so paths are relative) with
--format NAME for every format, and the output is normalised so it does not depend on the machine or
the release: the tool version becomes @VERSION@ and the SARIF source root (the absolute fixture
directory) becomes file:///@SRCROOT@/. The result must equal tests/golden/<case>/report.<ext>.

Regenerate after an intended change with
    UPDATE_GOLDEN=1 python3 tests/golden/golden.py --binary build/cloudsift
(or `UPDATE_GOLDEN=1 ctest -R '^golden$'`) and review the diff.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CASES = {
    "terraform-verdicts": "tests/fixtures/lambda_notracing/terraform/verdicts",
    "terraform-modules": "tests/fixtures/lambda_notracing/terraform/modules",
}
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "csv": "csv", "markdown": "md"}


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and k != "TF_WORKSPACE"}
    env["NO_COLOR"] = "1"
    return env


def normalise(out, version, fixture_dir):
    root_uri = "file://" + urllib.parse.quote(os.path.realpath(fixture_dir).rstrip("/") + "/", safe="/-._~")
    out = out.replace(root_uri, "file:///@SRCROOT@/")
    # Only where the tool's version is printed: "version"/"semanticVersion" JSON members.
    out = re.sub(r'("(?:version|semanticVersion)": )"' + re.escape(version) + '"', r'\1"@VERSION@"', out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the golden files (also: UPDATE_GOLDEN=1)")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    update = a.update or os.environ.get("UPDATE_GOLDEN") == "1"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()[-1]
    failed = passed = 0
    for case, rel in CASES.items():
        fixture = os.path.join(ROOT, rel)
        for fmt, ext in FORMATS.items():
            # The goldens are lambda_notracing's outputs (its fixtures): other checks are left out so that
            # adding a check does not change them.
            p = subprocess.run([binary, "scan", ".", "--format", fmt, "--check", "lambda_notracing"],
                               cwd=os.path.realpath(fixture),
                               capture_output=True, env=clean_env(), timeout=120)
            got = normalise(p.stdout.decode("utf-8"), version, fixture)
            path = os.path.join(HERE, case, f"report.{ext}")
            name = f"{case}/report.{ext}"
            if update:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(got)
                print(f"WROTE {name}")
                continue
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    want = f.read()
            except FileNotFoundError:
                want = None
            if want == got:
                passed += 1
                print(f"PASS {name}")
                continue
            failed += 1
            print(f"FAIL {name}" + (" (missing)" if want is None else ""))
            diff = difflib.unified_diff((want or "").splitlines(True), got.splitlines(True), f"golden/{name}",
                                        "output", n=2)
            sys.stdout.writelines(list(diff)[:60])
    if update:
        return 0
    print(f"{passed} passed, {failed} failed")
    if failed:
        print("If the change is intended: UPDATE_GOLDEN=1 python3 tests/golden/golden.py --binary BUILD/cloudsift, "
              "then review the diff of tests/golden/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
