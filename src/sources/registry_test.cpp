// The sources' registry: sorted, names unique, and each input claimed by the source that reads it.
#include "sources/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cs::sources {
namespace {

TEST(Registry, SortedByNameAndUnique) {
  std::set<std::string> names;
  std::string previous;
  for (const auto& s : all()) {
    std::string n(s->name());
    EXPECT_LT(previous, n) << "sources must be sorted by name";
    EXPECT_TRUE(names.insert(n).second) << n;
    EXPECT_EQ(find(n), s.get());
    previous = n;
  }
  EXPECT_EQ(names, (std::set<std::string>{"cdk", "cloudformation", "serverless", "terraform", "tfplan"}));
}

TEST(Registry, EachFileGoesToTheSourceThatReadsIt) {
  EXPECT_EQ(claimant("infra/main.tf", "")->name(), "terraform");
  EXPECT_EQ(claimant("infra/main.tf.json", "{}")->name(), "terraform");
  EXPECT_EQ(claimant("t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")->name(),
            "cloudformation");
  EXPECT_EQ(
      claimant("plan.json", R"({"format_version":"1.2","terraform_version":"1.9.0","resource_changes":[]})")
          ->name(),
      "tfplan");
  // A Serverless service may carry CloudFormation resources: it is still a Serverless service.
  EXPECT_EQ(claimant("serverless.yml",
                     "service: s\nprovider:\n  name: aws\nresources:\n  AWSTemplateFormatVersion: "
                     "'2010-09-09'\n  Resources: {}\n")
                ->name(),
            "serverless");
  EXPECT_EQ(claimant("notes.yaml", "a: 1\n"), nullptr);
  EXPECT_EQ(claimant("vars.tfvars.json", "{}"), nullptr);
}

}  // namespace
}  // namespace cs::sources
