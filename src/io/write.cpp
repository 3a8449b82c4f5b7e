#include "io/write.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>

#include "io/fs.h"

namespace cs::io {

FdStreamBuf::FdStreamBuf(int fd, size_t buffer_size) : fd_(fd) {
  buf_.reserve(buffer_size ? buffer_size : 1);
}

FdStreamBuf::~FdStreamBuf() {
  flush_buffer();
}

bool FdStreamBuf::write_all(const char* p, size_t n) {
  if (error_) return false;
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {  // a non-blocking pipe that is full: wait for room
        struct pollfd pfd {
          fd_, POLLOUT, 0
        };
        if (::poll(&pfd, 1, -1) >= 0 || errno == EINTR) continue;
      }
      error_ = errno;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool FdStreamBuf::flush_buffer() {
  if (buf_.empty()) return !error_;
  bool ok = write_all(buf_.data(), buf_.size());
  buf_.clear();
  return ok;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type ch) {
  if (error_) return traits_type::eof();
  if (traits_type::eq_int_type(ch, traits_type::eof())) return flush_buffer() ? 0 : traits_type::eof();
  buf_.push_back(traits_type::to_char_type(ch));
  if (buf_.size() >= buf_.capacity() && !flush_buffer()) return traits_type::eof();
  return ch;
}

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  if (error_) return 0;
  size_t len = static_cast<size_t>(n);
  if (buf_.size() + len <= buf_.capacity()) {
    buf_.append(s, len);
    return n;
  }
  if (!flush_buffer()) return 0;
  if (len >= buf_.capacity()) return write_all(s, len) ? n : 0;
  buf_.append(s, len);
  return n;
}

int FdStreamBuf::sync() {
  return flush_buffer() ? 0 : -1;
}

namespace {

Error write_error(const std::string& path, int err) {
  return Error{"cannot write " + path + ": " + std::strerror(err)};
}

// Renders into fd; the errno of the first failure, or 0.
int fill_fd(int fd, const std::function<void(std::ostream&)>& fill) {
  FdStreamBuf buf(fd, 1 << 20);
  std::ostream os(&buf);
  try {
    fill(os);
  } catch (const std::bad_alloc&) {
    return ENOMEM;
  } catch (...) {
    return EIO;
  }
  os.flush();
  if (buf.error()) return buf.error();
  return os ? 0 : EIO;
}

// /dev/stdout, /dev/fd/N, /proc/self/fd/N: names only root can plant. A world-writable directory
// under /dev (/dev/shm, /dev/mqueue) is anyone's, so what is in it gets the atomic write.
bool is_stream_path(const std::string& path) {
  if (path.rfind("/dev/", 0) != 0 && path.rfind("/proc/", 0) != 0) return false;
  struct stat dir {};
  return ::stat(dirname(path).c_str(), &dir) == 0 && !(dir.st_mode & S_IWOTH);
}

// A character device, FIFO or /dev, /proc path: written where it is, never replaced.
Result<void> write_in_place(const std::string& path, const std::function<void(std::ostream&)>& fill) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int e = errno;
    if (e == ENXIO) return Error{"cannot write " + path + ": no process is reading the FIFO"};
    return write_error(path, e);
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  int e = fill_fd(fd, fill);
  if (::close(fd) != 0 && !e && errno != EINTR) e = errno;
  if (e) return write_error(path, e);
  return {};
}

// A name no one can guess: ".<base>.tmp-<16 random letters>".
std::string temp_name(const std::string& base) {
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char rnd[16];
  size_t got = 0;
  while (got < sizeof rnd) {
    ssize_t n = ::getrandom(rnd + got, sizeof rnd - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += static_cast<size_t>(n);
  }
  if (got < sizeof rnd) {  // no getrandom: still unique per process and attempt, and O_EXCL keeps it safe
    static unsigned counter = 0;
    uint64_t seed = static_cast<uint64_t>(::getpid()) * 2654435761u ^ reinterpret_cast<uintptr_t>(&base) ^
                    (static_cast<uint64_t>(++counter) << 32);
    for (auto& b : rnd) b = static_cast<unsigned char>(seed >>= 3), seed *= 6364136223846793005ull;
  }
  // Keep the whole name under NAME_MAX (255).
  std::string out = "." + base.substr(0, 200) + ".tmp-";
  for (unsigned char b : rnd) out += alphabet[b % 62];
  return out;
}

}  // namespace

Result<void> write_atomic(const std::string& path, const std::function<void(std::ostream&)>& fill) {
  if (path.empty()) return Error{"cannot write: empty file name"};
  if (is_stream_path(path)) return write_in_place(path, fill);
  struct stat st {};
  bool exists = ::lstat(path.c_str(), &st) == 0;
  if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)))
    return write_in_place(path, fill);
  if (exists && S_ISDIR(st.st_mode)) return write_error(path, EISDIR);
  if (!path.empty() && path.back() == '/') return write_error(path, EISDIR);

  std::string dir = dirname(path), base = basename(path);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return write_error(path, errno);
  // The target's own mode when it is a regular file (a link is not followed to read its target's).
  struct stat target {};
  bool keep_mode = ::fstatat(dfd, base.c_str(), &target, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(target.st_mode);

  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = temp_name(base);
    fd = ::openat(dfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    int e = errno;
    ::close(dfd);
    return write_error(path, e);
  }
  if (keep_mode) ::fchmod(fd, target.st_mode & 0777);
  int e = fill_fd(fd, fill);
  if (!e && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) e = errno;
  if (::close(fd) != 0 && !e && errno != EINTR) e = errno;
  if (!e && ::renameat(dfd, tmp.c_str(), dfd, base.c_str()) != 0) e = errno;
  if (e) {
    ::unlinkat(dfd, tmp.c_str(), 0);
    ::close(dfd);
    return write_error(path, e);
  }
  ::fsync(dfd);  // the rename itself reaches the disk
  ::close(dfd);
  return {};
}

Result<void> write_atomic(const std::string& path, std::string_view content) {
  return write_atomic(path, [&](std::ostream& os) {
    os.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
}

}  // namespace cs::io
