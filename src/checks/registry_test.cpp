#include "checks/registry.h"

#include <gtest/gtest.h>

#include <set>

namespace cs::checks {
namespace {

TEST(Registry, SortedByIdAndIdsAndAliasesUnique) {
  std::set<std::string> seen;
  std::string prev;
  for (const auto& c : all()) {
    const auto& m = c->metadata();
    EXPECT_LT(prev, m.id) << "registry must be sorted by id";
    prev = m.id;
    EXPECT_TRUE(seen.insert(m.id).second) << "duplicate id " << m.id;
    for (const auto& a : m.aliases) EXPECT_TRUE(seen.insert(a).second) << "duplicate alias " << a;
  }
}

TEST(Registry, MetadataComplete) {
  for (const auto& c : all()) {
    const auto& m = c->metadata();
    EXPECT_FALSE(m.id.empty());
    EXPECT_FALSE(m.title.empty()) << m.id;
    EXPECT_FALSE(m.rationale.empty()) << m.id;
    EXPECT_FALSE(m.resource_type.empty()) << m.id;
    EXPECT_GE(m.remedies.size(), 2u) << m.id;
    EXPECT_FALSE(m.verdicts.empty()) << m.id;
    for (const auto& r : m.remedies) {
      EXPECT_FALSE(r.title.empty());
      EXPECT_FALSE(r.text.empty());
    }
    // An id is lower_snake_case.
    for (char ch : m.id)
      EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '_' || (ch >= '0' && ch <= '9')) << m.id;
  }
}

TEST(Registry, FindByIdAndAlias) {
  ASSERT_NE(find("lambda_notracing"), nullptr);
  EXPECT_EQ(find("CKV_AWS_50"), find("lambda_notracing"));
  EXPECT_EQ(find("ckv_aws_50"), find("lambda_notracing"));
  EXPECT_EQ(find("AVD-AWS-0066"), find("lambda_notracing"));
  EXPECT_EQ(find("Lambda.7"), find("lambda_notracing"));
  EXPECT_EQ(find("no_such_check"), nullptr);
}

}  // namespace
}  // namespace cs::checks
