// A Terraform module directory as Terraform loads it: every *.tf and *.tf.json file, override files
// merged in (override.tf, *_override.tf and their .tf.json forms), and the pieces the evaluator needs
// indexed by name.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/diag.h"
#include "io/fs.h"
#include "model/comments.h"
#include "syntax/hcl/ast.h"

namespace cs::tf {

// An attribute together with the file it was written in (an override can move it to another file).
struct AttrRef {
  const hcl::Attribute* attr = nullptr;
  const std::string* file = nullptr;
  explicit operator bool() const { return attr != nullptr; }
};
struct BlockRef {
  const hcl::Block* block = nullptr;
  const std::string* file = nullptr;
};

// A block's content after override merging: attributes by name, nested blocks in order.
struct MergedBody {
  std::map<std::string, AttrRef, std::less<>> attrs;
  std::vector<BlockRef> blocks;  // nested blocks (incl. dynamic), original order; overrides replace by type
  AttrRef attr(std::string_view name) const {
    auto it = attrs.find(name);
    return it == attrs.end() ? AttrRef{} : it->second;
  }
};

struct Variable {
  std::string name;
  BlockRef decl;
  MergedBody body;  // default, type, nullable, ...
};

struct Resource {
  bool managed = true;  // resource (true) or data (false)
  std::string type, name;
  BlockRef decl;
  MergedBody body;
};

struct ModuleCall {
  std::string name;
  BlockRef decl;
  MergedBody body;
  std::string source;   // literal value of "source" (empty when missing or not a literal)
  std::string version;  // literal value of "version" (a registry module's constraint; empty when none)
};

// A module source as it may be shown: credentials in a URL (https://user:token@host/...) hidden.
std::string display_source(const std::string& source);

struct ModuleConfig {
  std::string dir;                                // as given (relative or absolute)
  std::vector<std::unique_ptr<hcl::File>> files;  // primary files first, then overrides
  std::map<std::string, Variable, std::less<>> variables;
  std::map<std::string, AttrRef, std::less<>> locals;
  std::map<std::string, AttrRef, std::less<>> outputs;           // the output's "value" attribute
  std::map<std::string, AttrRef, std::less<>> output_sensitive;  // the output's "sensitive" attribute
  std::vector<Resource> resources;                               // in declaration order
  std::vector<ModuleCall> module_calls;                          // in declaration order
  // Positions in `resources` by (managed, type, name) and in `module_calls` by name: one module can
  // declare 100,000 resources, so nothing looks them up by walking the vectors.
  // Compares keys as (bool, string_view, string_view), so a lookup needs no string copies (a tuple of
  // strings and a tuple of views are not comparable with std::less<> under clang's libstdc++ use).
  struct ResourceKeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::tuple<bool, std::string_view, std::string_view>(std::get<0>(a), std::get<1>(a),
                                                                  std::get<2>(a)) <
             std::tuple<bool, std::string_view, std::string_view>(std::get<0>(b), std::get<1>(b),
                                                                  std::get<2>(b));
    }
  };
  std::map<std::tuple<bool, std::string, std::string>, size_t, ResourceKeyLess> resource_index;
  std::map<std::string, size_t, std::less<>> call_index;
  Diagnostics diags;
  size_t bytes = 0;
  // Two primary files declare the same variable, local, resource or module call: Terraform rejects
  // the directory as a module.
  bool has_duplicates = false;

  const ModuleCall* call(std::string_view name) const;
  const Resource* resource(bool managed, std::string_view type, std::string_view name) const;
};

// Is this file name one Terraform loads (*.tf, *.tf.json; not hidden, not editor backups)?
bool is_config_file(const std::string& name);
bool is_override_file(const std::string& name);

// Parse one file (.tf or .tf.json) into an hcl::File. Parse errors are in the file's diags.
std::unique_ptr<hcl::File> parse_file(const std::string& path, std::string content);

// Hand the comments of a parsed file to the model (for inline suppressions), as the lexer found them
// (so never inside a quoted string, an interpolation or a heredoc). A file without comments adds none.
void add_comments(const hcl::File& file, std::vector<model::FileComments>& out);

// Build a module from already parsed files of one directory (any order; overrides detected by name).
std::unique_ptr<ModuleConfig> build_module(std::string dir, std::vector<std::unique_ptr<hcl::File>> files);

// Read and parse every configuration file of a directory, then build_module().
std::unique_ptr<ModuleConfig> load_module(const io::FileSystem& fs, const std::string& dir);

// The literal string value of an expression, if it is one ("./x", "${"x"}" is not literal).
bool literal_string(const hcl::Expr* e, std::string* out);

}  // namespace cs::tf
