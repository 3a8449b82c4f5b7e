// A strict RFC 8259 JSON parser that keeps positions (for .tf.json, .tfvars.json, CloudFormation JSON
// templates and Terraform plan JSON).
//
// Strict means: no comments, no trailing commas, no single quotes, no NaN/Infinity, no leading zeros,
// no control characters or invalid UTF-8 inside strings, no lone surrogates in \u escapes, exactly one
// value per document. A UTF-8 byte order mark at the very start is skipped.
//
// Every node sits in an Arena and is trivially destructible. A string's text is a view into the
// source when the string has no escapes, otherwise a decoded copy in the arena. Objects keep their
// members in source order, duplicates included (see Node::find).
//
// The parser never throws, aborts or prints; the first error stops it and is reported as a Diagnostic
// with file, 1-based line and column (columns counted in bytes) and one of the messages listed in
// json.cpp (tested word for word).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/arena.h"
#include "base/diag.h"

namespace cs::json {

struct Pos {
  uint32_t line = 1;    // 1-based
  uint32_t col = 1;     // 1-based, in bytes
  uint32_t offset = 0;  // 0-based byte offset into the source
};
struct Range {
  Pos begin, end;  // end is one past the last byte
};

enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

struct Node;
struct Member {
  std::string_view key;  // decoded
  Range key_range;       // the key including its quotes
  const Node* value;
};

struct Node {
  Range range;  // the whole value (quotes, brackets and braces included)
  Kind kind;
  bool boolean;    // Bool: the value
  uint32_t size_;  // (internal) text length, item count or member count
  union {
    const char* chars;
    const Node** items;
    Member* members;
  } u_;           // (internal)
  double number;  // Number: the value (+-inf or 0 when out of double's range)

  // String: the decoded value; Number: the number exactly as written; empty otherwise.
  std::string_view text() const {
    return kind == Kind::String || kind == Kind::Number ? std::string_view(u_.chars, size_)
                                                        : std::string_view();
  }
  // Array: the elements in order; empty otherwise.
  Span<const Node*> items() const {
    return kind == Kind::Array ? Span<const Node*>{u_.items, size_} : Span<const Node*>{};
  }
  // Object: the members in source order, duplicate keys kept; empty otherwise.
  Span<const Member> members() const {
    return kind == Kind::Object ? Span<const Member>{u_.members, size_} : Span<const Member>{};
  }

  bool is_null() const { return kind == Kind::Null; }
  bool is_bool() const { return kind == Kind::Bool; }
  bool is_number() const { return kind == Kind::Number; }
  bool is_string() const { return kind == Kind::String; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_object() const { return kind == Kind::Object; }

  // Object member lookup. When a key occurs more than once, the LAST occurrence wins (as in most
  // JSON readers: JavaScript's JSON.parse, Python's json, Go's encoding/json). Linear in the number
  // of members. Returns nullptr when the key is absent or this node is not an object.
  const Node* find(std::string_view key) const;
  const Member* find_member(std::string_view key) const;
};

const char* kind_name(Kind k);  // "null", "boolean", "number", "string", "array", "object"

// Maximum nesting of arrays and objects; deeper input is rejected with a diagnostic.
inline constexpr unsigned kMaxDepth = 1000;

// A parsed document. Owns the source text and every node.
struct Document {
  std::string path;
  std::string src;
  Arena arena;
  const Node* root = nullptr;  // nullptr when parsing failed
  Diagnostics diags;           // at most one error (parsing stops at the first)

  bool ok() const { return root != nullptr; }
};

std::unique_ptr<Document> parse(std::string path, std::string src);
// How many times parse() ran in this process (tests count parses of a scan with it).
uint64_t parse_count();

// Lower-level entry point: parse `src` (which must outlive the nodes) into `arena`. Errors are
// appended to `diags` with `path` as their file. Returns nullptr on error.
const Node* parse(std::string_view src, std::string_view path, Arena& arena, Diagnostics& diags);

// How to read. The default is the strict RFC 8259 reading above.
struct ParseOptions {
  // Read as Go's encoding/json does when cty drives it (Terraform's jsondecode), results and error
  // texts alike: an invalid UTF-8 byte in a string and a lone surrogate in a \u escape decode to
  // U+FFFD instead of an error; a byte order mark is not skipped; a trailing comma and a leading zero
  // are errors at the character that follows; and the messages are Go's ("invalid character 'x' after
  // array element", "unexpected EOF", "EOF" for blank input, "extraneous data after JSON object",
  // "exceeded max depth"). Positions are still reported.
  bool go = false;
  unsigned max_depth = kMaxDepth;  // deeper nesting is an error
};
const Node* parse(std::string_view src, std::string_view path, Arena& arena, Diagnostics& diags,
                  const ParseOptions& options);

}  // namespace cs::json
