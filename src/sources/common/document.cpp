#include "sources/common/document.h"

#include <vector>

#include "syntax/json/json.h"

namespace cs::sources {

namespace {

// A JSON value's start and end (one past its last byte), as the YAML tree keeps them.
void place(yaml::Node* n, const json::Range& r) {
  n->line = r.begin.line;
  n->col = r.begin.col;
  n->begin = r.begin.offset;
  n->end_line = r.end.line;
  n->end_col = r.end.col;
  n->end = r.end.offset;
}

const yaml::Node* convert(const json::Node* j, Arena& arena) {
  auto* n = arena.make<yaml::Node>();
  place(n, j->range);
  switch (j->kind) {
    case json::Kind::Null:
      n->kind = yaml::Kind::Null;
      n->plain = true;
      break;
    case json::Kind::Bool:
      n->kind = yaml::Kind::Scalar;
      n->plain = true;
      n->value = j->boolean ? "true" : "false";
      break;
    case json::Kind::Number:
      n->kind = yaml::Kind::Scalar;
      n->plain = true;
      n->value = arena.copy(j->text());
      break;
    case json::Kind::String:
      n->kind = yaml::Kind::Scalar;
      n->plain = false;
      n->value = arena.copy(j->text());
      break;
    case json::Kind::Array: {
      n->kind = yaml::Kind::Sequence;
      std::vector<const yaml::Node*> items;
      items.reserve(j->items().size);
      for (const json::Node* c : j->items()) items.push_back(convert(c, arena));
      n->items = arena.copy(items);
      break;
    }
    case json::Kind::Object: {
      n->kind = yaml::Kind::Mapping;
      std::vector<yaml::Pair> pairs;
      pairs.reserve(j->members().size);
      for (const json::Member& m : j->members()) {
        auto* k = arena.make<yaml::Node>();
        k->kind = yaml::Kind::Scalar;
        k->plain = false;
        place(k, m.key_range);
        k->value = arena.copy(m.key);
        pairs.push_back(yaml::Pair{k, convert(m.value, arena)});
      }
      n->pairs = arena.copy(pairs);
      yaml::index_pairs(*n, arena);
      break;
    }
  }
  return n;
}

bool looks_like_json(const std::string& path, const std::string& content) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return true;
  size_t i = 0;
  if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < content.size() &&
         (content[i] == ' ' || content[i] == '\t' || content[i] == '\n' || content[i] == '\r'))
    ++i;
  return i < content.size() && (content[i] == '{' || content[i] == '[');
}

// The document peek_document() parsed last on this thread.
thread_local std::unique_ptr<yaml::Document> peeked;

std::unique_ptr<yaml::Document> parse(std::string path, std::string content) {
  if (!looks_like_json(path, content)) return yaml::parse(std::move(path), std::move(content));
  auto doc = std::make_unique<yaml::Document>();
  doc->path = path;
  auto j = json::parse(std::move(path), std::move(content));
  doc->diags = std::move(j->diags);
  if (j->root) doc->root = convert(j->root, doc->arena);
  doc->src = std::move(j->src);
  return doc;
}

}  // namespace

std::unique_ptr<yaml::Document> parse_document(std::string path, std::string content) {
  if (peeked && peeked->path == path && peeked->src == content) return std::move(peeked);
  return parse(std::move(path), std::move(content));
}

const yaml::Document& peek_document(const std::string& path, std::string_view content) {
  if (!(peeked && peeked->path == path && peeked->src == content)) peeked = parse(path, std::string(content));
  return *peeked;
}

void add_comments(const yaml::Document& doc, std::vector<model::FileComments>& out) {
  if (doc.comments.empty()) return;
  const std::string& src = doc.src;
  std::vector<model::FoundComment> found;
  found.reserve(doc.comments.size());
  for (const auto& c : doc.comments) {
    size_t line_start = src.rfind('\n', c.begin == 0 ? std::string::npos : c.begin - 1);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    if (line_start == 0 && src.compare(0, 3, "\xEF\xBB\xBF") == 0)
      line_start = 3;  // a byte order mark is no code
    found.push_back(model::FoundComment{c.line, c.col, c.begin, c.end, line_start, c.text});
  }
  model::FileComments fc = model::file_comments(doc.path, true, src, found);
  if (!fc.comments.empty()) out.push_back(std::move(fc));
}

}  // namespace cs::sources
