#include "model/model.h"

namespace cs::model {

const char* to_string(aws::lambda::TracingMode m) {
  switch (m) {
    case aws::lambda::TracingMode::Absent: return "absent";
    case aws::lambda::TracingMode::Active: return "Active";
    case aws::lambda::TracingMode::PassThrough: return "PassThrough";
    case aws::lambda::TracingMode::Invalid: return "invalid";
    case aws::lambda::TracingMode::Unknown: return "unknown";
  }
  return "?";
}

}  // namespace cs::model
