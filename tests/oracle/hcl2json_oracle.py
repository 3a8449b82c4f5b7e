#!/usr/bin/env python3
"""Oracle test: cloudsift's HCL parser against HashiCorp's (hclsyntax, through @cdktf/hcl2json).

For every .tf file under CORPUS, both sides produce hcl2json's JSON shape (cs_hcl_dump mirrors the
converter, see tests/oracle/hcl_dump.cpp) and the two structures must be equal. A file both sides
reject counts as agreement; one side rejecting it is a difference.

Allowed differences (documented, applied in `normalise`/`same`):
  1. Numbers compare as IEEE doubles: hcl2json prints arbitrary-precision values (cty big.Float),
     cs_hcl_dump prints the double the parser holds. (Numbers beyond 2^53 or with more than 17
     significant digits may be printed differently but denote the same double.)
  2. Infinite numbers (literals like 1e400 that overflow a double) are null on both sides already
     (hcl2json cannot marshal them either), so no special case is needed.
  3. A file the converter itself cannot render (not a parse failure: e.g. an expression ending at
     the very last byte of the file, where hcl2json's source slicing indexes past the end, or a
     block nested under a key that already holds an attribute) is an error on both sides.

Usage: hcl2json_oracle.py [--jobs N] [--dump PATH] [CORPUS]
Env:   HCL2JSON_DIR (default /tmp/hcl2json): the directory holding node_modules/@cdktf/hcl2json.
Exit:  0 pass, 1 differences, 77 skipped (corpus, node, hcl2json or the dumper missing).
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

NODE_RUNNER = r"""
const fs = require('fs');
const h = require(process.argv[2]);
const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
(async () => {
  for (const f of files) {
    let rec;
    try {
      const out = await h.parse(f, fs.readFileSync(f, 'utf8'));
      rec = {path: f, error: null, value: typeof out === 'string' ? JSON.parse(out) : out};
    } catch (e) {
      rec = {path: f, error: String(e && e.message || e).slice(0, 300), value: null};
    }
    process.stdout.write(JSON.stringify(rec) + '\n');
  }
})();
"""


def run_chunk(cmd, files, cwd=None):
    p = subprocess.run(cmd, input="\n".join(files) + "\n", capture_output=True, text=True, cwd=cwd)
    recs = {}
    for line in p.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            recs[r["path"]] = r
    if p.returncode != 0 and len(recs) < len(files):
        sys.stderr.write("command failed: %s\n%s\n" % (cmd[0], p.stderr[-2000:]))
    return recs


def same(a, b, path, out):
    if isinstance(a, bool) or isinstance(b, bool):
        ok = a is b or a == b and type(a) is type(b)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        ok = float(a) == float(b) or (math.isnan(float(a)) and math.isnan(float(b)))  # difference 1
    elif isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            out.append("%s: keys differ: only ours %s, only hcl2json %s" %
                       (path, sorted(set(a) - set(b))[:5], sorted(set(b) - set(a))[:5]))
            return False
        return all(same(a[k], b[k], path + "." + k, out) for k in a)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: lengths differ %d vs %d" % (path, len(a), len(b)))
            return False
        return all(same(x, y, "%s[%d]" % (path, i), out) for i, (x, y) in enumerate(zip(a, b)))
    else:
        ok = a == b
    if not ok:
        out.append("%s: ours %r vs hcl2json %r" % (path, a, b))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus/real")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--dump", default=None, help="path to cs_hcl_dump")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    h2j = os.path.join(os.environ.get("HCL2JSON_DIR", "/tmp/hcl2json"), "node_modules", "@cdktf", "hcl2json")
    dump = args.dump or shutil.which("cs_hcl_dump")
    if not os.path.isdir(args.corpus):
        print("SKIP: corpus %s not found" % args.corpus)
        return 77
    if not os.path.isdir(h2j) or not shutil.which("node"):
        print("SKIP: node or %s not found" % h2j)
        return 77
    if not dump or not os.path.exists(dump):
        print("SKIP: cs_hcl_dump not found (pass --dump)")
        return 77

    files = []
    for root, _, names in os.walk(args.corpus):
        files += [os.path.join(root, n) for n in names if n.endswith(".tf")]
    files.sort()
    if not files:
        print("SKIP: no .tf files under %s" % args.corpus)
        return 77

    t0 = time.time()
    jobs = max(1, args.jobs)
    chunks = [files[i::jobs] for i in range(jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        runner = os.path.join(tmp, "runner.js")
        with open(runner, "w") as f:
            f.write(NODE_RUNNER)
        with ThreadPoolExecutor(max_workers=2 * jobs) as ex:
            theirs_f = [ex.submit(run_chunk, ["node", runner, h2j], c) for c in chunks]
            ours_f = [ex.submit(run_chunk, [dump, "-"], c) for c in chunks]
            theirs, ours = {}, {}
            for fu in theirs_f:
                theirs.update(fu.result())
            for fu in ours_f:
                ours.update(fu.result())

    failures = []
    both_err = 0
    for path in files:
        o, t = ours.get(path), theirs.get(path)
        if o is None or t is None:
            failures.append("%s: missing result (ours=%s hcl2json=%s)" % (path, o is not None, t is not None))
            continue
        if o["error"] or t["error"]:
            if o["error"] and t["error"]:
                both_err += 1  # difference 3, or a file both parsers reject
                continue
            failures.append("%s: ours error=%r, hcl2json error=%r" % (path, o["error"], t["error"]))
            continue
        out = []
        if not same(o["value"], t["value"], "$", out):
            failures.append("%s:\n    %s" % (path, "\n    ".join(out[:5])))

    dt = time.time() - t0
    print("hcl_oracle: %d files compared, %d rejected by both, %d differences (%.1fs, %d jobs)" %
          (len(files), both_err, len(failures), dt, jobs))
    for f in failures[:50]:
        print("DIFF " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
