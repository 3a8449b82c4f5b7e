// HCL native-syntax lexer (internal to the parser).
//
// One forward pass over the buffer: tokens are produced on demand, never stored. Template contents
// (between quotes, heredoc bodies) are not tokenised here: the parser scans them raw through the
// public cursor (off/line/line_start) and hands control back to next() for interpolations.
// Positions are computed incrementally: every newline the cursor passes bumps `line`.
#pragma once

#include <cstdint>
#include <string_view>

#include "syntax/hcl/ast.h"

namespace cs::hcl::detail {

enum class Tok : uint8_t {
  Eof,
  Newline,
  Ident,
  Number,
  OQuote,    // "
  OHeredoc,  // <<EOT or <<-EOT (the token ends before the newline, which the lexer has consumed)
  LBrace,
  RBrace,
  TildeRBrace,  // ~}
  LBrack,
  RBrack,
  LParen,
  RParen,
  Comma,
  Dot,
  Ellipsis,
  Star,
  Slash,
  Percent,
  Plus,
  Minus,
  Bang,
  Question,
  Colon,
  DoubleColon,
  Assign,
  EqEq,
  NotEq,
  Lt,
  Le,
  Gt,
  Ge,
  AndAnd,
  OrOr,
  FatArrow,
  Invalid,  // already reported by the lexer
};

struct Token {
  Tok kind = Tok::Eof;
  bool flush = false;  // OHeredoc: <<-
  uint32_t begin = 0;  // local byte offsets into the lexer buffer
  uint32_t end = 0;
  Pos pos;                  // position of `begin`
  std::string_view text;    // the token's bytes
  std::string_view marker;  // OHeredoc: the delimiter identifier

  Pos end_pos() const { return Pos{pos.line, pos.col + (end - begin), pos.offset + (end - begin)}; }
  Range range() const { return Range{pos, end_pos()}; }
};

// Identifier classification of a code point (ASCII fast path inside the lexer).
bool is_id_start(uint32_t cp);
bool is_id_continue(uint32_t cp);
// Decodes one UTF-8 sequence at s[i..n). Returns its length (0 when invalid) and stores the code point.
int decode_utf8(const char* s, size_t i, size_t n, uint32_t* cp);

class Lexer {
 public:
  // `buf` is lexed from offset 0; positions are reported relative to `at` (line, column and offset
  // of buf[0]).
  Lexer(std::string_view buf, Pos at, File* file);

  Token next();

  // Current cursor position (valid for offsets on the current line).
  Pos pos_at(uint32_t o) const {
    return Pos{line, static_cast<uint32_t>(static_cast<int64_t>(o) - line_start + 1), base_off + o};
  }
  Pos here() const { return pos_at(off); }
  void newline_passed(uint32_t after) {
    ++line;
    line_start = after;
  }
  void error(Pos p, const char* msg);

  // Length of an identifier starting at o (0 when there is none). Reports nothing.
  uint32_t ident_len(uint32_t o) const;

  std::string_view buf;
  uint32_t off = 0;
  uint32_t line = 1;
  int64_t line_start = 0;  // local offset of the first byte of the current line (may be negative)
  uint32_t base_off = 0;
  File* file;

 private:
  Token make(Tok k, uint32_t b, uint32_t e, Pos p) {
    Token t;
    t.kind = k;
    t.begin = b;
    t.end = e;
    t.pos = p;
    t.text = buf.substr(b, e - b);
    return t;
  }
  void skip_block_comment();
  void add_comment(uint32_t b, uint32_t e, Pos p);
};

}  // namespace cs::hcl::detail
