// --download-external-modules: fetches the Terraform modules whose source is not on disk, as `terraform init`
// would, into a cache directory (--external-modules-dir, default .cloudsift/modules under the scanned
// directory), and gives the Terraform source their directories (tf::ScanOptions::fetch_module). Only the CLI
// talks to the outside world (DESIGN.md §2): the source calls this through a callback.
//
// Sources: the Terraform registry protocol ([host/]namespace/name/provider: service discovery, versions,
// download with X-Terraform-Get), git (git::URL, github.com/org/repo, git@host:path; ?ref= and //subdir; the
// git command does the work, as for terraform), and HTTP(S) archives (.zip, .tar.gz, .tgz, .tar.bz2, .tar.xz,
// ?archive=). Plain http:// only for loopback hosts (127.0.0.0/8, ::1, localhost: the tests' fake registry).
// The cache is keyed by source and resolved version; an entry is written into a temporary directory and
// renamed into place, so a second scan fetches nothing and a killed one leaves no half entry.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "sources/terraform/options.h"

namespace cs::aws::http {
class HttpClient;
}

namespace cs::cli {

struct ModuleFetchOptions {
  std::string cache_dir;
  int max_nesting = 8;  // X-Terraform-Get / redirect hops for one module
  std::uint64_t max_download_bytes = std::uint64_t{256} << 20;
  std::uint64_t max_extracted_bytes = std::uint64_t{1} << 30;
  long max_archive_entries = 100000;
  int command_timeout_seconds = 600;  // one git command
  // TF_TOKEN_<host> values (as terraform reads them), keyed by the variable name.
  std::map<std::string, std::string> tokens;
};

class ModuleFetcher {
 public:
  explicit ModuleFetcher(ModuleFetchOptions opts);
  ~ModuleFetcher();
  ModuleFetcher(const ModuleFetcher&) = delete;
  ModuleFetcher& operator=(const ModuleFetcher&) = delete;

  // Thread-safe; one fetch per (source, version) per scan, later calls get the same answer.
  tf::FetchedModule fetch(const std::string& source, const std::string& version);

  size_t downloaded() const { return downloaded_; }  // cache entries written by this run

 private:
  tf::FetchedModule fetch_locked(const std::string& source, const std::string& version);
  tf::FetchedModule fetch_checked(const std::string& source, const std::string& version);
  struct Impl;
  ModuleFetchOptions opts_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, tf::FetchedModule> memo_;
  std::map<std::string, std::string> modules_base_;  // registry host -> its modules.v1 URL (this scan)
  std::unique_ptr<aws::http::HttpClient> http_;
  size_t downloaded_ = 0;
  friend struct Impl;
};

// Module source text with credentials hidden: user:password@ in URLs and sensitive query parameters.
std::string redact_source(const std::string& s);
// The environment variable terraform reads a registry host's token from: TF_TOKEN_ + the host with "." as
// "_" and "-" as "__" (registry.example-corp.com -> TF_TOKEN_registry_example__corp_com).
std::string token_variable(const std::string& host);

}  // namespace cs::cli
