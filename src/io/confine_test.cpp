#include "io/confine.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace cs::io {
namespace {

// A temporary directory: T/repo (with .git), T/repo/infra/prod, T/repo/modules/x/policy.json,
// T/outside/secret.txt.
class ConfineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cs_confine_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    char buf[4096];
    ASSERT_NE(realpath(tmpl, buf), nullptr);
    t_ = buf;
    mk("repo");
    mk("repo/.git");
    mk("repo/infra");
    mk("repo/infra/prod");
    mk("repo/modules");
    mk("repo/modules/x");
    mk("outside");
    put("repo/infra/prod/main.tf", "x");
    put("repo/modules/x/policy.json", "{}");
    put("outside/secret.txt", "CS_SECRET");
  }
  void TearDown() override { std::system(("rm -rf '" + t_ + "'").c_str()); }
  void mk(const std::string& rel) { ASSERT_EQ(mkdir((t_ + "/" + rel).c_str(), 0755), 0); }
  void put(const std::string& rel, const std::string& text) { std::ofstream(t_ + "/" + rel) << text; }
  void link(const std::string& target, const std::string& rel) {
    ASSERT_EQ(symlink(target.c_str(), (t_ + "/" + rel).c_str()), 0);
  }
  std::string t_;
};

TEST(PathWithin, IsLexicalAndStopsAtComponentBoundaries) {
  EXPECT_TRUE(path_within("/a/b", "/a"));
  EXPECT_TRUE(path_within("/a", "/a"));
  EXPECT_FALSE(path_within("/ab", "/a"));
  EXPECT_FALSE(path_within("/", "/a"));
  EXPECT_TRUE(path_within("/x", "/"));
}

TEST(Contains, RootsAndKernelTrees) {
  Confinement c({"/work/repo"});
  EXPECT_TRUE(c.contains("/work/repo/main.tf"));
  EXPECT_FALSE(c.contains("/work/repo2/main.tf"));
  EXPECT_FALSE(c.contains("/etc/shadow"));
  EXPECT_FALSE(c.contains("relative"));
  Confinement everything({"/"});
  EXPECT_TRUE(everything.contains("/etc/passwd"));
  EXPECT_FALSE(everything.contains("/proc/self/environ"));  // never, whatever the roots
  EXPECT_FALSE(everything.contains("/dev/zero"));
  EXPECT_FALSE(everything.contains("/sys/kernel"));
  Confinement none(std::vector<std::string>{});
  EXPECT_FALSE(none.contains("/work/repo/main.tf"));  // confined with no roots: nothing
  Confinement unconfined;
  EXPECT_FALSE(unconfined.confined());
  EXPECT_TRUE(unconfined.contains("/anything"));
}

TEST_F(ConfineTest, ForScanAddsTheArgumentAndItsGitRoot) {
  Confinement c = Confinement::for_scan({t_ + "/repo/infra/prod"});
  ASSERT_TRUE(c.confined());
  EXPECT_EQ(c.roots(), (std::vector<std::string>{t_ + "/repo", t_ + "/repo/infra/prod"}));
  // A file argument counts as its directory.
  Confinement f = Confinement::for_scan({t_ + "/outside/secret.txt"});
  EXPECT_EQ(f.roots(), (std::vector<std::string>{t_ + "/outside"}));
  // A path that does not exist adds nothing: everything is refused.
  Confinement n = Confinement::for_scan({t_ + "/nope"});
  EXPECT_TRUE(n.confined());
  EXPECT_TRUE(n.roots().empty());
}

TEST_F(ConfineTest, AGitRepositoryAtHomeDoesNotWidenTheTree) {
  // $HOME kept in git (dotfiles): scanning a project below it must not open ~/.aws or ~/.ssh.
  Confinement c =
      Confinement::for_scan({t_ + "/repo/infra/prod"}, Confinement::kDefaultMaxFileSize, t_ + "/repo");
  EXPECT_EQ(c.roots(), (std::vector<std::string>{t_ + "/repo/infra/prod"}));
  EXPECT_EQ(c.resolve(t_ + "/repo/modules/x/policy.json").refusal, Confinement::Refusal::Outside);
}

TEST_F(ConfineTest, InsideTheRepositoryIsAllowed) {
  Confinement c = Confinement::for_scan({t_ + "/repo/infra/prod"});
  auto r = c.resolve(t_ + "/repo/infra/prod/../../modules/x/policy.json");
  EXPECT_EQ(r.refusal, Confinement::Refusal::None) << r.reason;
  EXPECT_EQ(r.real_path, t_ + "/repo/modules/x/policy.json");
  EXPECT_EQ(r.size, 2u);
  auto content = c.read(t_ + "/repo/modules/x/policy.json");
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(*content, "{}");
  auto dir = c.resolve(t_ + "/repo/modules");
  EXPECT_EQ(dir.refusal, Confinement::Refusal::None);
  EXPECT_TRUE(dir.is_dir);
}

TEST_F(ConfineTest, OutsideDirectlyOrThroughSymlinksIsRefused) {
  Confinement c = Confinement::for_scan({t_ + "/repo/infra/prod"});
  auto direct = c.resolve(t_ + "/outside/secret.txt");
  EXPECT_EQ(direct.refusal, Confinement::Refusal::Outside);
  EXPECT_EQ(direct.reason, "reads outside the scanned tree");
  link(t_ + "/outside/secret.txt", "repo/link.txt");
  EXPECT_EQ(c.resolve(t_ + "/repo/link.txt").refusal, Confinement::Refusal::Outside);
  auto read = c.read(t_ + "/repo/link.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "reads outside the scanned tree");
  // A relative symlink and a directory symlink leading out.
  link("../outside", "repo/out");
  EXPECT_EQ(c.resolve(t_ + "/repo/out/secret.txt").refusal, Confinement::Refusal::Outside);
  // A dangling link out tells nothing about the outside: Outside too, not Missing.
  link(t_ + "/outside/no-such-file", "repo/dangling");
  EXPECT_EQ(c.resolve(t_ + "/repo/dangling").refusal, Confinement::Refusal::Outside);
  // ".." climbing out lexically.
  EXPECT_EQ(c.resolve(t_ + "/repo/../outside/secret.txt").refusal, Confinement::Refusal::Outside);
  EXPECT_EQ(c.resolve("/etc/passwd").refusal, Confinement::Refusal::Outside);
  EXPECT_EQ(c.resolve("/proc/self/environ").refusal, Confinement::Refusal::Outside);
}

TEST_F(ConfineTest, MissingInsideIsMissing) {
  Confinement c = Confinement::for_scan({t_ + "/repo"});
  auto r = c.resolve(t_ + "/repo/none.txt");
  EXPECT_EQ(r.refusal, Confinement::Refusal::Missing);
  EXPECT_EQ(c.resolve(t_ + "/repo/none/deeper.txt").refusal, Confinement::Refusal::Missing);
}

TEST_F(ConfineTest, DevicesFifosLoopsAndLargeFilesAreRefused) {
  Confinement c = Confinement::for_scan({t_ + "/repo"}, 4);
  link("/dev/zero", "repo/zero");
  EXPECT_EQ(c.resolve(t_ + "/repo/zero").refusal, Confinement::Refusal::Outside);
  ASSERT_EQ(mkfifo((t_ + "/repo/fifo").c_str(), 0600), 0);
  auto fifo = c.resolve(t_ + "/repo/fifo");
  EXPECT_EQ(fifo.refusal, Confinement::Refusal::NotRegular);
  EXPECT_FALSE(c.read(t_ + "/repo/fifo").ok());  // and never blocks
  link("loop2", "repo/loop1");
  link("loop1", "repo/loop2");
  EXPECT_EQ(c.resolve(t_ + "/repo/loop1").refusal, Confinement::Refusal::NotRegular);
  put("repo/big.txt", "12345");
  auto big = c.resolve(t_ + "/repo/big.txt");
  EXPECT_EQ(big.refusal, Confinement::Refusal::TooLarge);
  EXPECT_EQ(big.reason, "is larger than the file size limit (4 bytes)");
  put("repo/small.txt", "1234");
  EXPECT_EQ(*c.read(t_ + "/repo/small.txt"), "1234");
}

TEST_F(ConfineTest, GitRootIsTheNearestAncestorWithDotGit) {
  EXPECT_EQ(git_root(t_ + "/repo/infra/prod"), t_ + "/repo");
  EXPECT_EQ(git_root(t_ + "/outside"), "");
}

}  // namespace
}  // namespace cs::io
