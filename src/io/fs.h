// The file system behind an interface, so tests can run on an in-memory tree.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cs::io {

// What a path names (after following symbolic links, unless said otherwise).
enum class FileType { Regular, Directory, Symlink, Fifo, Socket, CharDevice, BlockDevice, Other };

// "a FIFO", "a character device", ... for messages.
const char* describe(FileType t);

// A file's identity: (device, inode) on disk. Two paths with the same id are the same file.
struct FileId {
  uint64_t dev = 0, ino = 0;
  auto operator<=>(const FileId&) const = default;
};

struct FileStat {
  FileType type = FileType::Other;
  FileId id;
  uint64_t size = 0;
};

struct DirEntry {
  std::string name;         // base name
  bool is_dir = false;      // a directory, after following a symbolic link
  bool is_symlink = false;  // the entry itself is a symbolic link
};

// Files larger than this are refused by read() unless the file system is told otherwise
// (cloudsift scan --max-file-size).
inline constexpr uint64_t kDefaultMaxFileSize = uint64_t{32} << 20;

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The content of a regular file. Anything else (FIFO, socket, device, directory) is refused without
  // blocking, and so is a file larger than max_file_size() (checked on its size and while reading).
  virtual Result<std::string> read(const std::string& path) const = 0;
  // At most the first `n` bytes of a regular file, whatever its size (to classify a file that is too
  // large to read whole). Refuses what read() refuses, except size.
  virtual Result<std::string> read_head(const std::string& path, size_t n) const = 0;
  // Entries sorted by name; "." and ".." excluded. Symlinks are followed for is_dir.
  virtual Result<std::vector<DirEntry>> list(const std::string& dir) const = 0;
  virtual bool is_dir(const std::string& path) const = 0;
  virtual bool is_file(const std::string& path) const = 0;
  // Type, identity and size of what `path` names, symbolic links followed. The error says why it could
  // not be known (a dangling link, a loop of links, a directory that cannot be searched).
  virtual Result<FileStat> stat(const std::string& path) const = 0;
  // `path` with every symbolic link resolved, absolute ('/'-separated, normalized).
  virtual Result<std::string> real_path(const std::string& path) const = 0;

  uint64_t max_file_size() const { return max_file_size_; }
  void set_max_file_size(uint64_t bytes) { max_file_size_ = bytes; }

 private:
  uint64_t max_file_size_ = kDefaultMaxFileSize;
};

// The real disk.
class DiskFileSystem final : public FileSystem {
 public:
  Result<std::string> read(const std::string& path) const override;
  Result<std::string> read_head(const std::string& path, size_t n) const override;
  Result<std::vector<DirEntry>> list(const std::string& dir) const override;
  bool is_dir(const std::string& path) const override;
  bool is_file(const std::string& path) const override;
  Result<FileStat> stat(const std::string& path) const override;
  Result<std::string> real_path(const std::string& path) const override;

 private:
  // The file, or its first `limit` bytes when `head` (else more than `limit` bytes is an error).
  Result<std::string> read_up_to(const std::string& path, uint64_t limit, bool head) const;
};

// An in-memory tree for tests: paths are '/'-separated; directories exist implicitly. No symbolic
// links: real_path is the normalized path and every file has its own id.
class MemoryFileSystem final : public FileSystem {
 public:
  void add(const std::string& path, std::string content);
  Result<std::string> read(const std::string& path) const override;
  Result<std::string> read_head(const std::string& path, size_t n) const override;
  Result<std::vector<DirEntry>> list(const std::string& dir) const override;
  bool is_dir(const std::string& path) const override;
  bool is_file(const std::string& path) const override;
  Result<FileStat> stat(const std::string& path) const override;
  Result<std::string> real_path(const std::string& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

// The real disk with the default limits.
const FileSystem& disk();

// The error message for a file over the limit: "larger than --max-file-size (N bytes)".
std::string too_large_message(uint64_t limit);

// Parses a size such as "1048576", "512K", "32M" or "1G" (binary multiples; case-insensitive). Returns
// nothing for anything else, for 0 and past 2^50.
std::optional<uint64_t> parse_size(std::string_view text);

// Text that is not text: the first NUL byte anywhere, else the first byte that does not start a valid
// UTF-8 sequence (overlong forms, surrogates and code points past U+10FFFF are invalid). Nothing for text.
struct BinaryContent {
  size_t offset = 0;
  bool nul = false;            // a NUL byte, else invalid UTF-8
  unsigned line = 1, col = 1;  // where, counting lines by '\n' and columns by bytes
  // "binary file (NUL byte at offset N), not scanned" or
  // "binary file or not UTF-8 text (invalid byte at offset N), not scanned"
  std::string message() const;
};
std::optional<BinaryContent> find_binary(std::string_view content);

// Path helpers (POSIX, '/' only). join("a/b", "../c") == "a/c"; normalize removes "." and "x/..".
std::string join(const std::string& a, const std::string& b);
std::string normalize(const std::string& p);
std::string dirname(const std::string& p);
std::string basename(const std::string& p);
// p relative to base when p is inside base, else p unchanged.
std::string relative(const std::string& p, const std::string& base);
// True when normalized path p is base or below it.
bool within(const std::string& p, const std::string& base);

}  // namespace cs::io
