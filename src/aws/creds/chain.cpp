#include "aws/creds/chain.h"

#include <algorithm>
#include <cctype>

#include "aws/creds/util.h"
#include "syntax/json/json.h"

namespace cs::aws::creds {
namespace {

struct Ctx {
  Environment env;
  const io::FileSystem* fs = nullptr;
  const TimeSource* clock = nullptr;
  ProcessRunner* process = nullptr;
  HttpGetter* http = nullptr;
  StsClient* sts = nullptr;
  ConfigFiles files;
  std::string region;
};
using CtxPtr = std::shared_ptr<const Ctx>;
using ProviderPtr = std::shared_ptr<CredentialsProvider>;
using Found = Result<ProviderPtr>;  // nullptr: the provider does not apply

Error make_error(std::string msg) {
  return Error{std::move(msg)};
}

// An error placed at the file:line of a profile key.
Error at_key(const Profile& p, const std::string& key, std::string msg) {
  Error e{std::move(msg)};
  std::string loc = p.location(key);
  size_t colon = loc.rfind(':');
  if (colon != std::string::npos) {
    e.file = loc.substr(0, colon);
    e.line = static_cast<unsigned>(std::stoul(loc.substr(colon + 1)));
  }
  return e;
}

bool is_true(const std::optional<std::string>& v) {
  if (!v) return false;
  std::string s = *v;
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s == "true";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string default_session_name(const Ctx& c) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(c.clock->now().time_since_epoch()).count();
  return "cloudsift-session-" + std::to_string(secs);
}

ProviderPtr wrap(const Ctx& c, const std::string& method, Fetch fetch, Credentials first) {
  first.method = method;
  if (!first.expiration) return CredentialsProvider::fixed(std::move(first), *c.clock);
  return CredentialsProvider::refreshing(method, std::move(fetch), *c.clock, std::move(first));
}

// ---- JSON documents (credential_process, container, IMDS, SSO cache and portal) ----------------

struct JsonDoc {
  std::unique_ptr<json::Document> doc;
  const json::Node* root() const { return doc->root; }
  std::optional<std::string> str(const char* key) const {
    const json::Node* n = doc->root->find(key);
    if (!n || !n->is_string()) return std::nullopt;
    return std::string(n->text());
  }
};

// Never quotes the document (it holds secrets); only the position of the syntax error.
Result<JsonDoc> parse_json_object(const std::string& text, const std::string& what) {
  JsonDoc d;
  d.doc = json::parse(what, text);
  if (!d.doc->ok()) {
    std::string where;
    if (!d.doc->diags.empty())
      where = " (line " + std::to_string(d.doc->diags[0].line) + ", column " +
              std::to_string(d.doc->diags[0].col) + ")";
    return make_error(what + " is not valid JSON" + where);
  }
  if (!d.doc->root->is_object()) return make_error(what + " is not a JSON object");
  return d;
}

Result<Credentials> creds_from_json(const JsonDoc& d, const std::string& what, const char* akid_key,
                                    const char* secret_key, const char* token_key, const char* exp_key,
                                    bool exp_required) {
  Credentials c;
  auto ak = d.str(akid_key);
  auto sk = d.str(secret_key);
  std::vector<std::string> missing;
  if (!ak || ak->empty()) missing.push_back(akid_key);
  if (!sk || sk->empty()) missing.push_back(secret_key);
  auto tok = d.str(token_key);
  auto exp = d.str(exp_key);
  if (exp_required && !tok) missing.push_back(token_key);
  if (exp_required && !exp) missing.push_back(exp_key);
  if (!missing.empty()) {
    std::string m;
    for (const auto& k : missing) m += (m.empty() ? "" : ", ") + k;
    return make_error(what + " is missing " + m);
  }
  c.access_key_id = *ak;
  c.secret_access_key = Secret(*sk);
  if (tok) c.session_token = Secret(*tok);
  if (exp) {
    auto t = parse_iso8601(*exp);
    if (!t) return make_error(what + " has an invalid " + std::string(exp_key) + " time stamp");
    c.expiration = t;
  }
  if (auto a = d.str("AccountId")) c.account_id = *a;
  return c;
}

// ---- env -----------------------------------------------------------------------------------------

Result<std::optional<Credentials>> env_credentials(const Ctx& c) {
  auto ak = c.env.get_nonempty("AWS_ACCESS_KEY_ID");
  if (!ak) return std::optional<Credentials>();
  auto sk = c.env.get_nonempty("AWS_SECRET_ACCESS_KEY");
  if (!sk)
    return make_error(
        "partial credentials in the environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  Credentials cr;
  cr.method = "env";
  cr.access_key_id = *ak;
  cr.secret_access_key = Secret(*sk);
  if (auto t = c.env.get_nonempty("AWS_SESSION_TOKEN"))
    cr.session_token = Secret(*t);
  else if (auto t2 = c.env.get_nonempty("AWS_SECURITY_TOKEN"))
    cr.session_token = Secret(*t2);
  if (auto e = c.env.get_nonempty("AWS_CREDENTIAL_EXPIRATION")) {
    auto t = parse_iso8601(*e);
    if (!t) return make_error("AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time stamp");
    cr.expiration = t;
  }
  if (auto a = c.env.get_nonempty("AWS_ACCOUNT_ID")) cr.account_id = *a;
  return std::optional<Credentials>(cr);
}

Found env_provider(const CtxPtr& c) {
  auto first = env_credentials(*c);
  if (!first) return first.error();
  if (!*first) return ProviderPtr();
  Fetch fetch = [c]() -> Result<Credentials> {
    auto r = env_credentials(*c);
    if (!r) return r.error();
    if (!*r) return make_error("environment credentials disappeared");
    return **r;
  };
  return wrap(*c, "env", fetch, **first);
}

// ---- static keys in a profile ------------------------------------------------------------------

Found static_profile_provider(const Ctx& c, const Profile* p, const std::string& method) {
  if (!p || !p->has("aws_access_key_id")) return ProviderPtr();
  auto ak = p->get("aws_access_key_id");
  auto sk = p->get("aws_secret_access_key");
  if (!sk)
    return at_key(
        *p, "aws_access_key_id",
        "partial credentials in profile '" + p->name + "': aws_access_key_id without aws_secret_access_key");
  Credentials cr;
  cr.method = method;
  cr.access_key_id = ak.value_or("");
  cr.secret_access_key = Secret(*sk);
  if (auto t = p->get("aws_session_token"))
    cr.session_token = Secret(*t);
  else if (auto t2 = p->get("aws_security_token"))
    cr.session_token = Secret(*t2);
  if (auto a = p->get("aws_account_id")) cr.account_id = *a;
  return CredentialsProvider::fixed(cr, *c.clock);
}

const Profile* find_in(const std::map<std::string, Profile>& m, const std::string& name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

// ---- credential_process ------------------------------------------------------------------------

Result<Credentials> run_process(const Ctx& c, const Profile& p, const std::string& cmdline) {
  auto argv = shell_split(cmdline);
  if (!argv || argv->empty())
    return at_key(p, "credential_process",
                  "credential_process of profile '" + p.name + "' is not a valid command line");
  if (!c.process) return make_error("credential_process is configured but no process runner is available");
  auto out = c.process->run(*argv);
  const std::string prog = (*argv)[0];
  if (!out)
    return make_error("credential_process '" + prog + "' could not be run: " + scrub(out.error().message));
  if (out->exit_code != 0)
    return make_error("credential_process '" + prog + "' exited with status " +
                      std::to_string(out->exit_code) +
                      (out->err.empty() ? std::string() : ": " + scrub(out->err)));
  const std::string what = "output of credential_process '" + prog + "'";
  auto d = parse_json_object(out->out, what);
  if (!d) return d.error();
  const json::Node* v = d->root()->find("Version");
  if (!v || !v->is_number() || v->text() != "1")
    return make_error(what + ": unsupported or missing Version (expected 1)");
  auto cr = creds_from_json(*d, what, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", false);
  if (!cr) return cr.error();
  cr->method = "custom-process";
  return cr;
}

Found process_provider(const CtxPtr& c, const Profile* p) {
  if (!p) return ProviderPtr();
  auto cmd = p->get("credential_process");
  if (!cmd || cmd->empty()) return ProviderPtr();
  auto first = run_process(*c, *p, *cmd);
  if (!first) return first.error();
  Profile copy = *p;
  std::string cmdline = *cmd;
  Fetch fetch = [c, copy, cmdline]() { return run_process(*c, copy, cmdline); };
  return wrap(*c, "custom-process", fetch, *first);
}

// ---- container ---------------------------------------------------------------------------------

struct UrlParts {
  std::string scheme, host;
};
std::optional<UrlParts> split_url(const std::string& url) {
  size_t s = url.find("://");
  if (s == std::string::npos) return std::nullopt;
  UrlParts u;
  u.scheme = lower(url.substr(0, s));
  size_t start = s + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = authority.substr(1, close - 1);
  } else {
    size_t colon = authority.find(':');
    u.host = authority.substr(0, colon);
  }
  u.host = lower(u.host);
  return u;
}

bool is_loopback(const std::string& host) {
  if (host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  // 127.0.0.0/8 written as a dotted quad.
  int parts = 0;
  size_t i = 0;
  std::string first;
  while (i <= host.size()) {
    size_t dot = host.find('.', i);
    std::string part = host.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit)) return false;
    if (std::stoi(part) > 255) return false;
    if (parts == 0) first = part;
    ++parts;
    if (dot == std::string::npos) break;
    i = dot + 1;
  }
  return parts == 4 && first == "127";
}

bool container_host_allowed(const UrlParts& u) {
  if (u.scheme == "https") return true;
  if (u.scheme != "http") return false;
  static const char* allowed[] = {"localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"};
  for (const char* a : allowed)
    if (u.host == a) return true;
  return is_loopback(u.host);
}

Result<Credentials> fetch_container(const Ctx& c, const std::string& url) {
  if (!c.http) return make_error("container credentials are configured but no HTTP client is available");
  HttpRequest req;
  req.method = "GET";
  req.url = url;
  req.timeout = std::chrono::milliseconds(2000);
  req.headers.push_back({"Accept", "application/json"});
  std::optional<std::string> auth;
  if (auto f = c.env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    auto t = c.fs->read(*f);
    if (!t) return make_error("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *f);
    std::string s = *t;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();  // a trailing newline only
    auth = s;
  } else if (auto t = c.env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    auth = *t;
  }
  if (auth) {
    if (auth->find_first_of("\r\n") != std::string::npos)
      return make_error("the container authorization token contains a line break");
    req.headers.push_back({"Authorization", *auth});
  }
  Error last = make_error("no attempt");
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = c.http->send(req);
    if (!r) {
      last = make_error("container credentials endpoint unreachable: " + scrub(r.error().message));
      continue;
    }
    if (r->status != 200) {
      last = make_error("container credentials endpoint returned HTTP " + std::to_string(r->status) +
                        (r->body.empty() ? std::string() : ": " + scrub(r->body)));
      if (r->status >= 500) continue;
      return last;
    }
    auto d = parse_json_object(r->body, "container credentials response");
    if (!d) return d.error();
    auto cr = creds_from_json(*d, "container credentials response", "AccessKeyId", "SecretAccessKey", "Token",
                              "Expiration", false);
    if (!cr) return cr.error();
    cr->method = "container-role";
    return cr;
  }
  return last;
}

// nullopt: not configured.
Result<std::optional<std::string>> container_url(const Ctx& c) {
  if (auto rel = c.env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
    return std::optional<std::string>("http://169.254.170.2" + *rel);
  if (auto full = c.env.get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    auto u = split_url(*full);
    if (!u || !container_host_allowed(*u))
      return make_error(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, a loopback address or one of "
          "169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost");
    return std::optional<std::string>(*full);
  }
  return std::optional<std::string>();
}

Found container_provider(const CtxPtr& c) {
  auto url = container_url(*c);
  if (!url) return url.error();
  if (!*url) return ProviderPtr();
  std::string u = **url;
  auto first = fetch_container(*c, u);
  if (!first) return first.error();
  Fetch fetch = [c, u]() { return fetch_container(*c, u); };
  return wrap(*c, "container-role", fetch, *first);
}

// ---- IMDS --------------------------------------------------------------------------------------

struct ImdsConfig {
  std::string endpoint;
  std::chrono::milliseconds timeout{1000};
  int attempts = 1;
  bool v1_disabled = false;
};

ImdsConfig imds_config(const Ctx& c, const Profile* profile) {
  ImdsConfig ic;
  std::optional<std::string> ep = c.env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (!ep && profile) ep = profile->get("ec2_metadata_service_endpoint");
  std::optional<std::string> mode = c.env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  if (!mode && profile) mode = profile->get("ec2_metadata_service_endpoint_mode");
  bool v6 = (mode && lower(*mode) == "ipv6") || is_true(c.env.get_nonempty("AWS_IMDS_USE_IPV6"));
  ic.endpoint = ep ? *ep : (v6 ? "http://[fd00:ec2::254]" : "http://169.254.169.254");
  while (!ic.endpoint.empty() && ic.endpoint.back() == '/') ic.endpoint.pop_back();
  std::optional<std::string> t = c.env.get_nonempty("AWS_METADATA_SERVICE_TIMEOUT");
  if (!t && profile) t = profile->get("metadata_service_timeout");
  if (t) {
    char* end = nullptr;
    double secs = std::strtod(t->c_str(), &end);
    if (end && *end == 0 && secs > 0 && secs < 3600)
      ic.timeout = std::chrono::milliseconds(static_cast<long>(secs * 1000));
  }
  std::optional<std::string> n = c.env.get_nonempty("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
  if (!n && profile) n = profile->get("metadata_service_num_attempts");
  if (n) {
    char* end = nullptr;
    long v = std::strtol(n->c_str(), &end, 10);
    if (end && *end == 0 && v >= 1 && v <= 10) ic.attempts = static_cast<int>(v);
  }
  std::optional<std::string> v1 = c.env.get_nonempty("AWS_EC2_METADATA_V1_DISABLED");
  if (!v1 && profile) v1 = profile->get("ec2_metadata_v1_disabled");
  ic.v1_disabled = is_true(v1);
  return ic;
}

bool imds_disabled(const Ctx& c) {
  return is_true(c.env.get_nonempty("AWS_EC2_METADATA_DISABLED"));
}

Result<HttpResponse> imds_send(const Ctx& c, const ImdsConfig& ic, HttpRequest req) {
  req.timeout = ic.timeout;
  Result<HttpResponse> r = make_error("no attempt");
  for (int i = 0; i < ic.attempts; ++i) {
    r = c.http->send(req);
    if (r && r->status < 500) return r;
  }
  return r;
}

// Errors here are "IMDS has no credentials"; the provider turns them into a skip with a note.
Result<Credentials> fetch_imds(const Ctx& c, const ImdsConfig& ic) {
  if (!c.http) return make_error("no HTTP client is available for the instance metadata service");
  std::optional<std::string> token;
  {
    HttpRequest put;
    put.method = "PUT";
    put.url = ic.endpoint + "/latest/api/token";
    put.headers.push_back({"x-aws-ec2-metadata-token-ttl-seconds", "21600"});
    auto r = imds_send(c, ic, put);
    if (r && r->status == 200) {
      token = r->body;
    } else if (r && r->status == 400) {
      return make_error("instance metadata service rejected the token request (HTTP 400)");
    } else if (r && r->status != 403 && r->status != 404 && r->status != 405) {
      return make_error("instance metadata service token request returned HTTP " + std::to_string(r->status));
    }
    if (!token && ic.v1_disabled)
      return make_error("no IMDSv2 token and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)");
  }
  auto get = [&](const std::string& path) {
    HttpRequest g;
    g.url = ic.endpoint + path;
    if (token) g.headers.push_back({"x-aws-ec2-metadata-token", *token});
    return imds_send(c, ic, g);
  };
  const std::string base = "/latest/meta-data/iam/security-credentials/";
  auto role = get(base);
  if (!role) return make_error("instance metadata service unreachable: " + scrub(role.error().message));
  if (role->status != 200)
    return make_error("instance metadata service has no IAM role (HTTP " + std::to_string(role->status) +
                      ")");
  std::string name = role->body;
  size_t nl = name.find_first_of("\r\n");
  if (nl != std::string::npos) name = name.substr(0, nl);
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
  if (name.empty()) return make_error("instance metadata service returned no IAM role name");
  auto cr_resp = get(base + name);
  if (!cr_resp) return make_error("instance metadata service unreachable: " + scrub(cr_resp.error().message));
  if (cr_resp->status != 200)
    return make_error("instance metadata service returned HTTP " + std::to_string(cr_resp->status) +
                      " for the role credentials");
  auto d = parse_json_object(cr_resp->body, "instance metadata credentials");
  if (!d) return d.error();
  auto cr = creds_from_json(*d, "instance metadata credentials", "AccessKeyId", "SecretAccessKey", "Token",
                            "Expiration", true);
  if (!cr) return cr.error();
  cr->method = "iam-role";
  return cr;
}

Found imds_provider(const CtxPtr& c, const Profile* profile, std::vector<std::string>* notes,
                    bool as_source) {
  if (imds_disabled(*c)) {
    if (notes) notes->push_back("iam-role: skipped, AWS_EC2_METADATA_DISABLED is true");
    return ProviderPtr();
  }
  if (!c->http) {
    if (notes) notes->push_back("iam-role: skipped, no HTTP client");
    return ProviderPtr();
  }
  ImdsConfig ic = imds_config(*c, profile);
  auto first = fetch_imds(*c, ic);
  if (!first) {
    if (notes) notes->push_back("iam-role: " + first.error().message);
    return ProviderPtr();
  }
  Fetch fetch = [c, ic]() { return fetch_imds(*c, ic); };
  return wrap(*c, "iam-role", fetch, *first);
}

// ---- STS-backed providers -------------------------------------------------------------------------

Result<Credentials> read_web_identity_and_assume(const Ctx& c, WebIdentityParams p,
                                                 const std::string& token_file) {
  if (!c.sts) return make_error("assume-role-with-web-identity needs STS but no STS client is available");
  auto tok = c.fs->read(token_file);
  if (!tok) return make_error("cannot read the web identity token file " + token_file);
  std::string t = *tok;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  p.web_identity_token = Secret(t);
  auto r = c.sts->assume_role_with_web_identity(p);
  if (!r)
    return make_error("AssumeRoleWithWebIdentity for " + p.role_arn +
                      " failed: " + scrub(r.error().message, 300, {t}));
  r->method = "assume-role-with-web-identity";
  return r;
}

// use_env: the main chain (env vars win over profile keys); false inside a source_profile chain.
Found web_identity_provider(const CtxPtr& c, const Profile* p, bool use_env) {
  auto pick = [&](const char* env, const char* key) -> std::optional<std::string> {
    if (use_env)
      if (auto v = c->env.get_nonempty(env)) return v;
    if (p)
      if (auto v = p->get(key); v && !v->empty()) return v;
    return std::nullopt;
  };
  auto token_file = pick("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
  if (!token_file) return ProviderPtr();
  auto role_arn = pick("AWS_ROLE_ARN", "role_arn");
  if (!role_arn)
    return make_error(
        "web identity is configured (web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE) but no "
        "role ARN (role_arn / AWS_ROLE_ARN)");
  WebIdentityParams wp;
  wp.region = c->region;
  wp.role_arn = *role_arn;
  wp.role_session_name =
      pick("AWS_ROLE_SESSION_NAME", "role_session_name").value_or(default_session_name(*c));
  std::string file = expand_path(*token_file, c->env);
  Fetch fetch = [c, wp, file]() { return read_web_identity_and_assume(*c, wp, file); };
  return CredentialsProvider::refreshing("assume-role-with-web-identity", fetch, *c->clock);
}

// ---- SSO -----------------------------------------------------------------------------------------

struct SsoConfig {
  std::string start_url, region, account_id, role_name, session_name;
};

Result<Credentials> fetch_sso(const Ctx& c, const SsoConfig& s) {
  const std::string login_hint =
      "run `aws sso login" + std::string(s.session_name.empty() ? "" : " --sso-session " + s.session_name) +
      "` (or `aws sso login --profile <profile>`) to refresh it";
  std::string key = sha1_hex(s.session_name.empty() ? s.start_url : s.session_name);
  std::string home = home_dir(c.env);
  std::string path = (home.empty() ? std::string("~") : home) + "/.aws/sso/cache/" + key + ".json";
  if (!c.fs->is_file(path)) return make_error("no cached SSO token (" + path + "); " + login_hint);
  auto text = c.fs->read(path);
  if (!text) return make_error("cannot read the SSO token cache " + path);
  auto d = parse_json_object(*text, path);
  if (!d) return d.error();
  auto token = d->str("accessToken");
  auto expires = d->str("expiresAt");
  if (!token || token->empty() || !expires)
    return make_error("the SSO token cache " + path + " lacks accessToken/expiresAt; " + login_hint);
  auto exp = parse_iso8601(*expires);
  if (!exp) return make_error("the SSO token cache " + path + " has an invalid expiresAt");
  if (*exp <= c.clock->now())
    return make_error("the SSO session has expired (" + format_iso8601(*exp) + "); " + login_hint);
  if (!c.http) return make_error("SSO is configured but no HTTP client is available");
  HttpRequest req;
  req.url = "https://portal.sso." + s.region +
            ".amazonaws.com/federation/credentials?role_name=" + s.role_name + "&account_id=" + s.account_id;
  req.headers.push_back({"x-amz-sso_bearer_token", *token});
  req.timeout = std::chrono::milliseconds(10000);
  auto r = c.http->send(req);
  if (!r) return make_error("SSO portal unreachable: " + scrub(r.error().message, 300, {*token}));
  if (r->status == 401 || r->status == 403)
    return make_error("the SSO token was rejected (HTTP " + std::to_string(r->status) + "); " + login_hint);
  if (r->status != 200)
    return make_error("SSO GetRoleCredentials returned HTTP " + std::to_string(r->status) + ": " +
                      scrub(r->body, 300, {*token}));
  auto rd = parse_json_object(r->body, "SSO GetRoleCredentials response");
  if (!rd) return rd.error();
  const json::Node* rc = rd->root()->find("roleCredentials");
  if (!rc || !rc->is_object()) return make_error("SSO GetRoleCredentials response lacks roleCredentials");
  auto s_of = [&](const char* k) -> std::optional<std::string> {
    const json::Node* n = rc->find(k);
    if (!n || !n->is_string()) return std::nullopt;
    return std::string(n->text());
  };
  auto ak = s_of("accessKeyId"), sk = s_of("secretAccessKey"), st = s_of("sessionToken");
  const json::Node* ex = rc->find("expiration");
  if (!ak || !sk || !st || !ex || !ex->is_number())
    return make_error(
        "SSO GetRoleCredentials response lacks accessKeyId/secretAccessKey/sessionToken/expiration");
  Credentials cr;
  cr.method = "sso";
  cr.access_key_id = *ak;
  cr.secret_access_key = Secret(*sk);
  cr.session_token = Secret(*st);
  cr.expiration = TimePoint(std::chrono::duration_cast<Clock::duration>(
      std::chrono::milliseconds(static_cast<long long>(ex->number))));
  cr.account_id = s.account_id;
  return cr;
}

Found sso_provider(const CtxPtr& c, const Profile* p) {
  if (!p) return ProviderPtr();
  static const char* keys[] = {"sso_start_url", "sso_region", "sso_account_id", "sso_role_name",
                               "sso_session"};
  bool any = false;
  for (const char* k : keys) any |= p->has(k);
  if (!any) return ProviderPtr();
  SsoConfig s;
  std::vector<std::string> missing;
  auto need = [&](const Profile& from, const char* k, std::string& out) {
    if (auto v = from.get(k); v && !v->empty())
      out = *v;
    else
      missing.push_back(k);
  };
  if (auto sess = p->get("sso_session"); sess && !sess->empty()) {
    const Profile* sp = c->files.sso_session(*sess);
    if (!sp)
      return at_key(*p, "sso_session",
                    "profile '" + p->name + "' names sso-session '" + *sess + "', which does not exist");
    s.session_name = *sess;
    need(*sp, "sso_start_url", s.start_url);
    need(*sp, "sso_region", s.region);
    for (const char* k : {"sso_start_url", "sso_region"}) {
      auto pv = p->get(k), sv = sp->get(k);
      if (pv && sv && *pv != *sv)
        return at_key(
            *p, k,
            "profile '" + p->name + "' sets " + k + " differently from its sso-session '" + *sess + "'");
    }
  } else {
    need(*p, "sso_start_url", s.start_url);
    need(*p, "sso_region", s.region);
  }
  need(*p, "sso_account_id", s.account_id);
  need(*p, "sso_role_name", s.role_name);
  if (!missing.empty()) {
    std::string m;
    for (const auto& k : missing) m += (m.empty() ? "" : ", ") + k;
    return make_error("SSO profile '" + p->name + "' is missing required configuration: " + m);
  }
  Fetch fetch = [c, s]() { return fetch_sso(*c, s); };
  return CredentialsProvider::refreshing("sso", fetch, *c->clock);
}

// ---- assume role ---------------------------------------------------------------------------------

bool has_assume_role_vars(const Profile& p) {
  return p.has("role_arn") && !p.has("web_identity_token_file");
}
bool has_static(const Profile& p) {
  return p.has("aws_access_key_id") || p.has("aws_secret_access_key");
}

Found assume_role_for(const CtxPtr& c, const Profile& p, std::vector<std::string>& visited);

// The profile-scoped providers botocore uses for a source profile (env vars disabled).
Found profile_providers(const CtxPtr& c, const std::string& name) {
  const Profile* merged = c->files.profile(name);
  Found f = web_identity_provider(c, merged, false);
  if (!f || *f) return f;
  f = sso_provider(c, merged);
  if (!f || *f) return f;
  f = static_profile_provider(*c, find_in(c->files.credentials_profiles, name), "shared-credentials-file");
  if (!f || *f) return f;
  f = process_provider(c, merged);
  if (!f || *f) return f;
  return static_profile_provider(*c, find_in(c->files.config_profiles, name), "config-file");
}

Found source_from_profile(const CtxPtr& c, const Profile& parent, const std::string& src_name,
                          std::vector<std::string>& visited) {
  const Profile* src = c->files.profile(src_name);
  if (!src)
    return at_key(
        parent, "source_profile",
        "the source_profile '" + src_name + "' referenced in profile '" + parent.name + "' does not exist");
  if (std::find(visited.begin(), visited.end(), src_name) != visited.end()) {
    if (src_name != parent.name || !has_static(*src)) {
      std::string chain;
      for (const auto& v : visited) chain += v + " -> ";
      return at_key(parent, "source_profile",
                    "infinite loop in the source_profile chain: " + chain + src_name);
    }
  }
  if (has_static(*src) || !has_assume_role_vars(*src)) {
    Found f = profile_providers(c, src_name);
    if (!f) return f;
    if (!*f)
      return at_key(parent, "source_profile", "the source profile '" + src_name + "' must have credentials");
    return f;
  }
  return assume_role_for(c, *src, visited);
}

Found source_from_credential_source(const CtxPtr& c, const Profile& p, const std::string& source) {
  Found f = ProviderPtr();
  if (source == "Environment") {
    f = env_provider(c);
  } else if (source == "Ec2InstanceMetadata") {
    std::vector<std::string> notes;
    f = imds_provider(c, &p, &notes, true);
    if (f && !*f)
      return at_key(p, "credential_source",
                    "no credentials from credential_source Ec2InstanceMetadata in profile '" + p.name + "'" +
                        (notes.empty() ? "" : ": " + notes[0]));
  } else if (source == "EcsContainer") {
    f = container_provider(c);
  } else {
    return at_key(p, "credential_source",
                  "profile '" + p.name + "': credential_source '" + source +
                      "' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
  }
  if (!f) return f;
  if (!*f)
    return at_key(p, "credential_source",
                  "no credentials found in credential_source '" + source + "' of profile '" + p.name + "'");
  return f;
}

Found assume_role_for(const CtxPtr& c, const Profile& p, std::vector<std::string>& visited) {
  visited.push_back(p.name);
  auto source_profile = p.get("source_profile");
  auto credential_source = p.get("credential_source");
  if (source_profile && credential_source)
    return at_key(p, "role_arn",
                  "profile '" + p.name + "' has both source_profile and credential_source; use one");
  if (!source_profile && !credential_source)
    return at_key(p, "role_arn",
                  "profile '" + p.name + "' has role_arn but neither source_profile nor credential_source");
  if (p.has("mfa_serial"))
    return at_key(p, "mfa_serial",
                  "profile '" + p.name +
                      "' requires an MFA code (mfa_serial), which cloudsift cannot prompt for; "
                      "use credentials from `aws sts get-session-token` or a profile without MFA");
  AssumeRoleParams ap;
  ap.region = c->region;
  ap.role_arn = p.get("role_arn").value_or("");
  if (ap.role_arn.empty()) return at_key(p, "role_arn", "profile '" + p.name + "' has an empty role_arn");
  ap.role_session_name = p.get("role_session_name").value_or(default_session_name(*c));
  ap.external_id = p.get("external_id").value_or("");
  if (auto d = p.get("duration_seconds")) {
    char* end = nullptr;
    long v = std::strtol(d->c_str(), &end, 10);
    if (d->empty() || !end || *end != 0 || v <= 0 || v > 43200)
      return at_key(
          p, "duration_seconds",
          "profile '" + p.name + "': duration_seconds must be an integer number of seconds (900-43200)");
    ap.duration_seconds = static_cast<int>(v);
  }
  Found src = source_profile ? source_from_profile(c, p, *source_profile, visited)
                             : source_from_credential_source(c, p, *credential_source);
  if (!src) return src;
  ProviderPtr source = *src;
  Fetch fetch = [c, source, ap]() -> Result<Credentials> {
    if (!c->sts) return make_error("assume-role needs STS but no STS client is available");
    auto sc = source->get();
    if (!sc) return make_error("source credentials for " + ap.role_arn + ": " + sc.error().message);
    auto r = c->sts->assume_role(*sc, ap);
    if (!r)
      return make_error(
          "AssumeRole " + ap.role_arn + " failed: " +
          scrub(r.error().message, 300, {sc->secret_access_key.reveal(), sc->session_token.reveal()}));
    r->method = "assume-role";
    return r;
  };
  return CredentialsProvider::refreshing("assume-role", fetch, *c->clock);
}

}  // namespace

std::string Resolution::to_string() const {
  std::string s = "Resolution(profile=" + profile + ", region=" + (region.empty() ? "<none>" : region) +
                  ", method=" + method;
  if (provider) s += ", " + provider->to_string();
  return s + ")";
}

Result<Resolution> resolve_credentials(const ResolveOptions& opts, ResolverDeps deps) {
  if (!deps.fs || !deps.clock)
    return make_error("resolve_credentials: a FileSystem and a clock are required");
  auto files = load_config_files(deps.env, *deps.fs);
  if (!files) return files.error();
  auto ctx = std::make_shared<Ctx>();
  ctx->env = std::move(deps.env);
  ctx->fs = deps.fs;
  ctx->clock = deps.clock;
  ctx->process = deps.process;
  ctx->http = deps.http;
  ctx->sts = deps.sts;
  ctx->files = std::move(*files);

  Resolution res;
  ProfileSelection sel = select_profile(opts.profile, ctx->env);
  res.profile = sel.name;
  res.profile_source = sel.source;
  const Profile* profile = ctx->files.profile(sel.name);
  if (!profile && sel.source != ProfileSource::Default)
    return make_error("the config profile (" + sel.name + ") could not be found in " +
                      ctx->files.config_path + " or " + ctx->files.credentials_path);
  res.region = select_region(opts.region, ctx->env, profile);
  ctx->region = res.region;
  CtxPtr c = ctx;

  auto done = [&](ProviderPtr p) -> Result<Resolution> {
    res.method = p->method();
    res.provider = std::move(p);
    return res;
  };
  Found f = ProviderPtr();
  if (sel.source != ProfileSource::Explicit) {
    f = env_provider(c);
    if (!f) return f.error();
    if (*f) return done(*f);
  } else {
    res.notes.push_back("env: skipped, a profile was given explicitly");
  }
  if (profile && has_assume_role_vars(*profile)) {
    std::vector<std::string> visited;
    f = assume_role_for(c, *profile, visited);
    if (!f) return f.error();
    if (*f) return done(*f);
  }
  f = web_identity_provider(c, profile, true);
  if (!f) return f.error();
  if (*f) return done(*f);
  f = sso_provider(c, profile);
  if (!f) return f.error();
  if (*f) return done(*f);
  f = static_profile_provider(*c, find_in(c->files.credentials_profiles, sel.name),
                              "shared-credentials-file");
  if (!f) return f.error();
  if (*f) return done(*f);
  f = process_provider(c, profile);
  if (!f) return f.error();
  if (*f) return done(*f);
  f = static_profile_provider(*c, find_in(c->files.config_profiles, sel.name), "config-file");
  if (!f) return f.error();
  if (*f) return done(*f);
  f = container_provider(c);
  if (!f) return f.error();
  if (*f) return done(*f);
  f = imds_provider(c, profile, &res.notes, false);
  if (!f) return f.error();
  if (*f) return done(*f);
  std::string why;
  for (const auto& n : res.notes) why += "; " + n;
  return make_error(
      "no AWS credentials found for profile '" + sel.name +
      "' (tried env, assume-role, web identity, sso, shared credentials file, credential_process, "
      "config file, container, instance metadata" +
      ")" + why);
}

}  // namespace cs::aws::creds
