#include "base/result.h"

namespace cs {

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line) {
      out += ':' + std::to_string(line);
      if (col) out += ':' + std::to_string(col);
    }
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace cs
