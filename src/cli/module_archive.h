// Extraction of a module archive (.zip, .tar.gz, .tgz, .tar.bz2, .tar.xz, .tar) with libarchive, refusing
// what a hostile archive could do: an entry's path escaping the target (absolute, "..", through a symlink
// it created), a symlink pointing outside it, hard links, devices and FIFOs, and more than the limits.
// Refusal is an error naming the entry; the caller removes the partly written target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace cs::cli {

struct ArchiveLimits {
  std::uint64_t max_bytes = std::uint64_t{1} << 30;  // total of the files written
  long max_entries = 100000;
};

// Writes the archive's files under `target` (created; must not exist).
Result<void> extract_archive(std::string_view data, const std::string& target, const ArchiveLimits& limits);

}  // namespace cs::cli
