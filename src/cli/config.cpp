#include "cli/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include <map>
#include <set>
#include <sstream>

#include "report/escape.h"
#include "syntax/yaml/yaml.h"

namespace cs::cli {

const std::vector<FlagSpec>& scan_flags() {
  static const std::vector<FlagSpec> flags = {
      {"check", FlagSpec::List},
      {"skip-check", FlagSpec::List},
      {"var", FlagSpec::Pairs},
      {"var-file", FlagSpec::List},
      {"parameter", FlagSpec::Pairs},
      {"parameters-file", FlagSpec::List},
      {"region", FlagSpec::Value},
      {"account-id", FlagSpec::Value},
      {"stage", FlagSpec::Value},
      {"param", FlagSpec::Pairs},
      {"env-vars", FlagSpec::Switch},
      {"format", FlagSpec::List},
      {"output", FlagSpec::Value},
      {"fail-on", FlagSpec::Value},
      {"soft-fail", FlagSpec::Switch},
      {"fail-on-unresolved", FlagSpec::Switch},
      {"no-inline-suppressions", FlagSpec::Switch},
      {"require-justification", FlagSpec::Switch},
      {"baseline", FlagSpec::Value},
      {"create-baseline", FlagSpec::Value},
      {"threads", FlagSpec::Value},
      {"max-file-size", FlagSpec::Value},
      {"no-color", FlagSpec::Switch},
      {"skip-unknown-files", FlagSpec::Switch},
  };
  return flags;
}

namespace {

const FlagSpec* spec_of(std::string_view name) {
  for (const auto& f : scan_flags())
    if (name == f.name) return &f;
  return nullptr;
}

// "--name" or "--name=value" -> name; empty when not a flag.
std::string flag_name(const std::string& a) {
  if (a.size() < 3 || a[0] != '-' || a[1] != '-') return "";
  auto eq = a.find('=');
  return a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
}

bool scalar_text(const yaml::Node* n, std::string* out) {
  if (n->is_scalar()) {
    *out = std::string(n->value);
    return true;
  }
  return false;
}

// The flags whose values are file names: relative ones are taken from the config file's directory.
bool is_path_flag(std::string_view name) {
  return name == "var-file" || name == "parameters-file" || name == "baseline" || name == "create-baseline" ||
         name == "output";
}

std::string resolve_path(const std::string& dir, const std::string& v) {
  if (v.empty() || v[0] == '/' || dir.empty() || dir == ".") return v;
  return io::join(dir, v);
}

std::string absolute(const std::string& p) {
  if (!p.empty() && p[0] == '/') return io::normalize(p);
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) return io::normalize(p);
  return io::normalize(io::join(buf, p));
}

std::string real_or_empty(const std::string& p) {
  char* r = ::realpath(p.c_str(), nullptr);
  if (!r) return "";
  std::string out = r;
  std::free(r);
  return out;
}

bool under(const std::string& p, const std::string& root) {
  return p == root || root == "/" || (p.size() > root.size() && p.compare(0, root.size(), root) == 0 &&
                                      p[root.size()] == '/');
}

// The tree a configuration file may name files in: the repository holding it (the nearest directory
// with .git, from the file's directory up), else the file's own directory. A .cloudsift.yaml arrives
// with the code it configures, often from people the team does not trust (a pull request), so it
// must not make cloudsift read or overwrite anything outside that code (a report written to
// ~/.bashrc, a baseline read from /etc/shadow).
std::string config_root(const std::string& file) {
  std::string dir = absolute(io::dirname(file));
  for (std::string cur = dir;; cur = io::dirname(cur)) {
    struct stat st {};
    if (::stat(io::join(cur, ".git").c_str(), &st) == 0) return cur;
    if (cur == "/" || cur.empty() || cur == ".") break;
  }
  return dir;
}

// Whether `path` (resolved against the working directory) stays inside `root`, lexically and after
// symbolic links are resolved for the part of it that exists.
bool inside_root(const std::string& path, const std::string& root) {
  std::string abs = absolute(path);
  if (!under(abs, root)) return false;
  std::string real_root = real_or_empty(root);
  if (real_root.empty()) return true;
  for (std::string cur = abs;; cur = io::dirname(cur)) {
    std::string real = real_or_empty(cur);
    if (!real.empty()) return under(real, real_root);
    if (cur == "/" || cur == root) return true;
  }
}

// The value a config key gives its flag, with a file name made relative to the config's directory;
// an Error when that file lies outside the configuration's tree.
Result<std::string> config_value(const std::string& key, const std::string& file, const std::string& root,
                                 const yaml::Node* where, const std::string& v) {
  const std::string dir = io::dirname(file);
  auto check = [&](const std::string& p) -> Result<std::string> {
    std::string resolved = resolve_path(dir, p);
    if (!inside_root(resolved, root))
      return Error{key + ": " + report::text_escape(p) + " is outside " + root +
                       ", the repository holding this configuration; name such a file on the command line",
                   file, where->line, where->col};
    return resolved;
  };
  if (is_path_flag(key)) return check(v);
  if (key == "format") {  // NAME[:FILE]
    auto colon = v.find(':');
    if (colon != std::string::npos && colon + 1 < v.size()) {
      auto p = check(v.substr(colon + 1));
      if (!p) return p.error();
      return v.substr(0, colon + 1) + *p;
    }
  }
  return v;
}

Result<std::vector<std::string>> config_args(const std::string& file, const std::string& content) {
  const std::string root = config_root(file);
  auto doc = yaml::parse(file, content);
  if (!doc->ok()) {
    if (!doc->diags.empty() && doc->diags[0].message == "empty YAML document") return std::vector<std::string>{};
    const auto& d = doc->diags[0];
    return Error{d.message, file, d.line, d.col};
  }
  if (!doc->root->is_map()) return Error{"the configuration must be a mapping of flag names to values", file, 1, 1};
  std::vector<std::string> out;
  for (const auto& p : doc->root->pairs) {
    std::string key;
    if (!scalar_text(p.key, &key)) return Error{"keys must be flag names", file, p.key->line, p.key->col};
    const FlagSpec* f = spec_of(key);
    if (!f) return Error{"unknown key \"" + key + "\" (keys are cloudsift scan flags without --)", file, p.key->line, p.key->col};
    const yaml::Node* v = p.value;
    std::string s;
    switch (f->kind) {
      case FlagSpec::Switch:
        if (!scalar_text(v, &s) || (s != "true" && s != "false"))
          return Error{key + " must be true or false", file, v->line, v->col};
        if (s == "true") out.push_back("--" + key);
        break;
      case FlagSpec::Value:
        if (!scalar_text(v, &s)) return Error{key + " must be a single value", file, v->line, v->col};
        if (auto cv = config_value(key, file, root, v, s)) out.push_back("--" + key + "=" + *cv);
        else return cv.error();
        break;
      case FlagSpec::List:
        if (v->is_seq()) {
          for (const yaml::Node* item : v->items) {
            if (!scalar_text(item, &s)) return Error{key + " entries must be values", file, item->line, item->col};
            if (auto cv = config_value(key, file, root, item, s)) out.push_back("--" + key + "=" + *cv);
            else return cv.error();
          }
        } else if (scalar_text(v, &s)) {
          if (auto cv = config_value(key, file, root, v, s)) out.push_back("--" + key + "=" + *cv);
          else return cv.error();
        } else {
          return Error{key + " must be a value or a list of values", file, v->line, v->col};
        }
        break;
      case FlagSpec::Pairs:
        if (v->is_map()) {
          for (const auto& kv : v->pairs) {
            std::string k, val;
            if (!scalar_text(kv.key, &k) || !scalar_text(kv.value, &val))
              return Error{key + " must map names to values", file, kv.key->line, kv.key->col};
            out.push_back("--" + key + "=" + k + "=" + val);
          }
        } else if (v->is_seq()) {
          for (const yaml::Node* item : v->items) {
            if (!scalar_text(item, &s) || s.find('=') == std::string::npos)
              return Error{key + " entries must be NAME=VALUE", file, item->line, item->col};
            out.push_back("--" + key + "=" + s);
          }
        } else {
          return Error{key + " must be a mapping or a list of NAME=VALUE", file, v->line, v->col};
        }
        break;
    }
  }
  return out;
}

bool writable_by_others(const struct stat& st) {
  return (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

// Why a configuration file found by the search may have been planted by someone else, or "" when it
// is trusted. Untrusted: the file, or the directory it is in, is writable by group or others and is
// not owned by the user (a sticky directory such as /tmp is fine for a file the user owns: others
// cannot replace it there). A symbolic link is judged by both its own directory and its target's.
std::string untrusted_reason(const std::string& path) {
  uid_t me = ::geteuid();
  struct stat file {};
  if (::stat(path.c_str(), &file) != 0) return "cannot stat it";
  if (file.st_uid != me && writable_by_others(file)) return "it is writable by others and not owned by you";
  std::vector<std::string> dirs = {io::dirname(path)};
  if (char* real = ::realpath(path.c_str(), nullptr)) {
    std::string r = real;
    std::free(real);
    if (io::dirname(r) != dirs[0]) dirs.push_back(io::dirname(r));
  }
  for (const auto& d : dirs) {
    struct stat dir {};
    if (::stat(d.c_str(), &dir) != 0) return "cannot stat its directory";
    if (dir.st_uid == me || !writable_by_others(dir)) continue;
    if ((dir.st_mode & S_ISVTX) && file.st_uid == me) continue;
    return "its directory " + d + " is writable by others and not owned by you";
  }
  return "";
}

}  // namespace

Result<MergedArgs> merge_config(const io::FileSystem& fs, const std::vector<std::string>& cli_args) {
  MergedArgs m;
  std::string explicit_config, first_path;
  for (size_t i = 0; i < cli_args.size(); ++i) {
    const std::string& a = cli_args[i];
    if (a == "--config") {
      if (i + 1 >= cli_args.size()) return Error{"--config needs a file"};
      explicit_config = cli_args[++i];
    } else if (a.rfind("--config=", 0) == 0) {
      explicit_config = a.substr(9);
    } else if (!a.empty() && a[0] == '-') {
      const FlagSpec* f = spec_of(flag_name(a));
      if (f && f->kind != FlagSpec::Switch && a.find('=') == std::string::npos) ++i;  // its value
    } else if (first_path.empty()) {
      first_path = a;
    }
  }
  if (!explicit_config.empty()) {
    if (!fs.is_file(explicit_config)) return Error{"config file not found: " + explicit_config};
    m.config_file = explicit_config;
  } else {
    std::string cwd;
    {
      char buf[PATH_MAX];
      if (::getcwd(buf, sizeof buf)) cwd = buf;
    }
    std::string start = first_path.empty() ? "." : first_path;
    if (!fs.is_dir(start)) start = io::dirname(start);
    if (start.empty() || start[0] != '/') start = cwd.empty() ? start : io::join(cwd, start);
    start = io::normalize(start);
    // The search stops at the repository root: the nearest directory, from the scanned one up, that
    // holds .git (a directory, or a file in a worktree or submodule). Without one, only the scanned
    // directory itself: a directory above an unversioned tree (a home directory, /tmp) is not the
    // project's.
    std::string stop = start;
    for (std::string cur = start;; cur = io::dirname(cur)) {
      std::string git = io::join(cur, ".git");
      if (fs.is_dir(git) || fs.is_file(git)) {
        stop = cur;
        break;
      }
      if (cur == "/" || cur == ".") break;
    }
    for (std::string cur = start;; cur = io::dirname(cur)) {
      std::string candidate = io::join(cur, ".cloudsift.yaml");
      if (fs.is_file(candidate)) {
        std::string shown = cwd.empty() ? candidate : io::relative(candidate, cwd);
        if (std::string why = &fs == &io::disk() ? untrusted_reason(candidate) : ""; !why.empty()) {
          m.warnings.push_back("ignoring " + shown + ": " + why);
        } else {
          m.config_file = shown;
          break;
        }
      }
      if (cur == stop || cur == "/" || cur == ".") break;
    }
  }
  std::vector<std::string> from_file;
  if (!m.config_file.empty()) {
    auto content = fs.read(m.config_file);
    if (!content) return Error{content.error().message, m.config_file};
    auto args = config_args(m.config_file, *content);
    if (!args) return args.error();
    from_file = std::move(*args);
  }
  // A flag given on the command line replaces the file's values for it.
  std::set<std::string> on_cli;
  for (const auto& a : cli_args) {
    std::string n = flag_name(a);
    if (!n.empty()) on_cli.insert(n);
  }
  for (const auto& a : from_file)
    if (!on_cli.count(flag_name(a))) m.args.push_back(a);
  for (size_t i = 0; i < cli_args.size(); ++i) {
    if (cli_args[i] == "--config") {
      ++i;
      continue;
    }
    if (cli_args[i].rfind("--config=", 0) == 0) continue;
    m.args.push_back(cli_args[i]);
  }
  return m;
}

std::string dump_config(const MergedArgs& merged) {
  std::ostringstream os;
  os << "# effective configuration"
     << (merged.config_file.empty() ? " (no .cloudsift.yaml found)"
                                    : " from " + report::text_escape(merged.config_file))
     << ", command-line flags applied\n";
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> order, paths;
  for (size_t i = 0; i < merged.args.size(); ++i) {
    const std::string& a = merged.args[i];
    std::string n = flag_name(a);
    const FlagSpec* f = n.empty() ? nullptr : spec_of(n);
    if (!f) {
      if (!a.empty() && a[0] != '-') paths.push_back(a);
      continue;
    }
    std::string v;
    if (f->kind == FlagSpec::Switch) {
      v = "true";
    } else if (a.find('=') != std::string::npos) {
      v = a.substr(a.find('=') + 1);
    } else if (i + 1 < merged.args.size()) {
      v = merged.args[++i];
    }
    if (!values.count(n)) order.push_back(n);
    if (f->kind == FlagSpec::Value || f->kind == FlagSpec::Switch) values[n] = {v};
    else values[n].push_back(v);
  }
  // A YAML double-quoted scalar: " and \ escaped, control and bidi characters as YAML's own \n,
  // \x1b, \u202e escapes (report::text_escape writes exactly those).
  auto quote = [](const std::string& s) {
    std::string o;
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      o += c;
    }
    return "\"" + report::text_escape(o) + "\"";
  };
  for (const auto& f : scan_flags()) {
    auto it = values.find(f.name);
    if (it == values.end()) continue;
    if (f.kind == FlagSpec::Value || f.kind == FlagSpec::Switch) {
      os << f.name << ": " << (f.kind == FlagSpec::Switch ? it->second[0] : quote(it->second[0])) << "\n";
    } else {
      os << f.name << ":\n";
      for (const auto& v : it->second) os << "  - " << quote(v) << "\n";
    }
  }
  if (!paths.empty()) {
    os << "# paths:";
    for (const auto& p : paths) os << " " << report::text_escape(p);
    os << "\n";
  }
  return os.str();
}

}  // namespace cs::cli
