// The provider-neutral model every source adapter fills and every check reads. Values carry their
// origin (written, defaulted, unknowable) and their provenance (file and range, or ARN and region),
// plus the anchor a fix needs.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cs::model {

// Where something is: a file range (IaC) or a cloud location (live). Lines and columns are 1-based;
// 0 means "not known".
struct Location {
  std::string file;
  unsigned line = 0, col = 0;
  unsigned end_line = 0, end_col = 0;
  bool empty() const { return file.empty() && line == 0; }
};

enum class Origin {
  Explicit,  // written in the input (or read from the API)
  Default,   // not written; the deploying tool's default applies
  Unknown,   // cannot be known before deployment (see Attr::unknown_reason)
};

template <typename T>
struct Attr {
  T value{};
  Origin origin = Origin::Default;
  Location where;   // where the value is written (empty for defaults)
  std::string raw;  // the value as written, when it is worth showing ("active", "Passthrough")
  // The value must not be printed (it is a secret, or came from a file or the environment): raw then
  // holds the label to show instead, "(sensitive)", "(from file PATH)" or "(from environment)".
  bool raw_is_label = false;
  std::string unknown_reason;  // why it cannot be known (Origin::Unknown)
};

namespace aws::lambda {

enum class TracingMode {
  Absent,       // no tracing setting applies: Lambda's default PassThrough
  Active,       // exactly "Active"
  PassThrough,  // exactly "PassThrough"
  Invalid,      // a value the deploying tool rejects; Attr::raw holds it
  Unknown,      // Attr::unknown_reason says why
};

struct Function {
  // Identity as the user knows it: a Terraform address (module.api.aws_lambda_function.fn["a"]),
  // a CloudFormation logical id, a Serverless function key, or an ARN.
  std::string address;
  std::string kind;         // "terraform", "cloudformation", "sam", "serverless", "live", ...
  Location declared;        // the resource's declaration (first line; end_line = the block's last line when known)
  Location edit;            // where a user edits to fix it (a module call, an argument, a property)
  Attr<TracingMode> tracing;
  // A source-specific note that explains how the value was reached ("from module input tracing_mode",
  // "from Globals.Function.Tracing"). Empty when there is nothing to add.
  std::string note;
  // Declarations of the module calls the function comes through, outermost first (Terraform), so a
  // suppression on a module call covers everything inside it.
  std::vector<Location> enclosing;
  // Suppressions written as data rather than comments (CloudFormation Metadata), as directive text in
  // one of the comment syntaxes ("checkov:skip=CKV_AWS_50:reason", "cloudsift:ignore ID reason=...").
  struct Directive {
    std::string text;
    Location where;
  };
  std::vector<Directive> directives;
  // Extra facts shown with every result, in this order: ("construct_path", "App/Stack/Fn"),
  // ("logical_id", "Fn"), ("account", ...), ("region", ...), ("runtime", ...), ("role", ...).
  std::vector<std::pair<std::string, std::string>> properties;
  // Event sources X-Ray cannot trace (MSK, self-managed Kafka, MQ, DocumentDB): non-empty means the
  // check does not apply.
  std::string unsupported_event_source;
  // Why it cannot be told whether such an event source exists (live: the event source mappings could
  // not be listed). Non-empty makes a function that is not Active UNRESOLVED instead of FAIL.
  std::string applicability_unknown;
};

}  // namespace aws::lambda

// A part of the input whose contents cannot be read (a module whose source is not on disk). Each
// check that could have found something inside reports it as UNRESOLVED.
struct OpaqueComponent {
  std::string address;  // module.api
  std::string kind;     // "terraform"
  Location declared;
  std::string reason;   // short code: "module-missing"
  std::string detail;   // human text: source "git::https://..." is not on disk; run terraform init
};

struct Model {
  std::vector<aws::lambda::Function> lambda_functions;
  std::vector<OpaqueComponent> opaque;
};

const char* to_string(aws::lambda::TracingMode m);

}  // namespace cs::model
