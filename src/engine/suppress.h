// Inline suppressions: comments (HCL, YAML) and CloudFormation Metadata that tell cloudsift to not
// count a result, in cloudsift's own syntax and in the syntaxes users migrate with (Checkov, tfsec,
// Trivy, KICS). Scopes and syntaxes are documented in README.md ("Suppressions").
#pragma once

#include <string>
#include <vector>

#include "base/diag.h"
#include "checks/check.h"
#include "model/comments.h"

namespace cs::engine {

struct SuppressOptions {
  bool enabled = true;                 // --no-inline-suppressions turns them off
  bool require_justification = false;  // --require-justification: no reason, no suppression
  std::string today;                   // YYYY-MM-DD; a suppression whose until/exp is before it has expired
};

// One parsed directive.
struct Directive {
  enum class Scope {
    File,       // the whole file
    Attached,   // the block or line it is attached to (above it, or trailing on it)
    Inside,     // the block that contains it (checkov:skip)
    NextLine,   // the next code line (kics-scan ignore-line)
    NextBlock,  // the next block (kics-scan ignore-block)
    Resource,   // the resource it was written for (CloudFormation Metadata)
  };
  Scope scope = Scope::Attached;
  std::string syntax;            // cloudsift, checkov, tfsec, trivy, kics
  std::vector<std::string> ids;  // ids or aliases as written; empty = every check (kics-scan ignore)
  std::string reason;
  std::string until;     // YYYY-MM-DD or empty
  std::string instance;  // cloudsift instance=KEY: only that for_each/count instance
  std::string error;     // non-empty when the directive is malformed (a warning)
};

// Parse the directives in one comment's text (markers "#", "//", "/*" already removed). A comment may
// hold several (tfsec:ignore:a tfsec:ignore:b). Returns nothing for an ordinary comment.
std::vector<Directive> parse_directives(const std::string& comment);

// Apply every inline suppression that matches to `results` (sets suppressed/suppressions) and add
// warnings for malformed, unknown, expired and unjustified ones. Comment directives are read from
// `comments`, the comments the sources found when they parsed each file (Model::comments; no file is
// read again); a file listed twice (a module read by two sources) counts once.
void apply_inline_suppressions(const std::vector<model::FileComments>& comments,
                               std::vector<checks::CheckResult>& results, const SuppressOptions& opts,
                               Diagnostics& diags);

}  // namespace cs::engine
