#include "aws/creds/config.h"

#include <gtest/gtest.h>

namespace cs::aws::creds {
namespace {

TEST(Config, PathExpansion) {
  Environment env({{"HOME", "/home/u"}, {"X", "/opt"}});
  EXPECT_EQ(expand_path("~/.aws/config", env), "/home/u/.aws/config");
  EXPECT_EQ(expand_path("~", env), "/home/u");
  EXPECT_EQ(expand_path("$X/c", env), "/opt/c");
  EXPECT_EQ(expand_path("${X}/c", env), "/opt/c");
  EXPECT_EQ(expand_path("$NOPE/c", env), "$NOPE/c");
  EXPECT_EQ(expand_path("~other/c", env), "~other/c");
}

TEST(Config, DefaultPathsUseHomeAndOverridesWin) {
  io::MemoryFileSystem fs;
  fs.add("/home/u/.aws/config", "[default]\nregion = us-east-1\n");
  fs.add("/home/u/.aws/credentials", "[default]\naws_access_key_id = AKIA1\n");
  fs.add("/etc/aws/cfg", "[default]\nregion = eu-west-3\n");
  auto a = load_config_files(Environment({{"HOME", "/home/u"}}), fs);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->config_path, "/home/u/.aws/config");
  EXPECT_EQ(*a->profile("default")->get("region"), "us-east-1");
  EXPECT_EQ(*a->profile("default")->get("aws_access_key_id"), "AKIA1");
  auto b = load_config_files(Environment({{"HOME", "/home/u"},
                                          {"AWS_CONFIG_FILE", "/etc/aws/cfg"},
                                          {"AWS_SHARED_CREDENTIALS_FILE", "~/none"}}),
                             fs);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b->profile("default")->get("region"), "eu-west-3");
  EXPECT_EQ(b->credentials_path, "/home/u/none");
  EXPECT_TRUE(b->credentials_profiles.empty());
}

TEST(Config, SectionKindsAndMerge) {
  io::MemoryFileSystem fs;
  fs.add("/h/.aws/config",
         "[default]\nregion = a\n"
         "[profile dev]\nregion = b\naws_access_key_id = FROMCONFIG\n"
         "[profile \"with space\"]\nregion = c\n"
         "[profile]\nregion = ignored\n"
         "[preview]\ncloudfront = true\n"
         "[bare]\nregion = not-a-profile\n"
         "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
         "[services mine]\ns3 =\n  endpoint_url = http://localhost:9000\n");
  fs.add("/h/.aws/credentials",
         "[dev]\naws_access_key_id = FROMCREDS\n[profile odd]\nx = 1\n[credonly]\nk = v\n");
  auto r = load_config_files(Environment({{"HOME", "/h"}}), fs);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(*r->profile("dev")->get("region"), "b");
  EXPECT_EQ(*r->profile("dev")->get("aws_access_key_id"), "FROMCREDS");  // credentials file wins
  EXPECT_EQ(r->profile("dev")->location("aws_access_key_id"), "/h/.aws/credentials:2");
  EXPECT_EQ(*r->profile("with space")->get("region"), "c");
  EXPECT_EQ(r->profile("bare"), nullptr);
  EXPECT_EQ(r->profile("preview"), nullptr);
  EXPECT_NE(r->profile("profile odd"), nullptr);  // a credentials-file section name is taken literally
  EXPECT_NE(r->profile("credonly"), nullptr);
  ASSERT_NE(r->sso_session("corp"), nullptr);
  EXPECT_EQ(*r->sso_session("corp")->get("sso_region"), "us-east-1");
  EXPECT_TRUE(r->services.at("mine").values.at("s3").is_nested);
  EXPECT_FALSE(r->services.at("mine").get("s3").has_value());
}

TEST(Config, MalformedFileIsAnErrorWithFileAndLine) {
  io::MemoryFileSystem fs;
  fs.add("/h/.aws/credentials", "[default]\naws_access_key_id = A\naws_access_key_id = B\n");
  auto r = load_config_files(Environment({{"HOME", "/h"}}), fs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string().rfind("/h/.aws/credentials:3:", 0), 0u) << r.error().to_string();
}

TEST(Config, ProfileSelectionOrder) {
  Environment none;
  Environment both({{"AWS_PROFILE", "p"}, {"AWS_DEFAULT_PROFILE", "dp"}});
  Environment only_p({{"AWS_PROFILE", "p"}});
  EXPECT_EQ(select_profile(std::nullopt, none).name, "default");
  EXPECT_EQ(select_profile(std::nullopt, none).source, ProfileSource::Default);
  EXPECT_EQ(select_profile(std::nullopt, only_p).name, "p");
  EXPECT_EQ(select_profile(std::nullopt, only_p).source, ProfileSource::EnvProfile);
  // botocore checks AWS_DEFAULT_PROFILE first (verified against botocore 1.43.11 by creds_oracle).
  EXPECT_EQ(select_profile(std::nullopt, both).name, "dp");
  EXPECT_EQ(select_profile(std::string("cli"), both).name, "cli");
  EXPECT_EQ(select_profile(std::string("cli"), both).source, ProfileSource::Explicit);
  EXPECT_EQ(select_profile(std::nullopt, Environment({{"AWS_PROFILE", ""}})).name, "default");
}

TEST(Config, RegionOrder) {
  Profile p;
  p.values["region"].value = "from-profile";
  EXPECT_EQ(select_region(std::nullopt, Environment(), &p), "from-profile");
  EXPECT_EQ(select_region(std::nullopt, Environment(), nullptr), "");
  EXPECT_EQ(select_region(std::nullopt, Environment({{"AWS_DEFAULT_REGION", "d"}}), &p), "d");
  EXPECT_EQ(select_region(std::nullopt, Environment({{"AWS_DEFAULT_REGION", "d"}, {"AWS_REGION", "r"}}), &p),
            "r");
  EXPECT_EQ(select_region(std::string("cli"), Environment({{"AWS_REGION", "r"}}), &p), "cli");
}

}  // namespace
}  // namespace cs::aws::creds
