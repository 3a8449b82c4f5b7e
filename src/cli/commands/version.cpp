// cloudsift version (also: cloudsift --version)
#include "cli/commands/commands.h"

#ifndef CLOUDSIFT_VERSION
#define CLOUDSIFT_VERSION "0.0.0"
#endif

namespace cs::cli {

int cmd_version(const std::vector<std::string>& args, Io& io) {
  static const Command cmd{
      .name = "version",
      .usage = "cloudsift version",
      .about = "Prints \"cloudsift VERSION\" (the same as cloudsift --version).",
      .examples = "cloudsift version",
  };
  Options o;
  if (int rc = parse(cmd, args, o, io); rc >= 0) return rc;
  io.out << "cloudsift " << CLOUDSIFT_VERSION << "\n";
  return kExitClean;
}

}  // namespace cs::cli
