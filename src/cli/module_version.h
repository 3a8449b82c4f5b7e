// Terraform module version constraints (`version = "~> 1.2, != 1.2.5"`) and the choice of a version from a
// registry's list, as `terraform init` makes it: the newest version that meets every constraint; a
// pre-release only when a constraint names exactly it. Versions and operators follow hashicorp/go-version,
// which Terraform uses for module versions (`~> 1.2` is >= 1.2.0 and < 2.0.0; `~> 1.2.3` is >= 1.2.3 and
// < 1.3.0; no operator means `=`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace cs::cli::modver {

struct Version {
  std::vector<long> segments;  // at least 3 (padded with zeros)
  size_t given = 0;            // how many segments were written
  std::string prerelease;      // after '-', without it
  std::string text;            // as written
};

std::optional<Version> parse_version(const std::string& s);
int compare(const Version& a, const Version& b);  // -1, 0, 1 (metadata ignored)

struct Constraint {
  enum class Op { Eq, Ne, Gt, Ge, Lt, Le, Pessimistic } op = Op::Eq;
  Version v;
};

// "" (any version) or comma-separated constraints; an error names the part that does not parse.
Result<std::vector<Constraint>> parse_constraints(const std::string& s);
bool allows(const std::vector<Constraint>& cs, const Version& v);

// The newest of `available` that `constraints` allow (strings as a registry lists them; ones that do not
// parse are skipped); nullopt when none.
std::optional<std::string> choose(const std::vector<Constraint>& constraints,
                                  const std::vector<std::string>& available);

}  // namespace cs::cli::modver
