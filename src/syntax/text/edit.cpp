#include "syntax/text/edit.h"

#include <algorithm>

namespace cs::text {

Result<std::string> apply(std::string_view src, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  edits.erase(std::unique(edits.begin(), edits.end(),
                          [](const Edit& a, const Edit& b) {
                            return a.begin == b.begin && a.end == b.end && a.text == b.text;
                          }),
              edits.end());
  std::string out;
  out.reserve(src.size() + 64);
  size_t at = 0;
  for (const Edit& e : edits) {
    if (e.begin > e.end || e.end > src.size()) return Error{"an edit lies outside the text"};
    if (e.begin < at) return Error{"two edits overlap"};
    out.append(src.substr(at, e.begin - at));
    out.append(e.text);
    at = e.end;
  }
  out.append(src.substr(at));
  return out;
}

namespace {

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at < s.size()) {
    size_t nl = s.find('\n', at);
    size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(at, end - at));
    at = end;
  }
  return out;
}

void line(std::string& out, char mark, std::string_view l) {
  out += mark;
  out.append(l);
  if (l.empty() || l.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context) {
  if (before == after) return "";
  std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  // The longest common subsequence by dynamic programming over the lines between the common prefix
  // and suffix (a fix changes a few lines of a file: the middle is small).
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  // The script: ' ' same, '-' only in a, '+' only in b, with each side's line index.
  struct Op {
    char kind;
    size_t ai, bi;
  };
  std::vector<Op> ops;
  for (size_t i = 0; i < pre; ++i) ops.push_back({' ', i, i});
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] == b[pre + j]) {
      ops.push_back({' ', pre + i, pre + j});
      ++i, ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {  // removals before additions
      ops.push_back({'-', pre + i, pre + j});
      ++i;
    } else {
      ops.push_back({'+', pre + i, pre + j});
      ++j;
    }
  }
  for (size_t k = 0; k < suf; ++k) ops.push_back({' ', a.size() - suf + k, b.size() - suf + k});

  std::string out = "--- a/" + std::string(path) + "\n+++ b/" + std::string(path) + "\n";
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    // A hunk: from `context` lines before this change to `context` lines after the last change that is
    // no more than 2*context unchanged lines from the previous one.
    size_t start = k >= static_cast<size_t>(context) ? k - context : 0;
    size_t end = k, same = 0;
    for (size_t x = k; x < ops.size(); ++x) {
      if (ops[x].kind == ' ') {
        if (++same > static_cast<size_t>(2 * context)) break;
      } else {
        same = 0;
        end = x;
      }
    }
    size_t stop = std::min(ops.size(), end + 1 + context);
    size_t a_start = ops[start].ai, b_start = ops[start].bi, a_len = 0, b_len = 0;
    for (size_t x = start; x < stop; ++x) {
      if (ops[x].kind != '+') ++a_len;
      if (ops[x].kind != '-') ++b_len;
    }
    // A side with no lines names the line before the hunk (diff's convention).
    out += "@@ -" + std::to_string(a_len ? a_start + 1 : a_start) +
           (a_len == 1 ? "" : "," + std::to_string(a_len)) + " +" +
           std::to_string(b_len ? b_start + 1 : b_start) + (b_len == 1 ? "" : "," + std::to_string(b_len)) +
           " @@\n";
    for (size_t x = start; x < stop; ++x) {
      const Op& op = ops[x];
      line(out, op.kind, op.kind == '+' ? b[op.bi] : a[op.ai]);
    }
    k = stop;
  }
  return out;
}

}  // namespace cs::text
