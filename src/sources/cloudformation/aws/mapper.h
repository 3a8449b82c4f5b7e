// What every CloudFormation / SAM / CDK per-service mapper receives, and the helpers they share. The
// template scanner (cloudformation.cpp) reads the document, sets up the intrinsics evaluator, and hands
// each mapper the resources of the types it is registered for (its explicit registry, keyed by resource
// type); a mapper fills the model.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/model.h"
#include "sources/cloudformation/intrinsics.h"

namespace cs::cfn::aws {

// What the template scanner hands a per-service mapper.
struct TemplateContext {
  const std::string& file;
  const yaml::Node* root;  // the template's top-level mapping
  Evaluator& ev;
  const std::string& kind_override;  // "cdk", or "" (kind from the resource type: "cloudformation"/"sam")
  // Suppressions written as resource Metadata, added to a resource's directives.
  std::function<void(const yaml::Node* metadata, model::Resource& r)> suppressions;
};

// The template's resources of the types a mapper is registered for, in template order: each a
// `LogicalId: {Type: ..., ...}` pair with a scalar key, a mapping value and a scalar Type.
using Resources = std::vector<const yaml::Pair*>;

namespace util {

model::Location loc(const std::string& file, const yaml::Node* n);
void add_note(std::string& note, const std::string& more);
// The logical id a Ref / GetAtt names, or "".
std::string referenced_id(const yaml::Node* n);
// Literal text of an ARN-ish expression, with "?" for the parts that cannot be known; enough to see
// the service of "arn:${AWS::Partition}:kafka:..." or a Join of such parts.
std::string sketch(const yaml::Node* n, int depth = 0);
// Does the resource exist? False only when its Condition is known to be false; an undecidable
// condition gives a note.
bool exists(Evaluator& ev, const yaml::Node* def, std::string* note);
// A mapping (possibly reached through intrinsics), or nullptr.
const yaml::Node* as_map(Evaluator& ev, const yaml::Node* n);

}  // namespace util

}  // namespace cs::cfn::aws
