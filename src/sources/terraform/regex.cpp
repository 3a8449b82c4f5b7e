#include "sources/terraform/regex.h"

#include <re2/re2.h>

#include <algorithm>

namespace cs::tf::detail {

struct GoRegex::Impl {
  explicit Impl(const std::string& p, const RE2::Options& o) : re(p, o) {}
  RE2 re;
};

GoRegex::~GoRegex() = default;

size_t utf8_width_at(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (n == 1 || i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

namespace {

// Go's regexp/syntax and RE2 agree except in a few spellings: Go (since 1.22) also accepts
// (?<name>...) for a named group, which this RE2 only knows as (?P<name>...); Go rejects \C (any
// byte), which RE2 accepts. Rewrite the first and refuse the second, leaving everything else to RE2.
bool to_re2_syntax(std::string_view p, std::string& out, std::string* err) {
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n == 'C') {
        *err = "invalid escape sequence: `\\C`";
        return false;
      }
      if (n == 'Q' && !in_class) {  // \Q...\E: literal text
        size_t end = p.find("\\E", i + 2);
        size_t stop = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      out += c;
      out += n;
      ++i;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:]
        size_t close = p.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out.append(p.substr(i, close + 2 - i));
          i = close + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // a leading ] is literal
      continue;
    }
    if (c == '(' && p.substr(i, 3) == "(?<" && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return true;
}

}  // namespace

std::unique_ptr<GoRegex> GoRegex::compile(std::string_view pattern, std::string* err) {
  std::string p;
  if (!to_re2_syntax(pattern, p, err)) return nullptr;
  RE2::Options o;
  o.set_log_errors(false);  // a library never prints; the error comes back in *err
  o.set_encoding(RE2::Options::EncodingUTF8);
  auto impl = std::make_unique<Impl>(p, o);
  if (!impl->re.ok()) {
    *err = impl->re.error();
    if (!impl->re.error_arg().empty() && err->find(impl->re.error_arg()) == std::string::npos)
      *err += ": `" + impl->re.error_arg() + "`";
    return nullptr;
  }
  std::unique_ptr<GoRegex> r(new GoRegex());
  int n = impl->re.NumberOfCapturingGroups();
  r->names_.assign(static_cast<size_t>(std::max(0, n)), std::string());
  for (const auto& [idx, name] : impl->re.CapturingGroupNames())
    if (idx >= 1 && idx <= n) r->names_[static_cast<size_t>(idx - 1)] = name;
  r->impl_ = std::move(impl);
  return r;
}

bool GoRegex::has_named() const {
  return std::any_of(names_.begin(), names_.end(), [](const std::string& n) { return !n.empty(); });
}
bool GoRegex::has_unnamed() const {
  return std::any_of(names_.begin(), names_.end(), [](const std::string& n) { return n.empty(); });
}

bool GoRegex::match(std::string_view text, size_t from, RegexMatch& m) const {
  const size_t n = names_.size() + 1;
  std::vector<re2::StringPiece> sub(n);
  re2::StringPiece t(text.data(), text.size());
  if (from > text.size() ||
      !impl_->re.Match(t, from, text.size(), RE2::UNANCHORED, sub.data(), static_cast<int>(n)))
    return false;
  m.groups.assign(n, {RegexMatch::npos, RegexMatch::npos});
  for (size_t g = 0; g < n; ++g) {
    if (sub[g].data() == nullptr) continue;
    size_t b = static_cast<size_t>(sub[g].data() - text.data());
    m.groups[g] = {b, b + sub[g].size()};
  }
  return true;
}

namespace {

bool is_name_byte(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

}  // namespace

// Go's Regexp.expand: $name or ${name}, where name is a run of letters, digits and '_'; a name that
// is a number (no leading zero) is a group index; an unknown group expands to nothing; a malformed
// reference leaves the '$' as it is.
void GoRegex::expand(std::string_view repl, std::string_view text, const RegexMatch& m,
                     std::string& out) const {
  auto group = [&](size_t g) {
    if (g < m.groups.size() && m.groups[g].first != RegexMatch::npos)
      out.append(text.substr(m.groups[g].first, m.groups[g].second - m.groups[g].first));
  };
  size_t i = 0;
  while (i < repl.size()) {
    size_t dollar = repl.find('$', i);
    if (dollar == std::string_view::npos) {
      out.append(repl.substr(i));
      return;
    }
    out.append(repl.substr(i, dollar - i));
    i = dollar + 1;
    if (i < repl.size() && repl[i] == '$') {
      out += '$';
      ++i;
      continue;
    }
    bool brace = i < repl.size() && repl[i] == '{';
    size_t s = brace ? i + 1 : i, e = s;
    while (e < repl.size() && is_name_byte(static_cast<unsigned char>(repl[e]))) ++e;
    if (e == s || (brace && (e >= repl.size() || repl[e] != '}'))) {
      out += '$';  // malformed: the '$' is literal text
      continue;
    }
    std::string_view name = repl.substr(s, e - s);
    i = brace ? e + 1 : e;
    long num = 0;
    for (char ch : name) {
      if (ch < '0' || ch > '9' || num >= 100000000) {
        num = -1;
        break;
      }
      num = num * 10 + (ch - '0');
    }
    if (name.size() > 1 && name[0] == '0') num = -1;
    if (num >= 0) {
      group(static_cast<size_t>(num));
      continue;
    }
    for (size_t g = 0; g < names_.size(); ++g)
      if (names_[g] == name && m.groups[g + 1].first != RegexMatch::npos) {
        group(g + 1);
        break;
      }
  }
}

bool GoRegex::replace_all(std::string_view text, std::string_view repl, size_t max_bytes, size_t max_scan,
                          size_t* scanned, std::string* out) const {
  size_t last_end = 0, pos = 0;
  RegexMatch m;
  while (pos <= text.size()) {
    *scanned += text.size() - pos + 1;
    if (*scanned > max_scan) return false;
    if (!match(text, pos, m)) break;
    size_t b = m.groups[0].first, e = m.groups[0].second;
    out->append(text.substr(last_end, b - last_end));
    if (e > last_end || b == 0) expand(repl, text, m, *out);
    if (out->size() > max_bytes) return false;
    last_end = e;
    size_t width = pos < text.size() ? utf8_width_at(text, pos) : 0;
    if (pos + width > e)
      pos += width;
    else if (pos + 1 > e)
      ++pos;
    else
      pos = e;
  }
  out->append(text.substr(last_end));
  return out->size() <= max_bytes;
}

}  // namespace cs::tf::detail
