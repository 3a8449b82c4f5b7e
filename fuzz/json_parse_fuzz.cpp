// libFuzzer target for the JSON parser: any input must parse or fail with exactly one diagnostic,
// never crash, and every node's range must lie inside the source in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "syntax/json/json.h"

namespace {

void check(bool cond) {
  if (!cond) std::abort();
}

void check_range(const cs::json::Range& r, size_t size) {
  check(r.begin.offset <= r.end.offset);
  check(r.end.offset <= size);
  check(r.begin.line >= 1 && r.begin.col >= 1 && r.begin.line <= r.end.line);
}

size_t walk(const cs::json::Node* n, const std::string& src, unsigned depth) {
  check(depth <= cs::json::kMaxDepth);
  check_range(n->range, src.size());
  size_t count = 1;
  uint32_t prev = n->range.begin.offset;
  switch (n->kind) {
    case cs::json::Kind::Array:
      for (const cs::json::Node* item : n->items()) {
        check(item->range.begin.offset > prev);
        prev = item->range.end.offset;
        count += walk(item, src, depth + 1);
      }
      break;
    case cs::json::Kind::Object:
      for (const cs::json::Member& m : n->members()) {
        check_range(m.key_range, src.size());
        check(m.key_range.begin.offset > prev && m.key_range.end.offset <= m.value->range.begin.offset);
        check(src[m.key_range.begin.offset] == '"');
        prev = m.value->range.end.offset;
        count += walk(m.value, src, depth + 1);
      }
      if (!n->members().empty()) check(n->find(n->members()[0].key) != nullptr);
      break;
    case cs::json::Kind::String:
      check(src[n->range.begin.offset] == '"' && src[n->range.end.offset - 1] == '"');
      break;
    case cs::json::Kind::Number:
      check(n->text().size() == n->range.end.offset - n->range.begin.offset);
      check(n->number == n->number);  // never NaN
      break;
    default:
      break;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = cs::json::parse("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  if (doc->ok()) {
    check(doc->diags.empty());
    walk(doc->root, doc->src, 0);
  } else {
    check(doc->diags.size() == 1);
    check(!doc->diags[0].message.empty() && doc->diags[0].line >= 1 && doc->diags[0].col >= 1);
  }
  // Read as Go does (Terraform's jsondecode): the same guarantees, and it accepts everything the strict
  // reading accepts but a leading byte order mark.
  cs::Arena arena;
  cs::Diagnostics diags;
  cs::json::ParseOptions go;
  go.go = true;
  const cs::json::Node* root = cs::json::parse(doc->src, "fuzz.json", arena, diags, go);
  if (root) {
    check(diags.empty());
    walk(root, doc->src, 0);
  } else {
    check(diags.size() == 1);
    check(!diags[0].message.empty() && diags[0].line >= 1 && diags[0].col >= 1);
    check(!doc->ok() || doc->src.compare(0, 3, "\xEF\xBB\xBF") == 0);
  }
  return 0;
}
