#!/usr/bin/env python3
"""Oracle test: our credential/profile/region resolution (cs_creds_resolve) against the machine's botocore.

For each case: write config/credentials files into a temp HOME, set an environment, then ask
botocore `Session(profile=...).get_credentials()` (.method, .access_key) and the region, and compare
with what cs_creds_resolve prints ("<method> <akid|-> <region|-> <profile>" or "ERROR ...").
Only file/env/process based providers are exercised (IMDS is disabled; no container variables);
network-backed providers (assume-role, web identity, sso) are compared by method only (botocore
defers their network calls too). Exit 77 when botocore is not importable.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import botocore.session
except Exception:  # noqa: BLE001
    print("botocore not available; skipping")
    sys.exit(77)

CRED = "[default]\naws_access_key_id = AKIADEFAULTCRED\naws_secret_access_key = s1\n\n[dev]\naws_access_key_id = AKIADEVCRED\naws_secret_access_key = s2\naws_session_token = t2\n"
CONF = """[default]
region = us-east-1

[profile dev]
region = eu-west-1
s3 =
  max_concurrent_requests = 10
  addressing_style = path

[profile cfgonly]
aws_access_key_id = AKIACFGONLY
aws_secret_access_key = s3
region = ap-south-1

[profile role]
role_arn = arn:aws:iam::111122223333:role/R
source_profile = dev

[profile chain2]
role_arn = arn:aws:iam::111122223333:role/R2
source_profile = role

[profile loopa]
role_arn = arn:aws:iam::111122223333:role/A
source_profile = loopb

[profile loopb]
role_arn = arn:aws:iam::111122223333:role/B
source_profile = loopa

[profile selfref]
role_arn = arn:aws:iam::111122223333:role/S
source_profile = selfref
aws_access_key_id = AKIASELF
aws_secret_access_key = s4

[profile selfnokeys]
role_arn = arn:aws:iam::111122223333:role/S
source_profile = selfnokeys

[profile missingsrc]
role_arn = arn:aws:iam::111122223333:role/M
source_profile = nosuch

[profile both]
role_arn = arn:aws:iam::111122223333:role/B
source_profile = dev
credential_source = Environment

[profile neither]
role_arn = arn:aws:iam::111122223333:role/N

[profile envsource]
role_arn = arn:aws:iam::111122223333:role/E
credential_source = Environment

[profile badsource]
role_arn = arn:aws:iam::111122223333:role/E
credential_source = Nope

[profile webid]
role_arn = arn:aws:iam::111122223333:role/W
web_identity_token_file = /tmp/token

[profile webidnorole]
web_identity_token_file = /tmp/token

[profile sso-legacy]
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Audit

[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Audit
region = eu-central-1

[profile sso-partial]
sso_account_id = 111122223333

[profile sso-nosession]
sso_session = nosuch
sso_account_id = 1
sso_role_name = r

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile proc]
credential_process = {proc} ok

[profile procfail]
credential_process = {proc} fail

[profile procbadver]
credential_process = {proc} v2

[profile proc-and-keys]
credential_process = {proc} ok
aws_access_key_id = AKIACFGWINS
aws_secret_access_key = s5
"""

PROC = """#!/bin/sh
case "$1" in
  ok) echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "ps", "SessionToken": "pt", "Expiration": "2099-01-01T00:00:00Z"}' ;;
  fail) echo 'boom' >&2; exit 3 ;;
  v2) echo '{"Version": 2, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "ps"}' ;;
esac
"""

ENVKEYS = {"AWS_ACCESS_KEY_ID": "AKIAENVIRON", "AWS_SECRET_ACCESS_KEY": "es"}

# (name, profile argument, extra env, config text or None for default, credentials text or None)
CASES = [
    ("default-creds", None, {}, None, None),
    ("env-wins", None, ENVKEYS, None, None),
    ("env-with-AWS_PROFILE", None, dict(ENVKEYS, AWS_PROFILE="dev"), None, None),
    ("explicit-profile-disables-env", "dev", ENVKEYS, None, None),
    ("AWS_PROFILE", None, {"AWS_PROFILE": "dev"}, None, None),
    ("AWS_DEFAULT_PROFILE", None, {"AWS_DEFAULT_PROFILE": "dev"}, None, None),
    ("both-profile-vars", None, {"AWS_PROFILE": "cfgonly", "AWS_DEFAULT_PROFILE": "dev"}, None, None),
    ("explicit-over-env-profile", "cfgonly", {"AWS_PROFILE": "dev"}, None, None),
    ("missing-profile", "nosuch", {}, None, None),
    ("missing-profile-env", None, {"AWS_PROFILE": "nosuch"}, None, None),
    ("config-file-keys", "cfgonly", {}, None, None),
    ("partial-env", None, {"AWS_ACCESS_KEY_ID": "AKIAONLY"}, None, None),
    ("secret-only-env", None, {"AWS_SECRET_ACCESS_KEY": "x"}, None, None),
    ("region-default-region-env", None, {"AWS_DEFAULT_REGION": "sa-east-1"}, None, None),
    ("assume-role", "role", {}, None, None),
    ("assume-role-chain", "chain2", {}, None, None),
    ("assume-role-loop", "loopa", {}, None, None),
    ("assume-role-selfref", "selfref", {}, None, None),
    ("assume-role-self-nokeys", "selfnokeys", {}, None, None),
    ("assume-role-missing-source", "missingsrc", {}, None, None),
    ("assume-role-both", "both", {}, None, None),
    ("assume-role-neither", "neither", {}, None, None),
    ("assume-role-env-source", "envsource", ENVKEYS, None, None),
    ("assume-role-env-source-empty", "envsource", {}, None, None),
    ("assume-role-bad-source", "badsource", {}, None, None),
    ("web-identity-profile", "webid", {}, None, None),
    ("web-identity-no-role", "webidnorole", {}, None, None),
    ("web-identity-env", None, {"AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/t", "AWS_ROLE_ARN": "arn:aws:iam::1:role/x"}, None, None),
    ("web-identity-env-vs-env-keys", None, dict(ENVKEYS, AWS_WEB_IDENTITY_TOKEN_FILE="/tmp/t", AWS_ROLE_ARN="arn:aws:iam::1:role/x"), None, None),
    ("sso-legacy", "sso-legacy", {}, None, None),
    ("sso-session", "sso-new", {}, None, None),
    ("sso-partial", "sso-partial", {}, None, None),
    ("sso-missing-session", "sso-nosession", {}, None, None),
    ("process", "proc", {}, None, None),
    ("process-fail", "procfail", {}, None, None),
    ("process-bad-version", "procbadver", {}, None, None),
    ("process-vs-config-keys", "proc-and-keys", {}, None, None),
    ("no-credentials", None, {}, "[default]\nregion = us-west-2\n", ""),
    ("creds-file-overrides-config", None, {}, "[default]\naws_access_key_id = AKIAFROMCONFIG\naws_secret_access_key = c\n", "[default]\naws_access_key_id = AKIAFROMCREDS\naws_secret_access_key = d\n"),
    ("partial-creds-file", None, {}, "", "[default]\naws_access_key_id = AKIAPART\n"),
    ("bare-section-in-config-ignored", "x", {}, "[x]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n", ""),
    ("profile-prefixed-in-creds", "dev", {}, "[profile dev]\nregion = eu-north-1\n", "[dev]\naws_access_key_id = AKIACREDDEV\naws_secret_access_key = z\n"),
    ("quoted-profile-name", "my prof", {}, '[profile "my prof"]\naws_access_key_id = AKIAQUOTED\naws_secret_access_key = q\nregion = us-east-2\n', ""),
    ("comments-and-continuation", None, {}, "# c\n; c\n[default]\n# inside\naws_access_key_id = AKIACOMMENT\naws_secret_access_key = abc\n  def\nregion = ca-central-1 # not a comment\n", ""),
    ("colon-delimiter", None, {}, "[default]\naws_access_key_id: AKIACOLON\naws_secret_access_key: s\n", ""),
    ("upper-case-keys", None, {}, "[default]\nAWS_ACCESS_KEY_ID = AKIAUPPER\nAWS_SECRET_ACCESS_KEY = s\n", ""),
    ("duplicate-section", None, {}, "[default]\nregion = a\n[default]\nregion = b\n", ""),
    ("duplicate-key", None, {}, "[default]\nregion = a\nregion = b\n", ""),
    ("no-section-header", None, {}, "region = a\n", ""),
    ("security-token-env", None, {"AWS_ACCESS_KEY_ID": "AKIASEC", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SECURITY_TOKEN": "t"}, None, None),
    ("source-profile-in-creds-file", "r2", {}, "[profile r2]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = credonly\n", "[credonly]\naws_access_key_id = AKIACO\naws_secret_access_key = s\n"),
    ("source-profile-process", "r3", {}, "[profile r3]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = p\n[profile p]\ncredential_process = {proc} ok\n", ""),
    ("source-profile-no-creds", "r4", {}, "[profile r4]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = empty\n[profile empty]\nregion = x\n", ""),
    ("env-expiration", None, dict(ENVKEYS, AWS_CREDENTIAL_EXPIRATION="2099-01-01T00:00:00Z"), None, None),
]


def botocore_answer(profile, env):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        s = botocore.session.Session(profile=profile)
        try:
            region = s.get_config_variable("region")
        except Exception:  # noqa: BLE001
            region = None
        c = s.get_credentials()
        if c is None:
            return ("NONE", None, region)
        akid = c.access_key if c.method in ("env", "shared-credentials-file", "config-file", "custom-process") else "-"
        return (c.method, akid, region)
    except Exception as e:  # noqa: BLE001
        return ("ERROR", type(e).__name__ + ": " + str(e), None)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def ours(binary, profile, env):
    args = [binary] + (["--profile", profile] if profile is not None else [])
    out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30).stdout.strip()
    if out.startswith("ERROR"):
        return ("ERROR", out, None)
    method, akid, region, _ = out.split("\t", 3)
    return (method, akid, None if region == "-" else region)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resolve", required=True)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="creds_oracle_")
    failures = 0
    try:
        proc = os.path.join(tmp, "proc.sh")
        with open(proc, "w") as f:
            f.write(PROC)
        os.chmod(proc, 0o755)
        for name, profile, extra, conf, cred in CASES:
            home = os.path.join(tmp, name)
            os.makedirs(os.path.join(home, ".aws"))
            with open(os.path.join(home, ".aws", "config"), "w") as f:
                f.write((CONF if conf is None else conf).replace("{proc}", proc))
            with open(os.path.join(home, ".aws", "credentials"), "w") as f:
                f.write(CRED if cred is None else cred)
            env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                   "AWS_EC2_METADATA_DISABLED": "true"}
            env.update(extra)
            b = botocore_answer(profile, env)
            o = ours(a.resolve, profile, env)
            if b[0] == "NONE":
                ok = o[0] == "ERROR" and "no AWS credentials found" in o[1]
            elif b[0] == "ERROR":
                ok = o[0] == "ERROR" and "no AWS credentials found" not in o[1]
            else:
                ok = b[0] == o[0] and b[1] == o[1] and b[2] == o[2]
            if not ok:
                failures += 1
            if not ok or a.v:
                print(("OK  " if ok else "FAIL") + f" {name}: botocore={b} ours={o}")
        print(f"creds_oracle: {len(CASES) - failures}/{len(CASES)} cases agree with botocore")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
