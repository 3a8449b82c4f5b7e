#include "io/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

namespace cs::io {

namespace {
Error sys_error(const std::string& path, const char* what) {
  return Error{std::string(what) + ": " + std::strerror(errno), path};
}

FileType type_of(mode_t m) {
  if (S_ISREG(m)) return FileType::Regular;
  if (S_ISDIR(m)) return FileType::Directory;
  if (S_ISLNK(m)) return FileType::Symlink;
  if (S_ISFIFO(m)) return FileType::Fifo;
  if (S_ISSOCK(m)) return FileType::Socket;
  if (S_ISCHR(m)) return FileType::CharDevice;
  if (S_ISBLK(m)) return FileType::BlockDevice;
  return FileType::Other;
}

Error not_regular(const std::string& path, FileType t) {
  return Error{std::string("not a regular file (") + describe(t) + "), not read", path};
}

// Closes the descriptor on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

const char* describe(FileType t) {
  switch (t) {
    case FileType::Regular:
      return "a regular file";
    case FileType::Directory:
      return "a directory";
    case FileType::Symlink:
      return "a symbolic link";
    case FileType::Fifo:
      return "a FIFO";
    case FileType::Socket:
      return "a socket";
    case FileType::CharDevice:
      return "a character device";
    case FileType::BlockDevice:
      return "a block device";
    case FileType::Other:
      break;
  }
  return "not a file or directory";
}

std::string too_large_message(uint64_t limit) {
  return "larger than --max-file-size (" + std::to_string(limit) + " bytes)";
}

Result<std::string> DiskFileSystem::read(const std::string& path) const {
  return read_up_to(path, max_file_size(), false);
}

Result<std::string> DiskFileSystem::read_head(const std::string& path, size_t n) const {
  return read_up_to(path, n, true);
}

Result<std::string> DiskFileSystem::read_up_to(const std::string& path, uint64_t limit, bool head) const {
  // Look before opening: opening a device can do things (a tape rewinds, a watchdog arms), and opening
  // a FIFO for reading waits for a writer. The descriptor is checked again below, as the path may have
  // changed in between; O_NONBLOCK keeps that open from waiting on a FIFO.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return not_regular(path, type_of(st.st_mode));
  Fd fd{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (fd.fd < 0) return sys_error(path, "cannot open");
  if (::fstat(fd.fd, &st) != 0) return sys_error(path, "cannot stat");
  if (!S_ISREG(st.st_mode)) return not_regular(path, type_of(st.st_mode));
  if (!head && st.st_size > 0 && static_cast<uint64_t>(st.st_size) > limit)
    return Error{too_large_message(limit), path};
  std::string out;
  if (st.st_size > 0)
    out.reserve(static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(st.st_size), limit)));
  char buf[65536];
  for (;;) {
    // Never more than one byte past the limit, even when the file grows while it is read.
    uint64_t room = limit - std::min<uint64_t>(limit, out.size()) + 1;
    ssize_t n = ::read(fd.fd, buf, static_cast<size_t>(std::min<uint64_t>(sizeof buf, room)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return sys_error(path, "cannot read");
    }
    if (n == 0) break;
    if (out.size() + static_cast<uint64_t>(n) > limit) {
      if (!head) return Error{too_large_message(limit), path};
      out.append(buf, static_cast<size_t>(limit - out.size()));
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<std::vector<DirEntry>> DiskFileSystem::list(const std::string& dir) const {
  std::unique_ptr<DIR, int (*)(DIR*)> holder(::opendir(dir.c_str()), ::closedir);
  DIR* d = holder.get();
  if (!d) return sys_error(dir, "cannot list directory");
  std::vector<DirEntry> out;
  errno = 0;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::move(name), false, false};
    unsigned char type = e->d_type;
    std::string full = join(dir, entry.name);
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::lstat(full.c_str(), &st) == 0)
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type == DT_DIR) {
      entry.is_dir = true;
    } else if (type == DT_LNK) {
      entry.is_symlink = true;
      struct stat st {};
      if (::stat(full.c_str(), &st) == 0) entry.is_dir = S_ISDIR(st.st_mode);
    }
    out.push_back(std::move(entry));
    errno = 0;
  }
  if (errno != 0) return sys_error(dir, "cannot list directory");
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

bool DiskFileSystem::is_dir(const std::string& path) const {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool DiskFileSystem::is_file(const std::string& path) const {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<FileStat> DiskFileSystem::stat(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{std::strerror(errno), path};
  return FileStat{type_of(st.st_mode),
                  FileId{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)},
                  st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0};
}

Result<std::string> DiskFileSystem::real_path(const std::string& path) const {
  char* r = ::realpath(path.c_str(), nullptr);
  if (!r) return Error{std::strerror(errno), path};
  std::string out = r;
  std::free(r);
  return out;
}

void MemoryFileSystem::add(const std::string& path, std::string content) {
  files_[normalize(path)] = std::move(content);
}

Result<std::string> MemoryFileSystem::read(const std::string& path) const {
  auto it = files_.find(normalize(path));
  if (it == files_.end()) {
    if (is_dir(path)) return not_regular(path, FileType::Directory);
    return Error{"cannot open: No such file or directory", path};
  }
  if (it->second.size() > max_file_size()) return Error{too_large_message(max_file_size()), path};
  return it->second;
}

Result<std::string> MemoryFileSystem::read_head(const std::string& path, size_t n) const {
  auto it = files_.find(normalize(path));
  if (it == files_.end()) {
    if (is_dir(path)) return not_regular(path, FileType::Directory);
    return Error{"cannot open: No such file or directory", path};
  }
  return it->second.substr(0, n);
}

Result<std::vector<DirEntry>> MemoryFileSystem::list(const std::string& dir) const {
  std::string prefix = normalize(dir);
  if (prefix == ".") prefix.clear();
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  std::vector<DirEntry> out;
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    const std::string& p = it->first;
    if (p.compare(0, prefix.size(), prefix) != 0) break;
    std::string rest = p.substr(prefix.size());
    auto slash = rest.find('/');
    DirEntry e{slash == std::string::npos ? rest : rest.substr(0, slash), slash != std::string::npos};
    if (out.empty() || out.back().name != e.name) out.push_back(std::move(e));
  }
  if (out.empty() && !is_dir(dir)) return Error{"cannot list directory: No such file or directory", dir};
  std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const DirEntry& a, const DirEntry& b) { return a.name == b.name; }),
            out.end());
  return out;
}

bool MemoryFileSystem::is_dir(const std::string& path) const {
  std::string prefix = normalize(path);
  if (prefix == ".") return !files_.empty();
  prefix += '/';
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

bool MemoryFileSystem::is_file(const std::string& path) const {
  return files_.count(normalize(path)) > 0;
}

Result<FileStat> MemoryFileSystem::stat(const std::string& path) const {
  std::string n = normalize(path);
  auto it = files_.find(n);
  if (it != files_.end())
    return FileStat{FileType::Regular, FileId{0, std::hash<std::string>{}("f:" + n)}, it->second.size()};
  if (is_dir(n)) return FileStat{FileType::Directory, FileId{0, std::hash<std::string>{}("d:" + n)}, 0};
  return Error{"No such file or directory", path};
}

Result<std::string> MemoryFileSystem::real_path(const std::string& path) const {
  auto st = stat(path);
  if (!st) return st.error();
  std::string n = normalize(path);
  return n[0] == '/' ? n : "/" + (n == "." ? std::string() : n);
}

const FileSystem& disk() {
  static const DiskFileSystem fs;
  return fs;
}

std::string normalize(const std::string& p) {
  if (p.empty()) return ".";
  bool abs = p[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string part = p.substr(i, j - i);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!abs) {
        parts.push_back(part);
      }
    } else {
      parts.push_back(std::move(part));
    }
    i = j + 1;
  }
  std::string out = abs ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

std::string join(const std::string& a, const std::string& b) {
  if (b.empty()) return normalize(a);
  if (b[0] == '/' || a.empty() || a == ".") return normalize(b);
  return normalize(a + "/" + b);
}

std::string dirname(const std::string& p) {
  std::string n = normalize(p);
  auto slash = n.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return n.substr(0, slash);
}

std::string basename(const std::string& p) {
  std::string n = normalize(p);
  auto slash = n.rfind('/');
  return slash == std::string::npos ? n : n.substr(slash + 1);
}

bool within(const std::string& p, const std::string& base) {
  std::string np = normalize(p), nb = normalize(base);
  if (nb == "/") return np[0] == '/';
  if (np == nb) return true;
  return np.size() > nb.size() && np.compare(0, nb.size(), nb) == 0 && np[nb.size()] == '/';
}

std::optional<uint64_t> parse_size(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t v = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    v = v * 10 + static_cast<uint64_t>(text[i] - '0');
    if (v > (uint64_t{1} << 50)) return std::nullopt;
  }
  if (i == 0) return std::nullopt;
  unsigned shift = 0;
  if (i < text.size()) {
    switch (text[i]) {
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      default:
        return std::nullopt;
    }
    if (++i != text.size()) return std::nullopt;
  }
  if (v == 0 || v > ((uint64_t{1} << 50) >> shift)) return std::nullopt;
  return v << shift;
}

std::string BinaryContent::message() const {
  if (nul) return "binary file (NUL byte at offset " + std::to_string(offset) + "), not scanned";
  return "binary file or not UTF-8 text (invalid byte at offset " + std::to_string(offset) + "), not scanned";
}

std::optional<BinaryContent> find_binary(std::string_view s) {
  unsigned line = 1;
  size_t line_start = 0;
  auto at = [&](size_t i, bool nul) {
    return BinaryContent{i, nul, line, static_cast<unsigned>(i - line_start + 1)};
  };
  // A NUL byte anywhere says binary (what it is, more than the first odd byte would say).
  if (size_t z = s.find('\0'); z != std::string_view::npos) {
    size_t nl = s.rfind('\n', z);
    return BinaryContent{z, true, static_cast<unsigned>(std::count(s.begin(), s.begin() + z, '\n') + 1),
                         static_cast<unsigned>(nl == std::string_view::npos ? z + 1 : z - nl)};
  }
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    if (c < 0x80) {
      if (c == '\n') {
        ++line;
        line_start = i + 1;
      }
      ++i;
      continue;
    }
    // Lead byte: the sequence length and the smallest code point it may encode (no overlong forms).
    size_t len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return at(i, false);
    }
    if (i + len > n) return at(i, false);
    for (size_t k = 1; k < len; ++k) {
      if ((u[i + k] & 0xC0) != 0x80) return at(i, false);
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return at(i, false);
    i += len;
  }
  return std::nullopt;
}

std::string relative(const std::string& p, const std::string& base) {
  std::string np = normalize(p), nb = normalize(base);
  if (nb == ".") return np;
  if (np == nb) return ".";
  if (np.size() > nb.size() && np.compare(0, nb.size(), nb) == 0 && (np[nb.size()] == '/' || nb == "/"))
    return np.substr(nb == "/" ? 1 : nb.size() + 1);
  return np;
}

}  // namespace cs::io
