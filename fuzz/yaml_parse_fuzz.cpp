// libFuzzer target for the YAML layer (src/syntax/yaml, libyaml underneath): any input must parse or fail
// with one positioned error, never crash, hang or leak. On a parsed tree every node's byte range lies in
// the text and starts no later than it ends, with line and column matching its start offset; the
// comments are in order, outside every quoted scalar's range, and each starts with '#'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <vector>

#include "syntax/yaml/yaml.h"

namespace {

void check(bool cond) {
  if (!cond) std::abort();
}

// Line and column (bytes; a leading UTF-8 byte order mark not counted) of byte `at`.
void check_position(const std::string& s, size_t at, uint32_t line, uint32_t col) {
  uint32_t l = 1;
  size_t start = 0;
  for (size_t i = 0; i < at; ++i)
    if (s[i] == '\n') ++l, start = i + 1;
  size_t c = at - start + 1;
  if (start == 0 && s.compare(0, 3, "\xEF\xBB\xBF") == 0 && at >= 3) c -= 3;
  check(l == line && c == col);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string src(reinterpret_cast<const char*>(data), size);
  auto doc = cs::yaml::parse("f.yaml", src);
  const std::string& s = doc->src;
  check(doc->ok() ? doc->diags.empty() : doc->diags.size() == 1);
  for (const auto& d : doc->diags) check(d.file == "f.yaml" && !d.message.empty());
  size_t last = 0;
  for (const auto& c : doc->comments) {
    check(c.begin < s.size() && c.end <= s.size() && c.begin < c.end && c.begin >= last);
    check(s[c.begin] == '#');
    check(c.text.size() == c.end - c.begin - 1);
    if (size < 4096) check_position(s, c.begin, c.line, c.col);
    last = c.end;
  }
  if (!doc->ok()) return 0;
  bool utf16 = s.compare(0, 2, "\xFE\xFF") == 0 || s.compare(0, 2, "\xFF\xFE") == 0;
  std::vector<const cs::yaml::Node*> todo{doc->root};
  std::unordered_set<const cs::yaml::Node*> seen;
  while (!todo.empty()) {
    const cs::yaml::Node* n = todo.back();
    todo.pop_back();
    if (!seen.insert(n).second) continue;  // aliases share nodes
    if (!utf16) {
      check(n->begin != std::string::npos && n->end != std::string::npos);
      check(n->begin <= n->end && n->end <= s.size());
      if (size < 4096) {
        check_position(s, n->begin, n->line, n->col);
        check_position(s, n->end, n->end_line, n->end_col);
      }
      // A quoted scalar's text holds no comment.
      if (n->is_scalar() && !n->plain && n->tag.empty() && n->begin < s.size() &&
          (s[n->begin] == '"' || s[n->begin] == '\''))
        for (const auto& c : doc->comments) check(c.begin < n->begin || c.begin >= n->end);
    }
    for (const auto* i : n->items) todo.push_back(i);
    for (const auto& p : n->pairs) todo.push_back(p.key), todo.push_back(p.value);
  }
  return 0;
}
