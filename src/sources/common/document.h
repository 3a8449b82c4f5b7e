// YAML and JSON inputs as one kind of tree (yaml::Node), so adapters for CloudFormation, SAM and the
// Serverless Framework read both formats with the same code. JSON strings become quoted scalars,
// numbers/booleans plain scalars, null a Null node; positions (start, end, byte offsets) are kept.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/comments.h"
#include "syntax/yaml/yaml.h"

namespace cs::sources {

// JSON when the path ends in .json or the first non-blank character is '{' or '['; YAML otherwise.
// When the document was parsed for a look by peek_document() on this thread (same path and content),
// that parse is handed over instead of parsing again.
std::unique_ptr<yaml::Document> parse_document(std::string path, std::string content);

// Parse for a look only, as a source deciding whether it claims a file does. The document is kept (one
// per thread, until the next parse) so that the scan of the same file, which follows on the same thread,
// takes it from parse_document(): a file is parsed once per scan, whoever looks at it first.
const yaml::Document& peek_document(const std::string& path, std::string_view content);

// Hand the comments of a parsed document to the model (for inline suppressions), as libyaml placed
// them (never inside a quoted or block scalar). JSON has none; a document without comments adds none.
void add_comments(const yaml::Document& doc, std::vector<model::FileComments>& out);

}  // namespace cs::sources
