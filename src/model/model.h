// The provider-neutral model every source fills and every check reads: resources, not checks. Each
// AWS service has its own header (model/aws/<service>.h); every resource shares model/resource.h.
// Values carry their origin (written, defaulted, unknowable), their provenance (file and range, or ARN
// and region) and the anchor a fix needs.
#pragma once

#include <string>
#include <vector>

#include "model/aws/apigateway.h"
#include "model/aws/iam.h"
#include "model/aws/lambda.h"
#include "model/comments.h"
#include "model/resource.h"

namespace cs::model {

// A part of the input whose contents cannot be read (a module whose source is not on disk). Each
// check that could have found something inside reports it as UNRESOLVED.
struct OpaqueComponent {
  std::string address;  // module.api
  std::string kind;     // "terraform"
  Location declared;
  std::string reason;  // short code: "module-missing"
  std::string detail;  // human text: source "git::https://..." is not on disk; run terraform init
  // As Resource's: the module calls / nested stacks it comes through (outermost first), and suppressions
  // written as data (the Metadata of the nested stack resources it comes through).
  std::vector<Location> enclosing;
  std::vector<Directive> directives;
  std::string root;  // as Resource::root: the Terraform root module it is reached from (child modules)
};

struct Model {
  std::vector<aws::lambda::Function> lambda_functions;
  std::vector<aws::lambda::EventSourceMapping> lambda_event_source_mappings;
  std::vector<aws::apigateway::RestApi> apigateway_rest_apis;
  std::vector<aws::apigateway::Stage> apigateway_stages;
  std::vector<aws::iam::Role> iam_roles;
  std::vector<aws::iam::ManagedPolicy> iam_managed_policies;
  std::vector<aws::iam::RolePolicy> iam_role_policies;
  std::vector<aws::iam::RolePolicyAttachment> iam_role_policy_attachments;
  std::vector<OpaqueComponent> opaque;
  // The comments of every file the sources parsed that has any (inline suppressions read them), each
  // file once per source that parsed it.
  std::vector<FileComments> comments;
  // Files this model's input read as parts of itself (the templates of nested stacks, reached through
  // their parent): the engine does not scan them again on their own.
  std::vector<std::string> consumed_files;

  // Appends everything `other` holds, keeping both orders (this model's first).
  void merge(Model&& other);
  // Links resources to each other once the sources of one input ran: event source mappings to their
  // functions (aws::lambda::apply_event_source_mappings), role policies and attachments to their roles
  // (aws::iam::apply_role_policies).
  void link();
  bool empty() const;  // no resources and nothing opaque (comments alone do not count)
};

// Puts everything of `child` (the model of a nested stack's template) under the call that reaches it:
// every address and every reference by address gets `prefix` ("Parent/"), `call` (the nested stack's
// declaration) becomes the outermost enclosing call, and `directives` (suppressions written on the
// call) apply to everything inside.
void enclose(Model& child, const std::string& prefix, const Location& call,
             const std::vector<Directive>& directives);

const char* to_string(aws::lambda::TracingMode m);

}  // namespace cs::model
