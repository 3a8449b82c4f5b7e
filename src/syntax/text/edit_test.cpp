#include "syntax/text/edit.h"

#include <gtest/gtest.h>

namespace cs::text {
namespace {

TEST(TextEdit, AppliesInOffsetOrderWhateverTheGivenOrder) {
  auto r = apply("abcdef", {{4, 5, "E"}, {0, 1, "A"}, {2, 2, "+"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "Ab+cdEf");
}

TEST(TextEdit, OverlapsAndOutOfRangeAreErrorsAndIdenticalDuplicatesCountOnce) {
  EXPECT_FALSE(apply("abcdef", {{1, 3, "x"}, {2, 4, "y"}}));
  EXPECT_FALSE(apply("abc", {{2, 9, "x"}}));
  auto r = apply("abc", {{1, 2, "B"}, {1, 2, "B"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "aBc");
}

TEST(UnifiedDiff, OneHunkWithContextRemovalsFirst) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n", b = "1\n2\n3\n4x\n5\n6\n7\n8\n";
  EXPECT_EQ(unified_diff("f.tf", a, b),
            "--- a/f.tf\n+++ b/f.tf\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+4x\n 5\n 6\n 7\n");
  EXPECT_EQ(unified_diff("f.tf", a, a), "");
}

TEST(UnifiedDiff, DistantChangesAreTwoHunksAndInsertionsCountLines) {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) a += std::to_string(i) + "\n";
  b = a;
  b.insert(0, "0\n");
  b += "21\n";
  std::string d = unified_diff("x", a, b);
  EXPECT_NE(d.find("@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n"), std::string::npos) << d;
  EXPECT_NE(d.find("@@ -18,3 +19,4 @@\n 18\n 19\n 20\n+21\n"), std::string::npos) << d;
}

TEST(UnifiedDiff, MissingFinalNewlineIsMarked) {
  EXPECT_EQ(unified_diff("y", "a\nb", "a\nc"),
            "--- a/y\n+++ b/y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at "
            "end of file\n");
}

}  // namespace
}  // namespace cs::text
