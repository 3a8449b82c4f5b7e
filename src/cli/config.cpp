#include "cli/config.h"

#include <unistd.h>

#include <map>
#include <set>
#include <sstream>

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

Result<std::vector<std::string>> config_args(const std::string& file, const std::string& content) {
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
        out.push_back("--" + key + "=" + s);
        break;
      case FlagSpec::List:
        if (v->is_seq()) {
          for (const yaml::Node* item : v->items) {
            if (!scalar_text(item, &s)) return Error{key + " entries must be values", file, item->line, item->col};
            out.push_back("--" + key + "=" + s);
          }
        } else if (scalar_text(v, &s)) {
          out.push_back("--" + key + "=" + s);
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
    std::string dir = first_path.empty() ? "." : first_path;
    if (!fs.is_dir(dir)) dir = io::dirname(dir);
    if (dir.empty() || dir[0] != '/') {
      char buf[4096];
      if (::getcwd(buf, sizeof buf)) dir = io::join(buf, dir);
    }
    for (std::string cur = io::normalize(dir);; cur = io::dirname(cur)) {
      std::string candidate = io::join(cur, ".cloudsift.yaml");
      if (fs.is_file(candidate)) {
        m.config_file = candidate;
        break;
      }
      if (cur == "/" || cur == ".") break;
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
  os << "# effective configuration" << (merged.config_file.empty() ? " (no .cloudsift.yaml found)" : " from " + merged.config_file)
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
  auto quote = [](const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      o += c;
    }
    return o + "\"";
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
    for (const auto& p : paths) os << " " << p;
    os << "\n";
  }
  return os.str();
}

}  // namespace cs::cli
