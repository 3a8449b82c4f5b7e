#include "io/confine.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>

namespace cs::io {

namespace {

constexpr int kMaxSymlinks = 40;  // the kernel's limit (ELOOP)

void split_into(const std::string& p, std::deque<std::string>& out, bool front) {
  std::vector<std::string> parts;
  size_t st = 0;
  for (size_t i = 0; i <= p.size(); ++i)
    if (i == p.size() || p[i] == '/') {
      if (i > st) parts.push_back(p.substr(st, i - st));
      st = i + 1;
    }
  if (front)
    out.insert(out.begin(), parts.begin(), parts.end());
  else
    out.insert(out.end(), parts.begin(), parts.end());
}

std::string current_dir() {
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) return "/";
  return buf;
}

std::string real_path(const std::string& p) {
  char buf[PATH_MAX];
  if (!::realpath(p.c_str(), buf)) return "";
  return buf;
}

std::string size_text(uint64_t n) {
  if (n >= (1ull << 20) && n % (1ull << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

}  // namespace

bool path_within(const std::string& path, const std::string& root) {
  if (root == "/") return !path.empty() && path[0] == '/';
  if (path.size() < root.size() || path.compare(0, root.size(), root) != 0) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

Confinement::Confinement(std::vector<std::string> real_roots, uint64_t max_file_size)
    : roots_(std::move(real_roots)), max_file_size_(max_file_size), confined_(true) {
  std::sort(roots_.begin(), roots_.end());
  roots_.erase(std::unique(roots_.begin(), roots_.end()), roots_.end());
}

Confinement Confinement::for_scan(const std::vector<std::string>& paths, uint64_t max_file_size,
                                  const std::string& home) {
  std::vector<std::string> roots;
  std::string real_home = home.empty() ? "" : real_path(home);
  for (const auto& p : paths) {
    std::string real = real_path(p.empty() ? "." : p);
    if (real.empty()) continue;
    struct stat st;
    if (::stat(real.c_str(), &st) != 0) continue;
    if (!S_ISDIR(st.st_mode)) {
      size_t s = real.rfind('/');
      real = s == 0 ? "/" : real.substr(0, s);
    }
    roots.push_back(real);
    std::string g = git_root(real);
    // A repository at / would widen the tree to the whole disk: the scanned path alone is the tree then.
    if (!g.empty() && g != "/" && g != real_home) roots.push_back(g);
  }
  return Confinement(std::move(roots), max_file_size);
}

std::string git_root(const std::string& real_dir) {
  std::string d = real_dir;
  while (!d.empty()) {
    struct stat st;
    std::string probe = (d == "/" ? "" : d) + "/.git";
    if (::lstat(probe.c_str(), &st) == 0) return d;
    if (d == "/") break;
    size_t s = d.rfind('/');
    d = s == 0 ? "/" : d.substr(0, s);
  }
  return "";
}

bool Confinement::contains(const std::string& real_path) const {
  if (real_path.empty() || real_path[0] != '/') return false;
  for (const char* k : {"/proc", "/sys", "/dev"})
    if (path_within(real_path, k)) return false;
  if (!confined_) return true;
  for (const auto& r : roots_)
    if (path_within(real_path, r)) return true;
  return false;
}

Confinement::Resolved Confinement::resolve(const std::string& path) const {
  Resolved out;
  if (path.empty()) {
    out.refusal = Refusal::Missing;
    out.reason = "is an empty path";
    return out;
  }
  std::deque<std::string> todo;
  split_into(path[0] == '/' ? path : current_dir() + "/" + path, todo, false);
  std::string cur;  // "" is "/"
  int links = 0;
  bool missing = false, unreadable = false;
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == ".") continue;
    if (c == "..") {
      size_t s = cur.rfind('/');
      cur = s == std::string::npos ? "" : cur.substr(0, s);
      continue;
    }
    std::string next = cur + "/" + c;
    if (missing) {  // below something that does not exist: lexical only, nothing more to look at
      cur = std::move(next);
      continue;
    }
    struct stat st;
    if (::lstat(next.c_str(), &st) != 0) {
      if (errno != ENOENT && errno != ENOTDIR) unreadable = true;
      missing = true;
      cur = std::move(next);
      continue;
    }
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxSymlinks) {
        out.refusal = Refusal::NotRegular;
        out.real_path = next;
        out.reason = "has too many levels of symbolic links";
        return out;
      }
      char buf[PATH_MAX];
      ssize_t n = ::readlink(next.c_str(), buf, sizeof buf - 1);
      if (n <= 0) {
        unreadable = true;
        missing = true;
        cur = std::move(next);
        continue;
      }
      std::string target(buf, static_cast<size_t>(n));
      if (target[0] == '/') cur.clear();
      split_into(target, todo, true);
      continue;
    }
    if (!todo.empty() && !S_ISDIR(st.st_mode)) missing = true;  // ENOTDIR for what follows
    cur = std::move(next);
  }
  if (cur.empty()) cur = "/";
  out.real_path = cur;
  if (!contains(cur)) {
    out.refusal = Refusal::Outside;
    out.reason = "reads outside the scanned tree";
    return out;
  }
  if (missing) {
    out.refusal = unreadable ? Refusal::Unreadable : Refusal::Missing;
    out.reason = unreadable ? "cannot be read (permission denied)" : "does not exist";
    return out;
  }
  struct stat st;
  if (::stat(cur.c_str(), &st) != 0) {
    out.refusal = Refusal::Missing;
    out.reason = "does not exist";
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.is_dir = true;
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.refusal = Refusal::NotRegular;
    out.reason = "is not a regular file (a device, FIFO or socket)";
    return out;
  }
  out.size = static_cast<uint64_t>(st.st_size);
  if (out.size > max_file_size_) {
    out.refusal = Refusal::TooLarge;
    out.reason = "is larger than the file size limit (" + size_text(max_file_size_) + ")";
  }
  return out;
}

Result<std::string> Confinement::read(const std::string& path) const {
  Resolved r = resolve(path);
  if (r.refusal != Refusal::None) return Error{r.reason, path};
  if (r.is_dir) return Error{"is a directory", path};
  int fd = ::open(r.real_path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Error{std::string("cannot be read: ") + std::strerror(errno), path};
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"is not a regular file (a device, FIFO or socket)", path};
  }
  if (static_cast<uint64_t>(st.st_size) > max_file_size_) {
    ::close(fd);
    return Error{"is larger than the file size limit (" + size_text(max_file_size_) + ")", path};
  }
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return Error{std::string("cannot be read: ") + std::strerror(e), path};
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_file_size_) {  // grew while being read
      ::close(fd);
      return Error{"is larger than the file size limit (" + size_text(max_file_size_) + ")", path};
    }
  }
  ::close(fd);
  return out;
}

}  // namespace cs::io
