#include "model/comments.h"

#include <cctype>
#include <utility>

namespace cs::model {

namespace {

using Ranges = std::vector<std::pair<size_t, size_t>>;

// Does code (a non-blank byte outside the comments in `ranges`, which are in source order and end
// before `at`) stand in [line_start, at)?
bool code_before(std::string_view src, const Ranges& ranges, size_t line_start, size_t at) {
  for (size_t k = line_start; k < at && k < src.size(); ++k) {
    if (std::isspace(static_cast<unsigned char>(src[k]))) continue;
    bool in_comment = false;
    for (auto r = ranges.rbegin(); r != ranges.rend() && r->second > line_start; ++r)  // this line's only
      if (r->first <= k && k < r->second) in_comment = true;
    if (!in_comment) return true;
  }
  return false;
}

// Per-line facts of a text whose comments are known: which lines hold code, their indentation.
void lines_from(std::string_view src, const Ranges& comment_ranges, FileComments& fc) {
  fc.has_code.assign(2, false);
  fc.indent.assign(2, 0);
  unsigned line = 1;
  bool at_indent = true;
  unsigned ind = 0;
  size_t next = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    while (next < comment_ranges.size() && comment_ranges[next].second <= i) ++next;
    char c = src[i];
    if (c == '\n') {
      fc.indent[line] = ind;
      ++line;
      fc.has_code.resize(line + 2, false);
      fc.indent.resize(line + 2, 0);
      at_indent = true;
      ind = 0;
      continue;
    }
    if (at_indent && (c == ' ' || c == '-')) {
      ++ind;
    } else {
      at_indent = false;
    }
    bool in_comment = next < comment_ranges.size() && comment_ranges[next].first <= i;
    if (!in_comment && !std::isspace(static_cast<unsigned char>(c))) fc.has_code[line] = true;
  }
  fc.indent[line] = ind;
}

}  // namespace

bool may_hold_directive(std::string_view text) {
  for (std::string_view marker : {"cloudsift:", "checkov:", "tfsec:", "trivy:", "kics-scan"})
    if (text.find(marker) != std::string_view::npos) return true;
  return false;
}

FileComments file_comments(std::string file, bool yaml, std::string_view src,
                           const std::vector<FoundComment>& found) {
  FileComments fc;
  fc.file = std::move(file);
  fc.yaml = yaml;
  bool any = false;
  for (const auto& c : found) any = any || may_hold_directive(c.text);
  if (!any) return fc;
  Ranges ranges;
  ranges.reserve(found.size());
  for (const auto& c : found) {
    // Every comment is a comment for "is there code before it" and the line facts; only those that may
    // hold a directive are kept.
    bool before = code_before(src, ranges, c.line_start, c.begin);
    ranges.emplace_back(c.begin, c.end);
    if (may_hold_directive(c.text))
      fc.comments.push_back(Comment{c.line, c.col, c.begin, c.end, before, std::string(c.text)});
  }
  lines_from(src, ranges, fc);
  return fc;
}

}  // namespace cs::model
