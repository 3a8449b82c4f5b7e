// A small, strict, non-validating XML parser for AWS responses (query, ec2 and rest-xml protocols).
//
// Supported: the XML declaration, comments and processing instructions (skipped), elements with
// attributes, character data with the five predefined entities and numeric character references
// (decoded to UTF-8), CDATA sections. Namespace prefixes are stripped from element names (the local
// name is kept); attribute names are kept as written. Whitespace-only text between child elements is
// dropped; a leaf element keeps its text exactly (line ends normalised to "\n").
//
// Rejected: any DOCTYPE (no DTD, so no entity-expansion attacks), undefined entities, invalid UTF-8,
// control characters, mismatched or unclosed tags, duplicate attributes, content after the root
// element, nesting deeper than kMaxDepth. The parser never throws, never recurses, never prints; the
// first error is returned as a cs::Error with a 1-based line and column (columns count bytes).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace cs::xml {

inline constexpr unsigned kMaxDepth = 256;  // elements nested deeper than this are an error

struct Element {
  std::string name;                                             // local name (prefix stripped)
  std::vector<std::pair<std::string, std::string>> attributes;  // names as written, values decoded
  std::string text;  // character data directly inside (entities and CDATA decoded)
  std::vector<Element> children;
  uint32_t line = 0;  // of the start tag's '<'
  uint32_t col = 0;

  // First child with local name `name`; nullptr when absent.
  const Element* child(std::string_view name) const;
  // Text of the first child named `name`; "" when absent.
  std::string child_text(std::string_view name) const;
  std::vector<const Element*> children_named(std::string_view name) const;
  // Follows child() through the names; nullptr as soon as one is missing. path({}) is this element.
  const Element* path(std::initializer_list<std::string_view> names) const;
  // Value of an attribute (name as written); nullptr when absent.
  const std::string* attribute(std::string_view name) const;
};

Result<Element> parse(std::string_view doc);

}  // namespace cs::xml
