#include "cli/command.h"

#include <cstdlib>
#include <ctime>
#include <sstream>

#include "report/escape.h"

namespace cs::cli {

namespace {

constexpr size_t kLabelWidth = 24;  // "  --label" padded to this, a space, then the help
const std::string kIndent(2 + kLabelWidth + 1, ' ');

std::string label_of(const Flag& f) {
  std::string s = f.short_name ? std::string("-") + f.short_name + ", --" + f.name : "--" + f.name;
  if (f.kind != Flag::Switch && !f.value_name.empty()) s += " " + f.value_name;
  return s;
}

void write_flag_help(std::ostringstream& os, const std::string& label, const std::string& help) {
  std::string text = help;
  os << "  " << label;
  os << std::string(label.size() < kLabelWidth ? kLabelWidth - label.size() : 0, ' ') << " ";
  std::istringstream lines(text);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    os << (first ? "" : kIndent) << line << "\n";
    first = false;
  }
  if (first) os << "\n";
}

bool is_help(const std::string& a) {
  return a == "-h" || a == "--help";
}

}  // namespace

std::string help_text(const Command& cmd) {
  std::ostringstream os;
  os << "Usage: " << cmd.usage << "\n\n" << cmd.about << "\n";
  if (!cmd.flags.empty()) {
    os << "\nOptions:\n";
    for (const Flag& f : cmd.flags) {
      std::string help = f.help;
      if (!f.default_text.empty()) help += " (default " + f.default_text + ")";
      write_flag_help(os, label_of(f), help);
    }
    write_flag_help(os, "-h, --help", "this help");
  }
  if (!cmd.examples.empty()) {
    std::istringstream ex(cmd.examples);
    std::string line;
    size_t n = 0;
    std::ostringstream body;
    while (std::getline(ex, line)) {
      body << "  " << line << "\n";
      ++n;
    }
    os << "\n" << (n == 1 ? "Example:" : "Examples:") << "\n" << body.str();
  }
  if (!cmd.exit_codes.empty()) os << "\nExit codes: " << cmd.exit_codes << "\n";
  return os.str();
}

int usage_error(Io& io, const std::string& msg, const std::string& hint) {
  io.err << "cloudsift: " << report::esc(msg) << "\n"
         << "Run '" << hint << " --help' for usage.\n";
  return kExitUsage;
}

int usage_error(Io& io, const std::string& msg, const Command& cmd) {
  return usage_error(io, msg, "cloudsift " + cmd.name);
}

const Flag* find_flag(const std::vector<Flag>& flags, std::string_view name) {
  for (const Flag& f : flags)
    if (f.name == name) return &f;
  return nullptr;
}

int parse(const Command& cmd, const std::vector<std::string>& args, Options& o, Io& io) {
  for (const auto& a : args)
    if (is_help(a)) {
      io.out << help_text(cmd);
      return kExitClean;
    }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const Flag* f = nullptr;
    std::string name;
    bool has_value = false;
    std::string value;
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      auto eq = a.find('=');
      name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) {
        has_value = true;
        value = a.substr(eq + 1);
      }
      f = find_flag(cmd.flags, name);
    } else if (a.size() == 2 && a[0] == '-' && a[1] != '-') {
      for (const Flag& g : cmd.flags)
        if (g.short_name == a[1]) f = &g;
    } else if (a.empty() || a[0] != '-' || a == "-") {
      if (cmd.positional.empty()) return usage_error(io, "unexpected argument " + a, cmd);
      o.positional.push_back(a);
      continue;
    }
    if (!f) return usage_error(io, "unknown option " + a, cmd);
    if (f->kind == Flag::Switch) {
      if (has_value) return usage_error(io, "--" + f->name + " takes no value", cmd);
      if (std::string err = f->apply(o, ""); !err.empty()) return usage_error(io, err, cmd);
      continue;
    }
    if (!has_value) {
      if (i + 1 < args.size()) {
        value = args[++i];
        has_value = true;
      }
    }
    if (!has_value || (f->empty_is_missing && value.empty()))
      return usage_error(io, f->missing.empty() ? "--" + f->name + " needs a value" : f->missing, cmd);
    if (std::string err = f->apply(o, value); !err.empty()) return usage_error(io, err, cmd);
  }
  return -1;
}

std::string today() {
  if (const char* t = std::getenv("CLOUDSIFT_TODAY"); t && *t) return t;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace cs::cli
