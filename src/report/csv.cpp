// CSV, RFC 4180: CRLF line ends, a header row, fields quoted only when they must be.
#include "report/escape.h"
#include "report/report.h"

namespace cs::report {

void write_csv(std::ostream& os, const findings::ScanReport& rep) {
  os << "check_id,verdict,reason,severity,resource,kind,file,line,column,message,suppressed\r\n";
  for (const auto& r : rep.results) {
    os << csv_field(r.check_id) << ',' << findings::to_string(r.verdict) << ',' << csv_field(r.reason) << ','
       << findings::to_string(r.severity) << ',' << csv_field(r.resource) << ',' << csv_field(r.kind) << ','
       << csv_field(r.location.file) << ',' << r.location.line << ',' << r.location.col << ','
       << csv_field(r.message) << ',' << (r.suppressed ? "true" : "false") << "\r\n";
  }
}

}  // namespace cs::report
