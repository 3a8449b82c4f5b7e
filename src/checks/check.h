// A check reads the model and gives every resource it covers one verdict with a reason. Checks never
// see a parser, a file format or the AWS API: only cs::model.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/model.h"

namespace cs::checks {

enum class Severity { Low, Medium, High, Critical };
const char* to_string(Severity s);  // "LOW", ...
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
  std::string resource_type;         // AWS::Lambda::Function
  std::string rationale;             // why it matters (paragraphs separated by blank lines)
  std::vector<Remedy> remedies;      // the exact fix, per tool
  std::vector<std::string> notes;    // cost, sampling, limits: paragraphs
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

struct CheckResult {
  std::string check_id;
  Verdict verdict = Verdict::Pass;
  std::string reason;    // a short code from the Metadata verdict table ("absent", "active", ...)
  std::string resource;  // address / logical id / ARN
  std::string kind;      // source kind ("terraform", ...)
  Severity severity = Severity::Low;
  std::string message;   // one sentence for people
  model::Location location;  // where to edit
  model::Location declared;  // where the resource is declared
  std::vector<std::pair<std::string, std::string>> properties;  // from the model (construct path, ...)
  std::vector<model::Location> enclosing;  // module calls the resource comes through (from the model)
  std::vector<model::aws::lambda::Function::Directive> directives;  // suppressions written as data
  // Stable identity for baselines and SARIF partialFingerprints: check id + file + resource address
  // (instance key included); unchanged when lines move. Filled by the engine.
  std::string fingerprint;
  bool suppressed = false;  // true when `suppression` applies (an expired one leaves this false)
  std::vector<Suppression> suppressions;  // every suppression that matched, applied or expired
};

class Check {
 public:
  virtual ~Check() = default;
  virtual const Metadata& metadata() const = 0;
  virtual void run(const model::Model& model, std::vector<CheckResult>& out) const = 0;
};

}  // namespace cs::checks
