// data "aws_iam_policy_document": the policy JSON the AWS provider renders from statement blocks, so that
// a role whose policy is `data.aws_iam_policy_document.x.json` can be evaluated like one written with
// jsonencode. Only the IAM checks read the text (sources/common/iam_policy.h).
#pragma once

#include "sources/terraform/config.h"
#include "sources/terraform/eval.h"

namespace cs::tf::aws {

// The data source's attributes {json, minified_json} from its (merged) body, evaluated in `ctx`:
// `version`, `policy_id`, `statement` blocks (static and dynamic: sid, effect (default Allow), actions,
// not_actions, resources, not_resources, principals / not_principals, condition), then
// `source_policy_documents` (their statements first, a later one replacing an earlier Sid),
// this document's statements (replacing the same Sid), `override_policy_documents` (replacing the same
// Sid, else appended). An element that cannot be known before apply (a resource ARN) stays in the text
// as {"cloudsift:unknown": REASON}, which the policy reader takes as an unknown element, so a statement
// that names it can still be judged on its actions. Unknown as a whole when a statement list, a
// source document or a dynamic block's collection is not known.
Value policy_document_value(const MergedBody& body, EvalContext& ctx);

}  // namespace cs::tf::aws
