// The explicit list of sources (no static self-registration), like the checks'. Kept sorted by name; a
// test says so. Adding a source: its class, one line in registry.cpp.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sources/source.h"

namespace cs::sources {

// Every source, sorted by name.
const std::vector<std::unique_ptr<Source>>& all();

// The source named so, or nullptr.
const Source* find(std::string_view name);

// The source that reads this file (the claimant of lowest precedence), or nullptr when none does.
const Source* claimant(std::string_view path, std::string_view head);

// The source that reads this directory as a whole (a CDK cloud assembly), or nullptr.
const Source* dir_claimant(const io::FileSystem& fs, const std::string& dir);

}  // namespace cs::sources
