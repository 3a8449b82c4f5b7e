// TEMPORARY: detection only, replaced by the CloudFormation adapter (issue 3).
#include "sources/cloudformation/cloudformation.h"

namespace cs::cfn {
TemplateKind detect(std::string_view, std::string_view) { return TemplateKind::None; }
void scan_template(const io::FileSystem&, const std::string&, std::string, const Options&, model::Model&,
                   Diagnostics&) {}
bool is_cdk_assembly(const io::FileSystem&, const std::string&) { return false; }
void scan_cdk_out(const io::FileSystem&, const std::string&, const Options&, model::Model&, Diagnostics&) {}
}  // namespace cs::cfn
