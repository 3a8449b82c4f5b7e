#!/usr/bin/env python3
"""End-to-end tests of the cloudsift binary.

1. Every fixture case tests/fixtures/<check>/<source>/<case>/ (and tests/fixtures/suppress/<case>/) is
   scanned as the working directory (`scan . --format json`); its expectations are written inline, next to
   the lines they concern (`# expect: FAIL lambda_notracing absent`, see tests/e2e/expectations.py and
   HACKING.md "Fixtures"). A case under a check is scanned with --check for that check and for any other
   check its expectations name. The set of results must match exactly; error diagnostics not expected fail.
2. CLI behaviour: help, version, list-checks, explain, usage errors, --output, formats, exit codes.

Prints one line per test and a closing "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "terraform")
FIXTURE_ROOT = os.path.join(ROOT, "tests", "fixtures")

passed = 0
failed = 0


def report(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}\n{detail}")


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and k != "TF_WORKSPACE"}
    env["NO_COLOR"] = "1"
    return env


def run(binary, args, cwd=None, env=None):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True, env=env or clean_env(), timeout=120)
    return p.returncode, p.stdout, p.stderr


def check_ids(binary):
    rc, out, err = run(binary, ["list-checks"])
    return {line.split("\t")[0] for line in out.splitlines() if line.strip()}


def fixture_tests(binary):
    ids = check_ids(binary)
    try:
        cases = expectations.fixture_cases(FIXTURE_ROOT, ids)
    except expectations.FixtureError as e:
        report("fixture layout", False, f"  {e}")
        cases = []
    for name, d, source in cases:
        try:
            exp = expectations.parse_inline(d, source)
        except (expectations.FixtureError, ValueError) as e:
            report(f"fixture {name}", False, f"  bad expectations: {e}")
            continue
        if not exp.results and not exp.diags:
            report(f"fixture {name}", False, "  no expectations: a case must expect at least one result or diagnostic")
            continue
        # A case under tests/fixtures/<check>/ tests that check (and the checks its expectations name): the
        # others' results are not its business.
        only = expectations.scan_checks(name.split("/", 1)[0], exp, ids)
        rc, out, err = run(binary, ["scan", ".", "--format", "json"] + only + exp.args, cwd=d)
        try:
            doc = json.loads(out)
        except ValueError as e:
            report(f"fixture {name}", False, f"  output is not JSON ({e}); stderr: {err}")
            continue
        problems = expectations.compare(exp, doc, rc, err)
        # The same (verdict, address, line) may come from two kinds (a .tf file and the plan made from it).
        # (One module reached from two root modules gives two rows alike but for their identity.)
        if len(doc["results"]) != len({(r["check_id"], r["verdict"], r["reason"], r["resource"], r["file"], r["line"], r["kind"],
                                        r["fingerprint"]) for r in doc["results"]}):
            problems.append("  duplicate results")
        s = doc["summary"]
        if s["passed"] + s["failed"] + s["unresolved"] + s["not_applicable"] + s.get("suppressed", 0) != len(doc["results"]):
            problems.append("  summary does not add up")
        report(f"fixture {name}", not problems, "\n".join(problems))


def inert_tests(binary):
    """Expectation comments are nothing to the scanner: a copy of each case without them (whole-line ones
    removed with their line, trailing ones cut) gives the same results and diagnostics, once its lines are
    carried back to the original's. So none is read as a suppression directive, and none sits between a
    suppression and what it suppresses. Both copies are scanned outside the repository, alike."""
    ids = check_ids(binary)
    differ = []
    total = 0
    try:
        cases = expectations.fixture_cases(FIXTURE_ROOT, ids)
    except expectations.FixtureError:
        cases = []  # reported by fixture_tests
    with tempfile.TemporaryDirectory(prefix="cs-inert-") as tmp:
        for name, d, source in cases:
            try:
                exp = expectations.parse_inline(d, source)
            except (expectations.FixtureError, ValueError):
                continue  # reported by fixture_tests
            args = ["scan", ".", "--format", "json"] + expectations.scan_checks(name.split("/", 1)[0], exp, ids) + exp.args
            same = os.path.join(tmp, name, "verbatim")
            bare = os.path.join(tmp, name, "bare")
            shutil.copytree(d, same, symlinks=True)
            shutil.copytree(d, bare, symlinks=True)
            maps = expectations.strip_expectations(bare)
            if not maps:
                continue
            total += 1

            def back(f, line, mapped):
                return maps.get(f, {}).get(line, line) if mapped and line else line
            got = []
            for where, mapped in ((same, False), (bare, True)):
                rc, out, err = run(binary, args, cwd=where)
                try:
                    doc = json.loads(out)
                except ValueError:
                    doc = {"results": [], "diagnostics": [{"severity": "output", "file": err, "line": 0}]}
                got.append((rc, {(r["check_id"], r["verdict"], r["reason"], r["resource"], r["file"],
                                  back(r["file"], r["line"], mapped), bool(r.get("suppressed"))) for r in doc["results"]},
                            {(x["severity"], x["file"], back(x["file"], x["line"], mapped)) for x in doc["diagnostics"]}))
            (rc1, r1, d1), (rc2, r2, d2) = got
            if got[0] != got[1]:
                differ.append(f"  {name}: exit {rc1} with the comments, {rc2} without"
                              + "".join(f"\n    only with the comments: {x}" for x in sorted(r1 - r2, key=str))
                              + "".join(f"\n    only without: {x}" for x in sorted(r2 - r1, key=str))
                              + "".join(f"\n    diagnostic only with: {x}" for x in sorted(d1 - d2, key=str))
                              + "".join(f"\n    diagnostic only without: {x}" for x in sorted(d2 - d1, key=str)))
    expect(f"fixture expectation comments are inert ({total} cases scanned without them)",
           total and not differ, "\n".join(differ))


def expect(name, cond, detail=""):
    report(name, bool(cond), detail)


def cli_tests(binary):
    rc, out, err = run(binary, ["--version"])
    expect("cli --version", rc == 0 and out.startswith("cloudsift "), out + err)
    rc, out, err = run(binary, ["--help"])
    expect("cli --help", rc == 0 and "scan" in out and "explain" in out and "Examples" in out, out)
    rc, out, err = run(binary, [])
    expect("cli no command is a usage error", rc == 2, out)
    for cmd in ("scan", "list-checks", "explain"):
        rc, out, err = run(binary, [cmd, "--help"])
        expect(f"cli {cmd} --help has examples", rc == 0 and ("Examples" in out or "Example:" in out), out)
    rc, out, err = run(binary, ["frobnicate"])
    expect("cli unknown command exits 2", rc == 2 and "unknown command" in err, err)
    rc, out, err = run(binary, ["scan", "--no-such-flag", FIXTURES])
    expect("cli unknown flag exits 2", rc == 2 and "unknown option --no-such-flag" in err, err)
    rc, out, err = run(binary, ["scan", "--check", "NOPE_1", FIXTURES])
    expect("cli unknown check id exits 2", rc == 2 and 'unknown check "NOPE_1"' in err, err)
    rc, out, err = run(binary, ["scan", "--format", "yaml", FIXTURES])
    expect("cli unknown format exits 2", rc == 2 and 'unknown format "yaml"' in err, err)
    rc, out, err = run(binary, ["scan", "--threads", "0", FIXTURES])
    expect("cli bad --threads exits 2", rc == 2, err)
    rc, out, err = run(binary, ["scan", "--var", "novalue", FIXTURES])
    expect("cli --var without = exits 2", rc == 2 and "NAME=VALUE" in err, err)
    rc, out, err = run(binary, ["scan", os.path.join(FIXTURES, "does-not-exist")])
    expect("cli missing path exits 2", rc == 2 and "no such file or directory" in err, err)

    rc, out, err = run(binary, ["list-checks"])
    expect("cli list-checks", rc == 0 and "lambda_notracing\tLOW" in out and "CKV_AWS_50" in out
           and "AVD-AWS-0066" in out, out)
    rc, out, err = run(binary, ["explain", "CKV_AWS_50"])
    needed = ["aws lambda update-function-configuration --function-name FUNCTION --tracing-config Mode=Active",
              "attach-role-policy", "AWSXRayDaemonWriteAccess", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
              "tracing_config", "Tracing: Active", "Globals", "100,000 traces", "$5.00 per million", "5%",
              "Severity: LOW", 'tracing_mode          = "Active"', "attach_tracing_policy = true"]
    missing = [n for n in needed if n not in out]
    expect("cli explain has rationale, fixes, cost and sampling", rc == 0 and not missing, f"missing: {missing}")
    rc, out, err = run(binary, ["explain", "nope"])
    expect("cli explain unknown check exits 2", rc == 2, err)

    v = os.path.join(FIXTURES, "verdicts")
    rc, out, err = run(binary, ["scan", v])
    last = out.strip().splitlines()[-1] if out.strip() else ""
    expect("cli text summary line", rc == 1 and last.startswith("1 passed, 7 failed, 0 unresolved, 0 not applicable"),
           out)
    expect("cli text has file:line, verdict, address, reason",
           any(l.endswith("[absent] no tracing mode is set, so Lambda uses PassThrough") and
               "main.tf:2:1: FAIL lambda_notracing aws_lambda_function.absent" in l for l in out.splitlines()), out)
    expect("cli text has no colour when not a terminal", "\033[" not in out, repr(out[:200]))
    # On a terminal the verdicts are coloured, unless NO_COLOR or --no-color says otherwise.
    import pty
    def on_tty(extra_env, args):
        env = clean_env()
        env.pop("NO_COLOR", None)
        env.update(extra_env)
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary] + args, env)
        chunks = []
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        return b"".join(chunks).decode(errors="replace")
    tty_out = on_tty({}, ["scan", v])
    expect("cli text is coloured on a terminal", "\033[31mFAIL" in tty_out, repr(tty_out[:200]))
    expect("cli NO_COLOR disables colour on a terminal", "\033[" not in on_tty({"NO_COLOR": "1"}, ["scan", v]))
    expect("cli --no-color disables colour on a terminal", "\033[" not in on_tty({}, ["scan", v, "--no-color"]))
    rc, out, err = run(binary, ["scan", v, "--skip-check", "lambda_notracing"])
    expect("cli --skip-check leaves nothing to fail", rc == 0 and out.strip().startswith("0 passed, 0 failed"), out)
    rc, out, err = run(binary, ["scan", v, "--check", "ckv_aws_50", "--format=json"])
    expect("cli --check takes an alias", rc == 1 and json.loads(out)["checks"] == ["lambda_notracing"], out)
    rc, out, err = run(binary, ["scan", os.path.join(v, "main.tf"), "--format", "json"])
    expect("cli scan of one file", rc == 1 and len(json.loads(out)["results"]) == 8, out)
    with tempfile.TemporaryDirectory() as t:
        dest = os.path.join(t, "out.json")
        rc, out, err = run(binary, ["scan", v, "--format", "json", "--output", dest])
        ok = rc == 1 and out == "" and os.path.isfile(dest) and json.load(open(dest))["summary"]["failed"] == 7
        expect("cli --output writes the report to a file", ok and os.listdir(t) == ["out.json"], out + err)
        rc, out, err = run(binary, ["scan", v, "--output", os.path.join(t, "no", "such", "dir", "x")])
        expect("cli --output to an unwritable place exits 2", rc == 2 and "cannot write" in err, err)
    # TF_VAR_ environment variables set root variables (lowest precedence).
    env = clean_env()
    env["TF_VAR_mode_no_default"] = "Active"
    rc, out, err = run(binary, ["scan", os.path.join(FIXTURES, "variables"), "--format", "json"], env=env)
    verdicts = {r["resource"]: r["verdict"] for r in json.loads(out)["results"]}
    expect("cli TF_VAR_ sets a root variable", verdicts.get("aws_lambda_function.unknown") == "PASS", out)
    # Values from files and from the environment are shown by their label, never as themselves.
    files = os.path.join(FIXTURES, "files")
    rc, out, err = run(binary, ["scan", files])
    expect("cli a mode read from a file is shown as (from file PATH)",
           rc == 1 and "tracing mode (from file " + os.path.join(files, "bad.txt") + ") is not valid" in out
           and '"active"' not in out, out + err)
    expect("cli a file outside the scanned tree is not read",
           'file("/etc/hostname") reads outside the scanned tree' in out, out)
    env = clean_env()
    env["TF_VAR_mode_no_default"] = "cs-e2e-env-secret"
    rc, out, err = run(binary, ["scan", os.path.join(FIXTURES, "variables")], env=env)
    expect("cli a TF_VAR_ value is shown as (from environment)",
           "tracing mode (from environment) is not valid" in out and "cs-e2e-env-secret" not in out, out + err)
    # Columns: bytes in text and JSON, UTF-16 code units in SARIF (its default columnKind); the line has
    # "héllo 🚀" before the value (é: 2 bytes, 1 unit; 🚀: 4 bytes, 2 units).
    non_ascii = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "cloudformation", "non-ascii")
    rc, out, err = run(binary, ["scan", ".", "--format", "json"], cwd=non_ascii)
    cols = [(r["line"], r["column"]) for r in json.loads(out)["results"]]
    expect("cli JSON columns count bytes", cols == [(9, 68)], out + err)
    rc, out, err = run(binary, ["scan", ".", "--format", "sarif"], cwd=non_ascii)
    run0 = json.loads(out)["runs"][0]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run0["results"]]
    expect("cli SARIF columns count UTF-16 code units",
           run0.get("columnKind") == "utf16CodeUnits" and [(g["startLine"], g["startColumn"]) for g in regions]
           == [(9, 65)], out + err)
    # The same scan with 1 and 2 threads gives the same output.
    a = run(binary, ["scan", FIXTURES, "--format", "json", "--threads", "1"])[1]
    b = run(binary, ["scan", FIXTURES, "--format", "json", "--threads", "2"])[1]
    expect("cli output does not depend on --threads", a == b and a, "")
    # One module (and the module missing inside it) reached from two root modules: one identity per root,
    # the same from the working directory or from above it; a baseline of one root leaves the other new.
    two = os.path.join(FIXTURES, "two_roots")
    for where, args in ((two, ["scan", "."]), (os.path.dirname(two), ["scan", "two_roots"])):
        rc, out, err = run(binary, args + ["--format", "json", "--check", "lambda_notracing"], cwd=where)
        fps = sorted(r["fingerprint"] for r in json.loads(out)["results"] if r["reason"] == "module-missing")
        prefix = ("" if where == two else "two_roots/")
        want = [f"lambda_notracing|{prefix}modules/service/main.tf|module.service.module.label|root={prefix}{root}"
                for root in ("prod", "staging")]
        expect(f"cli a missing module reached from two roots has two identities ({args[1]})", fps == want, out + err)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    fixture_tests(binary)
    inert_tests(binary)
    cli_tests(binary)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
