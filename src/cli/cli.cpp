#include "cli/cli.h"

#include <sstream>

#include "cli/command.h"
#include "cli/commands/commands.h"

namespace cs::cli {

namespace {

struct Entry {
  const char* name;
  const char* synopsis;  // for the main help
  const char* summary;
  int (*run)(const std::vector<std::string>&, Io&);
};

// Every command, in help order; `scan aws` is reached through scan.
const std::vector<Entry>& commands() {
  static const std::vector<Entry> list = {
      {"scan", "scan [PATH ...]", "scan IaC files and directories (default: .)", cmd_scan},
      {nullptr, "scan aws", "scan live AWS accounts and regions (see cloudsift scan aws --help)", nullptr},
      {"fix", "fix [PATH ...]",
       "fix what scan finds in the files that decide it (a diff; --write applies it)", cmd_fix},
      {"list-checks", "list-checks", "list every check: id, severity, title, aliases (--format json)",
       cmd_list_checks},
      {"explain", "explain CHECK", "why a check matters, what it costs to fix, and the fix", cmd_explain},
      {"config", "config dump", "print the effective configuration (.cloudsift.yaml, flags, defaults)",
       cmd_config},
      {"docs", "docs --output-dir DIR",
       "write DIR/<check>.md for every check from its metadata (docs/checks)", cmd_docs},
      {"version", "version", "print the version", cmd_version},
  };
  return list;
}

std::string main_help() {
  std::ostringstream os;
  os << "cloudsift finds, explains and fixes AWS misconfigurations in infrastructure-as-code.\n\n"
        "Usage: cloudsift <command> [options]\n\nCommands:\n";
  for (const Entry& e : commands()) {
    std::string s = e.synopsis;
    os << "  " << s << std::string(s.size() < 23 ? 23 - s.size() : 1, ' ') << e.summary << "\n";
  }
  os << "\nOptions:\n"
        "  --version              print the version\n"
        "  -h, --help             this help; `cloudsift COMMAND --help` for a command's own\n"
        "\nExamples:\n"
        "  cloudsift scan infra/\n"
        "  cloudsift scan . --format json --output results.json\n"
        "  cloudsift scan . --quiet --compact\n"
        "  cloudsift explain lambda_notracing\n"
        "\nExit codes: 0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed,\n"
        "3 a live scan (scan aws) with coverage gaps.\n";
  return os.str();
}

}  // namespace

int run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Io io{out, err};
  if (argv.empty() || argv[0] == "-h" || argv[0] == "--help" || argv[0] == "help") {
    out << main_help();
    return argv.empty() ? kExitUsage : kExitClean;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (argv[0] == "--version") return cmd_version(rest, io);
  for (const Entry& e : commands())
    if (e.name && argv[0] == e.name) return e.run(rest, io);
  return usage_error(io, "unknown command \"" + argv[0] + "\"", "cloudsift");
}

}  // namespace cs::cli
