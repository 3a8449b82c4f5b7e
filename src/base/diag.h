// Diagnostics: problems with the input (a file that does not parse, a module that cannot be read).
// They are collected, never printed here; the CLI decides how to show them.
#pragma once

#include <string>
#include <vector>

namespace cs {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;
  unsigned line = 0;  // 1-based, 0 = whole file
  unsigned col = 0;
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace cs
