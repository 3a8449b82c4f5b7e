// CloudFormation and AWS SAM templates (YAML or JSON), and CDK cloud assemblies (cdk.out), into the
// model. Intrinsic functions are evaluated as CloudFormation (and the SAM transform) would, as far as
// they can be known before deployment; what cannot be known becomes TracingMode::Unknown with a reason.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "io/fs.h"
#include "model/model.h"
#include "sources/cloudformation/options.h"

namespace cs::cfn {

enum class TemplateKind { None, CloudFormation, Sam };

// From the content: SAM when Transform names AWS::Serverless-2016-10-31 (string or list); CloudFormation
// when AWSTemplateFormatVersion is present or Resources holds at least one "AWS::..." Type. Cheap: it may
// parse the document.
TemplateKind detect(std::string_view path, std::string_view content);

// Scan one template file into `model` (kind "cloudformation" or "sam"; address = logical id).
void scan_template(const io::FileSystem& fs, const std::string& path, std::string content,
                   const Options& opts, model::Model& model, Diagnostics& diags);

// Is `dir` a CDK cloud assembly (manifest.json with "artifacts")?
bool is_cdk_assembly(const io::FileSystem& fs, const std::string& dir);

// Scan a cdk.out directory: every stack template it lists, nested stage assemblies included; kind
// "cdk", each function with property ("construct_path", the aws:cdk:path metadata).
void scan_cdk_out(const io::FileSystem& fs, const std::string& dir, const Options& opts, model::Model& model,
                  Diagnostics& diags);

}  // namespace cs::cfn
