#include "cli/cli.h"

#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "checks/registry.h"
#include "cli/config.h"
#include "engine/baseline.h"
#include "engine/engine.h"
#include "engine/live_scan.h"
#include "io/write.h"
#include "report/escape.h"
#include "report/report.h"

extern char** environ;

#ifndef CLOUDSIFT_VERSION
#define CLOUDSIFT_VERSION "0.0.0"
#endif

namespace cs::cli {

namespace {

using report::esc;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIncomplete = 3;

const char* kMainHelp =
    "cloudsift finds, explains and fixes AWS misconfigurations in infrastructure-as-code.\n"
    "\n"
    "Usage: cloudsift <command> [options]\n"
    "\n"
    "Commands:\n"
    "  scan [PATH ...]        scan IaC files and directories (default: .)\n"
    "  scan aws               scan live AWS accounts and regions (see cloudsift scan aws --help)\n"
    "  list-checks            list every check: id, severity, title, aliases\n"
    "  explain CHECK          why a check matters, what it costs to fix, and the fix\n"
    "  config dump            print the effective configuration (.cloudsift.yaml plus flags)\n"
    "  docs --output-dir DIR  write DIR/<check>.md for every check from its metadata (docs/checks)\n"
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
    "Exit codes: 0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed,\n"
    "3 a live scan (scan aws) with coverage gaps.\n";

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
    "  --format NAME[:FILE]     output format: text (default), json, sarif, junit, csv or markdown;\n"
    "                           with :FILE it is written to FILE (atomically) instead of standard output.\n"
    "                           Repeatable; at most one format may go to standard output\n"
    "  --output FILE            write the format given without a FILE (default text) to FILE\n"
    "  --fail-on SEVERITY       exit 1 only for FAILs at or above LOW|MEDIUM|HIGH|CRITICAL (default LOW)\n"
    "  --soft-fail              exit 0 even with findings (input and usage errors still exit 2)\n"
    "  --fail-on-unresolved     UNRESOLVED results at or above the threshold fail too\n"
    "  --no-inline-suppressions ignore suppression comments and CloudFormation Metadata\n"
    "  --require-justification  a suppression without a reason does not count\n"
    "  --baseline FILE          findings recorded in FILE are suppressed; only new ones fail\n"
    "  --create-baseline FILE   record the current FAIL/UNRESOLVED findings in FILE (exits 0)\n"
    "  --config FILE            read flags from FILE (default: the nearest .cloudsift.yaml from the first\n"
    "                           path up to the git repository root; named on stderr)\n"
    "  --skip-unknown-files     a named file that is no input cloudsift reads is a note, not an error,\n"
    "                           and a named .tfvars file scans its module (hooks that pass changed files)\n"
    "  --threads N              worker threads (default: number of CPUs)\n"
    "  --max-file-size SIZE     refuse files larger than SIZE bytes (suffix K, M or G; default 32M)\n"
    "  --no-color               never colour the text output (also: NO_COLOR=1); colour is used only on a terminal\n"
    "  -h, --help               this help\n"
    "\n"
    "Examples:\n"
    "  cloudsift scan examples/\n"
    "  cloudsift scan infra/ --var env=prod --var-file prod.tfvars\n"
    "  cloudsift scan main.tf --check lambda_notracing --format json --output out.json\n"
    "  cloudsift scan infra/ --format text --format sarif:results.sarif --format junit:junit.xml\n"
    "  cloudsift scan . --format markdown:comment.md --format csv:findings.csv\n"
    "  cloudsift scan template.yaml --parameter TracingMode=Active --region eu-west-1\n"
    "  cloudsift scan serverless.yml --stage prod --param tracing=true\n"
    "  cloudsift scan . --create-baseline .cloudsift-baseline.json\n"
    "  cloudsift scan . --baseline .cloudsift-baseline.json --fail-on-unresolved\n"
    "\n"
    "Exit codes: 0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed.\n";

const char* kScanAwsHelp =
    "Usage: cloudsift scan aws [options]\n"
    "\n"
    "Scans live AWS accounts: every Lambda function of every enabled region (or the regions given), of the\n"
    "caller's account, the accounts given, or every ACTIVE account of the Organization. Each (account,\n"
    "region) is either read completely or reported as a coverage gap with its cause; nothing unread is\n"
    "reported clean. Credentials are found as the AWS CLI finds them (environment, profiles, SSO cache,\n"
    "credential_process, web identity, container and instance metadata).\n"
    "\n"
    "Options:\n"
    "  --profile NAME           the shared config/credentials profile (default: AWS_PROFILE, else default)\n"
    "  --region REGION          home region for STS, EC2 DescribeRegions and the partition\n"
    "                           (default: AWS_REGION, AWS_DEFAULT_REGION, the profile, else us-east-1)\n"
    "  --regions all|R1,R2      regions to scan (default all: every region enabled for each account);\n"
    "                           a listed region that is not enabled for an account is a gap\n"
    "  --org                    scan every ACTIVE account of the Organization (ListAccounts; needs the\n"
    "                           management or a delegated administrator account)\n"
    "  --role-name NAME         role assumed in the other accounts (default OrganizationAccountAccessRole)\n"
    "  --external-id ID         ExternalId for AssumeRole\n"
    "  --accounts ID[,ID...]    only these accounts (with --org: of the Organization; without: assume\n"
    "                           --role-name in each one that is not the caller's)\n"
    "  --exclude-accounts ID,.. never these accounts\n"
    "  --concurrency N          requests in flight at once (default 32, 1-512)\n"
    "  --endpoint-url URL       send every request to URL (LocalStack, moto); also AWS_ENDPOINT_URL and\n"
    "                           AWS_ENDPOINT_URL_<SERVICE> (LAMBDA, STS, ORGANIZATIONS, EC2)\n"
    "  --max-attempts N         attempts per request, AWS standard retry mode (default AWS_MAX_ATTEMPTS or 3)\n"
    "  --max-response-size SIZE largest response body, as announced, received or decoded (gzip), e.g. 4MiB\n"
    "                           (default 16MiB, 1KiB-1GiB); a larger one is a gap response-too-large\n"
    "  --request-timeout S      seconds one attempt may take in all (default 60, 1-3600)\n"
    "  --low-speed-limit B      an attempt slower than B bytes/s ... (default 1024)\n"
    "  --low-speed-time S       ... for S seconds times out (default 30, 1-3600); a call that timed out on\n"
    "                           every attempt is a gap timeout\n"
    "  --max-pages N            pages per listing (default 10000, 1-1000000); more is a gap too-many-pages\n"
    "  --allow-partial          coverage gaps do not change the exit code\n"
    "  --check ID[,ID...]       run only these checks; repeatable\n"
    "  --skip-check ID[,ID...]  do not run these checks; repeatable\n"
    "  --format NAME[:FILE]     text (default), json, sarif, junit, csv or markdown; repeatable\n"
    "  --output FILE            write the format given without a FILE to FILE\n"
    "  --fail-on SEVERITY       exit 1 only for FAILs at or above LOW|MEDIUM|HIGH|CRITICAL (default LOW)\n"
    "  --fail-on-unresolved     UNRESOLVED results at or above the threshold fail too\n"
    "  --soft-fail              findings do not change the exit code\n"
    "  --baseline FILE          findings recorded in FILE are suppressed; only new ones fail\n"
    "  --create-baseline FILE   record the current FAIL/UNRESOLVED findings in FILE\n"
    "  --quiet                  no progress line\n"
    "  --debug                  log every request and response on stderr (Authorization, secret keys and\n"
    "                           session tokens shown as ***)\n"
    "  --no-color               never colour the text output\n"
    "  -h, --help               this help\n"
    "\n"
    "Examples:\n"
    "  cloudsift scan aws\n"
    "  cloudsift scan aws --profile prod --regions eu-west-1,us-east-1 --format json:prod.json\n"
    "  cloudsift scan aws --org --role-name SecurityAudit --exclude-accounts 123456789012 --format sarif:org.sarif\n"
    "  cloudsift scan aws --org --allow-partial --concurrency 64 --quiet\n"
    "  cloudsift scan aws --endpoint-url http://127.0.0.1:5000 --regions us-east-1\n"
    "  cloudsift scan aws --max-response-size 4MiB --request-timeout 20 --low-speed-time 10 --max-pages 2000\n"
    "\n"
    "Exit codes: 0 every account and region read and no FAIL; 1 at least one FAIL; 2 usage error or\n"
    "nothing could be scanned (no credentials, credentials refused); 3 coverage gaps (before 1) unless\n"
    "--allow-partial.\n";

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

const char* kDocsHelp =
    "Usage: cloudsift docs --output-dir DIR\n"
    "\n"
    "Writes one Markdown page per check, DIR/<check id>.md, generated from the check's metadata: title,\n"
    "severity, aliases, why it matters, the verdict table, the fix per tool, a failing and a passing\n"
    "example, notes and references. The pages in docs/checks are made this way; the docs_fresh test\n"
    "fails when they are out of date.\n"
    "\n"
    "Example:\n"
    "  cloudsift docs --output-dir docs/checks\n";

const char* kConfigHelp =
    "Usage: cloudsift config dump [PATH] [--config FILE] [scan flags]\n"
    "\n"
    "Prints the effective configuration as YAML: the .cloudsift.yaml found in PATH's directory or a\n"
    "parent (or the file given with --config), with the flags given here applied on top.\n"
    "\n"
    "Examples:\n"
    "  cloudsift config dump\n"
    "  cloudsift config dump infra/ --fail-on HIGH\n";

// Today's date (UTC) as YYYY-MM-DD, for suppression expiry. CLOUDSIFT_TODAY overrides it (tests).
std::string today() {
  if (const char* t = std::getenv("CLOUDSIFT_TODAY"); t && *t) return t;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Io {
  std::ostream& out;
  std::ostream& err;
};

int usage_error(Io& io, const std::string& msg, const char* help_hint) {
  io.err << "cloudsift: " << esc(msg) << "\n" << "Run '" << help_hint << " --help' for usage.\n";
  return kExitUsage;
}

void split_commas(const std::string& s, std::vector<std::string>& out) {
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
}

bool is_help(const std::string& a) { return a == "-h" || a == "--help"; }

// A whole decimal number in [lo, hi].
bool parse_count(const std::string& v, long lo, long hi, long* out) {
  if (v.empty()) return false;
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (*end || n < lo || n > hi) return false;
  *out = n;
  return true;
}

// A byte count: a whole number, optionally with a binary unit K, KiB, M, MiB, G or GiB (any case), in
// [lo, hi]. "16MiB" = 16 * 1024 * 1024.
bool parse_byte_size(const std::string& v, uint64_t lo, uint64_t hi, uint64_t* out) {
  size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  if (digits == 0 || digits > 12) return false;
  uint64_t n = std::stoull(v.substr(0, digits));
  std::string unit;
  for (char c : v.substr(digits)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  else if (unit == "k" || unit == "kib") shift = 10;
  else if (unit == "m" || unit == "mib") shift = 20;
  else if (unit == "g" || unit == "gib") shift = 30;
  if (shift < 0 || n > (hi >> shift)) return false;
  n <<= shift;
  if (n < lo) return false;
  *out = n;
  return true;
}

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

// One --format NAME[:FILE]; an empty file is standard output.
struct Output {
  std::string name;
  report::Format format = report::Format::Text;
  std::string file;
};

std::string format_list() {
  std::string s;
  const auto& names = report::format_names();
  for (size_t i = 0; i < names.size(); ++i)
    s += std::string(i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
  return s;
}

// Applies the defaults (text) and --output (the FILE of the one format given without one); returns a
// usage error message, or "" when the outputs are consistent.
std::string resolve_outputs(std::vector<Output>& outputs, const std::string& output) {
  if (outputs.empty()) outputs.push_back(Output{"text", report::Format::Text, ""});
  std::vector<Output*> on_stdout;
  for (auto& o : outputs)
    if (o.file.empty()) on_stdout.push_back(&o);
  if (on_stdout.size() > 1)
    return "formats " + on_stdout[0]->name + " and " + on_stdout[1]->name +
           " would both go to standard output; give all but one of them a file (--format " +
           on_stdout[1]->name + ":FILE)";
  if (!output.empty()) {
    if (on_stdout.empty())
      return "--output " + output + " has no format to apply to: every --format names its own file";
    on_stdout[0]->file = output;
  }
  for (size_t i = 0; i < outputs.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!outputs[i].file.empty() && outputs[i].file == outputs[j].file)
        return "formats " + outputs[j].name + " and " + outputs[i].name + " would both write " +
               outputs[i].file;
  return "";
}

// Writes every requested format; false when a file could not be written (said on stderr).
bool write_outputs(const std::vector<Output>& outputs, const engine::ScanReport& rep, bool no_color, Io& io) {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  bool write_failed = false;
  auto render = [&](const Output& o, std::ostream& os) {
    switch (o.format) {
      case report::Format::Text: {
        report::TextOptions t;
        const char* nc = std::getenv("NO_COLOR");
        t.color = !no_color && o.file.empty() && isatty(STDOUT_FILENO) && !(nc && *nc);
        report::write_text(os, rep, t);
        break;
      }
      case report::Format::Json:
        report::write_json(os, rep, CLOUDSIFT_VERSION);
        break;
      case report::Format::Sarif:
        report::write_sarif(os, rep, {CLOUDSIFT_VERSION, cwd});
        break;
      case report::Format::Junit:
        report::write_junit(os, rep);
        break;
      case report::Format::Csv:
        report::write_csv(os, rep);
        break;
      case report::Format::Markdown:
        report::write_markdown(os, rep, {});
        break;
    }
  };
  for (const Output& o : outputs) {
    if (o.file.empty()) {
      render(o, io.out);
      continue;
    }
    // Through a temporary file renamed over the target (io::write_atomic): a reader never sees half a
    // report, a link planted at the target is replaced, not followed, and a device or pipe is written
    // in place.
    if (auto w = io::write_atomic(o.file, [&](std::ostream& os) { render(o, os); }); !w) {
      io.err << "cloudsift: " << esc(w.error().message) << "\n";
      write_failed = true;
    }
  }
  return !write_failed;
}

// Names the configuration file in use on stderr, and the ones found but refused.
void report_config(const MergedArgs& m, Io& io) {
  for (const auto& w : m.warnings) io.err << "cloudsift: warning: " << esc(w) << "\n";
  if (!m.config_file.empty()) io.err << "cloudsift: using config " << esc(m.config_file) << "\n";
}

// Flags both scans share: check selection, outputs and the CI gate (exit policy and baselines).
struct GateFlags {
  std::vector<std::string> checks, skip_checks;
  std::vector<Output> outputs;
  std::string output, baseline, create_baseline;
  bool no_color = false, soft_fail = false, fail_on_unresolved = false;
  checks::Severity fail_on = checks::Severity::Low;
};

constexpr int kNotAGateFlag = -1;

// Consumes args[i] (and its value) when it is a gate flag: 0 when taken, kExitUsage after printing a
// usage error, kNotAGateFlag when the flag is not one of them.
int take_gate_flag(const std::vector<std::string>& args, size_t& i, GateFlags& g, Io& io, const char* self) {
  const std::string& a = args[i];
  std::string v;
  if (flag_matches(a, "--check")) {
    if (!take_value(args, i, "--check", &v)) return usage_error(io, "--check needs a value", self);
    split_commas(v, g.checks);
  } else if (flag_matches(a, "--skip-check")) {
    if (!take_value(args, i, "--skip-check", &v)) return usage_error(io, "--skip-check needs a value", self);
    split_commas(v, g.skip_checks);
  } else if (flag_matches(a, "--format")) {
    if (!take_value(args, i, "--format", &v) || v.empty()) return usage_error(io, "--format needs a value", self);
    auto colon = v.find(':');
    Output o;
    o.name = v.substr(0, colon);
    if (!report::parse_format(o.name, &o.format))
      return usage_error(io, "unknown format \"" + o.name + "\" (expected " + format_list() + ")", self);
    if (colon != std::string::npos) {
      o.file = v.substr(colon + 1);
      if (o.file.empty()) return usage_error(io, "--format " + v + " needs a file name after ':'", self);
    }
    g.outputs.push_back(o);
  } else if (flag_matches(a, "--output")) {
    if (!take_value(args, i, "--output", &g.output) || g.output.empty())
      return usage_error(io, "--output needs a file name", self);
  } else if (a == "--no-color") {
    g.no_color = true;
  } else if (flag_matches(a, "--fail-on-unresolved")) {
    if (a != "--fail-on-unresolved") return usage_error(io, "--fail-on-unresolved takes no value", self);
    g.fail_on_unresolved = true;
  } else if (flag_matches(a, "--fail-on")) {
    if (!take_value(args, i, "--fail-on", &v)) return usage_error(io, "--fail-on needs a value", self);
    if (!checks::parse_severity(v, &g.fail_on))
      return usage_error(io, "unknown severity \"" + v + "\" (expected LOW, MEDIUM, HIGH or CRITICAL)", self);
  } else if (a == "--soft-fail") {
    g.soft_fail = true;
  } else if (flag_matches(a, "--create-baseline")) {
    if (!take_value(args, i, "--create-baseline", &g.create_baseline) || g.create_baseline.empty())
      return usage_error(io, "--create-baseline needs a file name", self);
  } else if (flag_matches(a, "--baseline")) {
    if (!take_value(args, i, "--baseline", &g.baseline) || g.baseline.empty())
      return usage_error(io, "--baseline needs a file name", self);
  } else {
    return kNotAGateFlag;
  }
  return 0;
}

// Writes the outputs and the --create-baseline file; kExitUsage when one could not be written, else -1.
int write_reports(const GateFlags& g, const engine::ScanReport& rep, Io& io) {
  bool write_failed = !write_outputs(g.outputs, rep, g.no_color, io);
  if (!g.create_baseline.empty()) {
    auto w = io::write_atomic(g.create_baseline, engine::baseline_json(rep.results, CLOUDSIFT_VERSION));
    if (!w) {
      io.err << "cloudsift: " << esc(w.error().message) << "\n";
      return kExitUsage;
    }
  }
  return write_failed ? kExitUsage : -1;
}

// The baseline to apply. While a baseline is being created, one that does not exist yet (typically
// the `baseline:` of .cloudsift.yaml, before its first creation) is nothing to apply, not an error.
std::string baseline_to_apply(const GateFlags& g) {
  if (!g.create_baseline.empty() && !g.baseline.empty() && !io::disk().is_file(g.baseline)) {
    struct stat st {};
    if (::lstat(g.baseline.c_str(), &st) != 0 && errno == ENOENT) return "";
  }
  return g.baseline;
}

// The exit code the findings call for under the gate flags.
int findings_exit(const GateFlags& g, const engine::ScanReport& rep) {
  if (g.soft_fail || !g.create_baseline.empty()) return kExitClean;
  for (const auto& r : rep.results) {
    if (r.suppressed || r.severity < g.fail_on) continue;
    if (r.verdict == checks::Verdict::Fail) return kExitFindings;
    if (g.fail_on_unresolved && r.verdict == checks::Verdict::Unresolved) return kExitFindings;
  }
  return kExitClean;
}

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
      std::snprintf(buf, sizeof buf,
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

int cmd_scan_aws(const std::vector<std::string>& args, Io& io) {
  const char* self = "cloudsift scan aws";
#ifdef __GLIBC__
  // One malloc arena: the functions are allocated on the transport's thread and freed on this one while
  // the results are built, and with per-thread arenas that memory could not be reused (peak RSS 182 MB
  // instead of 131 MB on the 81,600-function benchmark). The transport thread allocates little.
  mallopt(M_ARENA_MAX, 1);
#endif
  engine::AwsScanRequest req;
  GateFlags g;
  bool allow_partial = false, quiet = false, debug = false;
  auto valid_account = [](const std::string& id) {
    return id.size() == 12 && id.find_first_not_of("0123456789") == std::string::npos;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string v;
    auto need = [&](const char* flag) {
      return take_value(args, i, flag, &v) && !v.empty();
    };
    if (is_help(a)) {
      io.out << kScanAwsHelp;
      return kExitClean;
    } else if (int rc = take_gate_flag(args, i, g, io, self); rc != kNotAGateFlag) {
      if (rc) return rc;
    } else if (flag_matches(a, "--profile")) {
      if (!need("--profile")) return usage_error(io, "--profile needs a value", self);
      req.profile = v;
    } else if (flag_matches(a, "--regions")) {
      if (!need("--regions")) return usage_error(io, "--regions needs a value (all or a comma-separated list)", self);
      if (v != "all") {
        split_commas(v, req.live.regions);
        for (const auto& r : req.live.regions)
          if (r.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos || r.size() > 32)
            return usage_error(io, "--regions: \"" + r + "\" is not a region name", self);
      }
    } else if (flag_matches(a, "--region")) {
      if (!need("--region")) return usage_error(io, "--region needs a value", self);
      req.region = v;
    } else if (a == "--org") {
      req.live.org = true;
    } else if (flag_matches(a, "--role-name")) {
      if (!need("--role-name")) return usage_error(io, "--role-name needs a value", self);
      req.live.role_name = v;
    } else if (flag_matches(a, "--external-id")) {
      if (!need("--external-id")) return usage_error(io, "--external-id needs a value", self);
      req.live.external_id = v;
    } else if (flag_matches(a, "--exclude-accounts")) {
      if (!need("--exclude-accounts")) return usage_error(io, "--exclude-accounts needs a value", self);
      split_commas(v, req.live.exclude_accounts);
    } else if (flag_matches(a, "--accounts")) {
      if (!need("--accounts")) return usage_error(io, "--accounts needs a value", self);
      split_commas(v, req.live.accounts);
    } else if (flag_matches(a, "--concurrency")) {
      long n = 0;
      if (!need("--concurrency") || !parse_count(v, 1, 512, &n))
        return usage_error(io, "--concurrency expects a number from 1 to 512, got \"" + v + "\"", self);
      req.concurrency = static_cast<size_t>(n);
    } else if (flag_matches(a, "--max-attempts")) {
      long n = 0;
      if (!need("--max-attempts") || !parse_count(v, 1, 100, &n))
        return usage_error(io, "--max-attempts expects a number from 1 to 100, got \"" + v + "\"", self);
      req.max_attempts = static_cast<int>(n);
    } else if (flag_matches(a, "--max-response-size")) {
      if (!need("--max-response-size") || !parse_byte_size(v, 1ull << 10, 1ull << 30, &req.max_response_bytes))
        return usage_error(io, "--max-response-size expects a size from 1KiB to 1GiB (e.g. 16MiB), got \"" + v + "\"",
                           self);
    } else if (flag_matches(a, "--request-timeout")) {
      long n = 0;
      if (!need("--request-timeout") || !parse_count(v, 1, 3600, &n))
        return usage_error(io, "--request-timeout expects seconds from 1 to 3600, got \"" + v + "\"", self);
      req.request_timeout = std::chrono::seconds(n);
    } else if (flag_matches(a, "--low-speed-limit")) {
      long n = 0;
      if (!need("--low-speed-limit") || !parse_count(v, 1, 1L << 30, &n))
        return usage_error(io, "--low-speed-limit expects bytes per second from 1 to 1073741824, got \"" + v + "\"",
                           self);
      req.low_speed_limit = n;
    } else if (flag_matches(a, "--low-speed-time")) {
      long n = 0;
      if (!need("--low-speed-time") || !parse_count(v, 1, 3600, &n))
        return usage_error(io, "--low-speed-time expects seconds from 1 to 3600, got \"" + v + "\"", self);
      req.low_speed_time = std::chrono::seconds(n);
    } else if (flag_matches(a, "--max-pages")) {
      long n = 0;
      if (!need("--max-pages") || !parse_count(v, 1, 1000000, &n))
        return usage_error(io, "--max-pages expects a number from 1 to 1000000, got \"" + v + "\"", self);
      req.live.max_pages = static_cast<size_t>(n);
    } else if (flag_matches(a, "--endpoint-url")) {
      if (!need("--endpoint-url")) return usage_error(io, "--endpoint-url needs a value", self);
      req.endpoint_url = v;
    } else if (a == "--allow-partial") {
      allow_partial = true;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--debug") {
      debug = true;
    } else {
      return usage_error(io, (a.size() > 1 && a[0] == '-' ? "unknown option " : "unexpected argument ") + a, self);
    }
  }
  for (const auto* list : {&req.live.accounts, &req.live.exclude_accounts})
    for (const auto& id : *list)
      if (!valid_account(id)) return usage_error(io, "\"" + id + "\" is not a 12-digit AWS account id", self);
  if (req.live.external_id.size() && !req.live.org && req.live.accounts.empty())
    return usage_error(io, "--external-id is used only with --org or --accounts (AssumeRole into other accounts)", self);
  if (std::string err = resolve_outputs(g.outputs, g.output); !err.empty()) return usage_error(io, err, self);
  req.checks = g.checks;
  req.skip_checks = g.skip_checks;
  req.baseline = baseline_to_apply(g);

  {
    std::error_code ec;
    req.cwd = std::filesystem::current_path(ec).string();
  }
  req.env = aws::creds::Environment::from_process_environment();
  req.user_agent = std::string("cloudsift/") + CLOUDSIFT_VERSION;
  std::mutex debug_mu;
  if (debug) {
    req.debug = [&io, &debug_mu](std::string_view line) {
      std::lock_guard<std::mutex> lk(debug_mu);
      io.err << "[debug] " << esc(line) << "\n";
    };
  }
  live::Progress progress;
  req.progress = &progress;
  bool tty = isatty(STDERR_FILENO) && &io.err == &std::cerr;
  ProgressLine line(progress, io.err, tty && !quiet && !debug);
  auto rep = engine::scan_aws(req, io::disk());
  line.stop();
  if (!rep) {
    io.err << "cloudsift: " << esc(rep.error().to_string()) << "\n";
    return kExitUsage;
  }

  if (int rc = write_reports(g, *rep, io); rc >= 0) return rc;
  if (rep->coverage && !rep->coverage->complete()) {
    if (!quiet)
      io.err << "cloudsift: the scan is incomplete: " << rep->coverage->gaps.size()
             << (rep->coverage->gaps.size() == 1 ? " gap" : " gaps") << " in coverage"
             << (allow_partial ? " (--allow-partial: not failing for it)" : "") << "\n";
    if (!allow_partial) return kExitIncomplete;
  }
  return findings_exit(g, *rep);
}

int cmd_scan(const std::vector<std::string>& cli_args, Io& io) {
  if (!cli_args.empty() && cli_args[0] == "aws")
    return cmd_scan_aws(std::vector<std::string>(cli_args.begin() + 1, cli_args.end()), io);
  for (const auto& a : cli_args)
    if (is_help(a)) {
      io.out << kScanHelp;
      return kExitClean;
    }
  auto merged = merge_config(io::disk(), cli_args);
  if (!merged) return usage_error(io, merged.error().to_string(), "cloudsift scan");
  report_config(*merged, io);
  const std::vector<std::string>& args = merged->args;
  engine::ScanRequest req;
  GateFlags g;
  req.suppress.today = today();
  {
    std::error_code cwd_ec;
    req.cwd = std::filesystem::current_path(cwd_ec).string();
  }
  unsigned hw = std::thread::hardware_concurrency();
  req.threads = hw ? hw : 1;
  io::DiskFileSystem disk;  // every file the scan reads goes through it, under --max-file-size
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string v;
    if (is_help(a)) {
      io.out << kScanHelp;
      return kExitClean;
    } else if (int rc = take_gate_flag(args, i, g, io, "cloudsift scan"); rc != kNotAGateFlag) {
      if (rc) return rc;
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
    } else if (flag_matches(a, "--max-file-size")) {
      if (!take_value(args, i, "--max-file-size", &v))
        return usage_error(io, "--max-file-size needs a value", "cloudsift scan");
      auto size = io::parse_size(v);
      if (!size)
        return usage_error(
            io,
            "--max-file-size expects a size in bytes with an optional K, M or G suffix, got \"" + v + "\"",
            "cloudsift scan");
      disk.set_max_file_size(*size);
    } else if (flag_matches(a, "--threads")) {
      if (!take_value(args, i, "--threads", &v)) return usage_error(io, "--threads needs a value", "cloudsift scan");
      long n = 0;
      if (!parse_count(v, 1, 256, &n))
        return usage_error(io, "--threads expects a number from 1 to 256, got \"" + v + "\"", "cloudsift scan");
      req.threads = static_cast<unsigned>(n);
    } else if (a == "--no-inline-suppressions") {
      req.suppress.enabled = false;
    } else if (a == "--require-justification") {
      req.suppress.require_justification = true;
    } else if (a == "--skip-unknown-files") {
      req.skip_unknown_files = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(io, "unknown option " + a, "cloudsift scan");
    } else {
      req.paths.push_back(a);
    }
  }
  if (req.paths.empty()) req.paths.push_back(".");
  if (std::string err = resolve_outputs(g.outputs, g.output); !err.empty())
    return usage_error(io, err, "cloudsift scan");
  req.checks = g.checks;
  req.skip_checks = g.skip_checks;
  req.baseline = baseline_to_apply(g);
  for (const auto& o : g.outputs)
    if (!o.file.empty()) req.own_files.push_back(o.file);
  if (!g.create_baseline.empty()) req.own_files.push_back(g.create_baseline);
  if (!req.baseline.empty()) req.own_files.push_back(req.baseline);
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    if (kv.compare(0, 7, "TF_VAR_") != 0) continue;
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq <= 7) continue;
    req.terraform.tf_var_env[kv.substr(7, eq - 7)] = kv.substr(eq + 1);
  }
  if (const char* ws = std::getenv("TF_WORKSPACE"); ws && *ws) req.terraform.workspace = ws;
  if (const char* home = std::getenv("HOME"); home && *home) req.home = home;
  if (req.serverless.env_vars) {
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      auto eq = kv.find('=');
      if (eq != std::string::npos && eq > 0) req.serverless.env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }

  auto rep = engine::scan(req, disk);
  if (!rep) {
    io.err << "cloudsift: " << esc(rep.error().to_string()) << "\n";
    return kExitUsage;
  }

  if (int rc = write_reports(g, *rep, io); rc >= 0) return rc;
  if (rep->summary.parse_errors) return kExitUsage;
  return findings_exit(g, *rep);
}

int cmd_config(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || is_help(args[0])) {
    io.out << kConfigHelp;
    return args.empty() ? kExitUsage : kExitClean;
  }
  if (args[0] != "dump") return usage_error(io, "unknown config command \"" + args[0] + "\"", "cloudsift config");
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& a : rest)
    if (is_help(a)) {
      io.out << kConfigHelp;
      return kExitClean;
    }
  auto merged = merge_config(io::disk(), rest);
  if (!merged) return usage_error(io, merged.error().to_string(), "cloudsift config");
  report_config(*merged, io);
  for (size_t i = 0; i < merged->args.size(); ++i) {
    const std::string& a = merged->args[i];
    if (a.size() < 3 || a[0] != '-') continue;
    std::string name = a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
    bool known = false;
    for (const auto& f : scan_flags()) known = known || name == f.name;
    if (!known) return usage_error(io, "unknown option " + a, "cloudsift config dump");
  }
  io.out << dump_config(*merged);
  return kExitClean;
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

int cmd_docs(const std::vector<std::string>& args, Io& io) {
  std::string dir;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (is_help(a)) {
      io.out << kDocsHelp;
      return kExitClean;
    } else if (flag_matches(a, "--output-dir")) {
      if (!take_value(args, i, "--output-dir", &dir) || dir.empty())
        return usage_error(io, "--output-dir needs a directory", "cloudsift docs");
    } else {
      return usage_error(io, "unknown argument " + a, "cloudsift docs");
    }
  }
  if (dir.empty()) return usage_error(io, "docs needs --output-dir DIR", "cloudsift docs");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    io.err << "cloudsift: cannot create " << esc(dir) << ": " << ec.message() << "\n";
    return kExitUsage;
  }
  for (const auto& c : checks::all()) {
    std::ostringstream buf;
    report::write_check_doc(buf, c->metadata());
    std::string path = (std::filesystem::path(dir) / (c->metadata().id + ".md")).string();
    if (auto w = io::write_atomic(path, buf.str()); !w) {
      io.err << "cloudsift: " << esc(w.error().message) << "\n";
      return kExitUsage;
    }
  }
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
  if (argv[0] == "docs") return cmd_docs(rest, io);
  if (argv[0] == "config") return cmd_config(rest, io);
  return usage_error(io, "unknown command \"" + argv[0] + "\"", "cloudsift");
}

}  // namespace cs::cli
