#!/usr/bin/env python3
"""Oracle for the Serverless Framework adapter: `serverless package` (Framework v3, offline, fake
credentials) renders what each service really deploys; every function's TracingConfig in the generated
.serverless/cloudformation-template-update-stack.json must agree with cloudsift's verdict.

  Mode "Active" -> PASS active, "PassThrough" -> FAIL passthrough, no TracingConfig (or one without Mode)
  -> FAIL absent,
  any other string -> FAIL invalid, an intrinsic ({"Ref": ...}) -> UNRESOLVED.

Functions cloudsift reports UNRESOLVED (values read from AWS, the environment or a missing file) are
removed from the copy that is packaged, so the rest of the service can still be checked; when a service
cannot be packaged at all, cloudsift must have reported it UNRESOLVED or as an input error.
NOT_APPLICABLE functions are only checked to exist in the template. Functions the Framework deploys itself
(custom resources: CustomDashresource...LambdaFunction) are compared by their logical id, and raw
AWS::Lambda::Function resources under resources.Resources (resources.Resources.<LogicalId>) with the
packaged resource of that id (the few intrinsics fixtures use evaluated as CloudFormation would:
parameter Defaults, FindInMap, If on Equals of literals; UNRESOLVED ones dropped before packaging).
Every packaged AWS::Lambda::Function (but one whose Condition is false) must have a verdict.

Inputs: each service under tests/fixtures/<check>/serverless/ (every check's cases, each with its
`expect-args:`), and with --real DIR the services below DIR (e.g. ../shared/corpus/real/serverless-examples;
read in place, copied to a scratch dir only to package). Exits 77 when the serverless CLI is absent (SLS_BIN, .cache/sls, or PATH).
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE_ROOT = os.path.join(ROOT, "tests", "fixtures")


def find_cli():
    cands = [os.environ.get("SLS_BIN", ""), os.path.join(ROOT, ".cache", "sls", "node_modules", ".bin", "serverless"),
             shutil.which("serverless") or "", shutil.which("sls") or ""]
    for c in cands:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            try:
                out = subprocess.run([c, "--version"], capture_output=True, text=True, timeout=120, env=sls_env()).stdout
            except (OSError, subprocess.TimeoutExpired):
                continue
            if "Framework Core: 3." in out:
                return c
    return None


def sls_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake", "AWS_REGION": "us-east-1",
                "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off", "SLS_DEPRECATION_DISABLE": "*",
                "SLS_INTERACTIVE_SETUP_DISABLE": "1", "CI": "1", "NO_COLOR": "1"})
    return env


import yaml  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import expectations  # noqa: E402


class Loader(yaml.SafeLoader):
    pass


def _any_tag(loader, suffix, node):
    import yaml
    if isinstance(node, yaml.ScalarNode):
        return {"__tag__": suffix, "v": loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {"__tag__": suffix, "v": loader.construct_sequence(node)}
    return {"__tag__": suffix, "v": loader.construct_mapping(node)}


Loader.add_multi_constructor("!", _any_tag)


def parse_args_line(case_dir):
    return expectations.case_args(case_dir, "serverless")


def scan(binary, path, args, cwd):
    p = subprocess.run([binary, "scan", path, "--format", "json", "--skip-check", "lambda_tracing_nopermission"] + args, capture_output=True, text=True, cwd=cwd,
                       timeout=300, env={**os.environ, "NO_COLOR": "1"})
    try:
        return json.loads(p.stdout)
    except ValueError:
        return None


def expected_from(tc):
    if tc is None or (isinstance(tc, dict) and tc.get("Mode") is None):
        return ("FAIL", "absent")  # Mode is optional in CloudFormation: Lambda's default, PassThrough
    mode = tc.get("Mode")
    if mode == "Active":
        return ("PASS", "active")
    if mode == "PassThrough":
        return ("FAIL", "passthrough")
    if isinstance(mode, dict):
        return ("UNRESOLVED", "unknown")
    return ("FAIL", "invalid")


def logical_id(name):
    n = name.replace("-", "Dash").replace("_", "Underscore")
    return n[:1].upper() + n[1:] + "LambdaFunction"


def package(cli, src_dir, service_file, args, drop, drop_raw=()):
    """Copy src_dir, drop the named functions (and resources.Resources entries) from the service file,
    package. (template, error)."""
    with tempfile.TemporaryDirectory(prefix="sls-oracle-") as t:
        work = os.path.join(t, "svc")
        shutil.copytree(src_dir, work, symlinks=False, ignore=shutil.ignore_patterns(".serverless", "node_modules"))
        svc = os.path.join(work, service_file)
        if (drop or drop_raw) and not service_file.endswith(".json"):
            import yaml
            try:
                doc = yaml.load(open(svc), Loader=Loader)
                fns = doc.get("functions")
                if isinstance(fns, dict):
                    for d in drop:
                        fns.pop(d, None)
                res = doc.get("resources")
                for part in (res if isinstance(res, list) else [res]):
                    if isinstance(part, dict) and isinstance(part.get("Resources"), dict):
                        for d in drop_raw:
                            part["Resources"].pop(d, None)
                text = yaml.safe_dump(_untag(doc), sort_keys=False)
                open(svc, "w").write(text)
            except Exception as e:  # the service stays as it is
                print(f"  note: cannot rewrite {service_file}: {e}")
        with open(os.path.join(work, "oracle_handler.js"), "w") as f:
            f.write("exports.handler = async () => 1;\n")
        sls_args = [a for a in args if a != "--env-vars"]
        p = subprocess.run([cli, "package", "--config", service_file] + sls_args, cwd=work, capture_output=True,
                           text=True, timeout=300, env=sls_env())
        out = os.path.join(work, ".serverless", "cloudformation-template-update-stack.json")
        if p.returncode != 0 or not os.path.isfile(out):
            msg = [l for l in (p.stdout + p.stderr).splitlines() if l.strip()]
            at = [i for i, l in enumerate(msg) if l.strip() == "Error:"]
            err = msg[at[-1] + 1:at[-1] + 3] if at else msg[-3:]
            return None, " | ".join(err)
        return json.load(open(out)), ""


def _untag(x):
    if isinstance(x, dict):
        if set(x.keys()) == {"__tag__", "v"}:
            return {("Ref" if x["__tag__"] == "Ref" else "Fn::" + x["__tag__"]): _untag(x["v"])}
        return {k: _untag(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_untag(v) for v in x]
    return x


RAW = "resources.Resources."


def _deploy_mode(tmpl, tc):
    """TracingConfig as CloudFormation deploys it, for the intrinsics a fixture uses on a literal stage:
    Ref to a parameter's Default, Fn::FindInMap on literal keys, Fn::If on a condition of Fn::Equals of
    literals, AWS::NoValue. Anything else stays an intrinsic (UNRESOLVED)."""
    def ev(v):
        if isinstance(v, dict) and len(v) == 1:
            (k, a), = v.items()
            if k == "Ref":
                if a == "AWS::NoValue":
                    return None
                p = tmpl.get("Parameters", {}).get(a)
                return p["Default"] if p and "Default" in p else v
            if k == "Fn::FindInMap" and all(isinstance(x, str) for x in a):
                return tmpl.get("Mappings", {}).get(a[0], {}).get(a[1], {}).get(a[2], v)
            if k == "Fn::If":
                c = _condition(tmpl, a[0])
                return v if c is None else ev(a[1] if c else a[2])
        return v
    if not isinstance(tc, dict):
        return tc
    out = {k: ev(x) for k, x in tc.items()}
    return {k: x for k, x in out.items() if x is not None}


def _condition(tmpl, name):
    c = tmpl.get("Conditions", {}).get(name)
    if isinstance(c, dict) and list(c) == ["Fn::Equals"] and all(isinstance(x, str) for x in c["Fn::Equals"]):
        a, b = c["Fn::Equals"]
        return a == b
    return None


def _created_false(tmpl, r):
    return "Condition" in r and _condition(tmpl, r["Condition"]) is False


def check_service(cli, binary, case_dir, service_file, args):
    """Returns (name, ok, details)."""
    name = os.path.relpath(os.path.join(case_dir, service_file), ROOT)
    doc = scan(binary, service_file, args, case_dir)
    if doc is None:
        return name, False, ["cloudsift gave no JSON"]
    results = [r for r in doc["results"] if r["resource"].startswith("functions.")]
    errors = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    ours = {r["resource"][len("functions."):]: (r["verdict"], r["reason"]) for r in results}
    # Functions the Framework deploys itself (custom resources) are addressed by their logical id.
    generated = {r["resource"]: (r["verdict"], r["reason"]) for r in doc["results"]
                 if r.get("check_id") == "lambda_notracing" and r["resource"].startswith("CustomDashresource")}
    # Raw CloudFormation under resources.Resources is addressed resources.Resources.<LogicalId>.
    raw = {r["resource"][len(RAW):]: (r["verdict"], r["reason"]) for r in doc["results"]
           if r.get("check_id") == "lambda_notracing" and r["resource"].startswith(RAW) and "/" not in r["resource"]}
    unresolved = [n for n, v in ours.items() if v[0] == "UNRESOLVED"]
    raw_unresolved = [n for n, v in raw.items() if v[0] == "UNRESOLVED"]
    opaque = [r for r in doc["results"] if not r["resource"].startswith("functions.")
              and r["resource"] not in generated
              and not (r["resource"].startswith(RAW) and r["resource"][len(RAW):] in raw)]
    tmpl, err = package(cli, case_dir, service_file, args, unresolved, raw_unresolved)
    if tmpl is None:
        not_applicable = bool(ours) and all(v[0] == "NOT_APPLICABLE" for v in ours.values())
        ok = bool(unresolved or opaque or errors or not_applicable)
        return name, ok, [f"serverless package failed ({err}); cloudsift: {len(unresolved) + len(opaque)} "
                          f"unresolved, {len(errors)} errors"]
    res = tmpl.get("Resources", {})
    problems = []
    for fn, (verdict, reason) in sorted(ours.items()):
        if verdict == "UNRESOLVED":
            continue
        r = res.get(logical_id(fn))
        if r is None or r.get("Type") != "AWS::Lambda::Function":
            problems.append(f"{fn}: not in the packaged template")
            continue
        if verdict == "NOT_APPLICABLE":
            continue
        want = expected_from(r["Properties"].get("TracingConfig"))
        if want != (verdict, reason):
            problems.append(f"{fn}: cloudsift {verdict} {reason}, serverless deploys "
                            f"{r['Properties'].get('TracingConfig')} -> {want[0]} {want[1]}")
    for lid, (verdict, reason) in sorted(generated.items()):
        r = res.get(lid)
        if r is None or r.get("Type") != "AWS::Lambda::Function":
            problems.append(f"{lid}: not in the packaged template")
            continue
        want = expected_from(r["Properties"].get("TracingConfig"))
        if verdict != "UNRESOLVED" and want != (verdict, reason):
            problems.append(f"{lid}: cloudsift {verdict} {reason}, serverless deploys "
                            f"{r['Properties'].get('TracingConfig')} -> {want[0]} {want[1]}")
    for lid, (verdict, reason) in sorted(raw.items()):
        if verdict == "UNRESOLVED":
            continue
        r = res.get(lid)
        if r is None or r.get("Type") != "AWS::Lambda::Function":
            problems.append(f"{RAW}{lid}: not in the packaged template")
            continue
        want = expected_from(_deploy_mode(tmpl, (r.get("Properties") or {}).get("TracingConfig")))
        if want != (verdict, reason):
            problems.append(f"{RAW}{lid}: cloudsift {verdict} {reason}, serverless deploys "
                            f"{r['Properties'].get('TracingConfig')} -> {want[0]} {want[1]}")
    for lid, r in res.items():
        if r.get("Type") == "AWS::Lambda::Function":
            if (not any(logical_id(fn) == lid for fn in ours) and lid not in generated and lid not in raw
                    and lid not in raw_unresolved and not _created_false(tmpl, r)):
                problems.append(f"{lid}: packaged but not reported by cloudsift")
    # API Gateway: the packaged template shows which REST API stage the service deploys (a Deployment's
    # StageName), not its tracing: provider.tracing.apiGateway is applied by an UpdateStage call after the
    # deploy. So compare the stages, not the verdicts: one stage per Deployment StageName, none otherwise
    # (httpApi events deploy no REST API; with provider.apiGateway.restApiId the Deployment names a stage of
    # the external API, whose settings belong to where that API is defined: not ours either).
    packaged_stages = sorted(r["Properties"]["StageName"] for r in res.values()
                             if r.get("Type") == "AWS::ApiGateway::Deployment" and "StageName" in r.get("Properties", {})
                             and r["Properties"].get("RestApiId") == {"Ref": "ApiGatewayRestApi"})
    our_stages = sorted((r.get("properties") or {}).get("stage", "?") for r in doc["results"]
                        if r.get("check_id") == "apigateway_notracing" and not r["resource"].startswith(RAW))
    # Stages declared under resources.Resources: an AWS::ApiGateway::Stage deploys with its TracingEnabled
    # (absent: off), a Deployment's StageName creates a stage with tracing off.
    raw_stages = 0
    for r in doc["results"]:
        if r.get("check_id") != "apigateway_notracing" or not r["resource"].startswith(RAW) or "/" in r["resource"]:
            continue
        raw_stages += 1
        lid = r["resource"][len(RAW):].split(".")[0]
        pr = res.get(lid)
        if pr is None:
            problems.append(f"{r['resource']}: not in the packaged template")
            continue
        if r["verdict"] == "UNRESOLVED":
            continue
        props = pr.get("Properties") or {}
        if pr.get("Type") == "AWS::ApiGateway::Stage":
            te = props.get("TracingEnabled")
            want = ("UNRESOLVED",) if isinstance(te, dict) else (
                ("PASS",) if te in (True, "true", "True") else ("FAIL",))
        elif pr.get("Type") == "AWS::ApiGateway::Deployment" and "StageName" in props:
            want = ("FAIL", "implicit-stage")
        else:
            problems.append(f"{r['resource']}: packaged as {pr.get('Type')}, not a stage")
            continue
        if (r["verdict"], r["reason"])[:len(want)] != want:
            problems.append(f"{r['resource']}: cloudsift {r['verdict']} {r['reason']}, serverless deploys "
                            f"{pr.get('Type')} {props.get('TracingEnabled', props.get('StageName'))} -> {want}")
    if packaged_stages != our_stages:
        problems.append(f"API Gateway stages: serverless deploys {packaged_stages}, cloudsift reports {our_stages}")
    return name, not problems, problems or [f"{len(ours) + len(generated)} functions, {len(raw)} functions and "
                                            f"{raw_stages} stages under resources.Resources agree, stages "
                                            f"{our_stages}"]


def services_in(case_dir, binary, args):
    """Service files cloudsift detects in a case dir (by a scan of the dir: any file with a function or a
    resources.Resources result)."""
    out = []
    for dirpath, dirnames, files in os.walk(case_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        for f in sorted(files):
            if f.endswith((".yml", ".yaml", ".json")) and f != "expect.txt":
                p = os.path.join(dirpath, f)
                head = open(p, errors="replace").read(200000)
                named = f in ("serverless.yml", "serverless.yaml", "serverless.json")
                by_content = ("service" in head and "provider" in head and
                              any(l.startswith(("service:", "\"service\"", "{")) for l in head.splitlines()))
                if named or by_content:
                    d = scan(binary, os.path.relpath(p, case_dir), args, case_dir)
                    if d and any(r["resource"].startswith(("functions", RAW)) for r in d["results"]):
                        out.append((dirpath, f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--real", help="also package the services below this directory")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--limit", type=int, default=0, help="at most this many real services")
    a = ap.parse_args()
    cli = find_cli()
    if not cli:
        print("skipped: the Serverless Framework v3 CLI is not installed "
              "(npm install --prefix .cache/sls serverless@3, or set SLS_BIN)")
        return 77
    binary = os.path.abspath(a.binary)
    jobs = []
    cases = [os.path.join(FIXTURE_ROOT, check, "serverless", case) for check in sorted(os.listdir(FIXTURE_ROOT))
             if os.path.isdir(os.path.join(FIXTURE_ROOT, check, "serverless"))
             for case in sorted(os.listdir(os.path.join(FIXTURE_ROOT, check, "serverless")))]
    for cd in cases:
        if not os.path.isdir(cd):
            continue
        args = parse_args_line(cd)
        for dirpath, f in services_in(cd, binary, args):
            jobs.append((dirpath, f, args))
    if a.real:
        real = []
        for dirpath, dirnames, files in os.walk(a.real):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
            for f in ("serverless.yml", "serverless.yaml"):
                if f in files:
                    real.append((dirpath, f, []))
        if a.limit:
            real = real[:a.limit]
        jobs += real
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(check_service, cli, binary, d, f, args) for d, f, args in jobs]
        for fut in futs:
            name, ok, details = fut.result()
            if ok:
                passed += 1
            else:
                failed += 1
            print(f"{'PASS' if ok else 'FAIL'} {name}")
            for d in details:
                print(f"  {d}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
