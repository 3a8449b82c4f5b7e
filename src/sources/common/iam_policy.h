// Reads an IAM policy document's JSON text into the statements the model evaluates
// (model::aws::iam::Statement), with the grammar IAM accepts: Statement one object or an array; Effect
// exactly "Allow" or "Deny"; Action or NotAction, Resource or NotResource, each a string or an array of
// strings; a Condition block. Every source that fills PolicyDocument::json calls it.
#pragma once

#include "model/aws/iam.h"

namespace cs::sources {

// Fills doc.statements (and doc.invalid when the text is not a policy IAM would accept) from doc.json.
// Nothing to read when the document is not known before deployment.
void read_policy_statements(model::aws::iam::PolicyDocument& doc);

}  // namespace cs::sources
