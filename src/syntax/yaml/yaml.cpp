#include "syntax/yaml/yaml.h"

#include <yaml.h>

#include <algorithm>
#include <atomic>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

namespace cs::yaml {

const Pair* Node::find_pair(std::string_view key) const {
  if (kind != Kind::Mapping) return nullptr;
  if (!by_key.empty()) {
    // The last of the equal keys is the last duplicate (positions ascend among equal keys).
    auto it = std::upper_bound(by_key.begin(), by_key.end(), key,
                               [&](std::string_view k, uint32_t i) { return k < pairs[i].key->value; });
    if (it == by_key.begin()) return nullptr;
    const Pair& p = pairs[*(it - 1)];
    return p.key->value == key ? &p : nullptr;
  }
  const Pair* found = nullptr;
  for (const Pair& p : pairs)
    if (p.key && p.key->kind == Kind::Scalar && p.key->value == key) found = &p;
  return found;
}

const Node* Node::find(std::string_view key) const {
  const Pair* p = find_pair(key);
  return p ? p->value : nullptr;
}

void index_pairs(Node& n, Arena& arena) {
  if (n.kind != Kind::Mapping || n.pairs.size <= kIndexedPairs) return;
  std::vector<uint32_t> order;
  order.reserve(n.pairs.size);
  for (uint32_t i = 0; i < n.pairs.size; ++i)
    if (n.pairs[i].key && n.pairs[i].key->kind == Kind::Scalar) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return n.pairs[a].key->value < n.pairs[b].key->value; });
  n.by_key = arena.copy(order);
}

uint64_t expansion_limit(size_t src_bytes) {
  return std::max<uint64_t>(kMinExpansionLimit, kExpansionPerByte * static_cast<uint64_t>(src_bytes));
}

namespace {

constexpr size_t npos = std::string::npos;

bool blank(char c) {
  return c == ' ' || c == '\t';
}

struct Pos {
  uint32_t line = 0, col = 0;
  size_t offset = npos;
};

// libyaml's marks count characters (a CRLF as two) from after the byte order mark, and end lines at
// '\r', NEL and the Unicode separators too. Positions here are bytes and '\n' lines, like the other
// parsers': a mark's character index is turned into a byte offset by walking the UTF-8 text from the
// previous mark (marks arrive nearly in order, so the walk is linear overall).
class Positions {
 public:
  explicit Positions(std::string_view s) : s_(s) {
    utf16_ = s.substr(0, 2) == "\xFE\xFF" || s.substr(0, 2) == "\xFF\xFE";
    bom_ = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    byte_ = bom_;
    starts_.push_back(0);
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') starts_.push_back(i + 1);
  }
  bool utf8() const { return !utf16_; }
  size_t bom() const { return bom_; }
  size_t lines() const { return starts_.size(); }
  size_t line_start(size_t line0) const { return starts_[line0]; }
  size_t line_end(size_t line0) const {  // offset of the line's '\n' (or of the end of the text)
    return line0 + 1 < starts_.size() ? starts_[line0 + 1] - 1 : s_.size();
  }
  size_t line_of(size_t offset) const {
    return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) -
           1;
  }

  size_t byte_of(size_t index) {
    while (char_ < index && byte_ < s_.size()) {
      byte_ += width(static_cast<unsigned char>(s_[byte_]));
      ++char_;
    }
    while (char_ > index && byte_ > bom_) {
      --byte_;
      while (byte_ > bom_ && (static_cast<unsigned char>(s_[byte_]) & 0xC0) == 0x80) --byte_;
      --char_;
    }
    return std::min(byte_, s_.size());
  }

  Pos at_byte(size_t offset) const {
    size_t l = line_of(offset);
    size_t c = offset - starts_[l] + 1;
    if (l == 0) c -= std::min(c - 1, bom_);
    return Pos{static_cast<uint32_t>(l + 1), static_cast<uint32_t>(c), offset};
  }

  Pos at(const yaml_mark_t& m) {
    if (utf16_) return Pos{static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1), npos};
    return at_byte(byte_of(m.index));
  }

 private:
  static size_t width(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
  }
  std::string_view s_;
  bool utf16_ = false;
  size_t bom_ = 0;
  std::vector<size_t> starts_;
  size_t char_ = 0, byte_ = 0;
};

// Why building stopped, at which position.
struct Refused {
  Pos at;
  std::string message;
};

std::string_view text(const yaml_char_t* p) {
  return p ? std::string_view(reinterpret_cast<const char*>(p)) : std::string_view();
}

// Builds the tree from libyaml's parse events, without recursion. An alias does not copy the node it
// names: both places share it, so the tree in memory stays as small as the text. What consumers walk is
// the expanded tree, though, so its size (every node counted once per place it appears) is kept per node
// and bounded for the document.
class Builder {
 public:
  Builder(Arena& arena, uint64_t limit) : arena_(arena), limit_(limit) {}

  const Node* root() const { return root_; }

  std::optional<Refused> scalar(const yaml_event_t& e, Pos b, Pos end) {
    const auto& d = e.data.scalar;
    std::string_view tag = text(d.tag);
    std::string_view value(reinterpret_cast<const char*>(d.value), d.length);
    bool plain = d.style == YAML_PLAIN_SCALAR_STYLE && tag.empty();
    Node* n = make(b, end, tag, plain);
    // Like YAML 1.1 and 1.2's core schema: an untagged plain empty, ~ or null is a null.
    if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")) {
      n->kind = Kind::Null;
    } else {
      n->kind = Kind::Scalar;
      n->value = arena_.copy(value);
    }
    const uint64_t weight = 1 + n->value.size();
    std::string_view anchor = text(d.anchor);
    if (!anchor.empty()) anchors_[std::string(anchor)] = Anchored{n, weight};
    return add(n, weight, b, end);
  }

  std::optional<Refused> alias(const yaml_event_t& e, Pos b, Pos end) {
    std::string name(text(e.data.alias.anchor));
    auto it = anchors_.find(name);
    if (it == anchors_.end()) return Refused{b, "invalid YAML: found undefined alias *" + name};
    if (!it->second.node)  // still open: the alias sits inside the node it names
      return Refused{b, "YAML alias *" + name + " refers to a node that contains it"};
    return add(it->second.node, it->second.size, b, end);
  }

  std::optional<Refused> open(const yaml_event_t& e, Pos b, Pos end) {
    const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
    if (stack_.size() >= kMaxDepth)
      return Refused{b, "YAML nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    std::string_view tag = seq ? text(e.data.sequence_start.tag) : text(e.data.mapping_start.tag);
    std::string_view anchor = seq ? text(e.data.sequence_start.anchor) : text(e.data.mapping_start.anchor);
    bool flow = seq ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                    : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    Node* n = make(b, end, tag, tag.empty());
    n->kind = seq ? Kind::Sequence : Kind::Mapping;
    std::string key;
    if (!anchor.empty()) {
      key = std::string(anchor);
      anchors_[key] = Anchored{};  // open: an alias to it now is a cycle
    }
    // The node itself counts now; its children count as they arrive.
    total_ += 1;
    if (total_ > limit_) return Refused{b, too_big()};
    stack_.push_back(Frame{n, std::move(key), flow, 1, end, {}});
    return std::nullopt;
  }

  void close(Pos end_event_end) {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    Pos end = f.flow ? end_event_end : f.last;
    f.node->end_line = end.line;
    f.node->end_col = end.col;
    f.node->end = end.offset;
    if (f.node->kind == Kind::Sequence) {
      f.node->items = arena_.copy(f.children);
    } else {
      std::vector<Pair> pairs;
      pairs.reserve(f.children.size() / 2);
      for (size_t i = 0; i + 1 < f.children.size(); i += 2)
        pairs.push_back(Pair{f.children[i], f.children[i + 1]});
      f.node->pairs = arena_.copy(pairs);
      index_pairs(*f.node, arena_);
    }
    if (!f.anchor.empty()) anchors_[f.anchor] = Anchored{f.node, f.size};
    // Already counted in total_ as the children arrived; only the parent's tally grows here.
    attach(f.node, f.size, end);
  }

 private:
  struct Frame {
    Node* node;
    std::string anchor;
    bool flow;
    uint64_t size;  // expanded size so far (this node and what is below it)
    Pos last;       // end of the last entry so far
    std::vector<const Node*> children;
  };
  struct Anchored {
    const Node* node = nullptr;  // nullptr while the anchored collection is still open
    uint64_t size = 0;
  };

  Node* make(Pos b, Pos end, std::string_view tag, bool plain) {
    Node* n = arena_.make<Node>();
    n->line = b.line;
    n->col = b.col;
    n->begin = b.offset;
    n->end_line = end.line;
    n->end_col = end.col;
    n->end = end.offset;
    n->plain = plain;
    if (tag != "!") n->tag = arena_.copy(tag);  // "!" alone is the non-specific tag: a string
    return n;
  }

  std::string too_big() const {
    return "YAML alias expansion exceeds " + std::to_string(limit_) +
           " nodes and bytes of text (aliases repeat the anchored nodes too often)";
  }

  // Count `size` more nodes of the expanded document and attach `n` to the open collection.
  std::optional<Refused> add(const Node* n, uint64_t size, Pos b, Pos end) {
    total_ += size;
    if (total_ > limit_) return Refused{b, too_big()};
    attach(n, size, end);
    return std::nullopt;
  }

  void attach(const Node* n, uint64_t size, Pos end) {
    if (stack_.empty()) {
      if (!root_) root_ = n;
      return;
    }
    stack_.back().size += size;
    stack_.back().last = end;
    stack_.back().children.push_back(n);
  }

  Arena& arena_;
  uint64_t limit_;
  uint64_t total_ = 0;
  const Node* root_ = nullptr;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Anchored> anchors_;
};

// ---- comments ----
//
// libyaml drops comments, so they are found here, in the text, from the byte ranges the parser reports.
// Outside a scalar, a '#' at the start of a line or after blank space always starts a comment; inside a
// quoted or block scalar it is text. A plain scalar never holds " #" (YAML ends it there). So the ranges
// of the quoted scalars and of the content of the block scalars (below their header line, whose comment
// is a comment) are skipped, and every other such '#' is a comment.

// Past a node's properties (tag, anchor) and the space and comments after them, from `p`.
size_t past_properties(std::string_view s, size_t p) {
  while (p < s.size() && (s[p] == '!' || s[p] == '&')) {
    while (p < s.size() && !blank(s[p]) && s[p] != '\n' && s[p] != '\r') ++p;
    while (p < s.size()) {
      if (blank(s[p]) || s[p] == '\n' || s[p] == '\r') {
        ++p;
      } else if (s[p] == '#') {
        while (p < s.size() && s[p] != '\n') ++p;
      } else {
        break;
      }
    }
  }
  return p;
}

using Ranges = std::vector<std::pair<size_t, size_t>>;

void text_range(std::string_view s, const yaml_event_t& e, size_t begin, size_t end, Ranges& out) {
  if (begin == npos || end == npos || begin >= end) return;
  const auto style = e.data.scalar.style;
  if (style == YAML_PLAIN_SCALAR_STYLE) return;
  size_t p = past_properties(s, begin);
  if (p >= end) return;
  if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
    size_t nl = s.find('\n', p);
    if (nl == std::string_view::npos || nl + 1 >= end) return;
    p = nl + 1;
  }
  out.emplace_back(p, end);
}

void collect_comments(const Positions& pos, std::string_view s, Ranges& skip, size_t stop,
                      std::vector<Comment>& out) {
  if (!pos.utf8()) return;  // UTF-16: libyaml read converted text; no byte of it is placed with confidence
  std::sort(skip.begin(), skip.end());
  size_t next = 0;
  for (size_t i = pos.bom(); i < s.size() && i < stop; ++i) {
    while (next < skip.size() && skip[next].second <= i) ++next;
    if (next < skip.size() && skip[next].first <= i) {
      i = skip[next].second - 1;
      continue;
    }
    if (s[i] != '#') continue;
    if (i > pos.bom() && !blank(s[i - 1]) && s[i - 1] != '\n' && s[i - 1] != '\r') continue;
    size_t line = pos.line_of(i);
    size_t e = pos.line_end(line);
    size_t te = e > i && s[e - 1] == '\r' ? e - 1 : e;
    Pos at = pos.at_byte(i);
    out.push_back(Comment{at.line, at.col, s.substr(i + 1, te > i ? te - i - 1 : 0), i, std::max(te, i + 1)});
    i = e;
  }
}

std::string mark_text(Positions& pos, const yaml_mark_t& m) {
  Pos p = pos.at(m);
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.col);
}

}  // namespace

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
  const std::string_view s = doc->src;
  auto error = [&](Pos at, std::string msg) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, at.line, at.col, std::move(msg)});
  };
  Positions pos(s);
  Ranges skip;
  size_t stop = npos;  // comments are known up to here (the end of the last event read)
  try {
    Builder builder(doc->arena, expansion_limit(s.size()));
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
    struct ParserGuard {
      yaml_parser_t* p;
      ~ParserGuard() { yaml_parser_delete(p); }
    } parser_guard{&parser};
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(s.data()), s.size());

    int documents = 0;
    bool first_done = false;
    size_t last_end = 0;
    for (;;) {
      yaml_event_t e;
      if (!yaml_parser_parse(&parser, &e)) {
        stop = last_end;
        if (first_done) break;  // a later document that does not parse leaves the first one standing
        if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
        std::string msg = "invalid YAML: " + std::string(parser.problem ? parser.problem : "unknown error");
        Pos at;
        if (parser.error == YAML_READER_ERROR) {
          at = pos.utf8() ? pos.at_byte(std::min(parser.problem_offset, s.size())) : Pos{1, 1, npos};
        } else {
          at = pos.at(parser.problem_mark);
          if (parser.context)
            msg += " (" + std::string(parser.context) + " that starts at " +
                   mark_text(pos, parser.context_mark) + ")";
        }
        error(at, std::move(msg));
        break;
      }
      struct EventGuard {
        yaml_event_t* e;
        ~EventGuard() { yaml_event_delete(e); }
      } event_guard{&e};
      Pos b = pos.at(e.start_mark), end = pos.at(e.end_mark);
      if (end.offset != npos) last_end = std::max(last_end, end.offset);
      const bool building = documents == 1 && !first_done;
      std::optional<Refused> refused;
      switch (e.type) {
        case YAML_STREAM_END_EVENT:
          break;
        case YAML_DOCUMENT_START_EVENT:
          ++documents;
          break;
        case YAML_DOCUMENT_END_EVENT:
          if (!first_done) {
            first_done = true;
            if (!builder.root() || builder.root()->is_null())
              doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 1, 1, "empty YAML document"});
            else
              doc->root = builder.root();
          }
          break;
        case YAML_SCALAR_EVENT:
          text_range(s, e, b.offset, end.offset, skip);
          if (building) refused = builder.scalar(e, b, end);
          break;
        case YAML_ALIAS_EVENT:
          if (building) refused = builder.alias(e, b, end);
          break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          if (building) refused = builder.open(e, b, end);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          if (building) builder.close(end);
          break;
        default:
          break;
      }
      if (refused) {
        error(refused->at, std::move(refused->message));
        stop = last_end;
        break;
      }
      if (e.type == YAML_STREAM_END_EVENT) {
        if (!documents)
          doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 1, 1, "empty YAML document"});
        break;
      }
    }
  } catch (const std::bad_alloc&) {
    doc->root = nullptr;
    doc->diags.clear();
    doc->diags.push_back(
        Diagnostic{Severity::Error, doc->path, 0, 0, "YAML document too large: out of memory"});
    stop = 0;
  }
  try {
    collect_comments(pos, s, skip, stop, doc->comments);
  } catch (const std::bad_alloc&) {
    doc->comments.clear();
  }
  return doc;
}

}  // namespace cs::yaml
