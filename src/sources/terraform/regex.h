// Regular expressions for regex(), regexall() and replace(/re/): RE2, the syntax and the linear-time
// matching of Go's regexp package, which Terraform uses. Matching never backtracks and never recurses
// on the input, so neither `(a+)+$` nor a 20 KB string can hang or overflow the stack.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cs::tf::detail {

// One match: [begin, end) byte offsets of the whole match (group 0) and of each group; a group that
// did not take part in the match has begin == npos.
struct RegexMatch {
  static constexpr size_t npos = static_cast<size_t>(-1);
  std::vector<std::pair<size_t, size_t>> groups;  // groups[0] = whole match
};

class GoRegex {
 public:
  // Compile a pattern as Go's regexp.Compile does. On failure returns nullptr and sets *err to the
  // reason ("missing closing ): `(`").
  static std::unique_ptr<GoRegex> compile(std::string_view pattern, std::string* err);
  ~GoRegex();

  size_t groups() const { return names_.size(); }  // capture groups, not counting the whole match
  // Name of group i (1-based); "" when unnamed.
  const std::string& name(size_t i) const { return names_[i - 1]; }
  bool has_named() const;
  bool has_unnamed() const;

  // Leftmost-first match at or after `from`, with the whole text as context (^ and \b see what comes
  // before `from`). False when there is none.
  bool match(std::string_view text, size_t from, RegexMatch& m) const;

  // Every match as Go's FindAll does: an empty match right after the previous match is skipped and
  // the search advances by at least one code point. `each` returns false to stop early.
  // Each search may read the rest of the text, so the work of finding every match can grow with the
  // square of the text's length (as in Go); *scanned adds up the bytes each search could read, and
  // the search stops (returning false) once it passes max_scan.
  template <class F>
  bool for_each_match(std::string_view text, size_t max_scan, size_t* scanned, F each) const;

  // Go's Regexp.ReplaceAllString: `repl` is a template where $1, ${1}, $name, ${name} expand to
  // groups and $$ to "$". Returns false (and leaves *out partial) when the result would exceed
  // max_bytes or the search would read more than max_scan bytes (see for_each_match).
  bool replace_all(std::string_view text, std::string_view repl, size_t max_bytes, size_t max_scan,
                   size_t* scanned, std::string* out) const;

 private:
  GoRegex() = default;
  void expand(std::string_view repl, std::string_view text, const RegexMatch& m, std::string& out) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> names_;
};

// Width in bytes of the UTF-8 sequence at s[i] (1 for an invalid byte, as Go's DecodeRuneInString).
size_t utf8_width_at(std::string_view s, size_t i);

template <class F>
bool GoRegex::for_each_match(std::string_view text, size_t max_scan, size_t* scanned, F each) const {
  size_t pos = 0;
  size_t prev_end = RegexMatch::npos;
  RegexMatch m;
  while (pos <= text.size()) {
    *scanned += text.size() - pos + 1;
    if (*scanned > max_scan) return false;
    if (!match(text, pos, m)) break;
    bool accept = true;
    size_t b = m.groups[0].first, e = m.groups[0].second;
    if (e == b) {
      if (b == prev_end) accept = false;  // an empty match right after the previous one
      pos = b < text.size() ? b + utf8_width_at(text, b) : text.size() + 1;
    } else {
      pos = e;
    }
    prev_end = e;
    if (accept && !each(m)) break;
  }
  return true;
}

}  // namespace cs::tf::detail
