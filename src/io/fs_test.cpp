#include "io/fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cs::io {
namespace {

namespace sfs = std::filesystem;

// A fresh directory under the system temp dir, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (sfs::temp_directory_path() / "cs_fs_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    sfs::permissions(path_, sfs::perms::owner_all, sfs::perm_options::add, ec);
    sfs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }
  const std::string& path() const { return path_; }

  void write(const std::string& rel, const std::string& content) const {
    std::ofstream(*this / rel, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

TEST(DiskRead, ReadsARegularFile) {
  TempDir t;
  t.write("a.tf", "resource \"x\" \"y\" {}\n");
  auto r = DiskFileSystem().read(t / "a.tf");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "resource \"x\" \"y\" {}\n");
}

TEST(DiskRead, RefusesAFifoWithoutBlocking) {
  TempDir t;
  ASSERT_EQ(::mkfifo((t / "x.tf").c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  auto r = DiskFileSystem().read(t / "x.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not a regular file (a FIFO), not read");
  EXPECT_EQ(r.error().file, t / "x.tf");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(DiskRead, RefusesDevicesDirectoriesAndLinksToThem) {
  TempDir t;
  DiskFileSystem fs;
  auto r = fs.read("/dev/null");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not a regular file (a character device), not read");
  sfs::create_symlink("/dev/zero", t / "z.tf");
  r = fs.read(t / "z.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not a regular file (a character device), not read");
  sfs::create_directory(t / "d.tf");
  r = fs.read(t / "d.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not a regular file (a directory), not read");
}

TEST(DiskRead, MissingAndDanglingFilesSayWhy) {
  TempDir t;
  sfs::create_symlink(t / "nowhere", t / "a.tf");
  auto r = DiskFileSystem().read(t / "a.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot open: No such file or directory");
}

TEST(DiskRead, SizeLimitOnTheFileSize) {
  TempDir t;
  t.write("big.tf", std::string(2000, '#'));
  t.write("edge.tf", std::string(1000, '#'));
  DiskFileSystem fs;
  EXPECT_EQ(fs.max_file_size(), 32u << 20);
  fs.set_max_file_size(1000);
  auto r = fs.read(t / "big.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "larger than --max-file-size (1000 bytes)");
  auto e = fs.read(t / "edge.tf");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->size(), 1000u);
}

TEST(DiskRead, SizeLimitWhileReading) {
  // /proc files say size 0 and have content: only the limit while reading stops them.
  DiskFileSystem fs;
  fs.set_max_file_size(16);
  auto r = fs.read("/proc/self/status");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "larger than --max-file-size (16 bytes)");
}

TEST(DiskRead, UnreadableFileSaysWhy) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir t;
  t.write("a.tf", "x");
  ::chmod((t / "a.tf").c_str(), 0);
  auto r = DiskFileSystem().read(t / "a.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot open: Permission denied");
}

TEST(DiskList, MarksLinksAndWhatTheyNameAndStatFollowsThem) {
  TempDir t;
  sfs::create_directory(t / "real");
  t.write("real/a.tf", "x");
  sfs::create_directory_symlink("real", t / "alias");
  sfs::create_symlink("real/a.tf", t / "b.tf");
  sfs::create_symlink("missing", t / "dangling");
  DiskFileSystem fs;
  auto l = fs.list(t.path());
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 4u);
  EXPECT_EQ((*l)[0].name, "alias");
  EXPECT_TRUE((*l)[0].is_symlink && (*l)[0].is_dir);
  EXPECT_EQ((*l)[1].name, "b.tf");
  EXPECT_TRUE((*l)[1].is_symlink && !(*l)[1].is_dir);
  EXPECT_EQ((*l)[2].name, "dangling");
  EXPECT_TRUE((*l)[2].is_symlink && !(*l)[2].is_dir);
  EXPECT_EQ((*l)[3].name, "real");
  EXPECT_TRUE(!(*l)[3].is_symlink && (*l)[3].is_dir);

  auto a = fs.stat(t / "alias"), r = fs.stat(t / "real");
  ASSERT_TRUE(a && r);
  EXPECT_EQ(a->type, FileType::Directory);
  EXPECT_EQ(a->id, r->id);
  auto f = fs.stat(t / "b.tf");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, FileType::Regular);
  EXPECT_EQ(f->size, 1u);
  auto d = fs.stat(t / "dangling");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "No such file or directory");

  sfs::create_symlink("loop", t / "loop");
  auto lp = fs.stat(t / "loop");
  ASSERT_FALSE(lp);
  EXPECT_EQ(lp.error().message, "Too many levels of symbolic links");

  auto real_tmp = fs.real_path(t.path());
  ASSERT_TRUE(real_tmp);
  auto rp = fs.real_path(t / "alias/a.tf");
  ASSERT_TRUE(rp);
  EXPECT_EQ(*rp, *real_tmp + "/real/a.tf");
}

TEST(DiskList, UnreadableDirectorySaysWhy) {
  if (::geteuid() == 0) GTEST_SKIP() << "root lists directories whatever their mode";
  TempDir t;
  sfs::create_directory(t / "d");
  ::chmod((t / "d").c_str(), 0);
  auto l = DiskFileSystem().list(t / "d");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().message, "cannot list directory: Permission denied");
}

TEST(MemoryFs, SizeLimitAndIdentity) {
  MemoryFileSystem fs;
  fs.add("m/a.tf", std::string(100, 'x'));
  fs.add("m/b.tf", "y");
  EXPECT_TRUE(fs.read("m/a.tf"));
  fs.set_max_file_size(99);
  auto r = fs.read("m/a.tf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "larger than --max-file-size (99 bytes)");
  EXPECT_EQ(r.error().file, "m/a.tf");
  EXPECT_TRUE(fs.read("m/b.tf"));
  auto d = fs.read("m");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "not a regular file (a directory), not read");

  auto a = fs.stat("m/a.tf"), b = fs.stat("./m/b.tf"), a2 = fs.stat("m/../m/a.tf"), dir = fs.stat("m");
  ASSERT_TRUE(a && b && a2 && dir);
  EXPECT_EQ(a->size, 100u);
  EXPECT_EQ(a->id, a2->id);
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(dir->type, FileType::Directory);
  EXPECT_FALSE(fs.stat("nope"));
  EXPECT_EQ(*fs.real_path("m/./a.tf"), "/m/a.tf");
}

TEST(ParseSize, BytesAndBinarySuffixes) {
  EXPECT_EQ(parse_size("1048576"), 1048576u);
  EXPECT_EQ(parse_size("512K"), 512u << 10);
  EXPECT_EQ(parse_size("1m"), 1u << 20);
  EXPECT_EQ(parse_size("32M"), 32u << 20);
  EXPECT_EQ(parse_size("2G"), uint64_t{2} << 30);
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("0"));
  EXPECT_FALSE(parse_size("M"));
  EXPECT_FALSE(parse_size("-1"));
  EXPECT_FALSE(parse_size("1.5M"));
  EXPECT_FALSE(parse_size("1MB"));
  EXPECT_FALSE(parse_size("1T"));
  EXPECT_FALSE(parse_size("99999999999999999999999"));
  EXPECT_FALSE(parse_size("2000000G"));
}

TEST(FindBinary, TextPasses) {
  EXPECT_FALSE(find_binary(""));
  EXPECT_FALSE(find_binary("resource \"a\" \"b\" {}\n"));
  EXPECT_FALSE(
      find_binary("\xEF\xBB\xBFname = \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"\n"));  // BOM, é, €, emoji
}

TEST(FindBinary, NulAndInvalidUtf8) {
  auto b = find_binary(std::string("ab\ncd\0ef", 8));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->nul);
  EXPECT_EQ(b->offset, 5u);
  EXPECT_EQ(b->message(), "binary file (NUL byte at offset 5), not scanned");

  b = find_binary("x = 1\ny = \"caf\xE9\"\n");  // Latin-1 é
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->nul);
  EXPECT_EQ(b->offset, 14u);
  EXPECT_EQ(b->line, 2u);
  EXPECT_EQ(b->col, 9u);
  EXPECT_EQ(b->message(), "binary file or not UTF-8 text (invalid byte at offset 14), not scanned");

  EXPECT_EQ(find_binary("a\xC0\x80")->offset, 1u);         // overlong NUL
  EXPECT_EQ(find_binary("a\xE0\x80\xAF")->offset, 1u);     // overlong '/'
  EXPECT_EQ(find_binary("\xED\xA0\x80")->offset, 0u);      // surrogate
  EXPECT_EQ(find_binary("\xF4\x90\x80\x80")->offset, 0u);  // past U+10FFFF
  EXPECT_EQ(find_binary("ok\xE2\x82")->offset, 2u);        // cut short
  EXPECT_EQ(find_binary("\x80")->offset, 0u);              // continuation byte alone
  EXPECT_EQ(find_binary("\xC3\x28")->offset, 0u);          // bad continuation
}

TEST(Paths, Within) {
  EXPECT_TRUE(within("/a/b", "/a"));
  EXPECT_TRUE(within("/a", "/a"));
  EXPECT_TRUE(within("/a/b/../c", "/a"));
  EXPECT_FALSE(within("/ab", "/a"));
  EXPECT_FALSE(within("/a/../b", "/a"));
  EXPECT_TRUE(within("/etc", "/"));
  EXPECT_FALSE(within("/", "/a"));
}

}  // namespace
}  // namespace cs::io
