#include "sources/common/document.h"

#include <gtest/gtest.h>

namespace cs::sources {
namespace {

std::string span_of(const yaml::Node* n) {
  return std::to_string(n->line) + ":" + std::to_string(n->col) + "-" + std::to_string(n->end_line) + ":" +
         std::to_string(n->end_col) + " [" + std::to_string(n->begin) + "," + std::to_string(n->end) + ")";
}

// JSON read as the YAML tree keeps every node's start, end and byte offsets, keys included.
TEST(Document, JsonKeepsStartAndEnd) {
  auto d = parse_document("t.json", "{\"A\": {\"k\": [1, \"x\"]},\n \"B\": null}");
  ASSERT_TRUE(d->ok());
  EXPECT_EQ(span_of(d->root), "1:1-2:12 [0,34)");
  EXPECT_EQ(span_of(d->root->pairs[0].key), "1:2-1:5 [1,4)");
  EXPECT_FALSE(d->root->pairs[0].key->plain);
  const yaml::Node* a = d->root->find("A");
  EXPECT_EQ(span_of(a), "1:7-1:22 [6,21)");
  EXPECT_EQ(span_of(a->find("k")->items[1]), "1:17-1:20 [16,19)");
  EXPECT_TRUE(d->root->find("B")->is_null());
  EXPECT_EQ(span_of(d->root->find("B")), "2:7-2:11 [29,33)");
}

}  // namespace
}  // namespace cs::sources
