#!/usr/bin/env python3
"""scripts/add_check.py, end to end, in a copy of the tree (never in the tree itself).

1. Refusals and order, in a small copy (src/checks and the script): an existing id and a non-snake_case id
   exit 2 and write nothing; two new ids land in the registry in sorted order.
2. The measure of issue 10, in a full copy (git's tracked and untracked-not-ignored files, committed to
   a fresh repository): add a model-only check with Terraform fixtures and --build-dir, then build the
   copy's cs_checks_tests and cloudsift (ccache makes this a relink when the objects are cached), run the
   new check's unit test and the registry tests, and require that
   - `git status` shows only the check's folder, the registry (two added lines), its doc page, its fixtures;
   - `cloudsift list-checks` lists it;
   - the new fixtures are read by the e2e expectation parser.
   Part 2 builds; with CS_SKIP_BUILD_TESTS set it is skipped (exit 77 after part 1 passes).
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import expectations  # noqa: E402

passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}\n{detail}")


def sh(args, cwd, env=None, timeout=1800):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


def add_check(root, *args):
    return sh([sys.executable, os.path.join(root, "scripts", "add_check.py"), *args, "--root", root], cwd=root)


def copy_tree(dst):
    files = sh(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).stdout.split("\0")
    for f in files:
        if not f or not os.path.lexists(os.path.join(ROOT, f)):
            continue  # deleted in the working tree
        os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), os.path.join(dst, f), follow_symlinks=False)
    git = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=test"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        p = sh(git + args, cwd=dst)
        assert p.returncode == 0, p.stderr


def part1(tmp):
    small = os.path.join(tmp, "small")
    shutil.copytree(os.path.join(ROOT, "src", "checks"), os.path.join(small, "src", "checks"))
    os.makedirs(os.path.join(small, "scripts"))
    shutil.copy2(os.path.join(ROOT, "scripts", "add_check.py"), os.path.join(small, "scripts"))
    reg = os.path.join(small, "src", "checks", "registry.cpp")
    before = open(reg).read()
    checks_before = sum(1 for l in before.splitlines() if "v.push_back" in l)
    common = ["--title", "t", "--severity", "low", "--resource-type", "AWS::IAM::Role"]
    p = add_check(small, "lambda_notracing", *common)
    expect("an existing id is refused", p.returncode == 2 and 'check "lambda_notracing" exists already' in p.stderr
           and open(reg).read() == before, p.stdout + p.stderr)
    for bad in ("LambdaNoRole", "lambda-norole", "norole", "_x_y", "a__b"):
        p = add_check(small, bad, *common)
        expect(f"a non-snake_case id is refused: {bad}", p.returncode == 2 and "lower_snake_case" in p.stderr
               and open(reg).read() == before and not os.path.exists(os.path.join(small, "src", "checks", bad)),
               p.stdout + p.stderr)
    p = add_check(small, "iam_role_test", *common, "--source", "serverless")
    expect("a source the resource has no form in is refused", p.returncode == 2 and "no serverless form" in p.stderr
           and not os.path.exists(os.path.join(small, "src", "checks", "iam_role_test")), p.stdout + p.stderr)
    for cid in ("zz_last", "aa_first", "lambda_a"):
        p = add_check(small, cid, *common)
        expect(f"add {cid}", p.returncode == 0, p.stdout + p.stderr)
    text = open(reg).read()
    incs = [l for l in text.splitlines() if l.startswith('#include "checks/') and "registry" not in l]
    pushes = [l.strip() for l in text.splitlines() if "v.push_back" in l]
    expect("the registry includes stay sorted", incs == sorted(incs) and len(incs) == checks_before + 3,
           "\n".join(incs))
    # Sorted by id wherever the new ones fall among the checks the tree already has.
    new = [l for l in pushes if any(c in l for c in ("<AaFirst>", "<LambdaA>", "<ZzLast>"))]
    expect("the registry lines stay sorted by id",
           len(pushes) == checks_before + 3 and pushes[0].endswith("<AaFirst>());")
           and pushes[-1].endswith("<ZzLast>());") and len(new) == 3 and new[1].endswith("<LambdaA>());")
           and pushes[pushes.index(new[1]) + 1].endswith("<LambdaNoTracing>());"), "\n".join(pushes))


def part2(tmp):
    tree = os.path.join(tmp, "tree")
    copy_tree(tree)
    env = dict(os.environ, CCACHE_BASEDIR=tree, CCACHE_NOHASHDIR="1")
    build = os.path.join(tree, "build-debug")
    p = sh(["cmake", "--preset", "debug", "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCLOUDSIFT_BENCH=OFF"], cwd=tree,
           env=env)
    if p.returncode != 0:
        expect("configure the copy", False, p.stdout[-3000:] + p.stderr[-3000:])
        return
    cid = "lambda_norole"
    p = sh([sys.executable, "scripts/add_check.py", cid, "--title", "Lambda function has no execution role",
            "--severity", "medium", "--resource-type", "AWS::Lambda::Function", "--source", "terraform",
            "--build-dir", build], cwd=tree, env=env)
    expect("add_check.py with --build-dir", p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:])
    if p.returncode != 0:
        return
    status = sh(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tree).stdout.splitlines()
    want = {" M src/checks/registry.cpp",
            f"?? src/checks/{cid}/{cid}.h", f"?? src/checks/{cid}/{cid}.cpp", f"?? src/checks/{cid}/{cid}_test.cpp",
            f"?? docs/checks/{cid}.md",
            f"?? tests/fixtures/{cid}/terraform/fails/main.tf", f"?? tests/fixtures/{cid}/terraform/passes/main.tf"}
    expect("git status: only the check's folder, the registry, its doc and its fixtures", set(status) == want,
           "\n".join(sorted(set(status) ^ want)))
    numstat = sh(["git", "diff", "--numstat", "src/checks/registry.cpp"], cwd=tree).stdout.split()
    expect("the registry gains two lines (include, list entry) and loses none", numstat[:2] == ["2", "0"], numstat)
    doc = open(os.path.join(tree, "docs", "checks", cid + ".md")).read()
    expect("the doc page is generated from the metadata",
           doc.startswith("<!-- Generated") and f"# {cid}: Lambda function has no execution role" in doc
           and "| Severity | MEDIUM |" in doc, doc[:400])
    p = sh(["cmake", "--build", build, "-j2", "--target", "cs_checks_tests", "cloudsift"], cwd=tree, env=env)
    expect("the copy builds cs_checks_tests and cloudsift", p.returncode == 0, p.stdout[-4000:] + p.stderr[-2000:])
    if p.returncode != 0:
        return
    p = sh([os.path.join(build, "cs_checks_tests"), "--gtest_filter=LambdaNorole.*:Registry.*"], cwd=tree)
    expect("the generated unit test and the registry tests pass",
           p.returncode == 0 and "[       OK ] LambdaNorole.EveryResourceGetsOneResult" in p.stdout
           and "[       OK ] Registry.SortedByIdAndIdsAndAliasesUnique" in p.stdout, p.stdout[-3000:])
    p = sh([os.path.join(build, "cloudsift"), "list-checks"], cwd=tree)
    expect("cloudsift list-checks lists it", p.returncode == 0 and f"{cid}\tMEDIUM" in p.stdout, p.stdout)
    try:
        exps = [expectations.parse_inline(os.path.join(tree, "tests", "fixtures", cid, "terraform", c), "terraform")
                for c in ("fails", "passes")]
        ok = (exps[0].results == {("FAIL", cid, "misconfigured", "aws_lambda_function.example", "main.tf:5")}
              and exps[1].results == {("PASS", cid, "configured", "aws_lambda_function.example", "main.tf:5")}
              and exps[0].args == ["--check", cid] and exps[0].exit == 1 and exps[1].exit == 0)
        expect("the fixtures hold one FAIL and one PASS expectation", ok, [e.results for e in exps])
    except expectations.FixtureError as e:
        expect("the fixtures hold one FAIL and one PASS expectation", False, str(e))


def main():
    with tempfile.TemporaryDirectory(prefix="cs-add-check-") as tmp:
        part1(tmp)
        if os.environ.get("CS_SKIP_BUILD_TESTS"):
            print(f"{passed} passed, {failed} failed; SKIP the build part (CS_SKIP_BUILD_TESTS is set)")
            return 1 if failed else 77
        part2(tmp)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
