// A check reads the model and gives every resource it covers one verdict with a reason. Checks never
// see a parser, a file format or the AWS API: only cs::model. What they produce (results, verdicts,
// their metadata) is findings data.
#pragma once

#include <vector>

#include "findings/findings.h"
#include "model/model.h"

namespace cs::checks {

// The findings types under the names checks have always used.
using findings::CheckResult;
using findings::FixIntent;
using findings::Metadata;
using findings::parse_severity;
using findings::Remedy;
using findings::Severity;
using findings::Suppression;
using findings::to_string;
using findings::Verdict;

class Check {
 public:
  virtual ~Check() = default;
  virtual const Metadata& metadata() const = 0;
  virtual void run(const model::Model& model, std::vector<CheckResult>& out) const = 0;
};

// A result of the check `meta` for `res`, with what every result carries: identity, severity, where
// the resource is declared and where a user edits it, the calls it comes through, its suppressions
// written as data and its properties. The check sets the verdict, reason and message.
CheckResult result_for(const Metadata& meta, const model::Resource& res);

// One UNRESOLVED result per part of the input that could not be read (a module whose source is not on
// disk): whatever resources of the check's kind it holds are unseen, never passed.
void unresolved_opaque(const Metadata& meta, const model::Model& model, std::vector<CheckResult>& out);

}  // namespace cs::checks
