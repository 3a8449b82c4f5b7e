// Escaping for the text formats the printers write: XML (JUnit), CSV (RFC 4180), Markdown (GitHub
// flavoured), and file paths as URIs (SARIF). Pure functions of their input; no I/O.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace cs::report {

// Text for a terminal or a log (the text format, stderr diagnostics, warnings, progress): every
// character that a terminal or viewer would act on instead of showing is written as a visible escape,
// so a name or message from scanned input or from AWS can neither move the cursor, recolour, clear
// the screen, start a line that looks like cloudsift's own, nor reorder the text around it:
//   LF CR TAB -> \n \r \t; other C0 controls and DEL -> \x1b, \x7f; C1 controls, the bidi marks,
//   embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and
//   U+2028/U+2029 -> \u0085, \u202e; each byte that is not valid UTF-8 -> \xff.
// Everything else, backslashes included, is kept as it is.
std::string text_escape(std::string_view s);
void text_escape_to(std::string& out, std::string_view s);

// `os << esc(s)` writes text_escape(s) (printable ASCII without a copy).
struct Escaped {
  std::string_view text;
};
inline Escaped esc(std::string_view s) {
  return Escaped{s};
}
std::ostream& operator<<(std::ostream& os, Escaped e);

// Valid UTF-8 is kept; every byte that does not start or continue a valid sequence becomes U+FFFD.
std::string utf8_sanitize(std::string_view s);

// Text for an XML 1.0 element body or a double-quoted attribute value: & < > " ' as entities, TAB, LF
// and CR as character references (so attribute normalisation keeps them), and every character XML 1.0
// cannot hold at all (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF, invalid UTF-8) as U+FFFD. DEL,
// C1 controls and the bidi characters text_escape names become character references (&#x202E;).
std::string xml_escape(std::string_view s);

// One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote, CR or LF. A
// field that a spreadsheet would run as a formula (first character = + - @ TAB CR) gets a leading
// apostrophe first, so opening the file never executes text that came from scanned input. Control
// characters other than TAB, CR and LF (which quoting keeps inside the field), C1 controls and bidi
// overrides become visible escapes as in text_escape; invalid UTF-8 becomes U+FFFD.
std::string csv_field(std::string_view s);

// Inline Markdown text (a table cell, a list item): the characters that inline Markdown, GitHub's
// extensions or HTML would interpret (\ ` * _ [ ] < > | ~ &) are backslash-escaped; line breaks,
// tabs, other controls and bidi overrides are shown as their text_escape form (\n, \x1b, \u202e), so
// nothing from the input can end a table row, start a heading or reorder the line. Block markers (#, -, 1.)
// cannot start a block inside a cell or after a list bullet, so they are left alone.
std::string md_text(std::string_view s);

// A Markdown code span for a table cell: a backtick fence longer than any run of backticks inside, |
// as \| (GitHub tables split on it even inside code), line breaks and other controls as their
// text_escape form.
std::string md_code(std::string_view s);

// A path as the path part of a URI: every byte outside RFC 3986's unreserved set and '/' is
// percent-encoded (so a ':' can never read as a scheme, and a '\', legal in POSIX names, stays one).
std::string uri_path(std::string_view path);

}  // namespace cs::report
