// Intrinsic functions and conditions, short and long forms, on small in-memory templates.
#include "sources/cloudformation/intrinsics.h"

#include <gtest/gtest.h>

#include "sources/common/document.h"

namespace cs::cfn {
namespace {

struct Fixture {
  std::unique_ptr<yaml::Document> doc;
  Options opts;
  Given given;
  std::unique_ptr<Evaluator> ev;
  explicit Fixture(const std::string& src, std::string path = "t.yaml") {
    doc = sources::parse_document(std::move(path), src);
    EXPECT_TRUE(doc->ok()) << (doc->diags.empty() ? "" : doc->diags[0].message);
    ev = std::make_unique<Evaluator>(doc->root, opts, given);
  }
  void reset() { ev = std::make_unique<Evaluator>(doc->root, opts, given); }
  // Evaluate Outputs.<name>.Value.
  Value out(const std::string& name) {
    return ev->eval(doc->root->find("Outputs")->find(name)->find("Value"));
  }
};

const char* kTemplate = R"(
Parameters:
  Mode: {Type: String, Default: Active}
  NoDefault: {Type: String}
  Envs: {Type: CommaDelimitedList, Default: "dev,prod"}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /cfg/mode}
Mappings:
  Env:
    prod: {Mode: Active}
    dev: {Mode: PassThrough}
Conditions:
  IsActive: !Equals [!Ref Mode, Active]
  IsActiveLong: {"Fn::Equals": [{"Ref": "Mode"}, "Active"]}
  NotActive: !Not [!Condition IsActive]
  Both: !And [!Condition IsActive, {"Condition": "IsActiveLong"}]
  Either: !Or [!Condition NotActive, !Equals [a, b]]
  Unknown: !Equals [!Ref NoDefault, x]
  AndFalseWins: !And [!Condition Unknown, !Condition NotActive]
  OrTrueWins: !Or [!Condition Unknown, !Condition IsActive]
  Region: !Equals [!Ref "AWS::Region", eu-west-1]
  Loop: !Not [!Condition Loop]
Resources:
  Fn: {Type: AWS::Lambda::Function}
Outputs:
  Ref: {Value: !Ref Mode}
  RefLong: {Value: {"Ref": "Mode"}}
  RefNoDefault: {Value: !Ref NoDefault}
  RefResource: {Value: !Ref Fn}
  RefUndeclared: {Value: !Ref Nope}
  Region: {Value: !Ref "AWS::Region"}
  NoValue: {Value: !Ref "AWS::NoValue"}
  Ssm: {Value: !Ref Ssm}
  If: {Value: !If [IsActive, yes, no]}
  IfLong: {Value: {"Fn::If": ["NotActive", "yes", "no"]}}
  IfUnknownSame: {Value: !If [Unknown, same, same]}
  IfUnknownDiffer: {Value: !If [Unknown, a, b]}
  Map: {Value: !FindInMap [Env, prod, Mode]}
  MapLong: {Value: {"Fn::FindInMap": ["Env", "dev", "Mode"]}}
  MapMissing: {Value: !FindInMap [Env, test, Mode]}
  MapDefault: {Value: !FindInMap [Env, test, Mode, {DefaultValue: Active}]}
  MapKeyFromRef: {Value: !FindInMap [Env, !Select [1, !Ref Envs], Mode]}
  Sub: {Value: !Sub "${Mode}-${!Literal}-x"}
  SubVars: {Value: !Sub ["${A}/${Mode}", {A: !Ref Mode}]}
  SubLong: {Value: {"Fn::Sub": "${Mode}"}}
  SubRegion: {Value: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}"}
  SubAttr: {Value: !Sub "${Fn.Arn}"}
  Join: {Value: !Join ["", [Act, ive]]}
  JoinLong: {Value: {"Fn::Join": ["-", {"Ref": "Envs"}]}}
  JoinNoValue: {Value: !Join [",", [a, !Ref "AWS::NoValue", b]]}
  Select: {Value: !Select [0, !Split [",", "Active,PassThrough"]]}
  SelectOut: {Value: !Select [5, [a, b]]}
  GetAtt: {Value: !GetAtt Fn.Arn}
  GetAttLong: {Value: {"Fn::GetAtt": ["Fn", "Arn"]}}
  Import: {Value: !ImportValue shared-mode}
  AZs: {Value: !Select [0, !GetAZs ""]}
  Base64: {Value: !Base64 "Active"}
  Base64Long: {Value: {"Fn::Base64": {"Fn::Sub": "${Mode}"}}}
)";

TEST(CfnIntrinsics, Ref) {
  Fixture f(kTemplate);
  EXPECT_EQ(f.out("Ref").text, "Active");
  EXPECT_EQ(f.out("Ref").via, "parameter Mode (Default)");
  EXPECT_EQ(f.out("RefLong").text, "Active");
  Value v = f.out("RefNoDefault");
  ASSERT_TRUE(v.is_unknown());
  EXPECT_EQ(v.text, "parameter NoDefault has no Default and no value was given (--parameter NoDefault=...)");
  EXPECT_NE(f.out("RefResource").text.find("known only after deployment"), std::string::npos);
  EXPECT_TRUE(f.out("RefUndeclared").is_unknown());
  EXPECT_TRUE(f.out("Region").is_unknown());
  EXPECT_NE(f.out("Region").text.find("--region"), std::string::npos);
  EXPECT_TRUE(f.out("NoValue").is_no_value());
  EXPECT_NE(f.out("Ssm").text.find("Systems Manager"), std::string::npos);
}

TEST(CfnIntrinsics, GivenValuesAndPseudoOverride) {
  Fixture f(kTemplate);
  f.given["Mode"] = "PassThrough";
  f.given["NoDefault"] = "x";
  f.opts.pseudo["AWS::Region"] = "eu-west-1";
  f.reset();
  EXPECT_EQ(f.out("Ref").text, "PassThrough");
  EXPECT_EQ(f.out("Ref").via, "parameter Mode");
  EXPECT_EQ(f.out("RefNoDefault").text, "x");
  EXPECT_EQ(f.out("Region").text, "eu-west-1");
  EXPECT_EQ(f.ev->condition("Region").truth, Truth::True);
  EXPECT_EQ(f.ev->condition("IsActive").truth, Truth::False);
  EXPECT_EQ(f.out("If").text, "no");
}

TEST(CfnIntrinsics, Conditions) {
  Fixture f(kTemplate);
  EXPECT_EQ(f.ev->condition("IsActive").truth, Truth::True);
  EXPECT_EQ(f.ev->condition("IsActiveLong").truth, Truth::True);
  EXPECT_EQ(f.ev->condition("NotActive").truth, Truth::False);
  EXPECT_EQ(f.ev->condition("Both").truth, Truth::True);
  EXPECT_EQ(f.ev->condition("Either").truth, Truth::False);
  CondResult u = f.ev->condition("Unknown");
  EXPECT_EQ(u.truth, Truth::Unknown);
  EXPECT_NE(u.reason.find("NoDefault"), std::string::npos);
  EXPECT_EQ(f.ev->condition("AndFalseWins").truth, Truth::False);
  EXPECT_EQ(f.ev->condition("OrTrueWins").truth, Truth::True);
  EXPECT_EQ(f.ev->condition("Region").truth, Truth::Unknown);
  EXPECT_EQ(f.ev->condition("Loop").truth, Truth::Unknown);
  EXPECT_EQ(f.ev->condition("Missing").truth, Truth::Unknown);
}

TEST(CfnIntrinsics, IfFindInMapSub) {
  Fixture f(kTemplate);
  EXPECT_EQ(f.out("If").text, "yes");
  EXPECT_EQ(f.out("IfLong").text, "no");
  EXPECT_EQ(f.out("IfUnknownSame").text, "same");
  Value d = f.out("IfUnknownDiffer");
  ASSERT_TRUE(d.is_unknown());
  EXPECT_NE(d.text.find("condition Unknown cannot be decided"), std::string::npos) << d.text;
  EXPECT_EQ(f.out("Map").text, "Active");
  EXPECT_EQ(f.out("MapLong").text, "PassThrough");
  EXPECT_TRUE(f.out("MapMissing").is_unknown());
  EXPECT_EQ(f.out("MapDefault").text, "Active");
  EXPECT_EQ(f.out("MapKeyFromRef").text, "Active");
  EXPECT_EQ(f.out("Sub").text, "Active-${Literal}-x");
  EXPECT_EQ(f.out("SubVars").text, "Active/Active");
  EXPECT_EQ(f.out("SubLong").text, "Active");
  EXPECT_TRUE(f.out("SubRegion").is_unknown());
  EXPECT_TRUE(f.out("SubAttr").is_unknown());
}

TEST(CfnIntrinsics, ListsAndUnknowables) {
  Fixture f(kTemplate);
  EXPECT_EQ(f.out("Join").text, "Active");
  EXPECT_EQ(f.out("JoinLong").text, "dev-prod");
  EXPECT_EQ(f.out("JoinNoValue").text, "a,b");
  EXPECT_EQ(f.out("Select").text, "Active");
  EXPECT_TRUE(f.out("SelectOut").is_unknown());
  EXPECT_TRUE(f.out("GetAtt").is_unknown());
  EXPECT_NE(f.out("GetAtt").text.find("Fn.Arn"), std::string::npos);
  EXPECT_TRUE(f.out("GetAttLong").is_unknown());
  EXPECT_TRUE(f.out("Import").is_unknown());
  EXPECT_TRUE(f.out("AZs").is_unknown());
  EXPECT_EQ(f.out("Base64").text, "QWN0aXZl");
  EXPECT_EQ(f.out("Base64Long").text, "QWN0aXZl");
}

TEST(CfnIntrinsics, JsonLongFormsReadTheSame) {
  Fixture f(R"({"Parameters": {"M": {"Type": "String", "Default": "Active"}},
    "Conditions": {"C": {"Fn::Equals": [{"Ref": "M"}, "Active"]}},
    "Outputs": {"X": {"Value": {"Fn::If": ["C", {"Fn::Join": ["", ["Pass", "Through"]]}, "no"]}}}})",
            "t.json");
  EXPECT_EQ(f.out("X").text, "PassThrough");
}

TEST(CfnIntrinsics, DeepOrHugeInputIsUnknownNotACrash) {
  std::string s = "Outputs:\n  X:\n    Value: ";
  for (int i = 0; i < 150; ++i) s += "!Join ['', [";
  s += "a";
  for (int i = 0; i < 150; ++i) s += "]]";
  s += "\n";
  Fixture f(s);
  EXPECT_TRUE(f.out("X").is_unknown());
}

TEST(CfnIntrinsics, ShortTagsOnlyWhereCloudFormationHasThem) {
  Fixture f("Outputs:\n  X: {Value: !Custom a}\n  Y: {Value: !Condition a}\n");
  EXPECT_EQ(f.out("X").text, "a");
  EXPECT_FALSE(as_intrinsic(f.doc->root->find("Outputs")->find("Y")->find("Value")).has_value());
  EXPECT_TRUE(as_intrinsic(f.doc->root->find("Outputs")->find("Y")->find("Value"), true).has_value());
}

// Strings are bounded: nested Fn::Sub doubling a 100 KB parameter 20 times (100 GB), and Fn::Join of
// 2,000 Refs to it, end as unknown with the reason instead of exhausting memory.
TEST(Intrinsics, StringsAreBounded) {
  std::string sub = "!Ref P";
  for (int i = 0; i < 20; ++i) sub = "!Sub ['${A}${A}', {A: " + sub + "}]";
  std::string refs;
  for (int i = 0; i < 2000; ++i) refs += (i ? ", " : "") + std::string("!Ref P");
  Fixture f(
      "Parameters:\n  P: {Type: String, Default: " + std::string(100000, 'x') +
      "}\nOutputs:\n  Sub: {Value: " + sub + "}\n  Join: {Value: !Join ['', [" + refs +
      "]]}\n"
      "  B64: {Value: {'Fn::Base64': {'Fn::Join': ['', [!Ref P, !Ref P, !Ref P, !Ref P, !Ref P, !Ref P, !Ref "
      "P, !Ref P, !Ref P, !Ref P]]}}}\n");
  Value v = f.out("Sub");
  EXPECT_TRUE(v.is_unknown());
  EXPECT_EQ(v.text, "Fn::Sub builds a string longer than 1048576 bytes");
  v = f.out("Join");
  EXPECT_TRUE(v.is_unknown());
  EXPECT_EQ(v.text, "Fn::Join builds a string longer than 1048576 bytes");
  v = f.out("B64");  // the budget for all strings is spent by now
  EXPECT_EQ(v.text, "the value is too complex to evaluate");
  f.reset();
  v = f.out("B64");
  EXPECT_TRUE(v.is_unknown());
  EXPECT_EQ(v.text, "Fn::Base64 builds a string longer than 1048576 bytes");
  // Within the limits, the same functions still evaluate.
  Fixture g(
      "Parameters:\n  P: {Type: String, Default: ab}\nOutputs:\n  S: {Value: !Sub ['${A}${A}', {A: !Ref "
      "P}]}\n");
  EXPECT_EQ(g.out("S").text, "abab");
}

}  // namespace
}  // namespace cs::cfn

namespace cs::cfn {
namespace {

TEST(CfnNoEcho, NoEchoValuesRenderAsSensitive) {
  Fixture f(R"(
Parameters:
  Token: {Type: String, NoEcho: true, Default: hunter2}
  Keys: {Type: CommaDelimitedList, NoEcho: "true", Default: "a,b"}
  Secret: {Type: "AWS::SSM::Parameter::Value<String>", NoEcho: true, Default: /very/secret/name}
  Plain: {Type: String, Default: open}
Outputs:
  Ref: {Value: !Ref Token}
  Sub: {Value: !Sub "${Token}-x"}
  Join: {Value: !Join ["-", !Ref Keys]}
  Select: {Value: !Select [1, !Ref Keys]}
  Split: {Value: !Split [",", !Ref Token]}
  Ssm: {Value: !Ref Secret}
  Plain: {Value: !Ref Plain}
)");
  EXPECT_EQ(f.out("Ref").text, "hunter2");
  EXPECT_EQ(f.out("Ref").render(), "(sensitive)");
  EXPECT_EQ(f.out("Sub").render(), "(sensitive)");
  EXPECT_EQ(f.out("Join").render(), "(sensitive)");
  EXPECT_EQ(f.out("Select").render(), "(sensitive)");
  EXPECT_EQ(f.out("Split").render(), "(sensitive)");
  EXPECT_EQ(f.out("Ssm").text.find("/very/secret/name"), std::string::npos) << f.out("Ssm").text;
  EXPECT_EQ(f.out("Plain").render(), "open");
}

}  // namespace
}  // namespace cs::cfn
