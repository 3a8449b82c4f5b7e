#!/usr/bin/env python3
"""Compare cloudsift's Terraform expression evaluator with `terraform console`.

usage: tf_console_oracle.py CS_TF_EVAL [CASES_FILE] [-v]

Each non-blank, non-comment line of the cases file is one expression (no references to variables).
A case may end with "  ## diff: reason" to record a known, documented difference: it is still run
and reported, but does not fail the test.

Terraform side: `terraform console` in piped mode prints only the result of the LAST line and stops
at the first error, so all cases are folded into ONE expression, a tuple whose elements are
try(jsonencode(CASE), "(error)"); the console prints each element on its own line as a quoted JSON
string, "(error)", or (known after apply). If that batch fails to evaluate as a whole (a case with a
static error try() cannot catch), it is split in halves until the offending cases run alone.

Our side: CS_TF_EVAL reads the cases one per line and prints jsonencode-style JSON, "(unknown)" or
"(error)" per line.

Exit status: 0 when every case matches (or is an annotated difference), 1 otherwise, 77 (skip) when
terraform is not on PATH.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

DIFF_MARK = "  ## diff:"


def load_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            note = None
            if DIFF_MARK in line:
                line, note = line.split(DIFF_MARK, 1)
                note = note.strip()
            cases.append((line.strip(), note))
    return cases


def unquote_console_string(s):
    """Decode a string as `terraform console` prints it ("..." with backslash escapes)."""
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            simple = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
            if n in simple:
                out.append(simple[n])
                i += 2
                continue
            if n == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            if n == "U":
                out.append(chr(int(body[i + 2:i + 10], 16)))
                i += 10
                continue
        out.append(c)
        i += 1
    return "".join(out)


def run_console(exprs, workdir):
    """Evaluate exprs in one console run; returns a list of results or None if the batch failed."""
    items = ", ".join('try(jsonencode(%s), "(error)")' % e for e in exprs)
    line = "[" + items + "]\n"
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE=os.devnull, TF_IN_AUTOMATION="1")
    p = subprocess.run(["terraform", "console", "-no-color"], input=line, cwd=workdir, env=env,
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None
    lines = [l.strip() for l in p.stdout.strip().splitlines()]
    if not lines or lines[0] != "[" or lines[-1] != "]":
        if lines == ["[]"] and not exprs:
            return []
        return None
    results = []
    for l in lines[1:-1]:
        l = l.rstrip(",")
        if l == "(known after apply)":
            results.append("(unknown)")
        elif l == '"(error)"':
            results.append("(error)")
        elif l.startswith('"'):
            results.append(unquote_console_string(l))
        else:
            results.append("(console: %s)" % l)
    if len(results) != len(exprs):
        return None
    return results


def terraform_results(exprs, workdir):
    res = run_console(exprs, workdir)
    if res is not None:
        return res
    if len(exprs) == 1:
        return ["(error)"]  # an error try() could not catch (e.g. a static error)
    mid = len(exprs) // 2
    return terraform_results(exprs[:mid], workdir) + terraform_results(exprs[mid:], workdir)


def normalize(s):
    """JSON texts compare by value (key order and spacing aside); markers compare as text."""
    if s.startswith("("):
        return s
    try:
        return json.dumps(json.loads(s), sort_keys=True)
    except ValueError:
        return s


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    if shutil.which("terraform") is None:
        print("terraform not on PATH: skipping")
        return 77
    binary = args[0]
    cases_file = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "tf_console_cases.txt")
    cases = load_cases(cases_file)
    exprs = [c for c, _ in cases]

    ours = subprocess.run([binary], input="\n".join(exprs) + "\n", capture_output=True, text=True, timeout=60)
    our_lines = ours.stdout.splitlines()
    if ours.returncode != 0 or len(our_lines) != len(exprs):
        print("cs_tf_eval failed (rc=%d, %d lines for %d cases)" % (ours.returncode, len(our_lines), len(exprs)))
        print(ours.stderr)
        return 1

    with tempfile.TemporaryDirectory() as d:
        theirs = terraform_results(exprs, d)

    bad = 0
    known = 0
    for (expr, note), mine, tf in zip(cases, our_lines, theirs):
        same = normalize(mine) == normalize(tf)
        if same:
            if verbose:
                print("ok    %s => %s" % (expr, tf))
            continue
        if note:
            known += 1
            print("KNOWN %s\n      terraform: %s\n      ours:      %s\n      why: %s" % (expr, tf, mine, note))
        else:
            bad += 1
            print("FAIL  %s\n      terraform: %s\n      ours:      %s" % (expr, tf, mine))
    print("%d cases, %d match, %d known differences, %d unexpected mismatches" %
          (len(cases), len(cases) - bad - known, known, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
