#include "io/write.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cs::io {
namespace {

class WriteAtomic : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cs_write_test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string p(const std::string& name) const { return dir_ + "/" + name; }
  static std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir_.c_str());
    while (struct dirent* e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string dir_;
};

TEST_F(WriteAtomic, WritesAndReplacesWholeFile) {
  ASSERT_TRUE(write_atomic(p("out.json"), std::string_view("first version, longer\n")));
  ASSERT_TRUE(write_atomic(p("out.json"), std::string_view("second\n")));
  EXPECT_EQ(slurp(p("out.json")), "second\n");
  EXPECT_EQ(names(), std::vector<std::string>{"out.json"});  // no temporary file left behind
}

TEST_F(WriteAtomic, SymlinkAtTargetIsReplacedNotFollowed) {
  { std::ofstream(p("victim")) << "precious\n"; }
  ASSERT_EQ(::symlink("victim", p("out.sarif").c_str()), 0);
  ASSERT_TRUE(write_atomic(p("out.sarif"), std::string_view("report\n")));
  EXPECT_EQ(slurp(p("victim")), "precious\n");
  struct stat st {};
  ASSERT_EQ(::lstat(p("out.sarif").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(slurp(p("out.sarif")), "report\n");
}

TEST_F(WriteAtomic, DanglingSymlinkToOutsideIsNotFollowed) {
  std::string outside = p("elsewhere");
  ASSERT_EQ(::symlink(outside.c_str(), p("out.xml").c_str()), 0);
  ASSERT_TRUE(write_atomic(p("out.xml"), std::string_view("x")));
  struct stat st {};
  EXPECT_NE(::lstat(outside.c_str(), &st), 0);  // the link's target was never created
  EXPECT_EQ(slurp(p("out.xml")), "x");
}

TEST_F(WriteAtomic, GuessableTempNamesCannotRedirect) {
  // The names the old writer used (target.tmp.<pid>) and plausible others, planted as links.
  { std::ofstream(p("victim")) << "precious\n"; }
  for (const std::string& n : {"out.csv.tmp." + std::to_string(::getpid()), std::string("out.csv.tmp"),
                               std::string(".out.csv.tmp"), std::string("out.csv~")})
    ASSERT_EQ(::symlink("victim", p(n).c_str()), 0);
  ASSERT_TRUE(write_atomic(p("out.csv"), std::string_view("a,b\r\n")));
  EXPECT_EQ(slurp(p("victim")), "precious\n");
  EXPECT_EQ(slurp(p("out.csv")), "a,b\r\n");
}

TEST_F(WriteAtomic, KeepsTheModeOfAnExistingFile) {
  { std::ofstream(p("baseline.json")) << "{}"; }
  ASSERT_EQ(::chmod(p("baseline.json").c_str(), 0640), 0);
  ASSERT_TRUE(write_atomic(p("baseline.json"), std::string_view("{\"a\": 1}")));
  struct stat st {};
  ASSERT_EQ(::stat(p("baseline.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(WriteAtomic, DeviceIsWrittenInPlace) {
  EXPECT_TRUE(write_atomic("/dev/null", std::string_view("discarded")));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST_F(WriteAtomic, FailureInTheMiddleLeavesTheTargetAlone) {
  ASSERT_TRUE(write_atomic(p("out.json"), std::string_view("old\n")));
  auto r = write_atomic(p("out.json"), [](std::ostream& os) {
    os << "half";
    throw std::bad_alloc();
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot write " + p("out.json") + ": Cannot allocate memory");
  EXPECT_EQ(slurp(p("out.json")), "old\n");
  EXPECT_EQ(names(), std::vector<std::string>{"out.json"});
}

TEST_F(WriteAtomic, DevStdoutIsWrittenInPlace) {
  // /dev/stdout is a symbolic link root made: followed, never replaced.
  EXPECT_TRUE(write_atomic("/dev/stdout", std::string_view("")));
  struct stat st {};
  ASSERT_EQ(::lstat("/dev/stdout", &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST_F(WriteAtomic, FullDeviceIsAnError) {
  auto r = write_atomic("/dev/full", std::string_view("no room"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot write /dev/full: No space left on device");
}

TEST_F(WriteAtomic, FifoWithoutReaderIsAnErrorNotAHang) {
  ASSERT_EQ(::mkfifo(p("pipe.sarif").c_str(), 0600), 0);
  auto r = write_atomic(p("pipe.sarif"), std::string_view("x"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot write " + p("pipe.sarif") + ": no process is reading the FIFO");
  struct stat st {};
  ASSERT_EQ(::lstat(p("pipe.sarif").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));  // never replaced by a regular file
}

TEST_F(WriteAtomic, DirectoryTargetAndMissingDirectoryAreErrors) {
  ASSERT_EQ(::mkdir(p("d").c_str(), 0755), 0);
  auto r = write_atomic(p("d"), std::string_view("x"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot write " + p("d") + ": Is a directory");
  auto r2 = write_atomic(p("nope/out.json"), std::string_view("x"));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().message, "cannot write " + p("nope/out.json") + ": No such file or directory");
  EXPECT_EQ(names(), std::vector<std::string>{"d"});
}

TEST_F(WriteAtomic, StreamsLargeContent) {
  std::string line(1000, 'x');
  ASSERT_TRUE(write_atomic(p("big"), [&](std::ostream& os) {
    for (int i = 0; i < 5000; ++i) os << line << "\n";
  }));
  struct stat st {};
  ASSERT_EQ(::stat(p("big").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 5000 * 1001);
}

TEST(FdStreamBuf, RemembersTheFirstError) {
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  FdStreamBuf buf(fd, 16);
  std::ostream os(&buf);
  os << "more than sixteen bytes of text";
  os.flush();
  EXPECT_EQ(buf.error(), ENOSPC);
  EXPECT_FALSE(os);
  ::close(fd);
}

TEST(FdStreamBuf, ClosedPipeIsEpipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  FdStreamBuf buf(fds[1]);
  std::ostream os(&buf);
  os << "x";
  os.flush();
  EXPECT_EQ(buf.error(), EPIPE);
  ::close(fds[1]);
}

}  // namespace
}  // namespace cs::io
