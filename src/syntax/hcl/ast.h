// HCL2 native syntax tree (hclsyntax/spec.md). No Terraform or AWS knowledge lives here.
//
// Every node sits in the File's Arena and is trivially destructible. Strings are string_views either
// into File::src (when the source text is the value as written) or into the arena (decoded text:
// escapes resolved, heredoc indentation and template strip markers already applied).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/arena.h"
#include "base/diag.h"

namespace cs::hcl {

struct Pos {
  uint32_t line = 1;    // 1-based
  uint32_t col = 1;     // 1-based, counted in bytes (as HCL's own diagnostics show them)
  uint32_t offset = 0;  // 0-based byte offset into the file
};
struct Range {
  Pos begin, end;  // end is one past the last byte
};

enum class ExprKind : uint8_t {
  Literal,            // number, bool, null (LiteralExpr)
  Template,           // "a${b}c", heredocs, and the parts of directives (TemplateExpr)
  TemplateWrap,       // a template that is exactly one interpolation "${x}": yields x unconverted (WrapExpr)
  TemplateIf,         // %{ if c }..%{ else }..%{ endif } inside a template (TemplateIfExpr)
  TemplateFor,        // %{ for k, v in coll }..%{ endfor } inside a template (TemplateForExpr)
  ScopeTraversal,     // var.x, local.y["k"], aws_lambda_function.f[0].arn (ScopeTraversalExpr)
  RelativeTraversal,  // expr.attr, expr[lit] where expr is not a plain name (RelativeTraversalExpr)
  Index,              // expr[expr] with a non-literal key (IndexExpr)
  FunctionCall,       // f(a, b...) (FunctionCallExpr)
  Conditional,        // c ? a : b
  Binary,             // a + b, a && b, ...
  Unary,              // !a, -a
  Tuple,              // [a, b]
  Object,             // {k = v, "k2": v2}
  For,                // [for ...] / {for ...}
  Splat,              // a[*].b, a.*.b (SplatExpr)
  AnonSymbol,         // the "current element" inside a splat's Each expression
  Paren,              // (expr): kept so that object keys written (k) are evaluated, not taken literally
};

struct Expr {
  ExprKind kind;
  Range range;
};

enum class LiteralKind : uint8_t { Null, Bool, Number };
struct LiteralExpr : Expr {
  LiteralKind lit;
  bool boolean;
  double number;          // value of a Number literal
  std::string_view text;  // the number exactly as written (for exact rendering)
};

// Template: sequence of parts. A part is either a literal string (TemplatePart::literal set,
// expr == nullptr) or an expression (interpolation, TemplateIf, TemplateFor).
struct TemplatePart {
  std::string_view literal;  // decoded text (valid when expr == nullptr)
  const Expr* expr;          // interpolation or directive, or nullptr for a literal
};
struct TemplateExpr : Expr {
  Span<TemplatePart> parts;
  bool heredoc;  // written as <<EOT / <<-EOT
  bool quoted;   // written as "..."
};
struct TemplateWrapExpr : Expr {
  const Expr* wrapped;
};
struct TemplateIfExpr : Expr {
  const Expr* cond;
  const TemplateExpr* then_part;
  const TemplateExpr* else_part;  // nullptr when there is no %{ else }
};
struct TemplateForExpr : Expr {
  std::string_view key_var;  // empty when only a value variable is named
  std::string_view value_var;
  const Expr* coll;
  const TemplateExpr* body;
};

enum class StepKind : uint8_t { Attr, Index };
struct TraversalStep {
  StepKind kind;
  std::string_view name;  // Attr: the attribute name
  const Expr* key;        // Index: a literal key expression (LiteralExpr or literal TemplateExpr)
  Range range;
};
struct ScopeTraversalExpr : Expr {
  std::string_view root;  // "var", "local", "each", "count", "module", "path", a resource type, ...
  Span<TraversalStep> steps;
};
struct RelativeTraversalExpr : Expr {
  const Expr* source;
  Span<TraversalStep> steps;
};
struct IndexExpr : Expr {
  const Expr* collection;
  const Expr* key;
};

struct FunctionCallExpr : Expr {
  std::string_view name;  // may contain "::" (provider-defined functions: provider::aws::arn_parse)
  Span<const Expr*> args;
  bool expand_final;  // last argument written with "..."
  Range name_range;
};

struct ConditionalExpr : Expr {
  const Expr* cond;
  const Expr* true_result;
  const Expr* false_result;
};

enum class BinaryOp : uint8_t {
  Or,
  And,  // ||, &&
  Equal,
  NotEqual,  // ==, !=
  Less,
  LessEq,
  Greater,
  GreaterEq,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
};
struct BinaryExpr : Expr {
  BinaryOp op;
  const Expr* lhs;
  const Expr* rhs;
};

enum class UnaryOp : uint8_t { Not, Negate };
struct UnaryExpr : Expr {
  UnaryOp op;
  const Expr* operand;
};

struct TupleExpr : Expr {
  Span<const Expr*> items;
};

struct ObjectItem {
  // A key written as a bare identifier (foo = 1) is a ScopeTraversalExpr with no steps and
  // key_is_bare_name = true: it means the string "foo". A key in parentheses is a ParenExpr and is
  // always evaluated. Any other key expression is evaluated.
  const Expr* key;
  const Expr* value;
  bool key_is_bare_name;
};
struct ObjectExpr : Expr {
  Span<ObjectItem> items;
};

struct ForExpr : Expr {
  std::string_view key_var;  // empty when only one variable is named
  std::string_view value_var;
  const Expr* coll;
  const Expr* key_expr;  // non-null for {for ...} (object form)
  const Expr* value_expr;
  const Expr* cond;  // nullptr when there is no "if"
  bool grouping;     // value_expr followed by "..."
  bool object_form;  // {for ...} vs [for ...]
};

struct SplatExpr : Expr {
  const Expr* source;
  const Expr* each;  // expression over AnonSymbol (AnonSymbol alone when nothing follows the splat)
  bool full;         // [*] (true) vs .* attribute-only splat (false)
};
struct AnonSymbolExpr : Expr {};

struct ParenExpr : Expr {
  const Expr* inner;
};

// Checked downcast.
template <typename T>
const T* as(const Expr* e);

// ---- structure ----

struct Attribute {
  std::string_view name;
  const Expr* expr;
  Range range;  // whole "name = expr" item
  Range name_range;
};

struct Body;
struct BlockLabel {
  std::string_view value;  // decoded
  Range range;
  bool quoted;
};
struct Block {
  std::string_view type;
  Span<BlockLabel> labels;
  const Body* body;
  Range range;  // from the type name to the closing brace (inclusive)
  Range type_range;
  Range open_brace;
  Range close_brace;
};

struct Body {
  Span<Attribute> attributes;  // in source order
  Span<const Block*> blocks;   // in source order
  Range range;                 // inside the braces (or the whole file)
  bool from_json;              // true when converted from Terraform JSON syntax (.tf.json)
};

// A parsed file. Owns its source text and every node.
struct File {
  std::string path;
  std::string src;
  Arena arena;
  const Body* body = nullptr;  // never null after parse(), even when there were errors
  Diagnostics diags;           // parse errors, with file:line:col
  // Comments as written (text includes the markers: "# x", "// x", "/* x */"), in source order.
  // Kept for suppressions and fixes.
  struct Comment {
    std::string_view text;
    Range range;
  };
  std::vector<Comment> comments;

  bool ok() const;  // no Error diagnostics
};

// Parse HCL native syntax. Never throws; errors go to File::diags with a message that is tested
// word for word, and parsing recovers at the next item so the rest of the file is still read.
std::unique_ptr<File> parse(std::string path, std::string src);
// How many times parse() ran in this process (tests count parses of a scan with it).
uint64_t parse_count();

// Parse `text` as a template body (what stands between the quotes of a quoted string, but with
// no escapes decoded: the same rules as inside "..."). Used by the JSON syntax, whose strings are
// templates. Nodes go into file.arena (text must outlive the file: copy it into the arena first),
// errors into file.diags positioned from `at` onward.
const Expr* parse_template(File& file, std::string_view text, Pos at);

// Parse `text` as a single expression (-var values, JSON type constraints, traversals in JSON
// depends_on). Same ownership and error rules as parse_template.
const Expr* parse_expression(File& file, std::string_view text, Pos at);

// ---- inline definitions ----

inline bool File::ok() const {
  for (const auto& d : diags)
    if (d.severity == Severity::Error) return false;
  return true;
}

template <typename T>
inline const T* as(const Expr* e) {
  return static_cast<const T*>(e);
}

}  // namespace cs::hcl
