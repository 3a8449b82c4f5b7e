// Terraform's JSON configuration syntax (*.tf.json, *.tfvars.json). (Declarations agreed with the
// configuration layer; the implementation lives in tfjson.cpp.)
//
// tf_json_to_hcl applies HCL's JSON mapping (hashicorp/hcl json/spec.md) with Terraform's schema
// (Terraform docs, "JSON Configuration Syntax") so that the configuration layer reads .tf and .tf.json
// alike. What is a block:
//   top level: resource, data, ephemeral (2 labels); module, variable, output, provider, check
//     (1 label); locals, terraform, moved, import, removed (no label). A provider's value may be an
//     array of objects (aliases). Other top-level keys get a warning and are skipped.
//   resource / data bodies (we have no provider schemas, so these names are fixed): lifecycle,
//     provisioner (1 label), connection, dynamic (1 label: the generated block type; its body has
//     a nested `content` block), and the aws_lambda_function nested blocks tracing_config,
//     environment, vpc_config, dead_letter_config, ephemeral_storage, file_system_config,
//     image_config, snap_start, logging_config, timeouts. These are blocks only when the value is an
//     object, an array of objects (repeated blocks, in order) or an empty array (no block);
//     anything else is an attribute.
//   lifecycle: precondition, postcondition. variable: validation. output: precondition.
//   check: data (2 labels), assert. removed: lifecycle, provisioner.
//   terraform: required_providers, backend (1 label), cloud (with workspaces), provider_meta (1).
//   provider: assume_role, assume_role_with_web_identity, default_tags, endpoints, ignore_tags.
// At every label level a JSON array of objects is accepted too (HCL's general form).
// Properties named "//" in a block body (or at the root) are comments: they are not attributes;
// string ones are kept in File::comments as "// text".
//
// Values: a JSON string is an HCL template (hcl::parse_template; "${x}" alone yields x itself);
// numbers, bools and null are literals; arrays are tuples; objects are object expressions whose keys
// are literal strings (a key containing "${" or "%{" is a template, as HCL's spec says).
// Exceptions (Terraform's "block-type-specific exceptions"):
//   expressions (hcl::parse_expression): variable.type; provider, depends_on[*] in resource, data,
//     module, output and check data; lifecycle ignore_changes ("all" or [..]) and
//     replace_triggered_by[*]; module providers (keys and values); moved from/to; import to and
//     provider; removed from; dynamic iterator; provisioner when / on_failure.
//   literal strings (not templates): variable default and description, output description,
//     module source and version, provider alias and version, connection type, everything inside
//     terraform blocks.
// Positions: every node has its JSON location. A template's inner positions are exact when the
// string has no JSON escapes (with escapes, columns inside the string drift by the escapes' width).
//
// JSON syntax errors end up in File::diags with file:line:col; File::body is then an empty body.
#pragma once

#include <memory>
#include <string>

#include "sources/terraform/value.h"
#include "syntax/hcl/ast.h"

namespace cs::json {
struct Node;
}  // namespace cs::json

namespace cs::tf {

// Parse a .tf.json file into an hcl::File (Body::from_json = true) with Terraform's schema applied.
std::unique_ptr<hcl::File> tf_json_to_hcl(std::string path, std::string src);

// A JSON value as a Terraform value (for .tfvars.json: literal, not templates): object -> Object
// (a duplicated key: the last one wins), array -> Tuple, number -> Number, string -> String,
// bool -> Bool, null (or a nullptr node) -> null.
Value json_to_value(const json::Node* node);

}  // namespace cs::tf
