// Confinement of the files read on behalf of the scanned code (Terraform's file(), templatefile(),
// fileexists(), fileset() and friends; Serverless ${file(...)}): only regular files inside "the scanned
// tree", symlinks resolved first, up to a size limit. Anything else is refused with a reason, so a
// repository can never make cloudsift read /etc, $HOME, /proc or a device and print it.
//
// The scanned tree is, for each scan argument, its real path (a file argument: its directory) plus the
// root of the git repository enclosing it (the nearest ancestor holding .git), so that
// `scan infra/envs/prod` may still read ../../modules/x/policy.json of the same repository.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/fs.h"

namespace cs::io {

class Confinement {
 public:
  static constexpr uint64_t kDefaultMaxFileSize = io::kDefaultMaxFileSize;  // --max-file-size's default

  // Why a path may not be read. Missing is not a refusal: the path lies inside the tree and does not
  // exist (Terraform's own "no file exists" applies).
  enum class Refusal { None, Missing, Outside, NotRegular, TooLarge, Unreadable };

  struct Resolved {
    Refusal refusal = Refusal::None;
    std::string real_path;  // the resolved path (inside the tree when refusal is None/NotRegular/...)
    std::string reason;     // human text for a refusal: "reads outside the scanned tree", ...
    bool is_dir = false;    // refusal None: a directory (not a regular file)
    uint64_t size = 0;      // refusal None, regular file: its size
  };

  // No roots: nothing is confined (an in-memory file system in tests). Use for_scan() for the disk.
  Confinement() = default;
  // Roots must be absolute real paths (no symlinks, no "." or ".."). No roots: nothing may be read.
  explicit Confinement(std::vector<std::string> real_roots, uint64_t max_file_size = kDefaultMaxFileSize);

  // The scanned tree of these scan arguments (paths relative to the working directory, or absolute).
  // An argument that does not exist adds nothing. A git repository at `home` (the user's home directory
  // kept in git, dotfiles) or at / does not widen the tree: the scanned path alone is the tree then.
  static Confinement for_scan(const std::vector<std::string>& paths,
                              uint64_t max_file_size = kDefaultMaxFileSize, const std::string& home = "");

  bool confined() const { return confined_; }
  const std::vector<std::string>& roots() const { return roots_; }
  uint64_t max_file_size() const { return max_file_size_; }

  // Pure: is this absolute, normalized, symlink-free path inside one of the roots? Kernel and device
  // trees (/proc, /sys, /dev) never are, whatever the roots.
  bool contains(const std::string& real_path) const;

  // Resolve `path` (relative paths against the working directory) following every symlink the way the
  // kernel would, without reading anything, and decide whether it may be read. A path whose resolution
  // leaves the tree is Outside even when its target does not exist (so nothing is learnt about the
  // outside disk). With no roots everything is allowed (the resolution is still done).
  Resolved resolve(const std::string& path) const;

  // Read a regular file that resolve() allowed: opened without following symlinks and without blocking,
  // checked again after opening (regular, within the size limit), read up to the limit.
  Result<std::string> read(const std::string& path) const;

 private:
  std::vector<std::string> roots_;
  uint64_t max_file_size_ = kDefaultMaxFileSize;
  bool confined_ = false;  // false: the default-constructed "everything allowed"
};

// The nearest ancestor of `real_dir` (itself included) that holds a .git entry; "" when there is none.
std::string git_root(const std::string& real_dir);

// Lexical containment: is `path` equal to `root` or below it (both absolute and normalized)?
bool path_within(const std::string& path, const std::string& root);

}  // namespace cs::io
