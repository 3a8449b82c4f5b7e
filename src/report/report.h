// Printers are sinks: they write a finished scan to a stream the CLI gives them. They never decide
// exit codes and never touch stdout/stderr themselves.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "findings/findings.h"

namespace cs::report {

struct TextOptions {
  bool color = false;
  // --quiet: only FAIL results that are not suppressed, and Error diagnostics (the summary line and a
  // live scan's coverage lines stay).
  bool quiet = false;
  // --compact: a result line ends at its message (no construct path, no live properties, no
  // suppression details), and Note diagnostics are left out.
  bool compact = false;
};

// One line per result (file:line:col: VERDICT check resource [reason] message), then diagnostics,
// then the summary line "N passed, N failed, N unresolved, N not applicable".
void write_text(std::ostream& os, const findings::ScanReport& rep, const TextOptions& opts);

// The JSON document described in README.md ("JSON output").
void write_json(std::ostream& os, const findings::ScanReport& rep, const std::string& version);

// The output formats `scan --format NAME[:FILE]` offers, in the order help and docs list them.
enum class Format { Text, Json, Sarif, Junit, Csv, Markdown };
const std::vector<std::string_view>& format_names();    // "text", "json", "sarif", "junit", "csv", "markdown"
bool parse_format(std::string_view name, Format* out);  // the names above, in any case ("SARIF")

struct SarifOptions {
  std::string version;  // tool version
  // Absolute directory that %SRCROOT% stands for (the CLI passes the working directory). Result files
  // under it become URIs relative to it; files elsewhere become absolute file:// URIs.
  std::string source_root;
  // The text of line `line` (1-based, without its line end) of a result's file, nullopt when it cannot
  // be read. Locations count columns in bytes; SARIF counts them in UTF-16 code units (the default
  // columnKind), so each column is converted through its line. Unset: columns are written as they are
  // (right for ASCII lines); a line that cannot be read: its columns are left out (the line stays).
  std::function<std::optional<std::string>(const std::string& file, unsigned line)> line_text;
};

// UTF-16 code units before byte column `byte_col` (1-based) of `line`, plus one: the SARIF column.
// Bytes past the end of the line count one each.
unsigned utf16_column(std::string_view line, unsigned byte_col);

// SARIF 2.1.0 as GitHub code scanning ingests it: one run, every check that ran as a rule, FAIL and
// UNRESOLVED results (PASS and NOT_APPLICABLE are left out: GitHub shows every result as an alert,
// whatever its kind), suppressions, and input problems as tool execution notifications.
void write_sarif(std::ostream& os, const findings::ScanReport& rep, const SarifOptions& opts);

// JUnit XML: one <testsuite> per check that ran and one <testcase> per resource; FAIL is <failure>,
// UNRESOLVED, NOT_APPLICABLE and suppressed results are <skipped> with the reason; input errors are
// <error> cases of a "cloudsift.input" suite.
void write_junit(std::ostream& os, const findings::ScanReport& rep);

// CSV (RFC 4180, CRLF line ends), a header row then one row per result:
// check_id,verdict,reason,severity,resource,kind,file,line,column,message,suppressed
void write_csv(std::ostream& os, const findings::ScanReport& rep);

struct MarkdownOptions {
  size_t max_rows = 50;  // rows of the findings table before "... and N more"
};

// A pull-request comment: a one-line verdict, a counts table, the FAIL and UNRESOLVED results, the
// suppressed count, the fix for each failing check (in <details>), and input errors.
void write_markdown(std::ostream& os, const findings::ScanReport& rep, const MarkdownOptions& opts);

struct RenderOptions {
  std::string version;      // the tool version (json, sarif)
  std::string source_root;  // sarif: SarifOptions::source_root
  // sarif: SarifOptions::line_text
  std::function<std::optional<std::string>(const std::string& file, unsigned line)> line_text;
  TextOptions text;
  MarkdownOptions markdown;
};

// Writes `rep` in `format`: the one place a format name becomes a printer, for every command.
void render(Format format, const findings::ScanReport& rep, const RenderOptions& opts, std::ostream& os);

// docs/checks/<id>.md for one check, generated from its metadata (`cloudsift docs`).
void write_check_doc(std::ostream& os, const findings::Metadata& m);

// `cloudsift explain ID`: rationale, verdict table, fixes and notes, as plain text.
void write_explain(std::ostream& os, const findings::Metadata& m);

// `cloudsift list-checks`: id, severity, title, aliases.
void write_check_list(std::ostream& os, const std::vector<const findings::Metadata*>& checks);

// `cloudsift list-checks --format json`: {"checks": [{"id", "title", "severity", "aliases",
// "resource_types"}]}, in the registry's order.
void write_check_list_json(std::ostream& os, const std::vector<const findings::Metadata*>& checks);

}  // namespace cs::report
