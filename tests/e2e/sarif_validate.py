#!/usr/bin/env python3
"""Validates every SARIF file cloudsift writes with Microsoft's SARIF Multitool, GitHub rules included.

Runs the built binary with --format sarif:FILE on every fixture directory under tests/fixtures (every
case, each with the arguments its `expect-args:` names), on the whole fixture tree from the repository
root, and on a scratch tree with awkward file names scanned from outside (absolute URIs); then runs

    Sarif.Multitool validate FILE -o OUT --rule-kind "Gh;Sarif"

on each and requires zero error-level results. Warnings and notes are printed, not fatal. Also checks
that the SARIF has exactly the FAIL and UNRESOLVED results of the JSON report.

The multitool comes from npm (see scripts/test.sh):
    npm install --prefix .cache/sarif @microsoft/sarif-multitool-linux
Exits 77 (skipped) when it is not installed. SARIF_MULTITOOL=PATH overrides where it is looked for.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE_ROOT = os.path.join(ROOT, "tests", "fixtures")
sys.path.insert(0, HERE)
import expectations  # noqa: E402
DEFAULT_MULTITOOL = os.path.join(ROOT, ".cache", "sarif", "node_modules", "@microsoft", "sarif-multitool-linux",
                                 "Sarif.Multitool")


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and k != "TF_WORKSPACE"}
    env["NO_COLOR"] = "1"
    return env


def expect_args(d):
    return expectations.case_args(d)


def fixture_dirs(binary):
    # Every case (tests/fixtures/<check>/<source>/<case> and tests/fixtures/<feature>/<case>).
    out = subprocess.run([binary, "list-checks"], capture_output=True, text=True, env=clean_env()).stdout
    checks = {line.split("\t")[0] for line in out.splitlines() if line.strip()}
    for name, d, _ in expectations.fixture_cases(FIXTURE_ROOT, checks):
        yield name, d


def validate(multitool, sarif, out):
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    p = subprocess.run([multitool, "validate", sarif, "-o", out, "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite"],
                       capture_output=True, text=True, env=env, timeout=300)
    if p.returncode != 0 or not os.path.isfile(out):
        return None, f"multitool exit {p.returncode}: {p.stdout}{p.stderr}"
    with open(out) as f:
        log = json.load(f)
    findings = []
    for run in log.get("runs", []):
        for r in run.get("results", []):
            level = r.get("level", "warning")
            msg = r.get("message", {})
            text = msg.get("text") or " / ".join(msg.get("arguments", []))
            findings.append((level, r.get("ruleId", "?"), text))
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
                if n.get("level", "warning") == "error":
                    findings.append(("error", "multitool", n.get("message", {}).get("text", "")))
    return findings, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--multitool", default=os.environ.get("SARIF_MULTITOOL", DEFAULT_MULTITOOL))
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    if not os.path.isfile(a.multitool):
        print(f"SKIP: SARIF Multitool not found at {a.multitool}\n"
              "  install it with: npm install --prefix .cache/sarif @microsoft/sarif-multitool-linux")
        return 77
    if not os.access(a.multitool, os.X_OK):
        os.chmod(a.multitool, os.stat(a.multitool).st_mode | 0o100)  # npm may skip the package's chmod script

    failed = 0
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []  # (name, cwd, args)
        for name, d in fixture_dirs(binary):
            jobs.append((name, d, ["scan", "."] + expect_args(d)))
        jobs.append(("whole tree from the repository root", ROOT, ["scan", "tests/fixtures"]))
        # Awkward names, an input error, and files outside the working directory (absolute URIs).
        odd = os.path.join(tmp, "odd dir #1")
        os.makedirs(os.path.join(odd, "sub"))
        with open(os.path.join(odd, "a b%c.tf"), "w") as f:
            f.write('resource "aws_lambda_function" "x" {\n  function_name = "x"\n}\n')
        with open(os.path.join(odd, "bad.tf"), "w") as f:
            f.write('resource "aws_lambda_function" "y" {\n  tracing_config { mode = }\n}\n')
        jobs.append(("awkward names, scanned from inside", odd, ["scan", "."]))
        jobs.append(("awkward names, scanned from outside", os.path.join(odd, "sub"), ["scan", ".."]))

        # A live scan with a coverage gap (no physical locations; gaps as error notifications), against the
        # fake AWS endpoint when botocore is there to run it.
        fake = None
        envs = {}
        try:
            import botocore  # noqa: F401
            fake = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fakeaws", "server.py"), "--port", "0"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            ready = fake.stdout.readline()
            port = ready.split("port=")[1].split()[0]
            jobs.append(("live scan of an organization with a gap", tmp,
                         ["scan", "aws", "--org", "--regions", "us-east-1,eu-west-1", "--quiet",
                          "--endpoint-url", f"http://127.0.0.1:{port}"]))
            envs[len(jobs) - 1] = {"AWS_ACCESS_KEY_ID": "AKIAFAKEMGMT00000001",
                                   "AWS_SECRET_ACCESS_KEY": "mgmt/secret/key/0000000000000000000001",
                                   "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                                   "HOME": tmp, "AWS_CONFIG_FILE": os.path.join(tmp, "none"),
                                   "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none")}
        except (ImportError, IndexError, OSError) as e:
            print(f"SKIP live scan SARIF: {e}")

        try:
            failed, checked = run_jobs(jobs, envs, tmp, binary, a.multitool)
        finally:
            if fake:
                fake.terminate()
                fake.wait(10)
    print(f"{checked} SARIF files validated, {failed} failed")
    return 1 if failed else 0


def run_jobs(jobs, envs, tmp, binary, multitool):
    failed = checked = 0
    if True:
        for i, (name, cwd, args) in enumerate(jobs):
            sarif = os.path.join(tmp, f"{i}.sarif")
            jsonf = os.path.join(tmp, f"{i}.json")
            env = clean_env()
            env.update(envs.get(i, {}))
            p = subprocess.run([binary] + args + ["--format", f"sarif:{sarif}", "--format", f"json:{jsonf}"], cwd=cwd,
                               capture_output=True, text=True, env=env, timeout=300)
            if not os.path.isfile(sarif) and p.returncode == 2 and "unknown option" in p.stderr:
                # A fixture for a flag this build does not have yet: not a SARIF problem.
                print(f"SKIP {name}: {p.stderr.strip().splitlines()[0]}")
                continue
            if not os.path.isfile(sarif):
                print(f"FAIL {name}: no SARIF written (exit {p.returncode}): {p.stderr.strip()}")
                failed += 1
                continue
            problems = []
            with open(sarif) as f:
                doc = json.load(f)
            with open(jsonf) as f:
                rep = json.load(f)
            want = sorted((r["check_id"], r["resource"]) for r in rep["results"]
                          if r["verdict"] in ("FAIL", "UNRESOLVED"))
            got = sorted((r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
                         for r in doc["runs"][0]["results"])
            if want != got:
                problems.append(f"  SARIF results {got} differ from the JSON report's FAIL/UNRESOLVED {want}")
            if i in envs:  # the live job: its coverage gap must be in the SARIF
                inv = doc["runs"][0]["invocations"][0]
                gaps = [n for n in inv.get("toolExecutionNotifications", []) if n.get("properties", {}).get("cause")]
                if p.returncode != 3 or inv["executionSuccessful"] is not False or len(gaps) != 1 \
                        or doc["runs"][0]["properties"]["coverage"]["gaps"] != rep["coverage"]["gaps"]:
                    problems.append(f"  live: exit {p.returncode}, gaps {gaps}, stderr {p.stderr.strip()}")
            findings, err = validate(multitool, sarif, sarif + ".validation.sarif")
            checked += 1
            if findings is None:
                problems.append("  " + err)
            else:
                for level, rule, text in findings:
                    line = f"  {level} {rule}: {text}"
                    if level == "error":
                        problems.append(line)
                    else:
                        print(f"note {name}: {line.strip()}")
            if problems:
                failed += 1
                print(f"FAIL {name}\n" + "\n".join(problems))
                keep = os.environ.get("SARIF_KEEP_DIR")
                if keep:
                    os.makedirs(keep, exist_ok=True)
                    shutil.copy(sarif, os.path.join(keep, f"{i}.sarif"))
            else:
                print(f"PASS {name} ({len(got)} results)")
    return failed, checked


if __name__ == "__main__":
    sys.exit(main())
