#include "cli/module_version.h"

#include <cctype>

namespace cs::cli::modver {

namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '~';
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Pre-release identifiers compared as semver does: numeric ones numerically and before alphanumeric ones.
int compare_prerelease(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;  // a release is newer than its pre-releases
  if (b.empty()) return -1;
  size_t i = 0, j = 0;
  while (i <= a.size() && j <= b.size()) {
    size_t ie = a.find('.', i), je = b.find('.', j);
    if (ie == std::string::npos) ie = a.size();
    if (je == std::string::npos) je = b.size();
    std::string x = a.substr(i, ie - i), y = b.substr(j, je - j);
    bool xn = !x.empty() && x.find_first_not_of("0123456789") == std::string::npos;
    bool yn = !y.empty() && y.find_first_not_of("0123456789") == std::string::npos;
    int c = 0;
    if (xn && yn) {
      c = x.size() != y.size() ? (x.size() < y.size() ? -1 : 1) : x.compare(y);
    } else if (xn != yn) {
      c = xn ? -1 : 1;
    } else {
      c = x.compare(y);
    }
    if (c != 0) return c < 0 ? -1 : 1;
    i = ie + 1;
    j = je + 1;
    if (i > a.size() && j > b.size()) return 0;
    if (i > a.size()) return -1;
    if (j > b.size()) return 1;
  }
  return 0;
}

}  // namespace

std::optional<Version> parse_version(const std::string& in) {
  std::string s = trim(in);
  Version v;
  v.text = s;
  size_t i = 0;
  if (i < s.size() && s[i] == 'v') ++i;
  while (true) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 15) return std::nullopt;
    v.segments.push_back(std::stol(s.substr(start, i - start)));
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
      continue;
    }
    break;
  }
  v.given = v.segments.size();
  while (v.segments.size() < 3) v.segments.push_back(0);
  if (i < s.size() && s[i] == '-') {
    size_t start = ++i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    if (i == start) return std::nullopt;
    v.prerelease = s.substr(start, i - start);
  }
  if (i < s.size() && s[i] == '+') {
    size_t start = ++i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    if (i == start) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return v;
}

int compare(const Version& a, const Version& b) {
  size_t n = std::max(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    long x = i < a.segments.size() ? a.segments[i] : 0, y = i < b.segments.size() ? b.segments[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return compare_prerelease(a.prerelease, b.prerelease);
}

Result<std::vector<Constraint>> parse_constraints(const std::string& s) {
  std::vector<Constraint> out;
  if (trim(s).empty()) return out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string part = trim(s.substr(start, comma - start));
    start = comma + 1;
    Constraint c;
    static const std::pair<const char*, Constraint::Op> kOps[] = {{"~>", Constraint::Op::Pessimistic},
                                                                  {">=", Constraint::Op::Ge},
                                                                  {"<=", Constraint::Op::Le},
                                                                  {"!=", Constraint::Op::Ne},
                                                                  {">", Constraint::Op::Gt},
                                                                  {"<", Constraint::Op::Lt},
                                                                  {"=", Constraint::Op::Eq}};
    std::string rest = part;
    for (const auto& [text, op] : kOps) {
      size_t n = std::char_traits<char>::length(text);
      if (part.compare(0, n, text) == 0) {
        c.op = op;
        rest = part.substr(n);
        break;
      }
    }
    auto v = parse_version(rest);
    if (!v) return Error{"invalid version constraint \"" + part + "\""};
    c.v = *v;
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

bool allows_one(const Constraint& c, const Version& v) {
  int cmp = compare(v, c.v);
  switch (c.op) {
    case Constraint::Op::Eq:
      return cmp == 0;
    case Constraint::Op::Ne:
      return cmp != 0;
    case Constraint::Op::Gt:
      return cmp > 0;
    case Constraint::Op::Ge:
      return cmp >= 0;
    case Constraint::Op::Lt:
      return cmp < 0;
    case Constraint::Op::Le:
      return cmp <= 0;
    case Constraint::Op::Pessimistic: {
      // go-version: the written segments but the last must be equal; the version not below the constraint.
      if (c.v.prerelease.empty() != v.prerelease.empty()) return false;
      if (cmp < 0) return false;
      for (size_t i = 0; i + 1 < c.v.given; ++i)
        if (v.segments[i] != c.v.segments[i]) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

bool allows(const std::vector<Constraint>& cs, const Version& v) {
  for (const auto& c : cs)
    if (!allows_one(c, v)) return false;
  return true;
}

std::optional<std::string> choose(const std::vector<Constraint>& constraints,
                                  const std::vector<std::string>& available) {
  std::optional<Version> best;
  for (const auto& s : available) {
    auto v = parse_version(s);
    if (!v) continue;
    if (!v->prerelease.empty()) {
      // A pre-release is chosen only when a constraint asks for exactly it (terraform init).
      bool exact = false;
      for (const auto& c : constraints)
        exact = exact || (c.op == Constraint::Op::Eq && compare(c.v, *v) == 0);
      if (!exact) continue;
    }
    if (!allows(constraints, *v)) continue;
    if (!best || compare(*v, *best) > 0) best = v;
  }
  if (!best) return std::nullopt;
  return best->text;
}

}  // namespace cs::cli::modver
