#!/usr/bin/env python3
"""--download-external-modules against a fake Terraform registry and local git repositories, on loopback only.

The registry is a Python http.server on 127.0.0.1 (port 0) in this process: service discovery, versions,
download with X-Terraform-Get (git::file:// locations and a relative archive URL), archives it builds, a
zip-slip zip and a tarball with a link out. Git repositories are made with `git init` in a temporary
directory, with tags. Asserted exactly: which version each constraint picks (seen through the verdict of the
function inside), nested module calls inside a fetched module, causes of what cannot be fetched, a hostile
archive writing nothing outside the cache, and that a second scan asks the registry for nothing and reads
the cache even with the git repositories gone.

Usage: fetch_test.py --binary PATH
"""
import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAILS = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name)
    if not cond:
        FAILS.append(name)
        if detail:
            print("     " + str(detail)[:3000].replace("\n", "\n     "))


def fn_tf(mode):
    body = f'  tracing_config {{\n    mode = "{mode}"\n  }}\n' if mode else ""
    return ('resource "aws_lambda_function" "this" {\n  function_name = "fn"\n'
            '  role          = "arn:aws:iam::123456789012:role/fn"\n' + body + "}\n")


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", *args], cwd=cwd, check=True, env=env, capture_output=True)


def make_repos(base):
    # lambda: one function under modules/fn, its tracing mode per tag.
    lam = os.path.join(base, "git", "lambda")
    os.makedirs(os.path.join(lam, "modules", "fn"))
    git(lam, "init", "-q")
    for tag, mode in (("v1.0.0", None), ("v1.1.0", "Active"), ("v1.2.0-beta", "PassThrough"), ("v2.0.0", "PassThrough")):
        with open(os.path.join(lam, "modules", "fn", "main.tf"), "w") as fh:
            fh.write(fn_tf(mode))
        git(lam, "add", "-A")
        git(lam, "commit", "-q", "--allow-empty", "-m", tag)
        git(lam, "tag", tag)
    # wrapper: calls lambda's v1.0.0 through git itself (a nested remote module).
    wrap = os.path.join(base, "git", "wrapper")
    os.makedirs(wrap)
    git(wrap, "init", "-q")
    with open(os.path.join(wrap, "main.tf"), "w") as fh:
        fh.write(f'module "inner" {{\n  source = "git::file://{lam}//modules/fn?ref=v1.0.0"\n}}\n')
    git(wrap, "add", "-A")
    git(wrap, "commit", "-q", "-m", "wrapper")
    # linky: a repository with a link out of itself (git checks links out as they are).
    linky = os.path.join(base, "git", "linky")
    os.makedirs(linky)
    git(linky, "init", "-q")
    with open(os.path.join(linky, "main.tf"), "w") as fh:
        fh.write(fn_tf(None))
    os.symlink("/etc/hostname", os.path.join(linky, "host.tf"))
    git(linky, "add", "-A")
    git(linky, "commit", "-q", "-m", "linky")
    return lam, wrap, linky


def tar_gz(files, links=(), entries=()):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            t.addfile(info)
        for name, kind, value in entries:  # in order: ("d", "link", "sub"), ("d/x.tf", "file", "...")
            info = tarfile.TarInfo(name)
            data = b""
            if kind == "file":
                data = value.encode()
                info.size = len(data)
            elif kind == "link":
                info.type, info.linkname = tarfile.SYMTYPE, value
            elif kind == "hard":
                info.type, info.linkname = tarfile.LNKTYPE, value
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
            t.addfile(info, io.BytesIO(data) if data else None)
    return buf.getvalue()


# More hostile archives: (name, entries, the refusal in the module-missing message).
HOSTILE = [
    ("absolute", [("/tmp/cloudsift-pwned.tf", "file", "x")], 'entry "/tmp/cloudsift-pwned.tf" would be written outside the module'),
    ("dotdot", [("a/../../pwned.tf", "file", "x")], 'entry "a/../../pwned.tf" would be written outside the module'),
    ("through_link", [("d", "link", "."), ("d/pwned.tf", "file", "x")], 'entry "d/pwned.tf" would be written through a link or a file'),
    ("link_up", [("up", "link", "../..")], 'entry "up" is a link to "../..", outside the module'),
    ("hardlink", [("main.tf", "file", "x"), ("h.tf", "hard", "/etc/passwd")], 'entry "h.tf" is a hard link'),
    ("fifo", [("p", "fifo", "")], 'entry "p" is not a regular file, directory or link'),
]


def zip_bytes(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


class Registry:
    def __init__(self, lam):
        self.requests = []
        self.lam = lam
        self.archives = {
            "/archives/mod.tar.gz": tar_gz({"main.tf": fn_tf(None)}),
            "/archives/evil.zip": zip_bytes({"main.tf": fn_tf(None), "../../../evil.tf": fn_tf(None)}),
            "/archives/link.tgz": tar_gz({"main.tf": fn_tf(None)}, links=[("passwd.tf", "/etc/passwd")]),
        }
        for name, entries, _ in HOSTILE:
            self.archives[f"/archives/{name}.tgz"] = tar_gz({}, entries=entries)
        reg = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def send(self, code, body=b"", headers=()):
                self.send_response(code)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                reg.requests.append((self.path, self.headers.get("Authorization")))
                p = self.path
                if p == "/.well-known/terraform.json":
                    return self.send(200, json.dumps({"modules.v1": "/v1/modules/"}).encode())
                if p in reg.archives:
                    return self.send(200, reg.archives[p])
                parts = p.strip("/").split("/")
                if parts[:2] != ["v1", "modules"] or len(parts) < 6:
                    return self.send(404)
                ns, name, prov = parts[2:5]
                if name == "lambda" and parts[5] == "versions":
                    vs = [{"version": v} for v in ("1.0.0", "1.1.0", "1.2.0-beta", "2.0.0")]
                    return self.send(200, json.dumps({"modules": [{"versions": vs}]}).encode())
                if name == "lambda" and len(parts) == 7 and parts[6] == "download":
                    loc = f"git::file://{reg.lam}//modules/fn?ref=v{parts[5]}"
                    return self.send(204, headers=[("X-Terraform-Get", loc)])
                if name == "archived" and parts[5] == "versions":
                    return self.send(200, json.dumps({"modules": [{"versions": [{"version": "0.3.0"}]}]}).encode())
                if name == "archived" and len(parts) == 7 and parts[6] == "download":
                    # Relative to the download URL, as registries may answer.
                    return self.send(204, headers=[("X-Terraform-Get", "../../../../../../archives/mod.tar.gz")])
                return self.send(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def scan(binary, cwd, *extra, env_extra=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": cwd, "NO_COLOR": "1", **(env_extra or {})}
    p = subprocess.run([binary, "scan", ".", "--format", "json", "--check", "lambda_notracing", *extra], cwd=cwd,
                       env=env, capture_output=True, text=True, timeout=300)
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return p.returncode, None, p.stderr
    return p.returncode, doc, p.stderr + p.stdout


def rows(doc):
    return sorted((r["verdict"], r["reason"], r["resource"]) for r in doc["results"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    binary = os.path.abspath(ap.parse_args().binary)
    if not shutil.which("git"):
        print("git is not installed: skipped")
        return 77
    base = tempfile.mkdtemp(prefix="modules_fetch.")
    reg = None
    try:
        lam, wrap, linky = make_repos(base)
        reg = Registry(lam)
        host = f"127.0.0.1:{reg.port}"
        proj = os.path.join(base, "project")
        os.makedirs(proj)
        sha = subprocess.run(["git", "rev-parse", "v1.1.0"], cwd=lam, capture_output=True, text=True,
                             check=True).stdout.strip()
        hostile_calls = "".join('module "h_%s" {\n  source = "http://%s/archives/%s.tgz"\n}\n' % (n, host, n)
                                for n, _, _ in HOSTILE)
        with open(os.path.join(proj, "main.tf"), "w") as fh:
            fh.write(f'''
module "tilde" {{
  source  = "{host}/acme/lambda/aws"
  version = "~> 1.0"
}}
module "below" {{
  source  = "{host}/acme/lambda/aws"
  version = "< 1.1"
}}
module "exact_pre" {{
  source  = "{host}/acme/lambda/aws"
  version = "1.2.0-beta"
}}
module "newest" {{
  source  = "{host}/acme/lambda/aws"
  version = ">= 1.0, != 2.0.0"
}}
module "none" {{
  source  = "{host}/acme/lambda/aws"
  version = ">= 3"
}}
module "gone" {{
  source = "{host}/acme/gone/aws"
}}
module "archived" {{
  source = "{host}/acme/archived/aws"
}}
module "git_tag" {{
  source = "git::file://{lam}//modules/fn?ref=v2.0.0"
}}
module "git_sha" {{
  source = "git::file://{lam}//modules/fn?ref={sha}"
}}
module "nested" {{
  source = "git::file://{wrap}"
}}
module "evil" {{
  source = "http://{host}/archives/evil.zip"
}}
module "linky" {{
  source = "http://{host}/archives/link.tgz"
}}
module "plain_http" {{
  source = "http://example.invalid/mod.zip"
}}
module "git_link" {{
  source = "git::file://{linky}"
}}
module "git_http" {{
  source = "git::http://example.invalid/repo.git"
}}
{hostile_calls}module "s3" {{
  source = "s3::https://s3-eu-west-1.amazonaws.com/bucket/mod.zip"
}}
''')
        cache = os.path.join(proj, ".cloudsift", "modules")

        # Without the flag nothing is fetched.
        rc, doc, err = scan(binary, proj)
        check("without the flag every remote module is module-missing", doc is not None and
              {r[1] for r in rows(doc)} == {"module-missing"} and len(doc["results"]) == 16 + len(HOSTILE), (doc, err))
        check("without the flag nothing is fetched", not reg.requests and not os.path.exists(cache), reg.requests)

        rc, doc, err = scan(binary, proj, "--download-external-modules")
        want = [
            ("FAIL", "absent", "module.archived.aws_lambda_function.this"),
            ("FAIL", "absent", "module.below.aws_lambda_function.this"),
            ("FAIL", "absent", "module.nested.module.inner.aws_lambda_function.this"),
            ("FAIL", "passthrough", "module.exact_pre.aws_lambda_function.this"),
            ("FAIL", "passthrough", "module.git_tag.aws_lambda_function.this"),
            ("PASS", "active", "module.git_sha.aws_lambda_function.this"),
            ("PASS", "active", "module.newest.aws_lambda_function.this"),
            ("PASS", "active", "module.tilde.aws_lambda_function.this"),
            ("UNRESOLVED", "module-missing", "module.evil"),
            ("UNRESOLVED", "module-missing", "module.git_http"),
            ("UNRESOLVED", "module-missing", "module.git_link"),
            ("UNRESOLVED", "module-missing", "module.gone"),
            *[("UNRESOLVED", "module-missing", f"module.h_{n}") for n, _, _ in HOSTILE],
            ("UNRESOLVED", "module-missing", "module.linky"),
            ("UNRESOLVED", "module-missing", "module.none"),
            ("UNRESOLVED", "module-missing", "module.plain_http"),
            ("UNRESOLVED", "module-missing", "module.s3"),
        ]
        want.sort()
        check("fetched modules are evaluated; versions chosen as terraform init does",
              doc is not None and rows(doc) == want, (rows(doc) if doc else None, err))
        msg = {r["resource"]: r["message"] for r in (doc or {"results": []})["results"]}
        check("no matching version: the cause", 'has no version matching ">= 3" (4 versions listed)' in msg.get("module.none", ""), msg)
        check("404: the cause", "acme/gone/aws/versions: HTTP 404" in msg.get("module.gone", ""), msg)
        check("zip-slip: refused with the cause",
              'entry "../../../evil.tf" would be written outside the module: refused' in msg.get("module.evil", ""), msg)
        check("a link out of the archive: refused",
              'is a link to "/etc/passwd", outside the module: refused' in msg.get("module.linky", ""), msg)
        for n, _, why in HOSTILE:
            check(f"hostile archive ({n}): refused", why + ": refused" in msg.get(f"module.h_{n}", ""), msg.get(f"module.h_{n}"))
        check("plain http to a non-loopback host: refused without a request",
              "plain http:// is refused" in msg.get("module.plain_http", ""), msg)
        check("a git repository with a link out of itself: refused",
              'link "host.tf" to "/etc/hostname" points outside the module: refused' in msg.get("module.git_link", ""), msg)
        check("git over plain http to a non-loopback host: refused",
              "plain http:// is refused" in msg.get("module.git_http", ""), msg)
        check("S3 sources: not fetched, said so", '"s3::" sources are not fetched by cloudsift' in msg.get("module.s3", ""), msg)
        warned = sorted((d["severity"], d["line"], d["message"].split(":")[0]) for d in (doc or {}).get("diagnostics", []))
        check("a refused archive is also a warning at its module call",
              sorted((w[0], w[2]) for w in warned) ==
              sorted([("warning", f'module "{n}"') for n in ["evil", "git_link", "linky"] + ["h_" + h[0] for h in HOSTILE]]),
              warned)
        escaped = [os.path.join(dp, f) for dp, _, fs in os.walk(base) for f in fs if f in ("evil.tf", "pwned.tf")]
        escaped += ["/tmp/cloudsift-pwned.tf"] if os.path.exists("/tmp/cloudsift-pwned.tf") else []
        check("nothing of the hostile archive is written anywhere", not escaped, escaped)
        leftovers = [n for n in os.listdir(cache) if n.startswith(".tmp-")]
        check("no temporary directory is left in the cache", not leftovers, leftovers)
        fn = [r for r in doc["results"] if r["resource"] == "module.tilde.aws_lambda_function.this"] if doc else []
        check("a fetched module's function points into the cache",
              fn and fn[0]["declared"]["file"].startswith(".cloudsift/modules/") and
              fn[0]["declared"]["file"].endswith("/modules/fn/main.tf"), fn)
        def is_shallow(n):
            return os.path.exists(os.path.join(cache, n, "pkg", ".git", "shallow"))
        tags = [n for n in os.listdir(cache) if n.startswith("lambda-v")]
        by_sha = [n for n in os.listdir(cache) if n.startswith(sha)]
        check("a tag is cloned shallow (--depth 1), a commit id in full",
              len(tags) == 4 and all(map(is_shallow, tags)) and len(by_sha) == 1 and not is_shallow(by_sha[0]),
              sorted(os.listdir(cache)))
        first = list(reg.requests)
        paths = [p for p, _ in first]
        check("the registry was asked once per module and version",
              paths.count("/v1/modules/acme/lambda/aws/1.1.0/download") == 1 and
              paths.count("/v1/modules/acme/lambda/aws/versions") == 4 and
              paths.count("/archives/mod.tar.gz") == 1 and paths.count("/.well-known/terraform.json") == 1, paths)
        check("no Authorization header without TF_TOKEN_", all(a is None for _, a in first), first)

        # Second scan: from the cache, with the git repositories moved away and nothing asked of the registry
        # for what was fetched (only what failed is tried again).
        os.rename(os.path.join(base, "git"), os.path.join(base, "git.moved"))
        reg.requests.clear()
        rc, doc2, err = scan(binary, proj, "--download-external-modules")
        check("a second scan gives the same results from the cache", doc2 is not None and rows(doc2) == want,
              (rows(doc2) if doc2 else None, err))
        again = sorted({p for p, _ in reg.requests if p not in {f"/archives/{n}.tgz" for n, _, _ in HOSTILE}})
        check("a second scan asks the registry only about what failed",
              again == ["/.well-known/terraform.json", "/archives/evil.zip", "/archives/link.tgz",
                        "/v1/modules/acme/gone/aws/versions", "/v1/modules/acme/lambda/aws/versions"], again)

        # --external-modules-dir elsewhere, and the .cloudsift.yaml key.
        other = os.path.join(proj, "cache2")
        with open(os.path.join(proj, ".cloudsift.yaml"), "w") as fh:
            fh.write("download-external-modules: true\nexternal-modules-dir: cache2\n")
        os.rename(os.path.join(base, "git.moved"), os.path.join(base, "git"))
        reg.requests.clear()
        token = "tok-" + "9" * 24
        rc, doc3, err = scan(binary, proj, env_extra={f"TF_TOKEN_127_0_0_1:{reg.port}": token})
        check(".cloudsift.yaml keys: fetched into --external-modules-dir", doc3 is not None and rows(doc3) == want
              and os.path.isdir(other) and len([n for n in os.listdir(other) if not n.startswith(".")]) > 0,
              (rows(doc3) if doc3 else None, err))
        sent = {p: a for p, a in reg.requests}
        check("TF_TOKEN_<host> is sent to the registry as a bearer token, not to the package's location",
              sent.get("/v1/modules/acme/lambda/aws/versions") == "Bearer " + token and
              sent.get("/v1/modules/acme/archived/aws/0.3.0/download") == "Bearer " + token and
              sent.get("/archives/mod.tar.gz") is None, sent)
        check("the token is never printed", token not in err and token not in json.dumps(doc3), "")
    finally:
        if reg:
            reg.stop()
        shutil.rmtree(base, ignore_errors=True)
    print(f"{'FAILED: ' + ', '.join(FAILS) if FAILS else 'all passed'}")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
