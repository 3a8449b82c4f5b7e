#!/usr/bin/env python3
"""The pre-commit hooks (.pre-commit-hooks.yaml) run by the real pre-commit (Debian's package) against a
temporary git repository: which files reach cloudsift, and that a commit touching only files cloudsift
does not read (.pre-commit-config.yaml, package.json, README.md) passes.

Exit 77 (skipped) when pre-commit is not installed. Usage: precommit_test.py --binary PATH
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAIL_TF = 'resource "aws_lambda_function" "f" {\n  function_name = "x"\n}\n'
PASS_TF = ('resource "aws_lambda_function" "f" {\n  function_name = "x"\n  tracing_config {\n'
           '    mode = "Active"\n  }\n}\n')
TEMPLATE = ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n'
            '    Properties:\n      TracingConfig:\n        Mode: Active\n')
PRECOMMIT_CONFIG = ("repos:\n- repo: local\n  hooks:\n  - id: nothing\n    name: nothing\n    entry: 'true'\n"
                    "    language: system\n")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    pre_commit = shutil.which("pre-commit")
    if not pre_commit:
        print("SKIP: pre-commit is not installed (apt-get install pre-commit; scripts/packages.sh TEST_PACKAGES)")
        return 77
    tmp = tempfile.mkdtemp(prefix="cloudsift-precommit-")
    try:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(a.binary), os.path.join(bindir, "cloudsift"))
        env = {"PATH": bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8",
               "NO_COLOR": "1", "PRE_COMMIT_HOME": os.path.join(tmp, "cache"), "PRE_COMMIT_COLOR": "never",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}

        def git(cwd, *args):
            subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True,
                           capture_output=True)

        # The hook repository: this tree's .pre-commit-hooks.yaml, committed (try-repo clones it).
        hooks = os.path.join(tmp, "hooks")
        os.mkdir(hooks)
        shutil.copy(os.path.join(SRC, ".pre-commit-hooks.yaml"), hooks)
        git(hooks, "init", "-q")
        git(hooks, "add", ".")
        git(hooks, "commit", "-q", "-m", "hooks")

        proj = os.path.join(tmp, "proj")
        files = {"infra/main.tf": FAIL_TF, "infra/prod.tfvars": 'x = 1\n', "template.yaml": TEMPLATE,
                 ".pre-commit-config.yaml": PRECOMMIT_CONFIG, "package.json": '{"name": "p", "version": "1.0.0"}\n',
                 "README.md": "# p\n", "docs/conf.yml": "theme: x\n"}
        for rel, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(proj, rel)), exist_ok=True)
            with open(os.path.join(proj, rel), "w") as f:
                f.write(text)
        git(proj, "init", "-q")
        git(proj, "add", ".")
        git(proj, "commit", "-q", "-m", "initial")

        def run_hook(hook, *extra):
            p = subprocess.run([pre_commit, "try-repo", hooks, hook, "--verbose", *extra], cwd=proj, env=env,
                               capture_output=True, text=True, timeout=300)
            return p.returncode, p.stdout + p.stderr

        def stage(**changes):
            for rel, text in changes.items():
                with open(os.path.join(proj, rel), "a") as f:
                    f.write(text)
                git(proj, "add", rel)

        def reset():
            git(proj, "reset", "-q", "--hard", "HEAD")

        # 1. Every file: the failing function fails both hooks.
        for hook in ("cloudsift", "cloudsift-changed-files"):
            code, out = run_hook(hook, "--all-files")
            check(code == 1, f"{hook} --all-files: exit {code}, expected 1\n{out}")
            check("FAIL lambda_notracing aws_lambda_function.f [absent]" in out, f"{hook} --all-files output:\n{out}")
        # Only the files cloudsift reads were passed: README.md never, the others skipped with a note.
        code, out = run_hook("cloudsift-changed-files", "--all-files")
        check("README.md" not in out, f"README.md must not be passed:\n{out}")
        check(".pre-commit-config.yaml: note: skipped (--skip-unknown-files)" in out, f"note for the config:\n{out}")

        # 2. A commit that only edits .pre-commit-config.yaml (failed the hook before): passes.
        stage(**{".pre-commit-config.yaml": "# more\n"})
        code, out = run_hook("cloudsift-changed-files")
        check(code == 0, f"only .pre-commit-config.yaml changed: exit {code}, expected 0\n{out}")
        check("Passed" in out, f"hook should pass:\n{out}")
        reset()

        # 3. Non-infrastructure YAML/JSON and a passing template: passes.
        stage(**{"package.json": "\n", "docs/conf.yml": "x: 1\n", "template.yaml": "\n"})
        code, out = run_hook("cloudsift-changed-files")
        check(code == 0, f"package.json, docs/conf.yml, template.yaml: exit {code}, expected 0\n{out}")
        check("1 passed, 0 failed" in out, f"the template is scanned:\n{out}")
        reset()

        # 4. README only: the hook does not even run.
        stage(**{"README.md": "more\n"})
        code, out = run_hook("cloudsift-changed-files")
        check(code == 0 and "(no files to check)Skipped" in out, f"README.md only: exit {code}\n{out}")
        reset()

        # 5. A changed .tf file or .tfvars file scans its module: the finding fails the commit.
        for rel in ("infra/main.tf", "infra/prod.tfvars"):
            stage(**{rel: "\n"})
            code, out = run_hook("cloudsift-changed-files")
            check(code == 1 and "FAIL lambda_notracing aws_lambda_function.f [absent]" in out,
                  f"{rel} changed: exit {code}, expected 1\n{out}")
            reset()

        # 6. Fixed: passes.
        with open(os.path.join(proj, "infra/main.tf"), "w") as f:
            f.write(PASS_TF)
        git(proj, "add", "infra/main.tf")
        code, out = run_hook("cloudsift-changed-files")
        check(code == 0, f"fixed main.tf: exit {code}, expected 0\n{out}")
        reset()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print(f"{'FAILED' if failures else 'OK'}: pre-commit hooks, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
