// YAML and JSON inputs as one kind of tree (yaml::Node), so adapters for CloudFormation, SAM and the
// Serverless Framework read both formats with the same code. JSON strings become quoted scalars,
// numbers/booleans plain scalars, null a Null node; positions (start, end, byte offsets) are kept.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/comments.h"
#include "syntax/yaml/yaml.h"

namespace cs::sources {

// JSON when the path ends in .json or the first non-blank character is '{' or '['; YAML otherwise.
std::unique_ptr<yaml::Document> parse_document(std::string path, std::string content);

// Hand the comments of a parsed document to the model (for inline suppressions), as libyaml placed
// them (never inside a quoted or block scalar). JSON has none; a document without comments adds none.
void add_comments(const yaml::Document& doc, std::vector<model::FileComments>& out);

}  // namespace cs::sources
