// Printers are sinks: they write a finished scan to a stream the CLI gives them. They never decide
// exit codes and never touch stdout/stderr themselves.
#pragma once

#include <ostream>

#include "checks/check.h"
#include "engine/engine.h"

namespace cs::report {

struct TextOptions {
  bool color = false;
};

// One line per result (file:line:col: VERDICT check resource [reason] message), then diagnostics,
// then the summary line "N passed, N failed, N unresolved, N not applicable".
void write_text(std::ostream& os, const engine::ScanReport& rep, const TextOptions& opts);

// The JSON document described in README.md ("JSON output").
void write_json(std::ostream& os, const engine::ScanReport& rep, const std::string& version);

// `cloudsift explain ID`: rationale, verdict table, fixes and notes, as plain text.
void write_explain(std::ostream& os, const checks::Metadata& m);

// `cloudsift list-checks`: id, severity, title, aliases.
void write_check_list(std::ostream& os);

}  // namespace cs::report
