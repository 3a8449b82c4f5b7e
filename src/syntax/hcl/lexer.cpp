#include "syntax/hcl/lexer.h"

#include <algorithm>

#include "syntax/hcl/unicode_tables.h"

namespace cs::hcl::detail {

namespace {

enum : uint8_t { kIdStart = 1, kIdCont = 2, kDigit = 4, kSpace = 8 };

struct CharTable {
  uint8_t c[256] = {};
  constexpr CharTable() {
    for (int i = 'a'; i <= 'z'; ++i) c[i] = kIdStart | kIdCont;
    for (int i = 'A'; i <= 'Z'; ++i) c[i] = kIdStart | kIdCont;
    c['_'] = kIdStart | kIdCont;
    c['-'] = kIdCont;
    for (int i = '0'; i <= '9'; ++i) c[i] = kIdCont | kDigit;
    c[' '] = kSpace;
    c['\t'] = kSpace;
    c['\f'] = kSpace;
    c['\v'] = kSpace;
  }
};
constexpr CharTable kChars;

inline uint8_t cls(char ch) {
  return kChars.c[static_cast<unsigned char>(ch)];
}

bool in_ranges(const unicode::CpRange* r, size_t n, uint32_t cp) {
  const unicode::CpRange* e = r + n;
  const unicode::CpRange* it =
      std::upper_bound(r, e, cp, [](uint32_t v, const unicode::CpRange& x) { return v < x.lo; });
  if (it == r) return false;
  --it;
  return cp <= it->hi;
}

}  // namespace

bool is_id_start(uint32_t cp) {
  if (cp < 0x80) return cls(static_cast<char>(cp)) & kIdStart;
  return in_ranges(unicode::kIdStart, std::size(unicode::kIdStart), cp);
}

bool is_id_continue(uint32_t cp) {
  if (cp < 0x80) return cls(static_cast<char>(cp)) & kIdCont;
  return in_ranges(unicode::kIdContinue, std::size(unicode::kIdContinue), cp);
}

int decode_utf8(const char* s, size_t i, size_t n, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c0 = b(0);
  if (c0 < 0x80) {
    *cp = c0;
    return 1;
  }
  int len;
  uint32_t v;
  if ((c0 & 0xE0) == 0xC0) {
    len = 2;
    v = c0 & 0x1F;
  } else if ((c0 & 0xF0) == 0xE0) {
    len = 3;
    v = c0 & 0x0F;
  } else if ((c0 & 0xF8) == 0xF0) {
    len = 4;
    v = c0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (int k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  // Reject overlong forms, surrogates and out-of-range values.
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) || v > 0x10FFFF ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

Lexer::Lexer(std::string_view b, Pos at, File* f) : buf(b), file(f) {
  line = at.line;
  line_start = -static_cast<int64_t>(at.col) + 1;
  base_off = at.offset;
  // A UTF-8 byte order mark at the very start is skipped.
  if (buf.size() >= 3 && static_cast<unsigned char>(buf[0]) == 0xEF &&
      static_cast<unsigned char>(buf[1]) == 0xBB && static_cast<unsigned char>(buf[2]) == 0xBF) {
    off = 3;
  }
}

void Lexer::error(Pos p, const char* msg) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.file = file->path;
  d.line = p.line;
  d.col = p.col;
  d.message = msg;
  file->diags.push_back(std::move(d));
}

uint32_t Lexer::ident_len(uint32_t o) const {
  const size_t n = buf.size();
  uint32_t i = o;
  bool first = true;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(buf[i]);
    if (c < 0x80) {
      uint8_t k = cls(static_cast<char>(c));
      if (!(k & (first ? kIdStart : kIdCont))) break;
      ++i;
    } else {
      uint32_t cp;
      int l = decode_utf8(buf.data(), i, n, &cp);
      if (l == 0 || !(first ? is_id_start(cp) : is_id_continue(cp))) break;
      i += l;
    }
    first = false;
  }
  return i - o;
}

void Lexer::add_comment(uint32_t b, uint32_t e, Pos p) {
  File::Comment c;
  c.text = buf.substr(b, e - b);
  c.range.begin = p;
  c.range.end = pos_at(e);  // e is always on the current line
  file->comments.push_back(c);
}

void Lexer::skip_block_comment() {
  const uint32_t b = off;
  const Pos p = here();
  const size_t n = buf.size();
  uint32_t i = off + 2;
  for (;;) {
    if (i >= n) {
      off = static_cast<uint32_t>(n);
      error(p, "Unterminated comment");
      add_comment(b, off, p);
      return;
    }
    char c = buf[i];
    if (c == '*' && i + 1 < n && buf[i + 1] == '/') {
      off = i + 2;
      add_comment(b, off, p);
      return;
    }
    ++i;
    if (c == '\n') newline_passed(i);
  }
}

Token Lexer::next() {
  const char* s = buf.data();
  const uint32_t n = static_cast<uint32_t>(buf.size());
  for (;;) {
    // Skip horizontal whitespace.
    while (off < n && (cls(s[off]) & kSpace)) ++off;
    if (off >= n) return make(Tok::Eof, n, n, here());
    const uint32_t b = off;
    const char c = s[b];
    const Pos p = here();
    auto one = [&](Tok k) {
      off = b + 1;
      return make(k, b, b + 1, p);
    };
    auto two = [&](Tok k) {
      off = b + 2;
      return make(k, b, b + 2, p);
    };
    const char c1 = b + 1 < n ? s[b + 1] : '\0';
    switch (c) {
      case '\n': {
        off = b + 1;
        Token t = make(Tok::Newline, b, b + 1, p);
        newline_passed(off);
        return t;
      }
      case '\r':
        if (c1 == '\n') {
          off = b + 2;
          Token t = make(Tok::Newline, b, b + 2, p);
          newline_passed(off);
          return t;
        }
        ++off;  // a lone carriage return counts as whitespace
        continue;
      case '#':
      line_comment : {
        uint32_t e = b;
        while (e < n && s[e] != '\n') ++e;
        uint32_t te = e;
        if (te > b && s[te - 1] == '\r') --te;
        add_comment(b, te, p);
        off = e;
        continue;  // the newline itself becomes a Newline token
      }
      case '/':
        if (c1 == '/') goto line_comment;
        if (c1 == '*') {
          skip_block_comment();
          continue;
        }
        return one(Tok::Slash);
      case '{':
        return one(Tok::LBrace);
      case '}':
        return one(Tok::RBrace);
      case '[':
        return one(Tok::LBrack);
      case ']':
        return one(Tok::RBrack);
      case '(':
        return one(Tok::LParen);
      case ')':
        return one(Tok::RParen);
      case ',':
        return one(Tok::Comma);
      case '.':
        if (c1 == '.' && b + 2 < n && s[b + 2] == '.') {
          off = b + 3;
          return make(Tok::Ellipsis, b, b + 3, p);
        }
        return one(Tok::Dot);
      case '*':
        return one(Tok::Star);
      case '%':
        return one(Tok::Percent);
      case '+':
        return one(Tok::Plus);
      case '-':
        return one(Tok::Minus);
      case '?':
        return one(Tok::Question);
      case ':':
        if (c1 == ':') return two(Tok::DoubleColon);
        return one(Tok::Colon);
      case '=':
        if (c1 == '=') return two(Tok::EqEq);
        if (c1 == '>') return two(Tok::FatArrow);
        return one(Tok::Assign);
      case '!':
        if (c1 == '=') return two(Tok::NotEq);
        return one(Tok::Bang);
      case '>':
        if (c1 == '=') return two(Tok::Ge);
        return one(Tok::Gt);
      case '&':
        if (c1 == '&') return two(Tok::AndAnd);
        break;
      case '|':
        if (c1 == '|') return two(Tok::OrOr);
        break;
      case '~':
        if (c1 == '}') return two(Tok::TildeRBrace);
        break;
      case '"':
        return one(Tok::OQuote);
      case '<':
        if (c1 == '=') return two(Tok::Le);
        if (c1 == '<') {
          // Heredoc opener: <<ID or <<-ID, immediately followed by a newline.
          uint32_t i = b + 2;
          bool flush = false;
          if (i < n && s[i] == '-') {
            flush = true;
            ++i;
          }
          uint32_t il = ident_len(i);
          uint32_t e = i + il;
          uint32_t nl = e;
          if (nl < n && s[nl] == '\r') ++nl;
          if (il > 0 && nl < n && s[nl] == '\n') {
            Token t = make(Tok::OHeredoc, b, e, p);
            t.flush = flush;
            t.marker = buf.substr(i, il);
            off = nl + 1;
            newline_passed(off);
            return t;
          }
        }
        return one(Tok::Lt);
      default:
        break;
    }
    uint8_t k = cls(c);
    if (k & kDigit) {
      uint32_t i = b + 1;
      while (i < n && (cls(s[i]) & kDigit)) ++i;
      if (i + 1 < n && s[i] == '.' && (cls(s[i + 1]) & kDigit)) {
        i += 2;
        while (i < n && (cls(s[i]) & kDigit)) ++i;
      }
      if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        uint32_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) ++j;
        if (j < n && (cls(s[j]) & kDigit)) {
          while (j < n && (cls(s[j]) & kDigit)) ++j;
          i = j;
        }
      }
      off = i;
      return make(Tok::Number, b, i, p);
    }
    if (k & kIdStart) {
      uint32_t i = b + 1;
      while (i < n && (cls(s[i]) & kIdCont)) ++i;
      if (i < n && static_cast<unsigned char>(s[i]) >= 0x80) i = b + ident_len(b);
      off = i;
      return make(Tok::Ident, b, i, p);
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      uint32_t cp;
      int l = decode_utf8(s, b, n, &cp);
      if (l == 0) {
        off = b + 1;
        while (off < n && (static_cast<unsigned char>(s[off]) & 0xC0) == 0x80) ++off;
        error(p, "Invalid character encoding");
        return make(Tok::Invalid, b, off, p);
      }
      if (is_id_start(cp)) {
        uint32_t i = b + ident_len(b);
        off = i;
        return make(Tok::Ident, b, i, p);
      }
      off = b + l;
      error(p, "Invalid character");
      return make(Tok::Invalid, b, off, p);
    }
    off = b + 1;
    error(p, "Invalid character");
    return make(Tok::Invalid, b, off, p);
  }
}

}  // namespace cs::hcl::detail
