// Oracle helper: resolve credentials from the real environment and files (no network: no HTTP or
// STS client) and print "<method>\\t<access key id or ->\\t<region or ->\\t<profile>", or "ERROR <message>".
// Usage: cs_creds_resolve [--profile NAME]
#include <cstdio>
#include <cstring>
#include <string>

#include "aws/creds/chain.h"

using namespace cs::aws::creds;

int main(int argc, char** argv) {
  ResolveOptions opts;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
      opts.profile = argv[++i];
    else if (std::strcmp(argv[i], "--region") == 0 && i + 1 < argc)
      opts.region = argv[++i];
  }
  SystemTimeSource clock;
  PosixProcessRunner runner;
  ResolverDeps deps;
  deps.env = Environment::from_process_environment();
  deps.fs = &cs::io::disk();
  deps.clock = &clock;
  deps.process = &runner;
  auto r = resolve_credentials(opts, deps);
  if (!r) {
    std::printf("ERROR %s\n", r.error().to_string().c_str());
    return 0;
  }
  std::string akid = "-";
  // Network-backed providers resolve lazily; only fetch for the local ones.
  if (r->method == "env" || r->method == "shared-credentials-file" || r->method == "config-file" ||
      r->method == "custom-process") {
    auto c = r->provider->get();
    akid = c ? c->access_key_id : "ERROR";
  }
  std::printf("%s\t%s\t%s\t%s\n", r->method.c_str(), akid.c_str(),
              r->region.empty() ? "-" : r->region.c_str(), r->profile.c_str());
  return 0;
}
