// TEMPORARY: detection only, replaced by the plan/state adapter (issue 3).
#include "sources/tfplan/tfplan.h"

namespace cs::tfplan {
Kind detect(std::string_view, std::string_view) { return Kind::None; }
void scan(const io::FileSystem&, const std::string&, std::string, model::Model&, Diagnostics&) {}
}  // namespace cs::tfplan
