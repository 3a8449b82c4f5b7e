// What every resource of the model shares, whatever its AWS service or the source it came from:
// identity, where it is declared and where a user edits it, the calls it comes through, suppressions
// written as data, and values that carry their origin, provenance and the anchor a fix needs.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cs::model {

// Where something is: a file range (IaC) or a cloud location (live). Lines and columns are 1-based;
// 0 means "not known". begin/end are byte offsets into the file (npos: not known).
struct Location {
  std::string file;
  unsigned line = 0, col = 0;
  unsigned end_line = 0, end_col = 0;
  size_t begin = std::string::npos, end = std::string::npos;
  bool empty() const { return file.empty() && line == 0; }
};

// Where a value that is not written would be inserted (after the last attribute of a block, under a
// mapping key), with the indentation a new line there takes. Fixes need it.
struct Anchor {
  std::string file;
  size_t offset = std::string::npos;
  unsigned line = 0, col = 0;
  std::string indent;
  bool empty() const { return offset == std::string::npos && line == 0; }
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
  Anchor anchor;               // Origin::Default: where the value would be written
};

// A reference to another resource of the model, by address (IaC) or ARN (live); either may be empty.
struct Ref {
  std::string address;
  std::string arn;
  bool empty() const { return address.empty() && arn.empty(); }
};

// A suppression written as data rather than a comment (CloudFormation Metadata), as directive text in
// one of the comment syntaxes ("checkov:skip=CKV_AWS_50:reason", "cloudsift:ignore ID reason=...").
struct Directive {
  std::string text;
  Location where;
};

struct Resource {
  // Identity as the user knows it: a Terraform address (module.api.aws_lambda_function.fn["a"]),
  // a CloudFormation logical id, a Serverless function key, or an ARN.
  std::string address;
  std::string type;   // the source's resource type: "aws_lambda_function", "AWS::Lambda::Function", ...
  std::string kind;   // the source: "terraform", "cloudformation", "sam", "serverless", "live", ...
  Location declared;  // the resource's declaration (first line; end_line = the block's last line when known)
  Location edit;      // where a user edits to fix it (a module call, an argument, a property)
  // A source-specific note that explains how a value was reached ("from module input tracing_mode",
  // "from Globals.Function.Tracing"). Empty when there is nothing to add.
  std::string note;
  // Declarations of the module calls / nested stacks the resource comes through, outermost first, so
  // a suppression on a module call covers everything inside it.
  std::vector<Location> enclosing;
  // The Terraform root module directory a resource of a child module is evaluated from, when it is not
  // the directory declaring it (a module shared by two roots gives one instance per root, at the same
  // address in the same file): part of a result's identity (findings::fingerprint). Empty otherwise.
  std::string root;
  using Directive = model::Directive;
  std::vector<Directive> directives;
  // Extra facts shown with every result, in this order: ("construct_path", "App/Stack/Fn"),
  // ("logical_id", "Fn"), ("account", ...), ("region", ...), ("runtime", ...), ("role", ...).
  std::vector<std::pair<std::string, std::string>> properties;
};

}  // namespace cs::model
