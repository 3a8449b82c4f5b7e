// Hand-written recursive-descent parser for HCL native syntax (hclsyntax/spec.md).
//
// Design notes (performance): one forward lexer pass with a single token of lookahead; nodes go
// into the File's arena; lists are built on reusable scratch stacks (one per element type, used
// strictly LIFO by the recursion) and copied into the arena once complete; strings are views into
// the source unless escapes, heredoc flushing or strip markers force a decoded copy.
//
// Error recovery: every error is counted (errs_); only the first error of a run is reported
// (recovering_), the run ends when a body item parses cleanly. A broken construct skips to its
// closing delimiter; while skipping, a line starting in column 1 with an identifier or "}" is
// taken as the start of the next top-level item (resync), so an unclosed bracket cannot swallow
// the blocks that follow it.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "syntax/hcl/ast.h"
#include "syntax/hcl/lexer.h"

namespace cs::hcl {
namespace {

using detail::Lexer;
using detail::Tok;
using detail::Token;

constexpr int kMaxDepth = 512;

inline bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view ltrim_ws(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && is_ws(v[i])) ++i;
  return v.substr(i);
}
std::string_view rtrim_ws(std::string_view v) {
  size_t n = v.size();
  while (n > 0 && is_ws(v[n - 1])) --n;
  return v.substr(0, n);
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

enum class TMode : uint8_t { Quoted, Heredoc, Bare };

// A flat template item, before the directive structure is built (cf. HCL's template tokens).
struct TTok {
  enum Kind : uint8_t { Lit, Interp, If, Else, EndIf, For, EndFor } kind;
  std::string_view text;  // Lit: decoded text
  const Expr* expr;       // Interp: the expression; If: condition; For: collection
  std::string_view k, v;  // For: variables
  Pos begin, end;         // the whole sequence, e.g. from "%{" to "}"
};

class Parser {
 public:
  Parser(File& f, std::string_view buf, Pos at) : f_(f), a_(f.arena), lx_(buf, at, &f), at_(at) {}

  const Body* parse_file() {
    Token close;
    return parse_body(true, nullptr, &close);
  }

  const Expr* parse_expression_only() {
    nl_ = false;
    const Expr* e = parse_expr();
    const Token& t = peek();
    if (t.kind != Tok::Eof && t.kind != Tok::Invalid) error(t.pos, "Extra characters after expression");
    return e;
  }

  const Expr* parse_template_only() {
    Token open;
    open.pos = lx_.here();
    open.begin = open.end = lx_.off;
    return parse_template(TMode::Bare, open);
  }

 private:
  struct DepthGuard {
    Parser& p;
    bool ok;
    explicit DepthGuard(Parser& pp) : p(pp) {
      ok = ++p.depth_ <= kMaxDepth;
      if (!ok) p.too_deep();
    }
    ~DepthGuard() { --p.depth_; }
  };
  struct LexState {
    uint32_t off, line;
    int64_t line_start;
    size_t ncomments, ndiags;
  };

  // ---- tokens ----

  const Token& peek() {
    for (;;) {
      if (!have_) {
        if (!skipping_nl_) pre_ = save();
        tok_ = lx_.next();
        have_ = true;
      }
      if (tok_.kind == Tok::Newline && !nl_) {
        have_ = false;
        skipping_nl_ = true;
        continue;
      }
      skipping_nl_ = false;
      return tok_;
    }
  }
  Token take() {
    peek();
    have_ = false;
    return tok_;
  }
  bool peek_keyword(std::string_view kw) {
    const Token& t = peek();
    return t.kind == Tok::Ident && t.text == kw;
  }
  LexState save() const { return {lx_.off, lx_.line, lx_.line_start, f_.comments.size(), f_.diags.size()}; }
  void restore(const LexState& s) {
    lx_.off = s.off;
    lx_.line = s.line;
    lx_.line_start = s.line_start;
    f_.comments.resize(s.ncomments);
    have_ = false;
    skipping_nl_ = false;
  }

  // ---- diagnostics ----

  void error(Pos p, std::string_view msg) {
    ++errs_;
    if (quiet_ || recovering_) return;
    push_diag(p, msg);
    recovering_ = true;
  }
  void silent_error() {
    ++errs_;
    recovering_ = true;
  }
  void push_diag(Pos p, std::string_view msg) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.file = f_.path;
    d.line = p.line;
    d.col = p.col;
    d.message = std::string(msg);
    f_.diags.push_back(std::move(d));
  }
  void too_deep() {
    ++errs_;
    if (!too_deep_) {
      too_deep_ = true;
      Pos p = have_ ? tok_.pos : lx_.here();
      if (!quiet_) push_diag(p, "Nesting too deep");
      recovering_ = true;
      // Give up on the rest of the input: everything unwinds on end-of-file.
      lx_.off = static_cast<uint32_t>(lx_.buf.size());
      have_ = false;
    }
  }
  // Report an error at token t, unless the lexer already reported it (invalid character).
  void error_at(const Token& t, std::string_view msg) {
    if (t.kind == Tok::Invalid)
      silent_error();
    else
      error(t.pos, msg);
  }

  // ---- node helpers ----

  template <typename T>
  T* node(ExprKind k, Range r) {
    T* n = a_.make<T>();
    n->kind = k;
    n->range = r;
    return n;
  }
  const Expr* bad(Pos p) {
    auto* l = node<LiteralExpr>(ExprKind::Literal, Range{p, p});
    l->lit = LiteralKind::Null;
    return l;
  }
  const LiteralExpr* number_literal(const Token& t) {
    auto* l = node<LiteralExpr>(ExprKind::Literal, t.range());
    l->lit = LiteralKind::Number;
    l->text = t.text;
    double v = 0;
    auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    if (r.ec != std::errc()) {
      std::string tmp(t.text);
      v = std::strtod(tmp.c_str(), nullptr);  // out of range: +inf or 0, as strtod gives them
    }
    l->number = v;
    return l;
  }

  // ---- recovery ----

  // After a newline during recovery: does the next line look like the start of a top-level item?
  bool at_resync_point() {
    const Token& n = peek();
    return n.pos.col == 1 && (n.kind == Tok::Ident || n.kind == Tok::RBrace);
  }

  void skip_template(const Token& open) {
    ++quiet_;
    parse_template(open.kind == Tok::OQuote ? TMode::Quoted : TMode::Heredoc, open);
    --quiet_;
  }

  // Skip to the closing `closer` of the construct we are inside (consumed). Stops without consuming
  // at end of file, at a "}" that closes an enclosing construct, or at a resync point.
  Token recover_to(Tok closer) {
    if (resync_) return tok_;
    bool sv = nl_;
    nl_ = true;
    int depth = 0;
    Token last;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::Eof) {
        last = t;
        break;
      }
      if (t.pos.col == 1 && (t.kind == Tok::Ident || t.kind == Tok::RBrace)) {
        resync_ = true;  // looks like the next top-level item (or the end of a top-level block)
        last = t;
        break;
      }
      if (t.kind == Tok::Newline) {
        last = take();
        continue;
      }
      bool is_close = t.kind == Tok::RBrace || t.kind == Tok::TildeRBrace || t.kind == Tok::RBrack ||
                      t.kind == Tok::RParen;
      if (is_close && depth == 0) {
        Tok k = t.kind == Tok::TildeRBrace ? Tok::RBrace : t.kind;
        if (k == closer) {
          last = take();
          break;
        }
        if (k == Tok::RBrace) {  // closes something further out: leave it there
          last = t;
          break;
        }
        take();  // stray ] or ): ignore
        continue;
      }
      Token tk = take();
      switch (tk.kind) {
        case Tok::LBrace:
        case Tok::LBrack:
        case Tok::LParen:
          ++depth;
          break;
        case Tok::RBrace:
        case Tok::TildeRBrace:
        case Tok::RBrack:
        case Tok::RParen:
          --depth;
          break;
        case Tok::OQuote:
        case Tok::OHeredoc:
          skip_template(tk);
          break;
        default:
          break;
      }
      last = tk;
    }
    nl_ = sv;
    return last;
  }

  // Skip the rest of a body item: up to and including the next newline outside brackets.
  void skip_item() {
    if (resync_) {
      resync_ = false;
      return;
    }
    bool sv = nl_;
    nl_ = true;
    int depth = 0;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::Eof) break;
      if (t.kind == Tok::Newline) {
        take();
        if (depth == 0 || at_resync_point()) break;
        continue;
      }
      if (t.kind == Tok::RBrace && depth == 0) break;
      Token tk = take();
      switch (tk.kind) {
        case Tok::LBrace:
        case Tok::LBrack:
        case Tok::LParen:
          ++depth;
          break;
        case Tok::RBrace:
        case Tok::TildeRBrace:
        case Tok::RBrack:
        case Tok::RParen:
          if (depth > 0) --depth;
          break;
        case Tok::OQuote:
        case Tok::OHeredoc:
          skip_template(tk);
          break;
        default:
          break;
      }
    }
    nl_ = sv;
  }

  // ---- structure ----

  const Body* parse_body(bool top, const Token* open, Token* close) {
    const size_t abase = attrs_.size(), bbase = blocks_.size();
    auto* body = a_.make<Body>();
    body->range.begin = top ? Pos{at_.line, at_.col, at_.offset} : open->end_pos();
    bool sv = nl_;
    nl_ = true;
    for (;;) {
      resync_ = false;
      const Token& t = peek();
      if (t.kind == Tok::Newline) {
        take();
        continue;
      }
      if (t.kind == Tok::Eof) {
        if (!top) error(open->pos, "Unclosed configuration block");
        *close = t;
        body->range.end = t.pos;
        break;
      }
      if (t.kind == Tok::RBrace && !top) {
        *close = take();
        body->range.end = close->pos;
        break;
      }
      if (t.kind == Tok::Ident) {
        if (top) recovering_ = false;  // each top-level item reports its own first error
        parse_item();
        continue;
      }
      if (t.kind == Tok::OQuote)
        error(t.pos, "Invalid argument name");
      else
        error_at(t, "Argument or block definition required");
      if (t.kind == Tok::RBrace) take();  // a stray "}" at the top level
      skip_item();
    }
    nl_ = sv;
    check_duplicates(abase);
    body->attributes = copy_from(attrs_, abase);
    body->blocks = copy_from(blocks_, bbase);
    return body;
  }

  template <typename T>
  Span<T> copy_from(std::vector<T>& v, size_t base) {
    Span<T> s;
    size_t n = v.size() - base;
    if (n) {
      T* p = static_cast<T*>(a_.allocate(sizeof(T) * n, alignof(T)));
      std::memcpy(static_cast<void*>(p), v.data() + base, sizeof(T) * n);
      s = {p, static_cast<uint32_t>(n)};
    }
    v.resize(base);
    return s;
  }

  void check_duplicates(size_t abase) {
    size_t n = attrs_.size() - abase;
    if (n < 2 || quiet_) return;
    const Attribute* a = attrs_.data() + abase;
    auto report = [&](const Attribute& dup) {
      ++errs_;
      push_diag(dup.name_range.begin, "Attribute redefined");
    };
    if (n <= 48) {
      for (size_t i = 1; i < n; ++i)
        for (size_t j = 0; j < i; ++j)
          if (a[i].name == a[j].name) {
            report(a[i]);
            break;
          }
      return;
    }
    std::vector<uint32_t> idx(n);
    for (size_t i = 0; i < n; ++i) idx[i] = static_cast<uint32_t>(i);
    std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) { return a[x].name < a[y].name; });
    std::vector<uint32_t> dups;
    for (size_t i = 1; i < n; ++i)
      if (a[idx[i]].name == a[idx[i - 1]].name) dups.push_back(idx[i]);
    std::sort(dups.begin(), dups.end());
    for (uint32_t d : dups) report(a[d]);
  }

  void parse_item() {
    const uint32_t e0 = errs_;
    Token name = take();
    const Token& t = peek();
    if (t.kind == Tok::Assign) {
      parse_attribute(name, false);
    } else if (t.kind == Tok::OQuote || t.kind == Tok::LBrace || t.kind == Tok::Ident) {
      parse_block(name);
    } else {
      error(name.pos, "Argument or block definition required");
      skip_item();
    }
    if (errs_ == e0) recovering_ = false;
  }

  // name "=" expr, then a newline (or, in a one-line block, the closing brace).
  void parse_attribute(const Token& name, bool one_line) {
    take();  // =
    const uint32_t e0 = errs_;
    const Expr* e = parse_expr();
    Attribute attr;
    attr.name = name.text;
    attr.expr = e;
    attr.range = Range{name.pos, e->range.end};
    attr.name_range = name.range();
    attrs_.push_back(attr);
    if (errs_ != e0) {
      if (!one_line) skip_item();
      return;
    }
    if (one_line) return;
    const Token& t = peek();
    if (t.kind == Tok::Newline) {
      take();
    } else if (t.kind != Tok::Eof) {
      error_at(t,
               t.kind == Tok::Comma ? "Unexpected comma after argument" : "Missing newline after argument");
      skip_item();
    }
  }

  void parse_block(const Token& type) {
    const size_t lbase = labels_.size();
    Token open;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::LBrace) {
        open = take();
        break;
      }
      if (t.kind == Tok::OQuote) {
        Token q = take();
        labels_.push_back(parse_label(q));
        continue;
      }
      if (t.kind == Tok::Ident) {
        Token l = take();
        labels_.push_back(BlockLabel{l.text, l.range(), false});
        continue;
      }
      error_at(t, "Invalid block definition");
      labels_.resize(lbase);
      skip_item();
      return;
    }
    auto* blk = a_.make<Block>();
    blk->type = type.text;
    blk->labels = copy_from(labels_, lbase);
    blk->type_range = type.range();
    blk->open_brace = open.range();
    Token close;
    DepthGuard g(*this);
    if (!g.ok) return;
    ++block_depth_;
    const Token& t = peek();
    if (t.kind == Tok::Newline || t.kind == Tok::Eof || t.kind == Tok::RBrace) {
      blk->body = parse_body(false, &open, &close);
    } else {
      blk->body = parse_one_line_body(open, &close);
    }
    --block_depth_;
    blk->close_brace = close.range();
    blk->range = Range{type.pos, close.end_pos()};
    blocks_.push_back(blk);
    if (close.kind != Tok::RBrace) return;  // unclosed: already reported
    const Token& eol = peek();
    if (eol.kind == Tok::Newline) {
      take();
    } else if (eol.kind != Tok::Eof) {
      error_at(eol, "Missing newline after block definition");
      skip_item();
    }
  }

  // a { b = 1 }: a single attribute and the closing brace on the same line.
  const Body* parse_one_line_body(const Token& open, Token* close) {
    const size_t abase = attrs_.size();
    auto* body = a_.make<Body>();
    body->range.begin = open.end_pos();
    const Token& t = peek();
    if (t.kind != Tok::Ident) {
      error_at(t, "Argument or block definition required");
      *close = recover_to(Tok::RBrace);
    } else {
      Token name = take();
      const Token& n = peek();
      if (n.kind != Tok::Assign) {
        bool blockish = n.kind == Tok::OQuote || n.kind == Tok::LBrace || n.kind == Tok::Ident;
        error(name.pos, blockish ? "Argument definition required" : "Argument or block definition required");
        *close = recover_to(Tok::RBrace);
      } else {
        const uint32_t e0 = errs_;
        parse_attribute(name, true);
        const Token& c = peek();
        if (errs_ != e0) {
          *close = recover_to(Tok::RBrace);
        } else if (c.kind == Tok::RBrace) {
          *close = take();
        } else if (c.kind == Tok::Eof) {
          error(open.pos, "Unclosed configuration block");
          *close = c;
        } else {
          error_at(c, "Invalid single-argument block definition");
          *close = recover_to(Tok::RBrace);
        }
      }
    }
    body->range.end = close->pos;
    body->attributes = copy_from(attrs_, abase);
    return body;
  }

  // A quoted block label: escapes allowed, template sequences are not.
  BlockLabel parse_label(const Token& open) {
    const std::string_view s = lx_.buf;
    const uint32_t n = static_cast<uint32_t>(s.size());
    uint32_t i = lx_.off;
    const uint32_t b = i;
    bool esc = false;
    BlockLabel lab;
    lab.quoted = true;
    for (;;) {
      if (i >= n || s[i] == '\n' || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')) {
        error(open.pos, "Unterminated template string");
        lab.value = decode(b, i, true, esc);
        lx_.off = i;
        lab.range = Range{open.pos, lx_.pos_at(i)};
        return lab;
      }
      char c = s[i];
      if (c == '"') break;
      if (c == '\\') {
        esc = true;
        i += 2;
        if (i > n) i = n;
        continue;
      }
      if ((c == '$' || c == '%') && i + 1 < n) {
        if (s[i + 1] == '{') error(lx_.pos_at(i), "Invalid string literal");
        if (s[i + 1] == c && i + 2 < n && s[i + 2] == '{') {
          esc = true;
          i += 3;
          continue;
        }
      }
      ++i;
    }
    lab.value = decode(b, i, true, esc);
    lx_.off = i + 1;
    lab.range = Range{open.pos, lx_.pos_at(i + 1)};
    return lab;
  }

  // ---- expressions ----

  const Expr* parse_expr() {
    DepthGuard g(*this);
    if (!g.ok) return bad(lx_.here());
    const uint32_t e0 = errs_;
    const Expr* cond = parse_binary(1);
    if (errs_ != e0 || peek().kind != Tok::Question) return cond;
    take();
    const Expr* t = parse_expr();
    if (errs_ != e0) return cond;
    const Token& c = peek();
    if (c.kind != Tok::Colon) {
      error_at(c, "Missing false expression in conditional");
      return cond;
    }
    take();
    const Expr* f = parse_expr();
    auto* n = node<ConditionalExpr>(ExprKind::Conditional, Range{cond->range.begin, f->range.end});
    n->cond = cond;
    n->true_result = t;
    n->false_result = f;
    return n;
  }

  static int binary_level(Tok k, BinaryOp* op) {
    switch (k) {
      case Tok::OrOr:
        *op = BinaryOp::Or;
        return 1;
      case Tok::AndAnd:
        *op = BinaryOp::And;
        return 2;
      case Tok::EqEq:
        *op = BinaryOp::Equal;
        return 3;
      case Tok::NotEq:
        *op = BinaryOp::NotEqual;
        return 3;
      case Tok::Lt:
        *op = BinaryOp::Less;
        return 4;
      case Tok::Le:
        *op = BinaryOp::LessEq;
        return 4;
      case Tok::Gt:
        *op = BinaryOp::Greater;
        return 4;
      case Tok::Ge:
        *op = BinaryOp::GreaterEq;
        return 4;
      case Tok::Plus:
        *op = BinaryOp::Add;
        return 5;
      case Tok::Minus:
        *op = BinaryOp::Sub;
        return 5;
      case Tok::Star:
        *op = BinaryOp::Mul;
        return 6;
      case Tok::Slash:
        *op = BinaryOp::Div;
        return 6;
      case Tok::Percent:
        *op = BinaryOp::Mod;
        return 6;
      default:
        return 0;
    }
  }

  // Precedence climbing; operators of one level associate to the left.
  const Expr* parse_binary(int min_level) {
    const uint32_t e0 = errs_;
    const Expr* lhs = parse_unary_postfix();
    for (;;) {
      if (errs_ != e0) return lhs;
      BinaryOp op;
      int lvl = binary_level(peek().kind, &op);
      if (lvl == 0 || lvl < min_level) return lhs;
      take();
      const Expr* rhs = lvl < 6 ? parse_binary(lvl + 1) : parse_unary_postfix();
      auto* b = node<BinaryExpr>(ExprKind::Binary, Range{lhs->range.begin, rhs->range.end});
      b->op = op;
      b->lhs = lhs;
      b->rhs = rhs;
      lhs = b;
    }
  }

  static bool is_literal_key(const Expr* k) {
    if (k->kind == ExprKind::Literal) return true;
    if (k->kind == ExprKind::Template) {
      auto* t = as<TemplateExpr>(k);
      return t->parts.size == 1 && t->parts[0].expr == nullptr;
    }
    return false;
  }

  // A term and its traversals (HCL's ExprTerm with Index/GetAttr/Splat).
  const Expr* parse_unary_postfix() {
    const uint32_t e0 = errs_;
    const Expr* t = parse_term();
    if (errs_ != e0) return t;
    return parse_postfix(t);
  }

  const Expr* parse_postfix(const Expr* cur) {
    Expr* trav = nullptr;  // traversal whose steps are being collected on steps_
    size_t sbase = steps_.size();
    if (cur->kind == ExprKind::ScopeTraversal) trav = const_cast<Expr*>(cur);
    auto finish = [&]() {
      if (!trav) return;
      Span<TraversalStep> sp = copy_from(steps_, sbase);
      if (trav->kind == ExprKind::ScopeTraversal)
        static_cast<ScopeTraversalExpr*>(trav)->steps = sp;
      else
        static_cast<RelativeTraversalExpr*>(trav)->steps = sp;
      trav = nullptr;
    };
    auto add_step = [&](const TraversalStep& st) {
      if (!trav) {
        auto* r = node<RelativeTraversalExpr>(ExprKind::RelativeTraversal, cur->range);
        r->source = cur;
        trav = r;
        cur = r;
        sbase = steps_.size();
      }
      steps_.push_back(st);
      trav->range.end = st.range.end;
    };
    auto legacy_index = [&](const Token& dot, const Token& num) {
      if (num.text.find('.') != std::string_view::npos) error(num.pos, "Invalid legacy index syntax");
      return TraversalStep{StepKind::Index, {}, number_literal(num), Range{dot.pos, num.end_pos()}};
    };
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::Dot) {
        Token dot = take();
        const Token& a = peek();
        if (a.kind == Tok::Ident) {
          Token at = take();
          add_step(TraversalStep{StepKind::Attr, at.text, nullptr, Range{dot.pos, at.end_pos()}});
          continue;
        }
        if (a.kind == Tok::Number) {
          Token num = take();
          add_step(legacy_index(dot, num));
          continue;
        }
        if (a.kind == Tok::Star) {
          // Attribute-only splat: only .name (and legacy .N) steps belong to each element.
          Token star = take();
          finish();
          auto* anon = node<AnonSymbolExpr>(ExprKind::AnonSymbol, Range{dot.pos, star.end_pos()});
          const size_t b2 = steps_.size();
          Pos first{}, last = star.end_pos();
          while (peek().kind == Tok::Dot) {
            Token d = take();
            if (steps_.size() == b2) first = d.pos;
            const Token& x = peek();
            if (x.kind == Tok::Ident) {
              Token at = take();
              steps_.push_back(TraversalStep{StepKind::Attr, at.text, nullptr, Range{d.pos, at.end_pos()}});
              last = at.end_pos();
            } else if (x.kind == Tok::Number) {
              Token num = take();
              steps_.push_back(legacy_index(d, num));
              last = num.end_pos();
            } else {
              error_at(
                  x, x.kind == Tok::Star ? "Nested splat expression not allowed" : "Invalid attribute name");
              break;
            }
          }
          const Expr* each = anon;
          if (steps_.size() > b2) {
            auto* r = node<RelativeTraversalExpr>(ExprKind::RelativeTraversal, Range{first, last});
            r->source = anon;
            r->steps = copy_from(steps_, b2);
            each = r;
          }
          auto* sp = node<SplatExpr>(ExprKind::Splat, Range{cur->range.begin, last});
          sp->source = cur;
          sp->each = each;
          sp->full = false;
          cur = sp;
          continue;
        }
        error_at(a, "Invalid attribute name");
        break;
      }
      if (t.kind == Tok::LBrack) {
        Token open = take();
        if (peek().kind == Tok::Star) {
          // Full splat: every traversal step after [*] applies to each element.
          take();
          Token close;
          if (peek().kind == Tok::RBrack) {
            close = take();
          } else {
            error_at(peek(), "Missing close bracket on splat index");
            close = recover_to(Tok::RBrack);
          }
          finish();
          auto* anon = node<AnonSymbolExpr>(ExprKind::AnonSymbol, Range{open.pos, close.end_pos()});
          const Expr* each;
          {
            DepthGuard g(*this);
            each = g.ok ? parse_postfix(anon) : anon;
          }
          auto* sp = node<SplatExpr>(ExprKind::Splat, Range{cur->range.begin, each->range.end});
          sp->source = cur;
          sp->each = each;
          sp->full = true;
          cur = sp;
          continue;
        }
        bool sv = nl_;
        nl_ = false;
        const uint32_t e0 = errs_;
        const Expr* key = parse_expr();
        Token close;
        if (errs_ != e0) {
          close = recover_to(Tok::RBrack);
        } else if (peek().kind == Tok::RBrack) {
          close = take();
        } else {
          error_at(peek(), "Missing close bracket on index");
          close = recover_to(Tok::RBrack);
        }
        nl_ = sv;
        Range rng{open.pos, close.end_pos()};
        if (is_literal_key(key)) {
          add_step(TraversalStep{StepKind::Index, {}, key, rng});
        } else {
          finish();
          auto* ix = node<IndexExpr>(ExprKind::Index, Range{cur->range.begin, rng.end});
          ix->collection = cur;
          ix->key = key;
          cur = ix;
        }
        if (errs_ != e0) break;
        continue;
      }
      break;
    }
    finish();
    return cur;
  }

  const Expr* parse_term() {
    DepthGuard g(*this);
    if (!g.ok) return bad(lx_.here());
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Number: {
        Token n = take();
        return number_literal(n);
      }
      case Tok::Ident: {
        Token id = take();
        const Token& n = peek();
        if (n.kind == Tok::LParen || n.kind == Tok::DoubleColon) return parse_call(id);
        if (id.text == "true" || id.text == "false" || id.text == "null") {
          auto* l = node<LiteralExpr>(ExprKind::Literal, id.range());
          l->text = id.text;
          if (id.text[0] == 'n') {
            l->lit = LiteralKind::Null;
          } else {
            l->lit = LiteralKind::Bool;
            l->boolean = id.text[0] == 't';
          }
          return l;
        }
        auto* s = node<ScopeTraversalExpr>(ExprKind::ScopeTraversal, id.range());
        s->root = id.text;
        return s;
      }
      case Tok::OQuote:
      case Tok::OHeredoc: {
        Token open = take();
        return parse_template(open.kind == Tok::OQuote ? TMode::Quoted : TMode::Heredoc, open);
      }
      case Tok::LParen: {
        Token open = take();
        bool sv = nl_;
        nl_ = false;
        const uint32_t e0 = errs_;
        const Expr* inner = parse_expr();
        Token close;
        if (errs_ != e0) {
          close = recover_to(Tok::RParen);
        } else if (peek().kind == Tok::RParen) {
          close = take();
        } else {
          error_at(peek(), "Unbalanced parentheses");
          close = recover_to(Tok::RParen);
        }
        nl_ = sv;
        auto* p = node<ParenExpr>(ExprKind::Paren, Range{open.pos, close.end_pos()});
        p->inner = inner;
        return p;
      }
      case Tok::Minus:
      case Tok::Bang: {
        Token op = take();
        const Expr* operand = parse_unary_postfix();
        auto* u = node<UnaryExpr>(ExprKind::Unary, Range{op.pos, operand->range.end});
        u->op = op.kind == Tok::Minus ? UnaryOp::Negate : UnaryOp::Not;
        u->operand = operand;
        return u;
      }
      case Tok::LBrack:
        return parse_tuple();
      case Tok::LBrace:
        return parse_object();
      case Tok::Eof:
        error(t.pos, "Missing expression");
        return bad(t.pos);
      default:
        error_at(t, "Invalid expression");
        return bad(t.pos);
    }
  }

  const Expr* parse_call(const Token& id) {
    Pos name_end = id.end_pos();
    std::string_view name = id.text;
    uint32_t cont_end = id.end;
    bool contiguous = true;
    std::string joined;
    while (peek().kind == Tok::DoubleColon) {
      Token dc = take();
      const Token& p = peek();
      if (p.kind != Tok::Ident) {
        error_at(p, "Missing function name");
        return bad(p.pos);
      }
      Token part = take();
      if (dc.begin != cont_end || part.begin != dc.end) {
        if (contiguous) joined.assign(lx_.buf.substr(id.begin, cont_end - id.begin));
        contiguous = false;
      }
      if (!contiguous) {
        joined += "::";
        joined += part.text;
      }
      cont_end = part.end;
      name_end = part.end_pos();
    }
    name = contiguous ? lx_.buf.substr(id.begin, cont_end - id.begin) : a_.copy(joined);
    const Token& lp = peek();
    if (lp.kind != Tok::LParen) {
      error_at(lp, "Missing open parenthesis");
      return bad(lp.pos);
    }
    take();
    bool sv = nl_;
    nl_ = false;
    const size_t ebase = exprs_.size();
    bool expand = false;
    Token close;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::RParen) {
        close = take();
        break;
      }
      const uint32_t e0 = errs_;
      const Expr* arg = parse_expr();
      exprs_.push_back(arg);
      if (errs_ != e0) {
        close = recover_to(Tok::RParen);
        break;
      }
      const Token& s = peek();
      if (s.kind == Tok::Comma) {
        take();
        continue;
      }
      if (s.kind == Tok::RParen) {
        close = take();
        break;
      }
      if (s.kind == Tok::Ellipsis) {
        take();
        expand = true;
        if (peek().kind == Tok::RParen) {
          close = take();
        } else {
          error_at(peek(), "Missing closing parenthesis");
          close = recover_to(Tok::RParen);
        }
        break;
      }
      error_at(s, "Missing argument separator");
      close = recover_to(Tok::RParen);
      break;
    }
    nl_ = sv;
    auto* c = node<FunctionCallExpr>(ExprKind::FunctionCall, Range{id.pos, close.end_pos()});
    c->name = name;
    c->args = copy_from(exprs_, ebase);
    c->expand_final = expand;
    c->name_range = Range{id.pos, name_end};
    return c;
  }

  const Expr* parse_tuple() {
    Token open = take();
    bool sv = nl_;
    nl_ = false;
    if (peek_keyword("for")) {
      const Expr* r = parse_for(open, false);
      nl_ = sv;
      return r;
    }
    const size_t ebase = exprs_.size();
    Token close;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::RBrack) {
        close = take();
        break;
      }
      const uint32_t e0 = errs_;
      const Expr* e = parse_expr();
      exprs_.push_back(e);
      if (errs_ != e0) {
        close = recover_to(Tok::RBrack);
        break;
      }
      const Token& s = peek();
      if (s.kind == Tok::Comma) {
        take();
        continue;
      }
      if (s.kind == Tok::RBrack) {
        close = take();
        break;
      }
      error_at(s, "Missing item separator");
      close = recover_to(Tok::RBrack);
      break;
    }
    nl_ = sv;
    auto* tu = node<TupleExpr>(ExprKind::Tuple, Range{open.pos, close.end_pos()});
    tu->items = copy_from(exprs_, ebase);
    return tu;
  }

  const Expr* parse_object() {
    Token open = take();
    bool sv = nl_;
    nl_ = false;
    if (peek_keyword("for")) {
      const Expr* r = parse_for(open, true);
      nl_ = sv;
      return r;
    }
    nl_ = true;  // newlines separate items
    const size_t ibase = items_.size();
    Token close;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::Newline) {
        take();
        continue;
      }
      if (t.kind == Tok::RBrace) {
        close = take();
        break;
      }
      const uint32_t e0 = errs_;
      const Expr* key = parse_expr();
      if (errs_ != e0) {
        close = recover_to(Tok::RBrace);
        break;
      }
      const Token& eq = peek();
      if (eq.kind != Tok::Assign && eq.kind != Tok::Colon) {
        error_at(eq, "Missing key/value separator");
        close = recover_to(Tok::RBrace);
        break;
      }
      take();
      const Expr* value = parse_expr();
      bool bare = key->kind == ExprKind::ScopeTraversal && as<ScopeTraversalExpr>(key)->steps.empty();
      items_.push_back(ObjectItem{key, value, bare});
      if (errs_ != e0) {
        close = recover_to(Tok::RBrace);
        break;
      }
      const Token& s = peek();
      if (s.kind == Tok::Comma || s.kind == Tok::Newline) {
        take();
        continue;
      }
      if (s.kind == Tok::RBrace) {
        close = take();
        break;
      }
      error_at(s, "Missing attribute separator");
      close = recover_to(Tok::RBrace);
      break;
    }
    nl_ = sv;
    auto* o = node<ObjectExpr>(ExprKind::Object, Range{open.pos, close.end_pos()});
    o->items = copy_from(items_, ibase);
    return o;
  }

  // [for k, v in coll : value if cond] / {for k, v in coll : key => value... if cond}
  // Newlines are already ignored by the caller.
  const Expr* parse_for(const Token& open, bool object_form) {
    const Tok closer = object_form ? Tok::RBrace : Tok::RBrack;
    auto* fe = node<ForExpr>(ExprKind::For, Range{open.pos, open.end_pos()});
    fe->object_form = object_form;
    auto fail = [&](const Token& at) -> const Expr* {
      error_at(at, "Invalid 'for' expression");
      Token c = recover_to(closer);
      fe->range.end = c.end_pos();
      if (!fe->coll) fe->coll = bad(at.pos);
      if (!fe->value_expr) fe->value_expr = bad(at.pos);
      if (object_form && !fe->key_expr) fe->key_expr = bad(at.pos);
      return fe;
    };
    take();  // for
    if (peek().kind != Tok::Ident) return fail(peek());
    Token v1 = take();
    if (peek().kind == Tok::Comma) {
      take();
      if (peek().kind != Tok::Ident) return fail(peek());
      fe->key_var = v1.text;
      fe->value_var = take().text;
    } else {
      fe->value_var = v1.text;
    }
    if (!peek_keyword("in")) return fail(peek());
    take();
    const uint32_t e0 = errs_;
    fe->coll = parse_expr();
    if (errs_ != e0) return fail(peek());
    if (peek().kind != Tok::Colon) return fail(peek());
    take();
    if (object_form) {
      fe->key_expr = parse_expr();
      if (errs_ != e0) return fail(peek());
      if (peek().kind != Tok::FatArrow) return fail(peek());
      take();
      fe->value_expr = parse_expr();
      if (errs_ != e0) return fail(peek());
      if (peek().kind == Tok::Ellipsis) {
        take();
        fe->grouping = true;
      }
    } else {
      fe->value_expr = parse_expr();
      if (errs_ != e0) return fail(peek());
    }
    if (peek_keyword("if")) {
      take();
      fe->cond = parse_expr();
      if (errs_ != e0) return fail(peek());
    }
    if (peek().kind != closer) return fail(peek());
    Token c = take();
    fe->range.end = c.end_pos();
    return fe;
  }

  // ---- templates ----

  // Decode a literal run [b, e) of the buffer: backslash escapes (quoted strings only) and the
  // $${ / %%{ escapes. Returns a view into the source when nothing needs decoding.
  std::string_view decode(uint32_t b, uint32_t e, bool quoted, bool has_escapes) {
    const std::string_view s = lx_.buf;
    if (!has_escapes) return s.substr(b, e - b);
    std::string& out = sbuf_;
    out.clear();
    for (uint32_t i = b; i < e;) {
      char c = s[i];
      if (quoted && c == '\\' && i + 1 < e) {
        char x = s[i + 1];
        switch (x) {
          case 'n':
            out += '\n';
            i += 2;
            continue;
          case 'r':
            out += '\r';
            i += 2;
            continue;
          case 't':
            out += '\t';
            i += 2;
            continue;
          case '"':
            out += '"';
            i += 2;
            continue;
          case '\\':
            out += '\\';
            i += 2;
            continue;
          case 'u':
          case 'U': {
            uint32_t nd = x == 'u' ? 4 : 8;
            uint32_t cp = 0;
            bool ok = i + 2 + nd <= e;
            for (uint32_t k = 0; ok && k < nd; ++k) {
              int h = hexval(s[i + 2 + k]);
              if (h < 0)
                ok = false;
              else
                cp = cp * 16 + static_cast<uint32_t>(h);
            }
            if (ok && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
              append_utf8(out, cp);
              i += 2 + nd;
              continue;
            }
            error(lx_.pos_at(i), "Invalid escape sequence");
            out += c;
            ++i;
            continue;
          }
          default:
            error(lx_.pos_at(i), "Invalid escape sequence");
            out += c;
            ++i;
            continue;
        }
      }
      if ((c == '$' || c == '%') && i + 2 < e && s[i + 1] == c && s[i + 2] == '{') {
        out += c;
        out += '{';
        i += 3;
        continue;
      }
      out += c;
      ++i;
    }
    return a_.copy(out);
  }

  // Parse a template from the lexer cursor. `open` is the opening token (quote, heredoc opener, or
  // a synthetic token at the start for a bare template).
  const Expr* parse_template(TMode mode, const Token& open) {
    DepthGuard g(*this);
    if (!g.ok) return bad(open.pos);
    const size_t tbase = ttoks_.size();
    const std::string_view s = lx_.buf;
    const uint32_t n = static_cast<uint32_t>(s.size());
    const bool quoted = mode == TMode::Quoted;
    const std::string_view marker = open.marker;
    bool ltrim_next = false;
    uint32_t off = lx_.off;
    uint32_t lit_b = off;
    bool lit_esc = false;
    bool line_start = mode == TMode::Heredoc;
    Pos end_pos;

    auto push_lit = [&](uint32_t e) {
      if (e == lit_b) return;
      TTok t{};
      t.kind = TTok::Lit;
      t.text = decode(lit_b, e, quoted, lit_esc);
      if (ltrim_next) t.text = ltrim_ws(t.text);
      ltrim_next = false;
      ttoks_.push_back(t);
    };
    auto rtrim_prev = [&]() {
      if (ttoks_.size() > tbase && ttoks_.back().kind == TTok::Lit)
        ttoks_.back().text = rtrim_ws(ttoks_.back().text);
    };

    for (;;) {
      if (line_start) {
        // A heredoc ends at a line holding only its marker (indentation allowed).
        uint32_t i = off;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (n - i >= marker.size() && s.compare(i, marker.size(), marker) == 0) {
          uint32_t j = i + static_cast<uint32_t>(marker.size());
          uint32_t k = j;  // trailing blanks after the marker are tolerated, as HCL does
          while (k < n && (s[k] == ' ' || s[k] == '\t')) ++k;
          if (k == n || s[k] == '\n' || (s[k] == '\r' && k + 1 < n && s[k + 1] == '\n')) {
            push_lit(off);
            lx_.off = j;
            end_pos = lx_.pos_at(j);
            break;
          }
        }
        line_start = false;
      }
      if (off >= n) {
        push_lit(off);
        lx_.off = n;
        end_pos = lx_.pos_at(n);
        if (mode != TMode::Bare) error(open.pos, "Unterminated template string");
        break;
      }
      const char c = s[off];
      if (c == '\n' || (c == '\r' && off + 1 < n && s[off + 1] == '\n')) {
        if (quoted) {
          push_lit(off);
          lx_.off = off;
          end_pos = lx_.pos_at(off);
          error(end_pos, "Invalid multi-line string");
          break;
        }
        off += c == '\r' ? 2 : 1;
        lx_.newline_passed(off);
        push_lit(off);  // each heredoc line is its own literal (strip markers act per line)
        lit_b = off;
        lit_esc = false;
        line_start = mode == TMode::Heredoc;
        continue;
      }
      if (quoted) {
        if (c == '"') {
          push_lit(off);
          lx_.off = off + 1;
          end_pos = lx_.pos_at(off + 1);
          break;
        }
        if (c == '\\') {
          lit_esc = true;
          off += (off + 1 < n && s[off + 1] != '\n' && s[off + 1] != '\r') ? 2 : 1;
          continue;
        }
      }
      if ((c == '$' || c == '%') && off + 1 < n) {
        const char c1 = s[off + 1];
        if (c1 == c && off + 2 < n && s[off + 2] == '{') {
          lit_esc = true;
          off += 3;
          continue;
        }
        if (c1 == '{') {
          push_lit(off);
          const bool strip_l = off + 2 < n && s[off + 2] == '~';
          if (strip_l) rtrim_prev();
          ltrim_next = false;
          TTok tt{};
          tt.begin = lx_.pos_at(off);
          lx_.off = off + 2 + (strip_l ? 1 : 0);
          have_ = false;
          bool ok = c == '$' ? scan_interp(tt, mode) : scan_directive(tt, mode);
          tt.end = lx_.here();
          if (ok) {
            ttoks_.push_back(tt);
            ltrim_next = ltrim_after_;
          }
          off = lx_.off;
          lit_b = off;
          lit_esc = false;
          continue;
        }
      }
      ++off;
    }

    if (ttoks_.size() == tbase) {
      TTok t{};
      t.kind = TTok::Lit;
      ttoks_.push_back(t);
    }
    if (mode == TMode::Heredoc && open.flush) flush_heredoc(tbase);
    meld(tbase);

    const Range whole{open.pos, end_pos};
    const Expr* result;
    if (ttoks_.size() == tbase + 1 && ttoks_[tbase].kind == TTok::Interp) {
      auto* w = node<TemplateWrapExpr>(ExprKind::TemplateWrap, whole);
      w->wrapped = ttoks_[tbase].expr;
      result = w;
    } else {
      size_t i = tbase;
      auto* te = build_parts(i, true, whole);
      te->quoted = quoted;
      te->heredoc = mode == TMode::Heredoc;
      result = te;
    }
    ttoks_.resize(tbase);
    return result;
  }

  // After "${": the expression and the closing brace. Returns false when the sequence is broken.
  bool scan_interp(TTok& tt, TMode mode) {
    bool sv = nl_;
    nl_ = false;
    const uint32_t e0 = errs_;
    tt.kind = TTok::Interp;
    tt.expr = parse_expr();
    bool ok = close_sequence(tt, mode, e0, "Extra characters after interpolation expression");
    nl_ = sv;
    return ok;
  }

  bool close_sequence(TTok& tt, TMode mode, uint32_t e0, std::string_view extra_msg) {
    ltrim_after_ = false;
    const Token& t = peek();
    if (errs_ == e0 && (t.kind == Tok::RBrace || t.kind == Tok::TildeRBrace)) {
      ltrim_after_ = t.kind == Tok::TildeRBrace;
      take();
      return true;
    }
    if (errs_ == e0) {
      if (t.kind == Tok::Eof)
        error(tt.begin, "Unclosed template interpolation sequence");
      else
        error_at(t, extra_msg);
    }
    recover_sequence(mode);
    return tt.kind == TTok::Interp;  // keep a broken interpolation's expression; drop broken directives
  }

  // Skip to the "}" that closes a template sequence. Inside a quoted string a quote or a newline
  // at depth 0 ends the damage instead (left for the template scanner).
  void recover_sequence(TMode mode) {
    bool sv = nl_;
    nl_ = true;
    int depth = 0;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Tok::Eof) break;
      if (mode == TMode::Quoted && depth == 0 &&
          (t.kind == Tok::OQuote || t.kind == Tok::Newline || t.pos.line != pre_.line)) {
        if (t.kind == Tok::Invalid) f_.diags.resize(pre_.ndiags);  // it is lexed (and reported) again
        restore(pre_);  // give the quote or newline back to the template scanner
        break;
      }
      Token tk = take();
      if ((tk.kind == Tok::RBrace || tk.kind == Tok::TildeRBrace) && depth == 0) break;
      switch (tk.kind) {
        case Tok::LBrace:
        case Tok::LBrack:
        case Tok::LParen:
          ++depth;
          break;
        case Tok::RBrace:
        case Tok::TildeRBrace:
        case Tok::RBrack:
        case Tok::RParen:
          if (depth > 0) --depth;
          break;
        case Tok::OQuote:
        case Tok::OHeredoc:
          skip_template(tk);
          break;
        default:
          break;
      }
    }
    nl_ = sv;
  }

  // After "%{": if / else / endif / for / endfor and the closing brace.
  bool scan_directive(TTok& tt, TMode mode) {
    bool sv = nl_;
    nl_ = false;
    const uint32_t e0 = errs_;
    tt.kind = TTok::If;  // provisional; a broken directive is dropped
    const Token& kw = peek();
    std::string_view word = kw.kind == Tok::Ident ? kw.text : std::string_view();
    bool ok = true;
    if (kw.kind != Tok::Ident) {
      error_at(kw, "Invalid template directive");
      ok = false;
    } else if (word == "if") {
      take();
      tt.kind = TTok::If;
      tt.expr = parse_expr();
    } else if (word == "else" || word == "endif" || word == "endfor") {
      take();
      tt.kind = word == "else" ? TTok::Else : word == "endif" ? TTok::EndIf : TTok::EndFor;
    } else if (word == "for") {
      take();
      tt.kind = TTok::For;
      if (peek().kind != Tok::Ident) {
        error_at(peek(), "Invalid 'for' directive");
        ok = false;
      } else {
        Token v1 = take();
        tt.v = v1.text;
        if (peek().kind == Tok::Comma) {
          take();
          if (peek().kind != Tok::Ident) {
            error_at(peek(), "Invalid 'for' directive");
            ok = false;
          } else {
            tt.k = v1.text;
            tt.v = take().text;
          }
        }
        if (ok && !peek_keyword("in")) {
          error_at(peek(), "Invalid 'for' directive");
          ok = false;
        }
        if (ok) {
          take();
          tt.expr = parse_expr();
        }
      }
    } else {
      error(kw.pos, "Invalid template control keyword");
      ok = false;
    }
    bool closed;
    if (ok) {
      std::string msg = "Extra characters in ";
      msg += word;
      msg += " marker";
      closed = close_sequence(tt, mode, e0, msg);  // false for a broken directive
    } else {
      recover_sequence(mode);
      ltrim_after_ = false;
      closed = false;
    }
    nl_ = sv;
    return ok && closed;
  }

  // <<- heredocs: remove the smallest indentation of the line-leading literals from all of them
  // (blank lines do not count), as HCL does.
  void flush_heredoc(size_t tbase) {
    constexpr size_t kInf = ~size_t{0};
    size_t min_sp = kInf;
    bool newline = true;
    const size_t end = ttoks_.size();
    adjust_.clear();
    for (size_t i = tbase; i < end; ++i) {
      TTok& t = ttoks_[i];
      if (newline) {
        newline = false;
        size_t sp = 0;
        if (t.kind == TTok::Lit) {
          std::string_view tr = ltrim_ws(t.text);
          if (tr.empty() && !t.text.empty() && t.text.back() == '\n') {
            sp = kInf;
          } else {
            sp = t.text.size() - tr.size();
            adjust_.push_back(static_cast<uint32_t>(i));
          }
        }
        min_sp = std::min(min_sp, sp);
      }
      if (t.kind == TTok::Lit && !t.text.empty() && t.text.back() == '\n') newline = true;
    }
    if (min_sp == kInf || min_sp == 0) return;
    for (uint32_t i : adjust_) {
      TTok& t = ttoks_[i];
      t.text.remove_prefix(std::min(min_sp, t.text.size()));
    }
  }

  // Merge consecutive literals into one (a view when they are contiguous in one buffer).
  void meld(size_t tbase) {
    size_t w = tbase;
    const size_t end = ttoks_.size();
    for (size_t r = tbase; r < end;) {
      if (ttoks_[r].kind != TTok::Lit) {
        ttoks_[w++] = ttoks_[r++];
        continue;
      }
      size_t j = r + 1;
      while (j < end && ttoks_[j].kind == TTok::Lit) ++j;
      TTok merged = ttoks_[r];
      if (j - r > 1) {
        bool contiguous = true;
        size_t total = ttoks_[r].text.size();
        for (size_t k = r + 1; k < j; ++k) {
          const auto& prev = ttoks_[k - 1].text;
          const auto& cur = ttoks_[k].text;
          if (!cur.empty() && (prev.data() + prev.size() != cur.data())) contiguous = false;
          total += cur.size();
        }
        if (contiguous && ttoks_[r].text.data() != nullptr) {
          merged.text = std::string_view(ttoks_[r].text.data(), total);
        } else if (total == 0) {
          merged.text = {};
        } else {
          char* p = static_cast<char*>(a_.allocate(total, 1));
          size_t o = 0;
          for (size_t k = r; k < j; ++k) {
            const auto& v = ttoks_[k].text;
            if (!v.empty()) std::memcpy(p + o, v.data(), v.size());
            o += v.size();
          }
          merged.text = std::string_view(p, total);
        }
      }
      ttoks_[w++] = merged;
      r = j;
    }
    ttoks_.resize(w);
  }

  // Build the parts of a template from ttoks_[i..] up to a directive terminator (not consumed) or
  // the end. At the top level, stray terminators are reported and skipped.
  TemplateExpr* build_parts(size_t& i, bool top, Range range) {
    const size_t pbase = parts_.size();
    const size_t end = ttoks_.size();
    while (i < end) {
      const TTok& t = ttoks_[i];
      if (t.kind == TTok::Lit) {
        parts_.push_back(TemplatePart{t.text, nullptr});
        ++i;
      } else if (t.kind == TTok::Interp) {
        parts_.push_back(TemplatePart{{}, t.expr});
        ++i;
      } else if (t.kind == TTok::If || t.kind == TTok::For) {
        parts_.push_back(TemplatePart{{}, build_directive(i)});
      } else {
        if (!top) break;
        error(t.begin, t.kind == TTok::Else    ? "Unexpected else directive"
                       : t.kind == TTok::EndIf ? "Unexpected endif directive"
                                               : "Unexpected endfor directive");
        ++i;
      }
    }
    if (parts_.size() == pbase) parts_.push_back(TemplatePart{{}, nullptr});  // "" as HCL has it
    auto* te = node<TemplateExpr>(ExprKind::Template, range);
    te->parts = copy_from(parts_, pbase);
    return te;
  }

  const Expr* build_directive(size_t& i) {
    DepthGuard g(*this);
    const TTok open = ttoks_[i++];
    if (!g.ok) return bad(open.begin);
    const size_t end = ttoks_.size();
    if (open.kind == TTok::If) {
      auto* n = node<TemplateIfExpr>(ExprKind::TemplateIf, Range{open.begin, open.end});
      n->cond = open.expr;
      TemplateExpr* tp = build_parts(i, false, Range{});
      tp->range = Range{open.end, i < end ? ttoks_[i].begin : open.end};
      n->then_part = tp;
      if (i < end && ttoks_[i].kind == TTok::Else) {
        Pos eb = ttoks_[i].end;
        ++i;
        auto* ep = build_parts(i, false, Range{});
        ep->range = Range{eb, i < end ? ttoks_[i].begin : eb};
        n->else_part = ep;
      }
      if (i < end && ttoks_[i].kind == TTok::EndIf) {
        n->range.end = ttoks_[i].end;
        ++i;
      } else if (i < end) {
        error(ttoks_[i].begin,
              ttoks_[i].kind == TTok::Else ? "Unexpected else directive" : "Unexpected endfor directive");
        n->range.end = ttoks_[i].end;
        ++i;
      } else {
        error(open.begin, "Unexpected end of template");
      }
      return n;
    }
    auto* n = node<TemplateForExpr>(ExprKind::TemplateFor, Range{open.begin, open.end});
    n->key_var = open.k;
    n->value_var = open.v;
    n->coll = open.expr;
    TemplateExpr* body = build_parts(i, false, Range{});
    body->range = Range{open.end, i < end ? ttoks_[i].begin : open.end};
    n->body = body;
    if (i < end && ttoks_[i].kind == TTok::EndFor) {
      n->range.end = ttoks_[i].end;
      ++i;
    } else if (i < end) {
      error(ttoks_[i].begin,
            ttoks_[i].kind == TTok::Else ? "Unexpected else directive" : "Unexpected endif directive");
      n->range.end = ttoks_[i].end;
      ++i;
    } else {
      error(open.begin, "Unexpected end of template");
    }
    return n;
  }

  File& f_;
  Arena& a_;
  Lexer lx_;
  Pos at_;
  Token tok_;
  bool have_ = false;
  bool skipping_nl_ = false;
  LexState pre_{};  // lexer state before the current token (and the newlines skipped before it)
  bool nl_ = true;  // newlines are significant (bodies, objects)
  bool recovering_ = false;
  bool resync_ = false;
  bool too_deep_ = false;
  bool ltrim_after_ = false;
  int quiet_ = 0;
  int depth_ = 0;
  int block_depth_ = 0;
  uint32_t errs_ = 0;

  std::vector<const Expr*> exprs_;
  std::vector<ObjectItem> items_;
  std::vector<TraversalStep> steps_;
  std::vector<Attribute> attrs_;
  std::vector<const Block*> blocks_;
  std::vector<BlockLabel> labels_;
  std::vector<TTok> ttoks_;
  std::vector<TemplatePart> parts_;
  std::vector<uint32_t> adjust_;
  std::string sbuf_;
};

}  // namespace

namespace {
std::atomic<uint64_t> parse_calls{0};
}  // namespace

uint64_t parse_count() {
  return parse_calls.load();
}

std::unique_ptr<File> parse(std::string path, std::string src) {
  ++parse_calls;
  auto f = std::make_unique<File>();
  f->path = std::move(path);
  f->src = std::move(src);
  if (f->src.size() >= 0xFFFFFFF0u) {  // offsets are 32-bit
    Diagnostic d;
    d.file = f->path;
    d.message = "File too large";
    f->diags.push_back(std::move(d));
    f->body = f->arena.make<Body>();
    return f;
  }
  Parser p(*f, f->src, Pos{1, 1, 0});
  f->body = p.parse_file();
  return f;
}

const Expr* parse_template(File& file, std::string_view text, Pos at) {
  Parser p(file, text, at);
  return p.parse_template_only();
}

const Expr* parse_expression(File& file, std::string_view text, Pos at) {
  Parser p(file, text, at);
  return p.parse_expression_only();
}

}  // namespace cs::hcl
