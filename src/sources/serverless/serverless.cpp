// TEMPORARY: detection only, replaced by the Serverless Framework adapter (issue 3).
#include "sources/serverless/serverless.h"

namespace cs::sls {
bool detect(std::string_view, std::string_view) { return false; }
void scan_service(const io::FileSystem&, const std::string&, std::string, const Options&, model::Model&,
                  Diagnostics&) {}
}  // namespace cs::sls
