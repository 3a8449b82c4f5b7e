#include <unistd.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include "cli/cli.h"
#include "io/write.h"

int main(int argc, char** argv) {
  // A closed pipe on stdout is an error we report (EPIPE), not a silent death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  // Standard output through a buffer that remembers the first failed write: a full disk or a reader
  // that went away loses the report, and that must not look like success.
  cs::io::FdStreamBuf out_buf(STDOUT_FILENO);
  std::ostream out(&out_buf);
  int rc = cs::cli::run(args, out, std::cerr);
  out.flush();
  if (int e = out_buf.error()) {
    std::cerr << "cloudsift: cannot write to standard output: " << std::strerror(e) << "\n";
    return 2;
  }
  return rc;
}
