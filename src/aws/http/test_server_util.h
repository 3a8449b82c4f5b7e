// Test-only helper: starts src/aws/http/testdata/test_server.py on an ephemeral loopback port and stops it by
// its PID. Header-only so the library itself never contains it.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

extern char** environ;

namespace cs::aws::http::testing {

class TestServer {
 public:
  // extra_args e.g. {"--tls", cert, key}. ok() is false when the server did not start.
  explicit TestServer(std::vector<std::string> extra_args = {}) {
    std::string script = std::string(CS_SOURCE_DIR) + "/src/aws/http/testdata/test_server.py";
    std::vector<std::string> args = {"python3", script};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    if (posix_spawnp(&pid_, "python3", &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (pid_ > 0) {
      FILE* f = fdopen(fds[0], "r");
      char line[64] = {0};
      if (f && std::fgets(line, sizeof line, f)) std::sscanf(line, "PORT %d", &port_);
      if (f)
        std::fclose(f);
      else
        close(fds[0]);
    } else {
      close(fds[0]);
    }
  }
  ~TestServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int st = 0;
      waitpid(pid_, &st, 0);
    }
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return pid_ > 0 && port_ > 0; }
  int port() const { return port_; }
  std::string url(const std::string& path, const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace cs::aws::http::testing
