#include "cli/module_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "io/fs.h"

namespace cs::cli {

namespace {

// "a/b/c" as components, or false when it is absolute or has a ".." component.
bool components(const std::string& path, std::vector<std::string>* out) {
  if (path.empty() || path[0] == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t i = path.find('/', start);
    if (i == std::string::npos) i = path.size();
    std::string c = path.substr(start, i - start);
    start = i + 1;
    if (c.empty() || c == ".") continue;
    if (c == "..") return false;
    out->push_back(c);
  }
  return true;
}

// Creates the directories of `parts` under `root` (not following symlinks); false when one exists as
// anything but a directory.
bool make_dirs(const std::string& root, const std::vector<std::string>& parts, size_t n) {
  std::string p = root;
  for (size_t i = 0; i < n; ++i) {
    p += "/" + parts[i];
    struct stat st;
    if (lstat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return false;  // a symlink (or file) in the way: never write through it
      continue;
    }
    if (mkdir(p.c_str(), 0755) != 0) return false;
  }
  return true;
}

}  // namespace

Result<void> extract_archive(std::string_view data, const std::string& target, const ArchiveLimits& limits) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK)
    return Error{std::string("not an archive cloudsift reads: ") + archive_error_string(a.get())};
  if (mkdir(target.c_str(), 0755) != 0) return Error{"cannot create " + target + ": " + std::strerror(errno)};
  std::uint64_t written = 0;
  long entries = 0;
  archive_entry* e = nullptr;
  while (true) {
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      return Error{std::string("damaged archive: ") + archive_error_string(a.get())};
    if (++entries > limits.max_entries)
      return Error{"more than " + std::to_string(limits.max_entries) + " entries: refused"};
    const char* raw = archive_entry_pathname(e);
    std::string name = raw ? raw : "";
    std::vector<std::string> parts;
    if (!components(name, &parts))
      return Error{"entry \"" + name + "\" would be written outside the module: refused"};
    if (parts.empty()) continue;
    if (archive_entry_hardlink(e)) return Error{"entry \"" + name + "\" is a hard link: refused"};
    mode_t type = archive_entry_filetype(e);
    std::string path = target;
    for (const auto& p : parts) path += "/" + p;
    if (type == AE_IFDIR) {
      if (!make_dirs(target, parts, parts.size()))
        return Error{"entry \"" + name + "\": cannot create the directory"};
      continue;
    }
    if (!make_dirs(target, parts, parts.size() - 1))
      return Error{"entry \"" + name + "\" would be written through a link or a file: refused"};
    if (type == AE_IFLNK) {
      // Only a relative link whose target stays inside the module.
      const char* t = archive_entry_symlink(e);
      std::string link = t ? t : "";
      std::vector<std::string> base(parts.begin(), parts.end() - 1), rel;
      std::string joined;
      for (const auto& b : base) joined += b + "/";
      joined += link;
      std::string n = io::normalize(joined);
      if (link.empty() || link[0] == '/' || n == ".." || n.rfind("../", 0) == 0)
        return Error{"entry \"" + name + "\" is a link to \"" + link + "\", outside the module: refused"};
      if (symlink(link.c_str(), path.c_str()) != 0)
        return Error{"entry \"" + name + "\": " + std::strerror(errno)};
      continue;
    }
    if (type != AE_IFREG)
      return Error{"entry \"" + name + "\" is not a regular file, directory or link: refused"};
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return Error{"entry \"" + name + "\": " + std::strerror(errno)};
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    Result<void> res;
    while (true) {
      int r = archive_read_data_block(a.get(), &buf, &size, &offset);
      if (r == ARCHIVE_EOF) break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
        res = Error{"entry \"" + name + "\": " + archive_error_string(a.get())};
        break;
      }
      written += size;
      if (written > limits.max_bytes) {
        res = Error{"more than " + std::to_string(limits.max_bytes) + " bytes once extracted: refused"};
        break;
      }
      if (pwrite(fd, buf, size, offset) != static_cast<ssize_t>(size)) {
        res = Error{"entry \"" + name + "\": " + std::strerror(errno)};
        break;
      }
    }
    close(fd);
    if (!res) return res;
  }
  return {};
}

}  // namespace cs::cli
