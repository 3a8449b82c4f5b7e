// AWS IAM roles in the model, with the policy documents that decide what they may do.
#pragma once

#include <string>
#include <vector>

#include "model/resource.h"

namespace cs::model::aws::iam {

struct PolicyDocument {
  std::string name;        // inline policy name, or the managed policy's address/ARN
  Attr<std::string> json;  // the document as JSON text (Unknown when it cannot be known)
  Location where;
};

struct Role : Resource {
  std::string name;
  std::vector<Ref> managed_policies;            // attached managed policies (address or ARN)
  std::vector<PolicyDocument> inline_policies;  // inline policies, in order
  Ref permissions_boundary;
};

}  // namespace cs::model::aws::iam
