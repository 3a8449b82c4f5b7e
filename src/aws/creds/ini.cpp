#include "aws/creds/ini.h"

#include <cctype>
#include <set>

namespace cs::aws::creds {
namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Error err(const std::string& path, unsigned line, std::string msg) {
  Error e;
  e.message = std::move(msg);
  e.file = path;
  e.line = line;
  return e;
}

struct Pending {
  std::vector<std::string> lines;  // value lines ("" for blank lines inside)
};

}  // namespace

Result<IniFile> parse_ini(const std::string& path, const std::string& text) {
  IniFile file;
  file.path = path;
  IniSection* cur = nullptr;
  std::string optname;           // current option (for continuation lines)
  std::vector<std::string> acc;  // its value lines
  size_t indent_level = 0;
  bool have_opt = false;
  std::set<std::string> seen_sections;

  auto flush = [&]() {
    if (!cur || !have_opt) return;
    std::string joined;
    for (size_t i = 0; i < acc.size(); ++i) {
      if (i) joined += '\n';
      joined += acc[i];
    }
    // configparser strips trailing whitespace/blank lines of the joined value.
    while (!joined.empty() && std::isspace(static_cast<unsigned char>(joined.back()))) joined.pop_back();
    IniValue& v = cur->values[optname];
    if (!joined.empty() && joined[0] == '\n') {
      v.is_nested = true;
      size_t pos = 0;
      while (pos <= joined.size()) {
        size_t nl = joined.find('\n', pos);
        std::string ln = joined.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? joined.size() + 1 : nl + 1;
        std::string t = trim(ln);
        if (t.empty()) continue;
        size_t eq = t.find('=');
        if (eq == std::string::npos) continue;  // botocore would fail here; we ignore the line
        v.nested[trim(t.substr(0, eq))] = trim(t.substr(eq + 1));
      }
    } else {
      v.value = joined;
    }
    have_opt = false;
    acc.clear();
  };

  // Strip a UTF-8 BOM.
  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  unsigned lineno = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();

    std::string stripped = trim(line);
    bool is_comment = !stripped.empty() && (stripped[0] == '#' || stripped[0] == ';');
    if (stripped.empty() || is_comment) {
      // configparser: a blank line inside a value is kept; a comment line is skipped and does not
      // end a continuation.
      if (!is_comment && cur && have_opt) acc.emplace_back();
      continue;
    }
    size_t cur_indent = line.find_first_not_of(" \t\f\v");
    if (cur && have_opt && cur_indent > indent_level) {
      acc.push_back(stripped);
      continue;
    }
    indent_level = cur_indent;
    if (stripped[0] == '[') {
      size_t close = stripped.rfind(']');
      if (close == std::string::npos || close < 2) {
        if (!cur) return err(path, lineno, "expected a [section] header");
        return err(path, lineno, "malformed section header (no closing ']')");
      }
      flush();
      std::string name = stripped.substr(1, close - 1);
      if (!seen_sections.insert(name).second) return err(path, lineno, "duplicate section [" + name + "]");
      file.sections.push_back(IniSection{name, lineno, {}});
      cur = &file.sections.back();
      continue;
    }
    if (!cur) return err(path, lineno, "a key outside any [section] (file must start with a section header)");
    size_t d = stripped.find_first_of("=:");
    if (d == std::string::npos) return err(path, lineno, "expected 'key = value'");
    std::string key = lower(trim(stripped.substr(0, d)));
    if (key.empty()) return err(path, lineno, "empty key before '='");
    flush();
    if (cur->values.count(key))
      return err(path, lineno, "duplicate key '" + key + "' in section [" + cur->name + "]");
    optname = key;
    have_opt = true;
    acc.clear();
    acc.push_back(trim(stripped.substr(d + 1)));
    cur->values[key].line = lineno;
  }
  flush();
  return file;
}

}  // namespace cs::aws::creds
