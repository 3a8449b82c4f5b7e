// The CloudFormation source's settings for one scan (--parameter, --parameters-file, pseudo parameters):
// what the engine and the CLI fill, apart from the source's internals.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "io/confine.h"

namespace cs::cfn {

struct Options {
  // --parameter Key=Value, in order; they override each template parameter's Default.
  std::vector<std::pair<std::string, std::string>> parameters;
  // --parameters-file F: AWS CLI form [{"ParameterKey": k, "ParameterValue": v}, ...] or the
  // CodePipeline form {"Parameters": {k: v}}; applied in order before --parameter.
  std::vector<std::string> parameter_files;
  // Pseudo parameters that the user gave (AWS::Region, AWS::AccountId, AWS::Partition, ...); the
  // others are unknown.
  std::map<std::string, std::string> pseudo;
  // Where nested stack templates may be read: the scanned tree. Null: no confinement (in-memory tests).
  const io::Confinement* confine = nullptr;
};

}  // namespace cs::cfn
