#!/usr/bin/env python3
"""docs/checks is what `cloudsift docs` generates from the checks' metadata, and its examples hold.

1. Regenerates the pages into a temporary directory and compares them, file set and bytes, with
   docs/checks/*.md. On a difference it prints the diff and how to update.
2. Scans each page's examples: the "Fails:" snippet must give only FAIL results of that check and
   the "Passes:" snippet only PASS results.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOCS = os.path.join(ROOT, "docs", "checks")
EXT = {"hcl": "main.tf", "yaml": "template.yaml", "json": "template.json"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "checks")
        p = subprocess.run([binary, "docs", "--output-dir", gen], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"FAIL cloudsift docs exited {p.returncode}: {p.stderr}")
            return 1
        want = sorted(f for f in os.listdir(gen) if f.endswith(".md"))
        have = sorted(f for f in os.listdir(DOCS) if f.endswith(".md")) if os.path.isdir(DOCS) else []
        for f in sorted(set(want) | set(have)):
            if f not in have:
                problems.append(f"docs/checks/{f} is missing")
                continue
            if f not in want:
                problems.append(f"docs/checks/{f} belongs to no check")
                continue
            old = open(os.path.join(DOCS, f), encoding="utf-8").read()
            new = open(os.path.join(gen, f), encoding="utf-8").read()
            if old != new:
                diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"docs/checks/{f}",
                                            "generated", n=1)
                problems.append(f"docs/checks/{f} is out of date:\n" + "".join(list(diff)[:40]))
        if problems:
            print("FAIL docs/checks differs from the check metadata:\n" + "\n".join(problems))
            print("\nRun `cloudsift docs --output-dir docs/checks` (e.g. build/cloudsift docs --output-dir docs/checks "
                  "from the repository root) to update, and commit the result.")
            return 1
        print(f"PASS docs/checks is fresh ({len(want)} pages)")

        failed = 0
        for f in want:
            check = f[:-3]
            text = open(os.path.join(gen, f), encoding="utf-8").read()
            for label, verdict in (("Fails:", "FAIL"), ("Passes:", "PASS")):
                m = re.search(re.escape(label) + r"\n\n(`{3,})(\w+)\n(.*?)\n\1\n", text, re.S)
                if not m:
                    continue
                d = os.path.join(tmp, check, verdict)
                os.makedirs(d)
                with open(os.path.join(d, EXT.get(m.group(2), "main.tf")), "w") as out:
                    out.write(m.group(3) + "\n")
                p = subprocess.run([binary, "scan", ".", "--format", "json", "--check", check], cwd=d,
                                   capture_output=True, text=True)
                results = json.loads(p.stdout)["results"] if p.stdout.strip() else []
                verdicts = sorted({r["verdict"] for r in results})
                ok = results and verdicts == [verdict]
                print(f"{'PASS' if ok else 'FAIL'} {check} example '{label}' gives {verdicts or 'no results'}")
                failed += not ok
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
