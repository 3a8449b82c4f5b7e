#include "sources/terraform/directories.h"

#include <algorithm>
#include <atomic>
#include <new>
#include <stdexcept>
#include <thread>

#include "sources/terraform/config.h"

namespace cs::tf {

namespace {

const char* const kOutOfMemory = "ran out of memory reading, parsing or evaluating this input, not scanned";

template <typename F>
void parallel_for(size_t n, unsigned threads, F fn) {
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  unsigned k = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < k; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace

ScanOutput scan_directories(const io::FileSystem& fs,
                            const std::map<std::string, std::vector<std::string>>& dirs,
                            const std::set<std::string>& only_files, bool whole_dirs,
                            const ScanOptions& opts) {
  ScanOutput out;
  // 1. Parse every file, in parallel.
  std::vector<std::pair<std::string, std::string>> jobs;  // dir, file
  for (const auto& [dir, files] : dirs)
    for (const auto& f : files) jobs.emplace_back(dir, f);
  std::vector<std::unique_ptr<hcl::File>> parsed(jobs.size());
  std::vector<Diagnostics> read_errors(jobs.size());
  parallel_for(jobs.size(), opts.threads, [&](size_t i) {
    // Allocation failure while one file is read or parsed ends that file with an error.
    auto oom = [&]() {
      parsed[i].reset();
      read_errors[i].clear();
      read_errors[i].push_back(Diagnostic{Severity::Error, jobs[i].second, 0, 0, kOutOfMemory});
    };
    try {
      auto content = fs.read(jobs[i].second);
      if (!content) {
        read_errors[i].push_back(Diagnostic{Severity::Error, jobs[i].second, 0, 0, content.error().message});
        return;
      }
      parsed[i] = parse_file(jobs[i].second, std::move(*content));
    } catch (const std::bad_alloc&) {
      oom();
    } catch (const std::length_error&) {
      oom();
    }
  });

  std::map<std::string, std::vector<std::unique_ptr<hcl::File>>> by_dir;
  for (size_t i = 0; i < jobs.size(); ++i) {
    for (auto& d : read_errors[i]) out.diags.push_back(std::move(d));
    if (parsed[i]) by_dir[jobs[i].first].push_back(std::move(parsed[i]));
  }
  // 2. One module per directory.
  std::map<std::string, std::vector<std::string>> named_in;  // dir -> the files named in it
  for (const auto& f : only_files) named_in[io::dirname(f)].push_back(f);
  std::map<std::string, std::unique_ptr<ModuleConfig>> modules;
  for (auto& [dir, files] : by_dir) {
    auto m = build_module(dir, std::move(files));
    // A file named on the command line whose directory is not one valid module (files that declare
    // the same things, as in a folder of unrelated examples) is scanned on its own, and we say so.
    if (!whole_dirs && !only_files.empty()) {
      if (m->has_duplicates) {
        // The named files as parsed above (each file is parsed once per scan).
        const std::vector<std::string>& named = named_in[dir];  // sorted: from a set
        std::vector<std::unique_ptr<hcl::File>> mine;
        for (auto& f : m->files)
          if (std::binary_search(named.begin(), named.end(), f->path)) mine.push_back(std::move(f));
        m = build_module(dir, std::move(mine));
        out.diags.push_back(Diagnostic{Severity::Warning, dir, 0, 0,
                                       "the files of this directory declare the same blocks more than once, "
                                       "so it is not one Terraform module; the named files were scanned on "
                                       "their own"});
      }
    }
    modules[dir] = std::move(m);
  }

  // 3. Evaluate into the model.
  ScanOutput evaluated = scan_modules(fs, std::move(modules), only_files, opts);
  for (auto& d : evaluated.diags) out.diags.push_back(std::move(d));
  out.model = std::move(evaluated.model);
  out.files = evaluated.files;
  out.bytes = evaluated.bytes;
  return out;
}

}  // namespace cs::tf
