// Terraform module version constraints (hashicorp/go-version's operators) and terraform init's choice.
#include "cli/module_version.h"

#include <gtest/gtest.h>

#include "cli/module_fetch.h"

namespace cs::cli {
namespace {

std::string pick(const std::string& constraint, const std::vector<std::string>& available) {
  auto cs = modver::parse_constraints(constraint);
  if (!cs) return "error: " + cs.error().message;
  return modver::choose(*cs, available).value_or("none");
}

const std::vector<std::string> kAvail = {"0.9.0",     "1.0.0",  "1.2.0", "1.2.5",
                                         "1.3.0-rc1", "1.10.0", "2.0.0", "v2.1"};

TEST(ModuleVersion, Operators) {
  EXPECT_EQ(pick("", kAvail), "v2.1");  // the newest release; a pre-release never without an exact match
  EXPECT_EQ(pick("1.2.0", kAvail), "1.2.0");
  EXPECT_EQ(pick("= 1.2.5", kAvail), "1.2.5");
  EXPECT_EQ(pick("!= 2.1.0", kAvail), "2.0.0");
  EXPECT_EQ(pick("> 1.2.5, < 2", kAvail), "1.10.0");  // numeric, not lexical: 1.10 > 1.2
  EXPECT_EQ(pick(">= 0.9, <= 1.2.5", kAvail), "1.2.5");
  EXPECT_EQ(pick("< 1", kAvail), "0.9.0");
  EXPECT_EQ(pick(">= 3", kAvail), "none");
}

TEST(ModuleVersion, Pessimistic) {
  EXPECT_EQ(pick("~> 1.2", kAvail), "1.10.0");   // >= 1.2.0, < 2.0.0
  EXPECT_EQ(pick("~> 1.2.0", kAvail), "1.2.5");  // >= 1.2.0, < 1.3.0
  EXPECT_EQ(pick("~> 1.2.1", kAvail), "1.2.5");
  EXPECT_EQ(pick("~> 0.9.1", kAvail), "none");
  EXPECT_EQ(pick("~> 1", kAvail), "v2.1");  // go-version: one segment bounds nothing above
  EXPECT_EQ(pick("~> 1.2, != 1.10.0", kAvail), "1.2.5");
}

TEST(ModuleVersion, PreReleasesOnlyOnExactMatch) {
  EXPECT_EQ(pick("1.3.0-rc1", kAvail), "1.3.0-rc1");
  EXPECT_EQ(pick(">= 1.3.0-rc1, < 1.4", kAvail), "none");
  EXPECT_EQ(pick("~> 1.2.0", {"1.2.0", "1.2.1-beta"}), "1.2.0");
  auto a = modver::parse_version("1.3.0-rc1"), b = modver::parse_version("1.3.0-rc.2"),
       c = modver::parse_version("1.3.0");
  ASSERT_TRUE(a && b && c);
  EXPECT_LT(modver::compare(*a, *c), 0);
  EXPECT_LT(modver::compare(*b, *a), 0);  // "rc.2" < "rc1" (identifier "rc" < "rc1")
}

TEST(ModuleVersion, InvalidConstraintIsAnError) {
  EXPECT_EQ(pick(">= one", kAvail), "error: invalid version constraint \">= one\"");
  EXPECT_EQ(pick("1.0,", kAvail), "error: invalid version constraint \"\"");
}

TEST(ModuleFetch, CredentialsAreRedactedAndTokenVariablesNamedAsTerraformDoes) {
  EXPECT_EQ(redact_source("git::https://bob:hunter2@example.com/x.git?ref=v1"),
            "git::https://***@example.com/x.git?ref=v1");
  EXPECT_EQ(redact_source("https://example.com/m.zip?token=abc&x=1"),
            "https://example.com/m.zip?token=***&x=1");
  EXPECT_EQ(token_variable("registry.example-corp.com"), "TF_TOKEN_registry_example__corp_com");
}

}  // namespace
}  // namespace cs::cli
