// Terraform plan JSON (terraform show -json PLAN) and state JSON (terraform.tfstate, terraform show
// -json) into the model.
#pragma once

#include <string>
#include <string_view>

#include "base/diag.h"
#include "io/fs.h"
#include "model/model.h"

namespace cs::tfplan {

enum class Kind { None, Plan, State };

// Plan: an object with format_version and resource_changes / planned_values. State: terraform.tfstate
// (version 4, "resources") or show-json state (format_version and values.root_module without
// resource_changes).
Kind detect(std::string_view path, std::string_view content);

// Scan one plan or state file (kind "terraform-plan" / "terraform-state"; address as Terraform prints it).
void scan(const io::FileSystem& fs, const std::string& path, std::string content, model::Model& model,
          Diagnostics& diags);

}  // namespace cs::tfplan
