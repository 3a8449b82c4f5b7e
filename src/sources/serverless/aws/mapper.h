// What every Serverless Framework per-service mapper receives. serverless.cpp reads the service file,
// checks the provider is aws, sets up the variable resolver, and runs each mapper of its registry once
// with this context; a mapper reads what it needs (functions, provider settings, events) and fills the
// model.
#pragma once

#include <string>

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
};

}  // namespace cs::sls::aws
