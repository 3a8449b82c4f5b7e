// Terraform's built-in functions.
//
// Every function takes evaluated arguments. Generic rules applied before a function runs (unless the
// function opts out): an Error argument is returned as is; an argument that is not wholly known makes
// the result unknown; a null argument is an error ("argument must not be null").
//
// Known differences from Terraform (documented, never silent guesses):
//  * Numbers are doubles, not arbitrary-precision decimals.
//  * String lengths and substr()/strrev() count Unicode code points, not grapheme clusters.
//  * upper()/lower()/title() map ASCII, Latin-1, Greek and Cyrillic letters only.
//  * yamldecode()/yamlencode(), uuid(), uuidv5(), timestamp(), plantimestamp(), bcrypt(),
//    formatdate(), cidr*(), and every provider-defined function return unknown.
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

namespace cs::tf {

namespace {

using detail::kind_name;
using Args = std::vector<Value>;

// ---------- helpers ----------

Value arg_error(std::string_view param, const std::string& msg) {
  return Value::error("Invalid function argument: Invalid value for \"" + std::string(param) +
                      "\" parameter: " + msg);
}
Value call_error(std::string_view fn, const std::string& msg) {
  return Value::error("Error in function call: Call to function \"" + std::string(fn) + "\" failed: " + msg);
}

const Value* find_not_known(const Value& v) {
  if (v.is_wholly_known()) return nullptr;
  if (!v.is_known()) return &v;
  for (const auto& e : v.items())
    if (const Value* u = find_not_known(e)) return u;
  for (const auto& [k, e] : v.attrs())
    if (const Value* u = find_not_known(e)) return u;
  return nullptr;
}

// String argument (numbers and bools convert, as Terraform does).
bool get_string(const Value& v, std::string_view param, std::string& out, Value& err) {
  Value s = v.to_string_value();
  if (!s.is_string()) {
    err = arg_error(param, "string required.");
    return false;
  }
  out = s.as_string();
  return true;
}
bool get_number(const Value& v, std::string_view param, double& out, Value& err) {
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
bool get_int(const Value& v, std::string_view param, long long& out, Value& err) {
  double d;
  if (!get_number(v, param, d, err)) return false;
  if (d != std::floor(d) || std::isinf(d)) {
    err = arg_error(param, "value must be a whole number.");
    return false;
  }
  out = static_cast<long long>(d);
  return true;
}
bool get_bool(const Value& v, std::string_view param, bool& out, Value& err) {
  Value b = v.to_bool_value();
  if (!b.is_bool()) {
    err = arg_error(param, "bool required.");
    return false;
  }
  out = b.as_bool();
  return true;
}
bool get_seq(const Value& v, std::string_view param, Value& err) {
  if (!v.is_sequence()) {
    err = arg_error(param, "list of any single type required.");
    return false;
  }
  return true;
}

// UTF-8 code points.
std::vector<uint32_t> decode_utf8(std::string_view s) {
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
std::string encode_utf8(const std::vector<uint32_t>& cps, size_t from = 0, size_t to = SIZE_MAX) {
  std::string out;
  for (size_t i = from; i < cps.size() && i < to; ++i) append_utf8(out, cps[i]);
  return out;
}
bool valid_utf8(std::string_view s) {
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

uint32_t to_upper_cp(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xe0 && c <= 0xfe && c != 0xf7)) return c - 32;
  if (c == 0xff) return 0x178;
  if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) return c - 32;
  if (c == 0x3c2) return 0x3a3;
  if (c >= 0x430 && c <= 0x44f) return c - 32;
  if (c >= 0x450 && c <= 0x45f) return c - 80;
  return c;
}
uint32_t to_lower_cp(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xc0 && c <= 0xde && c != 0xd7)) return c + 32;
  if (c == 0x178) return 0xff;
  if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  return c;
}
bool is_space_cp(uint32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

// JSON string escaping as Go's encoding/json does it.
void json_string(std::string& out, const std::string& s) {
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

void json_into(std::string& out, const Value& v) {
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
bool refuse_size(uint64_t elements, uint64_t bytes, Value& out) {
  EvalBudget* b = EvalBudget::active();
  std::string why;
  if (!b || b->fits(elements, bytes, &why)) return false;
  out = Value::unknown(std::move(why));
  return true;
}
// True, with `out` unknown, when going through n more elements would pass the budget.
bool refuse_work(uint64_t n, Value& out) {
  EvalBudget* b = EvalBudget::active();
  if (!b || b->work(n)) return false;
  out = Value::unknown(b->reason());
  return true;
}
uint64_t sat_mul(uint64_t a, uint64_t b) {
  return b != 0 && a > (uint64_t{1} << 62) / b ? uint64_t{1} << 62 : a * b;
}

struct JsonParser {
  std::string_view s;
  size_t i = 0;
  std::string err;

  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool fail(const std::string& m) {
    if (err.empty()) err = m;
    return false;
  }
  bool parse_string(std::string& out) {
    ++i;  // opening quote
    while (i < s.size()) {
      char c = s[i++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return fail("invalid character in string literal");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) break;
      char e = s[i++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto hex4 = [&](uint32_t& cp) {
            if (i + 4 > s.size()) return false;
            cp = 0;
            for (int k = 0; k < 4; ++k) {
              char h = s[i + k];
              cp <<= 4;
              if (h >= '0' && h <= '9')
                cp |= h - '0';
              else if (h >= 'a' && h <= 'f')
                cp |= h - 'a' + 10;
              else if (h >= 'A' && h <= 'F')
                cp |= h - 'A' + 10;
              else
                return false;
            }
            i += 4;
            return true;
          };
          uint32_t cp;
          if (!hex4(cp)) return fail("invalid character in string escape code");
          if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
            size_t save = i;
            i += 2;
            uint32_t lo;
            if (hex4(lo) && lo >= 0xdc00 && lo < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            } else {
              i = save;
              cp = 0xfffd;
            }
          } else if (cp >= 0xd800 && cp < 0xe000) {
            cp = 0xfffd;
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(std::string("invalid character '") + e + "' in string escape code");
      }
    }
    return fail("unexpected end of JSON input");
  }
  bool parse(Value& out, int depth = 0) {
    if (depth > 500) return fail("exceeded max depth");
    ws();
    if (i >= s.size()) return fail("unexpected end of JSON input");
    char c = s[i];
    if (c == '{') {
      ++i;
      ValueMap m;
      ws();
      if (i < s.size() && s[i] == '}') {
        ++i;
        out = Value::object(std::move(m));
        return true;
      }
      for (;;) {
        ws();
        if (i >= s.size() || s[i] != '"')
          return fail("invalid character looking for beginning of object key string");
        std::string k;
        if (!parse_string(k)) return false;
        ws();
        if (i >= s.size() || s[i] != ':') return fail("invalid character after object key");
        ++i;
        Value v;
        if (!parse(v, depth + 1)) return false;
        m.insert_or_assign(std::move(k), std::move(v));
        ws();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == '}') {
          ++i;
          break;
        }
        return fail("invalid character after object key:value pair");
      }
      out = Value::object(std::move(m));
      return true;
    }
    if (c == '[') {
      ++i;
      ValueList l;
      ws();
      if (i < s.size() && s[i] == ']') {
        ++i;
        out = Value::tuple(std::move(l));
        return true;
      }
      for (;;) {
        Value v;
        if (!parse(v, depth + 1)) return false;
        l.push_back(std::move(v));
        ws();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == ']') {
          ++i;
          break;
        }
        return fail("invalid character after array element");
      }
      out = Value::tuple(std::move(l));
      return true;
    }
    if (c == '"') {
      std::string str;
      if (!parse_string(str)) return false;
      out = Value::string(std::move(str));
      return true;
    }
    auto word = [&](std::string_view w) { return s.substr(i, w.size()) == w; };
    if (word("true")) {
      i += 4;
      out = Value::boolean(true);
      return true;
    }
    if (word("false")) {
      i += 5;
      out = Value::boolean(false);
      return true;
    }
    if (word("null")) {
      i += 4;
      out = Value::null();
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t st = i;
      if (s[i] == '-') ++i;
      if (i >= s.size() || !(s[i] >= '0' && s[i] <= '9')) return fail("invalid character in numeric literal");
      if (s[i] == '0') {
        ++i;
      } else {
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
      if (i < s.size() && s[i] == '.') {
        ++i;
        if (i >= s.size() || !(s[i] >= '0' && s[i] <= '9'))
          return fail("invalid character after decimal point");
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (i >= s.size() || !(s[i] >= '0' && s[i] <= '9')) return fail("invalid character in exponent");
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
      out = Value::number(std::strtod(std::string(s.substr(st, i - st)).c_str(), nullptr));
      return true;
    }
    return fail(std::string("invalid character '") + c + "' looking for beginning of value");
  }
};

// ---------- format() ----------

struct FmtSpec {
  bool minus = false, plus = false, sharp = false, zero = false, space = false;
  int width = -1, prec = -1;
};

std::string pad_to(const std::string& s, const FmtSpec& f, bool numeric) {
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

std::string go_float(double d, char verb, int prec, bool sharp) {
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

std::string int_in_base(long long v, int base, bool upper) {
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

Value do_format(std::string_view fname, const std::string& fmt, const Args& args, size_t first) {
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
Value regex_result(const detail::GoRegex& r, std::string_view text, const detail::RegexMatch& m) {
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
size_t regex_scan_limit() {
  return size_t{512} << 20;
}

// ---------- globbing for fileset() ----------

bool glob_segment(std::string_view pat, std::string_view s) {
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

std::vector<std::string> split_path(std::string_view s) {
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
bool glob_segments(const std::vector<std::string>& pat, const std::vector<std::string>& segs, bool below) {
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

bool glob_path(const std::vector<std::string>& pat, size_t pi, const std::vector<std::string>& segs,
               size_t si) {
  (void)pi;
  (void)si;
  return glob_segments(pat, segs, false);
}

// Expand {a,b} alternatives into several patterns; at most kMaxGlobAlternatives (past that `out` holds
// more than the limit and the caller gives up: "{a,b}" written 30 times would be a billion patterns).
constexpr size_t kMaxGlobAlternatives = 1024;

void expand_braces(const std::string& p, std::vector<std::string>& out) {
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

void walk_files(const io::FileSystem& fs, const std::string& root, const std::string& rel,
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

std::string resolve_path(const EvalContext& ctx, const std::string& p) {
  if (!p.empty() && p[0] == '/') return io::normalize(p);
  if (ctx.module_dir().empty()) return io::normalize(p);
  return io::join(ctx.module_dir(), p);
}

// A path argument as messages show it: quoted, or its mark's label when it came from a secret.
std::string shown_path(const Value& arg) {
  return arg.is_marked() ? arg.label() : "\"" + arg.as_string() + "\"";
}

// The file a file mark names: the path as resolved (the label of the path when it is itself marked).
std::string file_mark_name(const Value& arg, const EvalContext& ctx) {
  if (arg.is_marked()) return arg.label();
  return resolve_path(ctx, arg.as_string());
}

// Read a file for a file function, confined to the scanned tree and the size limit. Returns null and
// fills `out` when the file was read; otherwise the function's result: unknown with the reason for a
// refused read (outside the tree, not a regular file, too large), Terraform's error for a missing file.
Value read_confined(const char* fn, const Value& arg, EvalContext& ctx, std::string& out, std::string& full) {
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
bool glob_could_match_below(const std::vector<std::string>& pat, const std::vector<std::string>& segs) {
  return glob_segments(pat, segs, true);
}

// fileset()'s walk when reads are confined: directories are followed by their real path, once each. An
// entry that leads outside the tree is not followed; it goes to `outside` (a directory as "dir/"), so
// that the caller can tell whether the pattern would have reached it.
void walk_files_confined(const io::FileSystem& fs, const io::Confinement& c, const std::string& root,
                         const std::string& rel, std::vector<std::string>& out, std::set<std::string>& seen,
                         std::vector<std::string>& outside, int depth = 0) {
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

const std::string& param_name(const FnDef& d, size_t i) {
  static const std::string v = "value";
  if (d.params.empty()) return v;
  return d.params[std::min(i, d.params.size() - 1)];
}

// -- collection helpers
Value make_list(ValueList l) {
  return Value::list(std::move(l));
}

bool contains_value(const ValueList& l, const Value& v) {
  for (const auto& e : l)
    if (e.is_known() && e.equals(v)) return true;
  return false;
}

Value number_list(const Value& v, std::string_view fn, std::vector<double>& out) {
  for (const auto& e : v.items()) {
    if (e.is_null()) return call_error(fn, "argument must not be null");
    Value n = e.to_number_value();
    if (!n.is_number()) return call_error(fn, "number required");
    out.push_back(n.as_number());
  }
  return Value();
}

Value fn_templatefile(const Args& a, EvalContext& ctx);

std::unordered_map<std::string, FnDef> build_table() {
  std::unordered_map<std::string, FnDef> t;
  auto add = [&](const char* name, int mn, int mx, std::vector<std::string> params, Fn fn,
                 bool allow_unknown = false, bool allow_null = false) {
    t.emplace(name, FnDef{mn, mx, allow_unknown, allow_null, std::move(params), std::move(fn)});
  };
  auto unknown_fn = [&](const char* name, int mn, int mx, const char* why) {
    std::string reason = std::string("function ") + name + " " + why;
    add(
        name, mn, mx, {}, [reason](const Args&, EvalContext&) { return Value::unknown(reason); }, true, true);
    t.at(name).stub = true;
  };
  auto num1 = [&](const char* name, double (*f)(double)) {
    add(name, 1, 1, {"num"}, [f](const Args& a, EvalContext&) {
      double d;
      Value err;
      if (!get_number(a[0], "num", d, err)) return err;
      return Value::number(f(d));
    });
  };

  // ----- numeric -----
  num1("abs", [](double d) { return std::fabs(d); });
  num1("ceil", [](double d) { return std::ceil(d); });
  num1("floor", [](double d) { return std::floor(d); });
  add("signum", 1, 1, {"num"}, [](const Args& a, EvalContext&) {
    double d;
    Value err;
    if (!get_number(a[0], "num", d, err)) return err;
    if (d != std::floor(d) || std::isinf(d))
      return call_error("signum",
                        "value must be a whole number, between -9223372036854775808 and 9223372036854775807");
    return Value::number(d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0);
  });
  for (const char* name : {"max", "min"}) {
    bool is_max = std::string_view(name) == "max";
    add(name, 1, -1, {"numbers"}, [is_max, name](const Args& a, EvalContext&) {
      double best = 0;
      for (size_t i = 0; i < a.size(); ++i) {
        double d;
        Value err;
        if (!get_number(a[i], "numbers", d, err)) return err;
        if (i == 0 || (is_max ? d > best : d < best)) best = d;
      }
      (void)name;
      return Value::number(best);
    });
  }
  add("pow", 2, 2, {"num", "power"}, [](const Args& a, EvalContext&) {
    double x, y;
    Value err;
    if (!get_number(a[0], "num", x, err) || !get_number(a[1], "power", y, err)) return err;
    return Value::number(std::pow(x, y));
  });
  add("log", 2, 2, {"num", "base"}, [](const Args& a, EvalContext&) {
    double x, y;
    Value err;
    if (!get_number(a[0], "num", x, err) || !get_number(a[1], "base", y, err)) return err;
    return Value::number(std::log(x) / std::log(y));
  });
  add("parseint", 2, 2, {"number", "base"}, [](const Args& a, EvalContext&) {
    if (!a[0].is_string()) return arg_error("number", "string required.");
    long long base;
    Value err;
    if (!get_int(a[1], "base", base, err)) return err;
    if (base < 2 || base > 62) return arg_error("base", "must be an integer between 2 and 62 inclusive.");
    const std::string& s = a[0].as_string();
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= s.size())
      return arg_error("number",
                       "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer.");
    double v = 0;
    for (; i < s.size(); ++i) {
      char c = s[i];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'z')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'Z')
        d = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
      else
        d = 99;
      if (d >= base)
        return arg_error("number",
                         "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer.");
      v = v * static_cast<double>(base) + d;
    }
    return Value::number(neg ? -v : v);
  });

  // ----- strings -----
  add("chomp", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
      if (s.back() == '\r') {
        s.pop_back();
      } else {
        s.pop_back();
        if (!s.empty() && s.back() == '\r') s.pop_back();
      }
    }
    return Value::string(s);
  });
  add("startswith", 2, 2, {"str", "prefix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "prefix", p, err)) return err;
    return Value::boolean(s.compare(0, p.size(), p) == 0 && s.size() >= p.size());
  });
  add("endswith", 2, 2, {"str", "suffix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "suffix", p, err)) return err;
    return Value::boolean(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
  });
  add("strcontains", 2, 2, {"str", "substr"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "substr", p, err)) return err;
    return Value::boolean(s.find(p) != std::string::npos);
  });
  add(
      "format", 1, -1, {"format", "args"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("format", "argument must not be null.");
        std::string f;
        Value err;
        if (!get_string(a[0], "format", f, err)) return err;
        for (size_t i = 1; i < a.size(); ++i) {
          if (const Value* u = find_not_known(a[i])) return Value::unknown(u->reason());
          // Terraform's format() yields an unknown string when an argument is null.
          if (a[i].is_null()) return Value::unknown("format() argument " + std::to_string(i) + " is null");
        }
        return do_format("format", f, a, 1);
      },
      false, true);
  add(
      "formatlist", 1, -1, {"format", "args"},
      [](const Args& a, EvalContext&) {
        std::string f;
        Value err;
        if (a[0].is_null() || !get_string(a[0], "format", f, err))
          return arg_error("format", "string required.");
        long long n = -1;
        for (size_t i = 1; i < a.size(); ++i) {
          if (a[i].is_sequence()) {
            long long len = static_cast<long long>(a[i].items().size());
            if (n >= 0 && n != len)
              return call_error("formatlist",
                                "argument " + std::to_string(i) + " has length " + std::to_string(len) +
                                    ", which is inconsistent with argument 1 of length " + std::to_string(n));
            n = len;
          }
        }
        if (n < 0) n = 1;
        ValueList out;
        for (long long k = 0; k < n; ++k) {
          Args row{a[0]};
          for (size_t i = 1; i < a.size(); ++i) row.push_back(a[i].is_sequence() ? a[i].items()[k] : a[i]);
          Value r = do_format("formatlist", f, row, 1);
          if (!r.is_string()) return r;
          out.push_back(r);
        }
        return make_list(std::move(out));
      },
      false, true);
  add("indent", 2, 2, {"spaces", "str"}, [](const Args& a, EvalContext&) {
    long long n;
    std::string s;
    Value err;
    if (!get_int(a[0], "spaces", n, err) || !get_string(a[1], "str", s, err)) return err;
    size_t lines = static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
    if (Value refused;
        refuse_size(1, s.size() + sat_mul(lines, static_cast<uint64_t>(std::max(0LL, n))), refused))
      return refused;
    std::string pad(static_cast<size_t>(std::max(0LL, n)), ' ');
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\n') out += pad;
    }
    return Value::string(out);
  });
  add("join", 2, -1, {"separator", "lists"}, [](const Args& a, EvalContext&) {
    std::string sep;
    Value err;
    if (!get_string(a[0], "separator", sep, err)) return err;
    uint64_t total = 0;
    for (size_t i = 1; i < a.size(); ++i)
      total += a[i].deep_bytes() + sat_mul(a[i].items().size(), sep.size());
    if (Value refused; refuse_size(1, total, refused)) return refused;
    std::string out;
    bool first = true;
    for (size_t i = 1; i < a.size(); ++i) {
      if (!get_seq(a[i], "lists", err)) return err;
      for (const auto& e : a[i].items()) {
        if (e.is_null())
          return arg_error("lists", "element " + std::to_string(&e - a[i].items().data()) + " is null");
        std::string s;
        if (!get_string(e, "lists", s, err)) return err;
        if (!first) out += sep;
        first = false;
        out += s;
      }
    }
    return Value::string(out);
  });
  auto casefn = [&](const char* name, uint32_t (*f)(uint32_t)) {
    add(name, 1, 1, {"str"}, [f](const Args& a, EvalContext&) {
      std::string s;
      Value err;
      if (!get_string(a[0], "str", s, err)) return err;
      auto cps = decode_utf8(s);
      for (auto& c : cps) c = f(c);
      return Value::string(encode_utf8(cps));
    });
  };
  casefn("upper", to_upper_cp);
  casefn("lower", to_lower_cp);
  add("title", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    uint32_t prev = ' ';
    for (auto& c : cps) {
      bool sep;
      if (prev < 0x80) {
        sep = !(std::isalnum(static_cast<int>(prev)) || prev == '_');
      } else {
        sep = is_space_cp(prev);
      }
      uint32_t orig = c;
      if (sep) c = to_upper_cp(c);
      prev = orig;
    }
    return Value::string(encode_utf8(cps));
  });
  add("strrev", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    std::reverse(cps.begin(), cps.end());
    return Value::string(encode_utf8(cps));
  });
  add("substr", 3, 3, {"str", "offset", "length"}, [](const Args& a, EvalContext&) {
    std::string s;
    long long off, len;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_int(a[1], "offset", off, err) ||
        !get_int(a[2], "length", len, err))
      return err;
    auto cps = decode_utf8(s);
    long long n = static_cast<long long>(cps.size());
    if (off < 0) {
      off += n;
      if (off < 0) off = 0;
    }
    if (off > n) return Value::string("");
    long long end = len < 0 ? n : std::min(n, off + len);
    return Value::string(encode_utf8(cps, static_cast<size_t>(off), static_cast<size_t>(end)));
  });
  add("split", 2, 2, {"separator", "str"}, [](const Args& a, EvalContext&) {
    std::string sep, s;
    Value err;
    if (!get_string(a[0], "separator", sep, err) || !get_string(a[1], "str", s, err)) return err;
    uint64_t pieces = 1;
    if (sep.empty())
      pieces += s.size();
    else
      for (size_t p = s.find(sep); p != std::string::npos; p = s.find(sep, p + sep.size())) ++pieces;
    if (Value refused; refuse_size(pieces + 1, s.size(), refused)) return refused;
    ValueList out;
    if (sep.empty()) {
      for (uint32_t c : decode_utf8(s)) {
        std::string one;
        append_utf8(one, c);
        out.push_back(Value::string(one));
      }
      return make_list(std::move(out));
    }
    size_t st = 0;
    for (;;) {
      size_t p = s.find(sep, st);
      if (p == std::string::npos) {
        out.push_back(Value::string(s.substr(st)));
        break;
      }
      out.push_back(Value::string(s.substr(st, p - st)));
      st = p + sep.size();
    }
    return make_list(std::move(out));
  });
  add("trim", 2, 2, {"str", "cutset"}, [](const Args& a, EvalContext&) {
    std::string s, cut;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "cutset", cut, err)) return err;
    auto cps = decode_utf8(s);
    auto set = decode_utf8(cut);
    auto in = [&](uint32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); };
    size_t b = 0, e = cps.size();
    while (b < e && in(cps[b])) ++b;
    while (e > b && in(cps[e - 1])) --e;
    return Value::string(encode_utf8(cps, b, e));
  });
  add("trimprefix", 2, 2, {"str", "prefix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "prefix", p, err)) return err;
    if (s.compare(0, p.size(), p) == 0) s.erase(0, p.size());
    return Value::string(s);
  });
  add("trimsuffix", 2, 2, {"str", "suffix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "suffix", p, err)) return err;
    if (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0)
      s.erase(s.size() - p.size());
    return Value::string(s);
  });
  add("trimspace", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    size_t b = 0, e = cps.size();
    while (b < e && is_space_cp(cps[b])) ++b;
    while (e > b && is_space_cp(cps[e - 1])) --e;
    return Value::string(encode_utf8(cps, b, e));
  });
  add("replace", 3, 3, {"str", "substr", "replace"}, [](const Args& a, EvalContext&) {
    std::string s, sub, rep;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "substr", sub, err) ||
        !get_string(a[2], "replace", rep, err))
      return err;
    if (sub.size() >= 2 && sub.front() == '/' && sub.back() == '/') {
      std::string why;
      auto r = detail::GoRegex::compile(std::string_view(sub).substr(1, sub.size() - 2), &why);
      if (!r) return call_error("replace", "error parsing regexp: " + why);
      EvalBudget* b = EvalBudget::active();
      size_t max_bytes = b ? b->limits().max_bytes : EvalLimits{}.max_bytes;
      std::string out;
      size_t scanned = 0;
      bool done = r->replace_all(s, rep, max_bytes, regex_scan_limit(), &scanned, &out);
      Value refused;
      if (refuse_work(scanned / kRegexBytesPerWork, refused)) return refused;
      if (!done)
        return Value::unknown(budget_exceeded(
            out.size() > max_bytes ? "value larger than " + std::to_string(max_bytes >> 20) + " MiB of text"
                                   : "regular expression " + sub + " would read more than " +
                                         std::to_string(regex_scan_limit()) + " bytes"));
      return Value::string(std::move(out));
    }
    if (sub.empty()) {
      // Go's strings.Replace with an empty old string inserts at every code point boundary.
      if (Value refused; refuse_size(1, s.size() + sat_mul(s.size() + 1, rep.size()), refused))
        return refused;
      std::string out = rep;
      for (uint32_t c : decode_utf8(s)) {
        append_utf8(out, c);
        out += rep;
      }
      return Value::string(out);
    }
    uint64_t hits = 0;
    for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++hits;
    if (Value refused; refuse_size(1, s.size() + sat_mul(hits, rep.size()), refused)) return refused;
    std::string out;
    size_t st = 0;
    for (;;) {
      size_t p = s.find(sub, st);
      if (p == std::string::npos) break;
      out.append(s, st, p - st);
      out += rep;
      st = p + sub.size();
    }
    out.append(s, st, std::string::npos);
    return Value::string(out);
  });
  for (const char* name : {"regex", "regexall"}) {
    bool all = std::string_view(name) == "regexall";
    add(name, 2, 2, {"pattern", "string"}, [all](const Args& a, EvalContext&) {
      std::string pat, s;
      Value err;
      if (!get_string(a[0], "pattern", pat, err) || !get_string(a[1], "string", s, err)) return err;
      std::string why;
      auto r = detail::GoRegex::compile(pat, &why);
      if (!r) return arg_error("pattern", "invalid regexp pattern: " + why);
      if (r->has_named() && r->has_unnamed())
        return arg_error("pattern",
                         "invalid regexp pattern: cannot mix both named and unnamed capture groups.");
      ValueList out;
      Value refused;
      size_t scanned = 0;
      uint64_t elems = 0, limit = EvalLimits{}.max_elements;
      if (EvalBudget* b = EvalBudget::active()) limit = b->limits().max_elements;
      bool done = r->for_each_match(s, regex_scan_limit(), &scanned, [&](const detail::RegexMatch& m) {
        out.push_back(regex_result(*r, s, m));
        elems += out.back().deep_elements();
        return all && elems <= limit;
      });
      if (refuse_work(scanned / kRegexBytesPerWork, refused)) return refused;
      if (!done)
        return Value::unknown(budget_exceeded("regular expression would read more than " +
                                              std::to_string(regex_scan_limit()) + " bytes"));
      if (refuse_size(elems + 1, 0, refused)) return refused;
      if (!all) {
        if (out.empty()) return call_error("regex", "pattern did not match any part of the given string");
        return out[0];
      }
      return make_list(std::move(out));
    });
  }

  // ----- collections -----
  for (const char* name : {"alltrue", "anytrue"}) {
    bool is_all = std::string_view(name) == "alltrue";
    add(name, 1, 1, {"list"}, [is_all](const Args& a, EvalContext&) {
      Value err;
      if (!get_seq(a[0], "list", err)) return err;
      for (const auto& e : a[0].items()) {
        if (e.is_null()) {
          if (is_all) return Value::boolean(false);
          continue;
        }
        bool b;
        if (!get_bool(e, "list", b, err)) return err;
        if (is_all && !b) return Value::boolean(false);
        if (!is_all && b) return Value::boolean(true);
      }
      return Value::boolean(is_all);
    });
  }
  add("chunklist", 2, 2, {"list", "size"}, [](const Args& a, EvalContext&) {
    Value err;
    long long n;
    if (!get_seq(a[0], "list", err) || !get_int(a[1], "size", n, err)) return err;
    if (n < 0) return arg_error("size", "the size argument must be positive.");
    ValueList out, cur;
    const auto& items = a[0].items();
    if (n == 0) return make_list({make_list(items)});
    for (const auto& e : items) {
      cur.push_back(e);
      if (static_cast<long long>(cur.size()) == n) {
        out.push_back(make_list(std::move(cur)));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(make_list(std::move(cur)));
    return make_list(std::move(out));
  });
  add(
      "coalesce", 1, -1, {"vals"},
      [](const Args& a, EvalContext&) {
        std::vector<detail::Type> ts;
        for (const auto& v : a) ts.push_back(detail::type_of(v));
        auto u = detail::unify(ts);
        if (!u) return arg_error("vals", "all arguments must have the same type.");
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (v.is_null()) continue;
          if (v.is_string() && v.as_string().empty()) continue;
          Value c = detail::convert(v, *u);
          if (c.is_string() && c.as_string().empty()) continue;
          return c;
        }
        return call_error("coalesce", "no non-null, non-empty-string arguments");
      },
      true, true);
  add(
      "coalescelist", 1, -1, {"vals"},
      [](const Args& a, EvalContext&) {
        for (const auto& v : a)
          if (v.is_known() && !v.is_null() && !v.is_sequence())
            return arg_error("vals", "a list or tuple is required.");
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (v.is_null()) continue;
          if (!v.items().empty()) return v;
        }
        return call_error("coalescelist", "no non-null arguments");
      },
      true, true);
  add(
      "compact", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        ValueList out;
        for (const auto& e : a[0].items()) {
          if (e.is_null()) continue;
          if (e.is_unknown()) return e;
          std::string s;
          if (!get_string(e, "list", s, err)) return err;
          if (s.empty()) continue;
          out.push_back(Value::string(s));
        }
        return make_list(std::move(out));
      },
      true);
  add(
      "concat", 1, -1, {"seqs"},
      [](const Args& a, EvalContext&) {
        ValueList out;
        uint64_t elems = 0, bytes = 0;
        for (const auto& v : a) {
          elems += v.deep_elements();
          bytes += v.deep_bytes();
        }
        if (Value refused; refuse_size(elems, bytes, refused)) return refused;
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (!v.is_sequence() || v.kind() == Value::Kind::Set)
            return arg_error("seqs", "all arguments must be lists or tuples; got " + kind_name(v) + ".");
          out.insert(out.end(), v.items().begin(), v.items().end());
        }
        bool all_lists =
            std::all_of(a.begin(), a.end(), [](const Value& v) { return v.kind() == Value::Kind::List; });
        return all_lists ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  add(
      "contains", 2, 2, {"list", "value"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("list", "argument must not be null.");
        if (!a[0].is_sequence()) return arg_error("list", "argument must be list, tuple, or set");
        return Value::boolean(contains_value(a[0].items(), a[1]));
      },
      false, true);
  add("distinct", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    ValueList out;
    for (const auto& e : a[0].items()) {
      if (Value refused; refuse_work(out.size(), refused)) return refused;
      if (!contains_value(out, e)) out.push_back(e);
    }
    return make_list(std::move(out));
  });
  add(
      "element", 2, 2, {"list", "index"},
      [](const Args& a, EvalContext&) {
        Value err;
        long long i;
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        if (!get_seq(a[0], "list", err) || !get_int(a[1], "index", i, err)) return err;
        if (a[0].kind() == Value::Kind::Set)
          return arg_error("list", "cannot use element function with a set.");
        size_t n = a[0].items().size();
        if (n == 0) return call_error("element", "cannot use element function with an empty list");
        if (i < 0) return call_error("element", "cannot use element function with a negative index");
        return a[0].items()[static_cast<size_t>(i) % n];
      },
      true);
  add(
      "flatten", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        ValueList out;
        std::function<bool(const Value&)> rec = [&](const Value& v) {
          for (const auto& e : v.items()) {
            if (e.is_unknown()) return false;
            if (e.is_sequence()) {
              if (!rec(e)) return false;
            } else {
              out.push_back(e);
            }
          }
          return true;
        };
        if (!rec(a[0])) return Value::unknown("flatten of a list containing an unknown element");
        return Value::tuple(std::move(out));
      },
      true);
  add(
      "index", 2, 2, {"list", "value"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        const auto& items = a[0].items();
        for (size_t i = 0; i < items.size(); ++i)
          if (items[i].equals(a[1])) return Value::number(static_cast<double>(i));
        return call_error("index", "item not found");
      },
      false, true);
  add(
      "keys", 1, 1, {"inputMap"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_mapping()) return arg_error("inputMap", "must have map or object type.");
        ValueList out;
        for (const auto& [k, v] : a[0].attrs()) out.push_back(Value::string(k));
        return a[0].kind() == Value::Kind::Map ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  add(
      "values", 1, 1, {"mapping"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_mapping()) return arg_error("mapping", "must have map or object type.");
        ValueList out;
        for (const auto& [k, v] : a[0].attrs()) out.push_back(v);
        return a[0].kind() == Value::Kind::Map ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  add(
      "length", 1, 1, {"value"},
      [](const Args& a, EvalContext&) {
        const Value& v = a[0];
        if (v.is_unknown()) return v;
        if (v.is_string()) return Value::number(static_cast<double>(decode_utf8(v.as_string()).size()));
        if (v.is_sequence()) return Value::number(static_cast<double>(v.items().size()));
        if (v.is_mapping()) return Value::number(static_cast<double>(v.attrs().size()));
        return arg_error("value", "argument must be a string, a collection type, or a structural type.");
      },
      true);
  add(
      "lookup", 2, 3, {"inputMap", "key", "default"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("inputMap", "argument must not be null.");
        if (a[1].is_null()) return arg_error("key", "argument must not be null.");
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        if (!a[0].is_mapping()) return arg_error("inputMap", "must have map or object type.");
        std::string k;
        Value err;
        if (!get_string(a[1], "key", k, err)) return err;
        if (const Value* v = a[0].get(k)) {
          if (a.size() == 3 && v->is_known() && a[0].kind() == Value::Kind::Map) {
            auto u = detail::unify({detail::type_of(*v), detail::type_of(a[2])});
            if (u) return detail::convert(*v, *u);
          }
          return *v;
        }
        if (a.size() == 3) return a[2];
        return arg_error("inputMap", std::string("the given ") +
                                         (a[0].kind() == Value::Kind::Map ? "map" : "object") +
                                         " has no attribute \"" + k + "\".");
      },
      true, true);
  add("matchkeys", 3, 3, {"values", "keys", "searchset"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "values", err) || !get_seq(a[1], "keys", err) || !get_seq(a[2], "searchset", err))
      return err;
    if (a[0].items().size() != a[1].items().size())
      return call_error("matchkeys", "length of keys and values should be equal");
    if (Value refused; refuse_work(sat_mul(a[1].items().size(), a[2].items().size()), refused))
      return refused;
    ValueList out;
    for (size_t i = 0; i < a[1].items().size(); ++i) {
      const Value& k = a[1].items()[i];
      for (const auto& s : a[2].items()) {
        Value ks = k, ss = s;
        if (k.is_number() && s.is_string()) ks = k.to_string_value();
        if (s.is_number() && k.is_string()) ss = s.to_string_value();
        if (ks.equals(ss)) {
          out.push_back(a[0].items()[i]);
          break;
        }
      }
    }
    return make_list(std::move(out));
  });
  add(
      "merge", 0, -1, {"maps"},
      [](const Args& a, EvalContext&) {
        ValueMap out;
        bool all_maps = true;
        uint64_t elems = 0, bytes = 0;
        for (const auto& v : a) {
          elems += v.deep_elements();
          bytes += v.deep_bytes();
        }
        if (Value refused; refuse_size(elems, bytes, refused)) return refused;
        for (const auto& v : a) {
          if (v.is_null()) continue;
          if (v.is_unknown()) return v;
          if (!v.is_mapping())
            return arg_error("maps", "arguments must be maps or objects, got \"" + kind_name(v) + "\".");
          if (v.kind() != Value::Kind::Map) all_maps = false;
          for (const auto& [k, e] : v.attrs()) out.insert_or_assign(k, e);
        }
        if (all_maps) {
          Value m = Value::map(out);
          std::vector<detail::Type> ts;
          for (const auto& [k, e] : out) ts.push_back(detail::type_of(e));
          if (detail::unify(ts)) return detail::to_map(m);
          return Value::object(std::move(out));
        }
        return Value::object(std::move(out));
      },
      true, true);
  add(
      "one", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_sequence())
          return arg_error("list", "must be a list, set, or tuple value with either zero or one elements.");
        if (a[0].items().empty()) return Value::null();
        if (a[0].items().size() == 1) return a[0].items()[0];
        return arg_error("list", "must be a list, set, or tuple value with either zero or one elements.");
      },
      true);
  add("range", 1, 3, {"params"}, [](const Args& a, EvalContext&) {
    double start = 0, limit, step = 1;
    Value err;
    if (a.size() == 1) {
      if (!get_number(a[0], "limit", limit, err)) return err;
    } else {
      if (!get_number(a[0], "start", start, err) || !get_number(a[1], "limit", limit, err)) return err;
      if (a.size() == 3 && !get_number(a[2], "step", step, err)) return err;
    }
    if (a.size() < 3 && limit < start) step = -1;
    if (step == 0) return call_error("range", "step must not be zero");
    if ((step > 0 && limit < start) || (step < 0 && limit > start))
      return call_error("range", step > 0
                                     ? "the limit must be greater than the start when the step is positive"
                                     : "the limit must be less than the start when the step is negative");
    ValueList out;
    for (double v = start; step > 0 ? v < limit : v > limit; v += step) {
      if (out.size() >= 1024)
        return call_error("range",
                          "more than 1024 values were generated; either decrease the difference between "
                          "start and end or use a smaller step");
      out.push_back(Value::number(v));
    }
    return make_list(std::move(out));
  });
  add(
      "reverse", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        if (a[0].kind() == Value::Kind::Set)
          return arg_error("list", "can only reverse list or tuple values, not set");
        ValueList out(a[0].items().rbegin(), a[0].items().rend());
        return a[0].kind() == Value::Kind::List ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  auto setop = [&](const char* name, int op) {
    add(name, op == 3 ? 2 : 1, op == 3 ? 2 : -1, {"sets"}, [op, name](const Args& a, EvalContext&) {
      for (const auto& v : a)
        if (!v.is_sequence()) return arg_error("sets", "a set of any single type is required.");
      // Convert everything to sets of a unified element type first.
      std::vector<detail::Type> ts;
      for (const auto& v : a)
        for (const auto& e : v.items()) ts.push_back(detail::type_of(e));
      auto u = detail::unify(ts);
      if (!u) return arg_error("sets", "given sets must all have compatible element types.");
      std::vector<Value> sets;
      for (const auto& v : a) {
        Value s = detail::convert(v, detail::Type::collection(detail::Type::K::Set, *u));
        if (s.is_error()) return s;
        sets.push_back(s);
      }
      ValueList out;
      uint64_t elems = 0, bytes = 0, work = 0;
      for (const auto& v : sets) {
        elems += v.deep_elements();
        bytes += v.deep_bytes();
        work += v.items().size();
      }
      if (Value refused; (op == 0 && refuse_size(elems, bytes, refused)) ||
                         (op != 0 && refuse_work(sat_mul(sets[0].items().size(), work), refused)))
        return refused;
      if (op == 0) {  // union
        for (const auto& s : sets) out.insert(out.end(), s.items().begin(), s.items().end());
      } else if (op == 1) {  // intersection
        for (const auto& e : sets[0].items()) {
          bool all = true;
          for (size_t i = 1; i < sets.size(); ++i) all = all && contains_value(sets[i].items(), e);
          if (all) out.push_back(e);
        }
      } else {  // subtract
        for (const auto& e : sets[0].items())
          if (!contains_value(sets[1].items(), e)) out.push_back(e);
      }
      (void)name;
      return Value::set(std::move(out));
    });
  };
  setop("setunion", 0);
  setop("setintersection", 1);
  setop("setsubtract", 3);
  add("setproduct", 1, -1, {"sets"}, [](const Args& a, EvalContext&) {
    for (const auto& v : a)
      if (!v.is_sequence()) return arg_error("sets", "a set or a list is required.");
    bool all_lists =
        std::all_of(a.begin(), a.end(), [](const Value& v) { return v.kind() != Value::Kind::Set; });
    uint64_t rows = 1, bytes = 0;
    for (const auto& v : a) {
      rows = sat_mul(rows, v.items().size());
      bytes = std::max(bytes, v.deep_bytes());
    }
    Value refused;
    if (refuse_size(sat_mul(rows, a.size() + 1), sat_mul(rows, bytes), refused)) return refused;
    std::vector<ValueList> acc{{}};
    for (const auto& v : a) {
      std::vector<ValueList> next;
      for (const auto& prefix : acc)
        for (const auto& e : v.items()) {
          ValueList p = prefix;
          p.push_back(e);
          next.push_back(std::move(p));
        }
      acc = std::move(next);
    }
    ValueList out;
    for (auto& p : acc) out.push_back(Value::tuple(std::move(p)));
    if (a.size() < 2) return call_error("setproduct", "at least two arguments are required");
    return all_lists ? make_list(std::move(out)) : Value::set(std::move(out));
  });
  add(
      "slice", 3, 3, {"list", "start_index", "end_index"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        Value err;
        long long s, e;
        if (!get_seq(a[0], "list", err) || !get_int(a[1], "start_index", s, err) ||
            !get_int(a[2], "end_index", e, err))
          return err;
        long long n = static_cast<long long>(a[0].items().size());
        if (s < 0) return arg_error("start_index", "must be greater than or equal to 0.");
        if (e > n)
          return arg_error("end_index", "end index must not be greater than the length of the list.");
        if (s > e) return arg_error("start_index", "must be less than or equal to end_index.");
        ValueList out(a[0].items().begin() + s, a[0].items().begin() + e);
        return a[0].kind() == Value::Kind::Tuple ? Value::tuple(std::move(out)) : make_list(std::move(out));
      },
      true);
  add("sort", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    std::vector<std::string> ss;
    for (const auto& e : a[0].items()) {
      if (e.is_null())
        return arg_error("list", "given list element " + std::to_string(ss.size()) +
                                     " is null; a null string cannot be sorted.");
      std::string s;
      if (!get_string(e, "list", s, err)) return err;
      ss.push_back(s);
    }
    std::sort(ss.begin(), ss.end());
    ValueList out;
    for (auto& s : ss) out.push_back(Value::string(s));
    return make_list(std::move(out));
  });
  add("sum", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    if (a[0].items().empty()) return call_error("sum", "cannot sum an empty list");
    std::vector<double> ns;
    Value bad = number_list(a[0], "sum", ns);
    if (bad.is_error()) return bad;
    double t = 0;
    for (double d : ns) t += d;
    return Value::number(t);
  });
  add("transpose", 1, 1, {"values"}, [](const Args& a, EvalContext&) {
    if (!a[0].is_mapping()) return arg_error("values", "map of list of string required.");
    std::map<std::string, ValueList> out;
    for (const auto& [k, l] : a[0].attrs()) {
      if (!l.is_sequence()) return arg_error("values", "map of list of string required.");
      for (const auto& e : l.items()) {
        std::string s;
        Value err;
        if (e.is_null() || !get_string(e, "values", s, err))
          return arg_error("values", "map of list of string required.");
        out[s].push_back(Value::string(k));
      }
    }
    ValueMap m;
    for (auto& [k, l] : out) m.emplace(k, make_list(std::move(l)));
    return Value::map(std::move(m));
  });
  add(
      "zipmap", 2, 2, {"keys", "values"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        Value err;
        if (!get_seq(a[0], "keys", err) || !get_seq(a[1], "values", err)) return err;
        if (a[0].items().size() != a[1].items().size())
          return call_error("zipmap", "number of keys (" + std::to_string(a[0].items().size()) +
                                          ") does not match number of values (" +
                                          std::to_string(a[1].items().size()) + ")");
        ValueMap m;
        for (size_t i = 0; i < a[0].items().size(); ++i) {
          const Value& k = a[0].items()[i];
          if (k.is_unknown()) return k;
          std::string ks;
          if (k.is_null() || !get_string(k, "keys", ks, err)) return arg_error("keys", "string required.");
          m.insert_or_assign(ks, a[1].items()[i]);
        }
        if (a[1].kind() == Value::Kind::Tuple) return Value::object(std::move(m));
        return Value::map(std::move(m));
      },
      true);
  add(
      "list", 0, -1, {},
      [](const Args&, EvalContext&) {
        return Value::error(
            "Call to unknown function: The \"list\" function was deprecated in Terraform v0.12 and is no "
            "longer "
            "available; use tolist([ ... ]) syntax to write a literal list.");
      },
      true, true);
  add(
      "map", 0, -1, {},
      [](const Args&, EvalContext&) {
        return Value::error(
            "Call to unknown function: The \"map\" function was deprecated in Terraform v0.12 and is no "
            "longer "
            "available; use tomap({ ... }) syntax to write a literal map.");
      },
      true, true);

  // ----- type conversion -----
  add(
      "tostring", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::String));
        if (r.is_error()) return arg_error("v", "cannot convert " + kind_name(a[0]) + " to string.");
        return r;
      },
      true, true);
  add(
      "tonumber", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_bool()) return arg_error("v", "cannot convert bool to number.");
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::Number));
        if (r.is_error())
          return arg_error(
              "v", a[0].is_string() ? r.reason() : "cannot convert " + kind_name(a[0]) + " to number.");
        return r;
      },
      true, true);
  add(
      "tobool", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_number()) return arg_error("v", "cannot convert number to bool.");
        Value r = detail::convert(a[0], detail::Type::prim(detail::Type::K::Bool));
        if (r.is_error())
          return arg_error("v",
                           a[0].is_string() ? r.reason() : "cannot convert " + kind_name(a[0]) + " to bool.");
        return r;
      },
      true, true);
  for (const char* name : {"tolist", "toset"}) {
    bool is_set = std::string_view(name) == "toset";
    add(
        name, 1, 1, {"v"},
        [is_set](const Args& a, EvalContext&) {
          if (a[0].is_unknown()) return a[0];
          if (!a[0].is_null() && !a[0].is_sequence())
            return arg_error("v", "cannot convert " + kind_name(a[0]) + " to " + (is_set ? "set" : "list") +
                                      " of any single type.");
          Value r = detail::to_list_like(a[0], is_set);
          if (r.is_error())
            return arg_error("v", "cannot convert " + kind_name(a[0]) + " to " + (is_set ? "set" : "list") +
                                      " of any single type.");
          return r;
        },
        true, true);
  }
  add(
      "tomap", 1, 1, {"v"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_null() && !a[0].is_mapping())
          return arg_error("v", "cannot convert " + kind_name(a[0]) + " to map of any single type.");
        Value r = detail::to_map(a[0]);
        if (r.is_error())
          return arg_error("v", "cannot convert " + kind_name(a[0]) + " to map of any single type.");
        return r;
      },
      true, true);

  // ----- encoding -----
  add(
      "jsonencode", 1, 1, {"val"},
      [](const Args& a, EvalContext&) {
        std::function<bool(const Value&)> has_inf = [&](const Value& v) {
          if (v.is_number()) return std::isinf(v.as_number());
          for (const auto& e : v.items())
            if (has_inf(e)) return true;
          for (const auto& [k, e] : v.attrs())
            if (has_inf(e)) return true;
          return false;
        };
        if (has_inf(a[0])) return call_error("jsonencode", "value cannot be encoded as JSON: infinity");
        return Value::string(detail::json_encode(a[0]));
      },
      false, true);
  add("jsondecode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    // Every element but the first follows a ',' or opens a container: an upper bound, counted first.
    uint64_t elems = 1;
    for (char c : s) elems += c == ',' || c == '[' || c == '{';
    if (Value refused; refuse_size(elems, s.size(), refused)) return refused;
    JsonParser p;
    p.s = s;
    Value out;
    if (!p.parse(out)) return call_error("jsondecode", p.err);
    p.ws();
    if (p.i != s.size()) return call_error("jsondecode", "extraneous data after JSON object");
    return out;
  });
  add("base64encode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    return Value::string(detail::base64_encode(s));
  });
  add("base64decode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s, out;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    if (!detail::base64_decode(s, out))
      return call_error("base64decode", "failed to decode base64 data \"" + s + "\"");
    if (!valid_utf8(out))
      return call_error("base64decode", "the result of decoding the provided string is not valid UTF-8");
    return Value::string(out);
  });
  add("textencodebase64", 2, 2, {"string", "encoding"}, [](const Args& a, EvalContext&) {
    std::string s, enc;
    Value err;
    if (!get_string(a[0], "string", s, err) || !get_string(a[1], "encoding", enc, err)) return err;
    std::string low;
    for (char c : enc) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low != "utf-8" && low != "utf8") return Value::unknown("textencodebase64 supports only UTF-8 here");
    return Value::string(detail::base64_encode(s));
  });
  add("textdecodebase64", 2, 2, {"source", "encoding"}, [](const Args& a, EvalContext&) {
    std::string s, enc, out;
    Value err;
    if (!get_string(a[0], "source", s, err) || !get_string(a[1], "encoding", enc, err)) return err;
    std::string low;
    for (char c : enc) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low != "utf-8" && low != "utf8") return Value::unknown("textdecodebase64 supports only UTF-8 here");
    if (!detail::base64_decode(s, out))
      return call_error("textdecodebase64", "invalid source string: illegal base64 data");
    return Value::string(out);
  });
  add("urlencode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return Value::string(out);
  });
  add("csvdecode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    uint64_t cells = 1;
    for (char c : s) cells += c == ',' || c == '\n';
    if (Value refused; refuse_size(cells * 2, s.size() * 2, refused)) return refused;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool inq = false, any = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (inq) {
        if (c == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            inq = false;
          }
        } else {
          field += c;
        }
        continue;
      }
      if (c == '"' && field.empty()) {
        inq = true;
        any = true;
      } else if (c == ',') {
        row.push_back(field);
        field.clear();
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        if (any || !field.empty()) {
          row.push_back(field);
          rows.push_back(row);
        }
        row.clear();
        field.clear();
        any = false;
      } else {
        field += c;
        any = true;
      }
    }
    if (inq) return call_error("csvdecode", "extraneous or missing \" in quoted-field");
    if (any || !field.empty()) {
      row.push_back(field);
      rows.push_back(row);
    }
    if (rows.empty()) return call_error("csvdecode", "missing header line");
    ValueList out;
    for (size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() != rows[0].size())
        return call_error("csvdecode",
                          "record on line " + std::to_string(r + 1) + ": wrong number of fields");
      ValueMap obj;
      for (size_t c = 0; c < rows[0].size(); ++c) obj.insert_or_assign(rows[0][c], Value::string(rows[r][c]));
      out.push_back(Value::object(std::move(obj)));
    }
    return make_list(std::move(out));
  });
  unknown_fn("yamldecode", 1, 1, "is not supported (YAML decoding is not implemented)");
  unknown_fn("yamlencode", 1, 1, "is not supported (YAML encoding is not implemented)");
  unknown_fn("base64gzip", 1, 1, "is not supported");

  // ----- hashes -----
  auto hashfn = [&](const char* name, std::string (*raw)(std::string_view), bool b64) {
    add(name, 1, 1, {"str"}, [raw, b64](const Args& a, EvalContext&) {
      std::string s;
      Value err;
      if (!get_string(a[0], "str", s, err)) return err;
      std::string d = raw(s);
      return Value::string(b64 ? detail::base64_encode(d) : detail::hex(d));
    });
  };
  hashfn("md5", detail::md5_raw, false);
  hashfn("sha1", detail::sha1_raw, false);
  hashfn("sha256", detail::sha256_raw, false);
  hashfn("sha512", detail::sha512_raw, false);
  hashfn("base64sha256", detail::sha256_raw, true);
  hashfn("base64sha512", detail::sha512_raw, true);
  unknown_fn("uuid", 0, 0, "is not knowable before apply");
  unknown_fn("uuidv5", 2, 2, "is not supported");
  unknown_fn("timestamp", 0, 0, "is not knowable before apply");
  unknown_fn("plantimestamp", 0, 0, "is not knowable before apply");
  unknown_fn("bcrypt", 1, 2, "is not knowable before apply (it uses a random salt)");
  unknown_fn("formatdate", 2, 2, "is not supported");
  unknown_fn("timeadd", 2, 2, "is not supported");
  unknown_fn("timecmp", 2, 2, "is not supported");
  unknown_fn("rsadecrypt", 2, 2, "is not supported");
  for (const char* n : {"cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets"})
    unknown_fn(n, 1, -1, "is not supported");

  // ----- filesystem -----
  // Every read is confined to the scanned tree (EvalContext::confinement) and the size limit; a refused
  // read is unknown with the reason. The result is marked as coming from the file.
  auto read_file = [](const char* fn, const Args& a, EvalContext& ctx, std::string& out) -> Value {
    std::string full;
    Value r = read_confined(fn, a[0], ctx, out, full);
    return r;
  };
  add("file", 1, 1, {"path"}, [read_file](const Args& a, EvalContext& ctx) {
    std::string data;
    Value r = read_file("file", a, ctx, data);
    if (!r.is_null()) return r;
    if (!valid_utf8(data))
      return call_error(
          "file",
          "contents of " + shown_path(a[0]) +
              " are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or "
              "the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead");
    return Value::string(std::move(data)).with_file_mark(file_mark_name(a[0], ctx));
  });
  add("filebase64", 1, 1, {"path"}, [read_file](const Args& a, EvalContext& ctx) {
    std::string data;
    Value r = read_file("filebase64", a, ctx, data);
    if (!r.is_null()) return r;
    return Value::string(detail::base64_encode(data)).with_file_mark(file_mark_name(a[0], ctx));
  });
  auto filehash = [&](const char* name, std::string (*raw)(std::string_view), bool b64) {
    add(name, 1, 1, {"path"}, [name, read_file, raw, b64](const Args& a, EvalContext& ctx) {
      std::string data;
      Value r = read_file(name, a, ctx, data);
      if (!r.is_null()) return r;
      std::string d = raw(data);
      // A digest of a short secret gives it away: marked as well.
      return Value::string(b64 ? detail::base64_encode(d) : detail::hex(d))
          .with_file_mark(file_mark_name(a[0], ctx));
    });
  };
  filehash("filemd5", detail::md5_raw, false);
  filehash("filesha1", detail::sha1_raw, false);
  filehash("filesha256", detail::sha256_raw, false);
  filehash("filesha512", detail::sha512_raw, false);
  filehash("filebase64sha256", detail::sha256_raw, true);
  filehash("filebase64sha512", detail::sha512_raw, true);
  add("fileexists", 1, 1, {"path"}, [](const Args& a, EvalContext& ctx) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    std::string shown = shown_path(a[0]);
    if (!ctx.fs()) return Value::unknown("no file system to look for " + shown + " in");
    std::string full = resolve_path(ctx, p);
    if (const io::Confinement* c = ctx.confinement()) {
      auto r = c->resolve(full);
      using R = io::Confinement::Refusal;
      switch (r.refusal) {
        case R::Missing:
          return Value::boolean(false);
        case R::None:
        case R::TooLarge:
          if (r.is_dir) return call_error("fileexists", shown + " is a directory, not a file");
          return Value::boolean(true);
        case R::Outside:
          // Never a truthful answer about the disk outside the tree.
          return Value::unknown("fileexists(" + shown + ") " + r.reason);
        case R::NotRegular:
        case R::Unreadable:
          return call_error("fileexists", shown + " " + r.reason);
      }
    }
    if (ctx.fs()->is_file(full)) return Value::boolean(true);
    if (ctx.fs()->is_dir(full)) return call_error("fileexists", shown + " is a directory, not a file");
    return Value::boolean(false);
  });
  add("fileset", 2, 2, {"path", "pattern"}, [](const Args& a, EvalContext& ctx) {
    std::string p, pat;
    Value err;
    if (!get_string(a[0], "path", p, err) || !get_string(a[1], "pattern", pat, err)) return err;
    std::string shown = shown_path(a[0]);
    if (!ctx.fs()) return Value::unknown("no file system to list " + shown);
    std::string root = resolve_path(ctx, p);
    std::vector<std::string> files;
    if (const io::Confinement* c = ctx.confinement()) {
      auto r = c->resolve(root);
      if (r.refusal == io::Confinement::Refusal::Outside)
        return Value::unknown("fileset(" + shown + ", ...) " + r.reason);
      if (r.refusal == io::Confinement::Refusal::None && r.is_dir) {
        std::vector<std::string> outside;
        std::set<std::string> seen{r.real_path};
        walk_files_confined(*ctx.fs(), *c, root, "", files, seen, outside);
        // Entries leading out of the tree matter only where the pattern would reach them.
        std::vector<std::string> pats;
        expand_braces(pat, pats);
        if (pats.size() > kMaxGlobAlternatives)
          return call_error("fileset", "the pattern has more than " + std::to_string(kMaxGlobAlternatives) +
                                           " {...} alternatives, more than cloudsift expands");
        for (const auto& o : outside) {
          bool dir = o.back() == '/';
          auto segs = split_path(o);
          for (const auto& pp : pats) {
            auto ps = split_path(pp);
            if (dir ? glob_could_match_below(ps, segs) : glob_path(ps, 0, segs, 0))
              return Value::unknown("fileset(" + shown +
                                    ", ...) would read outside the scanned tree through " +
                                    io::join(root, o));
          }
        }
      }
    } else {
      walk_files(*ctx.fs(), root, "", files);
    }
    std::vector<std::string> pats;
    expand_braces(pat, pats);
    if (pats.size() > kMaxGlobAlternatives)
      return call_error("fileset", "the pattern has more than " + std::to_string(kMaxGlobAlternatives) +
                                       " {...} alternatives, more than cloudsift expands");
    ValueList out;
    for (const auto& f : files) {
      auto segs = split_path(f);
      for (const auto& pp : pats)
        if (glob_path(split_path(pp), 0, segs, 0)) {
          out.push_back(Value::string(f));
          break;
        }
    }
    return Value::set(std::move(out));
  });
  add("templatefile", 2, 2, {"path", "vars"}, fn_templatefile);
  for (const char* n : {"file", "filebase64", "filemd5", "filesha1", "filesha256", "filesha512",
                        "filebase64sha256", "filebase64sha512", "fileexists", "fileset", "templatefile"})
    t.at(n).marks_aware = true;
  add("basename", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (p.empty()) return Value::string(".");
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    size_t s = p.rfind('/');
    return Value::string(s == std::string::npos || p == "/" ? p : p.substr(s + 1));
  });
  add("dirname", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    size_t s = p.rfind('/');
    if (s == std::string::npos) return Value::string(".");
    std::string d = p.substr(0, s + 1);
    // Go's filepath.Dir cleans the result.
    std::string clean = io::normalize(d);
    if (clean.empty()) clean = d[0] == '/' ? "/" : ".";
    return Value::string(clean);
  });
  add("abspath", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (!p.empty() && p[0] == '/') return Value::string(io::normalize(p));
    return Value::unknown("abspath of a relative path depends on the directory Terraform runs in");
  });
  add("pathexpand", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (!p.empty() && p[0] == '~')
      return Value::unknown("pathexpand depends on the home directory of the user running Terraform");
    return Value::string(p);
  });

  // ----- misc -----
  add(
      "sensitive", 1, 1, {"value"},
      [](const Args& a, EvalContext&) { return a[0].with_marks(Value::kSensitive); }, true, true);
  add(
      "nonsensitive", 1, 1, {"value"}, [](const Args& a, EvalContext&) { return a[0].without_sensitive(); },
      true, true);
  add(
      "issensitive", 1, 1, {"value"},
      [](const Args& a, EvalContext&) {
        // As Terraform: the value itself is marked (not merely something inside it).
        if (a[0].marks() & Value::kSensitive) return Value::boolean(true);
        if (a[0].is_unknown())
          return Value::unknown("issensitive() of a value that is not known: " + a[0].reason());
        return Value::boolean(false);
      },
      true, true);
  add(
      "try", 1, -1, {"expressions"},
      [](const Args& a, EvalContext&) {
        for (const auto& v : a) {
          if (v.is_error()) continue;
          if (!v.is_wholly_known()) {
            const Value* u = find_not_known(v);
            return Value::unknown("try() argument is not known: " + (u ? u->reason() : std::string()));
          }
          return v;
        }
        return Value::error(
            "Error in function call: Call to function \"try\" failed: no expression succeeded:\n- " +
            (a.empty() ? std::string() : a.back().reason()));
      },
      true, true);
  add(
      "can", 1, 1, {"expression"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_error()) return Value::boolean(false);
        if (!a[0].is_wholly_known()) {
          const Value* u = find_not_known(a[0]);
          return Value::unknown("can() argument is not known: " + (u ? u->reason() : std::string()));
        }
        return Value::boolean(true);
      },
      true, true);
  return t;
}

const std::unordered_map<std::string, FnDef>& table() {
  static const auto t = build_table();
  return t;
}

Value fn_templatefile(const Args& a, EvalContext& ctx) {
  // Terraform forbids templatefile() inside a template it renders (recursion would never end).
  if (ctx.in_template())
    return call_error("templatefile",
                      "cannot recursively call templatefile from inside another template function.");
  std::string p;
  Value err;
  if (!get_string(a[0], "path", p, err)) return err;
  if (!a[1].is_mapping()) return arg_error("vars", "a map or object is required.");
  std::string full, text;
  Value refused = read_confined("templatefile", a[0], ctx, text, full);
  if (!refused.is_null()) return refused;
  auto file = std::make_unique<hcl::File>();
  file->path = full;
  file->src = std::move(text);
  const hcl::Expr* tmpl = hcl::parse_template(*file, file->src, hcl::Pos{1, 1, 0});
  if (!file->ok() || !tmpl) {
    std::string msg;
    for (const auto& d : file->diags)
      if (d.severity == Severity::Error) {
        msg = (a[0].is_marked() ? a[0].label() : p) + ":" + std::to_string(d.line) + "," +
              std::to_string(d.col) + ": " + d.message;
        break;
      }
    return call_error("templatefile", "failed to parse template: " + msg);
  }
  // Only the given variables are in scope; any other reference is an error, as in Terraform.
  std::string path_copy = a[0].is_marked() ? a[0].label() : p;
  EvalContext inner(
      [path_copy](const hcl::ScopeTraversalExpr& t) {
        return call_error("templatefile", path_copy +
                                              ": Invalid reference: vars map does not contain key \"" +
                                              std::string(t.root) + "\".");
      },
      ctx.module_dir(), ctx.fs());
  inner.set_confinement(ctx.confinement());
  inner.set_max_file_size(ctx.max_file_size());
  inner.set_in_template(true);
  for (const auto& [k, v] : a[1].attrs()) inner.bind(k, v);
  Value out = eval(tmpl, inner);
  if (out.is_known() && !out.is_null() && !out.is_string()) {
    // A template that is one interpolation yields the value itself, converted to a string.
    Value s = out.to_string_value();
    if (!s.is_string()) return call_error("templatefile", "template must produce a string result");
    out = s;
  }
  // The text of the template came from a file.
  return out.is_known() ? out.with_file_mark(file_mark_name(a[0], ctx)) : out;
}

}  // namespace

namespace detail {

std::string json_encode(const Value& v) {
  std::string out;
  json_into(out, v);
  return out;
}

const Value* first_not_known(const std::vector<Value>& args) {
  for (const auto& a : args)
    if (a.is_error()) return &a;
  for (const auto& a : args)
    if (const Value* u = find_not_known(a)) return u;
  return nullptr;
}

}  // namespace detail

bool is_supported_function(std::string_view name) {
  auto it = table().find(std::string(name));
  // Functions registered only to report unknown are not "supported".
  return it != table().end() && !it->second.stub;
}

Value call_function(std::string_view name, const std::vector<Value>& args, EvalContext& ctx) {
  BudgetScope scope(&ctx.budget());
  std::string n(name);
  // Work for the budget: a step per argument, plus one per element for functions that go through a
  // collection's elements (all of them, nested ones too, for those that walk whole values).
  static const std::set<std::string, std::less<>> kConstantTime = {"lookup", "length",   "element", "try",
                                                                   "can",    "coalesce", "one"};
  static const std::set<std::string, std::less<>> kWholeValue = {
      "jsonencode", "yamlencode", "flatten",         "format",      "formatlist", "tolist",   "toset",
      "tomap",      "tostring",   "merge",           "concat",      "sort",       "distinct", "contains",
      "index",      "setunion",   "setintersection", "setsubtract", "transpose",  "zipmap",   "coalescelist",
      "compact",    "sum",        "values",          "keys"};
  uint64_t work = 1 + args.size();
  if (kWholeValue.count(n))
    for (const auto& a : args) work += a.deep_elements();
  else if (!kConstantTime.count(n))
    for (const auto& a : args) work += a.items().size() + a.attrs().size();
  if (Value refused; refuse_work(work, refused)) return refused;
  auto it = table().find(n);
  if (it == table().end()) return Value::unknown("function " + n + " is not supported");
  const FnDef& d = it->second;
  bool catches = n == "try" || n == "can";
  if (!catches)
    for (const auto& a : args)
      if (a.is_error()) return a;
  if (static_cast<int>(args.size()) < d.min_args)
    return Value::error("Not enough function arguments: Function \"" + n + "\" expects at least " +
                        std::to_string(d.min_args) + " argument(s). Missing value for \"" +
                        param_name(d, args.size()) + "\".");
  if (d.max_args >= 0 && static_cast<int>(args.size()) > d.max_args)
    return Value::error("Too many function arguments: Function \"" + n + "\" expects only " +
                        std::to_string(d.max_args) + " argument(s).");
  if (!d.allow_unknown)
    for (const auto& a : args)
      if (const Value* u = find_not_known(a)) return Value::unknown(u->reason());
  if (!d.allow_null)
    for (size_t i = 0; i < args.size(); ++i)
      if (args[i].is_null()) return arg_error(param_name(d, i), "argument must not be null.");
  // Marks of the arguments (sensitive, from a file, from the environment) go onto the result, as in
  // Terraform; try(), can() and the sensitivity functions handle marks themselves.
  uint32_t in_marks = 0;
  for (const auto& a : args) in_marks = Value::merge_marks(in_marks, a.deep_marks());
  bool own_marks = catches || n == "sensitive" || n == "nonsensitive" || n == "issensitive";
  Value r;
  try {
    r = d.fn(args, ctx);
    if (r.is_number() && std::isnan(r.as_number()))
      r = call_error(n, "the result is not a number (NaN), which Terraform cannot represent");
  } catch (const std::exception& e) {
    r = Value::unknown("function " + n + " failed internally: " + e.what());
  }
  if (own_marks || !in_marks) return r;
  // A message the function wrote may quote its arguments: when one is marked, say which mark instead.
  std::string label = Value::mark_label(in_marks);
  if (!d.marks_aware && r.is_error())
    r = call_error(n, "an argument is " + label + ", so the details are not shown");
  else if (!d.marks_aware && r.is_unknown() &&
           std::all_of(args.begin(), args.end(), [](const Value& v) { return v.is_wholly_known(); }))
    r = Value::unknown("function " + n + " of an argument that is " + label + " is not known");
  return r.with_marks(in_marks);
}

}  // namespace cs::tf
