#!/usr/bin/env python3
"""Proof that a fixture conversion from the old layout kept every expectation.

The old layout (until issue 10): tests/fixtures/<source>/<case>/expect.txt with `# exit: N`, `# args: ...`,
bare `VERDICT REASON ADDRESS FILE:LINE [suppressed]` and `DIAG SEVERITY FILE:LINE` lines, and no check id.
The runner no longer reads it; this script reads it from a git revision that still has it:

    python3 tests/e2e/layout_equivalence.py --rev REV --binary build-debug/cloudsift

For every old-layout case of REV it finds the case of the working tree holding the same files, and requires
- each file to be the old file plus comment lines and trailing `expect` comments only (so scanning it gives
  the same results, moved down by the inserted lines);
- the old set of (verdict, check, reason, address, file:line[, suppressed]), with each old line carried to
  its new line and the check taken from the result the binary gives for it in the old case (the old layout
  had no check id), to equal the new inline set; the same for diagnostics, exit code and arguments.
Prints one line per case and the counts; exits 1 on any difference.
"""
import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
import io

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import expectations  # noqa: E402

COMMENT_LINE = re.compile(r"\s*(#|//)")


def is_legacy(path):
    with open(path, encoding="utf-8") as f:
        for text in f:
            t = text.strip()
            if t and (not t.startswith("#") or re.match(r"#\s*(exit|args):", t)):
                return True
    return False


def parse_legacy(path):
    """(args, exit, results, diags) of an old expect.txt."""
    args, exit_code, results, diags = [], None, set(), set()
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                body = line[1:].strip()
                if body.startswith("args:"):
                    args = shlex.split(body[5:].strip())
                elif body.startswith("exit:"):
                    exit_code = int(body[5:].strip())
                continue
            parts = line.split()
            if parts[0] == "DIAG":
                diags.add((parts[1], parts[2]))
                continue
            suppressed = parts[-1] == "suppressed"
            if suppressed:
                parts = parts[:-1]
            results.add((parts[0], parts[1], " ".join(parts[2:-1]), parts[-1]) + (("suppressed",) if suppressed else ()))
    return args, exit_code, results, diags


def files_of(d):
    out = {}
    for dp, dns, fns in os.walk(d):
        dns.sort()
        for n in fns:
            p = os.path.join(dp, n)
            rel = os.path.relpath(p, d)
            if rel != "expect.txt" and "__pycache__" not in rel:
                out[rel] = p
    return out


def read_lines(p):
    with open(p, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape").split("\n")


def line_map(old, new):
    """{old line number: new line number}, or an error when new is not old plus comments."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    m = {}
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            m.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
        elif tag == "insert":
            bad = [t for t in new[j1:j2] if t.strip() and not COMMENT_LINE.match(t)]
            if bad:
                return None, f"inserted lines that are not comments: {bad[:3]}"
        elif tag == "replace":
            # Comment lines inserted, and/or a trailing expectation comment appended to existing lines.
            k = j1
            for i in range(i1, i2):
                while k < j2 and new[k] != old[i] and not (
                        new[k].startswith(old[i]) and expectations.DIRECTIVE.fullmatch(new[k][len(old[i]):].strip())):
                    if new[k].strip() and not COMMENT_LINE.match(new[k]):
                        return None, f"changed line {i + 1}: {old[i]!r} -> {new[k]!r}"
                    k += 1
                if k == j2:
                    return None, f"changed line {i + 1}: {old[i]!r}"
                m[i + 1] = k + 1
                k += 1
            rest = [t for t in new[k:j2] if t.strip() and not COMMENT_LINE.match(t)]
            if rest:
                return None, f"inserted lines that are not comments: {rest[:3]}"
        else:
            return None, f"deleted lines {i1 + 1}-{i2}: {old[i1:i2][:3]}"
    return m, ""


def scan(binary, d, args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_") and k != "TF_WORKSPACE"}
    p = subprocess.run([binary, "scan", ".", "--format", "json"] + args, cwd=d, capture_output=True, text=True,
                       env=env, timeout=120)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rev", required=True, help="a revision whose tests/fixtures has old-layout cases")
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    checks = {l.split("\t")[0] for l in subprocess.run([binary, "list-checks"], capture_output=True,
                                                        text=True).stdout.splitlines() if l.strip()}
    new_cases = expectations.fixture_cases(os.path.join(ROOT, "tests", "fixtures"), checks)
    tar = subprocess.run(["git", "archive", a.rev, "tests/fixtures"], cwd=ROOT, capture_output=True, check=True).stdout
    bad = 0
    totals = [0, 0, 0]  # cases, results, diagnostics
    with tempfile.TemporaryDirectory(prefix="cs-equiv-") as tmp:
        tarfile.open(fileobj=io.BytesIO(tar)).extractall(tmp)
        old_root = os.path.join(tmp, "tests", "fixtures")
        old_cases = []
        for dp, dns, fns in os.walk(old_root):
            dns.sort()
            if "expect.txt" in fns and is_legacy(os.path.join(dp, "expect.txt")):
                old_cases.append(dp)
        for od in old_cases:
            oname = os.path.relpath(od, old_root)
            ofiles = files_of(od)
            # The new case: same file names, each the old file plus comments.
            found = []
            for name, nd, source in new_cases:
                nfiles = files_of(nd)
                if set(nfiles) != set(ofiles):
                    continue
                maps = {}
                for rel in ofiles:
                    mp, err = line_map(read_lines(ofiles[rel]), read_lines(nfiles[rel]))
                    if mp is None:
                        break
                    maps[rel] = mp
                else:
                    found.append((name, nd, source, maps))
            if len(found) > 1:  # files that differ only in comments: the case of the same name
                found = [f for f in found if os.path.basename(f[0]) == os.path.basename(oname)] or found
            if len(found) != 1:
                print(f"FAIL {oname}: {len(found)} new cases hold its files ({[f[0] for f in found]})")
                bad += 1
                continue
            name, nd, source, maps = found[0]
            args, exit_code, results, diags = parse_legacy(os.path.join(od, "expect.txt"))
            doc = scan(binary, od, args)
            check_of = {}
            for r in doc["results"]:
                k = (r["verdict"], r["reason"], r["resource"], f'{r["file"]}:{r["line"]}') + (
                    ("suppressed",) if r.get("suppressed") else ())
                check_of.setdefault(k, set()).add(r["check_id"])
            problems = []

            def carry(where):
                f, n = where.rsplit(":", 1)
                if int(n) == 0:
                    return where
                if f not in maps or int(n) not in maps[f]:
                    problems.append(f"  {where}: no such line in the new case")
                    return where
                return f"{f}:{maps[f][int(n)]}"

            old_set = set()
            top = name.split("/", 1)[0]
            for r in results:
                cs = check_of.get(r, set())
                # Several checks give this result now (a check added since), or the old case scans otherwise
                # outside its repository: the case's check folder says which one it expected.
                if len(cs) != 1 and top in checks and (not cs or top in cs):
                    cs = {top}
                if len(cs) != 1:
                    problems.append(f"  old expectation {r} matches {len(cs)} results of the binary")
                    continue
                old_set.add((r[0], cs.pop(), r[1], r[2], carry(r[3])) + r[4:])
            old_diags = {(s, carry(w)) for s, w in diags}
            exp = expectations.parse_inline(nd, source)
            if old_set != exp.results:
                problems += [f"  only before: {x}" for x in sorted(old_set - exp.results)]
                problems += [f"  only after:  {x}" for x in sorted(exp.results - old_set)]
            if old_diags != exp.diags:
                problems.append(f"  diagnostics: before {sorted(old_diags)}, after {sorted(exp.diags)}")
            if exit_code != exp.exit:
                problems.append(f"  exit: before {exit_code}, after {exp.exit}")
            if args != exp.args:
                problems.append(f"  args: before {args}, after {exp.args}")
            if problems:
                bad += 1
                print(f"FAIL {oname} -> {name}\n" + "\n".join(problems))
            else:
                totals[0] += 1
                totals[1] += len(old_set)
                totals[2] += len(old_diags)
                print(f"same {oname} -> {name}: {len(old_set)} results, {len(old_diags)} diagnostics, "
                      f"exit {exit_code}, args {args}")
        print(f"{len(old_cases)} old-layout cases at {a.rev}: {totals[0]} equivalent "
              f"({totals[1]} results, {totals[2]} diagnostics), {bad} not")
    return 1 if bad or not old_cases else 0


if __name__ == "__main__":
    sys.exit(main())
