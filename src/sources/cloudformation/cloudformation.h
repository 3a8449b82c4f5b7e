// CloudFormation and AWS SAM templates (YAML or JSON), and CDK cloud assemblies (cdk.out), into the
// model. Intrinsic functions are evaluated as CloudFormation (and the SAM transform) would, as far as
// they can be known before deployment; what cannot be known becomes TracingMode::Unknown with a reason.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "io/fs.h"
#include "model/model.h"
#include "sources/cloudformation/options.h"
#include "syntax/yaml/yaml.h"

namespace cs::cfn {

enum class TemplateKind { None, CloudFormation, Sam };

// From the content: SAM when Transform names AWS::Serverless-2016-10-31 (string or list); CloudFormation
// when AWSTemplateFormatVersion is present or Resources holds at least one "AWS::..." Type. Cheap: it may
// parse the document.
TemplateKind detect(std::string_view path, std::string_view content);

// Scan one template file into `model` (kind "cloudformation" or "sam"; address = logical id).
void scan_template(const io::FileSystem& fs, const std::string& path, std::string content,
                   const Options& opts, model::Model& model, Diagnostics& diags);

// A template another source built in memory: the `resources` of a Serverless Framework service, its
// variables already resolved, which the Framework merges into the template it deploys. It is scanned
// like a template file (the same mappers and intrinsics), with these differences.
struct Embedded {
  std::string kind;  // the results' kind ("serverless")
  // Nodes whose value cannot be known before deployment (a variable that does not resolve): why. Their
  // value is unknown wherever the template reads it.
  std::map<const yaml::Node*, std::string> unknown;
  // Scalars whose value is marked (read from a file or the environment): the label shown instead.
  std::map<const yaml::Node*, std::string> secret;
  // Logical ids of resources outside the template that its references may name (those the Framework
  // generates): a Ref to one is known only after deployment, and an event source mapping naming one
  // links to it by that id.
  std::set<std::string, std::less<>> external;
};

// Scan a template held in memory (`root`, written in `file`) into `model`: addresses are logical ids,
// kind `embedded.kind`; nested stacks' templates are read relative to `file`.
void scan_embedded(const io::FileSystem& fs, const std::string& file, const yaml::Node* root,
                   const Embedded& embedded, const Options& opts, model::Model& model, Diagnostics& diags);

// Is `dir` a CDK cloud assembly (manifest.json with "artifacts")?
bool is_cdk_assembly(const io::FileSystem& fs, const std::string& dir);

// Scan a cdk.out directory: every stack template it lists, nested stage assemblies included; kind
// "cdk", each function with property ("construct_path", the aws:cdk:path metadata).
void scan_cdk_out(const io::FileSystem& fs, const std::string& dir, const Options& opts, model::Model& model,
                  Diagnostics& diags);

}  // namespace cs::cfn
