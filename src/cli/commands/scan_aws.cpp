// cloudsift scan aws
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/commands/commands.h"
#include "cli/config.h"
#include "cli/flags.h"
#include "cli/gate.h"
#include "report/escape.h"

#ifndef CLOUDSIFT_VERSION
#define CLOUDSIFT_VERSION "0.0.0"
#endif

namespace cs::cli {

namespace {

using report::esc;

// The progress line: on a terminal only, redrawn in place on stderr.
class ProgressLine {
 public:
  ProgressLine(const live::Progress& p, std::ostream& err, bool on) : p_(p), err_(err), on_(on) {
    if (on_) thread_ = std::thread([this] { loop(); });
  }
  ~ProgressLine() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lk(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    err_ << "\r\033[K" << std::flush;
  }

 private:
  void loop() {
    auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lk(mu_);
    while (!cv_.wait_for(lk, std::chrono::milliseconds(200), [&] { return done_; })) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const aws::api::ClientStats* st = p_.client.load();
      uint64_t reqs = st ? st->requests.load() : 0, errors = st ? st->failures.load() : 0;
      char buf[256];
      std::snprintf(
          buf, sizeof buf,
          "accounts %zu/%zu  regions %zu/%zu  functions %zu  findings %zu  gaps %zu  errors %llu  %.0f req/s",
          p_.accounts_done.load(), p_.accounts_total.load(), p_.regions_done.load(), p_.regions_total.load(),
          p_.functions.load(), p_.findings.load(), p_.gaps.load(), static_cast<unsigned long long>(errors),
          secs > 0 ? reqs / secs : 0.0);
      err_ << "\r\033[K" << buf << std::flush;
    }
  }
  const live::Progress& p_;
  std::ostream& err_;
  bool on_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

bool is_account_id(const std::string& v) {
  return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

int cmd_scan_aws(const std::vector<std::string>& cli_args, Io& io) {
  const Command& cmd = scan_aws_command();
#ifdef __GLIBC__
  // One malloc arena: the functions are allocated on the transport's thread and freed on this one while
  // the results are built, and with per-thread arenas that memory could not be reused (peak RSS 182 MB
  // instead of 131 MB on the 81,600-function benchmark). The transport thread allocates little.
  mallopt(M_ARENA_MAX, 1);
#endif
  for (const auto& a : cli_args)
    if (a == "-h" || a == "--help") {
      io.out << help_text(cmd);
      return kExitClean;
    }
  // .cloudsift.yaml applies as to scan, searched from the working directory.
  auto merged = merge_config(io::disk(), cli_args, cmd);
  if (!merged) return usage_error(io, merged.error().to_string(), cmd);
  report_config(*merged, io);
  Options o;
  engine::AwsScanRequest& req = o.aws;
  if (int rc = parse(cmd, merged->args, o, io); rc >= 0) return rc;
  for (const auto* list : {&req.live.accounts, &req.live.exclude_accounts})
    for (const auto& id : *list)
      if (!is_account_id(id)) return usage_error(io, "\"" + id + "\" is not a 12-digit AWS account id", cmd);
  if (req.live.external_id.size() && !req.live.org && req.live.accounts.empty())
    return usage_error(
        io, "--external-id is used only with --org or --accounts (AssumeRole into other accounts)", cmd);
  if (std::string err = resolve_outputs(o.outputs, o.output); !err.empty()) return usage_error(io, err, cmd);
  req.checks = o.checks;
  req.skip_checks = o.skip_checks;
  req.baseline = baseline_to_apply(o);

  {
    std::error_code ec;
    req.cwd = std::filesystem::current_path(ec).string();
  }
  req.env = aws::creds::Environment::from_process_environment();
  req.user_agent = std::string("cloudsift/") + CLOUDSIFT_VERSION;
  std::mutex debug_mu;
  if (o.debug) {
    req.debug = [&io, &debug_mu](std::string_view line) {
      std::lock_guard<std::mutex> lk(debug_mu);
      io.err << "[debug] " << esc(line) << "\n";
    };
  }
  live::Progress progress;
  req.progress = &progress;
  bool tty = isatty(STDERR_FILENO) && &io.err == &std::cerr;
  ProgressLine line(progress, io.err, tty && !o.quiet && !o.debug);
  auto rep = engine::scan_aws(req, io::disk());
  line.stop();
  if (!rep) {
    io.err << "cloudsift: " << esc(rep.error().to_string()) << "\n";
    return kExitUsage;
  }

  if (int rc = write_reports(o, *rep, io); rc >= 0) return rc;
  if (rep->coverage && !rep->coverage->complete()) {
    if (!o.quiet)
      io.err << "cloudsift: the scan is incomplete: " << rep->coverage->gaps.size()
             << (rep->coverage->gaps.size() == 1 ? " gap" : " gaps") << " in coverage"
             << (o.allow_partial ? " (--allow-partial: not failing for it)" : "") << "\n";
    if (!o.allow_partial) return kExitIncomplete;
  }
  return findings_exit(o, *rep);
}

}  // namespace cs::cli
