// libFuzzer target for the XML parser (src/syntax/xml): any input must parse or fail with a positioned
// error, never crash, never recurse past the depth limit; a parsed tree must respect the depth limit and
// have named elements with positions.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax/xml/xml.h"

namespace {

void check(bool cond) {
  if (!cond) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view doc(reinterpret_cast<const char*>(data), size);
  auto r = cs::xml::parse(doc);
  if (!r.ok()) {
    check(!r.error().message.empty() && r.error().line >= 1 && r.error().col >= 1);
    return 0;
  }
  // Iterative walk: depth, names and positions.
  std::vector<std::pair<const cs::xml::Element*, unsigned>> pending{{&r.value(), 1}};
  while (!pending.empty()) {
    auto [e, depth] = pending.back();
    pending.pop_back();
    check(depth <= cs::xml::kMaxDepth);
    check(!e->name.empty() && e->line >= 1 && e->col >= 1);
    check(e->name.find(':') == std::string::npos);
    for (const auto& c : e->children) {
      check(c.line >= e->line);
      pending.push_back({&c, depth + 1});
    }
    if (!e->children.empty()) check(e->child(e->children[0].name) == &e->children[0]);
  }
  return 0;
}
