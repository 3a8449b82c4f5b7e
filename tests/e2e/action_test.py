#!/usr/bin/env python3
"""The GitHub Action (action.yml + scripts/action.sh), run locally with fake inputs: the exact argv
cloudsift receives (a stub on PATH records it), the exit-code output, the cache key, and what the action
installs (BUILD_PACKAGES from scripts/packages.sh: everything CMake requires for the binary, no test or
benchmark package, no bare `sudo`).

Usage: action_test.py
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACTION_SH = os.path.join(SRC, "scripts", "action.sh")
STUB = """#!/bin/sh
# Records its argv, NUL-separated, and exits with $STUB_EXIT.
: > "$ARGV_FILE"
for a in "$@"; do printf '%s\\0' "$a" >> "$ARGV_FILE"; done
exit "${STUB_EXIT:-0}"
"""
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def main():
    tmp = tempfile.mkdtemp(prefix="cloudsift-action-")
    try:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        stub = os.path.join(bindir, "cloudsift")
        with open(stub, "w") as f:
            f.write(STUB)
        os.chmod(stub, 0o755)
        work = os.path.join(tmp, "work")
        os.mkdir(work)
        argv_file = os.path.join(tmp, "argv")
        out_file = os.path.join(tmp, "github_output")

        def scan(stub_exit=0, **inputs):
            env = {"PATH": bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"), "ARGV_FILE": argv_file,
                   "STUB_EXIT": str(stub_exit), "GITHUB_OUTPUT": out_file, "HOME": tmp}
            for k, v in inputs.items():
                env["INPUT_" + k.upper()] = v
            for f in (argv_file, out_file):
                if os.path.exists(f):
                    os.remove(f)
            open(out_file, "w").close()
            p = subprocess.run(["bash", ACTION_SH, "scan"], cwd=work, env=env, capture_output=True, text=True,
                               timeout=60)
            argv = None
            if os.path.exists(argv_file):
                with open(argv_file, "rb") as f:
                    argv = [a.decode() for a in f.read().split(b"\0")[:-1]]
            with open(out_file) as f:
                outputs = f.read()
            return p.returncode, argv, outputs, p.stderr

        # 1. Quoted values stay whole; nothing is expanded or evaluated.
        code, argv, outputs, err = scan(
            stub_exit=1, path="infra 'my stacks' *.tf", sarif_file="out dir/c.sarif", soft_fail="false",
            args="--var 'name=a b' --fail-on HIGH --var-file \"x y.tfvars\" --param 'k=$(touch pwned)' "
                 "--var \"q=it's\" --var e=\\$HOME --var 'nl=a\nb'")
        check(code == 0, f"scan: exit {code}, stderr {err!r}")
        want = ["scan", "infra", "my stacks", "*.tf", "--format", "text", "--format", "sarif:out dir/c.sarif",
                "--var", "name=a b", "--fail-on", "HIGH", "--var-file", "x y.tfvars", "--param", "k=$(touch pwned)",
                "--var", "q=it's", "--var", "e=$HOME", "--var", "nl=a\nb"]
        check(argv == want, f"argv:\n  got  {argv}\n  want {want}")
        check(not os.path.exists(os.path.join(work, "pwned")), "a $(...) in args was executed")
        check(outputs == "exit-code=1\n", f"GITHUB_OUTPUT: {outputs!r}")

        # 2. Defaults; soft-fail; an empty SARIF file name writes no SARIF.
        code, argv, outputs, err = scan(path=".", args="", sarif_file="cloudsift.sarif", soft_fail="true")
        eq_want = ["scan", ".", "--format", "text", "--format", "sarif:cloudsift.sarif", "--soft-fail"]
        check(argv == eq_want, f"soft-fail argv: {argv}")
        check(outputs == "exit-code=0\n", f"GITHUB_OUTPUT: {outputs!r}")
        code, argv, outputs, err = scan(path="", args="", sarif_file="", soft_fail="")
        check(argv == ["scan", ".", "--format", "text"], f"empty inputs argv: {argv}")
        # The exit code of cloudsift is passed on, whatever it is.
        code, argv, outputs, err = scan(stub_exit=3, path=".", args="")
        check(code == 0 and outputs == "exit-code=3\n", f"exit 3: {code} {outputs!r}")

        # 3. Inputs that cannot be split are an error before cloudsift runs.
        code, argv, outputs, err = scan(path=".", args="--var 'unbalanced")
        check(code == 2 and argv is None, f"unbalanced quote: exit {code}, argv {argv}")
        check("cloudsift action: input args is not a valid argument list" in err, f"stderr: {err!r}")
        code, argv, outputs, err = scan(path=".", args="", soft_fail="yes")
        check(code == 2 and argv is None and "soft-fail must be true or false" in err, f"soft-fail=yes: {err!r}")

        # 4. build: a cloudsift already on PATH is used as it is (nothing installed, nothing built).
        env = {"PATH": bindir + ":" + os.environ.get("PATH", ""), "GITHUB_PATH": os.path.join(tmp, "gp")}
        p = subprocess.run(["bash", ACTION_SH, "build"], env=env, capture_output=True, text=True, timeout=60)
        check(p.returncode == 0 and f"using {stub}" in p.stdout, f"build with cloudsift on PATH: {p.stdout}{p.stderr}")

        # A cache hit: the cached binary is put on PATH, nothing is installed or built.
        cache = os.path.join(tmp, "cache")
        os.makedirs(os.path.join(cache, "bin"))
        shutil.copy(stub, os.path.join(cache, "bin", "cloudsift"))
        gp = os.path.join(tmp, "github_path")
        path_without = ":".join(d for d in os.environ.get("PATH", "/usr/bin:/bin").split(":")
                                if d and not os.path.exists(os.path.join(d, "cloudsift")))
        p = subprocess.run(["bash", ACTION_SH, "build"], capture_output=True, text=True, timeout=60,
                           env={"PATH": path_without, "GITHUB_PATH": gp, "CLOUDSIFT_CACHE_DIR": cache})
        check(p.returncode == 0 and "using the cached" in p.stdout, f"cache hit: {p.stdout}{p.stderr}")
        check(open(gp).read() == os.path.join(cache, "bin") + "\n", f"GITHUB_PATH: {open(gp).read()!r}")
        check("apt-get" not in p.stdout + p.stderr, "nothing installed on a cache hit")

        # 5. The cache key: stable, and names OS, architecture and a source hash.
        keys = []
        for _ in range(2):
            open(out_file, "w").close()
            p = subprocess.run(["bash", ACTION_SH, "key"], env={"PATH": os.environ.get("PATH", ""),
                                                               "GITHUB_OUTPUT": out_file},
                               capture_output=True, text=True, timeout=60)
            with open(out_file) as f:
                keys.append(f.read())
        check(re.fullmatch(r"key=cloudsift-Linux-[a-z0-9_]+-[a-z0-9.-]+-[0-9a-f]{32}\n", keys[0]) is not None,
              f"key: {keys[0]!r}")
        check(keys[0] == keys[1], f"key not stable: {keys}")

        # 6. What the action installs and how it builds.
        p = subprocess.run(["bash", "-c", 'source scripts/packages.sh; printf "%s\\n" "${BUILD_PACKAGES[@]}"'],
                           cwd=SRC, capture_output=True, text=True, check=True)
        build_packages = set(p.stdout.split())
        # Every REQUIRED dependency of CMakeLists.txt outside the test-only blocks, and its Debian package.
        known = {"PkgConfig": "pkg-config", "yaml-0.1": "libyaml-dev", "OpenSSL": "libssl-dev",
                 "CURL": "libcurl4-openssl-dev", "re2": "libre2-dev", "RE2": "libre2-dev",
                 "libarchive": "libarchive-dev"}
        cmake_text = open(os.path.join(SRC, "CMakeLists.txt")).read()
        cmake_text = re.sub(r"if\(CLOUDSIFT_TESTS\).*?endif\(\)", "", cmake_text, flags=re.S)
        deps = re.findall(r"find_package\((\w[\w-]*) REQUIRED", cmake_text)
        deps += [m.split()[-1] for m in re.findall(r"pkg_check_modules\(\w+ REQUIRED IMPORTED_TARGET ([\w.-]+)", cmake_text)]
        for d in deps:
            check(d in known, f"CMakeLists.txt requires {d}: add its Debian package to BUILD_PACKAGES and to this test")
            if d in known:
                check(known[d] in build_packages, f"{known[d]} (for {d}) missing from BUILD_PACKAGES")
        for pkg in ("build-essential", "cmake", "ninja-build"):
            check(pkg in build_packages, f"{pkg} missing from BUILD_PACKAGES")
        for pkg in ("libgtest-dev", "libgmock-dev", "libbenchmark-dev", "clang", "pre-commit"):
            check(pkg not in build_packages, f"{pkg} is for tests, not for the action: remove it from BUILD_PACKAGES")
        action_sh = open(ACTION_SH).read()
        action_yml = open(os.path.join(SRC, "action.yml")).read()
        check('install_packages "${BUILD_PACKAGES[@]}"' in action_sh, "the action installs BUILD_PACKAGES")
        check("-DCLOUDSIFT_TESTS=OFF -DCLOUDSIFT_BENCH=OFF" in action_sh, "the action builds without tests/benchmarks")
        check("eval" not in action_sh.replace("evaluated", ""), "no eval in action.sh")
        check(not re.search(r"\bsudo\b", action_yml), "action.yml must not call sudo itself")
        check("actions/cache@" in action_yml and "steps.key.outputs.key" in action_yml, "the build is cached")
        check("${{ inputs.args }}" not in action_yml.split("INPUT_ARGS:")[0], "inputs.args only through env")
        for line in action_yml.splitlines():
            if "run:" in line:
                check("${{" not in line, f"an expression inside a run: line (script injection): {line.strip()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print(f"{'FAILED' if failures else 'OK'}: action, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
