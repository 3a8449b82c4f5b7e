#include "cli/flags.h"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <set>

namespace cs::cli {

void split_commas(const std::string& s, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
}

std::string format_list() {
  std::string s;
  const auto& names = report::format_names();
  for (size_t i = 0; i < names.size(); ++i)
    s += std::string(i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
  return s;
}

namespace {

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
  if (unit.empty() || unit == "b")
    shift = 0;
  else if (unit == "k" || unit == "kib")
    shift = 10;
  else if (unit == "m" || unit == "mib")
    shift = 20;
  else if (unit == "g" || unit == "gib")
    shift = 30;
  if (shift < 0 || n > (hi >> shift)) return false;
  n <<= shift;
  if (n < lo) return false;
  *out = n;
  return true;
}

// A whole decimal number in [lo, hi].
bool parse_count(const std::string& v, long lo, long hi, long* out) {
  if (v.empty() || v.size() > 18) return false;
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (*end || n < lo || n > hi) return false;
  *out = n;
  return true;
}

bool is_account_id(const std::string& v) {
  return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos;
}

// NAME=VALUE with a non-empty NAME.
bool split_pair(const std::string& v, std::string* k, std::string* val) {
  auto eq = v.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  *k = v.substr(0, eq);
  *val = v.substr(eq + 1);
  return true;
}

using F = Flag;

// Check selection, outputs and the CI gate: the same for both scans.
std::vector<Flag> selection_flags(bool aws) {
  return {
      F{.name = "check",
        .kind = F::List,
        .value_name = "ID[,ID...]",
        .help = aws ? "run only these checks; repeatable"
                    : "run only these checks (ids or aliases such as CKV_AWS_50); repeatable",
        .default_text = "",
        .apply =
            [](Options& o, const std::string& v) {
              split_commas(v, o.checks);
              return std::string();
            }},
      F{.name = "skip-check",
        .kind = F::List,
        .value_name = "ID[,ID...]",
        .help = "do not run these checks; repeatable",
        .apply =
            [](Options& o, const std::string& v) {
              split_commas(v, o.skip_checks);
              return std::string();
            }},
  };
}

std::vector<Flag> gate_flags() {
  return {
      F{.name = "format",
        .kind = F::List,
        .value_name = "NAME[:FILE]",
        .help = "output format: text, json, sarif, junit, csv or markdown (any case);\n"
                "with :FILE it is written to FILE (atomically) instead of standard output.\n"
                "Repeatable; at most one format may go to standard output",
        .default_text = "text",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              auto colon = v.find(':');
              Output out;
              out.name = v.substr(0, colon);
              if (!report::parse_format(out.name, &out.format))
                return "unknown format \"" + out.name + "\" (expected " + format_list() + ")";
              out.name = std::string(report::format_names()[static_cast<size_t>(out.format)]);
              if (colon != std::string::npos) {
                out.file = v.substr(colon + 1);
                if (out.file.empty()) return "--format " + v + " needs a file name after ':'";
              }
              o.outputs.push_back(out);
              return std::string();
            }},
      F{.name = "output",
        .kind = F::Value,
        .value_name = "FILE",
        .help = "write the format given without a FILE (default text) to FILE",
        .path = true,
        .empty_is_missing = true,
        .missing = "--output needs a file name",
        .apply =
            [](Options& o, const std::string& v) {
              o.output = v;
              return std::string();
            }},
      F{.name = "fail-on",
        .kind = F::Value,
        .value_name = "SEVERITY",
        .help = "exit 1 only for FAILs at or above LOW|MEDIUM|HIGH|CRITICAL",
        .default_text = "LOW",
        .apply =
            [](Options& o, const std::string& v) {
              if (!checks::parse_severity(v, &o.fail_on))
                return "unknown severity \"" + v + "\" (expected LOW, MEDIUM, HIGH or CRITICAL)";
              return std::string();
            }},
      F{.name = "soft-fail",
        .help = "exit 0 even with findings (input and usage errors still exit 2)",
        .apply =
            [](Options& o, const std::string&) {
              o.soft_fail = true;
              return std::string();
            }},
      F{.name = "fail-on-unresolved",
        .help = "UNRESOLVED results at or above the threshold fail too",
        .apply =
            [](Options& o, const std::string&) {
              o.fail_on_unresolved = true;
              return std::string();
            }},
      F{.name = "baseline",
        .kind = F::Value,
        .value_name = "FILE",
        .help = "findings recorded in FILE are suppressed; only new ones fail",
        .path = true,
        .empty_is_missing = true,
        .missing = "--baseline needs a file name",
        .apply =
            [](Options& o, const std::string& v) {
              o.baseline = v;
              return std::string();
            }},
      F{.name = "create-baseline",
        .kind = F::Value,
        .value_name = "FILE",
        .help = "record the current FAIL/UNRESOLVED findings in FILE (exits 0)",
        .path = true,
        .empty_is_missing = true,
        .missing = "--create-baseline needs a file name",
        .apply =
            [](Options& o, const std::string& v) {
              o.create_baseline = v;
              return std::string();
            }},
      F{.name = "quiet",
        .short_name = 'q',
        .help = "text output: only FAIL results (not suppressed) and error diagnostics;\n"
                "the summary line (and a live scan's coverage) stays",
        .apply =
            [](Options& o, const std::string&) {
              o.quiet = true;
              return std::string();
            }},
      F{.name = "compact",
        .help = "text output: one line per result ending at its message (no construct path,\n"
                "live properties or suppression details) and no note diagnostics",
        .apply =
            [](Options& o, const std::string&) {
              o.compact = true;
              return std::string();
            }},
      F{.name = "no-color",
        .help = "never colour the text output (also: NO_COLOR=1); colour is used only on a terminal",
        .apply =
            [](Options& o, const std::string&) {
              o.no_color = true;
              return std::string();
            }},
  };
}

std::vector<Flag> scan_flags() {
  std::vector<Flag> flags = selection_flags(false);
  std::vector<Flag> own = {
      F{.name = "var",
        .kind = F::Pairs,
        .value_name = "NAME=VALUE",
        .help = "set a root module variable, as terraform plan -var; repeatable",
        .apply =
            [](Options& o, const std::string& v) {
              std::string k, val;
              if (!split_pair(v, &k, &val)) return "--var expects NAME=VALUE, got \"" + v + "\"";
              o.scan.terraform.var_args.push_back(tf::VarArg{false, k, val});
              return std::string();
            }},
      F{.name = "var-file",
        .kind = F::List,
        .value_name = "FILE",
        .help = "read root variables from a .tfvars or .tfvars.json file; repeatable\n"
                "(terraform.tfvars and *.auto.tfvars in a root are read as Terraform does;\n"
                " TF_VAR_name environment variables too)",
        .path = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.scan.terraform.var_args.push_back(tf::VarArg{true, "", v});
              return std::string();
            }},
      F{.name = "download-external-modules",
        .help = "fetch Terraform modules that are not on disk (registry, git, HTTP archives)\n"
                "into --external-modules-dir and evaluate them, as terraform init would",
        .apply =
            [](Options& o, const std::string&) {
              o.download_external_modules = true;
              return std::string();
            }},
      F{.name = "external-modules-dir",
        .kind = F::Value,
        .value_name = "DIR",
        .help = "cache of --download-external-modules",
        .default_text = ".cloudsift/modules in the scanned directory",
        .path = true,
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.external_modules_dir = v;
              return std::string();
            }},
      F{.name = "parameter",
        .kind = F::Pairs,
        .value_name = "KEY=VALUE",
        .help = "CloudFormation/SAM parameter value (overrides Default); repeatable",
        .apply =
            [](Options& o, const std::string& v) {
              std::string k, val;
              if (!split_pair(v, &k, &val)) return "--parameter expects KEY=VALUE, got \"" + v + "\"";
              o.scan.cloudformation.parameters.emplace_back(k, val);
              return std::string();
            }},
      F{.name = "parameters-file",
        .kind = F::List,
        .value_name = "FILE",
        .help = "parameter values, AWS CLI [{ParameterKey,ParameterValue}] or CodePipeline\n"
                "{\"Parameters\": {...}} JSON; repeatable",
        .path = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.scan.cloudformation.parameter_files.push_back(v);
              return std::string();
            }},
      F{.name = "region",
        .kind = F::Value,
        .value_name = "REGION",
        .help = "AWS::Region for templates, provider.region for Serverless",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.scan.cloudformation.pseudo["AWS::Region"] = v;
              o.scan.serverless.region = v;
              return std::string();
            }},
      F{.name = "account-id",
        .kind = F::Value,
        .value_name = "ID",
        .help = "AWS::AccountId for templates",
        .missing = "--account-id expects a 12-digit AWS account id",
        .apply =
            [](Options& o, const std::string& v) {
              if (!is_account_id(v)) return std::string("--account-id expects a 12-digit AWS account id");
              o.scan.cloudformation.pseudo["AWS::AccountId"] = v;
              return std::string();
            }},
      F{.name = "stage",
        .kind = F::Value,
        .value_name = "STAGE",
        .help = "Serverless Framework stage (${opt:stage}, ${sls:stage})",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.scan.serverless.stage = v;
              return std::string();
            }},
      F{.name = "param",
        .kind = F::Pairs,
        .value_name = "KEY=VALUE",
        .help = "Serverless Framework parameter (${param:KEY}); repeatable",
        .apply =
            [](Options& o, const std::string& v) {
              std::string k, val;
              if (!split_pair(v, &k, &val)) return "--param expects KEY=VALUE, got \"" + v + "\"";
              o.scan.serverless.params[k] = val;
              return std::string();
            }},
      F{.name = "env-vars",
        .help = "let Serverless ${env:NAME} read the environment (off: unknown)",
        .apply =
            [](Options& o, const std::string&) {
              o.scan.serverless.env_vars = true;
              return std::string();
            }},
  };
  flags.insert(flags.end(), own.begin(), own.end());
  for (auto& f : gate_flags()) flags.push_back(f);
  std::vector<Flag> rest = {
      F{.name = "no-inline-suppressions",
        .help = "ignore suppression comments and CloudFormation Metadata",
        .apply =
            [](Options& o, const std::string&) {
              o.scan.suppress.enabled = false;
              return std::string();
            }},
      F{.name = "require-justification",
        .help = "a suppression without a reason does not count",
        .apply =
            [](Options& o, const std::string&) {
              o.scan.suppress.require_justification = true;
              return std::string();
            }},
      F{.name = "skip-unknown-files",
        .help = "a named file that is no input cloudsift reads is a note, not an error,\n"
                "and a named .tfvars file scans its module (hooks that pass changed files)",
        .apply =
            [](Options& o, const std::string&) {
              o.scan.skip_unknown_files = true;
              return std::string();
            }},
      F{.name = "threads",
        .kind = F::Value,
        .value_name = "N",
        .help = "worker threads",
        .default_text = "number of CPUs",
        .apply =
            [](Options& o, const std::string& v) {
              long n = 0;
              if (!parse_count(v, 1, 256, &n))
                return "--threads expects a number from 1 to 256, got \"" + v + "\"";
              o.scan.threads = static_cast<unsigned>(n);
              return std::string();
            }},
      F{.name = "max-file-size",
        .kind = F::Value,
        .value_name = "SIZE",
        .help = "refuse files larger than SIZE bytes (suffix K, M or G)",
        .default_text = "32M",
        .apply =
            [](Options& o, const std::string& v) {
              auto size = io::parse_size(v);
              if (!size)
                return "--max-file-size expects a size in bytes with an optional K, M or G suffix, got \"" +
                       v + "\"";
              o.disk.set_max_file_size(*size);
              return std::string();
            }},
      F{.name = "config",
        .kind = F::Value,
        .value_name = "FILE",
        .help = "read flags from FILE (default: the nearest .cloudsift.yaml from the first\n"
                "path up to the git repository root; named on stderr)",
        .config = false,
        .missing = "--config needs a file",
        .apply = [](Options&, const std::string&) { return std::string(); }},
  };
  flags.insert(flags.end(), rest.begin(), rest.end());
  return flags;
}

std::vector<Flag> scan_aws_flags() {
  auto count = [](const char* flag, long lo, long hi, auto set) {
    return [=](Options& o, const std::string& v) {
      long n = 0;
      if (!parse_count(v, lo, hi, &n))
        return std::string(flag) + " expects a number from " + std::to_string(lo) + " to " +
               std::to_string(hi) + ", got \"" + v + "\"";
      set(o, n);
      return std::string();
    };
  };
  std::vector<Flag> flags = {
      F{.name = "profile",
        .kind = F::Value,
        .value_name = "NAME",
        .help = "the shared config/credentials profile",
        .default_text = "AWS_PROFILE, else default",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.profile = v;
              return std::string();
            }},
      F{.name = "region",
        .kind = F::Value,
        .value_name = "REGION",
        .help = "home region for STS, EC2 DescribeRegions and the partition",
        .default_text = "AWS_REGION, AWS_DEFAULT_REGION, the profile, else us-east-1",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.region = v;
              return std::string();
            }},
      F{.name = "regions",
        .kind = F::Value,
        .value_name = "all|R1,R2",
        .help = "regions to scan (all: every region enabled for each account);\n"
                "a listed region that is not enabled for an account is a gap",
        .default_text = "all",
        .empty_is_missing = true,
        .missing = "--regions needs a value (all or a comma-separated list)",
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.live.regions.clear();
              if (v == "all") return std::string();
              split_commas(v, o.aws.live.regions);
              for (const auto& r : o.aws.live.regions)
                if (r.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos ||
                    r.size() > 32)
                  return "--regions: \"" + r + "\" is not a region name";
              return std::string();
            }},
      F{.name = "org",
        .help = "scan every ACTIVE account of the Organization (ListAccounts; needs the\n"
                "management or a delegated administrator account)",
        .apply =
            [](Options& o, const std::string&) {
              o.aws.live.org = true;
              return std::string();
            }},
      F{.name = "role-name",
        .kind = F::Value,
        .value_name = "NAME",
        .help = "role assumed in the other accounts",
        .default_text = "OrganizationAccountAccessRole",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.live.role_name = v;
              return std::string();
            }},
      F{.name = "external-id",
        .kind = F::Value,
        .value_name = "ID",
        .help = "ExternalId for AssumeRole",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.live.external_id = v;
              return std::string();
            }},
      F{.name = "accounts",
        .kind = F::List,
        .value_name = "ID[,ID...]",
        .help = "only these accounts (with --org: of the Organization; without: assume\n"
                "--role-name in each one that is not the caller's)",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              split_commas(v, o.aws.live.accounts);
              return std::string();
            }},
      F{.name = "exclude-accounts",
        .kind = F::List,
        .value_name = "ID,..",
        .help = "never these accounts",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              split_commas(v, o.aws.live.exclude_accounts);
              return std::string();
            }},
      F{.name = "concurrency",
        .kind = F::Value,
        .value_name = "N",
        .help = "requests in flight at once (1-512)",
        .default_text = "32",
        .empty_is_missing = true,
        .apply = count("--concurrency", 1, 512, [](Options& o, long n) { o.aws.concurrency = size_t(n); })},
      F{.name = "endpoint-url",
        .kind = F::Value,
        .value_name = "URL",
        .help = "send every request to URL (LocalStack, moto); also AWS_ENDPOINT_URL and\n"
                "AWS_ENDPOINT_URL_<SERVICE> (LAMBDA, STS, ORGANIZATIONS, EC2)",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              o.aws.endpoint_url = v;
              return std::string();
            }},
      F{.name = "max-attempts",
        .kind = F::Value,
        .value_name = "N",
        .help = "attempts per request, AWS standard retry mode (1-100)",
        .default_text = "AWS_MAX_ATTEMPTS or 5",
        .empty_is_missing = true,
        .apply = count("--max-attempts", 1, 100, [](Options& o, long n) { o.aws.max_attempts = int(n); })},
      F{.name = "max-throttle-attempts",
        .kind = F::Value,
        .value_name = "N",
        .help = "attempts per read-only request while it is throttled (1-100)",
        .default_text = "9, or --max-attempts/AWS_MAX_ATTEMPTS when set",
        .empty_is_missing = true,
        .apply = count("--max-throttle-attempts", 1, 100,
                       [](Options& o, long n) { o.aws.max_throttle_attempts = int(n); })},
      F{.name = "retry-mode",
        .kind = F::Value,
        .value_name = "MODE",
        .help = "adaptive (a client-side rate limiter per endpoint after throttling) or standard\n"
                "(retries only); legacy is taken as standard",
        .default_text = "AWS_RETRY_MODE or adaptive",
        .empty_is_missing = true,
        .apply =
            [](Options& o, const std::string& v) {
              if (v != "adaptive" && v != "standard" && v != "legacy")
                return "--retry-mode expects adaptive, standard or legacy, got \"" + v + "\"";
              o.aws.retry_mode = v;
              return std::string();
            }},
      F{.name = "max-response-size",
        .kind = F::Value,
        .value_name = "SIZE",
        .help = "largest response body, as announced, received or decoded (gzip), e.g. 4MiB\n"
                "(1KiB-1GiB); a larger one is a gap response-too-large",
        .default_text = "16MiB",
        .missing = "--max-response-size expects a size from 1KiB to 1GiB (e.g. 16MiB), got \"\"",
        .apply =
            [](Options& o, const std::string& v) {
              if (!parse_byte_size(v, 1ull << 10, 1ull << 30, &o.aws.max_response_bytes))
                return "--max-response-size expects a size from 1KiB to 1GiB (e.g. 16MiB), got \"" + v + "\"";
              return std::string();
            }},
      F{.name = "request-timeout",
        .kind = F::Value,
        .value_name = "S",
        .help = "seconds one attempt may take in all (1-3600)",
        .default_text = "60",
        .missing = "--request-timeout expects seconds from 1 to 3600, got \"\"",
        .apply =
            [](Options& o, const std::string& v) {
              long n = 0;
              if (!parse_count(v, 1, 3600, &n))
                return "--request-timeout expects seconds from 1 to 3600, got \"" + v + "\"";
              o.aws.request_timeout = std::chrono::seconds(n);
              return std::string();
            }},
      F{.name = "low-speed-limit",
        .kind = F::Value,
        .value_name = "B",
        .help = "an attempt slower than B bytes/s ...",
        .default_text = "1024",
        .missing = "--low-speed-limit expects bytes per second from 1 to 1073741824, got \"\"",
        .apply =
            [](Options& o, const std::string& v) {
              long n = 0;
              if (!parse_count(v, 1, 1L << 30, &n))
                return "--low-speed-limit expects bytes per second from 1 to 1073741824, got \"" + v + "\"";
              o.aws.low_speed_limit = n;
              return std::string();
            }},
      F{.name = "low-speed-time",
        .kind = F::Value,
        .value_name = "S",
        .help = "... for S seconds times out (1-3600); a call that timed out on\n"
                "every attempt is a gap timeout",
        .default_text = "30",
        .missing = "--low-speed-time expects seconds from 1 to 3600, got \"\"",
        .apply =
            [](Options& o, const std::string& v) {
              long n = 0;
              if (!parse_count(v, 1, 3600, &n))
                return "--low-speed-time expects seconds from 1 to 3600, got \"" + v + "\"";
              o.aws.low_speed_time = std::chrono::seconds(n);
              return std::string();
            }},
      F{.name = "max-pages",
        .kind = F::Value,
        .value_name = "N",
        .help = "pages per listing (1-1000000); more is a gap too-many-pages",
        .default_text = "10000",
        .missing = "--max-pages expects a number from 1 to 1000000, got \"\"",
        .apply =
            [](Options& o, const std::string& v) {
              long n = 0;
              if (!parse_count(v, 1, 1000000, &n))
                return "--max-pages expects a number from 1 to 1000000, got \"" + v + "\"";
              o.aws.live.max_pages = static_cast<size_t>(n);
              return std::string();
            }},
      F{.name = "allow-partial",
        .help = "coverage gaps do not change the exit code",
        .apply =
            [](Options& o, const std::string&) {
              o.allow_partial = true;
              return std::string();
            }},
  };
  // Empty values are missing values for every `scan aws` flag; a number's missing value is the same
  // error as a bad one, with got "" (as it always was).
  for (auto& f : flags) {
    f.empty_is_missing = f.kind != F::Switch;
    if (f.name == "concurrency") f.missing = "--concurrency expects a number from 1 to 512, got \"\"";
    if (f.name == "max-attempts") f.missing = "--max-attempts expects a number from 1 to 100, got \"\"";
  }
  for (auto& f : selection_flags(true)) flags.push_back(f);
  for (auto& f : gate_flags()) {
    if (f.name == "soft-fail") f.help = "findings do not change the exit code";
    if (f.name == "quiet") f.help += "; no progress line and no incomplete-scan line on stderr";
    flags.push_back(f);
  }
  flags.push_back(F{.name = "debug",
                    .help = "log every request and response on stderr (Authorization, secret keys and\n"
                            "session tokens shown as ***)",
                    .apply = [](Options& o, const std::string&) {
                      o.debug = true;
                      return std::string();
                    }});
  flags.push_back(F{.name = "config",
                    .kind = F::Value,
                    .value_name = "FILE",
                    .help = "read flags from FILE (default: the nearest .cloudsift.yaml from the working\n"
                            "directory up to the git repository root; named on stderr)",
                    .config = false,
                    .missing = "--config needs a file",
                    .apply = [](Options&, const std::string&) { return std::string(); }});
  return flags;
}

}  // namespace

const Command& scan_command() {
  static const Command cmd{
      .name = "scan",
      .usage = "cloudsift scan [PATH ...] [options]",
      .about =
          "Scans files and directories: Terraform (.tf, .tf.json), Terraform plan and state JSON,\n"
          "CloudFormation and SAM templates (YAML or JSON), CDK output (cdk.out) and Serverless Framework\n"
          "services; each file's kind is found from its content. A directory is scanned recursively and "
          "every\n"
          "directory in it is a Terraform module. Modules called by another scanned directory are evaluated\n"
          "through their calls; the others are root modules.",
      .flags = scan_flags(),
      .positional = "PATH",
      .examples =
          "cloudsift scan examples/\n"
          "cloudsift scan infra/ --var env=prod --var-file prod.tfvars\n"
          "cloudsift scan main.tf --check lambda_notracing --format json --output out.json\n"
          "cloudsift scan infra/ --format text --format sarif:results.sarif --format junit:junit.xml\n"
          "cloudsift scan . --format markdown:comment.md --format csv:findings.csv\n"
          "cloudsift scan . --quiet --compact\n"
          "cloudsift scan template.yaml --parameter TracingMode=Active --region eu-west-1\n"
          "cloudsift scan serverless.yml --stage prod --param tracing=true\n"
          "cloudsift scan . --create-baseline .cloudsift-baseline.json\n"
          "cloudsift scan . --baseline .cloudsift-baseline.json --fail-on-unresolved",
      .exit_codes = "0 no FAIL, 1 at least one FAIL, 2 usage error or input that could not be parsed.",
  };
  return cmd;
}

// `fix`: scan's inputs and check selection (from .cloudsift.yaml too), without the report and gate
// flags; its own --write and --format.
static std::vector<Flag> fix_flags() {
  static const std::set<std::string> gate = {
      "format",   "output",          "fail-on", "soft-fail", "fail-on-unresolved",
      "baseline", "create-baseline", "quiet",   "compact",   "no-color"};
  std::vector<Flag> flags;
  for (Flag& f : scan_flags())
    if (!gate.count(f.name)) flags.push_back(std::move(f));
  flags.push_back(F{.name = "write",
                    .help = "apply the fixes to the files (each written atomically) instead of printing them",
                    .config = false,
                    .apply = [](Options& o, const std::string&) {
                      o.fix_write = true;
                      return std::string();
                    }});
  flags.push_back(F{.name = "format",
                    .kind = F::Value,
                    .value_name = "diff|json[:FILE]",
                    .help = "diff: a unified diff that git apply takes (paths relative to the working\n"
                            "directory); json: every fix, automatic or manual, with its edits.\n"
                            "With :FILE it is written to FILE (atomically) instead of standard output",
                    .default_text = "diff",
                    .config = false,
                    .empty_is_missing = true,
                    .apply = [](Options& o, const std::string& v) {
                      auto colon = v.find(':');
                      std::string name = v.substr(0, colon);
                      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                      if (name != "diff" && name != "json")
                        return "unknown fix format \"" + v.substr(0, colon) + "\" (expected diff or json)";
                      o.fix_format = name;
                      o.fix_output = colon == std::string::npos ? "" : v.substr(colon + 1);
                      if (colon != std::string::npos && o.fix_output.empty())
                        return "--format " + v + " needs a file name after ':'";
                      return std::string();
                    }});
  return flags;
}

const Command& fix_command() {
  static const Command cmd{
      .name = "fix",
      .usage = "cloudsift fix [PATH ...] [options]",
      .about =
          "Fixes what scan finds, in the files that decide it, with the smallest edit: a wrong tracing mode\n"
          "becomes Active, a missing setting is written where the function is declared (Terraform\n"
          "tracing_config, CloudFormation TracingConfig, SAM Tracing). Every edit is checked before it is\n"
          "shown or written: the file parses before and after, and a scan of the fixed text passes. A value\n"
          "decided elsewhere (a variable, a module input, Globals, a generated file) is a manual fix that\n"
          "says what to change. Without --write nothing is changed and a unified diff is printed.",
      .flags = fix_flags(),
      .positional = "PATH",
      .examples =
          "cloudsift fix infra/\n"
          "cloudsift fix infra/ | git apply\n"
          "cloudsift fix . --write\n"
          "cloudsift fix template.yaml --check lambda_notracing --format json:fixes.json",
      .exit_codes =
          "without --write: 0 nothing to fix, 1 fixes proposed (or manual ones listed);\n"
          "with --write: 0 every fixable finding fixed and none left manual, 1 some need a manual fix;\n"
          "2 usage error or input that could not be parsed.",
  };
  return cmd;
}

const Command& scan_aws_command() {
  static const Command cmd{
      .name = "scan aws",
      .usage = "cloudsift scan aws [options]",
      .about =
          "Scans live AWS accounts: every Lambda function of every enabled region (or the regions given), of "
          "the\n"
          "caller's account, the accounts given, or every ACTIVE account of the Organization. Each "
          "(account,\n"
          "region) is either read completely or reported as a coverage gap with its cause; nothing unread "
          "is\n"
          "reported clean. Credentials are found as the AWS CLI finds them (environment, profiles, SSO "
          "cache,\n"
          "credential_process, web identity, container and instance metadata). The keys of .cloudsift.yaml\n"
          "apply as for scan (see cloudsift config --help).",
      .flags = scan_aws_flags(),
      .examples =
          "cloudsift scan aws\n"
          "cloudsift scan aws --profile prod --regions eu-west-1,us-east-1 --format json:prod.json\n"
          "cloudsift scan aws --org --role-name SecurityAudit --exclude-accounts 123456789012 --format "
          "sarif:org.sarif\n"
          "cloudsift scan aws --org --allow-partial --concurrency 64 --quiet\n"
          "cloudsift scan aws --endpoint-url http://127.0.0.1:5000 --regions us-east-1\n"
          "cloudsift scan aws --max-response-size 4MiB --request-timeout 20 --low-speed-time 10 --max-pages "
          "2000",
      .exit_codes =
          "0 every account and region read and no FAIL; 1 at least one FAIL; 2 usage error or\n"
          "nothing could be scanned (no credentials, credentials refused); 3 coverage gaps (before 1) "
          "unless\n"
          "--allow-partial.",
  };
  return cmd;
}

std::vector<const Flag*> config_keys() {
  std::vector<const Flag*> out;
  for (const Flag& f : scan_command().flags)
    if (f.config) out.push_back(&f);
  for (const Flag& f : scan_aws_command().flags)
    if (f.config && !find_flag(scan_command().flags, f.name)) out.push_back(&f);
  return out;
}

}  // namespace cs::cli
