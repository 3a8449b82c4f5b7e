#include "sources/tfplan/instance.h"

namespace cs::tfplan {

using json::Node;

bool any_true(const Node* n) {
  if (!n) return false;
  if (n->is_bool()) return n->boolean;
  for (const Node* x : n->items())
    if (any_true(x)) return true;
  for (const json::Member& m : n->members())
    if (any_true(m.value)) return true;
  return false;
}

std::string source_text(const std::string& src, const Node* n) {
  uint32_t b = n->range.begin.offset, e = n->range.end.offset;
  if (b > e || e > src.size()) return std::string();
  std::string out = src.substr(b, e - b);
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

const Node* Instance::expression(std::string_view key) const {
  return get(get(config, "expressions"), key);
}

bool Instance::unknown(std::string_view key) const {
  return is_true(after_unknown) || any_true(get(after_unknown, key));
}

bool Instance::sensitive(std::string_view key) const {
  return is_true(after_sensitive) || any_true(get(after_sensitive, key));
}

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// "TYPE.NAME", "TYPE.NAME[0]" or "TYPE.NAME[\"k\"]" at the start of a reference, then nothing or ".attr".
std::string resource_part(std::string_view ref, std::string_view type) {
  if (ref.size() <= type.size() + 1 || ref.substr(0, type.size()) != type || ref[type.size()] != '.')
    return {};
  size_t i = type.size() + 1, start = i;
  while (i < ref.size() && ident_char(ref[i])) ++i;
  if (i == start) return {};
  if (i < ref.size() && ref[i] == '[') {
    size_t close = ref.find(']', i);
    std::string_view key =
        close == std::string_view::npos ? std::string_view() : ref.substr(i + 1, close - i - 1);
    bool digits = !key.empty();
    for (char c : key) digits = digits && c >= '0' && c <= '9';
    bool quoted = key.size() >= 2 && key.front() == '"' && key.back() == '"' &&
                  key.substr(1, key.size() - 2).find_first_of("\"\\") == std::string_view::npos;
    if (digits || quoted) i = close + 1;  // a literal key; anything else (each.key) names the resource only
  }
  if (i < ref.size() && ref[i] != '.' && ref[i] != '[') return {};
  return std::string(ref.substr(0, i));
}

void collect(const Node* expr, std::string_view type, std::vector<std::string>& out) {
  if (!expr) return;
  for (const Node* r : items(expr->find("references"))) {
    std::string part = resource_part(str(r), type);
    if (part.empty()) continue;
    // "aws_iam_role.r[0].arn" comes with "aws_iam_role.r[0]" and "aws_iam_role.r": keep the first.
    bool seen = false;
    for (const auto& o : out) seen = seen || o == part || o.rfind(part + "[", 0) == 0;
    if (!seen) out.push_back(std::move(part));
  }
  // Nested blocks: a list of objects of expressions.
  for (const Node* x : expr->items()) collect(x, type, out);
  for (const json::Member& m : expr->members())
    if (m.key != "references" && m.key != "constant_value") collect(m.value, type, out);
}

}  // namespace

std::vector<std::string> Instance::references(std::string_view key, std::string_view type) const {
  std::vector<std::string> parts;
  collect(expression(key), type, parts);
  for (auto& p : parts) p = module_prefix + p;
  return parts;
}

void Context::diag(Severity sev, const Node* at, std::string msg) {
  diags.push_back(
      Diagnostic{sev, path, at ? at->range.begin.line : 0u, at ? at->range.begin.col : 0u, std::move(msg)});
}

model::Location Context::location(const Node* n) const {
  return model::Location{path, n->range.begin.line, n->range.begin.col, n->range.end.line, n->range.end.col};
}

model::Location tf_location(const std::string* file, const hcl::Range& r) {
  return model::Location{file ? *file : std::string(),
                         r.begin.line,
                         r.begin.col,
                         r.end.line,
                         r.end.col,
                         r.begin.offset,
                         r.end.offset};
}

model::Location tf_declared(const tf::BlockRef& b) {
  const hcl::Block* blk = b.block;
  model::Location l = blk->body && blk->body->from_json && !blk->labels.empty()
                          ? tf_location(b.file, blk->labels[blk->labels.size - 1].range)
                          : tf_location(b.file, blk->type_range);
  l.end_line = blk->range.end.line;
  l.end_col = blk->range.end.col;
  return l;
}

model::Anchor tf_anchor(const tf::BlockRef& b) {
  model::Anchor a;
  const hcl::Block* blk = b.block;
  if (!blk || !blk->body || blk->body->from_json) return a;
  a.file = b.file ? *b.file : std::string();
  const hcl::Attribute* last = nullptr;
  for (const hcl::Attribute& at : blk->body->attributes)
    if (!last || at.range.end.offset > last->range.end.offset) last = &at;
  if (last) {
    a.offset = last->range.end.offset;
    a.line = last->range.end.line;
    a.col = last->range.end.col;
    a.indent.assign(last->range.begin.col - 1, ' ');
  } else {
    a.offset = blk->open_brace.end.offset;
    a.line = blk->open_brace.end.line;
    a.col = blk->open_brace.end.col;
    a.indent.assign(blk->range.begin.col - 1 + 2, ' ');
  }
  return a;
}

}  // namespace cs::tfplan
