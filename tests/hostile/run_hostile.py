#!/usr/bin/env python3
"""Hostile-input suite: one directory per attack, each run under a timeout and a memory limit.

A case is tests/hostile/<name>/ holding case.json, optional setup.sh and fixture files. The case
directory is copied to a fresh temporary directory T as T/case (symlinks kept); T/outside is made for
files that must lie outside the scanned tree (CASE_OUTSIDE); setup.sh runs in T/case (CASE_DIR) to
make what git cannot hold (FIFOs, device symlinks, huge files, loops); then the binary runs with
cwd T/case, NO_COLOR=1 and a clean environment. case.json:

  args                 list of arguments; "{outside}" is replaced by T/outside          (required)
  exit                 expected exit code                                                 (required)
  env, stdin           extra environment variables; text for standard input
  stdout_contains, stderr_contains, stdout_not_contains, stderr_not_contains   lists of substrings
  files_contain        {"relative/path": ["substring", ...]} read after the run
  secrets              strings that must appear in no output: stdout, stderr and every file the run
                       created or changed under T
  all_formats          add every output format (text on stdout, the others to files)
  timeout, memory_mb   limits (default 30 s, 1024 MiB); exceeding either fails the case
  skip_if_root         skip when running as root (permission cases root bypasses)

The memory limit is RLIMIT_AS for a plain build; under ASan (--sanitized), whose shadow memory
needs a huge address space, it is ASan's hard_rss_limit_mb instead.

Usage: run_hostile.py --binary BIN (--case DIR | --all) [--sanitized]
Prints PASS/FAIL per case and a closing "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FORMAT_ARGS = ["--format", "text", "--format", "json:out.json", "--format", "sarif:out.sarif",
               "--format", "junit:out.xml", "--format", "csv:out.csv", "--format", "markdown:out.md"]
KNOWN_KEYS = {"args", "exit", "env", "stdin", "stdout_contains", "stderr_contains", "stdout_not_contains",
              "stderr_not_contains", "files_contain", "secrets", "all_formats", "timeout", "memory_mb",
              "skip_if_root", "description"}


def snapshot(root):
    """path -> (mtime_ns, size) of every regular file under root (symlinks not followed)."""
    out = {}
    for d, dirs, files in os.walk(root, followlinks=False):
        for n in files:
            p = os.path.join(d, n)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if os.path.isfile(p) and not os.path.islink(p):
                out[p] = (st.st_mtime_ns, st.st_size)
    return out


def read_capped(path, cap=64 << 20):
    with open(path, "rb") as f:
        return f.read(cap)


def run_case(binary, case_dir, sanitized):
    name = os.path.basename(os.path.normpath(case_dir))
    with open(os.path.join(case_dir, "case.json")) as f:
        spec = json.load(f)
    unknown = set(spec) - KNOWN_KEYS
    if unknown:
        return False, f"case.json: unknown keys {sorted(unknown)}"
    if spec.get("skip_if_root") and os.geteuid() == 0:
        return None, "skipped: running as root, which bypasses file permissions"
    timeout = spec.get("timeout", 30)
    memory_mb = spec.get("memory_mb", 1024)
    errors = []
    tmp = tempfile.mkdtemp(prefix=f"cs-hostile-{name}-")
    try:
        work = os.path.join(tmp, "case")
        outside = os.path.join(tmp, "outside")
        shutil.copytree(case_dir, work, symlinks=True)
        os.mkdir(outside)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "NO_COLOR": "1", "LANG": "C.UTF-8",
               "CASE_DIR": work, "CASE_OUTSIDE": outside}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        setup = os.path.join(work, "setup.sh")
        if os.path.exists(setup):
            p = subprocess.run(["bash", setup], cwd=work, env=env, capture_output=True, text=True, timeout=300)
            if p.returncode != 0:
                return False, f"setup.sh failed ({p.returncode}):\n{p.stdout}{p.stderr}"
        for k, v in spec.get("env", {}).items():
            env[k] = v.replace("{outside}", outside)
        args = [a.replace("{outside}", outside) for a in spec["args"]]
        if spec.get("all_formats"):
            args += FORMAT_ARGS
        before = snapshot(tmp)

        def limit():
            os.setsid()
            if not sanitized:
                lim = memory_mb << 20
                resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

        if sanitized:
            asan = env.get("ASAN_OPTIONS", "")
            env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + f"hard_rss_limit_mb={memory_mb}"
        start = time.monotonic()
        proc = subprocess.Popen([binary] + args, cwd=work, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
        try:
            out, err = proc.communicate(input=spec.get("stdin", "").encode(), timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return False, (f"timed out after {timeout} s (args {args})\nstdout: {out[-2000:]!r}\n"
                           f"stderr: {err[-2000:]!r}")
        elapsed = time.monotonic() - start
        text_out = out.decode("utf-8", "replace")
        text_err = err.decode("utf-8", "replace")
        if proc.returncode != spec["exit"]:
            errors.append(f"exit {proc.returncode}, expected {spec['exit']}")
        for s in spec.get("stdout_contains", []):
            if s not in text_out:
                errors.append(f"stdout lacks {s!r}")
        for s in spec.get("stderr_contains", []):
            if s not in text_err:
                errors.append(f"stderr lacks {s!r}")
        for s in spec.get("stdout_not_contains", []):
            if s in text_out:
                errors.append(f"stdout contains {s!r}")
        for s in spec.get("stderr_not_contains", []):
            if s in text_err:
                errors.append(f"stderr contains {s!r}")
        for rel, wants in spec.get("files_contain", {}).items():
            p = os.path.join(work, rel)
            if not os.path.isfile(p):
                errors.append(f"{rel} was not written")
                continue
            body = read_capped(p).decode("utf-8", "replace")
            for s in wants:
                if s not in body:
                    errors.append(f"{rel} lacks {s!r}")
        secrets = [s.encode() for s in spec.get("secrets", [])]
        if secrets:
            after = snapshot(tmp)
            changed = [p for p, sig in after.items() if before.get(p) != sig]
            blobs = [("stdout", out), ("stderr", err)] + [(os.path.relpath(p, tmp), read_capped(p)) for p in changed]
            for s in secrets:
                for where, blob in blobs:
                    if s in blob:
                        errors.append(f"secret {s.decode()!r} appears in {where}")
        if spec.get("all_formats"):
            for f in ("out.json", "out.sarif", "out.xml", "out.csv", "out.md"):
                if not os.path.isfile(os.path.join(work, f)):
                    errors.append(f"{f} was not written")
        if errors:
            return False, "\n".join(errors) + (f"\nargs: {args}\nelapsed {elapsed:.2f} s\n--- stdout\n{text_out[-3000:]}"
                                                f"\n--- stderr\n{text_err[-3000:]}")
        return True, f"{elapsed:.2f} s"
    finally:
        # Cases may leave unreadable directories behind: make them removable first.
        for d, dirs, _ in os.walk(tmp, followlinks=False):
            for n in dirs:
                p = os.path.join(d, n)
                if not os.path.islink(p):
                    try:
                        os.chmod(p, 0o700)
                    except OSError:
                        pass
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--sanitized", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    cases = list(a.case)
    if a.all:
        cases += sorted(os.path.join(HERE, d) for d in os.listdir(HERE)
                        if os.path.isfile(os.path.join(HERE, d, "case.json")))
    if not cases:
        ap.error("no case given")
    passed = failed = skipped = 0
    for c in cases:
        ok, detail = run_case(binary, c, a.sanitized)
        name = os.path.basename(os.path.normpath(c))
        if ok is None:
            skipped += 1
            print(f"SKIP {name}: {detail}")
        elif ok:
            passed += 1
            print(f"PASS {name} ({detail})")
        else:
            failed += 1
            print(f"FAIL {name}\n{detail}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    if failed:
        return 1
    if skipped and not passed:
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
