#!/usr/bin/env python3
"""End-to-end tests of cloudsift's CI-gate features: baselines, the exit-code policy, .cloudsift.yaml
and how suppressed results are shown.

Every test writes its own small Terraform files into a fresh temporary directory and runs the binary
there with a clean environment (no TF_VAR_*, NO_COLOR=1, CLOUDSIFT_TODAY=2026-06-01). Inline suppression
syntaxes, scopes, expiry and justification are covered by tests/fixtures/suppress (run_e2e.py), not here.

Usage: gate_test.py --binary PATH
Prints one PASS/FAIL line per test and a closing "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

BINARY = None
TODAY = "2026-06-01"
TESTS = []

# --- Terraform snippets ----------------------------------------------------------------------------


def fail_res(name, fn=None):
    """A function with no tracing_config: FAIL absent (severity LOW)."""
    return f'resource "aws_lambda_function" "{name}" {{\n  function_name = "{fn or name}"\n}}\n'


def pass_res(name):
    return (f'resource "aws_lambda_function" "{name}" {{\n  function_name = "{name}"\n'
            f'  tracing_config {{\n    mode = "Active"\n  }}\n}}\n')


def unres_res(name, var="mode"):
    """UNRESOLVED unknown when var.<var> has no value."""
    return (f'resource "aws_lambda_function" "{name}" {{\n  function_name = "{name}"\n'
            f'  tracing_config {{\n    mode = var.{var}\n  }}\n}}\n')


def var_decl(name="mode", default=None):
    if default is None:
        return f'variable "{name}" {{}}\n'
    return f'variable "{name}" {{\n  default = "{default}"\n}}\n'


# --- harness ---------------------------------------------------------------------------------------


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def eq(got, want, what):
    if got != want:
        raise Failure(f"{what}: got {got!r}, expected {want!r}")


def clean_env(today=TODAY):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TF_VAR_") and k not in ("TF_WORKSPACE", "NO_COLOR", "CLOUDSIFT_TODAY")}
    env["NO_COLOR"] = "1"
    if today:
        env["CLOUDSIFT_TODAY"] = today
    return env


class Run:
    def __init__(self, args, p):
        self.args = args
        self.code = p.returncode
        self.out = p.stdout
        self.err = p.stderr
        self._doc = None

    @property
    def doc(self):
        if self._doc is None:
            try:
                self._doc = json.loads(self.out)
            except ValueError as e:
                raise Failure(f"output of {self.args} is not JSON ({e}):\n{self.out}\nstderr: {self.err}")
        return self._doc

    def describe(self):
        return f"cloudsift {' '.join(self.args)} -> exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"

    def expect_code(self, code, what=""):
        if self.code != code:
            raise Failure(f"{what + ': ' if what else ''}exit {self.code}, expected {code}\n{self.describe()}")
        return self

    def results(self):
        return self.doc["results"]

    def by_resource(self):
        out = {}
        for r in self.results():
            check(r["resource"] not in out, f"two results for {r['resource']}")
            out[r["resource"]] = r
        return out

    def unsuppressed_findings(self):
        return {r["resource"] for r in self.results()
                if r["verdict"] in ("FAIL", "UNRESOLVED") and not r["suppressed"]}

    def suppressed(self):
        return {r["resource"] for r in self.results() if r["suppressed"]}


class Ctx:
    def __init__(self, root):
        self.root = root

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def read(self, rel):
        with open(self.path(rel)) as f:
            return f.read()

    def run(self, *args, cwd=None, today=TODAY):
        args = [str(a) for a in args]
        p = subprocess.run([BINARY] + args, cwd=cwd or self.root, capture_output=True, text=True,
                           env=clean_env(today), timeout=120)
        return Run(args, p)

    def scan(self, *args, cwd=None, today=TODAY):
        return self.run("scan", *args, "--format", "json", cwd=cwd, today=today)


def test(fn):
    TESTS.append(fn)
    return fn


def fa(x):
    return f"aws_lambda_function.{x}"


def baseline_suppression(r):
    return [s for s in r.get("suppressions", []) if s["kind"] == "baseline"]


def assert_baselined(run, names, what=""):
    res = run.by_resource()
    for n in names:
        check(fa(n) in res, f"{what}: no result for {fa(n)}\n{run.describe()}")
        r = res[fa(n)]
        check(r["suppressed"] is True, f"{what}: {fa(n)} is not suppressed\n{run.describe()}")
        bs = baseline_suppression(r)
        check(len(bs) == 1 and bs[0]["status"] == "applied" and bs[0]["syntax"] == "baseline",
              f"{what}: {fa(n)} lacks one applied suppression of kind baseline: {r.get('suppressions')}")


# --- 1. baselines ----------------------------------------------------------------------------------

# infra/main.tf: f FAIL, u UNRESOLVED, p PASS, s suppressed inline, e an expired inline suppression
# (so e is an unsuppressed FAIL on 2026-06-01).
BASE_TF = (var_decl() + fail_res("f") + unres_res("u") + pass_res("p")
           + '# cloudsift:ignore lambda_notracing reason="accepted by security"\n' + fail_res("s")
           + '# cloudsift:ignore lambda_notracing reason="temporary" until=2026-01-31\n' + fail_res("e"))


def base_tree(c):
    c.write("infra/main.tf", BASE_TF)


@test
def baseline_create_shape(c):
    base_tree(c)
    plain = c.scan("infra").expect_code(1, "scan without a baseline")
    r = c.scan("infra", "--create-baseline", "b.json").expect_code(0, "--create-baseline with findings")
    # The report is still written as usual.
    eq(r.doc["summary"]["failed"], plain.doc["summary"]["failed"], "failed count with --create-baseline")
    check(os.path.isfile(c.path("b.json")), "baseline file not written")
    b = json.loads(c.read("b.json"))
    eq(b.get("cloudsift_baseline"), 1, "cloudsift_baseline")
    check(isinstance(b.get("findings"), list), f"findings is not a list: {b}")
    for f in b["findings"]:
        for k in ("fingerprint", "check_id", "resource", "file"):
            check(isinstance(f.get(k), str) and f[k], f"baseline finding without {k}: {f}")
        eq(f["check_id"], "lambda_notracing", "check_id")
        eq(f["file"], "infra/main.tf", f"file of {f['resource']}")
    got = {f["resource"]: f for f in b["findings"]}
    eq(len(got), len(b["findings"]), "duplicate baseline entries")
    # Only unsuppressed FAIL/UNRESOLVED: not the PASS, not the inline-suppressed one; the expired one is in.
    eq(set(got), {fa("f"), fa("u"), fa("e")}, "baseline resources")
    eq(got[fa("u")].get("verdict"), "UNRESOLVED", "verdict of u")
    # Fingerprints are the ones the report shows.
    by = plain.by_resource()
    for res, f in got.items():
        eq(f["fingerprint"], by[res]["fingerprint"], f"fingerprint of {res}")
    eq(got[fa("f")]["fingerprint"], "lambda_notracing|infra/main.tf|aws_lambda_function.f", "fingerprint format")


@test
def baseline_create_without_findings(c):
    c.write("infra/main.tf", pass_res("p"))
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    b = json.loads(c.read("b.json"))
    eq(b["cloudsift_baseline"], 1, "cloudsift_baseline")
    eq(b["findings"], [], "findings of a clean tree")
    c.scan("infra", "--baseline", "b.json").expect_code(0, "empty baseline")


@test
def baseline_suppresses_same_tree(c):
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    r = c.scan("infra", "--baseline", "b.json").expect_code(0, "same tree with its baseline")
    assert_baselined(r, ["f", "u", "e"], "same tree")
    res = r.by_resource()
    eq(res[fa("p")]["suppressed"], False, "PASS suppressed?")
    eq(baseline_suppression(res[fa("s")]), [], "inline-suppressed result also got a baseline suppression")
    eq(res[fa("s")]["suppressed"], True, "inline suppression of s")
    s = r.doc["summary"]
    eq((s["passed"], s["failed"], s["unresolved"], s["suppressed"]), (1, 0, 0, 4), "summary passed/failed/unresolved/suppressed")
    # A baselined UNRESOLVED does not fail even with --fail-on-unresolved.
    c.scan("infra", "--baseline", "b.json", "--fail-on-unresolved").expect_code(0, "--fail-on-unresolved with baseline")
    # --create-baseline exits 0; --baseline alone on a tree with findings still gates (sanity).
    c.scan("infra", "--fail-on-unresolved").expect_code(1, "no baseline")


@test
def baseline_survives_line_shift(c):
    base_tree(c)
    before = c.scan("infra").by_resource()
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write("infra/main.tf", "".join(f"# padding line {i}\n" for i in range(10)) + BASE_TF)
    r = c.scan("infra", "--baseline", "b.json").expect_code(0, "after inserting 10 lines")
    after = r.by_resource()
    eq(after[fa("f")]["line"], before[fa("f")]["line"] + 10, "line of f after the shift")
    eq(after[fa("u")]["line"], before[fa("u")]["line"] + 10, "line of u after the shift")
    assert_baselined(r, ["f", "u", "e"], "after line shift")
    eq(r.unsuppressed_findings(), set(), "unsuppressed findings after line shift")


@test
def baseline_new_resource_fails(c):
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write("infra/main.tf", BASE_TF + fail_res("newcomer"))
    r = c.scan("infra", "--baseline", "b.json").expect_code(1, "new failing resource")
    eq(r.unsuppressed_findings(), {fa("newcomer")}, "unsuppressed findings")
    assert_baselined(r, ["f", "u", "e"], "old findings")
    eq(r.doc["summary"]["failed"], 1, "summary.failed")
    # A new UNRESOLVED only fails with --fail-on-unresolved.
    c.write("infra/main.tf", BASE_TF + unres_res("newunres"))
    r = c.scan("infra", "--baseline", "b.json").expect_code(0, "new UNRESOLVED resource")
    eq(r.unsuppressed_findings(), {fa("newunres")}, "unsuppressed findings")
    c.scan("infra", "--baseline", "b.json", "--fail-on-unresolved").expect_code(1, "new UNRESOLVED with --fail-on-unresolved")


@test
def baseline_renamed_resource_is_new(c):
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write("infra/main.tf", BASE_TF.replace('"aws_lambda_function" "f"', '"aws_lambda_function" "f_renamed"'))
    r = c.scan("infra", "--baseline", "b.json").expect_code(1, "renamed resource")
    eq(r.unsuppressed_findings(), {fa("f_renamed")}, "unsuppressed findings")
    assert_baselined(r, ["u", "e"], "untouched findings")


@test
def baseline_count_instances(c):
    # The instance key is part of the address: a new instance is a new finding.
    c.write("infra/main.tf", 'variable "n" {\n  default = 2\n}\n'
            'resource "aws_lambda_function" "f" {\n  count = var.n\n  function_name = "f${count.index}"\n}\n')
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.scan("infra", "--baseline", "b.json").expect_code(0, "same instances")
    r = c.scan("infra", "--baseline", "b.json", "--var", "n=3").expect_code(1, "a third instance")
    eq(r.unsuppressed_findings(), {"aws_lambda_function.f[2]"}, "unsuppressed findings")


@test
def baseline_same_name_other_directory(c):
    c.write("a/main.tf", fail_res("f"))
    c.write("b/main.tf", fail_res("f"))
    c.scan("a", "--create-baseline", "b.json").expect_code(0)
    b = json.loads(c.read("b.json"))
    eq([f["file"] for f in b["findings"]], ["a/main.tf"], "baseline files")
    r = c.scan("a", "b", "--baseline", "b.json").expect_code(1, "same-named resource in b/")
    by_file = {(x["file"], x["resource"]): x for x in r.results()}
    eq(set(by_file), {("a/main.tf", fa("f")), ("b/main.tf", fa("f"))}, "results")
    eq(by_file[("a/main.tf", fa("f"))]["suppressed"], True, "a/main.tf f suppressed")
    eq(by_file[("b/main.tf", fa("f"))]["suppressed"], False, "b/main.tf f suppressed")
    # Scanning the parent directory gives the same fingerprints as scanning a/ alone.
    r = c.scan(".", "--baseline", "b.json").expect_code(1, "scan of the parent")
    eq({(x["file"], x["suppressed"]) for x in r.results()}, {("a/main.tf", True), ("b/main.tf", False)},
       "suppressed per file when scanning .")


@test
def baseline_other_file_same_directory(c):
    # The fingerprint has the declaring file: moving a resource to another file makes it new.
    c.write("infra/main.tf", fail_res("f"))
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    os.remove(c.path("infra/main.tf"))
    c.write("infra/lambda.tf", fail_res("f"))
    r = c.scan("infra", "--baseline", "b.json").expect_code(1, "resource moved to another file")
    eq(r.unsuppressed_findings(), {fa("f")}, "unsuppressed findings")


@test
def baseline_absolute_vs_relative_paths(c):
    base_tree(c)
    absdir = c.path("infra")
    rel = c.scan("infra").expect_code(1)
    ab = c.scan(absdir).expect_code(1)
    dot = c.scan("./infra/").expect_code(1)
    fps = lambda r: sorted(x["fingerprint"] for x in r.results())
    eq(fps(ab), fps(rel), "fingerprints: absolute vs relative path")
    eq(fps(dot), fps(rel), "fingerprints: ./infra/ vs infra")
    check(all(x["file"].startswith("/") for x in ab.results()), "absolute scan should print absolute files")
    # A baseline made one way applies the other way.
    c.scan(absdir, "--create-baseline", "abs.json").expect_code(0)
    c.scan("infra", "--create-baseline", "rel.json").expect_code(0)
    abs_fps = sorted(f["fingerprint"] for f in json.loads(c.read("abs.json"))["findings"])
    rel_fps = sorted(f["fingerprint"] for f in json.loads(c.read("rel.json"))["findings"])
    eq(len(abs_fps), 3, "findings in abs.json")
    eq(abs_fps, rel_fps, "baseline fingerprints absolute vs relative")
    r = c.scan("infra", "--baseline", c.path("abs.json")).expect_code(0, "relative scan, baseline from absolute scan")
    assert_baselined(r, ["f", "u", "e"])
    r = c.scan(absdir, "--baseline", "rel.json").expect_code(0, "absolute scan, baseline from relative scan")
    assert_baselined(r, ["f", "u", "e"])


@test
def baseline_single_file_argument(c):
    # Naming one file gives the same fingerprints as naming its directory.
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    r = c.scan("infra/main.tf", "--baseline", "b.json").expect_code(0, "scan of infra/main.tf")
    assert_baselined(r, ["f", "u", "e"])


@test
def baseline_file_inside_scanned_tree(c):
    # The usual layout: the baseline at the repository root, the scan of ".".
    base_tree(c)
    c.scan(".", "--create-baseline", "cloudsift-baseline.json").expect_code(0)
    c.scan(".", "--create-baseline", ".cloudsift-baseline.json").expect_code(0)
    for name in ("cloudsift-baseline.json", ".cloudsift-baseline.json"):
        r = c.scan(".", "--baseline", name).expect_code(0, f"baseline {name} inside the tree")
        # Only the expired-suppression warning of BASE_TF; nothing about the baseline file.
        eq([(d["severity"], d["file"]) for d in r.doc["diagnostics"]], [("warning", "infra/main.tf")], "diagnostics")
        eq(r.doc["summary"]["parse_errors"], 0, "parse errors")
        assert_baselined(r, ["f", "u", "e"])


@test
def baseline_refresh_keeps_accepted_findings(c):
    # Re-creating the baseline while the old one is applied (e.g. `baseline:` in .cloudsift.yaml) must
    # keep the accepted findings, add the new ones and drop the ones that are gone.
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write("infra/main.tf", BASE_TF.replace(fail_res("f"), "") + fail_res("added"))
    c.scan("infra", "--baseline", "b.json", "--create-baseline", "b.json").expect_code(0)
    got = {f["resource"] for f in json.loads(c.read("b.json"))["findings"]}
    eq(got, {fa("u"), fa("e"), fa("added")}, "refreshed baseline")
    c.scan("infra", "--baseline", "b.json").expect_code(0, "with the refreshed baseline")
    # The same through the configuration file.
    c.write(".cloudsift.yaml", "baseline: b.json\n")
    c.write("infra/main.tf", BASE_TF.replace(fail_res("f"), "") + fail_res("added") + fail_res("added2"))
    c.scan("infra").expect_code(1, "added2 is new")
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    got = {f["resource"] for f in json.loads(c.read("b.json"))["findings"]}
    eq(got, {fa("u"), fa("e"), fa("added"), fa("added2")}, "baseline refreshed with baseline: in the config")
    c.scan("infra").expect_code(0, "with the refreshed baseline from the config")


BAD_BASELINES = {
    "truncated JSON": '{"cloudsift_baseline": 1, "findings": [',
    "not JSON": "fingerprint: x\n",
    "a JSON array": "[]\n",
    "wrong version": '{"cloudsift_baseline": 2, "findings": []}\n',
    "no findings": '{"cloudsift_baseline": 1}\n',
    "findings not a list": '{"cloudsift_baseline": 1, "findings": {}}\n',
    "finding without fingerprint": '{"cloudsift_baseline": 1, "findings": [{"resource": "x"}]}\n',
    "fingerprint not a string": '{"cloudsift_baseline": 1, "findings": [{"fingerprint": 3}]}\n',
    "empty file": "",
}


@test
def baseline_malformed(c):
    base_tree(c)
    problems = []
    for what, text in BAD_BASELINES.items():
        c.write("b.json", text)
        r = c.scan("infra", "--baseline", "b.json")
        if r.code != 2:
            problems.append(f"{what}: exit {r.code}, expected 2")
        if "b.json" not in r.err or "baseline" not in r.err.lower():
            problems.append(f"{what}: stderr should name b.json and say it is a baseline: {r.err.strip()!r}")
        if r.out:
            problems.append(f"{what}: a report was written although the baseline is unusable")
        # --soft-fail does not hide it.
        r = c.scan("infra", "--baseline", "b.json", "--soft-fail")
        if r.code != 2:
            problems.append(f"{what} with --soft-fail: exit {r.code}, expected 2")
    check(not problems, "\n".join(problems))


@test
def baseline_missing(c):
    base_tree(c)
    r = c.scan("infra", "--baseline", "nope.json").expect_code(2, "missing baseline")
    check("nope.json" in r.err and "baseline" in r.err, f"stderr should name the missing baseline: {r.err!r}")
    r = c.scan("infra", "--baseline", "nope.json", "--soft-fail").expect_code(2, "missing baseline with --soft-fail")
    # A directory is not a baseline file either.
    os.makedirs(c.path("adir"))
    r = c.scan("infra", "--baseline", "adir").expect_code(2, "baseline is a directory")
    check("adir" in r.err, f"stderr should name adir: {r.err!r}")


# --- 2. exit-code matrix ---------------------------------------------------------------------------


@test
def exit_fail_and_soft_fail(c):
    c.write("main.tf", fail_res("f") + pass_res("p"))
    r = c.scan(".").expect_code(1, "FAIL present")
    eq(r.doc["summary"]["failed"], 1, "failed")
    c.scan(".", "--soft-fail").expect_code(0, "--soft-fail")
    c.run("scan", ".").expect_code(1, "text format")
    c.run("scan", ".", "--format", "sarif").expect_code(1, "sarif format")
    # Clean tree.
    c.write("main.tf", pass_res("p"))
    c.scan(".").expect_code(0, "only PASS")


@test
def exit_unresolved(c):
    c.write("main.tf", var_decl() + unres_res("u") + pass_res("p"))
    r = c.scan(".").expect_code(0, "only UNRESOLVED")
    eq(r.doc["summary"]["unresolved"], 1, "unresolved")
    c.scan(".", "--fail-on-unresolved").expect_code(1, "--fail-on-unresolved")
    c.scan(".", "--fail-on-unresolved", "--soft-fail").expect_code(0, "--fail-on-unresolved --soft-fail")
    c.scan(".", "--fail-on-unresolved", "--fail-on", "low").expect_code(1, "--fail-on-unresolved --fail-on low")


@test
def exit_fail_on_threshold(c):
    c.write("main.tf", fail_res("f"))
    eq(c.scan(".").results()[0]["severity"], "LOW", "severity of lambda_notracing")
    for val, code in [("HIGH", 0), ("low", 1), ("LOW", 1), ("Low", 1), ("MEDIUM", 0), ("medium", 0),
                      ("critical", 0), ("High", 0)]:
        c.scan(".", "--fail-on", val).expect_code(code, f"--fail-on {val}")
    c.scan(".", "--fail-on=HIGH").expect_code(0, "--fail-on=HIGH")
    c.scan(".", "--fail-on=low").expect_code(1, "--fail-on=low")
    # The threshold only decides the exit code: the FAIL is still reported.
    r = c.scan(".", "--fail-on", "HIGH").expect_code(0)
    eq([(x["verdict"], x["suppressed"]) for x in r.results()], [("FAIL", False)], "results with --fail-on HIGH")
    eq(r.doc["summary"]["failed"], 1, "failed with --fail-on HIGH")
    # The last --fail-on wins.
    c.scan(".", "--fail-on", "HIGH", "--fail-on", "LOW").expect_code(1, "--fail-on HIGH --fail-on LOW")


@test
def exit_parse_error(c):
    c.write("ok/main.tf", pass_res("p"))
    c.write("deep/er/broken.tf", 'resource "aws_lambda_function" "x" {\n  function_name = \n')
    r = c.scan(".").expect_code(2, "parse error, no FAIL")
    check(r.doc["summary"]["parse_errors"] >= 1, "parse_errors not counted")
    check(any(d["severity"] == "error" and d["file"] == "deep/er/broken.tf" for d in r.doc["diagnostics"]),
          f"no error diagnostic for deep/er/broken.tf: {r.doc['diagnostics']}")
    check(fa("p") in {x["resource"] for x in r.results()}, f"the rest is still scanned: {r.results()}")
    for extra in (["--soft-fail"], ["--fail-on", "CRITICAL"], ["--create-baseline", "b.json"]):
        c.scan(".", *extra).expect_code(2, f"parse error with {' '.join(extra)}")
    c.write("ok/main.tf", fail_res("f"))
    c.scan(".").expect_code(2, "parse error and a FAIL")
    c.scan(".", "--soft-fail").expect_code(2, "parse error and a FAIL with --soft-fail")
    # Everything suppressed by a baseline: the parse error still exits 2.
    os.remove(c.path("deep/er/broken.tf"))
    c.scan(".", "--create-baseline", "b.json").expect_code(0)
    c.write("deep/er/broken.tf", 'resource "aws_lambda_function" "x" {\n')
    c.scan(".", "--baseline", "b.json").expect_code(2, "parse error with everything baselined")
    # A broken CloudFormation template counts too.
    os.remove(c.path("deep/er/broken.tf"))
    c.scan(".", "--baseline", "b.json").expect_code(0, "control: fixed tree")
    c.write("cfn/template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn: [unclosed\n")
    c.scan(".", "--baseline", "b.json", "--soft-fail").expect_code(2, "broken CloudFormation YAML")


@test
def exit_all_suppressed(c):
    c.write("main.tf", '# cloudsift:ignore lambda_notracing reason="ok"\n' + fail_res("f")
            + "#checkov:skip=CKV_AWS_50:fine\n" + fail_res("g").replace("{\n", "{\n  #checkov:skip=CKV_AWS_50:fine\n", 1)
            + pass_res("p"))
    r = c.scan(".").expect_code(0, "every FAIL suppressed")
    eq(r.suppressed(), {fa("f"), fa("g")}, "suppressed")
    eq(r.doc["summary"]["failed"], 0, "failed")
    eq(r.doc["summary"]["suppressed"], 2, "suppressed count")
    c.scan(".", "--no-inline-suppressions").expect_code(1, "--no-inline-suppressions")
    # UNRESOLVED suppressed too, with --fail-on-unresolved.
    c.write("main.tf", var_decl() + '# cloudsift:ignore lambda_notracing reason="set at deploy"\n' + unres_res("u"))
    c.scan(".", "--fail-on-unresolved").expect_code(0, "suppressed UNRESOLVED with --fail-on-unresolved")


@test
def exit_usage_errors(c):
    c.write("main.tf", pass_res("p"))
    cases = [
        (["--fail-on", "SEVERE"], "SEVERE"),
        (["--fail-on=SEVERE"], "SEVERE"),
        (["--check", "NOPE"], "NOPE"),
        (["--check", "lambda_notracing,NOPE2"], "NOPE2"),
        (["--skip-check", "NOPE"], "NOPE"),
        (["--format", "xml"], "xml"),
        (["--format", "xml:out.xml"], "xml"),
        (["--fail-on"], "--fail-on"),
        (["--check"], "--check"),
        (["--skip-check"], "--skip-check"),
        (["--format"], "--format"),
        (["--baseline"], "--baseline"),
        (["--create-baseline"], "--create-baseline"),
        (["--config"], "--config"),
        (["--fail-on-unresolved=yes"], "--fail-on-unresolved"),
        (["--no-such-flag"], "--no-such-flag"),
    ]
    problems = []
    for args, needle in cases:
        r = c.run("scan", ".", *args)
        if r.code != 2:
            problems.append(f"{args}: exit {r.code}, expected 2")
        if needle not in r.err:
            problems.append(f"{args}: stderr does not name {needle!r}: {r.err.strip()!r}")
        if r.out:
            problems.append(f"{args}: something was written to stdout: {r.out[:200]!r}")
        # --soft-fail does not turn a usage error into success.
        r = c.run("scan", ".", "--soft-fail", *args)
        if r.code != 2:
            problems.append(f"--soft-fail {args}: exit {r.code}, expected 2")
    r = c.run("scan", "no/such/path")
    if r.code != 2 or "no/such/path" not in r.err:
        problems.append(f"missing path: exit {r.code}, stderr {r.err.strip()!r}")
    check(not problems, "\n".join(problems))
    check(not os.path.exists(c.path("out.xml")), "out.xml written despite the usage error")


@test
def exit_unresolved_below_threshold(c):
    c.write("main.tf", var_decl() + unres_res("u"))
    c.scan(".", "--fail-on-unresolved", "--fail-on", "HIGH").expect_code(0, "LOW UNRESOLVED under --fail-on HIGH")
    c.scan(".", "--fail-on", "HIGH", "--fail-on-unresolved").expect_code(0, "flag order reversed")
    c.scan(".", "--fail-on-unresolved", "--fail-on", "LOW").expect_code(1, "LOW UNRESOLVED under --fail-on LOW")
    c.write("main.tf", var_decl() + unres_res("u") + fail_res("f"))
    c.scan(".", "--fail-on-unresolved", "--fail-on", "HIGH").expect_code(0, "LOW FAIL and UNRESOLVED under HIGH")


# --- 3. configuration file -------------------------------------------------------------------------


@test
def config_in_scanned_directory(c):
    c.write("infra/main.tf", fail_res("f"))
    c.scan("infra").expect_code(1, "control, no config")
    c.write("infra/.cloudsift.yaml", "fail-on: HIGH\n")
    r = c.scan("infra").expect_code(0, "fail-on: HIGH in infra/.cloudsift.yaml")
    eq(r.doc["summary"]["failed"], 1, "the FAIL is still reported")
    c.scan(".", cwd=c.path("infra")).expect_code(0, "scan . from inside infra/")
    c.scan("infra/main.tf").expect_code(0, "first path is a file in infra/")
    c.scan(c.path("infra")).expect_code(0, "absolute path")


@test
def config_in_parent_directory(c):
    c.write("repo/infra/sub/main.tf", fail_res("f"))
    c.write("repo/.cloudsift.yaml", "fail-on: HIGH\n")
    elsewhere = tempfile.mkdtemp(prefix="cloudsift-gate-cwd-")
    try:
        c.scan(c.path("repo/infra/sub"), cwd=elsewhere).expect_code(0, "absolute path, cwd elsewhere")
        c.scan(c.path("repo/infra/sub/main.tf"), cwd=elsewhere).expect_code(0, "absolute file path, cwd elsewhere")
        # The search starts at the path, not at the working directory.
        c.scan(os.path.relpath(c.path("repo/infra/sub"), elsewhere), cwd=elsewhere).expect_code(0, "relative path from elsewhere")
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
    c.scan("repo/infra/sub").expect_code(0, "relative path from above")
    c.scan(".", cwd=c.path("repo/infra/sub")).expect_code(0, "scan . two levels below")
    # The nearest file wins.
    c.write("repo/infra/.cloudsift.yaml", "fail-on: LOW\n")
    c.scan("repo/infra/sub").expect_code(1, "nearer config with fail-on: LOW")


@test
def config_found_from_first_path_only(c):
    c.write("a/main.tf", fail_res("fa"))
    c.write("b/main.tf", fail_res("fb"))
    c.write("a/.cloudsift.yaml", "fail-on: HIGH\n")
    c.scan("a", "b").expect_code(0, "config of the first path (a) applies to the whole scan")
    c.scan("b", "a").expect_code(1, "first path b has no config")
    # Flag values are not taken for the first path.
    c.scan("--fail-on", "LOW", "a").expect_code(1, "--fail-on LOW a")
    c.scan("--var", "x=y", "b", "a").expect_code(1, "value of --var is not a path")
    c.scan("--check", "lambda_notracing", "a", "b").expect_code(0, "value of --check is not a path")


@test
def config_sets_flags(c):
    c.write("main.tf", fail_res("f"))
    c.write(".cloudsift.yaml", "fail-on: HIGH\n")
    c.scan(".").expect_code(0, "fail-on: HIGH")
    c.write(".cloudsift.yaml", "skip-check: [lambda_notracing]\n")
    r = c.scan(".").expect_code(0, "skip-check list")
    # The other checks still run (and find nothing in a Lambda-only configuration).
    eq((r.doc["checks"], r.doc["results"]), (["apigateway_notracing", "lambda_tracing_nopermission"], []),
       "checks/results with skip-check")
    c.write(".cloudsift.yaml", "skip-check: CKV_AWS_50\n")
    eq(c.scan(".").expect_code(0, "skip-check scalar alias").doc["checks"],
       ["apigateway_notracing", "lambda_tracing_nopermission"], "checks")
    c.write(".cloudsift.yaml", "soft-fail: true\n")
    c.scan(".").expect_code(0, "soft-fail: true")
    c.write(".cloudsift.yaml", "soft-fail: false\n")
    c.scan(".").expect_code(1, "soft-fail: false")
    c.write(".cloudsift.yaml", "check: [lambda_notracing]\nformat: [json]\n")
    r = c.run("scan", ".").expect_code(1, "format from the config")
    eq(json.loads(r.out)["checks"], ["lambda_notracing"], "checks")
    c.write(".cloudsift.yaml", "check: [NOPE]\n")
    r = c.scan(".").expect_code(2, "unknown check id in the config")
    check("NOPE" in r.err, f"stderr should name NOPE: {r.err!r}")
    c.write(".cloudsift.yaml", "fail-on: SEVERE\n")
    r = c.scan(".").expect_code(2, "unknown severity in the config")
    check("SEVERE" in r.err, f"stderr should name SEVERE: {r.err!r}")
    # Empty and comment-only files are no configuration.
    for text in ("", "# nothing here\n"):
        c.write(".cloudsift.yaml", text)
        c.scan(".").expect_code(1, f"config {text!r}")


@test
def config_var_forms(c):
    c.write("main.tf", var_decl("mode", "PassThrough") + unres_res("g"))
    r = c.scan(".").expect_code(1, "default PassThrough")
    eq(r.results()[0]["reason"], "passthrough", "reason")
    for text in ("var:\n  mode: Active\n", "var: {mode: Active}\n", 'var: ["mode=Active"]\n', "var:\n  - mode=Active\n"):
        c.write(".cloudsift.yaml", text)
        r = c.scan(".").expect_code(0, f"config {text!r}")
        eq([(x["verdict"], x["reason"]) for x in r.results()], [("PASS", "active")], f"results with {text!r}")
    # A --var on the command line replaces the file's var values.
    c.write(".cloudsift.yaml", "var: {mode: Active}\n")
    c.scan(".", "--var", "mode=PassThrough").expect_code(1, "--var mode=PassThrough over the file")
    c.write(".cloudsift.yaml", 'var: ["mode"]\n')
    c.scan(".").expect_code(2, "var list entry without =")


@test
def config_command_line_overrides(c):
    c.write("main.tf", fail_res("f"))
    c.write(".cloudsift.yaml", "fail-on: HIGH\n")
    c.scan(".", "--fail-on", "LOW").expect_code(1, "--fail-on LOW beats fail-on: HIGH")
    c.scan(".", "--fail-on=low").expect_code(1, "--fail-on=low beats fail-on: HIGH")
    c.write(".cloudsift.yaml", "fail-on: LOW\n")
    c.scan(".", "--fail-on", "HIGH").expect_code(0, "--fail-on HIGH beats fail-on: LOW")
    c.write(".cloudsift.yaml", "check: [lambda_notracing]\nskip-check: [lambda_notracing]\n")
    c.scan(".").expect_code(0, "skip-check from the file")


@test
def config_explicit_file(c):
    c.write("infra/main.tf", fail_res("f"))
    c.write(".cloudsift.yaml", "fail-on: HIGH\n")
    c.write("ci/other.yaml", "fail-on: LOW\n")
    c.scan("infra").expect_code(0, "upward config")
    c.scan("infra", "--config", "ci/other.yaml").expect_code(1, "--config ci/other.yaml instead of the upward one")
    c.scan("infra", "--config=ci/other.yaml").expect_code(1, "--config=ci/other.yaml")
    c.scan("--config", "ci/other.yaml", "infra").expect_code(1, "--config before the path")
    # Only the named file: keys of the upward file are not merged in.
    c.write("ci/other.yaml", "check: [lambda_notracing]\n")
    c.scan("infra", "--config", "ci/other.yaml").expect_code(1, "upward fail-on: HIGH must not apply")
    c.write("ci/soft.yaml", "soft-fail: true\n")
    c.write(".cloudsift.yaml", "fail-on: LOW\n")
    c.scan("infra", "--config", c.path("ci/soft.yaml")).expect_code(0, "absolute --config")
    r = c.scan("infra", "--config", "ci/missing.yaml").expect_code(2, "missing --config file")
    check("ci/missing.yaml" in r.err, f"stderr should name the missing file: {r.err!r}")


@test
def config_unknown_key(c):
    c.write("main.tf", pass_res("p"))
    c.write(".cloudsift.yaml", "fail-on: LOW\n# comment\nfail_on_unresolved: true\n")
    r = c.scan(".").expect_code(2, "unknown key")
    check(".cloudsift.yaml:3" in r.err, f"stderr should give .cloudsift.yaml:3: {r.err!r}")
    check("fail_on_unresolved" in r.err, f"stderr should name the key: {r.err!r}")
    eq(r.out, "", "stdout")
    c.write(".cloudsift.yaml", "soft-fail: true\nconfig: other.yaml\n")
    r = c.scan(".").expect_code(2, "config: is not a scan flag key")
    check(".cloudsift.yaml:2" in r.err, f"stderr should give .cloudsift.yaml:2: {r.err!r}")
    # The unknown key is an error even with --soft-fail and for config dump.
    c.scan(".", "--soft-fail").expect_code(2, "unknown key with --soft-fail")
    r = c.run("config", "dump", ".").expect_code(2, "config dump with an unknown key")
    check(".cloudsift.yaml:2" in r.err, f"config dump stderr: {r.err!r}")


@test
def config_invalid_yaml(c):
    c.write("main.tf", pass_res("p"))
    problems = []
    for text in ("fail-on: [HIGH\n", "fail-on: HIGH\n  soft-fail: true: x\n", "- fail-on\n- HIGH\n",
                 "fail-on: HIGH\n\tsoft-fail: true\n", "soft-fail: yes\n", "fail-on: [HIGH, LOW]\n",
                 "var: 3\n", "check: {a: b}\n"):
        c.write(".cloudsift.yaml", text)
        r = c.scan(".")
        if r.code != 2:
            problems.append(f"{text!r}: exit {r.code}, expected 2")
        if ".cloudsift.yaml" not in r.err:
            problems.append(f"{text!r}: stderr does not name .cloudsift.yaml: {r.err.strip()!r}")
    check(not problems, "\n".join(problems))


def parse_dump(text):
    """The YAML `config dump` prints: `key: scalar`, `key:` + `  - "item"` lines, `#` comments."""
    out, cur = {}, None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  - "):
            check(cur is not None and isinstance(out[cur], list), f"list item outside a list: {line!r}")
            out[cur].append(json.loads(line[4:]))
            continue
        check(": " in line or line.endswith(":"), f"unexpected dump line {line!r}")
        key, _, val = line.partition(":")
        val = val.strip()
        if val == "":
            out[key] = []
        elif val in ("true", "false"):
            out[key] = val == "true"
        else:
            out[key] = json.loads(val)
        cur = key
    return out


@test
def config_dump(c):
    c.write("infra/main.tf", fail_res("f"))
    cfg = c.write(".cloudsift.yaml", "fail-on: HIGH\nskip-check: [CKV_AWS_50]\nvar: {mode: Active, env: prod}\n"
                  "soft-fail: true\nformat: [json]\n")
    r = c.run("config", "dump", "infra", "--fail-on", "LOW", "--check", "lambda_notracing",
              "--var", "env=dev").expect_code(0, "config dump")
    first = r.out.splitlines()[0] if r.out else ""
    # Named relative to the working directory, like every other file name cloudsift prints.
    check(first.startswith("#") and " from .cloudsift.yaml," in first, f"first line should name {cfg}: {first!r}")
    got = parse_dump(r.out)
    eq(got.get("fail-on"), "LOW", "fail-on (command line over the file)")
    eq(got.get("check"), ["lambda_notracing"], "check (from the command line)")
    eq(got.get("skip-check"), ["CKV_AWS_50"], "skip-check (from the file)")
    eq(got.get("var"), ["env=dev"], "var (command line replaces the file's values)")
    eq(got.get("soft-fail"), True, "soft-fail")
    eq(got.get("format"), ["json"], "format")
    eq(set(got), {"fail-on", "check", "skip-check", "var", "soft-fail", "format"}, "keys")
    check("HIGH" not in r.out, f"the overridden fail-on: HIGH is still in the dump:\n{r.out}")
    # Without command-line flags the file's own values, var in list form.
    got = parse_dump(c.run("config", "dump", "infra").expect_code(0).out)
    eq(got.get("fail-on"), "HIGH", "fail-on from the file")
    eq(sorted(got.get("var", [])), ["env=prod", "mode=Active"], "var from the file")
    # --config names another file.
    other = c.write("ci/other.yaml", "fail-on: CRITICAL\n")
    r = c.run("config", "dump", "infra", "--config", "ci/other.yaml").expect_code(0)
    check("ci/other.yaml" in r.out.splitlines()[0], f"dump should name ci/other.yaml: {r.out.splitlines()[:1]}")
    eq(parse_dump(r.out), {"fail-on": "CRITICAL"}, "dump with --config")
    # No file at all.
    os.remove(cfg)
    r = c.run("config", "dump", "infra", "--fail-on", "MEDIUM").expect_code(0)
    check("no .cloudsift.yaml" in r.out.splitlines()[0], f"dump without a file: {r.out!r}")
    eq(parse_dump(r.out), {"fail-on": "MEDIUM"}, "dump without a file")
    # A scan flag the dump does not know is a usage error.
    c.run("config", "dump", "infra", "--bogus").expect_code(2, "config dump --bogus")
    # What the dump says is what scan does.
    os.remove(other)
    c.write(".cloudsift.yaml", "fail-on: HIGH\n")
    eq(parse_dump(c.run("config", "dump", "infra").out), {"fail-on": "HIGH"}, "dump")
    c.scan("infra").expect_code(0, "scan agrees with the dump")


@test
def config_baseline_key(c):
    base_tree(c)
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write(".cloudsift.yaml", "baseline: b.json\nfail-on-unresolved: true\n")
    r = c.scan("infra").expect_code(0, "baseline from the config")
    assert_baselined(r, ["f", "u", "e"])
    c.write("infra/main.tf", BASE_TF + unres_res("later"))
    c.scan("infra").expect_code(1, "new UNRESOLVED with fail-on-unresolved from the config")


@test
def config_named_on_stderr(c):
    c.write("infra/main.tf", fail_res("f"))
    r = c.scan("infra").expect_code(1, "no config")
    check("using config" not in r.err, f"no config, nothing said: {r.err!r}")
    c.write(".cloudsift.yaml", "fail-on: HIGH\n")
    r = c.scan("infra").expect_code(0, "config at the repository root")
    eq(r.err, "cloudsift: using config .cloudsift.yaml\n", "stderr")
    r = c.scan(".", cwd=c.path("infra")).expect_code(0, "from infra/")
    eq(r.err, "cloudsift: using config ../.cloudsift.yaml\n".replace("../", c.root + "/"), "stderr, config above cwd")


@test
def config_search_stops_at_repository_root(c):
    # outer/ is not part of the repository outer/repo: its config is not the project's.
    c.write("outer/.cloudsift.yaml", "soft-fail: true\n")
    os.makedirs(c.path("outer/repo/.git"))
    c.write("outer/repo/infra/main.tf", fail_res("f"))
    r = c.scan("outer/repo/infra").expect_code(1, "config above the repository root is ignored")
    check("using config" not in r.err, f"stderr: {r.err!r}")
    # A .git file (worktree, submodule) marks a root too.
    shutil.rmtree(c.path("outer/repo/.git"))
    c.write("outer/repo/.git", "gitdir: /elsewhere\n")
    c.scan("outer/repo/infra").expect_code(1, ".git file: config above it ignored")
    c.write("outer/repo/.cloudsift.yaml", "fail-on: HIGH\n")
    r = c.scan("outer/repo/infra").expect_code(0, "config at the repository root is used")
    eq(r.err, "cloudsift: using config outer/repo/.cloudsift.yaml\n", "stderr")


@test
def config_without_repository_only_in_scanned_directory(c):
    plain = tempfile.mkdtemp(prefix="cloudsift-gate-norepo-")
    try:
        os.makedirs(os.path.join(plain, "infra"))
        with open(os.path.join(plain, "infra", "main.tf"), "w") as f:
            f.write(fail_res("f"))
        with open(os.path.join(plain, ".cloudsift.yaml"), "w") as f:
            f.write("soft-fail: true\n")
        r = c.run("scan", "infra", cwd=plain).expect_code(1, "no repository: the parent's config is not used")
        check("using config" not in r.err, f"stderr: {r.err!r}")
        c.run("scan", ".", cwd=plain).expect_code(0, "no repository: the scanned directory's own config")
    finally:
        shutil.rmtree(plain, ignore_errors=True)


@test
def config_paths_relative_to_config_file(c):
    c.write("infra/main.tf", var_decl() + unres_res("u") + fail_res("f"))
    c.write("ci/prod.tfvars", 'mode = "Active"\n')
    c.write("ci/.cloudsift.yaml", "")  # not on the search path: named with --config
    c.write(".cloudsift.yaml", "var-file: ci/prod.tfvars\nformat: [text, 'json:reports/out.json']\n"
                               "create-baseline: reports/base.json\n")
    os.makedirs(c.path("reports"))
    os.makedirs(c.path("infra/reports"))
    r = c.run("scan", ".", cwd=c.path("infra")).expect_code(0, "scan from infra/ (create-baseline exits 0)")
    doc = json.loads(open(c.path("reports/out.json")).read())
    eq(sorted((x["resource"], x["verdict"]) for x in doc["results"]),
       [("aws_lambda_function.f", "FAIL"), ("aws_lambda_function.u", "PASS")], "var-file read from ci/")
    check(os.path.exists(c.path("reports/base.json")), "baseline written beside the config")
    eq(os.listdir(c.path("infra/reports")), [], "nothing written relative to the working directory")
    # --config names a file elsewhere: its paths are relative to it.
    c.write("ci/strict.yaml", "var-file: prod.tfvars\nformat: ['json:../reports/strict.json']\n")
    c.run("scan", "infra", "--config", "ci/strict.yaml").expect_code(1, "--config ci/strict.yaml")
    doc = json.loads(open(c.path("reports/strict.json")).read())
    eq([x["verdict"] for x in doc["results"] if x["resource"] == "aws_lambda_function.u"], ["PASS"], "var-file")
    # Paths given on the command line stay relative to the working directory.
    c.run("scan", "infra", "--config", "ci/strict.yaml", "--format", "json:cli.json").expect_code(1, "cli format")
    check(os.path.exists(c.path("cli.json")), "command-line --format file relative to the cwd")


@test
def config_baseline_created_when_missing(c):
    base_tree(c)
    c.write(".cloudsift.yaml", "baseline: ci/baseline.json\n")
    os.makedirs(c.path("ci"))
    r = c.run("scan", "infra", "--create-baseline", "ci/baseline.json").expect_code(0, "create the configured baseline")
    check(os.path.exists(c.path("ci/baseline.json")), "baseline written")
    r = c.scan("infra").expect_code(0, "the configured baseline now applies")
    assert_baselined(r, ["f", "e"])
    # Without --create-baseline a missing baseline is still an error.
    os.remove(c.path("ci/baseline.json"))
    r = c.scan("infra").expect_code(2, "missing baseline without --create-baseline")
    check("ci/baseline.json" in r.err, f"stderr: {r.err!r}")


@test
def config_planted_in_world_writable_directory(c):
    if os.geteuid() != 0:
        print("  (skipped: needs root to give a directory to another user)")
        return
    import pwd
    nobody = pwd.getpwnam("nobody").pw_uid
    os.makedirs(c.path("shared/proj"))
    c.write("shared/proj/main.tf", fail_res("f"))
    os.mkdir(c.path("shared/.git"))
    c.write("shared/.cloudsift.yaml", "soft-fail: true\n")
    os.chown(c.path("shared"), nobody, -1)
    os.chmod(c.path("shared"), 0o777)
    r = c.scan("shared/proj").expect_code(1, "planted config is not used")
    eq(r.err, "cloudsift: warning: ignoring shared/.cloudsift.yaml: its directory " + c.path("shared") +
       " is writable by others and not owned by you\n", "stderr")
    # The file itself writable by others and owned by someone else: refused as well.
    os.chown(c.path("shared"), 0, -1)
    os.chmod(c.path("shared"), 0o755)
    os.chown(c.path("shared/.cloudsift.yaml"), nobody, -1)
    os.chmod(c.path("shared/.cloudsift.yaml"), 0o666)
    r = c.scan("shared/proj").expect_code(1, "world-writable config file of another user")
    check("it is writable by others and not owned by you" in r.err, f"stderr: {r.err!r}")
    # Owned by another user but writable only by them (a checkout made by another uid): used.
    os.chmod(c.path("shared/.cloudsift.yaml"), 0o644)
    c.scan("shared/proj").expect_code(0, "read-only config of another user is used")


# --- 4. text output --------------------------------------------------------------------------------


@test
def text_shows_suppressed(c):
    c.write("infra/main.tf", fail_res("old") + pass_res("p")
            + '# cloudsift:ignore lambda_notracing reason="owned by team x"\n' + fail_res("inl"))
    c.scan("infra", "--create-baseline", "b.json").expect_code(0)
    c.write("infra/main.tf", c.read("infra/main.tf") + fail_res("fresh"))
    r = c.run("scan", "infra", "--baseline", "b.json").expect_code(1)
    lines = r.out.splitlines()
    line_of = lambda name: next((l for l in lines if f"aws_lambda_function.{name} " in l), "")
    check("[suppressed by baseline" in line_of("old") and "b.json" in line_of("old"),
          f"baseline-suppressed line: {line_of('old')!r}")
    check("[suppressed by cloudsift at infra/main.tf:" in line_of("inl") and "owned by team x" in line_of("inl"),
          f"inline-suppressed line: {line_of('inl')!r}")
    check(line_of("fresh").startswith("infra/main.tf:") and "FAIL" in line_of("fresh")
          and "suppressed" not in line_of("fresh"), f"new finding line: {line_of('fresh')!r}")
    check("suppressed" not in line_of("p"), f"PASS line: {line_of('p')!r}")
    eq(lines[-1], "1 passed, 1 failed, 0 unresolved, 0 not applicable, 2 suppressed (1 file scanned)", "summary line")
    # No color codes with NO_COLOR.
    check("\x1b[" not in r.out, "colour codes in the text output")


@test
def text_summary_without_suppressions(c):
    c.write("main.tf", fail_res("f"))
    r = c.run("scan", ".").expect_code(1)
    eq(r.out.splitlines()[-1], "0 passed, 1 failed, 0 unresolved, 0 not applicable (1 file scanned)", "summary line")
    c.write("main.tf", "# cloudsift:ignore lambda_notracing\n" + fail_res("f"))
    r = c.run("scan", ".").expect_code(0)
    eq(r.out.splitlines()[-1], "0 passed, 0 failed, 0 unresolved, 0 not applicable, 1 suppressed (1 file scanned)",
       "summary line")
    check("[suppressed by cloudsift at main.tf:1]" in r.out, f"text: {r.out!r}")


# --- main ------------------------------------------------------------------------------------------


def main():
    global BINARY
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("-k", default="", help="run only tests whose name contains this")
    a = ap.parse_args()
    BINARY = os.path.abspath(a.binary)
    if not os.access(BINARY, os.X_OK):
        print(f"not executable: {BINARY}", file=sys.stderr)
        return 2
    # The tests rely on no .cloudsift.yaml above the temporary directories.
    d = os.path.realpath(tempfile.gettempdir())
    while True:
        if os.path.exists(os.path.join(d, ".cloudsift.yaml")):
            print(f"{os.path.join(d, '.cloudsift.yaml')} would apply to every test; remove it or set TMPDIR",
                  file=sys.stderr)
            return 2
        if os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
    passed = failed = 0
    for fn in TESTS:
        if a.k and a.k not in fn.__name__:
            continue
        root = tempfile.mkdtemp(prefix="cloudsift-gate-")
        # Each tree is a repository: .cloudsift.yaml is looked for up to the repository root only.
        os.mkdir(os.path.join(root, ".git"))
        try:
            fn(Ctx(root))
        except Failure as e:
            failed += 1
            print(f"FAIL {fn.__name__}\n  " + str(e).replace("\n", "\n  "))
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__} (error)\n  " + traceback.format_exc().replace("\n", "\n  "))
        else:
            passed += 1
            print(f"PASS {fn.__name__}")
        finally:
            shutil.rmtree(root, ignore_errors=True)
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
