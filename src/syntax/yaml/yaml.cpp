#include "syntax/yaml/yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
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

namespace {

struct TooDeep {};

class Converter {
 public:
  explicit Converter(Arena& arena) : arena_(arena) {}

  const Node* convert(const YAML::Node& n, unsigned depth) {
    if (depth > kMaxDepth) throw TooDeep{};
    Node* out = arena_.make<Node>();
    const YAML::Mark m = n.Mark();
    out->line = m.line >= 0 ? static_cast<uint32_t>(m.line) + 1 : 0;
    out->col = m.column >= 0 ? static_cast<uint32_t>(m.column) + 1 : 0;
    const std::string& tag = n.Tag();
    // yaml-cpp reports "?" for a plain scalar without a tag and "!" for a quoted one.
    out->plain = tag == "?" || tag.empty();
    if (tag != "?" && tag != "!") out->tag = arena_.copy(tag);
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out->kind = Kind::Null;
        break;
      case YAML::NodeType::Scalar:
        out->kind = Kind::Scalar;
        out->value = arena_.copy(n.Scalar());
        break;
      case YAML::NodeType::Sequence: {
        out->kind = Kind::Sequence;
        std::vector<const Node*> items;
        items.reserve(n.size());
        for (const auto& child : n) items.push_back(convert(child, depth + 1));
        out->items = arena_.copy(items);
        break;
      }
      case YAML::NodeType::Map: {
        out->kind = Kind::Mapping;
        std::vector<Pair> pairs;
        pairs.reserve(n.size());
        for (const auto& kv : n) pairs.push_back(Pair{convert(kv.first, depth + 1), convert(kv.second, depth + 1)});
        out->pairs = arena_.copy(pairs);
        index_pairs(*out, arena_);
        break;
      }
    }
    return out;
  }

 private:
  Arena& arena_;
};

// yaml-cpp's own recursion has no limit: refuse input nested deeper than we accept before handing it
// over (flow and block nesting both count; this over-counts, never under-counts).
bool nesting_too_deep(std::string_view s) {
  unsigned flow = 0;
  size_t max_indent = 0, line_start = 0;
  bool in_indent = true;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {
      in_indent = true;
      line_start = i + 1;
      continue;
    }
    if (in_indent && c != ' ' && c != '-') {
      in_indent = false;
      max_indent = std::max(max_indent, i - line_start);
    }
    if (c == '[' || c == '{') {
      if (++flow > kMaxDepth) return true;
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
  }
  return max_indent > 16 * kMaxDepth;
}

}  // namespace

std::unique_ptr<Document> parse(std::string path, std::string src) {
  auto doc = std::make_unique<Document>();
  doc->path = std::move(path);
  doc->src = std::move(src);
  if (nesting_too_deep(doc->src)) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 0, 0, "YAML nested too deeply"});
    return doc;
  }
  try {
    YAML::Node root = YAML::Load(doc->src);
    if (!root.IsDefined() || root.IsNull()) {
      doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 1, 1, "empty YAML document"});
      return doc;
    }
    Converter conv(doc->arena);
    doc->root = conv.convert(root, 0);
  } catch (const YAML::ParserException& e) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, static_cast<unsigned>(e.mark.line + 1),
                                    static_cast<unsigned>(e.mark.column + 1), "invalid YAML: " + e.msg});
  } catch (const YAML::Exception& e) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, static_cast<unsigned>(e.mark.line + 1),
                                    static_cast<unsigned>(e.mark.column + 1), "invalid YAML: " + e.msg});
  } catch (const TooDeep&) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 0, 0, "YAML nested too deeply"});
  } catch (const std::exception& e) {
    doc->diags.push_back(Diagnostic{Severity::Error, doc->path, 0, 0, std::string("invalid YAML: ") + e.what()});
  }
  return doc;
}

}  // namespace cs::yaml
