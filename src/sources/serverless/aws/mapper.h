// What every Serverless Framework per-service mapper receives. serverless.cpp reads the service file,
// checks the provider is aws, sets up the variable resolver, and runs each mapper of its registry once
// with this context; a mapper reads what it needs (functions, provider settings, events) and fills the
// model.
#pragma once

#include <string>
#include <vector>

#include "base/diag.h"
#include "model/model.h"
#include "sources/serverless/variables.h"

namespace cs::sls::aws {

struct ServiceContext {
  Resolver& r;
  const Value& root;      // the service document's root, resolved
  const Value& provider;  // root.provider (a mapping, or null)
  const std::string& file;
  Diagnostics& diags;  // problems of the service file itself (the resolver keeps those of files it reads)
  // Where nested stacks under `resources` are read, and the scan's settings (null in some unit tests:
  // nested templates are then not read).
  const io::FileSystem* fs = nullptr;
  const Options* opts = nullptr;
};

struct FunctionEntry {
  std::string name;  // the key under functions
  Member where;
};

struct Functions {
  std::vector<FunctionEntry> entries;  // in document order; a later definition of a name replaces the earlier
  std::string unknown;                 // not empty: some functions cannot be read (why)
};

// The service's functions: a mapping, a list of mappings (merged), either possibly included with
// ${file(...)}. With `report`, what cannot be read is recorded there as an OpaqueComponent (and a
// `functions` that is neither a mapping nor a list as a warning in ctx.diags).
Functions read_functions(const ServiceContext& ctx, model::Model* report);

// A function the Serverless Framework deploys itself for a custom resource
// (lib/plugins/aws/custom-resources): its name ("custom-resource-existing-s3"; the logical id is
// logical_id(name)), why, and the setting or event that asks for it.
struct CustomResource {
  std::string name;
  std::string why;
  Member where;
  // custom-resource-existing-s3: the bucket of each function's first s3 event with existing: true, in
  // the functions' order (each adds a statement to the custom resources' role).
  std::vector<Value> buckets;
};

// The Framework's logical id for a function (naming.getLambdaLogicalId): "my-fn" -> "MyDashfnLambdaFunction".
std::string logical_id(const std::string& name);

// Does provider.iam.role name an existing role (a string, or an intrinsic such as {"Fn::GetAtt": ...})
// rather than configure the generated one (isExistingRoleProvided)?
bool existing_role(Resolver& r, const Value& role);

// A function's execution role as the Framework compiles it: its own `role`, else `provider_role`
// (provider.iam.role when existing_role, else provider.role), else the generated IamRoleLambdaExecution.
// An ARN string gives the ARN; another string, or {"Fn::GetAtt": [Id, Arn]}, the logical id; anything
// else (Fn::ImportValue, Fn::Sub, a value from a file or the environment) an empty reference.
model::Ref execution_role(Resolver& r, const Value& own, const Value& provider_role);

}  // namespace cs::sls::aws
