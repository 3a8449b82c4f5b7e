// The credential chain in botocore's order (API.md §12 "Provider order"):
//   env, assume-role, assume-role-with-web-identity, sso, shared-credentials-file, custom-process,
//   config-file, container-role, iam-role.
// Every OS boundary is injected (ResolverDeps). Providers that need the network (STS, SSO portal,
// container endpoint, IMDS) go through StsClient / HttpGetter.
//
// Like botocore, resolution picks the provider eagerly but defers network calls of assume-role,
// web identity and SSO to the first CredentialsProvider::get(); env, file, process, container and IMDS
// credentials are fetched during resolution.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/creds/config.h"
#include "aws/creds/provider.h"
#include "aws/creds/types.h"
#include "base/result.h"
#include "io/fs.h"

namespace cs::aws::creds {

struct ResolverDeps {
  Environment env;                     // copied: the chain keeps its own snapshot
  const io::FileSystem* fs = nullptr;  // required
  const TimeSource* clock = nullptr;   // required
  ProcessRunner* process = nullptr;    // credential_process is an error without one
  HttpGetter* http = nullptr;          // container/IMDS/SSO: container and SSO are errors without one,
                                       // IMDS is skipped (with a note)
  StsClient* sts = nullptr;            // assume-role / web identity fail on first use without one
};

struct ResolveOptions {
  std::optional<std::string> profile;  // --profile (disables env credentials, as in botocore)
  std::optional<std::string> region;   // --region
};

struct Resolution {
  std::string profile;
  ProfileSource profile_source = ProfileSource::Default;
  std::string region;  // "" when none is configured
  std::string method;  // botocore's provider name of the winner
  std::shared_ptr<CredentialsProvider> provider;
  std::vector<std::string> notes;  // why providers were skipped (no secrets)

  std::string to_string() const;
};

// Chooses a profile, a region and a credentials provider. The pointers in `deps` must outlive the
// returned provider. An Error when a provider is configured wrongly (partial keys, a bad profile
// chain, a failing credential_process, ...) or when no provider has credentials.
Result<Resolution> resolve_credentials(const ResolveOptions& opts, ResolverDeps deps);

}  // namespace cs::aws::creds
