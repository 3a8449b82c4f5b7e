// One interface for every kind of input (DESIGN.md §2 "sources"). A source claims inputs, by a file's
// path and first bytes or by a directory, and turns what it claimed into the model plus diagnostics.
// Sources differ in their unit: a CloudFormation template, a Serverless service or a plan is one file; a
// Terraform module is every .tf / .tf.json file of a directory; a CDK cloud assembly is a directory.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "io/fs.h"
#include "model/model.h"
#include "sources/cloudformation/options.h"
#include "sources/serverless/options.h"
#include "sources/terraform/options.h"

namespace cs::sources {

// Settings of one scan, per source (each source reads its own).
struct Options {
  tf::ScanOptions terraform;
  cfn::Options cloudformation;
  sls::Options serverless;
  unsigned threads = 1;
};

// What a module source (Terraform) is given: directories and their files.
struct ModuleInputs {
  std::map<std::string, std::vector<std::string>> dirs;  // directory -> its files the source claimed
  std::set<std::string> only_files;                      // report only these (empty: everything)
  bool whole_dirs = false;                               // a directory was scanned
};
struct ModuleOutput {
  model::Model model;
  Diagnostics diags;
  size_t files = 0, bytes = 0;
};

class Source {
 public:
  enum class Unit {
    File,       // each claimed file is scanned on its own (scan_file)
    Directory,  // a claimed directory is scanned whole (scan_dir)
    Module,     // claimed files are grouped by directory, each directory one module (scan_modules)
  };
  virtual ~Source() = default;
  virtual std::string_view name() const = 0;  // "cdk", "cloudformation", "serverless", "terraform", "tfplan"
  virtual Unit unit() const = 0;
  // Which of two sources claiming the same file takes it: the lower number (a Serverless service may hold
  // CloudFormation resources; a plan is JSON too).
  virtual int precedence() const { return 100; }
  // Does this source read the file? `head` is the start of the file (possibly all of it); empty when it
  // was not read (then the path decides).
  virtual bool claims_file(std::string_view path, std::string_view head) const {
    (void)path;
    (void)head;
    return false;
  }
  virtual bool claims_dir(const io::FileSystem& fs, const std::string& dir) const {
    (void)fs;
    (void)dir;
    return false;
  }
  virtual void scan_file(const io::FileSystem& fs, const std::string& path, std::string content,
                         const Options& opts, model::Model& model, Diagnostics& diags) const {
    (void)fs, (void)path, (void)content, (void)opts, (void)model, (void)diags;
  }
  virtual void scan_dir(const io::FileSystem& fs, const std::string& dir, const Options& opts,
                        model::Model& model, Diagnostics& diags) const {
    (void)fs, (void)dir, (void)opts, (void)model, (void)diags;
  }
  virtual ModuleOutput scan_modules(const io::FileSystem& fs, const ModuleInputs& in,
                                    const Options& opts) const {
    (void)fs, (void)in, (void)opts;
    return {};
  }
};

}  // namespace cs::sources
