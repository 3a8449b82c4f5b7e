#include "io/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cs::io {

namespace {
Error sys_error(const std::string& path, const char* what) {
  return Error{std::string(what) + ": " + std::strerror(errno), path};
}
}  // namespace

Result<std::string> DiskFileSystem::read(const std::string& path) const {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sys_error(path, "cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error e = sys_error(path, "cannot stat");
    ::close(fd);
    return e;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{"is a directory", path};
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = sys_error(path, "cannot read");
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Result<std::vector<DirEntry>> DiskFileSystem::list(const std::string& dir) const {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return sys_error(dir, "cannot list directory");
  std::vector<DirEntry> out;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    bool is_dir = false;
    if (e->d_type == DT_DIR) {
      is_dir = true;
    } else if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
      struct stat st {};
      if (::stat(join(dir, name).c_str(), &st) == 0) is_dir = S_ISDIR(st.st_mode);
    }
    out.push_back({std::move(name), is_dir});
  }
  ::closedir(d);
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

void MemoryFileSystem::add(const std::string& path, std::string content) {
  files_[normalize(path)] = std::move(content);
}

Result<std::string> MemoryFileSystem::read(const std::string& path) const {
  auto it = files_.find(normalize(path));
  if (it == files_.end()) return Error{"cannot open: No such file or directory", path};
  return it->second;
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
  out.erase(std::unique(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name == b.name; }),
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

bool MemoryFileSystem::is_file(const std::string& path) const { return files_.count(normalize(path)) > 0; }

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

std::string relative(const std::string& p, const std::string& base) {
  std::string np = normalize(p), nb = normalize(base);
  if (nb == ".") return np;
  if (np == nb) return ".";
  if (np.size() > nb.size() && np.compare(0, nb.size(), nb) == 0 && (np[nb.size()] == '/' || nb == "/"))
    return np.substr(nb == "/" ? 1 : nb.size() + 1);
  return np;
}

}  // namespace cs::io
