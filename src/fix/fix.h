// `cloudsift fix`: turns the fix intents of FAIL results (findings::FixIntent, filled by checks) into
// minimal text edits of the file that decides the value, or into a manual fix that says what to change
// and why no edit is made. The edits of one file are applied together; a file whose text, before or
// after the edits, does not parse is never changed. The CLI re-scans the edited text before it writes
// (verify) and writes each file atomically.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diag.h"
#include "findings/findings.h"
#include "io/fs.h"
#include "syntax/text/edit.h"

namespace cs::fix {

struct FileEdit {
  std::string file;
  text::Edit edit;
};

struct Fix {
  std::string check_id, resource, file;  // the result it fixes (file:line = the result's location)
  unsigned line = 0;
  bool automatic = false;
  std::string reason;  // automatic: what the edit does; manual: why there is none and what to change
  std::vector<FileEdit> edits;
};

struct Plan {
  std::vector<Fix> fixes;
  // Each file an automatic fix edits: its text now and with every automatic edit of it applied.
  std::map<std::string, std::string> before, after;
  Diagnostics diags;  // files that could not be read, or whose fixed text would not parse
};

// The fixes of every unsuppressed FAIL that carries an intent, in the results' order.
Plan plan(const std::vector<findings::CheckResult>& results, const io::FileSystem& fs);

// Makes the fix of (check_id, resource) manual with `why`, and recomputes the fixed texts.
void demote(Plan& plan, const std::string& check_id, const std::string& resource, const std::string& why);

// A file system that reads `overrides` (path -> text) instead of the files below, and everything else
// from `base`: the re-scan of fixed texts before anything is written.
class OverlayFileSystem final : public io::FileSystem {
 public:
  OverlayFileSystem(const io::FileSystem& base, const std::map<std::string, std::string>& overrides)
      : base_(base), overrides_(overrides) {
    set_max_file_size(base.max_file_size());
  }
  Result<std::string> read(const std::string& path) const override;
  Result<std::string> read_head(const std::string& path, size_t n) const override;
  Result<std::vector<io::DirEntry>> list(const std::string& dir) const override { return base_.list(dir); }
  bool is_dir(const std::string& path) const override { return base_.is_dir(path); }
  bool is_file(const std::string& path) const override { return base_.is_file(path); }
  Result<io::FileStat> stat(const std::string& path) const override;
  Result<std::string> real_path(const std::string& path) const override { return base_.real_path(path); }

 private:
  const io::FileSystem& base_;
  const std::map<std::string, std::string>& overrides_;
};

}  // namespace cs::fix
