// The Terraform mappers: which resource types the walker evaluates and which function turns an instance
// of each into model resources (sources/terraform/aws/<service>.cpp). One explicit table, sorted by type
// (mappers.cpp); a resource of a type no mapper claims is not evaluated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "sources/terraform/instance.h"

namespace cs::tf {

using MapFn = void (*)(ResourceInstance& instance, model::Model& out);

struct Mapper {
  std::string_view type;  // aws_lambda_function
  MapFn map;
  // Read whichever files were named (a scan of some files of a directory): the resource yields no result
  // of its own but decides the results of resources in the named files (an event source mapping decides
  // whether its function can be traced; a role's policies decide what its functions may do).
  bool all_files = false;
};

// Every mapper, sorted by type (mappers_test checks the order).
const std::vector<Mapper>& mappers();
// The mapper of a resource type, or null.
const Mapper* find_mapper(std::string_view type);

// A module whose source is not on disk but whose resources are known (terraform-aws-modules/lambda/aws):
// the walker expands the call's count / for_each and gives the mapper each instance of the call (type()
// "module", the call's body and declaration; address() module.x[...]).
struct ModuleMapper {
  std::string_view name;  // what the module is, for tests
  bool (*matches)(const std::string& source);
  MapFn map;
};

const std::vector<ModuleMapper>& module_mappers();
// The mapper for a module source, or null.
const ModuleMapper* find_module_mapper(const std::string& source);

}  // namespace cs::tf
