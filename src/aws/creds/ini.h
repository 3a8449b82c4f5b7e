// INI files as botocore reads them (configparser.RawConfigParser + botocore's nested values):
// full-line comments '#' / ';' (no inline comments), '=' or ':' delimiters, lower-cased keys,
// continuation lines (indented deeper than the key), a value that starts on the next line is a
// nested map ("s3 =\n  key = v"), duplicate sections/keys in one file are errors, and errors name
// file:line without quoting the line (it may hold a secret).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace cs::aws::creds {

struct IniValue {
  std::string value;                          // the (joined) value; empty for a nested map
  std::map<std::string, std::string> nested;  // "key =\n  a = b" → {a: b}
  bool is_nested = false;
  unsigned line = 0;
};

struct IniSection {
  std::string name;  // header text between the brackets, as written
  unsigned line = 0;
  std::map<std::string, IniValue> values;  // keys lower-cased
};

struct IniFile {
  std::string path;
  std::vector<IniSection> sections;  // in file order
};

Result<IniFile> parse_ini(const std::string& path, const std::string& text);

}  // namespace cs::aws::creds
