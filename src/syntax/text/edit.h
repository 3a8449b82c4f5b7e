// Text edits (a byte span and its replacement), applied together, and the unified diff of a change:
// what `cloudsift fix` writes and prints. Knows no file format.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cs::text {

struct Edit {
  size_t begin = 0, end = 0;  // the bytes [begin, end) of the original text
  std::string text;           // what replaces them
};

// The text with every edit applied (byte offsets all refer to `src`). Edits are applied in offset
// order; two that overlap, or one outside the text, are an error (nothing is applied). Identical
// duplicate edits count once.
Result<std::string> apply(std::string_view src, std::vector<Edit> edits);

// A unified diff of `before` → `after` as `diff -u` and `git diff` write it, with `context` lines around
// each change, headed `--- a/PATH` / `+++ b/PATH` (so `git apply` takes it from the directory PATH is
// relative to). Empty when the texts are equal. A text that does not end with a newline gets
// "\ No newline at end of file" after its last line.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context = 3);

}  // namespace cs::text
