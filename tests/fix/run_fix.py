#!/usr/bin/env python3
"""`cloudsift fix` end to end, on copies of tests/fix/cases/<case>/ (never on the cases themselves).

Per case (case.json: "args", "exit" when the run must fail, "manual": ["FILE:LINE RESOURCE", ...]):
1. `fix .` prints exactly expected.diff (UPDATE_GOLDEN=1 rewrites it), lists exactly the manual fixes, exits 1
   when it proposes anything (0 when nothing), and changes no file;
2. the diff applies with `git apply` on a second copy;
3. `fix . --write` makes the same change as git apply, atomically (no temporary file left);
4. a scan of the fixed copy has no FAIL left for the fixed resources (they PASS);
5. a second `fix . --write` changes nothing;
6. the deploying tools' own readers take the fixed files: `terraform fmt -check` on a fixed .tf that was
   fmt-clean before, @cdktf/hcl2json parses it, cfn-lint reports no error it did not report before,
   samtranslator turns the fixed SAM template into functions with TracingConfig Active (each skipped, and
   said, when the tool is missing).
"""
import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
failed = 0


def check(name, ok, detail=""):
    global failed
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failed += 1


def run(cmd, cwd, **kw):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=300, **kw)
    # Bytes as written (a CRLF file's diff keeps its carriage returns).
    p.stdout = p.stdout.decode("utf-8", "replace") if isinstance(p.stdout, bytes) else p.stdout
    p.stderr = p.stderr.decode("utf-8", "replace") if isinstance(p.stderr, bytes) else p.stderr
    return p


def copy_case(src, dst):
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("case.json", "expected.diff"))


def snapshot(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = fh.read()
    return out


def fmt_clean(tf, path):
    return run([tf, "fmt", "-check", "-list=false", path], os.path.dirname(path)).returncode == 0


def cfn_lint_errors(path):
    p = run([sys.executable, "-m", "cfnlint", "--format", "parseable", path], os.path.dirname(path))
    return {line.split(":", 3)[-1] for line in p.stdout.splitlines() if ":E" in line}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    tf = shutil.which("terraform")
    # @cdktf/hcl2json as a library through node (as tests/oracle/hcl2json_oracle.py uses it).
    hcl2json = os.path.join(os.environ.get("HCL2JSON_DIR", "/tmp/hcl2json"), "node_modules", "@cdktf", "hcl2json")
    has_hcl2json = os.path.isdir(hcl2json) and shutil.which("node") is not None
    try:
        import cfnlint  # noqa: F401
        has_cfnlint = True
    except ImportError:
        has_cfnlint = False
    try:
        from samtranslator.translator.transform import transform  # noqa: F401
        from samtranslator.public.translator import ManagedPolicyLoader  # noqa: F401
        has_sam = True
    except ImportError:
        has_sam = False
    for note, present in (("terraform", tf), ("@cdktf/hcl2json", has_hcl2json), ("cfn-lint", has_cfnlint),
                          ("samtranslator", has_sam)):
        if not present:
            print(f"note: {note} is not installed: its check of the fixed files is skipped")

    for case in sorted(os.listdir(CASES)):
        src = os.path.join(CASES, case)
        spec = json.load(open(os.path.join(src, "case.json")))
        with tempfile.TemporaryDirectory(prefix=f"cs-fix-{case}-") as tmp:
            work, other = os.path.join(tmp, "work"), os.path.join(tmp, "other")
            copy_case(src, work)
            copy_case(src, other)
            before = snapshot(work)
            p = run([binary, "fix", "."] + spec["args"], work)
            if spec.get("exit") is not None:
                check(f"{case}: exit {spec['exit']}", p.returncode == spec["exit"], p.stderr)
                check(f"{case}: nothing written", snapshot(work) == before)
                q = run([binary, "fix", ".", "--write"] + spec["args"], work)
                check(f"{case}: --write exits {spec['exit']} and writes nothing",
                      q.returncode == spec["exit"] and snapshot(work) == before, q.stderr)
                continue
            golden = os.path.join(src, "expected.diff")
            if os.environ.get("UPDATE_GOLDEN"):
                with open(golden, "w", newline="") as f:
                    f.write(p.stdout)
            want = open(golden, newline="").read() if os.path.exists(golden) else None
            check(f"{case}: the diff is expected.diff", p.stdout == want, p.stdout)
            check(f"{case}: exit {1 if p.stdout or spec['manual'] else 0}",
                  p.returncode == (1 if p.stdout or spec["manual"] else 0), p.returncode)
            manual = sorted(line.split(" (", 1)[0][len("manual: "):] for line in p.stderr.splitlines()
                            if line.startswith("manual: "))
            check(f"{case}: manual fixes", manual == sorted(spec["manual"]), p.stderr)
            check(f"{case}: diff mode changes nothing", snapshot(work) == before)
            if p.stdout:
                subprocess.run(["git", "init", "-q", other], check=True)
                a = run(["git", "apply", "--whitespace=nowarn", "-"], other, input=p.stdout.encode())
                check(f"{case}: git apply takes the diff", a.returncode == 0, a.stderr)
            w = run([binary, "fix", ".", "--write"] + spec["args"], work)
            check(f"{case}: --write exits {1 if spec['manual'] else 0}", w.returncode == (1 if spec["manual"] else 0),
                  w.stderr)
            after = snapshot(work)
            applied = {k: v for k, v in snapshot(other).items() if not k.startswith(".git" + os.sep)}
            check(f"{case}: --write equals git apply", after == applied,
                  sorted(k for k in set(after) | set(applied) if after.get(k) != applied.get(k)))
            s = run([binary, "scan", ".", "--format", "json"] + spec["args"], work)
            doc = json.loads(s.stdout)
            # (lines move when a fix inserts above them: the manual ones are known by resource here)
            manual_resources = {m.split(" ", 1)[1] for m in spec["manual"]}
            left = [r for r in doc["results"] if r["verdict"] == "FAIL" and r["resource"] not in manual_resources]
            check(f"{case}: the re-scan has no FAIL but the manual ones", not left,
                  [(r["resource"], r["reason"]) for r in left])
            again = run([binary, "fix", ".", "--write"] + spec["args"], work)
            check(f"{case}: a second --write changes nothing", snapshot(work) == after, again.stderr)
            for rel, content in after.items():
                path = os.path.join(work, rel)
                if content == before.get(rel):
                    continue
                if rel.endswith(".tf"):
                    orig = os.path.join(src, rel)
                    if tf and fmt_clean(tf, orig):
                        check(f"{case}: terraform fmt -check {rel}", fmt_clean(tf, path))
                    if has_hcl2json:
                        js = ("const h = require(process.argv[1]); const fs = require('fs');"
                              "h.parse(process.argv[2], fs.readFileSync(process.argv[2], 'utf8'))"
                              ".then(() => process.exit(0), e => { console.error(String(e)); process.exit(1); });")
                        h = run(["node", "-e", js, hcl2json, path], work)
                        check(f"{case}: hcl2json parses {rel}", h.returncode == 0, h.stderr)
                if rel.endswith((".yaml", ".json")) and has_cfnlint:
                    new = cfn_lint_errors(path) - cfn_lint_errors(os.path.join(src, rel))
                    check(f"{case}: cfn-lint finds no new error in {rel}", not new, new)
                if case == "sam" and has_sam:
                    code = ("import json,sys,yaml\n"
                            "from samtranslator.translator.transform import transform\n"
                            "class L:\n"
                            "  def load(self): return {}\n"
                            "t = transform(yaml.safe_load(open(sys.argv[1])), {}, L())\n"
                            "print(json.dumps({k: v['Properties'].get('TracingConfig') for k, v in "
                            "t['Resources'].items() if v['Type'] == 'AWS::Lambda::Function'}))\n")
                    t = run([sys.executable, "-c", code, path], work,
                            env=dict(os.environ, AWS_DEFAULT_REGION="us-east-1"))
                    modes = json.loads(t.stdout) if t.returncode == 0 else t.stderr
                    check(f"{case}: samtranslator deploys every function Active",
                          isinstance(modes, dict) and modes and all(m == {"Mode": "Active"} for m in modes.values()),
                          modes)
    print(f"{'FAILED' if failed else 'OK'}: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
