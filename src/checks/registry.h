// The explicit list of checks (no static self-registration). Kept sorted by id; a test says so.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checks/check.h"

namespace cs::checks {

// Every check, sorted by id.
const std::vector<std::unique_ptr<Check>>& all();

// Find a check by id or alias (case-insensitive for aliases); nullptr when unknown.
const Check* find(const std::string& id_or_alias);

}  // namespace cs::checks
