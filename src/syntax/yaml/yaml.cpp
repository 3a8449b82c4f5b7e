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
  const Pair* found = nullptr;
  for (const Pair& p : pairs)
    if (p.key && p.key->kind == Kind::Scalar && p.key->value == key) found = &p;
  return found;
}

const Node* Node::find(std::string_view key) const {
  const Pair* p = find_pair(key);
  return p ? p->value : nullptr;
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

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node* n = make(mark, "");
    n->kind = Kind::Null;
    leaf(n, anchor, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node* n = make(mark, tag);
    n->kind = Kind::Scalar;
    n->value = arena_.copy(value);
    leaf(n, anchor, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw Refused{mark, "YAML alias names an undefined anchor"};
    const Anchored& a = it->second;
    if (!a.node)  // still open: the alias sits inside the node it names
      throw Refused{mark, "YAML alias *" + a.name + " refers to a node that contains it"};
    add(a.node, a.size, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Kind::Sequence);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Kind::Mapping);
  }
  void OnMapEnd() override { close(); }

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

  void leaf(const Node* n, YAML::anchor_t anchor, const YAML::Mark& mark) {
    name_anchor(anchor);
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor].node = n;
      anchors_[anchor].size = 1;
    }
    add(n, 1, mark);
  }

  // Count `size` more nodes of the expanded document and attach `n` to the open collection.
  void add(const Node* n, uint64_t size, const YAML::Mark& mark) {
    total_ += size;
    if (total_ > limit_)
      throw Refused{mark, "YAML alias expansion exceeds " + std::to_string(limit_) +
                              " nodes (aliases repeat the anchored nodes too often)"};
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
    if (total_ > limit_)
      throw Refused{mark, "YAML alias expansion exceeds " + std::to_string(limit_) +
                              " nodes (aliases repeat the anchored nodes too often)"};
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
};

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
  try {
    std::istringstream in(doc->src);
    YAML::Parser parser(in);
    Builder builder(doc->arena, expansion_limit(doc->src.size()));
    parser.HandleNextDocument(builder);
    if (!builder.root() || builder.root()->is_null()) {
      doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 1, 1, "empty YAML document"});
      return doc;
    }
    doc->root = builder.root();
  } catch (const Refused& r) {
    error(r.mark, r.message);
  } catch (const YAML::DeepRecursion& e) {
    error(e.mark, "YAML nested deeper than " + std::to_string(kMaxDepth) + " levels");
  } catch (const YAML::Exception& e) {
    error(e.mark, "invalid YAML: " + e.msg);
  } catch (const std::bad_alloc&) {
    doc->diags.push_back(
        Diagnostic{Severity::Error, doc->path, 0, 0, "YAML document too large: out of memory"});
  } catch (const std::exception& e) {
    doc->diags.push_back(
        Diagnostic{Severity::Error, doc->path, 0, 0, std::string("invalid YAML: ") + e.what()});
  }
  return doc;
}

}  // namespace cs::yaml
