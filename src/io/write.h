// Writing files and streams so that nothing is lost and nothing is written through a planted link.
#pragma once

#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "base/result.h"

namespace cs::io {

// A buffered output stream buffer over a file descriptor that remembers the first write error
// (errno): a full disk or a closed pipe is reported, never lost. It does not own the descriptor.
class FdStreamBuf final : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd, size_t buffer_size = 1 << 16);
  ~FdStreamBuf() override;
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;

  // 0 while every write succeeded, else the errno of the first failure.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override;
  int sync() override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool flush_buffer();
  bool write_all(const char* p, size_t n);
  int fd_;
  std::string buf_;
  int error_ = 0;
};

// Writes a file as a whole or not at all. The content goes to a new temporary file in the target's
// directory (created with O_CREAT|O_EXCL|O_NOFOLLOW under an unpredictable name, so a planted file or
// link of any name cannot redirect it), is fsync'd, and is renamed over the target: a reader never
// sees half a file, and a symbolic link at the target is replaced, never followed. An existing
// regular target keeps its permission bits.
//
// Targets that are streams are written in place instead, as a shell redirection would: a character
// device or a FIFO (opened without blocking, so a FIFO nobody reads is an error, not a hang), and any
// path under /dev/ or /proc/ (/dev/stdout, /dev/null, /dev/fd/N), which no one but root can plant.
//
// `fill` writes the content to the stream it is given (so a large report need not be held in memory
// as one string). The error names the path and the cause ("cannot write out.sarif: No space left on
// device").
Result<void> write_atomic(const std::string& path, const std::function<void(std::ostream&)>& fill);
Result<void> write_atomic(const std::string& path, std::string_view content);

}  // namespace cs::io
