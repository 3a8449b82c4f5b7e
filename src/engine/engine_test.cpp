// The scan's walk and reads: only regular files, each directory once, symlinks kept inside the scanned
// directory, limits that are errors, binary files as one diagnostic, allocation failure per file/module.
#include "engine/engine.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>

namespace cs::engine {
namespace {

namespace sfs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (sfs::temp_directory_path() / "cs_walk_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    sfs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }
  const std::string& path() const { return path_; }
  void write(const std::string& rel, const std::string& content) const {
    sfs::create_directories(sfs::path(*this / rel).parent_path());
    std::ofstream(*this / rel, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

std::string function_tf(const std::string& name) {
  return "resource \"aws_lambda_function\" \"" + name + "\" {\n  function_name = \"" + name +
         "\"\n  role = \"arn:aws:iam::123456789012:role/r\"\n}\n";
}

Result<ScanReport> run(const io::FileSystem& fs, std::vector<std::string> paths) {
  ScanRequest req;
  req.paths = std::move(paths);
  req.threads = 1;
  req.checks = {"lambda_notracing"};
  return scan(req, fs);
}

// "file: message" per diagnostic, paths relative to `base`.
std::vector<std::string> diags(const ScanReport& rep, const std::string& base = "") {
  std::vector<std::string> out;
  for (const auto& d : rep.diagnostics) {
    std::string f = base.empty() ? d.file : io::relative(d.file, base);
    out.push_back(std::string(d.severity == Severity::Error ? "error " : "warning ") + f + ": " + d.message);
  }
  return out;
}

std::vector<std::string> results(const ScanReport& rep, const std::string& base) {
  std::vector<std::string> out;
  for (const auto& r : rep.results) out.push_back(io::relative(r.location.file, base) + " " + r.resource);
  return out;
}

TEST(Walk, DirectoryLoopsWalkEachDirectoryOnce) {
  TempDir t;
  t.write("main.tf", function_tf("top"));
  t.write("sub/main.tf", function_tf("sub"));
  sfs::create_directory_symlink(".", t / "a");
  sfs::create_directory_symlink(".", t / "b");
  sfs::create_directory_symlink("..", t / "sub/up");
  sfs::create_directory_symlink(t.path(), t / "sub/root");
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, t.path()), (std::vector<std::string>{"main.tf aws_lambda_function.top",
                                                               "sub/main.tf aws_lambda_function.sub"}));
  EXPECT_EQ(diags(*rep), std::vector<std::string>{});
}

TEST(Walk, TwentyNestedLevelsEachLinkingBackStayLinear) {
  TempDir t;
  std::string rel;
  std::vector<std::string> want;
  for (int i = 1; i <= 20; ++i) {
    rel += (rel.empty() ? "" : "/") + ("d" + std::to_string(i));
    t.write(rel + "/main.tf", function_tf("f" + std::to_string(i)));
    sfs::create_directory_symlink(t.path(), t / (rel + "/top"));
    sfs::create_directory_symlink("..", t / (rel + "/up"));
    sfs::create_directory_symlink(".", t / (rel + "/self"));
    want.push_back(rel + "/main.tf aws_lambda_function.f" + std::to_string(i));
  }
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  std::sort(want.begin(), want.end());
  auto got = results(*rep, t.path());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  EXPECT_EQ(diags(*rep), std::vector<std::string>{});
}

TEST(Walk, LinksOutOfTheScannedDirectory) {
  TempDir t, outside;
  outside.write("secret.tf", "password = \"HUNTER2-OUTSIDE\" {{{\n");
  outside.write("mods/main.tf", function_tf("outside"));
  t.write("main.tf", function_tf("inside"));
  sfs::create_directory_symlink("/", t / "root");
  sfs::create_directory_symlink(outside / "mods", t / "mods");
  sfs::create_symlink(outside / "secret.tf", t / "secret.tf");
  sfs::create_symlink(outside / "secret.tf", t / "notes.txt");  // never read: not an input
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, t.path()), std::vector<std::string>{"main.tf aws_lambda_function.inside"});
  EXPECT_EQ(diags(*rep, t.path()),
            (std::vector<std::string>{
                "warning mods: symbolic link to a directory outside the scanned directory, not followed",
                "warning root: symbolic link to a directory outside the scanned directory, not followed",
                "error secret.tf: symbolic link to a file outside the scanned directory, not read"}));
}

TEST(Walk, LinkedDirectoryInsideKeepsItsRealPathAndHiddenTargetsAreReached) {
  TempDir t;
  t.write("real/main.tf", function_tf("real"));
  sfs::create_directory_symlink("real", t / "alias");  // sorts before "real"
  t.write(".shared/main.tf", function_tf("shared"));   // hidden: skipped, but reached through a link
  sfs::create_directory_symlink(".shared", t / "mods");
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, t.path()), (std::vector<std::string>{"mods/main.tf aws_lambda_function.shared",
                                                               "real/main.tf aws_lambda_function.real"}));
  EXPECT_EQ(diags(*rep), std::vector<std::string>{});
}

TEST(Walk, TemplateReachedTwiceIsScannedOnceTerraformFilePerDirectory) {
  TempDir t;
  t.write("infra/template.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
          "    Properties:\n      Role: arn:aws:iam::123456789012:role/r\n");
  sfs::create_symlink("infra/template.yaml", t / "a-copy.yaml");
  t.write("m1/fn.tf", function_tf("shared"));
  sfs::create_directory(t / "m2");
  sfs::create_symlink("../m1/fn.tf", t / "m2/fn.tf");  // one file in two modules: two modules, as Terraform
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, t.path()),
            (std::vector<std::string>{"infra/template.yaml Fn", "m1/fn.tf aws_lambda_function.shared",
                                      "m2/fn.tf aws_lambda_function.shared"}));
  EXPECT_EQ(diags(*rep), std::vector<std::string>{});
}

TEST(Walk, DepthLimitIsAnError) {
  TempDir t;
  std::string rel = "l1";
  for (int i = 2; i <= 66; ++i) rel += "/l" + std::to_string(i);
  t.write(rel + "/main.tf", function_tf("deep"));
  t.write("main.tf", function_tf("top"));
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  std::string level65 = rel.substr(0, rel.rfind("/l66"));
  EXPECT_EQ(
      diags(*rep, t.path()),
      std::vector<std::string>{"error " + level65 +
                               ": more than 64 directory levels below the scanned directory, not scanned"});
  EXPECT_EQ(results(*rep, t.path()), std::vector<std::string>{"main.tf aws_lambda_function.top"});
  EXPECT_EQ(rep->summary.parse_errors, 1u);
}

TEST(Walk, SpecialAndBrokenFilesAreErrors) {
  TempDir t;
  t.write("main.tf", function_tf("ok"));
  ASSERT_EQ(::mkfifo((t / "fifo.tf").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((t / "pipe.yaml").c_str(), 0600), 0);
  sfs::create_symlink("missing.tf", t / "dangling.tf");
  sfs::create_symlink("loop.tf", t / "loop.tf");
  sfs::create_symlink("nowhere", t / "stuff");  // might have been a directory
  auto rep = run(io::disk(), {t.path()});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, t.path()), std::vector<std::string>{"main.tf aws_lambda_function.ok"});
  EXPECT_EQ(diags(*rep, t.path()),
            (std::vector<std::string>{
                "error dangling.tf: cannot read: No such file or directory",
                "error fifo.tf: not a regular file (a FIFO), not read",
                "error loop.tf: cannot read: Too many levels of symbolic links",
                "error pipe.yaml: not a regular file (a FIFO), not read",
                "warning stuff: symbolic link cannot be followed: No such file or directory"}));
  // Named on the command line.
  auto named = run(io::disk(), {t / "fifo.tf"});
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().message, "cannot scan " + (t / "fifo.tf") + ": not a regular file (a FIFO)");
}

TEST(Walk, UnreadableDirectoryIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root lists directories whatever their mode";
  TempDir t;
  t.write("main.tf", function_tf("ok"));
  t.write("locked/main.tf", function_tf("hidden"));
  ::chmod((t / "locked").c_str(), 0);
  auto rep = run(io::disk(), {t.path()});
  ::chmod((t / "locked").c_str(), 0700);
  ASSERT_TRUE(rep);
  EXPECT_EQ(diags(*rep, t.path()),
            std::vector<std::string>{"error locked: cannot list directory: Permission denied"});
}

TEST(Walk, MaxFileSizeIsAnErrorAndTheRestIsScanned) {
  io::MemoryFileSystem fs;
  fs.add("r/big/main.tf", function_tf("big") + std::string(5000, '#'));
  fs.add("r/small/main.tf", function_tf("small"));
  fs.add("r/template.json", "{\"Resources\": {}, \"pad\": \"" + std::string(5000, 'x') + "\"}");
  fs.set_max_file_size(4096);
  auto rep = run(fs, {"r"});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, "r"), std::vector<std::string>{"small/main.tf aws_lambda_function.small"});
  EXPECT_EQ(diags(*rep),
            (std::vector<std::string>{"error r/big/main.tf: larger than --max-file-size (4096 bytes)",
                                      "error r/template.json: larger than --max-file-size (4096 bytes)"}));
}

TEST(Walk, LargeDataFileIsAWarningButALargeTemplateAnError) {
  io::MemoryFileSystem fs;
  fs.add("r/small/main.tf", function_tf("small"));
  fs.add("r/data.json", "[" + std::string(5000, '1') + "]");
  fs.add("r/data.yaml", "rows:\n" + std::string(5000, '#') + "\n");
  fs.add("r/plan.json", "{\"format_version\": \"1.2\", \"pad\": \"" + std::string(5000, 'x') + "\"}");
  fs.set_max_file_size(4096);
  auto rep = run(fs, {"r"});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, "r"), std::vector<std::string>{"small/main.tf aws_lambda_function.small"});
  const std::string skipped =
      ": larger than --max-file-size (4096 bytes); its first 64 KiB name no template, plan or service key, "
      "so it "
      "is taken for data and skipped";
  EXPECT_EQ(diags(*rep),
            (std::vector<std::string>{"warning r/data.json" + skipped, "warning r/data.yaml" + skipped,
                                      "error r/plan.json: larger than --max-file-size (4096 bytes)"}));
  // Named on the command line, a file that cannot be read is always an error.
  auto named = run(fs, {"r/data.json"});
  ASSERT_FALSE(named && named->summary.parse_errors == 0);
}

TEST(Walk, BinaryFileIsOneDiagnostic) {
  io::MemoryFileSystem fs;
  std::string junk;
  for (int i = 0; i < 3000; ++i) junk += static_cast<char>((i * 7919 + 13) % 256);
  fs.add("r/x.tf", junk);
  fs.add("r/x.json", junk);
  fs.add("r/x.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf\xE9\n");  // a template
  fs.add("r/notes.yaml", "title: caf\xE9\n");                                            // anything
  fs.add("r/ok/main.tf", function_tf("ok"));
  auto rep = run(fs, {"r"});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, "r"), std::vector<std::string>{"ok/main.tf aws_lambda_function.ok"});
  size_t nul = junk.find('\0');
  ASSERT_NE(nul, std::string::npos);
  std::string at = std::to_string(nul);
  EXPECT_EQ(
      diags(*rep),
      (std::vector<std::string>{
          "warning r/notes.yaml: binary file or not UTF-8 text (invalid byte at offset 10), not scanned",
          "warning r/x.json: binary file (NUL byte at offset " + at + "), not scanned",
          "error r/x.tf: binary file (NUL byte at offset " + at + "), not scanned",
          "error r/x.yaml: binary file or not UTF-8 text (invalid byte at offset 55), not scanned"}));
  ASSERT_EQ(rep->diagnostics[3].line, 2u);
  EXPECT_EQ(rep->diagnostics[3].col, 17u);
  // A NUL byte says binary; named on the command line it is an error.
  io::MemoryFileSystem fs2;
  fs2.add("t.json", std::string("{\"a\": 1}\0\0", 10));
  auto rep2 = run(fs2, {"t.json"});
  ASSERT_TRUE(rep2);
  EXPECT_EQ(diags(*rep2),
            std::vector<std::string>{"error t.json: binary file (NUL byte at offset 8), not scanned"});
}

// A file system that runs out of memory on some paths.
class StarvedFs final : public io::FileSystem {
 public:
  explicit StarvedFs(const io::MemoryFileSystem& fs) : fs_(fs) {}
  Result<std::string> read(const std::string& p) const override {
    if (io::basename(p) == "boom.tf") throw std::bad_alloc();
    if (io::basename(p) == "huge.yaml") throw std::length_error("basic_string::_M_create");
    return fs_.read(p);
  }
  Result<std::string> read_head(const std::string& p, size_t n) const override { return fs_.read_head(p, n); }
  Result<std::vector<io::DirEntry>> list(const std::string& d) const override { return fs_.list(d); }
  bool is_dir(const std::string& p) const override { return fs_.is_dir(p); }
  bool is_file(const std::string& p) const override { return fs_.is_file(p); }
  Result<io::FileStat> stat(const std::string& p) const override {
    // Only the evaluation of a root module looks for its terraform.tfvars.
    if (io::normalize(p) == "r/evalboom/terraform.tfvars") throw std::bad_alloc();
    return fs_.stat(p);
  }
  Result<std::string> real_path(const std::string& p) const override { return fs_.real_path(p); }

 private:
  const io::MemoryFileSystem& fs_;
};

TEST(Walk, AllocationFailureEndsOneFileOrModuleNotTheScan) {
  io::MemoryFileSystem mem;
  mem.add("r/a/main.tf", function_tf("a"));
  mem.add("r/a/boom.tf", "# never read\n");
  mem.add("r/b/main.tf", function_tf("b"));
  mem.add("r/huge.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n");
  mem.add("r/evalboom/main.tf", function_tf("e"));
  StarvedFs fs(mem);
  auto rep = run(fs, {"r"});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, "r"),
            (std::vector<std::string>{"a/main.tf aws_lambda_function.a", "b/main.tf aws_lambda_function.b"}));
  EXPECT_EQ(
      diags(*rep),
      (std::vector<std::string>{
          "error r/a/boom.tf: ran out of memory reading, parsing or evaluating this input, not scanned",
          "error r/evalboom: ran out of memory evaluating this module, not scanned",
          "error r/huge.yaml: ran out of memory reading, parsing or evaluating this input, not scanned"}));
  EXPECT_EQ(rep->summary.parse_errors, 3u);
}

}  // namespace
}  // namespace cs::engine

namespace cs::engine {
namespace {

// A nested stack's template is reported through its parent only (no second, context-free set of results);
// templates that only nest each other (a cycle, no root) are reported once, through the first of them.
TEST(Walk, NestedTemplatesAreReportedThroughTheirParentOnly) {
  io::MemoryFileSystem fs;
  auto fn = [](const std::string& id) {
    return "  " + id +
           ":\n    Type: AWS::Lambda::Function\n    Properties:\n      TracingConfig: {Mode: Active}\n";
  };
  auto stack = [](const std::string& id, const std::string& url) {
    return "  " + id + ":\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: " + url +
           "\n";
  };
  fs.add("r/root.yaml",
         "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + fn("Top") + stack("Mid", "n/mid.yaml"));
  fs.add("r/n/mid.yaml",
         "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + fn("M") + stack("Leaf", "leaf.yaml"));
  fs.add("r/n/leaf.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + fn("L"));
  fs.add("r/c/a.yaml",
         "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + fn("A") + stack("ToB", "b.yaml"));
  fs.add("r/c/b.yaml",
         "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + fn("B") + stack("ToA", "a.yaml"));
  auto rep = run(fs, {"r"});
  ASSERT_TRUE(rep);
  EXPECT_EQ(results(*rep, "r"),
            (std::vector<std::string>{"c/a.yaml A", "c/b.yaml ToB/B", "c/b.yaml ToB/ToA",
                                      "n/leaf.yaml Mid/Leaf/L", "n/mid.yaml Mid/M", "root.yaml Top"}));
  // The cycle is an error at the stack resource that closes it (ToB/ToA is UNRESOLVED nested-stack-missing).
  EXPECT_EQ(
      diags(*rep, "r"),
      std::vector<std::string>{"error c/b.yaml: nested stack ToA makes a cycle of templates (r/c/a.yaml -> "
                               "r/c/b.yaml -> r/c/a.yaml); it is not evaluated again"});
  EXPECT_EQ(rep->summary.files, 5u);
}

TEST(Walk, OwnReportsAndBaselinesAreNotInputs) {
  io::MemoryFileSystem fs;
  std::string tmpl =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
      "    Properties:\n      Role: arn:aws:iam::123456789012:role/r\n";
  fs.add("r/template.yaml", tmpl);
  fs.add("r/out.yaml", tmpl);  // say, a report written by an earlier run
  ScanRequest req;
  req.paths = {"r"};
  req.cwd = "/w";
  req.threads = 1;
  req.own_files = {"r/out.yaml", "/w/r/missing.json"};
  auto rep = scan(req, fs);
  ASSERT_TRUE(rep);
  ASSERT_EQ(rep->results.size(), 1u);
  EXPECT_EQ(rep->results[0].location.file, "r/template.yaml");
}

}  // namespace
}  // namespace cs::engine
