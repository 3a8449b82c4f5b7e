// The command line's one description of every flag (DESIGN.md §2 "cli"). A flag is one `Flag` value:
// its name, kind, value name, help, .cloudsift.yaml key, default, and how it applies to the request.
// From those the parser (`parse`), each command's --help (`help_text`), the .cloudsift.yaml keys
// (cli/config.cpp) and `config dump` are all made, so a flag is written in exactly one place.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "checks/check.h"
#include "cli/live_wiring.h"
#include "engine/engine.h"
#include "io/fs.h"
#include "report/report.h"

namespace cs::cli {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncomplete = 3;

struct Io {
  std::ostream& out;
  std::ostream& err;
};

// One --format NAME[:FILE]; an empty file is standard output.
struct Output {
  std::string name;
  report::Format format = report::Format::Text;
  std::string file;
};

// Everything the flags of every command set. A flag's `apply` writes into it; the command then reads it.
struct Options {
  engine::ScanRequest scan;    // `scan`
  engine::AwsScanRequest aws;  // `scan aws`
  io::DiskFileSystem disk;     // every file `scan` reads goes through it, under --max-file-size
  // Both scans: check selection, outputs and the CI gate.
  std::vector<std::string> checks, skip_checks;
  std::vector<Output> outputs;
  std::string output, baseline, create_baseline;
  bool no_color = false, soft_fail = false, fail_on_unresolved = false;
  checks::Severity fail_on = checks::Severity::Low;
  bool quiet = false, compact = false;
  bool debug = false, allow_partial = false;  // `scan aws`
  bool download_external_modules = false;     // `scan`: fetch remote Terraform modules
  std::string external_modules_dir;           // their cache ("" = .cloudsift/modules in the first path)
  report::Format list_format = report::Format::Text;  // `list-checks --format`
  std::string output_dir;                             // `docs --output-dir`
  bool fix_write = false;                             // `fix --write`
  std::string fix_format = "diff", fix_output;        // `fix --format diff|json[:FILE]`
  std::vector<std::string> positional;
};

struct Flag {
  enum Kind {
    Switch,  // --name; in .cloudsift.yaml true or false
    Value,   // --name V / --name=V; one scalar (the last one given wins)
    List,    // repeatable; in .cloudsift.yaml a scalar or a list
    Pairs,   // repeatable NAME=VALUE; in .cloudsift.yaml a mapping {k: v} or a list of "k=v"
  };
  std::string name;     // without "--"
  char short_name = 0;  // -q
  Kind kind = Switch;
  std::string value_name;    // ID[,ID...]
  std::string help;          // lines separated by \n (continuation lines are indented by help_text)
  std::string default_text;  // what applies when the flag is not given ("" = nothing); help and config dump
  bool config = true;        // a .cloudsift.yaml key
  bool path = false;         // the value is a file name: in .cloudsift.yaml, relative to the file's directory
  bool empty_is_missing = false;  // --name= is the same usage error as --name at the end
  std::string missing;  // the usage error when the value is missing (default "--NAME needs a value")
  // Applies one value (for a Switch, ""); returns a usage error message, or "" when it applied.
  std::function<std::string(Options&, const std::string&)> apply;
};

struct Command {
  std::string name;   // "scan aws": error hints say "Run 'cloudsift scan aws --help'"
  std::string usage;  // "cloudsift scan [PATH ...] [options]"
  std::string about;  // paragraphs
  std::vector<Flag> flags;
  std::string positional;  // "" = no positional arguments ("unexpected argument X")
  std::string examples;    // one command per line
  std::string exit_codes;  // "" = none
};

// The generated --help of a command.
std::string help_text(const Command& cmd);

// Prints "cloudsift: MSG" and the --help hint on stderr; returns kExitUsage.
int usage_error(Io& io, const std::string& msg, const Command& cmd);
int usage_error(Io& io, const std::string& msg, const std::string& hint);

// Parses args against cmd's flags into `o`: -1 when parsing went through, else the exit code to
// return (0 after --help, kExitUsage after a usage error, both already printed).
int parse(const Command& cmd, const std::vector<std::string>& args, Options& o, Io& io);

const Flag* find_flag(const std::vector<Flag>& flags, std::string_view name);

// Today's date (UTC) as YYYY-MM-DD, for suppression expiry. CLOUDSIFT_TODAY overrides it (tests).
std::string today();

}  // namespace cs::cli
