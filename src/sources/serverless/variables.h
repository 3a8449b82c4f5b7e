// Serverless Framework v3 variables: ${source(params):address, fallback, ...} resolved the way
// `serverless package` resolves them, as far as that can be done without running anything or calling AWS.
//
// Sources: self, opt (stage, region), sls (stage), param, env (only with Options::env_vars), file (YAML
// and JSON, relative to the service directory), strToBool, aws:region. cf, ssm, s3, aws:accountId,
// sls:instanceId and plugin sources are Unknown (read from AWS or computed at deploy time).
//
// Resolution is lazy (only what is asked for), memoised per node, and bounded: cycles, deep nesting and
// runaway expansion give Unknown with a reason, never a hang.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "io/fs.h"
#include "model/comments.h"
#include "model/resource.h"
#include "sources/serverless/serverless.h"
#include "syntax/yaml/yaml.h"

namespace cs::sls {

// A resolved value. Mappings and sequences stay nodes of a document: their members are resolved when
// read (Resolver::member, Resolver::item).
struct Value {
  enum class Kind { Null, Bool, Number, String, Map, Seq, Unknown };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;                     // String: the string; Number: as written; Unknown: the reason
  const yaml::Node* node = nullptr;     // Map / Seq: the node
  const yaml::Document* doc = nullptr;  // the document `node` belongs to
  bool via_variable = false;            // reached through at least one ${...}
  // Non-empty: the value came from a file (${file(...)}) or the environment (${env:...}), or was
  // computed from such a value; it is never printed, this label is: "(from file PATH)",
  // "(from environment)".
  std::string secret;

  static Value null() { return {}; }
  static Value unknown(std::string reason) {
    Value v;
    v.kind = Kind::Unknown;
    v.text = std::move(reason);
    return v;
  }
  static Value string(std::string s) {
    Value v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
  }
  static Value boolean_value(bool b) {
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
  }
  bool is_null() const { return kind == Kind::Null; }
  bool is_unknown() const { return kind == Kind::Unknown; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_string() const { return kind == Kind::String; }
  // String, Number and Bool as text ("true"/"false"); empty for the others.
  std::string scalar_text() const;
  // What a message may print: the secret label, else scalar_text().
  std::string shown_text() const { return secret.empty() ? scalar_text() : secret; }
};

// Where a member of a mapping is written.
struct Member {
  const yaml::Document* doc = nullptr;
  const yaml::Node* key = nullptr;
  const yaml::Node* value = nullptr;
};

// Where a member is written: its value (`value`, when it has one) or its key.
model::Location member_location(const Member& m, bool value);

class Resolver {
 public:
  // `service` must outlive the resolver. Nothing is read from `fs` until a ${file(...)} asks for it.
  Resolver(const io::FileSystem& fs, const yaml::Document& service, const Options& opts);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // The service document's root, resolved.
  Value root();
  // A node of a loaded document, with its variables resolved. Plain scalars follow YAML 1.2's core
  // schema as js-yaml reads it (true/True/TRUE, null/~, numbers); quoted scalars are strings.
  Value resolve(const yaml::Document& doc, const yaml::Node* node);
  // A string as it would be written in the service file (for tests and for addresses).
  Value resolve_text(std::string_view text);
  // m[key] of a Map value (YAML merge keys "<<" honoured); Null when absent or not a map. `where`
  // receives the member's position when it exists.
  Value member(const Value& map, std::string_view key, Member* where = nullptr);
  // Items of a Seq value, resolved; `where` gets each item's node.
  std::vector<Value> items(const Value& seq, std::vector<Member>* where = nullptr);
  // The members of a Map value in document order (merge keys expanded, later duplicates win).
  std::vector<Member> members(const Value& map);
  // A dotted path below the service root (${self:a.b.0}); Null when absent.
  Value self(std::string_view path);

  // The stage: --stage, else provider.stage, else "dev" (as ${sls:stage}).
  Value stage();
  // The region: --region, else provider.region, else "us-east-1" (as ${aws:region}).
  Value region();

  // Problems found in files that ${file(...)} read (they do not parse).
  Diagnostics take_diagnostics();
  // The comments of the files ${file(...)} read (for inline suppressions).
  void add_comments(std::vector<model::FileComments>& out) const;

  // Limits (exposed for tests).
  static constexpr unsigned kMaxDepth = 48;            // nested resolutions
  static constexpr unsigned kMaxSteps = 200000;        // variable evaluations per service, plus
  static constexpr unsigned kStepsPerFunction = 100;   // this many per function it defines
  static constexpr unsigned kMaxFiles = 128;           // documents read through ${file(...)}
  static constexpr size_t kMaxStringBytes = 1 << 20;   // longest interpolated string
  static constexpr size_t kMaxTotalBytes = 64u << 20;  // all the strings resolution hands out

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cs::sls
