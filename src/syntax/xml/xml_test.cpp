#include "syntax/xml/xml.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace cs::xml {
namespace {

std::string read_example(const std::string& rel) {
  std::ifstream in(std::string(CS_SOURCE_DIR) + "/../shared/aws/examples/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Element ok(std::string_view doc) {
  auto r = parse(doc);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r).value() : Element{};
}

// "line:col: message" of a failed parse.
std::string err(std::string_view doc) {
  auto r = parse(doc);
  if (r.ok()) return "parsed";
  return std::to_string(r.error().line) + ":" + std::to_string(r.error().col) + ": " + r.error().message;
}

TEST(Xml, GetCallerIdentityExample) {
  std::string body = read_example("sts/GetCallerIdentity.response.xml");
  ASSERT_FALSE(body.empty());
  Element root = ok(body);
  EXPECT_EQ(root.name, "GetCallerIdentityResponse");
  ASSERT_NE(root.attribute("xmlns"), nullptr);
  EXPECT_EQ(*root.attribute("xmlns"), "https://sts.amazonaws.com/doc/2011-06-15/");
  EXPECT_EQ(root.text, "");
  const Element* r = root.child("GetCallerIdentityResult");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->child_text("Account"), "123456789012");
  EXPECT_EQ(r->child_text("Arn"), "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(root.path({"ResponseMetadata", "RequestId"})->text, "01234567-89ab-cdef-0123-456789abcdef");
  EXPECT_EQ(root.path({"ResponseMetadata", "Nope"}), nullptr);
  EXPECT_EQ(root.path({}), &root);
  EXPECT_EQ(root.line, 1u);
}

TEST(Xml, DescribeRegionsExamples) {
  for (const char* f : {"ec2/DescribeRegions.response.xml", "botocore-fixtures/ec2-describe-regions.xml"}) {
    std::string body = read_example(f);
    ASSERT_FALSE(body.empty()) << f;
    Element root = ok(body);
    EXPECT_EQ(root.name, "DescribeRegionsResponse");
    const Element* info = root.child("regionInfo");
    ASSERT_NE(info, nullptr);
    auto items = info->children_named("item");
    EXPECT_GT(items.size(), 3u);
    for (const Element* it : items) EXPECT_FALSE(it->child_text("regionName").empty());
  }
}

TEST(Xml, AllXmlExamplesParse) {
  for (const char* f :
       {"sts/AssumeRole.response.xml", "botocore-fixtures/sts-get-session-token.xml",
        "botocore-fixtures/iam-list-roles.xml", "botocore-fixtures/cloudformation-describe-stacks.xml",
        "iam/GetPolicyVersion.response.xml", "errors/iam_query_Throttling.xml",
        "cloudwatch/GetMetricData.response.xml"}) {
    std::string body = read_example(f);
    ASSERT_FALSE(body.empty()) << f;
    auto r = parse(body);
    EXPECT_TRUE(r.ok()) << f << ": " << (r.ok() ? "" : r.error().to_string());
  }
  Element e = ok(read_example("errors/iam_query_Throttling.xml"));
  EXPECT_EQ(e.path({"Error", "Code"})->text, "Throttling");
}

TEST(Xml, NamespacePrefixesStripped) {
  Element e =
      ok("<s:Envelope xmlns:s='urn:x'><s:Body><a:Item xmlns:a=\"urn:y\">v</a:Item></s:Body></s:Envelope>");
  EXPECT_EQ(e.name, "Envelope");
  EXPECT_EQ(e.path({"Body", "Item"})->text, "v");
  EXPECT_EQ(*e.attribute("xmlns:s"), "urn:x");
  EXPECT_EQ(err("<a:b></b>"), "1:6: end tag </b> does not match <a:b>");
}

TEST(Xml, Entities) {
  Element e = ok("<a x=\"&lt;&quot;&apos;&gt;&amp;\">&lt;tag&gt; &amp; &quot;q&quot; &apos;s&apos;</a>");
  EXPECT_EQ(*e.attribute("x"), "<\"'>&");
  EXPECT_EQ(e.text, "<tag> & \"q\" 's'");
  Element n = ok("<a>&#65;&#x42;&#x20AC;&#128512;&#xe9;</a>");
  EXPECT_EQ(n.text, "AB\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9");
  EXPECT_EQ(err("<a>&nbsp;</a>"), "1:4: undefined entity '&nbsp;'");
  EXPECT_EQ(err("<a>&#0;</a>"), "1:4: character reference to a character not allowed in XML");
  EXPECT_EQ(err("<a>&#xD800;</a>"), "1:4: character reference to a character not allowed in XML");
  EXPECT_EQ(err("<a>&#x110000;</a>"), "1:4: character reference out of range");
  EXPECT_EQ(err("<a>&#xZZ;</a>"), "1:4: invalid character reference");
  EXPECT_EQ(err("<a>&#;</a>"), "1:4: invalid character reference");
  EXPECT_EQ(err("<a>a & b</a>"), "1:6: unterminated entity reference");
  EXPECT_EQ(err("<a>&amp</a>"), "1:4: unterminated entity reference");
}

TEST(Xml, Cdata) {
  Element e = ok("<a>x<![CDATA[<not> &amp; ]]]]>y</a>");
  EXPECT_EQ(e.text, "x<not> &amp; ]]y");
  EXPECT_EQ(err("<a><![CDATA[oops</a>"), "1:4: unterminated CDATA section");
  EXPECT_EQ(err("<a>x ]]> y</a>"), "1:6: ']]>' not allowed in character data");
}

TEST(Xml, WhitespaceBetweenChildrenDropped) {
  Element e =
      ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<r>\n  <a> x </a>\n  <b/>\n  "
         "<c></c>\n</r>\n<!-- end -->\n");
  EXPECT_EQ(e.text, "");
  ASSERT_EQ(e.children.size(), 3u);
  EXPECT_EQ(e.children[0].text, " x ");
  EXPECT_EQ(e.children[0].line, 4u);
  EXPECT_EQ(e.children[0].col, 3u);
  EXPECT_EQ(e.children[1].name, "b");
  EXPECT_EQ(e.children[1].text, "");
  EXPECT_EQ(e.child_text("missing"), "");
  Element crlf = ok("<a>x\r\ny\rz</a>");
  EXPECT_EQ(crlf.text, "x\ny\nz");
}

TEST(Xml, CommentsAndProcessingInstructionsSkipped) {
  Element e = ok("<?xml version='1.0'?><?pi data?><r><!-- c --><?other x?>t<x/></r><?tail?>");
  EXPECT_EQ(e.text, "t");
  EXPECT_EQ(e.children.size(), 1u);
  EXPECT_EQ(err("<r><!-- a -- b --></r>"), "1:11: '--' not allowed inside a comment");
  EXPECT_EQ(err("<r><!-- a </r>"), "1:4: unterminated comment");
  EXPECT_EQ(err("<r/><?xml version='1.0'?>"), "1:5: XML declaration not at the start of the document");
  EXPECT_EQ(err("<r><? x?></r>"), "1:6: processing instruction without a target");
}

TEST(Xml, DoctypeRejected) {
  EXPECT_EQ(err("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<lolz>&lol;</lolz>"),
            "2:1: DOCTYPE is not allowed");
  EXPECT_EQ(err("<r><!ENTITY x 'y'></r>"), "1:4: unexpected markup declaration");
}

TEST(Xml, DepthLimit) {
  std::string ok_doc, deep;
  for (unsigned i = 0; i < kMaxDepth; ++i) ok_doc += "<a>";
  for (unsigned i = 0; i < kMaxDepth; ++i) ok_doc += "</a>";
  EXPECT_TRUE(parse(ok_doc).ok());
  for (unsigned i = 0; i <= kMaxDepth; ++i) deep += "<a>";
  EXPECT_EQ(err(deep), "1:" + std::to_string(3 * kMaxDepth + 1) + ": elements nested deeper than 256");
  // Much deeper input fails the same way, without recursion.
  std::string huge(300000, ' ');
  for (size_t i = 0; i < 100000; ++i) huge.replace(i * 3, 3, "<a>");
  EXPECT_NE(err(huge), "parsed");
}

TEST(Xml, MalformedWithPositions) {
  EXPECT_EQ(err(""), "1:1: no root element");
  EXPECT_EQ(err("   \n  "), "2:3: no root element");
  EXPECT_EQ(err("hello"), "1:1: text before the root element");
  EXPECT_EQ(err("<a>"), "1:4: unclosed element <a>");
  EXPECT_EQ(err("<a>\n<b>\n</a>"), "3:1: end tag </a> does not match <b>");
  EXPECT_EQ(err("<a></a>\n<b/>"), "2:1: content after the root element");
  EXPECT_EQ(err("<a></a>x"), "1:8: content after the root element");
  EXPECT_EQ(err("</a>"), "1:1: end tag without a start tag");
  EXPECT_EQ(err("<a x=1/>"), "1:6: expected a quoted attribute value");
  EXPECT_EQ(err("<a x='1' x='2'/>"), "1:10: duplicate attribute 'x'");
  EXPECT_EQ(err("<a x='1'y='2'/>"), "1:9: expected whitespace before an attribute");
  EXPECT_EQ(err("<a x='<'/>"), "1:7: '<' not allowed in an attribute value");
  EXPECT_EQ(err("<a x='1"), "1:8: unterminated attribute value");
  EXPECT_EQ(err("<a x"), "1:5: expected '=' after attribute name");
  EXPECT_EQ(err("<a"), "1:3: unterminated start tag <a>");
  EXPECT_EQ(err("< a/>"), "1:2: expected an element name");
  EXPECT_EQ(err("<1a/>"), "1:2: expected an element name");
  EXPECT_EQ(err("<a:/>"), "1:2: element name with an empty local part");
  EXPECT_EQ(err("<a></a >"), "parsed");
  EXPECT_EQ(err("<a></a x>"), "1:8: expected '>'");
  EXPECT_EQ(err("<a>\x01</a>"), "1:4: control character not allowed in XML");
  EXPECT_EQ(err("<a>\xC3\x28</a>"), "1:4: invalid UTF-8");
  EXPECT_EQ(err("<a>\xE0\x80\x80</a>"), "1:4: invalid UTF-8");
  EXPECT_EQ(err("<?xml version='1.0'"), "1:1: unterminated XML declaration");
  EXPECT_EQ(err("<a/><![CDATA[x]]>"), "1:5: CDATA outside the root element");
  Element bom = ok("\xEF\xBB\xBF<a>\xC3\xA9</a>");
  EXPECT_EQ(bom.text, "\xC3\xA9");
}

TEST(Xml, AttributeValueNormalisation) {
  Element e = ok("<a v='x\ty\nz'/>");
  EXPECT_EQ(*e.attribute("v"), "x y z");
  EXPECT_EQ(e.attribute("w"), nullptr);
}

}  // namespace
}  // namespace cs::xml
