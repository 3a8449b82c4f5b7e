// Baselines: the findings a team has accepted, so that only new ones fail. A finding is identified by
// its fingerprint (check id + the file declaring the resource + the resource address, instance key
// included, and for a Terraform child module's resource the root module it is evaluated from, unless
// that is the working directory): robust to lines moving, never matching a same-named resource in another
// file, and telling apart the instances of one module that two root modules call.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "findings/findings.h"

namespace cs::findings {

// `cwd`: an absolute path inside it is made relative, so the same finding has the same fingerprint
// whether the scan was given "infra/" or "/repo/infra/".
std::string fingerprint(const CheckResult& r, const std::string& cwd = "");

// The baseline document: FAIL and UNRESOLVED results that are not suppressed, written atomically.
std::string baseline_json(const std::vector<CheckResult>& results, const std::string& version);
Result<std::set<std::string>> read_baseline(const std::string& path, const std::string& content);

// Mark results whose fingerprint is in the baseline as suppressed (kind "baseline").
void apply_baseline(std::vector<CheckResult>& results, const std::set<std::string>& fingerprints,
                    const std::string& baseline_path);

}  // namespace cs::findings
