#include "cli/cli.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "checks/registry.h"
#include "engine/engine.h"
#include "report/report.h"

extern char** environ;

#ifndef CLOUDSIFT_VERSION
#define CLOUDSIFT_VERSION "0.0.0"
#endif

namespace cs::cli {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

const char* kMainHelp =
    "cloudsift finds, explains and fixes AWS misconfigurations in infrastructure-as-code.\n"
    "\n"
    "Usage: cloudsift <command> [options]\n"
    "\n"
    "Commands:\n"
    "  scan [PATH ...]        scan Terraform files and directories (default: .)\n"
    "  list-checks            list every check: id, severity, title, aliases\n"
    "  explain CHECK          why a check matters, what it costs to fix, and the fix\n"
    "\n"
    "Options:\n"
    "  --version              print the version\n"
    "  -h, --help             this help; `cloudsift COMMAND --help` for a command's own\n"
    "\n"
    "Examples:\n"
    "  cloudsift scan infra/\n"
    "  cloudsift scan . --format json --output results.json\n"
    "  cloudsift explain lambda_notracing\n"
    "\n"
    "Exit codes: 0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed.\n";

const char* kScanHelp =
    "Usage: cloudsift scan [PATH ...] [options]\n"
    "\n"
    "Scans files and directories: Terraform (.tf, .tf.json), Terraform plan and state JSON,\n"
    "CloudFormation and SAM templates (YAML or JSON), CDK output (cdk.out) and Serverless Framework\n"
    "services; each file's kind is found from its content. A directory is scanned recursively and every\n"
    "directory in it is a Terraform module. Modules called by another scanned directory are evaluated\n"
    "through their calls; the others are root modules.\n"
    "\n"
    "Options:\n"
    "  --check ID[,ID...]       run only these checks (ids or aliases such as CKV_AWS_50); repeatable\n"
    "  --skip-check ID[,ID...]  do not run these checks; repeatable\n"
    "  --var NAME=VALUE         set a root module variable, as terraform plan -var; repeatable\n"
    "  --var-file FILE          read root variables from a .tfvars or .tfvars.json file; repeatable\n"
    "                           (terraform.tfvars and *.auto.tfvars in a root are read as Terraform does;\n"
    "                            TF_VAR_name environment variables too)\n"
    "  --parameter KEY=VALUE    CloudFormation/SAM parameter value (overrides Default); repeatable\n"
    "  --parameters-file FILE   parameter values, AWS CLI [{ParameterKey,ParameterValue}] or CodePipeline\n"
    "                           {\"Parameters\": {...}} JSON; repeatable\n"
    "  --region REGION          AWS::Region for templates, provider.region for Serverless\n"
    "  --account-id ID          AWS::AccountId for templates\n"
    "  --stage STAGE            Serverless Framework stage (${opt:stage}, ${sls:stage})\n"
    "  --param KEY=VALUE        Serverless Framework parameter (${param:KEY}); repeatable\n"
    "  --env-vars               let Serverless ${env:NAME} read the environment (off: unknown)\n"
    "  --format text|json       output format (default text)\n"
    "  --output FILE            write the report to FILE instead of standard output\n"
    "  --threads N              worker threads (default: number of CPUs)\n"
    "  --no-color               never colour the text output (also: NO_COLOR=1); colour is used only on a terminal\n"
    "  -h, --help               this help\n"
    "\n"
    "Examples:\n"
    "  cloudsift scan examples/\n"
    "  cloudsift scan infra/ --var env=prod --var-file prod.tfvars\n"
    "  cloudsift scan main.tf --check lambda_notracing --format json --output out.json\n"
    "  cloudsift scan template.yaml --parameter TracingMode=Active --region eu-west-1\n"
    "  cloudsift scan serverless.yml --stage prod --param tracing=true\n"
    "\n"
    "Exit codes: 0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed.\n";

const char* kListHelp =
    "Usage: cloudsift list-checks\n"
    "\n"
    "Lists every check: id, severity and title, then its aliases (ids used by Checkov, Trivy/tfsec,\n"
    "KICS and Security Hub, accepted wherever a check id is).\n"
    "\n"
    "Example:\n"
    "  cloudsift list-checks\n";

const char* kExplainHelp =
    "Usage: cloudsift explain CHECK\n"
    "\n"
    "Explains a check: why it matters, the verdicts it gives, the exact fix for the AWS CLI, Terraform,\n"
    "SAM, CloudFormation and the Serverless Framework, and what the fix costs. CHECK is an id or alias.\n"
    "\n"
    "Examples:\n"
    "  cloudsift explain lambda_notracing\n"
    "  cloudsift explain CKV_AWS_50\n";

struct Io {
  std::ostream& out;
  std::ostream& err;
};

int usage_error(Io& io, const std::string& msg, const char* help_hint) {
  io.err << "cloudsift: " << msg << "\n" << "Run '" << help_hint << " --help' for usage.\n";
  return kExitUsage;
}

void split_commas(const std::string& s, std::vector<std::string>& out) {
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
}

bool is_help(const std::string& a) { return a == "-h" || a == "--help"; }

// "--flag value" or "--flag=value".
bool take_value(const std::vector<std::string>& args, size_t& i, const std::string& flag, std::string* value) {
  const std::string& a = args[i];
  if (a == flag) {
    if (i + 1 >= args.size()) return false;
    *value = args[++i];
    return true;
  }
  if (a.size() > flag.size() && a.compare(0, flag.size(), flag) == 0 && a[flag.size()] == '=') {
    *value = a.substr(flag.size() + 1);
    return true;
  }
  return false;
}

bool flag_matches(const std::string& a, const std::string& flag) {
  return a == flag || (a.size() > flag.size() && a.compare(0, flag.size(), flag) == 0 && a[flag.size()] == '=');
}

int cmd_scan(const std::vector<std::string>& args, Io& io) {
  engine::ScanRequest req;
  std::string format = "text", output;
  bool no_color = false;
  unsigned hw = std::thread::hardware_concurrency();
  req.threads = hw ? hw : 1;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string v;
    if (is_help(a)) {
      io.out << kScanHelp;
      return kExitClean;
    } else if (flag_matches(a, "--check")) {
      if (!take_value(args, i, "--check", &v)) return usage_error(io, "--check needs a value", "cloudsift scan");
      split_commas(v, req.checks);
    } else if (flag_matches(a, "--skip-check")) {
      if (!take_value(args, i, "--skip-check", &v)) return usage_error(io, "--skip-check needs a value", "cloudsift scan");
      split_commas(v, req.skip_checks);
    } else if (flag_matches(a, "--var-file")) {
      if (!take_value(args, i, "--var-file", &v)) return usage_error(io, "--var-file needs a value", "cloudsift scan");
      req.terraform.var_args.push_back(tf::VarArg{true, "", v});
    } else if (flag_matches(a, "--var")) {
      if (!take_value(args, i, "--var", &v)) return usage_error(io, "--var needs a value", "cloudsift scan");
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        return usage_error(io, "--var expects NAME=VALUE, got \"" + v + "\"", "cloudsift scan");
      req.terraform.var_args.push_back(tf::VarArg{false, v.substr(0, eq), v.substr(eq + 1)});
    } else if (flag_matches(a, "--parameters-file")) {
      if (!take_value(args, i, "--parameters-file", &v))
        return usage_error(io, "--parameters-file needs a value", "cloudsift scan");
      req.cloudformation.parameter_files.push_back(v);
    } else if (flag_matches(a, "--parameter")) {
      if (!take_value(args, i, "--parameter", &v)) return usage_error(io, "--parameter needs a value", "cloudsift scan");
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        return usage_error(io, "--parameter expects KEY=VALUE, got \"" + v + "\"", "cloudsift scan");
      req.cloudformation.parameters.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (flag_matches(a, "--region")) {
      if (!take_value(args, i, "--region", &v) || v.empty())
        return usage_error(io, "--region needs a value", "cloudsift scan");
      req.cloudformation.pseudo["AWS::Region"] = v;
      req.serverless.region = v;
    } else if (flag_matches(a, "--account-id")) {
      if (!take_value(args, i, "--account-id", &v) || v.size() != 12 ||
          v.find_first_not_of("0123456789") != std::string::npos)
        return usage_error(io, "--account-id expects a 12-digit AWS account id", "cloudsift scan");
      req.cloudformation.pseudo["AWS::AccountId"] = v;
    } else if (flag_matches(a, "--stage")) {
      if (!take_value(args, i, "--stage", &v) || v.empty())
        return usage_error(io, "--stage needs a value", "cloudsift scan");
      req.serverless.stage = v;
    } else if (flag_matches(a, "--param")) {
      if (!take_value(args, i, "--param", &v)) return usage_error(io, "--param needs a value", "cloudsift scan");
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        return usage_error(io, "--param expects KEY=VALUE, got \"" + v + "\"", "cloudsift scan");
      req.serverless.params[v.substr(0, eq)] = v.substr(eq + 1);
    } else if (a == "--env-vars") {
      req.serverless.env_vars = true;
    } else if (flag_matches(a, "--format")) {
      if (!take_value(args, i, "--format", &format)) return usage_error(io, "--format needs a value", "cloudsift scan");
      if (format != "text" && format != "json")
        return usage_error(io, "unknown format \"" + format + "\" (expected text or json)", "cloudsift scan");
    } else if (flag_matches(a, "--output")) {
      if (!take_value(args, i, "--output", &output) || output.empty())
        return usage_error(io, "--output needs a file name", "cloudsift scan");
    } else if (flag_matches(a, "--threads")) {
      if (!take_value(args, i, "--threads", &v)) return usage_error(io, "--threads needs a value", "cloudsift scan");
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > 256)
        return usage_error(io, "--threads expects a number from 1 to 256, got \"" + v + "\"", "cloudsift scan");
      req.threads = static_cast<unsigned>(n);
    } else if (a == "--no-color") {
      no_color = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(io, "unknown option " + a, "cloudsift scan");
    } else {
      req.paths.push_back(a);
    }
  }
  if (req.paths.empty()) req.paths.push_back(".");
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    if (kv.compare(0, 7, "TF_VAR_") != 0) continue;
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq <= 7) continue;
    req.terraform.tf_var_env[kv.substr(7, eq - 7)] = kv.substr(eq + 1);
  }
  if (const char* ws = std::getenv("TF_WORKSPACE"); ws && *ws) req.terraform.workspace = ws;
  if (req.serverless.env_vars) {
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      auto eq = kv.find('=');
      if (eq != std::string::npos && eq > 0) req.serverless.env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }

  auto rep = engine::scan(req, io::disk());
  if (!rep) {
    io.err << "cloudsift: " << rep.error().to_string() << "\n";
    return kExitUsage;
  }

  std::ostringstream buf;
  if (format == "json") {
    report::write_json(buf, *rep, CLOUDSIFT_VERSION);
  } else {
    report::TextOptions t;
    const char* nc = std::getenv("NO_COLOR");
    t.color = !no_color && output.empty() && isatty(STDOUT_FILENO) && !(nc && *nc);
    report::write_text(buf, *rep, t);
  }
  if (output.empty()) {
    io.out << buf.str();
  } else {
    // Write beside the target, then rename: a reader never sees half a report.
    std::string tmp = output + ".tmp." + std::to_string(getpid());
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << buf.str();
      f.flush();
      if (!f) {
        std::remove(tmp.c_str());
        io.err << "cloudsift: cannot write " << output << "\n";
        return kExitUsage;
      }
    }
    if (std::rename(tmp.c_str(), output.c_str()) != 0) {
      std::remove(tmp.c_str());
      io.err << "cloudsift: cannot write " << output << "\n";
      return kExitUsage;
    }
  }
  if (rep->summary.parse_errors) return kExitUsage;
  return rep->summary.failed ? kExitFindings : kExitClean;
}

int cmd_list(const std::vector<std::string>& args, Io& io) {
  for (const auto& a : args) {
    if (is_help(a)) {
      io.out << kListHelp;
      return kExitClean;
    }
    return usage_error(io, "list-checks takes no arguments, got " + a, "cloudsift list-checks");
  }
  report::write_check_list(io.out);
  return kExitClean;
}

int cmd_explain(const std::vector<std::string>& args, Io& io) {
  std::string id;
  for (const auto& a : args) {
    if (is_help(a)) {
      io.out << kExplainHelp;
      return kExitClean;
    }
    if (a.size() > 1 && a[0] == '-') return usage_error(io, "unknown option " + a, "cloudsift explain");
    if (!id.empty()) return usage_error(io, "explain takes one check id", "cloudsift explain");
    id = a;
  }
  if (id.empty()) return usage_error(io, "explain needs a check id (see cloudsift list-checks)", "cloudsift explain");
  const checks::Check* c = checks::find(id);
  if (!c) return usage_error(io, "unknown check \"" + id + "\" (see cloudsift list-checks)", "cloudsift explain");
  report::write_explain(io.out, c->metadata());
  return kExitClean;
}

}  // namespace

int run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Io io{out, err};
  if (argv.empty() || is_help(argv[0]) || argv[0] == "help") {
    out << kMainHelp;
    return argv.empty() ? kExitUsage : kExitClean;
  }
  if (argv[0] == "--version" || argv[0] == "version") {
    out << "cloudsift " << CLOUDSIFT_VERSION << "\n";
    return kExitClean;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (argv[0] == "scan") return cmd_scan(rest, io);
  if (argv[0] == "list-checks") return cmd_list(rest, io);
  if (argv[0] == "explain") return cmd_explain(rest, io);
  return usage_error(io, "unknown command \"" + argv[0] + "\"", "cloudsift");
}

}  // namespace cs::cli
