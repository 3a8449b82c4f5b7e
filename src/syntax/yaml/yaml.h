// YAML documents as a tree with positions, tags and comments, read with libyaml (the YAML 1.1 parser
// PyYAML, and so cfn-lint and the Serverless Framework's Python tooling, use: what it accepts or refuses
// is what they do). CloudFormation's short intrinsic tags (!Ref, !If, !GetAtt, ...) are kept on the
// nodes; nothing here knows AWS. The tree keeps text: `yes`, `on`, `true` stay the scalars written, and
// the sources decide what they mean.
//
// Every node sits in the Document's Arena. Every node has its start and end: 1-based line and column
// (columns in bytes, lines ended by '\n', a UTF-8 byte order mark not counted) and byte offsets into
// `src`. A document that does not parse is one Diagnostic with file:line:col and root == nullptr.
//
// An alias (*a) shares the node its anchor (&a) names instead of copying it, so the tree may be a
// DAG: a consumer that walks it sees every shared node once per place it appears (and copies a shared
// scalar's text as often). That expanded size, 1 per node plus the bytes of each scalar's text, counted
// once per place it appears, is bounded (expansion_limit), so a "billion laughs" document is refused with a
// diagnostic at the alias that crosses the limit, and an alias inside the node it names (a cycle) is refused
// too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/arena.h"
#include "base/diag.h"

namespace cs::yaml {

enum class Kind : uint8_t { Null, Scalar, Sequence, Mapping };

struct Node;
struct Pair {
  const Node* key;
  const Node* value;
};

struct Node {
  Kind kind = Kind::Null;
  bool plain = false;                  // Scalar written without quotes (so "true" differs from true)
  uint32_t line = 0, col = 0;          // 1-based start: the node's first property (tag, anchor) or character
  uint32_t end_line = 0, end_col = 0;  // 1-based position just past the node's last character
  // Byte offsets [begin, end) into the Document's src (npos when not known: UTF-16 text). A block
  // collection ends with its last entry; a flow one with its closing bracket.
  size_t begin = std::string::npos, end = std::string::npos;
  std::string_view tag;     // "" when none; "!Ref", "!If", "!GetAtt", "tag:yaml.org,2002:str", ...
  std::string_view value;   // Scalar: the text
  Span<const Node*> items;  // Sequence
  Span<Pair> pairs;         // Mapping, in document order (duplicate keys kept)
  // Mapping of more than kIndexedPairs pairs: positions in `pairs` of those with a scalar key, ordered
  // by (key, position), so that find() is a binary search (a template can hold 100,000 resources and
  // every Ref looks one up). Filled by index_pairs(); empty for small mappings (find() scans them).
  Span<uint32_t> by_key;

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_seq() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Mapping; }
  // Mapping lookup by scalar key (last duplicate wins); nullptr when absent or not a mapping.
  const Node* find(std::string_view key) const;
  const Pair* find_pair(std::string_view key) const;
};

// A comment: '#' at the start of a line or after blank space, outside every quoted and block scalar
// (so "# x" inside `Description: |` or inside a multi-line "..." is text, not a comment).
struct Comment {
  uint32_t line, col;     // 1-based position of the '#'
  std::string_view text;  // what follows the '#', up to the end of the line (a view into src, no '\r')
  size_t begin, end;      // byte offsets of the '#' and of the end of `text`
};

struct Document {
  std::string path;
  std::string src;
  Arena arena;
  const Node* root = nullptr;  // nullptr when the text does not parse (or is empty)
  Diagnostics diags;
  // Comments of the whole text (every document of the stream), in source order. Where the text stops
  // parsing, the comments stop too: past that point nothing tells a comment from a scalar's text.
  std::vector<Comment> comments;
  bool ok() const { return root != nullptr; }
};

// Build n.by_key once n.pairs is final (every producer of Mapping nodes calls it).
inline constexpr uint32_t kIndexedPairs = 8;
void index_pairs(Node& n, Arena& arena);

// Parse the first YAML document of `src`. Collections nested deeper than kMaxDepth are rejected
// ("YAML nested deeper than 400 levels"); so is a document whose expanded size (see above) exceeds
// expansion_limit(src.size()): "YAML alias expansion exceeds N nodes and bytes of text (...)".
inline constexpr unsigned kMaxDepth = 400;
inline constexpr uint64_t kMinExpansionLimit = 1'000'000;
// Text without aliases weighs at most 3 per byte (a node per 2 bytes at most, plus the scalar bytes).
inline constexpr uint64_t kExpansionPerByte = 4;
uint64_t expansion_limit(size_t src_bytes);  // max(kMinExpansionLimit, kExpansionPerByte * bytes)
std::unique_ptr<Document> parse(std::string path, std::string src);
// How many times parse() ran in this process (tests count parses of a scan with it).
uint64_t parse_count();

}  // namespace cs::yaml
