// The flags of `scan` and `scan aws` (one Flag each, cli/command.h) and the helpers their `apply`
// functions share.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace cs::cli {

const Command& scan_command();      // cloudsift scan [PATH ...]
const Command& scan_aws_command();  // cloudsift scan aws
const Command& fix_command();       // cloudsift fix [PATH ...]

// Every .cloudsift.yaml key: the flags of `scan` then those only `scan aws` has.
std::vector<const Flag*> config_keys();

// "text, json, sarif, junit, csv or markdown"
std::string format_list();

void split_commas(const std::string& s, std::vector<std::string>& out);

}  // namespace cs::cli
