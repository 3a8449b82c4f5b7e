// Date and time functions: timestamp, plantimestamp, formatdate, timeadd, timecmp (not knowable or not
// supported: unknown).
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_datetime_functions(Registry& r) {
  r.unknown_fn("timestamp", 0, 0, "is not knowable before apply");
  r.unknown_fn("plantimestamp", 0, 0, "is not knowable before apply");
  r.unknown_fn("formatdate", 2, 2, "is not supported");
  r.unknown_fn("timeadd", 2, 2, "is not supported");
  r.unknown_fn("timecmp", 2, 2, "is not supported");
}

}  // namespace cs::tf::fnlib
