#!/usr/bin/env python3
"""Add a check: its class, registry line, unit test, doc page and fixture folders.

    scripts/add_check.py ID --title TITLE --severity LOW|MEDIUM|HIGH|CRITICAL --resource-type AWS::X::Y
                         [--alias ALIAS ...] [--source terraform|cloudformation|sam|serverless ...]
                         [--build-dir DIR] [--root DIR]

Writes
  src/checks/ID/ID.h, ID.cpp       the class: metadata as data, and a run() that reads the model
  src/checks/ID/ID_test.cpp        a unit test that builds a model and asserts a verdict
  src/checks/registry.cpp          one #include and one line in the sorted list
  docs/checks/ID.md                with --build-dir DIR: built with DIR's cloudsift (`cloudsift docs`)
  tests/fixtures/ID/SOURCE/fails/  one failing and one passing example per --source, expectations inline
  tests/fixtures/ID/SOURCE/passes/
and nothing else. It refuses an id that exists or is not lower_snake_case. See HACKING.md "Adding a check".

The generated check gives every resource UNRESOLVED `not-implemented` until you write its rule; the
fixtures say what it must give (FAIL in fails/, PASS in passes/), so the e2e suite fails on them until then.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------------------------------------------------
# Templates: everything that depends on the shape of the checks library is here, in one place.
# (The shape today: checks/check.h holds Metadata, Severity, Verdict, CheckResult in cs::checks. When they
# move to src/findings, change INCLUDES, NS_FINDINGS and the result field names below.)
# ---------------------------------------------------------------------------------------------------------
INCLUDES = '#include "checks/check.h"'
NS_FINDINGS = ""  # qualifier of Metadata/CheckResult/Verdict/Severity inside cs::checks ("findings::" later)

# Resource type -> (model field, C++ type, Terraform type, CloudFormation type, SAM type or None, Serverless?)
MODEL = {
    "AWS::Lambda::Function": ("lambda_functions", "model::aws::lambda::Function", "aws_lambda_function",
                              "AWS::Lambda::Function", "AWS::Serverless::Function", True),
    "AWS::Lambda::EventSourceMapping": ("lambda_event_source_mappings", "model::aws::lambda::EventSourceMapping",
                                        "aws_lambda_event_source_mapping", "AWS::Lambda::EventSourceMapping",
                                        None, False),
    "AWS::ApiGateway::RestApi": ("apigateway_rest_apis", "model::aws::apigateway::RestApi",
                                 "aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi", "AWS::Serverless::Api",
                                 False),
    "AWS::ApiGateway::Stage": ("apigateway_stages", "model::aws::apigateway::Stage", "aws_api_gateway_stage",
                               "AWS::ApiGateway::Stage", None, False),
    "AWS::IAM::Role": ("iam_roles", "model::aws::iam::Role", "aws_iam_role", "AWS::IAM::Role", None, False),
}

HEADER = """#pragma once

{includes}

namespace cs::checks {{

// {id}: {title}
class {cls} final : public Check {{
 public:
  const {f}Metadata& metadata() const override;
  void run(const model::Model& model, std::vector<{f}CheckResult>& out) const override;
}};

}}  // namespace cs::checks
"""

SOURCE = """#include "checks/{id}/{id}.h"

namespace cs::checks {{

namespace {{

{f}Metadata make_metadata() {{
  {f}Metadata m;
  m.id = "{id}";
  m.aliases = {{{aliases}}};
  m.title = {title_q};
  m.severity = {f}Severity::{severity};
  m.resource_type = "{rtype}";
  m.rationale = "TODO: why it matters, in paragraphs separated by blank lines.";
  m.remedies = {{
      {{"AWS CLI", "sh", "TODO: the exact command that fixes it"}},
      {{"Terraform", "hcl", "TODO: the exact configuration that passes"}},
  }};
  m.notes = {{}};
  // One row per (verdict, reason) run() can give; the fixtures and the docs use these reasons.
  m.verdicts = {{
      {{{f}Verdict::Fail, "misconfigured", "TODO: when it fails"}},
      {{{f}Verdict::Pass, "configured", "TODO: when it passes"}},
      {{{f}Verdict::Unresolved, "not-implemented", "the rule is not written yet"}},
  }};
  m.references = {{}};
  return m;
}}

}}  // namespace

const {f}Metadata& {cls}::metadata() const {{
  static const {f}Metadata m = make_metadata();
  return m;
}}

void {cls}::run(const model::Model& model, std::vector<{f}CheckResult>& out) const {{
  const {f}Metadata& meta = metadata();
  for (const auto& res : model.{field}) {{
    {f}CheckResult r = result_for(meta, res);  // identity, locations, suppressions (checks/check.h)
    // TODO: the rule. Read the fields of {ctype} (src/model/)
    // and give FAIL "misconfigured" or PASS "configured".
    r.verdict = {f}Verdict::Unresolved;
    r.reason = "not-implemented";
    r.message = "the rule of {id} is not written yet";
    out.push_back(std::move(r));
  }}
  unresolved_opaque(meta, model, out);  // a module not on disk may hold such resources
}}

}}  // namespace cs::checks
"""

TEST = """// {id} on a model built by hand: one resource per verdict row.
#include "checks/{id}/{id}.h"

#include <gtest/gtest.h>

namespace cs::checks {{
namespace {{

{ctype} resource(std::string address) {{
  {ctype} r;
  r.address = std::move(address);
  r.kind = "terraform";
  r.declared = {{"main.tf", 10, 1}};
  // TODO: set the fields the rule reads, one resource per verdict row.
  return r;
}}

TEST({cls}, EveryResourceGetsOneResult) {{
  model::Model m;
  m.{field}.push_back(resource("{tftype}.example"));
  std::vector<{f}CheckResult> out;
  {cls}().run(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].check_id, "{id}");
  EXPECT_EQ(out[0].resource, "{tftype}.example");
  EXPECT_EQ(out[0].severity, {f}Severity::{severity});
  EXPECT_EQ(out[0].location.line, 10u);
  // TODO: replace with the verdict rows of the rule (FAIL "misconfigured", PASS "configured", ...).
  EXPECT_EQ(out[0].verdict, {f}Verdict::Unresolved);
  EXPECT_EQ(out[0].reason, "not-implemented");
}}

}}  // namespace
}}  // namespace cs::checks
"""

REGISTRY_INCLUDE = '#include "checks/{id}/{id}.h"'
REGISTRY_LINE = "    v.push_back(std::make_unique<{cls}>());"

# Fixtures: (file name, text) per source and outcome. {expect} is the inline expectation comment; the scan
# runs with --check ID so that other checks of the same resources do not add results.
FIXTURES = {
    "terraform": ("main.tf", """# expect-exit: {exit}
# expect-args: --check {id}
# TODO: make this {outcome} ({id}).
{expect}
resource "{tftype}" "example" {{
}}
"""),
    "cloudformation": ("template.yaml", """# expect-exit: {exit}
# expect-args: --check {id}
# TODO: make this {outcome} ({id}).
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  {expect}
  Example:
    Type: {cfntype}
    Properties: {{}}
"""),
    "sam": ("template.yaml", """# expect-exit: {exit}
# expect-args: --check {id}
# TODO: make this {outcome} ({id}).
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  {expect}
  Example:
    Type: {samtype}
    Properties: {{}}
"""),
    "serverless": ("serverless.yml", """# expect-exit: {exit}
# expect-args: --check {id}
# TODO: make this {outcome} ({id}).
service: example
provider:
  name: aws
  runtime: python3.12
functions:
  {expect}
  example:
    handler: app.handler
"""),
}
# ---------------------------------------------------------------------------------------------------------

SEVERITIES = {"LOW": "Low", "MEDIUM": "Medium", "HIGH": "High", "CRITICAL": "Critical"}


def fail(msg):
    print(f"add_check.py: {msg}", file=sys.stderr)
    sys.exit(2)


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def class_name(check_id):
    return "".join(p[:1].upper() + p[1:] for p in check_id.split("_"))


def registry_entries(root, text):
    """(id, class) of every check in registry.cpp, read from the included headers."""
    out = []
    for inc in re.findall(r'#include "checks/([a-z0-9_]+)/\1\.h"', text):
        h = open(os.path.join(root, "src", "checks", inc, inc + ".h"), encoding="utf-8").read()
        m = re.search(r"class\s+(\w+)\s+final\s*:\s*public\s+Check", h)
        if not m:
            fail(f"cannot find the class in src/checks/{inc}/{inc}.h")
        out.append((inc, m.group(1)))
    return out


def add_to_registry(root, check_id, cls):
    path = os.path.join(root, "src", "checks", "registry.cpp")
    text = open(path, encoding="utf-8").read()
    entries = registry_entries(root, text) + [(check_id, cls)]
    lines = text.split("\n")
    # The includes: the block of "checks/<id>/<id>.h" lines, kept sorted.
    inc_idx = [i for i, l in enumerate(lines) if re.fullmatch(r'#include "checks/([a-z0-9_]+)/\1\.h"', l)]
    push_idx = [i for i, l in enumerate(lines) if re.fullmatch(r"\s*v\.push_back\(std::make_unique<\w+>\(\)\);", l)]
    if not inc_idx or not push_idx:
        fail("src/checks/registry.cpp does not have the expected shape (check includes and v.push_back lines)")
    new_inc = REGISTRY_INCLUDE.format(id=check_id)
    # Insert before the first include / line whose id sorts after the new id, else after the last.
    by_class = {c: i for i, c in entries}
    at = next((i for i in inc_idx if re.search(r'"checks/([a-z0-9_]+)/', lines[i]).group(1) > check_id),
              inc_idx[-1] + 1)
    lines.insert(at, new_inc)
    push_idx = [i for i, l in enumerate(lines) if re.fullmatch(r"\s*v\.push_back\(std::make_unique<\w+>\(\)\);", l)]
    at = next((i for i in push_idx
               if by_class[re.search(r"make_unique<(\w+)>", lines[i]).group(1)] > check_id), push_idx[-1] + 1)
    lines.insert(at, REGISTRY_LINE.format(cls=cls))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("id")
    ap.add_argument("--title", required=True)
    ap.add_argument("--severity", required=True, type=str.upper, choices=sorted(SEVERITIES))
    ap.add_argument("--resource-type", required=True, choices=sorted(MODEL),
                    help="the model's resource type the check reads")
    ap.add_argument("--alias", action="append", default=[], help="an id of the same rule in another tool")
    ap.add_argument("--source", action="append", default=[], choices=sorted(FIXTURES),
                    help="write tests/fixtures/ID/SOURCE/{fails,passes}")
    ap.add_argument("--build-dir", help="build this directory's cloudsift and write docs/checks/ID.md with it")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="the source tree (default: this script's)")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    cid = a.id
    if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", cid):
        fail(f'"{cid}" is not a lower_snake_case id with at least two words (e.g. apigateway_notracing)')
    check_dir = os.path.join(root, "src", "checks", cid)
    registry = open(os.path.join(root, "src", "checks", "registry.cpp"), encoding="utf-8").read()
    known = {i for i, _ in registry_entries(root, registry)}
    if cid in known or os.path.exists(check_dir) or os.path.exists(os.path.join(root, "tests", "fixtures", cid)):
        fail(f'check "{cid}" exists already')
    cls = class_name(cid)
    field, ctype, tftype, cfntype, samtype, sls = MODEL[a.resource_type]
    for s in a.source:
        if (s == "sam" and not samtype) or (s == "serverless" and not sls):
            fail(f"{a.resource_type} has no {s} form; leave --source {s} out")
    v = dict(id=cid, cls=cls, title=a.title, title_q=c_string(a.title), severity=SEVERITIES[a.severity],
             rtype=a.resource_type, field=field, ctype=ctype, tftype=tftype, f=NS_FINDINGS, includes=INCLUDES,
             aliases=", ".join(c_string(x) for x in a.alias))

    written = []
    for name, tmpl in ((f"{cid}.h", HEADER), (f"{cid}.cpp", SOURCE), (f"{cid}_test.cpp", TEST)):
        write(os.path.join(check_dir, name), tmpl.format(**v))
        written.append(f"src/checks/{cid}/{name}")
    add_to_registry(root, cid, cls)
    fmt = shutil.which("clang-format-14") or shutil.which("clang-format")
    if fmt:  # the templates are formatted already; this keeps long titles and types within the limit
        subprocess.run([fmt, "-i", "--style=file"] + [os.path.join(root, w) for w in written[:3]], cwd=root)
    written.append("src/checks/registry.cpp (one #include, one line)")
    for s in a.source:
        fname, tmpl = FIXTURES[s]
        for case, verdict, reason, exit_code in (("fails", "FAIL", "misconfigured", 1),
                                                 ("passes", "PASS", "configured", 0)):
            comment = f"# expect: {verdict} {cid} {reason}"
            write(os.path.join(root, "tests", "fixtures", cid, s, case, fname),
                  tmpl.format(expect=comment, exit=exit_code, outcome=verdict, id=cid, tftype=tftype,
                              cfntype=cfntype, samtype=samtype or ""))
            written.append(f"tests/fixtures/{cid}/{s}/{case}/{fname}")

    doc = os.path.join(root, "docs", "checks", cid + ".md")
    if a.build_dir:
        bd = os.path.abspath(a.build_dir)
        p = subprocess.run(["cmake", "--build", bd, "-j2", "--target", "cloudsift"], capture_output=True, text=True)
        if p.returncode != 0:
            fail(f"building cloudsift in {bd} failed:\n{p.stdout[-4000:]}{p.stderr[-2000:]}")
        with tempfile.TemporaryDirectory() as t:
            p = subprocess.run([os.path.join(bd, "cloudsift"), "docs", "--output-dir", t], capture_output=True,
                               text=True)
            if p.returncode != 0 or not os.path.isfile(os.path.join(t, cid + ".md")):
                fail(f"cloudsift docs failed: {p.stderr}")
            shutil.copyfile(os.path.join(t, cid + ".md"), doc)
        written.append(f"docs/checks/{cid}.md")
    for w in written:
        print(f"wrote {w}")
    if not a.build_dir:
        print(f"next: build, then `cloudsift docs --output-dir docs/checks` writes docs/checks/{cid}.md "
              "(or rerun nothing and pass --build-dir next time)")
    print(f"next: write the rule in src/checks/{cid}/{cid}.cpp, its verdict rows, the unit test, and make the "
          f"fixtures under tests/fixtures/{cid}/ fail and pass as their '# expect:' comments say")
    return 0


if __name__ == "__main__":
    sys.exit(main())
