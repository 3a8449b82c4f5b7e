#include "cli/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <map>
#include <set>
#include <sstream>

#include "cli/flags.h"
#include "report/escape.h"
#include "syntax/yaml/yaml.h"

namespace cs::cli {

namespace {

struct ConfigArgs {
  std::vector<std::string> top, aws;  // flags from the top level and from the aws: section
};

const Flag* spec_of(std::string_view name) {
  for (const Flag* f : config_keys())
    if (name == f->name) return f;
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
  return p == root || root == "/" ||
         (p.size() > root.size() && p.compare(0, root.size(), root) == 0 && p[root.size()] == '/');
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
Result<std::string> config_value(const Flag& f, const std::string& file, const std::string& root,
                                 const yaml::Node* where, const std::string& v) {
  const std::string& key = f.name;
  const std::string dir = io::dirname(file);
  auto check = [&](const std::string& p) -> Result<std::string> {
    std::string resolved = resolve_path(dir, p);
    if (!inside_root(resolved, root))
      return Error{key + ": " + report::text_escape(p) + " is outside " + root +
                       ", the repository holding this configuration; name such a file on the command line",
                   file, where->line, where->col};
    return resolved;
  };
  if (f.path) return check(v);
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

// The flags one mapping of .cloudsift.yaml gives (the top level, or its `aws:` section).
Result<void> section_args(const std::string& file, const std::string& root, const yaml::Node* map,
                          bool aws_section, std::vector<std::string>& out, const yaml::Node** aws) {
  for (const auto& p : map->pairs) {
    std::string key;
    if (!scalar_text(p.key, &key)) return Error{"keys must be flag names", file, p.key->line, p.key->col};
    if (key == "aws" && !aws_section) {
      if (!p.value->is_map())
        return Error{"aws must be a mapping of scan aws flag names to values", file, p.value->line,
                     p.value->col};
      *aws = p.value;
      continue;
    }
    const Flag* f = aws_section ? find_flag(scan_aws_command().flags, key) : spec_of(key);
    if (f && !f->config) f = nullptr;
    if (!f)
      return Error{"unknown key \"" + key + "\" (keys are cloudsift scan" + (aws_section ? " aws" : "") +
                       " flags without --" + (aws_section ? "" : ", and an aws: section") + ")",
                   file, p.key->line, p.key->col};
    const yaml::Node* v = p.value;
    std::string s;
    switch (f->kind) {
      case Flag::Switch:
        if (!scalar_text(v, &s) || (s != "true" && s != "false"))
          return Error{key + " must be true or false", file, v->line, v->col};
        if (s == "true") out.push_back("--" + key);
        break;
      case Flag::Value:
        if (!scalar_text(v, &s)) return Error{key + " must be a single value", file, v->line, v->col};
        if (auto cv = config_value(*f, file, root, v, s))
          out.push_back("--" + key + "=" + *cv);
        else
          return cv.error();
        break;
      case Flag::List:
        if (v->is_seq()) {
          for (const yaml::Node* item : v->items) {
            if (!scalar_text(item, &s))
              return Error{key + " entries must be values", file, item->line, item->col};
            if (auto cv = config_value(*f, file, root, item, s))
              out.push_back("--" + key + "=" + *cv);
            else
              return cv.error();
          }
        } else if (scalar_text(v, &s)) {
          if (auto cv = config_value(*f, file, root, v, s))
            out.push_back("--" + key + "=" + *cv);
          else
            return cv.error();
        } else {
          return Error{key + " must be a value or a list of values", file, v->line, v->col};
        }
        break;
      case Flag::Pairs:
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
  return {};
}

ConfigArgs config_args(const std::string& file, const std::string& content, Result<void>* status) {
  const std::string root = config_root(file);
  ConfigArgs out;
  auto doc = yaml::parse(file, content);
  if (!doc->ok()) {
    if (!doc->diags.empty() && doc->diags[0].message == "empty YAML document") return out;
    const auto& d = doc->diags[0];
    *status = Error{d.message, file, d.line, d.col};
    return out;
  }
  if (!doc->root->is_map()) {
    *status = Error{"the configuration must be a mapping of flag names to values", file, 1, 1};
    return out;
  }
  const yaml::Node* aws = nullptr;
  if (auto r = section_args(file, root, doc->root, false, out.top, &aws); !r) {
    *status = r.error();
    return out;
  }
  if (aws)
    if (auto r = section_args(file, root, aws, true, out.aws, nullptr); !r) *status = r.error();
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
  if (::stat(path.c_str(), &file) != 0) return std::string("cannot stat it: ") + std::strerror(errno);
  if (file.st_uid != me && writable_by_others(file)) return "it is writable by others and not owned by you";
  std::vector<std::string> dirs = {io::dirname(path)};
  if (char* real = ::realpath(path.c_str(), nullptr)) {
    std::string r = real;
    std::free(real);
    if (io::dirname(r) != dirs[0]) dirs.push_back(io::dirname(r));
  }
  for (const auto& d : dirs) {
    struct stat dir {};
    if (::stat(d.c_str(), &dir) != 0)
      return std::string("cannot stat its directory: ") + std::strerror(errno);
    if (dir.st_uid == me || !writable_by_others(dir)) continue;
    if ((dir.st_mode & S_ISVTX) && file.st_uid == me) continue;
    return "its directory " + d + " is writable by others and not owned by you";
  }
  return "";
}

}  // namespace

Result<MergedArgs> merge_config(const io::FileSystem& fs, const std::vector<std::string>& cli_args,
                                const Command& cmd) {
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
      const Flag* f = find_flag(cmd.flags, flag_name(a));
      if (f && f->kind != Flag::Switch && a.find('=') == std::string::npos) ++i;  // its value
    } else if (first_path.empty() && !cmd.positional.empty()) {
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
    Result<void> status;
    ConfigArgs args = config_args(m.config_file, *content, &status);
    if (!status) return status.error();
    // The top-level keys this command has; for scan aws, its aws: section replaces them key by key.
    const bool aws = cmd.name == "scan aws";
    std::set<std::string> in_aws;
    if (aws)
      for (const auto& a : args.aws) in_aws.insert(flag_name(a));
    for (const auto& a : args.top) {
      std::string n = flag_name(a);
      if (const Flag* f = find_flag(cmd.flags, n); f && f->config && !in_aws.count(n))
        from_file.push_back(a);
      else if (cmd.name == "config dump" && !find_flag(scan_command().flags, n))
        m.aws_args.push_back(a);
    }
    if (aws)
      from_file.insert(from_file.end(), args.aws.begin(), args.aws.end());
    else if (cmd.name == "config dump")
      m.aws_section = args.aws;
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

namespace {

// A YAML double-quoted scalar: " and \ escaped, control and bidi characters as YAML's own \n,
// \x1b, \u202e escapes (report::text_escape writes exactly those).
std::string quote(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return "\"" + report::text_escape(o) + "\"";
}

// Values per flag name from flag arguments, in the order of `flags`; the paths (non-flags) aside.
void dump_flags(std::ostringstream& os, const std::vector<std::string>& args,
                const std::vector<const Flag*>& flags, const std::string& indent, bool defaults,
                std::vector<std::string>* paths) {
  std::map<std::string, std::vector<std::string>> values;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string n = flag_name(a);
    const Flag* f = nullptr;
    for (const Flag* g : flags)
      if (!n.empty() && g->name == n) f = g;
    if (!f) {
      if (paths && !a.empty() && a[0] != '-') paths->push_back(a);
      continue;
    }
    std::string v;
    if (f->kind == Flag::Switch) {
      v = "true";
    } else if (a.find('=') != std::string::npos) {
      v = a.substr(a.find('=') + 1);
    } else if (i + 1 < args.size()) {
      v = args[++i];
    }
    if (f->kind == Flag::Value || f->kind == Flag::Switch)
      values[n] = {v};
    else
      values[n].push_back(v);
  }
  for (const Flag* f : flags) {
    auto it = values.find(f->name);
    if (it == values.end()) {
      // Not set: what applies instead, as a comment (the dump stays a configuration that means the same).
      if (!defaults) continue;
      os << indent << "# " << f->name << ": ";
      if (f->kind == Flag::Switch)
        os << "false";
      else if (f->default_text.find(' ') != std::string::npos)
        os << "(" << f->default_text << ")";
      else if (!f->default_text.empty())
        os << quote(f->default_text);
      else if (f->kind == Flag::Value)
        os << "(none)";
      else if (f->name == "check")
        os << "[]  (every check)";
      else
        os << (f->kind == Flag::Pairs ? "{}" : "[]");
      os << "  # default\n";
      continue;
    }
    if (f->kind == Flag::Value || f->kind == Flag::Switch) {
      os << indent << f->name << ": " << (f->kind == Flag::Switch ? it->second[0] : quote(it->second[0]))
         << "\n";
    } else {
      os << indent << f->name << ":\n";
      for (const auto& v : it->second) os << indent << "  - " << quote(v) << "\n";
    }
  }
}

}  // namespace

std::string dump_config(const MergedArgs& merged) {
  std::ostringstream os;
  os << "# effective configuration"
     << (merged.config_file.empty() ? " (no .cloudsift.yaml found)"
                                    : " from " + report::text_escape(merged.config_file))
     << ", command-line flags applied; lines starting '# KEY:' are defaults of keys not set\n";
  std::vector<const Flag*> scan_keys, aws_keys, aws_all;
  for (const Flag& f : scan_command().flags)
    if (f.config) scan_keys.push_back(&f);
  for (const Flag& f : scan_aws_command().flags) {
    if (!f.config) continue;
    aws_all.push_back(&f);
    if (!find_flag(scan_command().flags, f.name)) aws_keys.push_back(&f);
  }
  std::vector<std::string> paths;
  dump_flags(os, merged.args, scan_keys, "", true, &paths);
  os << "# keys of scan aws only:\n";
  dump_flags(os, merged.aws_args, aws_keys, "", true, nullptr);
  if (!merged.aws_section.empty()) {
    os << "aws:\n";
    dump_flags(os, merged.aws_section, aws_all, "  ", false, nullptr);
  }
  if (!paths.empty()) {
    os << "# paths:";
    for (const auto& p : paths) os << " " << report::text_escape(p);
    os << "\n";
  }
  return os.str();
}

}  // namespace cs::cli
