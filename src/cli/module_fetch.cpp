#include "cli/module_fetch.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <vector>

#include "aws/http/http_client.h"
#include "aws/http/redact.h"
#include "aws/sigv4/sigv4.h"
#include "base/json_writer.h"
#include "cli/module_archive.h"
#include "cli/module_version.h"
#include "io/fs.h"
#include "syntax/json/json.h"

extern char** environ;

namespace cs::cli {

namespace fs = std::filesystem;
namespace http = aws::http;

namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t i = s.find(sep, start);
    out.push_back(s.substr(start, i == std::string::npos ? std::string::npos : i - start));
    if (i == std::string::npos) break;
    start = i + 1;
  }
  return out;
}

// go-getter's SourceDirSubdir: "x//sub?q" -> ("x?q", "sub"); the "//" of a scheme does not count.
std::pair<std::string, std::string> split_subdir(std::string src) {
  size_t stop = src.find('?');
  if (stop == std::string::npos) stop = src.size();
  size_t offset = 0;
  size_t scheme = src.substr(0, stop).find("://");
  if (scheme != std::string::npos) offset = scheme + 3;
  size_t idx = src.substr(0, stop).find("//", offset);
  if (idx == std::string::npos) return {src, ""};
  std::string subdir = src.substr(idx + 2);
  src = src.substr(0, idx);
  size_t q = subdir.find('?');
  if (q != std::string::npos) {
    src += subdir.substr(q);
    subdir = subdir.substr(0, q);
  }
  return {src, subdir};
}

// Query parameters of a URL, and the URL without the ones named.
std::string take_param(std::string& url, const std::string& name, bool* found = nullptr) {
  if (found) *found = false;
  size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string base = url.substr(0, q), rest;
  std::string value;
  for (const auto& kv : split(url.substr(q + 1), '&')) {
    if (kv.empty()) continue;
    size_t eq = kv.find('=');
    std::string k = kv.substr(0, eq);
    if (k == name) {
      value = eq == std::string::npos ? "" : kv.substr(eq + 1);
      if (found) *found = true;
      continue;
    }
    rest += (rest.empty() ? "" : "&") + kv;
  }
  url = rest.empty() ? base : base + "?" + rest;
  return value;
}

std::string url_host(const std::string& url) {  // "host[:port]" of scheme://[user@]host[:port]/...
  size_t s = url.find("://");
  if (s == std::string::npos) return "";
  size_t start = s + 3, end = url.find_first_of("/?#", start);
  std::string auth = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = auth.rfind('@');
  return at == std::string::npos ? auth : auth.substr(at + 1);
}

std::string host_name(const std::string& host_port) {  // without the port; [::1] -> ::1
  if (starts_with(host_port, "[")) {
    size_t e = host_port.find(']');
    return host_port.substr(1, e == std::string::npos ? std::string::npos : e - 1);
  }
  size_t c = host_port.rfind(':');
  return c == std::string::npos ? host_port : host_port.substr(0, c);
}

bool is_loopback(const std::string& host_port) {
  std::string h = host_name(host_port);
  for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return h == "localhost" || h == "::1" || starts_with(h, "127.");
}

// An absolute URL, or `ref` resolved against `base` (RFC 3986 for the cases registries use).
std::string resolve_url(const std::string& base, const std::string& ref) {
  static const std::regex kAbs("^[A-Za-z][A-Za-z0-9+.-]*:.*");
  if (std::regex_match(ref, kAbs)) return ref;
  size_t s = base.find("://");
  std::string scheme = base.substr(0, s);
  size_t path_start = base.find('/', s + 3);
  std::string origin = base.substr(0, path_start);
  if (starts_with(ref, "//")) return scheme + ":" + ref;
  if (starts_with(ref, "/")) return origin + ref;
  std::string b = base.substr(0, base.find_first_of("?#"));
  size_t slash = b.rfind('/');
  std::string dir = slash == std::string::npos || slash < s + 3 ? origin + "/" : b.substr(0, slash + 1);
  // Remove ./ and ../ segments.
  std::string path = dir.substr(origin.size()) + ref;
  std::string query;
  size_t qpos = path.find('?');
  if (qpos != std::string::npos) {
    query = path.substr(qpos);
    path = path.substr(0, qpos);
  }
  std::vector<std::string> out;
  for (const auto& seg : split(path, '/')) {
    if (seg == ".") continue;
    if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      continue;
    }
    out.push_back(seg);
  }
  std::string joined;
  for (size_t i = 0; i < out.size(); ++i) joined += (i ? "/" : "") + out[i];
  if (joined.empty() || joined[0] != '/') joined = "/" + joined;
  if ((ends_with(path, "/.") || ends_with(path, "/..")) && !ends_with(joined, "/")) joined += "/";
  return origin + joined + query;
}

bool is_archive(const std::string& url, std::string* kind) {
  std::string u = url;
  bool found = false;
  std::string forced = take_param(u, "archive", &found);
  if (found) {
    *kind = forced;
    return true;
  }
  std::string path = u.substr(0, u.find_first_of("?#"));
  for (const char* ext : {".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar"})
    if (ends_with(path, ext)) {
      *kind = ext + 1;
      return true;
    }
  return false;
}

std::string short_hash(const std::string& key) {
  return aws::sigv4::sha256_hex(key).substr(0, 16);
}

std::string safe_name(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  if (out.size() > 40) out = out.substr(out.size() - 40);
  while (!out.empty() && out[0] == '.') out.erase(0, 1);
  return out.empty() ? "module" : out;
}

// Runs argv (no shell) with stdout discarded; returns the exit status, its stderr's tail in `err`.
int run_command(const std::vector<std::string>& argv, int timeout_s, std::string* err) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    *err = "cannot create a pipe";
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  std::vector<std::string> env_store;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    if (starts_with(kv, "GIT_TERMINAL_PROMPT=") || starts_with(kv, "GIT_ASKPASS=") ||
        starts_with(kv, "SSH_ASKPASS="))
      continue;
    env_store.push_back(kv);
  }
  env_store.push_back("GIT_TERMINAL_PROMPT=0");  // never wait for a password on a terminal
  env_store.push_back("GIT_ASKPASS=/bin/false");
  env_store.push_back("SSH_ASKPASS=/bin/false");
  std::vector<char*> envp, args;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_store = argv;
  for (auto& s : argv_store) args.push_back(s.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    *err = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  std::string text;
  bool timed_out = false;
  while (true) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd p{pipefd[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    char buf[4096];
    ssize_t r = read(pipefd[0], buf, sizeof buf);
    if (r <= 0) break;
    text.append(buf, static_cast<size_t>(r));
    if (text.size() > 65536) text.erase(0, text.size() - 8192);
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // git's reason: its first "fatal: ..." line, else the last line.
  std::string last;
  for (const auto& line : split(text, '\n')) {
    if (starts_with(line, "fatal:")) {
      last = line;
      break;
    }
    if (!line.empty()) last = line;
  }
  *err = timed_out ? argv[0] + " took longer than " + std::to_string(timeout_s) + " s and was stopped" : last;
  if (timed_out) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The first symbolic link under `root` (outside .git) whose target is absolute or leaves `root`: "link
// \"a/b\" to \"../../x\" points outside the module: refused"; "" when none.
std::string link_out(const std::string& root) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_symlink(ec)) continue;
    std::string rel = it->path().lexically_relative(root).string();
    std::string target = fs::read_symlink(it->path(), ec).string();
    std::string n = io::normalize(io::join(io::dirname(rel), target));
    if (target.empty() || target[0] == '/' || n == ".." || starts_with(n, "../"))
      return "link \"" + rel + "\" to \"" + target + "\" points outside the module: refused";
  }
  return "";
}

struct Source {
  enum class Kind { Registry, Git, Archive, Http, Unsupported } kind = Kind::Unsupported;
  std::string url;  // git URL / http URL (without //subdir, ref taken out for git)
  std::string ref;  // git ?ref=
  std::string subdir;
  std::string archive_kind;
  std::string host = "registry.terraform.io", ns, name, provider;  // registry
  std::string why;                                                 // Unsupported
};

bool registry_part(const std::string& s, bool provider) {
  static const std::regex kPart("^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$");
  static const std::regex kProvider("^[0-9a-z]{1,64}$");
  return std::regex_match(s, provider ? kProvider : kPart);
}

Source classify(const std::string& raw) {
  Source s;
  auto [src, subdir] = split_subdir(raw);
  s.subdir = subdir;
  // A registry address: [host/]namespace/name/provider, no scheme, no query.
  if (src.find("://") == std::string::npos && src.find("::") == std::string::npos &&
      src.find('?') == std::string::npos) {
    auto parts = split(src, '/');
    if (parts.size() == 4 && (parts[0].find('.') != std::string::npos ||
                              parts[0].find(':') != std::string::npos || parts[0] == "localhost")) {
      std::string h = parts[0];
      for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (h != "github.com" && h != "bitbucket.org") {
        s.host = h;
        parts.erase(parts.begin());
      }
    }
    if (parts.size() == 3 && registry_part(parts[0], false) && registry_part(parts[1], false) &&
        registry_part(parts[2], true)) {
      s.kind = Source::Kind::Registry;
      s.ns = parts[0];
      s.name = parts[1];
      s.provider = parts[2];
      return s;
    }
  }
  std::string forced;
  size_t fsep = src.find("::");
  if (fsep != std::string::npos && src.find("://") > fsep) {
    forced = src.substr(0, fsep);
    src = src.substr(fsep + 2);
  }
  // Detectors for the shorthands terraform accepts.
  if (forced.empty()) {
    if (starts_with(src, "github.com/")) {
      forced = "git";
      std::string path = src.substr(11);
      std::string query;
      size_t q = path.find('?');
      if (q != std::string::npos) {
        query = path.substr(q);
        path = path.substr(0, q);
      }
      if (!ends_with(path, ".git")) path += ".git";
      src = "https://github.com/" + path + query;
    } else if (std::regex_match(src, std::regex("^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+"))) {
      forced = "git";  // git@github.com:org/repo.git (scp-like ssh), given to git as written
    } else if (starts_with(src, "bitbucket.org/")) {
      s.why =
          "Bitbucket shorthand sources are not fetched by cloudsift (write git::https://bitbucket.org/...)";
      return s;
    } else if (src.find(".amazonaws.com/") != std::string::npos) {
      s.why = "S3 sources are not fetched by cloudsift";
      return s;
    } else if (starts_with(src, "www.googleapis.com/storage/")) {
      s.why = "GCS sources are not fetched by cloudsift";
      return s;
    }
  }
  if (forced == "git") {
    s.kind = Source::Kind::Git;
    bool has_key = false;
    take_param(src, "sshkey", &has_key);
    if (has_key) {
      s.kind = Source::Kind::Unsupported;
      s.why = "git sources with ?sshkey= are not fetched by cloudsift (use an ssh agent)";
      return s;
    }
    s.ref = take_param(src, "ref");
    take_param(src, "depth");
    if (starts_with(src, "-")) {
      s.kind = Source::Kind::Unsupported;
      s.why = "not a git URL";
      return s;
    }
    s.url = src;
    return s;
  }
  if (!forced.empty() && forced != "http" && forced != "https") {
    s.why = "\"" + forced + "::\" sources are not fetched by cloudsift";
    return s;
  }
  if (starts_with(src, "http://") || starts_with(src, "https://")) {
    s.url = src;
    s.kind = is_archive(src, &s.archive_kind) ? Source::Kind::Archive : Source::Kind::Http;
    if (s.kind == Source::Kind::Archive) take_param(s.url, "archive");
    return s;
  }
  s.why = "this kind of module source is not fetched by cloudsift";
  return s;
}

}  // namespace

std::string redact_source(const std::string& s) {
  static const std::regex kUserinfo("(://)[^/@\\s?#]+@");
  std::string out = std::regex_replace(s, kUserinfo, "$1***@");
  return http::redact_url(out);
}

std::string token_variable(const std::string& host) {
  std::string v = "TF_TOKEN_";
  for (char c : host) {
    if (c == '.')
      v += '_';
    else if (c == '-')
      v += "__";
    else
      v += c;
  }
  return v;
}

struct ModuleFetcher::Impl {
  ModuleFetcher& f;
  bool hostile = false;  // an archive was refused for what it would have written

  http::HttpClient& client() {
    if (!f.http_) {
      http::CurlClientOptions o;
      o.max_concurrent = 4;
      o.max_response_bytes = f.opts_.max_download_bytes;
      o.total_timeout = std::chrono::milliseconds(600000);
      o.user_agent = "cloudsift (terraform module fetch)";
      f.http_ = http::make_curl_client(o);
    }
    return *f.http_;
  }

  Result<void> check_scheme(const std::string& url) {
    if (starts_with(url, "https://")) return {};
    if (starts_with(url, "http://") && is_loopback(url_host(url))) return {};
    if (starts_with(url, "http://"))
      return Error{"plain http:// is refused (only loopback hosts may be fetched without TLS): " +
                   redact_source(url)};
    return Error{"not an http(s) URL: " + redact_source(url)};
  }

  // GET with redirects followed (never from https to plain http on another host); `bearer` only for `host`.
  Result<http::HttpResponse> get(std::string url, const std::string& token_host = "",
                                 const std::string& token = "") {
    for (int hop = 0; hop <= f.opts_.max_nesting; ++hop) {
      if (auto ok = check_scheme(url); !ok) return ok.error();
      http::HttpRequest req;
      req.url = url;
      if (!token.empty() && url_host(url) == token_host)
        req.headers.emplace_back("Authorization", "Bearer " + token);
      http::HttpResult r = client().send(std::move(req));
      if (!r.ok())
        return Error{"GET " + redact_source(url) + ": " + std::string(http::to_string(r.error.kind)) +
                     (r.error.message.empty() ? "" : " (" + r.error.message + ")")};
      long st = r.response->status;
      if (st == 301 || st == 302 || st == 303 || st == 307 || st == 308) {
        const std::string* loc = http::find_header(r.response->headers, "Location");
        if (!loc)
          return Error{"GET " + redact_source(url) + ": HTTP " + std::to_string(st) + " without Location"};
        url = resolve_url(url, *loc);
        continue;
      }
      if (st < 200 || st > 299) return Error{"GET " + redact_source(url) + ": HTTP " + std::to_string(st)};
      return std::move(*r.response);
    }
    return Error{"GET " + redact_source(url) + ": too many redirects"};
  }

  std::string token_for(const std::string& host) {
    auto it = f.opts_.tokens.find(token_variable(host));
    return it == f.opts_.tokens.end() ? "" : it->second;
  }

  // A new cache entry: `fill` writes into a temporary directory renamed to `final_dir` when it succeeds.
  Result<void> install(const std::string& final_dir,
                       const std::function<Result<void>(const std::string&)>& fill) {
    std::error_code ec;
    if (fs::is_directory(final_dir, ec)) return {};
    fs::create_directories(f.opts_.cache_dir, ec);
    if (ec) return Error{"cannot create " + f.opts_.cache_dir + ": " + ec.message()};
    static std::atomic<unsigned> counter{0};
    std::string tmp =
        io::join(f.opts_.cache_dir, ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++) +
                                        "-" + io::basename(final_dir));
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) return Error{"cannot create " + tmp + ": " + ec.message()};
    auto r = fill(tmp);
    if (!r) {
      fs::remove_all(tmp, ec);
      return r.error();
    }
    fs::rename(tmp, final_dir, ec);
    if (ec) {
      std::error_code ec2;
      fs::remove_all(tmp, ec2);
      if (!fs::is_directory(final_dir, ec2))
        return Error{"cannot rename into " + final_dir + ": " + ec.message()};
    }
    ++f.downloaded_;
    return {};
  }

  std::string entry_dir(const std::string& label, const std::string& key) {
    return io::join(f.opts_.cache_dir, safe_name(label) + "-" + short_hash(key));
  }

  // The package of a go-getter source (no subdir) in the cache: its directory.
  Result<std::string> package(const Source& s, int depth) {
    if (depth > f.opts_.max_nesting) return Error{"too many indirections (X-Terraform-Get)"};
    switch (s.kind) {
      case Source::Kind::Git: {
        if (starts_with(s.url, "http://") && !is_loopback(url_host(s.url)))
          return Error{"plain http:// is refused (only loopback hosts may be fetched without TLS): " +
                       redact_source(s.url)};
        std::string key = "git::" + s.url + (s.ref.empty() ? "" : "?ref=" + s.ref);
        std::string base = s.url.substr(s.url.find_last_of("/:") + 1);
        std::string dir = entry_dir(base + (s.ref.empty() ? "" : "-" + s.ref), key);
        auto r = install(dir, [&](const std::string& tmp) -> Result<void> {
          std::string pkg = io::join(tmp, "pkg"), err;
          std::string abs = fs::absolute(pkg).string();
          // A tag or branch: only its commit (--depth 1). A commit id (or a ref the shallow clone cannot
          // name): the whole repository, then checkout, as terraform does.
          bool shallow = false;
          if (!s.ref.empty()) {
            std::string ignored;
            shallow =
                run_command({"git", "clone", "--quiet", "--depth", "1", "--branch", s.ref, "--", s.url, abs},
                            f.opts_.command_timeout_seconds, &ignored) == 0;
            if (!shallow) {
              std::error_code ec;
              fs::remove_all(abs, ec);
            }
          }
          int rc = shallow ? 0
                           : run_command({"git", "clone", "--quiet", "--", s.url, abs},
                                         f.opts_.command_timeout_seconds, &err);
          if (rc != 0) return Error{"git clone " + redact_source(s.url) + " failed: " + redact_source(err)};
          if (!s.ref.empty() && !shallow) {
            rc = run_command({"git", "-C", abs, "checkout", "--quiet", s.ref},
                             f.opts_.command_timeout_seconds, &err);
            if (rc != 0)
              return Error{"git checkout " + s.ref + " in " + redact_source(s.url) +
                           " failed: " + redact_source(err)};
          }
          // As for archives: no link in the repository may point outside it.
          if (std::string bad = link_out(abs); !bad.empty()) {
            hostile = true;
            return Error{"repository " + redact_source(s.url) + ": " + bad};
          }
          return {};
        });
        if (!r) return r.error();
        return io::join(dir, "pkg");
      }
      case Source::Kind::Archive: {
        std::string key = "archive::" + s.url + "?archive=" + s.archive_kind;
        std::string path = s.url.substr(0, s.url.find('?'));
        std::string dir = entry_dir(path.substr(path.rfind('/') + 1), key);
        auto r = install(dir, [&](const std::string& tmp) -> Result<void> {
          auto resp = get(s.url);
          if (!resp) return resp.error();
          std::string pkg = io::join(tmp, "pkg");
          ArchiveLimits lim{f.opts_.max_extracted_bytes, f.opts_.max_archive_entries};
          auto x = extract_archive(resp->body, pkg, lim);
          if (!x) {
            hostile = true;
            return Error{"archive " + redact_source(s.url) + ": " + x.error().message};
          }
          return {};
        });
        if (!r) return r.error();
        return io::join(dir, "pkg");
      }
      case Source::Kind::Http: {
        // go-getter's HTTP getter: the URL answers with X-Terraform-Get naming the real source.
        auto resp = get(s.url);
        if (!resp) return resp.error();
        const std::string* loc = http::find_header(resp->headers, "X-Terraform-Get");
        if (!loc)
          return Error{redact_source(s.url) + " is neither an archive nor answers with X-Terraform-Get"};
        Source next = classify(resolve_url(s.url, *loc));
        if (!next.subdir.empty())
          return Error{"X-Terraform-Get with a //subdir from an HTTP source is not supported"};
        return package(next, depth + 1);
      }
      default:
        return Error{s.why.empty() ? "unsupported source" : s.why};
    }
  }

  // Registry module: discovery, versions, the chosen version's download location (cached with its version).
  Result<std::string> registry(const Source& s, const std::string& constraint, std::string* subdir) {
    auto cons = modver::parse_constraints(constraint);
    if (!cons) return cons.error();
    std::string addr = s.host + "/" + s.ns + "/" + s.name + "/" + s.provider;
    // A cached version that meets the constraint is used without asking the registry (terraform init does
    // the same with modules already installed; remove the cache to look for newer versions).
    std::vector<std::string> cached;
    std::map<std::string, std::string> cached_dir;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(f.opts_.cache_dir, ec)) {
      std::string p = e.path().string();
      if (!ends_with(p, ".registry.json")) continue;
      std::ifstream in(p);
      std::stringstream ss;
      ss << in.rdbuf();
      auto doc = json::parse(p, ss.str());
      if (!doc->root) continue;
      const json::Node* a = doc->root->find("address");
      const json::Node* v = doc->root->find("version");
      const json::Node* d = doc->root->find("dir");
      if (!a || !v || !d || a->text() != addr) continue;
      std::string dir = io::join(f.opts_.cache_dir, std::string(d->text()));
      if (!fs::is_directory(dir, ec)) continue;
      cached.emplace_back(v->text());
      cached_dir[std::string(v->text())] = dir;
    }
    if (auto v = modver::choose(*cons, cached)) {
      *subdir = read_subdir(cached_dir[*v]);
      return io::join(cached_dir[*v], "pkg");
    }
    std::string scheme = is_loopback(s.host) ? "http://" : "https://";
    std::string token = token_for(s.host);
    std::string& base = f.modules_base_[s.host];  // service discovery once per host and scan
    if (base.empty()) {
      auto disc = get(scheme + s.host + "/.well-known/terraform.json", s.host, token);
      if (!disc) return Error{"registry " + s.host + " service discovery: " + disc.error().message};
      auto ddoc = json::parse("terraform.json", std::string(disc->body));
      const json::Node* mv1 = ddoc->root ? ddoc->root->find("modules.v1") : nullptr;
      if (!mv1 || mv1->kind != json::Kind::String)
        return Error{"registry " + s.host + " does not offer the module registry protocol (no modules.v1)"};
      base = resolve_url(scheme + s.host + "/.well-known/terraform.json", std::string(mv1->text()));
      if (!ends_with(base, "/")) base += "/";
    }
    std::string mod = base + s.ns + "/" + s.name + "/" + s.provider;
    auto vers = get(mod + "/versions", s.host, token);
    if (!vers) return Error{"registry module " + addr + ": " + vers.error().message};
    auto vdoc = json::parse("versions", std::string(vers->body));
    std::vector<std::string> available;
    const json::Node* mods = vdoc->root ? vdoc->root->find("modules") : nullptr;
    if (mods && mods->kind == json::Kind::Array)
      for (const json::Node* m : mods->items())
        if (const json::Node* vs = m->find("versions"); vs && vs->kind == json::Kind::Array)
          for (const json::Node* v : vs->items())
            if (const json::Node* t = v->find("version"); t && t->kind == json::Kind::String)
              available.emplace_back(t->text());
    auto chosen = modver::choose(*cons, available);
    if (!chosen)
      return Error{"registry module " + addr + " has no version matching \"" + constraint + "\" (" +
                   std::to_string(available.size()) + " versions listed)"};
    std::string dl = mod + "/" + *chosen + "/download";
    auto d = get(dl, s.host, token);
    if (!d) return Error{"registry module " + addr + " " + *chosen + ": " + d.error().message};
    std::string location;
    if (const std::string* h = http::find_header(d->headers, "X-Terraform-Get")) location = *h;
    if (location.empty() && !d->body.empty()) {
      auto ldoc = json::parse("download", std::string(d->body));
      if (const json::Node* l = ldoc->root ? ldoc->root->find("location") : nullptr;
          l && l->kind == json::Kind::String)
        location = std::string(l->text());
    }
    if (location.empty())
      return Error{"registry module " + addr + " " + *chosen + ": the download gave no location"};
    Source loc = classify(resolve_url(dl, location));
    std::string key = "registry::" + addr + "@" + *chosen;
    std::string dir = entry_dir(s.name + "-" + *chosen, key);
    // The package itself, in the registry entry (the location's own cache entry is not kept twice).
    auto pkg = package(loc, 1);
    if (!pkg) return Error{"registry module " + addr + " " + *chosen + ": " + pkg.error().message};
    auto r = install(dir, [&](const std::string& tmp) -> Result<void> {
      std::error_code e2;
      fs::create_directory_symlink(fs::absolute(*pkg), io::join(tmp, "pkg"), e2);
      if (e2) return Error{"cannot link " + *pkg + ": " + e2.message()};
      std::ofstream(io::join(tmp, "subdir")) << loc.subdir;
      return {};
    });
    if (!r) return r.error();
    // The index entry that lets the next scan skip the registry.
    std::string meta = dir + ".registry.json", tmp_meta = meta + ".tmp" + std::to_string(getpid());
    {
      std::ofstream out(tmp_meta);
      out << "{\"address\": " << json_quote(addr) << ", \"version\": " << json_quote(*chosen)
          << ", \"dir\": " << json_quote(io::basename(dir)) << "}\n";
    }
    fs::rename(tmp_meta, meta, ec);
    *subdir = loc.subdir;
    return io::join(dir, "pkg");
  }

  static std::string read_subdir(const std::string& dir) {
    std::ifstream in(io::join(dir, "subdir"));
    std::string s;
    std::getline(in, s);
    return s;
  }
};

ModuleFetcher::ModuleFetcher(ModuleFetchOptions opts) : opts_(std::move(opts)) {}
ModuleFetcher::~ModuleFetcher() = default;

tf::FetchedModule ModuleFetcher::fetch(const std::string& source, const std::string& version) {
  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(source, version);
  auto it = memo_.find(key);
  if (it != memo_.end()) return it->second;
  tf::FetchedModule r = fetch_locked(source, version);
  memo_[key] = r;
  return r;
}

tf::FetchedModule ModuleFetcher::fetch_locked(const std::string& source, const std::string& version) {
  // File system calls throw on what cannot happen often (a directory vanishing mid-walk): a cause, not a
  // crash.
  try {
    return fetch_checked(source, version);
  } catch (const std::exception& e) {
    return {"", std::string("cannot fetch: ") + e.what()};
  }
}

tf::FetchedModule ModuleFetcher::fetch_checked(const std::string& source, const std::string& version) {
  Impl impl{*this};
  Source s = classify(source);
  std::string pkg, inner;
  if (s.kind == Source::Kind::Registry) {
    auto r = impl.registry(s, version, &inner);
    if (!r) return {"", r.error().message, impl.hostile};
    pkg = *r;
  } else {
    auto r = impl.package(s, 0);
    if (!r) return {"", r.error().message, impl.hostile};
    pkg = *r;
  }
  // The module: the package's //subdir (the location's, then the source's), never outside the package.
  std::string dir = pkg;
  for (const std::string& sub : {inner, s.subdir}) {
    if (sub.empty()) continue;
    std::string n = io::normalize(sub);
    if (n == ".." || starts_with(n, "../") || starts_with(n, "/"))
      return {"", "the subdirectory \"" + sub + "\" is outside the module package"};
    dir = io::join(dir, n);
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return {"", "the subdirectory \"" + s.subdir + inner + "\" is not in the fetched package"};
  return {dir, ""};
}

}  // namespace cs::cli
