// A check's doc page from its real metadata (the registry lives in checks, the printer in report: only a
// test that links both can join them).
#include <gtest/gtest.h>

#include <sstream>

#include "checks/registry.h"
#include "report/report.h"

namespace cs {
namespace {

TEST(CheckDoc, HasEverySection) {
  std::ostringstream o;
  report::write_check_doc(o, checks::find("lambda_notracing")->metadata());
  for (const char* h : {"# lambda_notracing: ", "| Severity | LOW |", "`CKV_AWS_50`", "## Why it matters",
                        "## Verdicts", "## How to fix", "### Terraform", "```hcl", "## Example",
                        "Fails:", "Passes:", "## Notes", "## References"})
    EXPECT_NE(o.str().find(h), std::string::npos) << h;
}

}  // namespace
}  // namespace cs
