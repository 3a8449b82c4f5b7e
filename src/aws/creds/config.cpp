#include "aws/creds/config.h"

#include <cctype>
#include <vector>

namespace cs::aws::creds {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// shlex.split of a section header, enough for `profile "a b"` / `profile 'x'` / `profile  x`.
std::vector<std::string> split_header(const std::string& s, bool& ok) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  ok = true;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
        cur += s[++i];
      } else {
        cur += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      cur += s[++i];
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
    } else if (c == '#' && !in_word) {
      break;  // shlex comment
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote) ok = false;
  if (in_word) out.push_back(cur);
  return out;
}

Profile to_profile(const std::string& name, const IniSection& sec, const std::string& path) {
  Profile p;
  p.name = name;
  p.values = sec.values;
  for (const auto& [k, v] : sec.values) p.where[k] = path + ":" + std::to_string(v.line);
  return p;
}

void merge_into(std::map<std::string, Profile>& m, const std::string& name, const Profile& p) {
  auto it = m.find(name);
  if (it == m.end()) {
    m[name] = p;
    return;
  }
  for (const auto& [k, v] : p.values) {
    it->second.values[k] = v;
    it->second.where[k] = p.where.at(k);
  }
}

}  // namespace

std::optional<std::string> Profile::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.is_nested) return std::nullopt;
  return it->second.value;
}

std::string Profile::location(const std::string& key) const {
  auto it = where.find(key);
  return it == where.end() ? std::string() : it->second;
}

const Profile* ConfigFiles::profile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

const Profile* ConfigFiles::sso_session(const std::string& name) const {
  auto it = sso_sessions.find(name);
  return it == sso_sessions.end() ? nullptr : &it->second;
}

std::string home_dir(const Environment& env) {
  if (auto h = env.get_nonempty("HOME")) return *h;
  if (auto h = env.get_nonempty("USERPROFILE")) return *h;
  return "";
}

std::string expand_path(const std::string& path, const Environment& env) {
  // expandvars: $NAME and ${NAME}; unknown variables are left as written.
  std::string s;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '$' && i + 1 < path.size()) {
      if (path[i + 1] == '{') {
        size_t close = path.find('}', i + 2);
        if (close != std::string::npos) {
          std::string name = path.substr(i + 2, close - i - 2);
          if (auto v = env.get(name)) {
            s += *v;
            i = close;
            continue;
          }
        }
      } else if (is_name_char(path[i + 1])) {
        size_t j = i + 1;
        while (j < path.size() && is_name_char(path[j])) ++j;
        std::string name = path.substr(i + 1, j - i - 1);
        if (auto v = env.get(name)) {
          s += *v;
          i = j - 1;
          continue;
        }
      }
    }
    s += path[i];
  }
  // expanduser: only "~" and "~/..." (not "~user").
  if (s == "~" || s.rfind("~/", 0) == 0) {
    std::string home = home_dir(env);
    if (!home.empty()) {
      while (home.size() > 1 && home.back() == '/') home.pop_back();
      s = home + s.substr(1);
    }
  }
  return s;
}

Result<ConfigFiles> load_config_files(const Environment& env, const io::FileSystem& fs) {
  ConfigFiles cf;
  cf.config_path = expand_path(env.get_nonempty("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);
  cf.credentials_path =
      expand_path(env.get_nonempty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env);

  if (fs.is_file(cf.config_path)) {
    auto text = fs.read(cf.config_path);
    if (!text) {
      Error e;
      e.file = cf.config_path;
      e.message = "cannot read the AWS config file";
      return e;
    }
    auto ini = parse_ini(cf.config_path, *text);
    if (!ini) return ini.error();
    for (const auto& sec : ini->sections) {
      const std::string& key = sec.name;
      if (key.rfind("profile", 0) == 0 || key.rfind("sso-session", 0) == 0 || key.rfind("services", 0) == 0) {
        bool ok = true;
        auto parts = split_header(key, ok);
        if (!ok || parts.size() != 2) continue;  // botocore ignores such sections
        auto& target = key.rfind("profile", 0) == 0       ? cf.config_profiles
                       : key.rfind("sso-session", 0) == 0 ? cf.sso_sessions
                                                          : cf.services;
        target[parts[1]] = to_profile(parts[1], sec, cf.config_path);
      } else if (key == "default") {
        cf.config_profiles["default"] = to_profile("default", sec, cf.config_path);
      }
      // Other sections ("[preview]", a bare "[x]") are not profiles in the config file.
    }
  }
  if (fs.is_file(cf.credentials_path)) {
    auto text = fs.read(cf.credentials_path);
    if (!text) {
      Error e;
      e.file = cf.credentials_path;
      e.message = "cannot read the AWS shared credentials file";
      return e;
    }
    auto ini = parse_ini(cf.credentials_path, *text);
    if (!ini) return ini.error();
    for (const auto& sec : ini->sections)
      cf.credentials_profiles[sec.name] = to_profile(sec.name, sec, cf.credentials_path);
  }
  cf.profiles = cf.config_profiles;
  for (const auto& [name, p] : cf.credentials_profiles) merge_into(cf.profiles, name, p);
  return cf;
}

ProfileSelection select_profile(const std::optional<std::string>& explicit_profile, const Environment& env) {
  if (explicit_profile && !explicit_profile->empty()) return {*explicit_profile, ProfileSource::Explicit};
  if (auto p = env.get_nonempty("AWS_DEFAULT_PROFILE")) return {*p, ProfileSource::EnvDefaultProfile};
  if (auto p = env.get_nonempty("AWS_PROFILE")) return {*p, ProfileSource::EnvProfile};
  return {"default", ProfileSource::Default};
}

std::string select_region(const std::optional<std::string>& explicit_region, const Environment& env,
                          const Profile* profile) {
  if (explicit_region && !explicit_region->empty()) return *explicit_region;
  if (auto r = env.get_nonempty("AWS_REGION")) return *r;
  if (auto r = env.get_nonempty("AWS_DEFAULT_REGION")) return *r;
  if (profile) {
    if (auto r = profile->get("region"); r && !r->empty()) return *r;
  }
  return "";
}

}  // namespace cs::aws::creds
