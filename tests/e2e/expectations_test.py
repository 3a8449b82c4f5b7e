#!/usr/bin/env python3
"""The inline expectation syntax (tests/e2e/expectations.py) on small cases written here."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations as E  # noqa: E402

passed = failed = 0


def expect(name, ok, detail=""):
    global passed, failed
    passed += bool(ok)
    failed += not ok
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else f"\n  {detail}"))


def case(files):
    d = tempfile.mkdtemp(prefix="cs-expect-")
    for rel, text in files.items():
        os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(d, rel), "w") as f:
            f.write(text)
    return d


def error_of(files, source="terraform"):
    try:
        E.parse_inline(case(files), source)
    except E.FixtureError as e:
        return str(e)
    return None


def main():
    d = case({
        "main.tf": "# expect-exit: 1\n"
                   "# expect-args: --var 'x=a b'\n"
                   "# expect: FAIL lambda_notracing absent\n"
                   "# expect: PASS other_check ok\n"
                   "resource \"aws_lambda_function\" \"a\" {\n"
                   "  tracing_config {\n"
                   "    mode = \"PassThrough\" # expect: FAIL lambda_notracing passthrough aws_lambda_function.b\n"
                   "  }\n"
                   "}\n"
                   "# expect: FAIL lambda_notracing absent aws_lambda_function.c[\"k 1\"] @LINE+2 suppressed\n"
                   "# a suppression comment\n"
                   "resource \"aws_lambda_function\" \"c\" {\n"
                   "  # expect-fix: tracing_config { mode = \"Active\" }\n"
                   "}\n",
        "mod/template.yaml": "Resources:\n  # expect: FAIL lambda_notracing absent\n  Fn:\n    Type: AWS::Lambda::Function\n"
                             "  // expect-diag: warning\n  X: 1\n",
        "serverless.yml": "functions:\n  # expect: PASS lambda_notracing active\n  hello:\n    handler: h\n",
        "plan.json": '{"# expect: PASS x y": 1}\n',
        "expect.txt": "# JSON positions\n# expect: PASS lambda_notracing active aws_lambda_function.p @plan.json:3\n"
                      "# expect-diag: error @plan.json:0\n",
    })
    exp = E.parse_inline(d, "terraform")
    want = {("FAIL", "lambda_notracing", "absent", "aws_lambda_function.a", "main.tf:5"),
            ("PASS", "other_check", "ok", "aws_lambda_function.a", "main.tf:5"),
            ("FAIL", "lambda_notracing", "passthrough", "aws_lambda_function.b", "main.tf:7"),
            ("FAIL", "lambda_notracing", "absent", 'aws_lambda_function.c["k 1"]', "main.tf:12", "suppressed"),
            ("FAIL", "lambda_notracing", "absent", "Fn", "mod/template.yaml:3"),
            ("PASS", "lambda_notracing", "active", "functions.hello", "serverless.yml:3"),
            ("PASS", "lambda_notracing", "active", "aws_lambda_function.p", "plan.json:3")}
    expect("results: stacked, trailing, @LINE+N, derived addresses per file kind, sidecar @FILE:LINE",
           exp.results == want, sorted(exp.results ^ want, key=str))
    expect("diagnostics: // comments and sidecar line 0",
           exp.diags == {("warning", "mod/template.yaml:6"), ("error", "plan.json:0")}, exp.diags)
    expect("exit and args (shell words)", exp.exit == 1 and exp.args == ["--var", "x=a b"], (exp.exit, exp.args))
    expect("expect-fix is stored, not checked", exp.fixes == [("main.tf:14", 'tracing_config { mode = "Active" }')],
           exp.fixes)
    expect("JSON files are not read for comments", not any("x" == r[1] for r in exp.results))

    e = error_of({"main.tf": "# expect: FAIL c r\nlocals {}\n"})
    expect("an address that is not obvious must be written", e and "not obvious" in e, e)
    e = error_of({"a.tf": "# expect-exit: 1\n", "b.tf": "# expect-exit: 2\n"})
    expect("expect-exit twice in one case is an error", e and "given twice" in e, e)
    e = error_of({"main.tf": "# expect: FAIL c r x @LINE+1 @LINE+2\nx\n"})
    expect("two locations are an error", e and "more than one location" in e, e)
    e = error_of({"main.tf": "# expect: MAYBE c r x\nx\n"})
    expect("an unknown verdict is an error", e and "VERDICT" in e, e)
    e = error_of({"expect.txt": "# expect: PASS c r x\n"})
    expect("a sidecar expectation needs @FILE:LINE", e and "@FILE:LINE" in e, e)
    e = error_of({"expect.txt": "PASS r x main.tf:1\n# expect: PASS c r x @main.tf:1\n"})
    expect("a sidecar with a bare line is refused", e and "not a directive" in e, e)

    e = error_of({"expect.txt": "# exit: 1\n# expect: PASS c r x @main.tf:1\n"})
    expect("a sidecar in the old syntax (# exit:) is refused, not read as a comment", e and "old syntax" in e, e)

    root = case({
        "lambda_notracing/terraform/new/main.tf": "# expect: PASS lambda_notracing active\nresource \"a\" \"b\" {}\n",
        "suppress/s/main.tf": "# expect: PASS lambda_notracing active\nresource \"a\" \"b\" {}\n",
    })
    got = [(n, src) for n, _, src in E.fixture_cases(root, {"lambda_notracing", "apigateway_notracing"})]
    expect("cases under a check (with their source) and under a feature folder",
           got == [("lambda_notracing/terraform/new", "terraform"), ("suppress/s", "suppress")], got)
    os.makedirs(os.path.join(root, "terraform", "old"))
    with open(os.path.join(root, "terraform", "old", "expect.txt"), "w") as f:
        f.write("# exit: 1\nFAIL absent a.b main.tf:1\n")
    try:
        E.fixture_cases(root, {"lambda_notracing"})
        e = None
    except E.FixtureError as x:
        e = str(x)
    expect("an old-layout folder (tests/fixtures/<source>/) is an error, not skipped",
           e and "tests/fixtures/terraform" in e and "neither a check id nor a feature" in e, e)

    def checks(top, results, args=()):
        x = E.Expected()
        x.results = set(results)
        x.args = list(args)
        return E.scan_checks(top, x, {"lambda_notracing", "apigateway_notracing"})
    r_api = ("FAIL", "apigateway_notracing", "absent", "S", "t.yaml:3")
    r_fn = ("PASS", "lambda_notracing", "active", "F", "t.yaml:9")
    expect("a case is scanned with its check", checks("apigateway_notracing", [r_api]) ==
           ["--check", "apigateway_notracing"])
    expect("and with every other check its expectations name",
           checks("apigateway_notracing", [r_api, r_fn]) ==
           ["--check", "apigateway_notracing", "--check", "lambda_notracing"])
    expect("expect-args that choose checks are left alone",
           checks("apigateway_notracing", [r_api], ["--check=CKV_AWS_73"]) == [] and
           checks("apigateway_notracing", [r_api], ["--check", "x"]) == [])
    expect("a feature folder's case runs every check", checks("suppress", [r_fn]) == [])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
