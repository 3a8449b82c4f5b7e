// Strict JSON parser (RFC 8259). One forward pass, recursive descent, no tokens stored.
//
// Error messages (tested word for word; the position is where the problem starts):
//   unexpected end of input
//   unexpected character 'X'                 (or: unexpected byte 0xNN)
//   unexpected content after the JSON value
//   expected a string as object key
//   expected ':' after object key
//   expected ',' or '}' after object member
//   expected ',' or ']' after array element
//   trailing comma is not allowed            (at the comma)
//   unterminated string                      (at the opening quote)
//   control character in string
//   invalid escape                           (at the backslash)
//   invalid \u escape: expected 4 hex digits
//   lone surrogate in \u escape
//   invalid UTF-8 in string
//   invalid number
//   invalid literal (expected true, false or null)
//   nesting deeper than 1000 levels
//   input larger than 4 GiB is not supported
//
// Read as Go's encoding/json (ParseOptions::go, for Terraform's jsondecode) the messages are Go's instead:
//   EOF                                      (the end where a token should start: blank input, "[1,")
//   unexpected EOF                           (the end inside a string, a literal or a number)
//   invalid character 'x' looking for beginning of value
//   invalid character 'x'                    (where the first key of an object should be)
//   invalid character 'x' looking for beginning of object key string
//   invalid character 'x' after object key
//   invalid character 'x' after object key:value pair
//   invalid character 'x' after array element
//   invalid character 'x' in literal true (expecting 'u')
//   invalid character 'x' in numeric literal / after decimal point in numeric literal /
//     in exponent of numeric literal
//   invalid character '\t' in string literal
//   invalid character 'x' in string escape code
//   invalid character 'x' in \u hexadecimal character escape
//   extraneous data after JSON object        (cty's, for content after the value)
//   exceeded max depth
#include "syntax/json/json.h"

#include <atomic>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>
#include <vector>

#include "base/utf8.h"

#if defined(__SSE2__) && !defined(CS_JSON_NO_SIMD)
#include <emmintrin.h>
#endif

namespace cs::json {

const Member* Node::find_member(std::string_view key) const {
  if (kind != Kind::Object) return nullptr;
  for (uint32_t i = size_; i-- > 0;)
    if (u_.members[i].key == key) return &u_.members[i];
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? m->value : nullptr;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "boolean";
    case Kind::Number:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Array:
      return "array";
    case Kind::Object:
      return "object";
  }
  return "?";
}

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

inline uint64_t has_zero_byte(uint64_t v) {
  return (v - kOnes) & ~v & kHighs;
}

// Non-zero when any of the 8 bytes is '"', '\\', a control character (< 0x20) or non-ASCII (>= 0x80).
// May report a false positive in a byte above one that really matches; callers then look byte by byte.
inline uint64_t string_special(uint64_t v) {
  return has_zero_byte(v ^ (kOnes * '"')) | has_zero_byte(v ^ (kOnes * '\\')) |
         ((v - kOnes * 0x20) & ~v & kHighs) | (v & kHighs);
}

inline bool is_digit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence starting at p (whose first byte is >= 0x80), or 0 when invalid
// (overlong forms, surrogates, code points above U+10FFFF, truncated sequences).
inline size_t utf8_length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < n; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return n;
}

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

class Parser {
 public:
  Parser(std::string_view src, std::string_view path, Arena& arena, Diagnostics& diags,
         const ParseOptions& options)
      : opt_(options),
        base_(src.data()),
        p_(src.data()),
        end_(src.data() + src.size()),
        line_start_(src.data()),
        arena_(arena),
        diags_(diags),
        path_(path) {}

  const Node* run() {
    if (end_ - base_ > static_cast<ptrdiff_t>(std::numeric_limits<uint32_t>::max()))
      return fail(p_, "input larger than 4 GiB is not supported");
    if (!opt_.go && end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) {
      p_ += 3;
      line_start_ = p_;  // columns count from after the BOM, as editors show them
    }
    const Node* root = value(Ctx::Value);
    if (!root) return nullptr;
    skip_ws();
    if (p_ != end_)
      return fail(p_,
                  opt_.go ? "extraneous data after JSON object" : "unexpected content after the JSON value");
    return root;
  }

 private:
  Pos pos(const char* q) const {
    return Pos{line_, static_cast<uint32_t>(q - line_start_ + 1), static_cast<uint32_t>(q - base_)};
  }

  std::nullptr_t fail(const char* q, std::string message) { return fail_at(pos(q), std::move(message)); }
  std::nullptr_t fail_at(Pos at, std::string message) {
    diags_.push_back(Diagnostic{Severity::Error, std::string(path_), at.line, at.col, std::move(message)});
    return nullptr;
  }

  // Where an unexpected character stands, for Go's message ("invalid character 'x'" + context).
  enum class Ctx { Value, FirstKey, Key, AfterKey, AfterMember, AfterElement };

  // Go's quoteChar: the byte as a quoted rune (a byte >= 0x80 is the rune U+0080..U+00FF).
  static std::string go_char(unsigned char c) {
    if (c == '\'') return "'\\''";
    if (c == '"') return "'\"'";
    static const char* kHex = "0123456789abcdef";
    switch (c) {
      case '\a':
        return "'\\a'";
      case '\b':
        return "'\\b'";
      case '\f':
        return "'\\f'";
      case '\n':
        return "'\\n'";
      case '\r':
        return "'\\r'";
      case '\t':
        return "'\\t'";
      case '\v':
        return "'\\v'";
      case '\\':
        return "'\\\\'";
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) return std::string("'\\x") + kHex[c >> 4] + kHex[c & 15] + "'";
    if (c < 0x80) return std::string("'") + char(c) + "'";
    if (c < 0xA0 || c == 0xAD)
      return std::string("'\\u00") + kHex[c >> 4] + kHex[c & 15] + "'";  // not printable
    if (c == 0xA0) return "'\\u00a0'";
    std::string out = "'";
    append_utf8(out, c);
    return out + "'";
  }
  // An unexpected byte at q: the strict message, or Go's with its context.
  std::nullptr_t unexpected_at(const char* q, Ctx ctx) {
    if (!opt_.go) return nullptr;  // the caller reports the strict message
    static const char* const kContext[] = {" looking for beginning of value",
                                           "",
                                           " looking for beginning of object key string",
                                           " after object key",
                                           " after object key:value pair",
                                           " after array element"};
    return fail(
        q, "invalid character " + go_char(static_cast<unsigned char>(*q)) + kContext[static_cast<int>(ctx)]);
  }
  // The end of the input inside a token (a string, a literal, a number that cannot end there).
  std::nullptr_t eof(const char* q, const char* strict_message = "unexpected end of input") {
    return fail(q, opt_.go ? "unexpected EOF" : strict_message);
  }
  // The end of the input where a token should start: Go's decoder reports io.EOF.
  std::nullptr_t eof_between(const char* q) { return fail(q, opt_.go ? "EOF" : "unexpected end of input"); }

  void skip_ws() {
    while (p_ < end_) {
      char c = *p_;
      if (c == ' ' || c == '\t' || c == '\r') {
        ++p_;
      } else if (c == '\n') {
        ++p_;
        ++line_;
        line_start_ = p_;
      } else {
        break;
      }
    }
  }

  Node* new_node(Kind k, Pos begin) {
    Node* n = arena_.make<Node>();
    n->kind = k;
    n->range.begin = begin;
    return n;
  }

  const Node* value(Ctx ctx) {
    skip_ws();
    if (p_ >= end_) return eof_between(p_);
    Pos b = pos(p_);
    switch (*p_) {
      case '{':
        return object(b);
      case '[':
        return array(b);
      case '"': {
        Node* n = new_node(Kind::String, b);
        std::string_view t;
        if (!string(&t)) return nullptr;
        n->u_.chars = t.data();
        n->size_ = static_cast<uint32_t>(t.size());
        n->range.end = pos(p_);
        return n;
      }
      case 't':
        return literal("true", 4, Kind::Bool, true, b);
      case 'f':
        return literal("false", 5, Kind::Bool, false, b);
      case 'n':
        return literal("null", 4, Kind::Null, false, b);
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return number(b);
      default:
        if (opt_.go) return unexpected_at(p_, ctx);
        return unexpected(p_);
    }
  }

  std::nullptr_t unexpected(const char* q) {
    unsigned char c = static_cast<unsigned char>(*q);
    if (c >= 0x20 && c < 0x7F) return fail(q, std::string("unexpected character '") + char(c) + "'");
    static const char* kHex = "0123456789ABCDEF";
    return fail(q, std::string("unexpected byte 0x") + kHex[c >> 4] + kHex[c & 15]);
  }

  const Node* literal(const char* word, size_t n, Kind k, bool b, Pos begin) {
    size_t avail = static_cast<size_t>(end_ - p_);
    if (opt_.go) {  // "invalid character 'x' in literal true (expecting 'u')"
      for (size_t i = 1; i < n; ++i) {
        if (static_cast<size_t>(i) >= avail) return eof(end_);
        if (p_[i] != word[i])
          return fail(p_ + i, "invalid character " + go_char(static_cast<unsigned char>(p_[i])) +
                                  " in literal " + word + " (expecting " +
                                  go_char(static_cast<unsigned char>(word[i])) + ")");
      }
    }
    if (avail < n) {
      if (std::memcmp(p_, word, avail) == 0) return fail(end_, "unexpected end of input");
      return fail(p_, "invalid literal (expected true, false or null)");
    }
    if (std::memcmp(p_, word, n) != 0) return fail(p_, "invalid literal (expected true, false or null)");
    p_ += n;
    Node* node = new_node(k, begin);
    node->boolean = b;
    node->range.end = pos(p_);
    return node;
  }

  std::nullptr_t number_error(const char* s, const char* go_context) {
    if (!opt_.go) return fail(s, "invalid number");
    if (p_ >= end_) return eof(p_);
    return fail(p_, "invalid character " + go_char(static_cast<unsigned char>(*p_)) + go_context);
  }

  const Node* number(Pos begin) {
    const char* s = p_;
    bool neg = false;
    if (*p_ == '-') {
      neg = true;
      ++p_;
    }
    uint64_t mant = 0;
    int digits = 0;   // significant digits accumulated in mant (leading zeros skipped)
    int dropped = 0;  // integer digits that did not fit into mant
    if (p_ >= end_ || !is_digit(*p_)) return number_error(s, " in numeric literal");
    if (*p_ == '0') {
      ++p_;
      // Go ends the number at the zero: what follows is judged as what comes after a value.
      if (!opt_.go && p_ < end_ && is_digit(*p_)) return fail(s, "invalid number");
    } else {
      while (p_ < end_ && is_digit(*p_)) {
        if (digits < 19) {
          mant = mant * 10 + static_cast<unsigned>(*p_ - '0');
          ++digits;
        } else {
          ++dropped;
        }
        ++p_;
      }
    }
    int frac = 0;
    bool simple = true;
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ >= end_ || !is_digit(*p_)) return number_error(s, " after decimal point in numeric literal");
      while (p_ < end_ && is_digit(*p_)) {
        if (digits < 19) {
          if (mant != 0 || *p_ != '0') ++digits;
          mant = mant * 10 + static_cast<unsigned>(*p_ - '0');
          ++frac;
        } else {
          simple = false;
        }
        ++p_;
      }
    }
    int exp = 0;
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      bool eneg = false;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) {
        eneg = *p_ == '-';
        ++p_;
      }
      if (p_ >= end_ || !is_digit(*p_)) return number_error(s, " in exponent of numeric literal");
      while (p_ < end_ && is_digit(*p_)) {
        if (exp < 100000) exp = exp * 10 + (*p_ - '0');
        ++p_;
      }
      if (eneg) exp = -exp;
    }
    Node* n = new_node(Kind::Number, begin);
    n->u_.chars = s;
    n->size_ = static_cast<uint32_t>(p_ - s);
    n->range.end = pos(p_);
    int e10 = exp - frac + dropped;
    if (simple && dropped == 0 && digits <= 15 && e10 >= -22 && e10 <= 22) {
      // Exact: both the mantissa and the power of ten are exact doubles, so one operation rounds once.
      double d = static_cast<double>(mant);
      d = e10 < 0 ? d / kPow10[-e10] : d * kPow10[e10];
      n->number = neg ? -d : d;
    } else {
      double d = 0;
      auto r = std::from_chars(s, p_, d);
      if (r.ec == std::errc::result_out_of_range) {
        // Overflow when the exponent is large; underflow otherwise.
        d = exp > 0 || (exp == 0 && dropped > 0) ? std::numeric_limits<double>::infinity() : 0.0;
        if (neg) d = -d;
      }
      n->number = d;
    }
    return n;
  }

  // Advance p_ to the first byte that needs a closer look inside a string: '"', '\\', a control
  // character or a non-ASCII byte (or to the end of input).
  void skip_plain_string_bytes() {
#if defined(__SSE2__) && !defined(CS_JSON_NO_SIMD)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end_ - p_ >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
      // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches non-ASCII.
      __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                     _mm_cmplt_epi8(v, space));
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
      if (mask) {
        p_ += __builtin_ctz(mask);
        return;
      }
      p_ += 16;
    }
#endif
    while (end_ - p_ >= 8) {
      uint64_t v;
      std::memcpy(&v, p_, 8);
      uint64_t mask = string_special(v);
      if (mask) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        p_ += __builtin_ctzll(mask) / 8;  // the lowest flagged byte is never a false positive
#endif
        return;
      }
      p_ += 8;
    }
    while (p_ < end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return;
      ++p_;
    }
  }

  // At the opening quote. On success p_ is past the closing quote and *out holds the decoded text.
  bool string(std::string_view* out) {
    const char* quote = p_;
    const char* start = ++p_;
    for (;;) {
      skip_plain_string_bytes();
      if (p_ >= end_) {
        eof(quote, "unterminated string");
        return false;
      }
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\') return string_escaped(quote, start, out);
      if (c < 0x20) {
        control_character();
        return false;
      }
      if (c >= 0x80) {
        size_t n = utf8_length(reinterpret_cast<const unsigned char*>(p_),
                               reinterpret_cast<const unsigned char*>(end_));
        if (n == 0) {
          if (opt_.go) return string_escaped(quote, start, out);  // decoded with U+FFFD in its place
          fail(p_, "invalid UTF-8 in string");
          return false;
        }
        p_ += n;
      } else {
        ++p_;
      }
    }
  }

  void control_character() {
    if (opt_.go)
      fail(p_, "invalid character " + go_char(static_cast<unsigned char>(*p_)) + " in string literal");
    else
      fail(p_, "control character in string");
  }

  // Slow path: the string has escapes (or, read as Go does, invalid UTF-8); decode into scratch_ and
  // copy into the arena.
  bool string_escaped(const char* quote, const char* start, std::string_view* out) {
    scratch_.assign(start, p_);
    for (;;) {
      const char* run = p_;
      for (;;) {
        skip_plain_string_bytes();
        if (p_ >= end_) break;
        unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c >= 0x80) {
          size_t n = utf8_length(reinterpret_cast<const unsigned char*>(p_),
                                 reinterpret_cast<const unsigned char*>(end_));
          if (n == 0 && opt_.go) {  // Go: each byte that starts no valid sequence is U+FFFD
            scratch_.append(run, p_);
            scratch_.append("\xEF\xBF\xBD");
            run = ++p_;
            continue;
          }
          if (n == 0) {
            fail(p_, "invalid UTF-8 in string");
            return false;
          }
          p_ += n;
        } else {
          ++p_;  // only without the little-endian SWAR fast path
        }
      }
      scratch_.append(run, p_);
      if (p_ >= end_) {
        eof(quote, "unterminated string");
        return false;
      }
      char c = *p_;
      if (c == '"') {
        ++p_;
        *out = arena_.copy(scratch_);
        return true;
      }
      if (c != '\\') {
        control_character();
        return false;
      }
      const char* esc = p_;
      if (end_ - p_ < 2) {
        eof(quote, "unterminated string");
        return false;
      }
      char e = p_[1];
      p_ += 2;
      switch (e) {
        case '"':
          scratch_.push_back('"');
          break;
        case '\\':
          scratch_.push_back('\\');
          break;
        case '/':
          scratch_.push_back('/');
          break;
        case 'b':
          scratch_.push_back('\b');
          break;
        case 'f':
          scratch_.push_back('\f');
          break;
        case 'n':
          scratch_.push_back('\n');
          break;
        case 'r':
          scratch_.push_back('\r');
          break;
        case 't':
          scratch_.push_back('\t');
          break;
        case 'u': {
          int cp = hex4(esc);
          if (cp < 0) return false;
          if (opt_.go && cp >= 0xD800 && cp <= 0xDFFF) {
            // Go: a high surrogate followed by a \u low surrogate is one code point; any other
            // surrogate is U+FFFD, and the escape after it is read on its own.
            int lo = -1;
            if (cp <= 0xDBFF && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
              lo = 0;
              for (int i = 2; i < 6 && lo >= 0; ++i) {
                int h = hex_value(p_[i]);
                lo = h < 0 ? -1 : lo * 16 + h;
              }
            }
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              p_ += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              cp = 0xFFFD;
            }
          }
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(esc, "lone surrogate in \\u escape");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
              fail(esc, "lone surrogate in \\u escape");
              return false;
            }
            const char* esc2 = p_;
            p_ += 2;
            int lo = hex4(esc2);
            if (lo < 0) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              fail(esc, "lone surrogate in \\u escape");
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(scratch_, static_cast<uint32_t>(cp));
          break;
        }
        default:
          if (opt_.go)
            fail(esc + 1,
                 "invalid character " + go_char(static_cast<unsigned char>(e)) + " in string escape code");
          else
            fail(esc, "invalid escape");
          return false;
      }
    }
  }

  // p_ is just after "\u"; reads 4 hex digits.
  int hex4(const char* esc) {
    if (opt_.go) {  // "invalid character 'x' in \u hexadecimal character escape", or the end
      for (int i = 0; i < 4; ++i) {
        if (p_ + i >= end_) {
          eof(p_ + i);
          return -1;
        }
        if (hex_value(p_[i]) < 0) {
          fail(p_ + i, "invalid character " + go_char(static_cast<unsigned char>(p_[i])) +
                           " in \\u hexadecimal character escape");
          return -1;
        }
      }
    }
    if (end_ - p_ < 4) {
      fail(esc, "invalid \\u escape: expected 4 hex digits");
      return -1;
    }
    int v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = hex_value(p_[i]);
      if (h < 0) {
        fail(esc, "invalid \\u escape: expected 4 hex digits");
        return -1;
      }
      v = v * 16 + h;
    }
    p_ += 4;
    return v;
  }

  bool enter(const char* at) {
    if (++depth_ > opt_.max_depth) {
      fail(at, opt_.go ? std::string("exceeded max depth")
                       : "nesting deeper than " + std::to_string(opt_.max_depth) + " levels");
      return false;
    }
    return true;
  }

  const Node* array(Pos begin) {
    if (!enter(p_)) return nullptr;
    ++p_;
    Node* n = new_node(Kind::Array, begin);
    size_t mark = items_.size();
    skip_ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
    } else {
      for (;;) {
        const Node* item = value(Ctx::Value);
        if (!item) return nullptr;
        items_.push_back(item);
        skip_ws();
        if (p_ >= end_) return eof_between(p_);
        if (*p_ == ',') {
          Pos comma = pos(p_);
          ++p_;
          skip_ws();
          if (!opt_.go && p_ < end_ && *p_ == ']') return fail_at(comma, "trailing comma is not allowed");
          continue;
        }
        if (*p_ == ']') {
          ++p_;
          break;
        }
        if (opt_.go) return unexpected_at(p_, Ctx::AfterElement);
        return fail(p_, "expected ',' or ']' after array element");
      }
      size_t count = items_.size() - mark;
      auto** data =
          static_cast<const Node**>(arena_.allocate(sizeof(const Node*) * count, alignof(const Node*)));
      std::memcpy(static_cast<void*>(data), items_.data() + mark, sizeof(const Node*) * count);
      n->u_.items = data;
      n->size_ = static_cast<uint32_t>(count);
      items_.resize(mark);
    }
    n->range.end = pos(p_);
    --depth_;
    return n;
  }

  const Node* object(Pos begin) {
    if (!enter(p_)) return nullptr;
    ++p_;
    Node* n = new_node(Kind::Object, begin);
    size_t mark = members_.size();
    skip_ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (bool first = true;; first = false) {
        skip_ws();
        if (p_ >= end_) return eof_between(p_);
        if (*p_ != '"') {
          if (opt_.go) return unexpected_at(p_, first ? Ctx::FirstKey : Ctx::Key);
          return fail(p_, "expected a string as object key");
        }
        Member m;
        m.key_range.begin = pos(p_);
        if (!string(&m.key)) return nullptr;
        m.key_range.end = pos(p_);
        skip_ws();
        if (p_ >= end_) return eof_between(p_);
        if (*p_ != ':') {
          if (opt_.go) return unexpected_at(p_, Ctx::AfterKey);
          return fail(p_, "expected ':' after object key");
        }
        ++p_;
        m.value = value(Ctx::Value);
        if (!m.value) return nullptr;
        members_.push_back(m);
        skip_ws();
        if (p_ >= end_) return eof_between(p_);
        if (*p_ == ',') {
          Pos comma = pos(p_);
          ++p_;
          skip_ws();
          if (!opt_.go && p_ < end_ && *p_ == '}') return fail_at(comma, "trailing comma is not allowed");
          continue;
        }
        if (*p_ == '}') {
          ++p_;
          break;
        }
        if (opt_.go) return unexpected_at(p_, Ctx::AfterMember);
        return fail(p_, "expected ',' or '}' after object member");
      }
      size_t count = members_.size() - mark;
      auto* data = static_cast<Member*>(arena_.allocate(sizeof(Member) * count, alignof(Member)));
      std::memcpy(static_cast<void*>(data), members_.data() + mark, sizeof(Member) * count);
      n->u_.members = data;
      n->size_ = static_cast<uint32_t>(count);
      members_.resize(mark);
    }
    n->range.end = pos(p_);
    --depth_;
    return n;
  }

  const ParseOptions& opt_;
  const char* base_;
  const char* p_;
  const char* end_;
  const char* line_start_;
  uint32_t line_ = 1;
  unsigned depth_ = 0;
  Arena& arena_;
  Diagnostics& diags_;
  std::string_view path_;
  std::vector<const Node*> items_;
  std::vector<Member> members_;
  std::string scratch_;
};

}  // namespace

const Node* parse(std::string_view src, std::string_view path, Arena& arena, Diagnostics& diags) {
  return parse(src, path, arena, diags, ParseOptions{});
}

const Node* parse(std::string_view src, std::string_view path, Arena& arena, Diagnostics& diags,
                  const ParseOptions& options) {
  Parser p(src, path, arena, diags, options);
  return p.run();
}

namespace {
std::atomic<uint64_t> parse_calls{0};
}  // namespace

uint64_t parse_count() {
  return parse_calls.load();
}

std::unique_ptr<Document> parse(std::string path, std::string src) {
  ++parse_calls;
  auto doc = std::make_unique<Document>();
  doc->path = std::move(path);
  doc->src = std::move(src);
  doc->root = parse(std::string_view(doc->src), std::string_view(doc->path), doc->arena, doc->diags);
  return doc;
}

}  // namespace cs::json
