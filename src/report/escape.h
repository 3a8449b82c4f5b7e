// Escaping for the text formats the printers write: XML (JUnit), CSV (RFC 4180), Markdown (GitHub
// flavoured), and file paths as URIs (SARIF). Pure functions of their input; no I/O.
#pragma once

#include <string>
#include <string_view>

namespace cs::report {

// Valid UTF-8 is kept; every byte that does not start or continue a valid sequence becomes U+FFFD.
std::string utf8_sanitize(std::string_view s);

// Text for an XML 1.0 element body or a double-quoted attribute value: & < > " ' as entities, TAB, LF
// and CR as character references (so attribute normalisation keeps them), and every character XML 1.0
// cannot hold at all (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF, invalid UTF-8) as U+FFFD.
std::string xml_escape(std::string_view s);

// One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote, CR or LF. A
// field that a spreadsheet would run as a formula (first character = + - @ TAB CR) gets a leading
// apostrophe first, so opening the file never executes text that came from scanned input.
std::string csv_field(std::string_view s);

// Inline Markdown text (a table cell, a list item): the characters that inline Markdown, GitHub's
// extensions or HTML would interpret (\ ` * _ [ ] < > | ~ &) are backslash-escaped, line breaks and
// tabs become spaces, other control characters U+FFFD. Block markers (#, -, 1.) cannot start a block
// inside a cell or after a list bullet, so they are left alone.
std::string md_text(std::string_view s);

// A Markdown code span for a table cell: a backtick fence longer than any run of backticks inside, |
// as \| (GitHub tables split on it even inside code), line breaks as spaces.
std::string md_code(std::string_view s);

// A path as the path part of a URI: every byte outside RFC 3986's unreserved set and '/' is
// percent-encoded (so a ':' can never read as a scheme, and a '\', legal in POSIX names, stays one).
std::string uri_path(std::string_view path);

}  // namespace cs::report
