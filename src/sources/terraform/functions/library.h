// The function library of the Terraform evaluator, shared by its categories (functions/<category>.cpp,
// laid out like Terraform's own lang/funcs): argument helpers, the table entry (FnDef) and the
// Registry each category adds its functions to. Internal to src/sources/terraform.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>
#include <unordered_map>

#include "base/utf8.h"
#include "sources/terraform/eval.h"
#include "sources/terraform/eval_internal.h"
#include "sources/terraform/hash.h"
#include "sources/terraform/regex.h"
#include "syntax/hcl/ast.h"

namespace cs::tf::fnlib {

using detail::kind_name;
using Args = std::vector<Value>;

// ---------- helpers ----------

inline Value arg_error(std::string_view param, const std::string& msg) {
  return Value::error("Invalid function argument: Invalid value for \"" + std::string(param) +
                      "\" parameter: " + msg);
}
inline Value call_error(std::string_view fn, const std::string& msg) {
  return Value::error("Error in function call: Call to function \"" + std::string(fn) + "\" failed: " + msg);
}

inline const Value* find_not_known(const Value& v) {
  if (v.is_wholly_known()) return nullptr;
  if (!v.is_known()) return &v;
  for (const auto& e : v.items())
    if (const Value* u = find_not_known(e)) return u;
  for (const auto& [k, e] : v.attrs())
    if (const Value* u = find_not_known(e)) return u;
  return nullptr;
}

// String argument (numbers and bools convert, as Terraform does).
inline bool get_string(const Value& v, std::string_view param, std::string& out, Value& err) {
  Value s = v.to_string_value();
  if (!s.is_string()) {
    err = arg_error(param, "string required.");
    return false;
  }
  out = s.as_string();
  return true;
}
inline bool get_number(const Value& v, std::string_view param, double& out, Value& err) {
  if (!v.is_number() && !v.is_string()) {
    err = arg_error(param, "number required.");
    return false;
  }
  Value n = v.to_number_value();
  if (!n.is_number()) {
    err = arg_error(param, n.is_error() ? n.reason() : "number required.");
    return false;
  }
  out = n.as_number();
  return true;
}
inline bool get_int(const Value& v, std::string_view param, long long& out, Value& err) {
  double d;
  if (!get_number(v, param, d, err)) return false;
  if (d != std::floor(d) || std::isinf(d)) {
    err = arg_error(param, "value must be a whole number.");
    return false;
  }
  out = static_cast<long long>(d);
  return true;
}
inline bool get_bool(const Value& v, std::string_view param, bool& out, Value& err) {
  Value b = v.to_bool_value();
  if (!b.is_bool()) {
    err = arg_error(param, "bool required.");
    return false;
  }
  out = b.as_bool();
  return true;
}
inline bool get_seq(const Value& v, std::string_view param, Value& err) {
  if (!v.is_sequence()) {
    err = arg_error(param, "list of any single type required.");
    return false;
  }
  return true;
}

// UTF-8 code points.
inline std::vector<uint32_t> decode_utf8(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1f;
      n = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0f;
      n = 3;
    } else if ((c >> 3) == 30) {
      cp = c & 0x07;
      n = 4;
    } else {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    if (i + n > s.size()) {
      out.push_back(0xfffd);
      break;
    }
    for (size_t j = 1; j < n; ++j) cp = (cp << 6) | (static_cast<unsigned char>(s[i + j]) & 0x3f);
    out.push_back(cp);
    i += n;
  }
  return out;
}
inline std::string encode_utf8(const std::vector<uint32_t>& cps, size_t from = 0, size_t to = SIZE_MAX) {
  std::string out;
  for (size_t i = from; i < cps.size() && i < to; ++i) append_utf8(out, cps[i]);
  return out;
}
inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t j = 1; j < n; ++j)
      if ((static_cast<unsigned char>(s[i + j]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

inline uint32_t to_upper_cp(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xe0 && c <= 0xfe && c != 0xf7)) return c - 32;
  if (c == 0xff) return 0x178;
  if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) return c - 32;
  if (c == 0x3c2) return 0x3a3;
  if (c >= 0x430 && c <= 0x44f) return c - 32;
  if (c >= 0x450 && c <= 0x45f) return c - 80;
  return c;
}
inline uint32_t to_lower_cp(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xc0 && c <= 0xde && c != 0xd7)) return c + 32;
  if (c == 0x178) return 0xff;
  if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  return c;
}
inline bool is_space_cp(uint32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

// JSON string escaping as Go's encoding/json does it.
inline void json_string(std::string& out, const std::string& s) {
  out += '"';
  auto cps = decode_utf8(s);
  for (uint32_t c : cps) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case 0x2028:
        out += "\\u2028";
        break;
      case 0x2029:
        out += "\\u2029";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          append_utf8(out, c);
        }
    }
  }
  out += '"';
}

inline void json_into(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown:
    case Value::Kind::Error:
      out += "null";
      return;
    case Value::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::Number:
      out += Value::format_number(v.as_number());
      return;
    case Value::Kind::String:
      json_string(out, v.as_string());
      return;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::Set: {
      out += '[';
      bool first = true;
      for (const auto& e : v.items()) {
        if (!first) out += ',';
        first = false;
        json_into(out, e);
      }
      out += ']';
      return;
    }
    case Value::Kind::Map:
    case Value::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.attrs()) {
        if (!first) out += ',';
        first = false;
        json_string(out, k);
        out += ':';
        json_into(out, e);
      }
      out += '}';
      return;
    }
  }
}

// ---------- JSON decoding ----------

// -- the evaluation budget (budget.h): a function checks the size of what it is about to build first.
// True, with `out` an unknown value giving the reason, when a result of this many elements and
// string bytes would not fit.
inline bool refuse_size(uint64_t elements, uint64_t bytes, Value& out) {
  EvalBudget* b = EvalBudget::active();
  std::string why;
  if (!b || b->fits(elements, bytes, &why)) return false;
  out = Value::unknown(std::move(why));
  return true;
}
// True, with `out` unknown, when going through n more elements would pass the budget.
inline bool refuse_work(uint64_t n, Value& out) {
  EvalBudget* b = EvalBudget::active();
  if (!b || b->work(n)) return false;
  out = Value::unknown(b->reason());
  return true;
}
inline uint64_t sat_mul(uint64_t a, uint64_t b) {
  return b != 0 && a > (uint64_t{1} << 62) / b ? uint64_t{1} << 62 : a * b;
}

// ---------- format() ----------

struct FmtSpec {
  bool minus = false, plus = false, sharp = false, zero = false, space = false;
  int width = -1, prec = -1;
};

inline std::string pad_to(const std::string& s, const FmtSpec& f, bool numeric) {
  size_t len = decode_utf8(s).size();
  if (f.width < 0 || len >= static_cast<size_t>(f.width)) return s;
  size_t n = static_cast<size_t>(f.width) - len;
  if (f.minus) return s + std::string(n, ' ');
  if (f.zero && numeric) {
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    return s.substr(0, sign) + std::string(n, '0') + s.substr(sign);
  }
  return std::string(n, ' ') + s;
}

inline std::string go_float(double d, char verb, int prec, bool sharp) {
  // %e %E %f %F %g %G following Go's fmt (which matches C printf except %g without a precision, which
  // picks the shortest representation).
  char buf[512];
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if ((verb == 'g' || verb == 'G') && prec < 0) {
    // shortest digits; exponent form when exp < -4 || exp >= 21 (Go uses eprec 21 for shortest %v,
    // 6 is used by strconv for %g shortest)
    char tmp[64];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, d, std::chars_format::scientific);
    std::string sci(tmp, r.ptr);
    size_t e = sci.find('e');
    int exp = std::atoi(sci.c_str() + e + 1);
    std::string mant = sci.substr(0, e);
    size_t nd = 0;
    for (char c : mant)
      if (c >= '0' && c <= '9') ++nd;
    int eprec = 6;
    if (exp < -4 || exp >= eprec) {
      std::string out = mant;
      char eb[16];
      std::snprintf(eb, sizeof eb, "%c%c%02d", verb == 'G' ? 'E' : 'e', exp < 0 ? '-' : '+', std::abs(exp));
      return out + eb;
    }
    std::string fmt = "%." + std::to_string(std::max(0, static_cast<int>(nd) - 1 - exp)) + "f";
    std::snprintf(buf, sizeof buf, fmt.c_str(), d);
    return buf;
  }
  std::string fmt = "%";
  if (sharp) fmt += '#';
  if (prec >= 0) fmt += "." + std::to_string(prec);
  fmt += verb == 'F' ? 'f' : verb;
  std::snprintf(buf, sizeof buf, fmt.c_str(), d);
  return buf;
}

inline std::string int_in_base(long long v, int base, bool upper) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned long long u = neg ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  std::string out;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  while (u) {
    out.insert(out.begin(), digits[u % static_cast<unsigned>(base)]);
    u /= static_cast<unsigned>(base);
  }
  return neg ? "-" + out : out;
}

// Widths and precisions are read up to this (then refused by the budget's size limit, if it is lower).
constexpr int kMaxFormatWidth = 1 << 30;

inline Value do_format(std::string_view fname, const std::string& fmt, const Args& args, size_t first) {
  std::string out;
  size_t argi = 0;
  size_t used_max = 0;
  size_t nargs = args.size() - first;
  for (size_t i = 0; i < fmt.size();) {
    char c = fmt[i];
    if (c != '%') {
      out += c;
      ++i;
      continue;
    }
    size_t verb_at = out.size();
    (void)verb_at;
    size_t start = i++;
    if (i < fmt.size() && fmt[i] == '%') {
      out += '%';
      ++i;
      continue;
    }
    FmtSpec f;
    for (; i < fmt.size(); ++i) {
      char fl = fmt[i];
      if (fl == '-')
        f.minus = true;
      else if (fl == '+')
        f.plus = true;
      else if (fl == '#')
        f.sharp = true;
      else if (fl == '0')
        f.zero = true;
      else if (fl == ' ')
        f.space = true;
      else
        break;
    }
    auto read_index = [&]() -> bool {
      if (i < fmt.size() && fmt[i] == '[') {
        size_t close = fmt.find(']', i);
        if (close == std::string::npos) return false;
        argi = static_cast<size_t>(std::atoi(fmt.substr(i + 1, close - i - 1).c_str())) - 1;
        i = close + 1;
      }
      return true;
    };
    if (!read_index()) return call_error(fname, "unterminated argument index");
    if (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
      f.width = 0;
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9')
        f.width = std::min(f.width * 10 + (fmt[i++] - '0'), kMaxFormatWidth);
    }
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      f.prec = 0;
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9')
        f.prec = std::min(f.prec * 10 + (fmt[i++] - '0'), kMaxFormatWidth);
    }
    if (!read_index()) return call_error(fname, "unterminated argument index");
    if (i >= fmt.size())
      return call_error(fname, "invalid format string starting at offset " + std::to_string(start));
    char verb = fmt[i++];
    if (argi >= nargs)
      return call_error(
          fname, "not enough arguments for \"%" + std::string(1, verb) + "\" at " + std::to_string(start));
    const Value& a = args[first + argi];
    std::string where =
        "unsupported value for \"%" + std::string(1, verb) + "\" at " + std::to_string(start) + ": ";
    ++argi;
    used_max = std::max(used_max, argi);
    if (a.is_unknown()) return a;
    std::string piece;
    bool numeric = false;
    switch (verb) {
      case 'v': {
        if (f.sharp) {
          std::string j;
          json_into(j, a);
          piece = j;
        } else if (a.is_null()) {
          piece = "null";
        } else if (a.is_string() || a.is_number() || a.is_bool()) {
          piece = a.to_string_value().as_string();
          numeric = a.is_number();
        } else {
          json_into(piece, a);
        }
        break;
      }
      case 't': {
        Value b = a.to_bool_value();
        if (!b.is_bool() || a.is_null()) return call_error(fname, where + "bool required");
        piece = b.as_bool() ? "true" : "false";
        break;
      }
      case 's':
      case 'q': {
        if (a.is_null()) return call_error(fname, where + "null value cannot be formatted");
        Value s = a.to_string_value();
        if (!s.is_string()) return call_error(fname, where + "string required");
        piece = s.as_string();
        if (verb == 's' && f.prec >= 0) {
          auto cps = decode_utf8(piece);
          if (cps.size() > static_cast<size_t>(f.prec))
            piece = encode_utf8(cps, 0, static_cast<size_t>(f.prec));
        }
        if (verb == 'q') {
          std::string q;
          json_string(q, piece);
          piece = q;
        }
        break;
      }
      case 'd':
      case 'b':
      case 'o':
      case 'x':
      case 'X':
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (a.is_null()) return call_error(fname, where + "null value cannot be formatted");
        Value n = (a.is_number() || a.is_string()) ? a.to_number_value() : Value::error("");
        if (!n.is_number()) return call_error(fname, where + "number required");
        double d = n.as_number();
        numeric = true;
        bool is_int_verb = verb == 'd' || verb == 'b' || verb == 'o' || verb == 'x' || verb == 'X';
        if (is_int_verb) {
          if (d != std::floor(d) || std::isinf(d)) return call_error(fname, where + "an integer is required");
          long long v = static_cast<long long>(d);
          int base = verb == 'd' ? 10 : verb == 'b' ? 2 : verb == 'o' ? 8 : 16;
          piece = int_in_base(v, base, verb == 'X');
        } else {
          if (Value refused; refuse_size(1, out.size() + static_cast<size_t>(std::max(f.prec, 0)), refused))
            return refused;
          piece = go_float(d, verb, f.prec, f.sharp);
        }
        if (piece[0] != '-') {
          if (f.plus)
            piece = "+" + piece;
          else if (f.space)
            piece = " " + piece;
        }
        break;
      }
      default:
        return call_error(fname, "unrecognized format character '" + std::string(1, verb) + "' at offset " +
                                     std::to_string(start));
    }
    if (Value refused;
        refuse_size(1, out.size() + piece.size() + static_cast<size_t>(std::max(f.width, 0)), refused))
      return refused;
    out += pad_to(piece, f, numeric);
  }
  if (used_max < nargs)
    return call_error(fname,
                      "too many arguments; only " + std::to_string(used_max) + " used by format string");
  return Value::string(std::move(out));
}

// ---------- regular expressions (RE2 through regex.h: Go's syntax, linear time) ----------

// regex() / regexall() result for one match, as Terraform builds it: the matched text when the
// pattern has no groups, an object of the named groups, or a tuple of the unnamed ones (null for a
// group that did not take part).
inline Value regex_result(const detail::GoRegex& r, std::string_view text, const detail::RegexMatch& m) {
  auto group = [&](size_t g) {
    const auto& [b, e] = m.groups[g];
    return b == detail::RegexMatch::npos ? Value::null() : Value::string(std::string(text.substr(b, e - b)));
  };
  if (r.groups() == 0) return group(0);
  if (r.has_named()) {
    ValueMap obj;
    for (size_t g = 1; g <= r.groups(); ++g) obj[r.name(g)] = group(g);
    return Value::object(std::move(obj));
  }
  ValueList l;
  for (size_t g = 1; g <= r.groups(); ++g) l.push_back(group(g));
  return Value::tuple(std::move(l));
}

// How many bytes regex searches may read in one call before the budget refuses (see
// GoRegex::for_each_match), counting for each search the whole rest of the text as RE2 may read it:
// 512 MiB (a couple of seconds at worst), one unit of work per 64 bytes. Real configurations'
// strings are far below it.
constexpr uint64_t kRegexBytesPerWork = 64;
inline size_t regex_scan_limit() {
  return size_t{512} << 20;
}

// ---------- globbing for fileset() ----------

inline bool glob_segment(std::string_view pat, std::string_view s) {
  size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
  while (i < s.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = p++;
      star_i = i;
      continue;
    }
    if (p < pat.size() && pat[p] == '?') {
      ++p;
      ++i;
      continue;
    }
    if (p < pat.size() && pat[p] == '[') {
      size_t close = pat.find(']', p + 1);
      if (close != std::string_view::npos) {
        std::string_view cls = pat.substr(p + 1, close - p - 1);
        bool neg = !cls.empty() && (cls[0] == '^' || cls[0] == '!');
        if (neg) cls.remove_prefix(1);
        bool hit = false;
        for (size_t k = 0; k < cls.size(); ++k) {
          if (k + 2 < cls.size() && cls[k + 1] == '-') {
            if (s[i] >= cls[k] && s[i] <= cls[k + 2]) hit = true;
            k += 2;
          } else if (cls[k] == s[i]) {
            hit = true;
          }
        }
        if (hit != neg) {
          p = close + 1;
          ++i;
          continue;
        }
      }
    } else if (p < pat.size() && pat[p] == '\\' && p + 1 < pat.size() && pat[p + 1] == s[i]) {
      p += 2;
      ++i;
      continue;
    } else if (p < pat.size() && pat[p] == s[i]) {
      ++p;
      ++i;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    i = ++star_i;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

inline std::vector<std::string> split_path(std::string_view s) {
  std::vector<std::string> out;
  size_t st = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '/') {
      if (i > st) out.emplace_back(s.substr(st, i - st));
      st = i + 1;
    }
  return out;
}

// Path globbing with "**" over segments, by dynamic programming over (pattern, path) positions so that
// patterns such as "**/**/**/.../x" stay linear in their size times the path's (no backtracking).
// below = false: does the whole path match? below = true: could some path under it match?
inline bool glob_segments(const std::vector<std::string>& pat, const std::vector<std::string>& segs,
                          bool below) {
  size_t P = pat.size(), S = segs.size();
  // ok[i][j]: pat[i..] matches segs[j..] (or, below, some extension of segs[j..])
  std::vector<std::vector<char>> ok(P + 1, std::vector<char>(S + 1, 0));
  for (size_t j = 0; j <= S; ++j) ok[P][j] = !below && j == S;
  for (size_t i = P; i-- > 0;) {
    for (size_t j = S + 1; j-- > 0;) {
      if (j == S) {
        ok[i][j] = below ? 1 : (pat[i] == "**" && ok[i + 1][j]);
        continue;
      }
      if (pat[i] == "**")
        ok[i][j] = ok[i + 1][j] || ok[i][j + 1];
      else
        ok[i][j] = glob_segment(pat[i], segs[j]) && ok[i + 1][j + 1];
    }
  }
  return ok[0][0];
}

inline bool glob_path(const std::vector<std::string>& pat, size_t pi, const std::vector<std::string>& segs,
                      size_t si) {
  (void)pi;
  (void)si;
  return glob_segments(pat, segs, false);
}

// Expand {a,b} alternatives into several patterns; at most kMaxGlobAlternatives (past that `out` holds
// more than the limit and the caller gives up: "{a,b}" written 30 times would be a billion patterns).
constexpr size_t kMaxGlobAlternatives = 1024;

inline void expand_braces(const std::string& p, std::vector<std::string>& out) {
  if (out.size() > kMaxGlobAlternatives) return;
  size_t open = p.find('{');
  if (open == std::string::npos) {
    out.push_back(p);
    return;
  }
  int depth = 0;
  size_t close = std::string::npos;
  std::vector<size_t> commas;
  for (size_t i = open; i < p.size(); ++i) {
    if (p[i] == '{')
      ++depth;
    else if (p[i] == '}' && --depth == 0) {
      close = i;
      break;
    } else if (p[i] == ',' && depth == 1)
      commas.push_back(i);
  }
  if (close == std::string::npos) {
    out.push_back(p);
    return;
  }
  size_t st = open + 1;
  commas.push_back(close);
  for (size_t c : commas) {
    expand_braces(p.substr(0, open) + p.substr(st, c - st) + p.substr(close + 1), out);
    st = c + 1;
  }
}

inline void walk_files(const io::FileSystem& fs, const std::string& root, const std::string& rel,
                       std::vector<std::string>& out, int depth = 0) {
  if (depth > 64) return;
  auto entries = fs.list(rel.empty() ? root : io::join(root, rel));
  if (!entries.ok()) return;
  for (const auto& e : *entries) {
    std::string r = rel.empty() ? e.name : rel + "/" + e.name;
    if (e.is_dir)
      walk_files(fs, root, r, out, depth + 1);
    else
      out.push_back(r);
  }
}

// ---------- path helpers ----------

inline std::string resolve_path(const EvalContext& ctx, const std::string& p) {
  if (!p.empty() && p[0] == '/') return io::normalize(p);
  if (ctx.module_dir().empty()) return io::normalize(p);
  return io::join(ctx.module_dir(), p);
}

// A path argument as messages show it: quoted, or its mark's label when it came from a secret.
inline std::string shown_path(const Value& arg) {
  return arg.is_marked() ? arg.label() : "\"" + arg.as_string() + "\"";
}

// The file a file mark names: the path as resolved (the label of the path when it is itself marked).
inline std::string file_mark_name(const Value& arg, const EvalContext& ctx) {
  if (arg.is_marked()) return arg.label();
  return resolve_path(ctx, arg.as_string());
}

// Read a file for a file function, confined to the scanned tree and the size limit. Returns null and
// fills `out` when the file was read; otherwise the function's result: unknown with the reason for a
// refused read (outside the tree, not a regular file, too large), Terraform's error for a missing file.
inline Value read_confined(const char* fn, const Value& arg, EvalContext& ctx, std::string& out,
                           std::string& full) {
  std::string p;
  Value err;
  if (!get_string(arg, "path", p, err)) return err;
  std::string shown = shown_path(arg);
  if (!ctx.fs()) return Value::unknown("no file system to read " + shown + " from");
  full = resolve_path(ctx, p);
  auto missing = [&]() {
    return arg_error("path",
                     "no file exists at " + shown +
                         "; this function works only with files that are distributed as part of the "
                         "configuration source code, so if this file will be created by a resource in "
                         "this configuration you must instead obtain this result from an attribute of "
                         "that resource.");
  };
  auto refused = [&](const std::string& why) {
    return Value::unknown(std::string(fn) + "(" + shown + ") " + why);
  };
  if (const io::Confinement* c = ctx.confinement()) {
    auto r = c->resolve(full);
    if (r.refusal == io::Confinement::Refusal::Missing) return missing();
    if (r.refusal != io::Confinement::Refusal::None) return refused(r.reason);
    if (r.is_dir) return call_error(fn, shown + " is a directory, not a file");
    auto content = c->read(full);
    if (!content) return refused(content.error().message);
    out = std::move(*content);
    return Value();
  }
  auto r = ctx.fs()->read(full);
  if (!r.ok()) return missing();
  if (r->size() > ctx.max_file_size())
    return refused("is larger than the file size limit (" + std::to_string(ctx.max_file_size()) + " bytes)");
  out = std::move(*r);
  return Value();
}

// Could some path below `segs` (segments of a directory) match `pat`?
inline bool glob_could_match_below(const std::vector<std::string>& pat,
                                   const std::vector<std::string>& segs) {
  return glob_segments(pat, segs, true);
}

// fileset()'s walk when reads are confined: directories are followed by their real path, once each. An
// entry that leads outside the tree is not followed; it goes to `outside` (a directory as "dir/"), so
// that the caller can tell whether the pattern would have reached it.
inline void walk_files_confined(const io::FileSystem& fs, const io::Confinement& c, const std::string& root,
                                const std::string& rel, std::vector<std::string>& out,
                                std::set<std::string>& seen, std::vector<std::string>& outside,
                                int depth = 0) {
  if (depth > 64) return;
  std::string dir = rel.empty() ? root : io::join(root, rel);
  auto entries = fs.list(dir);
  if (!entries.ok()) return;
  for (const auto& e : *entries) {
    std::string r = rel.empty() ? e.name : rel + "/" + e.name;
    auto res = c.resolve(io::join(root, r));
    if (res.refusal == io::Confinement::Refusal::Outside) {
      outside.push_back(e.is_dir ? r + "/" : r);
    } else if (res.refusal == io::Confinement::Refusal::None && res.is_dir) {
      if (seen.insert(res.real_path).second)
        walk_files_confined(fs, c, root, r, out, seen, outside, depth + 1);
    } else if (res.refusal != io::Confinement::Refusal::Missing) {
      out.push_back(r);
    }
  }
}

// ---------- function table ----------

using Fn = std::function<Value(const Args&, EvalContext&)>;

struct FnDef {
  int min_args;
  int max_args;                     // -1 = variadic
  bool allow_unknown;               // the function handles unknown arguments itself
  bool allow_null;                  // the function handles null arguments itself
  std::vector<std::string> params;  // parameter names for messages (last repeats for variadic)
  Fn fn;
  bool stub = false;  // registered only to answer unknown (not knowable / not implemented)
  // Writes its own messages without quoting marked arguments (the file functions); the others'
  // errors are replaced when an argument is marked, since they may quote it.
  bool marks_aware = false;
};

inline const std::string& param_name(const FnDef& d, size_t i) {
  static const std::string v = "value";
  if (d.params.empty()) return v;
  return d.params[std::min(i, d.params.size() - 1)];
}

// -- collection helpers
inline Value make_list(ValueList l) {
  return Value::list(std::move(l));
}

inline bool contains_value(const ValueList& l, const Value& v) {
  for (const auto& e : l)
    if (e.is_known() && e.equals(v)) return true;
  return false;
}

inline Value number_list(const Value& v, std::string_view fn, std::vector<double>& out) {
  for (const auto& e : v.items()) {
    if (e.is_null()) return call_error(fn, "argument must not be null");
    Value n = e.to_number_value();
    if (!n.is_number()) return call_error(fn, "number required");
    out.push_back(n.as_number());
  }
  return Value();
}

Value fn_templatefile(const Args& a, EvalContext& ctx);

using Table = std::unordered_map<std::string, FnDef>;

// Where a category registers its functions.
struct Registry {
  Table& t;
  void add(const char* name, int mn, int mx, std::vector<std::string> params, Fn fn,
           bool allow_unknown = false, bool allow_null = false) {
    t.emplace(name, FnDef{mn, mx, allow_unknown, allow_null, std::move(params), std::move(fn)});
  }
  // Registered only to answer unknown with the reason (not knowable before apply, or not supported).
  void unknown_fn(const char* name, int mn, int mx, const char* why) {
    std::string reason = std::string("function ") + name + " " + why;
    add(
        name, mn, mx, {}, [reason](const Args&, EvalContext&) { return Value::unknown(reason); }, true, true);
    t.at(name).stub = true;
  }
};

void add_number_functions(Registry& r);
void add_string_functions(Registry& r);
void add_collection_functions(Registry& r);
void add_type_functions(Registry& r);
void add_encoding_functions(Registry& r);
void add_crypto_functions(Registry& r);
void add_datetime_functions(Registry& r);
void add_network_functions(Registry& r);
void add_filesystem_functions(Registry& r);

}  // namespace cs::tf::fnlib
