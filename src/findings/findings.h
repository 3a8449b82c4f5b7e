// What a scan finds, as data: verdicts, results (with room for a fix intent), check metadata, the
// summary, live coverage and the finished report. Everything after the engine (report, and later store
// and service) reads this library and never sees a parser, a source or the engine.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "model/model.h"

namespace cs::findings {

enum class Severity { Low, Medium, High, Critical };
const char* to_string(Severity s);                         // "LOW", ...
bool parse_severity(const std::string& s, Severity* out);  // case-insensitive

enum class Verdict { Pass, Fail, Unresolved, NotApplicable };
const char* to_string(Verdict v);  // "PASS", "FAIL", "UNRESOLVED", "NOT_APPLICABLE"

// A fix snippet for one way of deploying (shown by `explain`, SARIF help, docs).
struct Remedy {
  std::string title;     // "AWS CLI", "Terraform", "AWS SAM", ...
  std::string language;  // for Markdown fences: "sh", "hcl", "yaml"
  std::string text;
};

// Everything about a check that is data, not code.
struct Metadata {
  std::string id;                    // lambda_notracing
  std::vector<std::string> aliases;  // CKV_AWS_50, AVD-AWS-0066, ...
  std::string title;                 // one line
  Severity severity = Severity::Low;
  std::string resource_type;       // AWS::Lambda::Function
  std::string rationale;           // why it matters (paragraphs separated by blank lines)
  std::vector<Remedy> remedies;    // the exact fix, per tool
  std::vector<std::string> notes;  // cost, sampling, limits: paragraphs
  // Verdict table: one row per (verdict, reason) the check can give, with when it applies.
  struct Row {
    Verdict verdict;
    std::string reason;
    std::string when;
  };
  std::vector<Row> verdicts;
  std::vector<std::string> references;  // URLs / document names
};

// Why a result does not count: an inline comment (in any of the syntaxes users migrate with) or a
// baseline entry. Filled by the engine, never by a check.
struct Suppression {
  std::string kind;           // "inline" or "baseline"
  std::string syntax;         // "cloudsift", "checkov", "tfsec", "trivy", "kics", "baseline"
  std::string justification;  // the reason given (may be empty)
  std::string until;          // YYYY-MM-DD or empty
  model::Location where;      // where the suppression is written
  // "applied"; or why it did not count: "expired" (until is past), "unjustified" (no reason under
  // --require-justification).
  std::string status = "applied";
};

// What a FAIL would take to fix, as data the fix layer renders into text edits (src/fix) or API calls.
// A check fills it from the model: the written value to replace, or where a missing one goes. It says
// nothing about a file format; the renderer of the source's format decides whether it can edit there.
struct FixIntent {
  enum class Kind { SetTracingActive, EnableStageTracing, GrantXrayWrite };
  Kind kind = Kind::SetTracingActive;
  std::string resource;   // the address (or ARN) of the resource to change
  std::string detail;     // for people: "set TracingConfig.Mode to Active"
  std::string source;     // the source kind: "terraform", "cloudformation", "sam", "serverless", ...
  model::Location value;  // the value as written, to replace (empty when it is not written)
  model::Anchor anchor;   // where the missing setting goes (when it is not written)
  // Why no automatic edit can be made (the value comes from a variable, a module input, Globals, a
  // generated file): the fix is manual, and this says what to change. Empty: a renderer may try.
  std::string manual;
};

struct CheckResult {
  std::string check_id;
  Verdict verdict = Verdict::Pass;
  std::string reason;    // a short code from the Metadata verdict table ("absent", "active", ...)
  std::string resource;  // address / logical id / ARN
  std::string kind;      // source kind ("terraform", ...)
  Severity severity = Severity::Low;
  std::string message;                                          // one sentence for people
  model::Location location;                                     // where to edit
  model::Location declared;                                     // where the resource is declared
  std::vector<std::pair<std::string, std::string>> properties;  // from the model (construct path, ...)
  std::vector<model::Location> enclosing;    // module calls the resource comes through (from the model)
  std::vector<model::Directive> directives;  // suppressions written as data
  // Stable identity for baselines and SARIF partialFingerprints: check id + file + resource address
  // (instance key included) [+ "|root=" + root module directory, see baseline.h]; unchanged when lines
  // move. Filled by the engine.
  std::string fingerprint;
  // Part of the identity, not shown on its own: the Terraform root module a child module's resource is
  // evaluated from (model::Resource::root); empty for everything else.
  std::string root;
  bool suppressed = false;  // true when `suppression` applies (an expired one leaves this false)
  std::vector<Suppression> suppressions;  // every suppression that matched, applied or expired
  std::optional<FixIntent> fix;           // how a FAIL could be fixed (lambda_notracing fills it)
};

struct Summary {
  size_t passed = 0, failed = 0, unresolved = 0, not_applicable = 0;  // not counting suppressed ones
  size_t suppressed = 0;
  size_t parse_errors = 0;  // Error diagnostics
  size_t files = 0, bytes = 0;
};

// Live scans: what was read and what could not be (a scan with gaps is incomplete).
// Gap causes (short codes shown in every output format).
inline constexpr const char* kAccessDenied = "access-denied";
inline constexpr const char* kRegionNotEnabled = "region-not-enabled";
inline constexpr const char* kAssumeRoleFailed = "assume-role-failed";
inline constexpr const char* kRetriesExhausted = "retries-exhausted";
inline constexpr const char* kExpiredToken = "expired-token";
inline constexpr const char* kRegionDiscoveryFailed = "region-discovery-failed";
inline constexpr const char* kOrgListingFailed = "org-listing-failed";
inline constexpr const char* kAccountNotFound = "account-not-found";
inline constexpr const char* kCredentials = "credentials";
inline constexpr const char* kBadResponse = "bad-response";
inline constexpr const char* kTimeout = "timeout";                      // a call timed out on every attempt
inline constexpr const char* kResponseTooLarge = "response-too-large";  // over --max-response-size
inline constexpr const char* kTooManyPages = "too-many-pages";          // over --max-pages
inline constexpr const char* kOtherError = "error";

struct ScannedRegion {
  std::string account, region;
  size_t functions = 0;
};
struct Gap {
  std::string account;       // "*" when no account could be named (the organization itself)
  std::string account_name;  // from Organizations, when known
  std::string region;        // "*" = every region of the account
  std::string cause;         // one of the codes above
  std::string detail;        // the API error summary (never a secret)
};
struct Skipped {
  std::string account, account_name;
  std::string region;  // "*" = the whole account
  std::string reason;  // "account status SUSPENDED", "region not enabled (not-opted-in)", "excluded"
};

struct Coverage {
  std::string caller_account, caller_arn, partition;
  std::vector<std::string> accounts;   // accounts in scope (sorted)
  std::vector<ScannedRegion> scanned;  // sorted by account, region
  std::vector<Gap> gaps;               // sorted by account, region
  std::vector<Skipped> skipped;        // sorted by account, region
  bool complete() const { return gaps.empty(); }
};

struct ScanReport {
  std::vector<CheckResult> results;  // sorted by file, line, resource, check
  Diagnostics diagnostics;           // sorted by file, line
  Summary summary;
  std::vector<const Metadata*> checks_run;  // the checks that ran, in registry order
  // Live scans only: what was read and what could not be (a scan with gaps is incomplete).
  std::optional<Coverage> coverage;
  // The metadata of a check that ran, by id; nullptr when it did not run.
  const Metadata* metadata(const std::string& check_id) const;
};

}  // namespace cs::findings
