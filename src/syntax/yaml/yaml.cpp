#include "syntax/yaml/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <new>
#include <sstream>
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

// Why building stopped; thrown from the event handler through yaml-cpp's parser (which is exception
// safe: it throws its own ParserException the same way) and caught in parse().
struct Refused {
  YAML::Mark mark;
  std::string message;
};

// Builds the tree from yaml-cpp's parse events, without recursion. An alias does not copy the node
// it names: both places share it, so the tree in memory stays as small as the text. What consumers
// walk is the expanded tree, though, so its size (every node counted once per place it appears) is
// kept per node and bounded for the document.
class Builder final : public YAML::EventHandler {
 public:
  Builder(Arena& arena, uint64_t limit) : arena_(arena), limit_(limit) {}

  const Node* root() const { return root_; }

  // Positions for telling comments from scalar text: where every event and every scalar starts.
  struct ScalarStart {
    int line, col;      // 0-based, from yaml-cpp's mark (on the node's first property when it has one)
    int parent_indent;  // column of the enclosing block collection; -1 at the top or in flow context
  };
  const std::vector<ScalarStart>& scalars() const { return scalars_; }
  int last_event_line() const { return last_line_; }
  // After the first document, only positions are recorded (the tree holds the first document).
  void record_only() { build_ = false; }

  void OnDocumentStart(const YAML::Mark& mark) override { note(mark); }
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    note(mark);
    if (!build_) return;
    Node* n = make(mark, "");
    n->kind = Kind::Null;
    leaf(n, anchor, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    note(mark);
    scalars_.push_back(ScalarStart{mark.line, mark.column, collections_.empty() ? -1 : collections_.back()});
    if (!build_) return;
    Node* n = make(mark, tag);
    n->kind = Kind::Scalar;
    n->value = arena_.copy(value);
    leaf(n, anchor, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    note(mark);
    if (!build_) return;
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw Refused{mark, "YAML alias names an undefined anchor"};
    const Anchored& a = it->second;
    if (!a.node)  // still open: the alias sits inside the node it names
      throw Refused{mark, "YAML alias *" + a.name + " refers to a node that contains it"};
    add(a.node, a.size, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    start_collection(mark, style);
    if (build_) open(mark, tag, anchor, Kind::Sequence);
  }
  void OnSequenceEnd() override { end_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    start_collection(mark, style);
    if (build_) open(mark, tag, anchor, Kind::Mapping);
  }
  void OnMapEnd() override { end_collection(); }

 private:
  struct Frame {
    Node* node;
    YAML::anchor_t anchor;
    uint64_t size;  // expanded size so far (this node and what is below it)
    std::vector<const Node*> children;
  };
  struct Anchored {
    std::string name;
    const Node* node = nullptr;  // nullptr while the anchored collection is still open
    uint64_t size = 0;
  };

  void note(const YAML::Mark& m) { last_line_ = std::max(last_line_, m.line); }
  void start_collection(const YAML::Mark& mark, YAML::EmitterStyle::value style) {
    note(mark);
    bool flow = style == YAML::EmitterStyle::Flow || (!collections_.empty() && collections_.back() == -1);
    collections_.push_back(flow ? -1 : mark.column);
  }
  void end_collection() {
    if (!collections_.empty()) collections_.pop_back();
    if (build_) close();
  }

  Node* make(const YAML::Mark& m, const std::string& tag) {
    Node* out = arena_.make<Node>();
    out->line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    out->col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
    // yaml-cpp reports "?" for a plain node without a tag and "!" for a quoted one.
    out->plain = tag == "?" || tag.empty();
    if (tag != "?" && tag != "!") out->tag = arena_.copy(tag);
    return out;
  }

  void name_anchor(YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor) return;
    anchors_[anchor] = Anchored{std::move(pending_anchor_name_), nullptr, 0};
    pending_anchor_name_.clear();
  }

  // A node weighs 1, plus the bytes of its text for a scalar: consumers copy scalars, so a long string
  // repeated through aliases costs what its copies cost.
  void leaf(const Node* n, YAML::anchor_t anchor, const YAML::Mark& mark) {
    const uint64_t weight = 1 + n->value.size();
    name_anchor(anchor);
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor].node = n;
      anchors_[anchor].size = weight;
    }
    add(n, weight, mark);
  }

  std::string too_big() const {
    return "YAML alias expansion exceeds " + std::to_string(limit_) +
           " nodes and bytes of text (aliases repeat the anchored nodes too often)";
  }

  // Count `size` more nodes of the expanded document and attach `n` to the open collection.
  void add(const Node* n, uint64_t size, const YAML::Mark& mark) {
    total_ += size;
    if (total_ > limit_) throw Refused{mark, too_big()};
    if (stack_.empty()) {
      if (!root_) root_ = n;
      return;
    }
    stack_.back().size += size;
    stack_.back().children.push_back(n);
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Kind kind) {
    if (stack_.size() >= kMaxDepth)
      throw Refused{mark, "YAML nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    name_anchor(anchor);
    Node* n = make(mark, tag);
    n->kind = kind;
    // The node itself counts now; its children count as they arrive.
    total_ += 1;
    if (total_ > limit_) throw Refused{mark, too_big()};
    stack_.push_back(Frame{n, anchor, 1, {}});
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
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
    if (f.anchor != YAML::NullAnchor) {
      anchors_[f.anchor].node = f.node;
      anchors_[f.anchor].size = f.size;
    }
    // Already counted in total_ as the children arrived; only the parent's tally grows here.
    if (stack_.empty()) {
      if (!root_) root_ = f.node;
    } else {
      stack_.back().size += f.size;
      stack_.back().children.push_back(f.node);
    }
  }

  Arena& arena_;
  uint64_t limit_;
  uint64_t total_ = 0;
  const Node* root_ = nullptr;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::string pending_anchor_name_;
  bool build_ = true;
  int last_line_ = 0;
  std::vector<ScalarStart> scalars_;
  std::vector<int> collections_;  // open collections: block column, or -1 for flow
};

// ---- comments ----
//
// yaml-cpp drops comments, so they are found here, in the text, with the parser's help: every quoted
// and block scalar starts where the parser says a scalar starts (after the node's tag and anchor), and
// only those can hold a '#' that is not a comment. A plain scalar never holds " #" (YAML ends it there),
// so outside quoted and block scalars a '#' at the start of a line or after blank space is a comment.

bool blank(char c) {
  return c == ' ' || c == '\t';
}

struct Lines {
  std::string_view s;
  std::vector<size_t> starts;  // byte offset of each line
  explicit Lines(std::string_view src) : s(src) {
    starts.push_back(0);
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') starts.push_back(i + 1);
  }
  size_t count() const { return starts.size(); }
  size_t end_of(size_t line) const {  // offset of the line's '\n' (or of the end of the text)
    return line + 1 < starts.size() ? starts[line + 1] - 1 : s.size();
  }
};

// Skip blanks, line breaks and comments from p.
size_t skip_space(std::string_view s, size_t p) {
  while (p < s.size()) {
    if (blank(s[p]) || s[p] == '\n' || s[p] == '\r') {
      ++p;
    } else if (s[p] == '#') {
      while (p < s.size() && s[p] != '\n') ++p;
    } else {
      break;
    }
  }
  return p;
}

using Ranges = std::vector<std::pair<size_t, size_t>>;

// Add the byte ranges [begin, end) of the quoted or block scalar the parser saw start at `at` (nothing
// for a plain scalar).
void scalar_extent(const Lines& lines, const Builder::ScalarStart& at, Ranges& out) {
  std::string_view s = lines.s;
  if (at.line < 0 || static_cast<size_t>(at.line) >= lines.count()) return;
  size_t p = lines.starts[static_cast<size_t>(at.line)] + static_cast<size_t>(std::max(at.col, 0));
  if (at.line == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") p += 3;  // yaml-cpp does not count the BOM
  if (p > s.size()) return;
  while (p < s.size() && (s[p] == '!' || s[p] == '&')) {  // the node's properties: tag, anchor
    while (p < s.size() && !blank(s[p]) && s[p] != '\n' && s[p] != '\r') ++p;
    p = skip_space(s, p);
  }
  if (p >= s.size()) return;
  const size_t begin = p;
  if (s[p] == '"') {
    for (++p; p < s.size() && s[p] != '"'; ++p)
      if (s[p] == '\\') ++p;
    out.emplace_back(begin, std::min(p + 1, s.size()));
    return;
  }
  if (s[p] == '\'') {
    for (++p; p < s.size(); ++p) {
      if (s[p] != '\'') continue;
      if (p + 1 < s.size() && s[p + 1] == '\'') {
        ++p;
        continue;
      }
      break;
    }
    out.emplace_back(begin, std::min(p + 1, s.size()));
    return;
  }
  if (s[p] != '|' && s[p] != '>') return;
  // Block scalar: the header (indentation digit and chomping sign, either order), then every line
  // indented at least as much as the content; the content's indentation is the header's digit over the
  // parent's, else that of the first non-empty line, which must be deeper than the parent's.
  int explicit_indent = 0;
  for (++p; p < s.size() && (s[p] == '+' || s[p] == '-' || (s[p] >= '1' && s[p] <= '9')); ++p)
    if (s[p] != '+' && s[p] != '-') explicit_indent = s[p] - '0';
  const size_t line = static_cast<size_t>(std::upper_bound(lines.starts.begin(), lines.starts.end(), begin) -
                                          lines.starts.begin()) -
                      1;
  // The header line's own comment (after the indicators) stays a comment; the content starts below.
  out.emplace_back(begin, p);
  size_t first = 0, end = 0;
  int content = explicit_indent ? at.parent_indent + explicit_indent : -1;
  for (size_t l = line + 1; l < lines.count(); ++l) {
    size_t b = lines.starts[l], e = lines.end_of(l), q = b;
    while (q < e && s[q] == ' ') ++q;
    bool empty = true;
    for (size_t k = q; k < e; ++k)
      if (!blank(s[k]) && s[k] != '\r') empty = false;
    int indent = static_cast<int>(q - b);
    if (empty) continue;  // blank lines belong to the scalar only if content follows; no '#' in them
    if (content < 0) {
      if (indent <= at.parent_indent) break;  // empty scalar
      content = indent;
    }
    if (indent < content) break;
    if (!end) first = b;
    end = e;
  }
  if (end) out.emplace_back(first, end);
}

void collect_comments(const Document& doc, const std::vector<Builder::ScalarStart>& scalars, int stop_line,
                      std::vector<Comment>& out) {
  std::string_view s = doc.src;
  // UTF-16 and UTF-32 text reaches yaml-cpp converted, so its positions do not fit the bytes here:
  // no comment can be placed with confidence, so none is reported.
  if (s.substr(0, 2) == "\xFE\xFF" || s.substr(0, 2) == "\xFF\xFE" || s.find('\0') != std::string_view::npos)
    return;
  Lines lines(s);
  Ranges skip;
  skip.reserve(scalars.size());
  for (const auto& at : scalars) scalar_extent(lines, at, skip);
  std::sort(skip.begin(), skip.end());
  size_t next = 0, line = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    while (next < skip.size() && skip[next].second <= i) ++next;
    if (next < skip.size() && skip[next].first <= i) {
      i = skip[next].second - 1;
      continue;
    }
    if (s[i] != '#' || (i > 0 && !blank(s[i - 1]) && s[i - 1] != '\n' && s[i - 1] != '\r')) continue;
    while (line + 1 < lines.count() && lines.starts[line + 1] <= i) ++line;
    if (stop_line >= 0 && static_cast<int>(line) >= stop_line) break;
    size_t e = lines.end_of(line);
    size_t te = e > i && s[e - 1] == '\r' ? e - 1 : e;
    out.push_back(Comment{static_cast<uint32_t>(line + 1), static_cast<uint32_t>(i - lines.starts[line] + 1),
                          s.substr(i + 1, te > i ? te - i - 1 : 0)});
    i = e;
  }
}

unsigned line_of(const YAML::Mark& m) {
  return m.line >= 0 ? static_cast<unsigned>(m.line) + 1 : 0;
}
unsigned col_of(const YAML::Mark& m) {
  return m.column >= 0 ? static_cast<unsigned>(m.column) + 1 : 0;
}

}  // namespace

std::unique_ptr<Document> parse(std::string path, std::string src) {
  auto doc = std::make_unique<Document>();
  doc->path = std::move(path);
  doc->src = std::move(src);
  auto error = [&](const YAML::Mark& m, std::string msg) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, line_of(m), col_of(m), std::move(msg)});
  };
  Builder builder(doc->arena, expansion_limit(doc->src.size()));
  bool complete = false;
  try {
    std::istringstream in(doc->src);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    if (!builder.root() || builder.root()->is_null()) {
      doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 1, 1, "empty YAML document"});
    } else {
      doc->root = builder.root();
    }
    // The documents after the first are not read, but their scalars still hide '#' from the comments.
    builder.record_only();
    while (parser.HandleNextDocument(builder)) {
    }
    complete = true;
  } catch (const Refused& r) {
    error(r.mark, r.message);
  } catch (const YAML::DeepRecursion& e) {
    if (!doc->root) error(e.mark, "YAML nested deeper than " + std::to_string(kMaxDepth) + " levels");
  } catch (const YAML::Exception& e) {
    // A later document that does not parse leaves the first one standing; its comments stop there.
    if (!doc->root) error(e.mark, "invalid YAML: " + e.msg);
  } catch (const std::bad_alloc&) {
    doc->diags.push_back(
        Diagnostic{Severity::Error, doc->path, 0, 0, "YAML document too large: out of memory"});
  } catch (const std::exception& e) {
    doc->diags.push_back(
        Diagnostic{Severity::Error, doc->path, 0, 0, std::string("invalid YAML: ") + e.what()});
  }
  try {
    collect_comments(*doc, builder.scalars(), complete ? -1 : builder.last_event_line(), doc->comments);
  } catch (const std::bad_alloc&) {
    doc->comments.clear();
  }
  return doc;
}

}  // namespace cs::yaml
