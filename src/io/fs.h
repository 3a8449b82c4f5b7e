// The file system behind an interface, so tests can run on an in-memory tree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace cs::io {

struct DirEntry {
  std::string name;  // base name
  bool is_dir = false;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::string> read(const std::string& path) const = 0;
  // Entries sorted by name; "." and ".." excluded. Symlinks are followed.
  virtual Result<std::vector<DirEntry>> list(const std::string& dir) const = 0;
  virtual bool is_dir(const std::string& path) const = 0;
  virtual bool is_file(const std::string& path) const = 0;
};

// The real disk.
class DiskFileSystem final : public FileSystem {
 public:
  Result<std::string> read(const std::string& path) const override;
  Result<std::vector<DirEntry>> list(const std::string& dir) const override;
  bool is_dir(const std::string& path) const override;
  bool is_file(const std::string& path) const override;
};

// An in-memory tree for tests: paths are '/'-separated; directories exist implicitly.
class MemoryFileSystem final : public FileSystem {
 public:
  void add(const std::string& path, std::string content);
  Result<std::string> read(const std::string& path) const override;
  Result<std::vector<DirEntry>> list(const std::string& dir) const override;
  bool is_dir(const std::string& path) const override;
  bool is_file(const std::string& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

const FileSystem& disk();

// Path helpers (POSIX, '/' only). join("a/b", "../c") == "a/c"; normalize removes "." and "x/..".
std::string join(const std::string& a, const std::string& b);
std::string normalize(const std::string& p);
std::string dirname(const std::string& p);
std::string basename(const std::string& p);
// p relative to base when p is inside base, else p unchanged.
std::string relative(const std::string& p, const std::string& base);

}  // namespace cs::io
