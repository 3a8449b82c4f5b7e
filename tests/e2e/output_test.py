#!/usr/bin/env python3
"""End-to-end tests of output that cannot be lost or forged (issue 9, part 5).

- A failed write to standard output (a full disk: /dev/full; a reader that went away: EPIPE) is exit 2
  with "cloudsift: cannot write to standard output: <cause>" on stderr, for every command.
- A report file that cannot be written is exit 2 naming it; a FIFO nobody reads is an error, not a hang.
- stderr messages that carry text from the input or the command line show control characters escaped.

Usage: output_test.py --binary PATH
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

FAIL_TF = 'resource "aws_lambda_function" "f" {\n  function_name = "x"\n}\n'
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def env():
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "LANG": "C.UTF-8"}


def run(binary, args, cwd, stdout, timeout=60):
    try:
        p = subprocess.run([binary] + args, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, env=env(),
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, f"(timed out after {timeout} s)"
    return p.returncode, p.stderr.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    root = tempfile.mkdtemp(prefix="cloudsift-output-")
    try:
        os.mkdir(os.path.join(root, ".git"))
        with open(os.path.join(root, "main.tf"), "w") as f:
            f.write(FAIL_TF)

        # 1. stdout on a full device, for each command that prints.
        full = "cloudsift: cannot write to standard output: No space left on device\n"
        for args in (["scan", "."], ["scan", ".", "--format", "json"], ["scan", ".", "--format", "sarif"],
                     ["list-checks"], ["explain", "lambda_notracing"], ["--help"], ["--version"],
                     ["config", "dump"], ["scan", "--help"]):
            with open("/dev/full", "w") as out:
                code, err = run(binary, args, root, out)
            check(code == 2, f"{args} >/dev/full: exit {code}, expected 2")
            check(err.endswith(full), f"{args} >/dev/full: stderr {err!r}")
        # The same output to /dev/null is fine.
        with open(os.devnull, "w") as out:
            code, err = run(binary, ["scan", "."], root, out)
        check(code == 1 and err == "", f">/dev/null: exit {code}, stderr {err!r}")

        # 2. stdout is a pipe whose reader has gone: EPIPE, not a silent death by SIGPIPE.
        for args in (["scan", "."], ["list-checks"]):
            r, w = os.pipe()
            os.close(r)
            try:
                code, err = run(binary, args, root, w)
            finally:
                os.close(w)
            check(code == 2, f"{args} to a closed pipe: exit {code}, expected 2")
            check(err.endswith("cloudsift: cannot write to standard output: Broken pipe\n"),
                  f"{args} to a closed pipe: stderr {err!r}")

        # 3. Report files that cannot be written.
        code, err = run(binary, ["scan", ".", "--format", "json:/dev/full"], root, subprocess.DEVNULL)
        check(code == 2, f"--format json:/dev/full: exit {code}")
        check("cloudsift: cannot write /dev/full: No space left on device\n" in err, f"json:/dev/full stderr {err!r}")
        os.mkfifo(os.path.join(root, "pipe.sarif"))
        code, err = run(binary, ["scan", ".", "--format", "sarif:pipe.sarif"], root, subprocess.DEVNULL, timeout=20)
        check(code == 2, f"FIFO without a reader: exit {code}")
        check("cloudsift: cannot write pipe.sarif: no process is reading the FIFO\n" in err, f"FIFO stderr {err!r}")
        check(os.path.exists(os.path.join(root, "pipe.sarif")) and not os.path.isfile(os.path.join(root, "pipe.sarif")),
              "the FIFO must stay a FIFO")
        code, err = run(binary, ["scan", ".", "--format", "json:missing-dir/out.json"], root, subprocess.DEVNULL)
        check(code == 2 and "cloudsift: cannot write missing-dir/out.json: No such file or directory\n" in err,
              f"missing directory: exit {code}, stderr {err!r}")
        check(sorted(os.listdir(root)) == [".git", "main.tf", "pipe.sarif"],
              f"no temporary file left behind: {sorted(os.listdir(root))}")

        # 4. stderr escapes what came from the input or the command line.
        code, err = run(binary, ["scan", ".", "--bogus\x1b[2J\n"], root, subprocess.DEVNULL)
        check(code == 2 and "cloudsift: unknown option --bogus\\x1b[2J\\n\n" in err and "\x1b" not in err,
              f"unknown option with ESC: exit {code}, stderr {err!r}")
        with open(os.path.join(root, ".cloudsift.yaml"), "w") as f:
            f.write('"fail\\e[31m\\u202e": HIGH\n')
        code, err = run(binary, ["scan", "."], root, subprocess.DEVNULL)
        check(code == 2 and 'unknown key "fail\\x1b[31m\\u202e"' in err and "\x1b" not in err and "\u202e" not in err,
              f"config key with ESC: exit {code}, stderr {err!r}")
        os.remove(os.path.join(root, ".cloudsift.yaml"))
        bad = os.path.join(root, "bad\x1b[8m\rname.tf")
        with open(bad, "w") as f:
            f.write("resource {\n")
        code, err = run(binary, ["scan", "."], root, subprocess.PIPE)
        check("\x1b" not in err and "\r" not in err, f"stderr with a hostile file name: {err!r}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print(f"{'FAILED' if failures else 'OK'}: output tests, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
