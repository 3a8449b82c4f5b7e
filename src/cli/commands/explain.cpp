// cloudsift explain CHECK
#include "checks/registry.h"
#include "cli/commands/commands.h"

namespace cs::cli {

int cmd_explain(const std::vector<std::string>& args, Io& io) {
  static const Command cmd{
      .name = "explain",
      .usage = "cloudsift explain CHECK",
      .about =
          "Explains a check: why it matters, the verdicts it gives, the exact fix for the AWS CLI, "
          "Terraform,\n"
          "SAM, CloudFormation and the Serverless Framework, and what the fix costs. CHECK is an id or "
          "alias.",
      .positional = "CHECK",
      .examples = "cloudsift explain lambda_notracing\ncloudsift explain CKV_AWS_50",
  };
  Options o;
  if (int rc = parse(cmd, args, o, io); rc >= 0) return rc;
  if (o.positional.size() > 1) return usage_error(io, "explain takes one check id", cmd);
  if (o.positional.empty())
    return usage_error(io, "explain needs a check id (see cloudsift list-checks)", cmd);
  const std::string& id = o.positional[0];
  const checks::Check* c = checks::find(id);
  if (!c) return usage_error(io, "unknown check \"" + id + "\" (see cloudsift list-checks)", cmd);
  report::write_explain(io.out, c->metadata());
  return kExitClean;
}

}  // namespace cs::cli
