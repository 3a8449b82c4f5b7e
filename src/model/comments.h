// The comments of a parsed input file, as its parser found them, handed over by the source that parsed
// it so that inline suppressions (engine/suppress.h) are matched without reading or parsing the file
// again. With them go the per-line facts that suppression scoping needs: which lines hold code (the
// line a directive attaches to is the next one that does) and their indentation (a YAML block runs
// to the last code line before the next line indented no deeper).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cs::model {

struct Comment {
  unsigned line = 0, col = 0;  // 1-based position of the comment's first marker byte
  size_t begin = 0, end = 0;   // byte offsets of the comment in the file (markers included)
  bool trailing = false;       // code stands before it on the same line
  std::string text;            // the comment with its markers ("#", "//", "/* */") removed
};

struct FileComments {
  std::string file;
  bool yaml = false;              // blocks end by indentation (YAML); else by the declarations' ranges (HCL)
  std::vector<Comment> comments;  // in source order
  // Per line, 1-based (index 0 unused): does it hold a byte that is neither blank nor in a comment,
  // and how many leading spaces and '-' it has.
  std::vector<bool> has_code;
  std::vector<unsigned> indent;
};

// A comment as a parser reports it, for file_comments(): position, byte range (markers included), the
// text without markers, and the offset where the comment's line starts for the purpose of "is there
// code before it" (past a byte order mark on the first line of a YAML file).
struct FoundComment {
  unsigned line = 0, col = 0;
  size_t begin = 0, end = 0;
  size_t line_start = 0;
  std::string_view text;
};

// Could this comment text hold a suppression directive? A cheap superset of what the engine's
// parse_directives() reads ("cloudsift:ignore…", "checkov:skip=", "tfsec:ignore:", "trivy:ignore:",
// "kics-scan …"); engine/suppress_test.cpp checks that every directive it parses passes this.
bool may_hold_directive(std::string_view text);

// The comments of `src` that may hold a directive (in source order, as its parser found them, never
// inside a string or a block scalar) with the per-line facts computed from the text (all comments count
// as comments there). Empty `comments` when no comment may hold one: the caller keeps nothing for the
// file (most files have comments, few have directives; keeping every file's line facts cost ~15 MB on
// ../shared/corpus/real).
FileComments file_comments(std::string file, bool yaml, std::string_view src,
                           const std::vector<FoundComment>& found);

}  // namespace cs::model
