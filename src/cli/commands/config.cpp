// cloudsift config dump [PATH] [scan flags]
#include "cli/config.h"
#include "cli/commands/commands.h"
#include "cli/flags.h"
#include "cli/gate.h"

namespace cs::cli {

namespace {

const Command& config_command() {
  static const Command cmd{
      .name = "config",
      .usage = "cloudsift config dump [PATH] [--config FILE] [scan flags]",
      .about =
          "Prints the effective configuration as YAML: the .cloudsift.yaml found in PATH's directory or a\n"
          "parent (or the file given with --config), with the flags given here applied on top. Keys not\n"
          "set are shown as comments with their defaults (\"# fail-on: \\\"LOW\\\"  # default\"), so the\n"
          "dump is itself a configuration that means the same. Keys are the flags of cloudsift scan and\n"
          "cloudsift scan aws without \"--\"; each command takes the keys it has, and an aws: mapping\n"
          "holds keys for scan aws alone (they replace the top level's there).",
      .flags = scan_command().flags,
      .positional = "PATH",
      .examples = "cloudsift config dump\ncloudsift config dump infra/ --fail-on HIGH",
  };
  return cmd;
}

}  // namespace

int cmd_config(const std::vector<std::string>& args, Io& io) {
  const Command& cmd = config_command();
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    io.out << help_text(cmd);
    return args.empty() ? kExitUsage : kExitClean;
  }
  if (args[0] != "dump") return usage_error(io, "unknown config command \"" + args[0] + "\"", cmd);
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& a : rest)
    if (a == "-h" || a == "--help") {
      io.out << help_text(cmd);
      return kExitClean;
    }
  Command dump = cmd;
  dump.name = "config dump";
  auto merged = merge_config(io::disk(), rest, dump);
  if (!merged) return usage_error(io, merged.error().to_string(), dump);
  report_config(*merged, io);
  Options o;  // the flags are checked as scan would check them
  if (int rc = parse(dump, merged->args, o, io); rc >= 0) return rc;
  io.out << dump_config(*merged);
  return kExitClean;
}

}  // namespace cs::cli
