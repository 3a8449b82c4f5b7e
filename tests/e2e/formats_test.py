#!/usr/bin/env python3
"""CLI tests of the output formats: --format NAME[:FILE] (repeatable), --output, atomic files, usage
errors, and that every format parses with a standard reader and agrees with the JSON report.

Prints one line per test and "N passed, N failed"; exits 1 on any failure.
"""
import argparse
import csv
import io
import json
import stat
import threading
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VERDICTS = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "terraform", "verdicts")
MODULES = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "terraform", "modules")
BROKEN = os.path.join(ROOT, "tests", "fixtures", "lambda_notracing", "terraform", "broken")

passed = failed = 0


def expect(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}\n  {detail}")


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and k != "TF_WORKSPACE"}
    env["NO_COLOR"] = "1"
    return env


def run(binary, args, cwd=None):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True, env=clean_env(), timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    binary = os.path.abspath(ap.parse_args().binary)

    with tempfile.TemporaryDirectory() as t:
        f = {k: os.path.join(t, n) for k, n in [("json", "r.json"), ("sarif", "r.sarif"), ("junit", "r.xml"),
                                                 ("csv", "r.csv"), ("markdown", "r.md")]}
        # From the repository root with a relative path, as CI runs it: URIs are relative to the root.
        # lambda_notracing only: the counts below are of its results (module-missing is reported by every check).
        args = ["scan", os.path.relpath(MODULES, ROOT), "--check", "lambda_notracing", "--format", "text"] + sum([["--format", f"{k}:{v}"] for k, v in f.items()], [])
        rc, out, err = run(binary, args, cwd=ROOT)
        expect("several formats at once: exit code unchanged", rc == 1, err)
        expect("several formats at once: text on stdout", "FAIL lambda_notracing" in out and "passed," in out, out)
        expect("several formats at once: every file written, no temp files left",
               sorted(os.listdir(t)) == sorted(os.path.basename(v) for v in f.values()), os.listdir(t))
        rep = json.load(open(f["json"]))
        results = rep["results"]
        n_fail = sum(r["verdict"] == "FAIL" for r in results)
        n_unres = sum(r["verdict"] == "UNRESOLVED" for r in results)

        sarif = json.load(open(f["sarif"]))
        run0 = sarif["runs"][0]
        expect("sarif: version, rules, FAIL+UNRESOLVED results",
               sarif["version"] == "2.1.0" and run0["tool"]["driver"]["rules"][0]["id"] == "lambda_notracing"
               and len(run0["results"]) == n_fail + n_unres, json.dumps(run0)[:300])
        levels = sorted({r["level"] for r in run0["results"]})
        expect("sarif: FAIL (LOW) is warning, UNRESOLVED is note", levels == ["note", "warning"], levels)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"]}
        expect("sarif: URIs relative to the working directory", uris == {"tests/fixtures/lambda_notracing/terraform/modules/main.tf"},
               uris)

        fps = [r["partialFingerprints"]["cloudsift/v1"] for r in run0["results"]]
        expect("sarif: fingerprints are unique per result", len(set(fps)) == len(fps), fps)

        tree = ET.parse(f["junit"]).getroot()
        suite = tree.find("testsuite[@name='lambda_notracing']")
        expect("junit: parses, one testcase per result, failures = FAIL",
               suite is not None and int(suite.get("tests")) == len(results)
               and int(suite.get("failures")) == n_fail and len(suite.findall("testcase")) == len(results),
               ET.tostring(tree)[:300])
        expect("junit: UNRESOLVED is skipped", int(suite.get("skipped")) == n_unres, suite.attrib)

        rows = list(csv.reader(io.open(f["csv"], newline="")))
        expect("csv: header and one row per result",
               rows[0] == ["check_id", "verdict", "reason", "severity", "resource", "kind", "file", "line", "column",
                           "message", "suppressed"] and len(rows) == len(results) + 1, rows[:2])
        expect("csv: quoted address survives", any(r[4] == 'module.each["b"].module.inner.aws_lambda_function.this'
                                                   for r in rows), rows)
        expect("csv: CRLF line ends", open(f["csv"], "rb").read().count(b"\r\n") == len(results) + 1)

        md = open(f["markdown"]).read()
        expect("markdown: verdict line first", md.startswith(f"### ❌ cloudsift: {n_fail} failing resources"), md[:100])

        # The same format on stdout and in a file is the same bytes.
        rc, out, err = run(binary, ["scan", os.path.relpath(MODULES, ROOT), "--check", "lambda_notracing",
                                    "--format", "sarif"], cwd=ROOT)
        expect("sarif on stdout equals sarif in a file", out == open(f["sarif"]).read())
        # Scanned from elsewhere, a file outside the working directory gets an absolute file:// URI.
        rc, out, err = run(binary, ["scan", MODULES, "--format", "sarif"], cwd=t)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"].get("uri")
                for r in json.loads(out)["runs"][0]["results"]}
        expect("sarif: files outside the working directory are absolute file:// URIs",
               uris == {"file://" + os.path.join(MODULES, "main.tf")}, uris)

    with tempfile.TemporaryDirectory() as t:
        dest = os.path.join(t, "o.json")
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "json", "--output", dest])
        expect("--output still takes the single format", rc == 1 and out == "" and json.load(open(dest))["results"])
        dest2 = os.path.join(t, "o.txt")
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "sarif:" + os.path.join(t, "s.sarif"), "--format",
                                    "text", "--output", dest2])
        expect("--output goes to the format given without a file", rc == 1 and out == "" and
               open(dest2).read().rstrip().endswith("(1 file scanned)") and os.path.isfile(os.path.join(t, "s.sarif")),
               out + err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "sarif:" + os.path.join(t, "only.sarif")])
        expect("only file formats: nothing on stdout", rc == 1 and out == "", out)
        before = sorted(os.listdir(t))
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "json", "--format", "text"])
        expect("two formats on stdout is a usage error", rc == 2 and "both go to standard output" in err and out == "",
               err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "json", "--format", "text", "--output", dest])
        expect("two formats without a file and --output is a usage error", rc == 2 and "standard output" in err, err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "sarif:a.sarif", "--output", dest])
        expect("--output with every format naming a file is a usage error",
               rc == 2 and "has no format to apply to" in err, err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "xml:out.xml"])
        expect("unknown format name is a usage error listing the names",
               rc == 2 and 'unknown format "xml"' in err and "sarif" in err and "markdown" in err, err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "sarif:"])
        expect("NAME: without a file is a usage error", rc == 2 and "needs a file name" in err, err)
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "json:" + dest, "--format", "sarif:" + dest])
        expect("two formats to one file is a usage error", rc == 2 and "would both write" in err, err)
        expect("usage errors write no files", sorted(os.listdir(t)) == before, os.listdir(t))
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "text", "--format",
                                    "csv:" + os.path.join(t, "no", "such", "dir", "x.csv")])
        expect("unwritable file exits 2, stdout still written", rc == 2 and "cannot write" in err and "passed," in out,
               err)
        rc, out, err = run(binary, ["scan", BROKEN, "--format", "junit"])
        root = ET.fromstring(out)
        inp = root.find("testsuite[@name='cloudsift.input']")
        expect("junit: input errors are <error> cases of cloudsift.input",
               rc == 2 and inp is not None and inp.get("errors") == "1" and inp.find("testcase/error") is not None, out)
        rc, out, err = run(binary, ["scan", BROKEN, "--format", "sarif"])
        inv = json.loads(out)["runs"][0]["invocations"][0]
        expect("sarif: input errors make executionSuccessful false, with a located notification",
               inv["executionSuccessful"] is False and inv["toolExecutionNotifications"][0]["level"] == "error"
               and "region" in inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"], inv)

    # A device is written in place, never renamed over (that would turn /dev/null into a regular file).
    with tempfile.TemporaryDirectory() as t:
        fifo = os.path.join(t, "pipe")
        os.mkfifo(fifo)
        got = {}

        def reader():
            with open(fifo, encoding="utf-8") as f:
                got["text"] = f.read()
        th = threading.Thread(target=reader, daemon=True)
        th.start()
        rc, out, err = run(binary, ["scan", VERDICTS, "--format", "json:" + fifo, "--format", "csv:/dev/null"])
        th.join(10)
        expect("a FIFO and /dev/null are written in place", rc == 1 and stat.S_ISFIFO(os.stat(fifo).st_mode)
               and stat.S_ISCHR(os.stat("/dev/null").st_mode) and json.loads(got.get("text", "{}")).get("results"),
               err)

    rc, out, err = run(binary, ["scan", "--help"])
    expect("scan --help documents the formats", "--format NAME[:FILE]" in out and "sarif" in out and "junit" in out
           and "markdown" in out and "csv" in out, out)
    rc, out, err = run(binary, ["docs", "--help"])
    expect("docs --help", rc == 0 and "--output-dir" in out and "Example" in out, out)
    rc, out, err = run(binary, ["docs"])
    expect("docs without --output-dir is a usage error", rc == 2 and "--output-dir" in err, err)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
