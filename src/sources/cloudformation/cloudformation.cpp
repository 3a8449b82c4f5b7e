// CloudFormation, SAM and CDK output into the model.
//
// This file reads the documents (templates, parameter files, CDK assemblies) and hands each template's
// resources to the per-service mappers (aws/<service>.cpp) through the registry below, keyed by resource
// type. The decisions on what a resource deploys are in the mappers.
#include "sources/cloudformation/cloudformation.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "sources/cloudformation/aws/apigateway.h"
#include "sources/cloudformation/aws/iam.h"
#include "sources/cloudformation/aws/lambda.h"
#include "sources/cloudformation/aws/mapper.h"
#include "sources/cloudformation/intrinsics.h"
#include "sources/common/document.h"

namespace cs::cfn {

namespace {

using model::Location;

constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";

bool has(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

// A line that starts with `key:` (a top-level YAML key).
bool has_top_key(std::string_view s, std::string_view key) {
  size_t p = 0;
  while ((p = s.find(key, p)) != std::string_view::npos) {
    if ((p == 0 || s[p - 1] == '\n') && p + key.size() < s.size() && s[p + key.size()] == ':') return true;
    p += key.size();
  }
  return false;
}

bool names_sam(const yaml::Node* t) {
  if (!t) return false;
  if (t->is_scalar()) return t->value == kSamTransform;
  if (t->is_seq())
    for (const yaml::Node* i : t->items)
      if (i->is_scalar() && i->value == kSamTransform) return true;
  return false;
}

// Suppressions written as resource Metadata, turned into the equivalent comment directive so the
// engine applies one set of rules:
//   Metadata: {cloudsift: {ignore: [{id: lambda_notracing, reason: ..., until: YYYY-MM-DD}]}}
//   Metadata: {checkov: {skip: [{id: CKV_AWS_50, comment: ...}]}}
// A malformed entry becomes a directive the engine reports as malformed.
void metadata_suppressions(const yaml::Node* md, const std::string& file, model::Resource& f);

Location loc(const std::string& file, const yaml::Node* n) {
  Location l;
  l.file = file;
  if (n) {
    l.line = n->line;
    l.col = n->col;
  }
  return l;
}

void metadata_suppressions(const yaml::Node* md, const std::string& file, model::Resource& f) {
  auto scalar = [](const yaml::Node* n) {
    return n && n->is_scalar() ? std::string(n->value) : std::string();
  };
  auto quoted = [](std::string v) {
    std::string out = "\"";
    for (char c : v) out += c == '"' ? '\'' : c;
    return out + "\"";
  };
  if (const yaml::Node* cs = md->find("cloudsift"); cs && cs->is_map()) {
    const yaml::Node* ig = cs->find("ignore");
    if (ig && ig->is_seq()) {
      for (const yaml::Node* e : ig->items) {
        std::string id = e->is_map() ? scalar(e->find("id")) : scalar(e);
        std::string text = "cloudsift:ignore " + id;
        if (e->is_map()) {
          if (std::string r = scalar(e->find("reason")); !r.empty()) text += " reason=" + quoted(r);
          if (std::string u = scalar(e->find("until")); !u.empty()) text += " until=" + u;
        }
        f.directives.push_back({text, loc(file, e)});
      }
    } else if (ig) {
      f.directives.push_back({"cloudsift:ignore", loc(file, ig)});  // reported as malformed
    }
  }
  if (const yaml::Node* ck = md->find("checkov"); ck && ck->is_map()) {
    const yaml::Node* sk = ck->find("skip");
    if (sk && sk->is_seq()) {
      for (const yaml::Node* e : sk->items) {
        std::string id = e->is_map() ? scalar(e->find("id")) : scalar(e);
        std::string comment = e->is_map() ? scalar(e->find("comment")) : "";
        f.directives.push_back({"checkov:skip=" + id + (comment.empty() ? "" : ":" + comment), loc(file, e)});
      }
    }
  }
}

// Parameter values given outside the template: parameter files in order, then --parameter.
Given given_values(const io::FileSystem& fs, const Options& opts, Diagnostics& diags) {
  Given g;
  for (const auto& path : opts.parameter_files) {
    auto content = fs.read(path);
    if (!content) {
      diags.push_back(
          Diagnostic{Severity::Error, path, 0, 0, "cannot read parameters file: " + content.error().message});
      continue;
    }
    auto doc = sources::parse_document(path, std::move(*content));
    if (!doc->ok()) {
      for (auto& d : doc->diags) diags.push_back(d);
      continue;
    }
    const yaml::Node* r = doc->root;
    bool ok = false;
    if (r->is_seq()) {
      ok = true;
      for (const yaml::Node* item : r->items) {
        const yaml::Node* k = item->find("ParameterKey");
        const yaml::Node* v = item->find("ParameterValue");
        if (k && k->is_scalar() && v && v->is_scalar()) g[std::string(k->value)] = std::string(v->value);
      }
    } else if (const yaml::Node* p = r->find("Parameters"); p && p->is_map()) {
      ok = true;
      for (const yaml::Pair& kv : p->pairs)
        if (kv.key->is_scalar() && kv.value->is_scalar())
          g[std::string(kv.key->value)] = std::string(kv.value->value);
    }
    if (!ok)
      diags.push_back(
          Diagnostic{Severity::Error, path, r->line, r->col,
                     "parameters file must be [{\"ParameterKey\": ..., \"ParameterValue\": ...}] or "
                     "{\"Parameters\": {...}}"});
  }
  for (const auto& [k, v] : opts.parameters) g[k] = v;
  return g;
}

// The per-service mappers, each run once per template with the resources of the types it reads.
enum class Mapper { Lambda, ApiGateway, Iam };
using MapFn = void (*)(const aws::TemplateContext&, const aws::Resources&, model::Model&);
// In the order they run (the order of the model's lists does not depend on it: each list is one mapper's).
constexpr std::pair<Mapper, MapFn> kMappers[] = {
    {Mapper::Lambda, aws::map_lambda},
    {Mapper::ApiGateway, aws::map_apigateway},
    {Mapper::Iam, aws::map_iam},
};

// Resource type -> the mapper that reads it (a type may be read by several), sorted by type.
struct Registered {
  std::string_view type;
  Mapper mapper;
};
constexpr Registered kRegistry[] = {
    {"AWS::ApiGateway::Deployment", Mapper::ApiGateway},
    {"AWS::ApiGateway::RestApi", Mapper::ApiGateway},
    {"AWS::ApiGateway::Stage", Mapper::ApiGateway},
    {"AWS::IAM::ManagedPolicy", Mapper::Iam},
    {"AWS::IAM::Policy", Mapper::Iam},
    {"AWS::IAM::Role", Mapper::Iam},
    {"AWS::IAM::RolePolicy", Mapper::Iam},
    {"AWS::Lambda::EventSourceMapping", Mapper::Lambda},
    {"AWS::Lambda::Function", Mapper::Lambda},
    {"AWS::Serverless::Api", Mapper::ApiGateway},
    {"AWS::Serverless::Function", Mapper::ApiGateway},  // Api events: the implicit ServerlessRestApi
    {"AWS::Serverless::Function", Mapper::Lambda},
    {"AWS::Serverless::Function", Mapper::Iam},             // the execution role SAM generates
    {"AWS::Serverless::StateMachine", Mapper::ApiGateway},  // Api events
};

constexpr bool registry_sorted() {
  for (size_t i = 1; i < std::size(kRegistry); ++i)
    if (kRegistry[i].type < kRegistry[i - 1].type ||
        (kRegistry[i].type == kRegistry[i - 1].type && kRegistry[i].mapper == kRegistry[i - 1].mapper))
      return false;
  return true;
}
static_assert(registry_sorted(), "kRegistry: sorted by resource type, each (type, mapper) once");

// Stacks nested in stacks: how deep, and how many nested templates one root template evaluates (a
// template that nests another twice, each nesting another twice, ... grows as a power).
constexpr size_t kMaxNesting = 16;
constexpr size_t kMaxNestedStacks = 1000;

// What the templates of one root share while its nested stacks are evaluated through it.
struct Nesting {
  const io::FileSystem& fs;
  const Options& opts;
  Diagnostics& diags;
  std::vector<std::string> chain;  // the templates from the root to the one being read (normalized)
  // Nested templates read so far (each parsed once, however many stacks use it); null: not readable,
  // with why in `unreadable`.
  std::map<std::string, std::unique_ptr<yaml::Document>> docs;
  std::map<std::string, std::string> unreadable;
  size_t stacks = 0;
};

bool is_remote(std::string_view url) {
  for (std::string_view scheme : {"s3://", "https://", "http://"})
    if (url.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
          return a == static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
        }))
      return true;
  return false;
}

class TemplateScanner {
 public:
  TemplateScanner(std::string file, const yaml::Node* root, const Options& opts, const Given& given,
                  std::string kind_override, Nesting& nesting, const Passed* passed = nullptr,
                  const Embedded* embedded = nullptr)
      : file_(std::move(file)),
        root_(root),
        ev_(root, opts, given, passed),
        kind_override_(std::move(kind_override)),
        nesting_(nesting) {
    ev_.set_embedded(embedded);
    ev_.set_stack_output([this](std::string_view stack, std::string_view output, const yaml::Node* at) {
      return stack_output(stack, output, at);
    });
  }
  TemplateScanner(const TemplateScanner&) = delete;
  TemplateScanner& operator=(const TemplateScanner&) = delete;

  void run(model::Model& model) {
    model_ = &model;
    const yaml::Node* res = ev_.resources();
    if (!res || !res->is_map()) return;
    std::map<Mapper, aws::Resources> by_mapper;
    std::vector<const yaml::Pair*> stacks;
    for (const yaml::Pair& p : res->pairs) {
      if (!p.key->is_scalar() || !p.value->is_map()) continue;
      const yaml::Node* type = p.value->find("Type");
      if (!type || !type->is_scalar()) continue;
      if (type->value == "AWS::CloudFormation::Stack" || type->value == "AWS::Serverless::Application")
        stacks.push_back(&p);
      auto it = std::lower_bound(std::begin(kRegistry), std::end(kRegistry), type->value,
                                 [](const Registered& r, std::string_view t) { return r.type < t; });
      for (; it != std::end(kRegistry) && it->type == type->value; ++it) by_mapper[it->mapper].push_back(&p);
    }
    aws::TemplateContext ctx{
        file_, root_, ev_, kind_override_,
        [this](const yaml::Node* md, model::Resource& r) { metadata_suppressions(md, file_, r); }};
    for (const auto& [mapper, map] : kMappers)
      if (auto it = by_mapper.find(mapper); it != by_mapper.end()) map(ctx, it->second, model);
    for (const yaml::Pair* p : stacks) nest(*p, model);
  }

 private:
  // A nested stack (AWS::CloudFormation::Stack) or SAM nested application (AWS::Serverless::Application):
  // its template, when on disk, is evaluated with the parameters this template passes, and what it
  // declares is put under this stack resource (address "Stack/Child", the stack's declaration as the
  // outermost enclosing call, the stack's Metadata suppressions). A template that is not on disk is one
  // opaque component, "nested-stack-missing".
  void nest(const yaml::Pair& p, model::Model& model) {
    const std::string id(p.key->value);
    const yaml::Node* def = p.value;
    const bool app = def->find("Type")->value == "AWS::Serverless::Application";
    std::string cond_note;
    if (!aws::util::exists(ev_, def, &cond_note)) return;  // its Condition is false: not created
    const model::Location call = loc(file_, p.key);
    const yaml::Node* md = def->find("Metadata");
    model::Resource holder;  // the stack's Metadata suppressions
    if (md && md->is_map()) metadata_suppressions(md, file_, holder);
    const std::string kind = !kind_override_.empty() ? kind_override_ : app ? "sam" : "cloudformation";
    auto missing = [&](std::string detail) {
      model::OpaqueComponent oc{id, kind, call, "nested-stack-missing", std::move(detail)};
      oc.directives = holder.directives;
      model.opaque.push_back(std::move(oc));
    };

    const yaml::Node* props = aws::util::as_map(ev_, def->find("Properties"));
    std::string where_why;
    std::string local = template_location(def, app, md, where_why);
    if (local.empty()) {
      missing(where_why);
      return;
    }
    std::string path = io::normalize(local.front() == '/' ? local : io::join(io::dirname(file_), local));

    if (std::find(nesting_.chain.begin(), nesting_.chain.end(), path) != nesting_.chain.end()) {
      std::string cycle;
      auto from = std::find(nesting_.chain.begin(), nesting_.chain.end(), path);
      for (auto it = from; it != nesting_.chain.end(); ++it) cycle += *it + " -> ";
      cycle += path;
      nesting_.diags.push_back(Diagnostic{
          Severity::Error, file_, call.line, call.col,
          "nested stack " + id + " makes a cycle of templates (" + cycle + "); it is not evaluated again"});
      missing("the nested stack's template " + path + " is one it is nested in (" + cycle + ")");
      return;
    }
    if (nesting_.chain.size() > kMaxNesting) {
      missing("nested more than " + std::to_string(kMaxNesting) + " stacks deep; not evaluated");
      return;
    }
    if (++nesting_.stacks > kMaxNestedStacks) {
      missing("more than " + std::to_string(kMaxNestedStacks) +
              " nested stacks under one template; the rest are not evaluated");
      return;
    }
    std::string why;
    const yaml::Document* doc = document(path, model, why);
    if (!doc) {
      missing("the nested stack's template " + path + " " + why);
      return;
    }

    // The parameters it passes, evaluated here (Ref, Fn::GetAtt, Fn::Sub, Fn::If, ...).
    Passed passed;
    passed.stack = id;
    if (props)
      if (const yaml::Node* ps = aws::util::as_map(ev_, props->find("Parameters")))
        for (const yaml::Pair& kv : ps->pairs)
          if (kv.key->is_scalar()) passed.values[std::string(kv.key->value)] = ev_.eval(kv.value);

    model::Model child;
    Given none;
    nesting_.chain.push_back(path);
    TemplateScanner s(path, doc->root, nesting_.opts, none, kind_override_, nesting_, &passed);
    s.run(child);
    nesting_.chain.pop_back();
    if (!cond_note.empty()) {
      auto note = [&](auto& list) {
        for (auto& r : list) aws::util::add_note(r.note, "nested stack " + id + " " + cond_note);
      };
      note(child.lambda_functions);
      note(child.apigateway_stages);
    }
    model::enclose(child, id + "/", call, holder.directives);
    model.merge(std::move(child));
  }

  // Where a nested stack's template is: a path (relative to this template, as written before `aws
  // cloudformation package` / `sam package`), or CDK's asset metadata naming the file in the cloud
  // assembly. "" (and why) when it is not a local file.
  // Where its template is: a path (relative to this template, as written before `aws cloudformation
  // package` / `sam package`), or CDK's asset metadata naming the file in the cloud assembly.
  std::string template_location(const yaml::Node* def, bool app, const yaml::Node* md, std::string& why) {
    const std::string prop = app ? "Location" : "TemplateURL";
    const yaml::Node* props = aws::util::as_map(ev_, def->find("Properties"));
    const yaml::Node* where = props ? props->find(prop) : nullptr;
    const yaml::Node* asset = md && md->is_map() ? md->find("aws:asset:path") : nullptr;
    const yaml::Node* asset_prop = md && md->is_map() ? md->find("aws:asset:property") : nullptr;
    std::string local;
    if (asset && asset->is_scalar() && !asset->value.empty() &&
        (!asset_prop || !asset_prop->is_scalar() || asset_prop->value == prop)) {
      local = std::string(asset->value);
    } else if (!where) {
      why = prop + " is not set: the nested stack's template is not known";
      return "";
    } else if (app && where->is_map() && !as_intrinsic(where)) {
      std::string app_id = aws::util::sketch(where->find("ApplicationId"));
      why = "Location names the Serverless Application Repository application " + app_id +
            ", whose template is not on disk";
      return "";
    } else {
      Value v = ev_.eval(where);
      if (v.is_unknown()) {
        why = prop + " cannot be known before deployment: " + v.text;
        return "";
      }
      if (!v.is_scalar() || v.text.empty()) {
        why = prop + " is not a path or URL";
        return "";
      }
      if (is_remote(v.text)) {
        why = "the template " + v.render() +
              " is remote; cloudsift reads nested templates on disk (scan the templates as written before "
              "aws cloudformation package, or the cdk.out assembly)";
        return "";
      }
      if (!v.secret.empty()) {
        why = prop + " is a secret value, not read";
        return "";
      }
      local = v.text;
    }
    return local;
  }

  // A nested stack's template as its outputs are read (Fn::GetAtt [Stack, Outputs.Name]): evaluated with
  // the parameters this template passes it, once per stack.
  struct Outputs {
    std::string why;  // not empty: its outputs cannot be known
    Passed passed;
    Given none;
    const yaml::Node* outputs = nullptr;  // the template's Outputs
    std::string path;
    std::unique_ptr<TemplateScanner> scanner;  // evaluates in the nested template (nothing is mapped)
    bool busy = false;
  };

  // The value of output `name` of the nested stack `id`, evaluated in its template after its
  // parameters; nullopt when `id` is not a nested stack of this template; Unknown (with why) when it
  // cannot be known (the template is not on disk, the output is not declared or not knowable).
  std::optional<Value> stack_output(std::string_view id, std::string_view name, const yaml::Node* at) {
    const yaml::Node* res = ev_.resources();
    const yaml::Pair* p = res && res->is_map() ? res->find_pair(id) : nullptr;
    if (!p || !p->value->is_map()) return std::nullopt;
    const yaml::Node* type = p->value->find("Type");
    if (!type || !type->is_scalar()) return std::nullopt;
    const bool app = type->value == "AWS::Serverless::Application";
    if (!app && type->value != "AWS::CloudFormation::Stack") return std::nullopt;
    const std::string what = "output " + std::string(name) + " of nested stack " + std::string(id);
    auto unknown = [&](const std::string& why) { return Value::unknown(what + " is not known: " + why, at); };

    auto [it, fresh] = outputs_.try_emplace(std::string(id));
    if (fresh) it->second = std::make_unique<Outputs>();
    Outputs& o = *it->second;
    if (o.busy) return unknown("it depends on itself (a cycle between nested stacks)");
    if (fresh) {
      o.busy = true;
      read_outputs(*p, app, o);
      o.busy = false;
    }
    if (!o.why.empty()) return unknown(o.why);
    const yaml::Node* out = o.outputs ? o.outputs->find(name) : nullptr;
    if (!out || !out->is_map()) return unknown("the nested template " + o.path + " declares no such output");
    const yaml::Node* value = out->find("Value");
    if (!value) return unknown("the output has no Value");
    o.busy = true;
    nesting_.chain.push_back(o.path);
    std::string cond_note;
    bool exists = aws::util::exists(o.scanner->ev_, out, &cond_note);
    Value v =
        exists ? o.scanner->ev_.eval(value) : Value::unknown("its Condition is false: it is not created");
    nesting_.chain.pop_back();
    o.busy = false;
    if (v.is_unknown()) return unknown(v.text);
    if (v.kind == Value::Kind::Map || v.is_no_value()) return unknown("it is not a string or a list");
    v.via = what + (v.via.empty() ? "" : " (" + v.via + ")");
    v.at = at;
    return v;
  }

  void read_outputs(const yaml::Pair& p, bool app, Outputs& o) {
    const yaml::Node* def = p.value;
    std::string note;
    if (!aws::util::exists(ev_, def, &note)) {
      o.why = "the stack's Condition is false: it is not created";
      return;
    }
    const yaml::Node* md = def->find("Metadata");
    std::string local = template_location(def, app, md, o.why);
    if (local.empty()) return;
    o.path = io::normalize(local.front() == '/' ? local : io::join(io::dirname(file_), local));
    if (std::find(nesting_.chain.begin(), nesting_.chain.end(), o.path) != nesting_.chain.end()) {
      o.why = "its template " + o.path + " is one it is nested in";
      return;
    }
    if (nesting_.chain.size() > kMaxNesting) {
      o.why = "nested more than " + std::to_string(kMaxNesting) + " stacks deep";
      return;
    }
    // Counted with the stacks evaluated under this root (reading outputs at every level could otherwise
    // grow as a power of the depth).
    if (!model_ || ++nesting_.stacks > kMaxNestedStacks) {
      o.why = "more than " + std::to_string(kMaxNestedStacks) + " nested stacks under one template";
      return;
    }
    std::string why;
    const yaml::Document* doc = document(o.path, *model_, why);
    if (!doc) {
      o.why = "the nested stack's template " + o.path + " " + why;
      return;
    }
    o.passed.stack = std::string(p.key->value);
    if (const yaml::Node* props = aws::util::as_map(ev_, def->find("Properties")))
      if (const yaml::Node* ps = aws::util::as_map(ev_, props->find("Parameters")))
        for (const yaml::Pair& kv : ps->pairs)
          if (kv.key->is_scalar()) o.passed.values[std::string(kv.key->value)] = ev_.eval(kv.value);
    o.outputs = doc->root->find("Outputs");
    o.scanner = std::make_unique<TemplateScanner>(o.path, doc->root, nesting_.opts, o.none, kind_override_,
                                                  nesting_, &o.passed);
    o.scanner->model_ = model_;
  }

  // A nested template, parsed once per root; null (and why) when it cannot be read or is not a template.
  const yaml::Document* document(const std::string& path, model::Model& model, std::string& why) {
    if (auto u = nesting_.unreadable.find(path); u != nesting_.unreadable.end()) {
      why = u->second;
      return nullptr;
    }
    if (auto d = nesting_.docs.find(path); d != nesting_.docs.end()) return d->second.get();
    auto fail = [&](std::string w) -> const yaml::Document* {
      why = w;
      nesting_.unreadable[path] = std::move(w);
      return nullptr;
    };
    Result<std::string> content = Error{""};
    if (nesting_.opts.confine) {
      io::Confinement::Resolved r = nesting_.opts.confine->resolve(path);
      if (r.refusal == io::Confinement::Refusal::Missing) return fail("is not on disk");
      if (r.refusal != io::Confinement::Refusal::None) return fail("is not read: it " + r.reason);
      if (r.is_dir) return fail("is a directory, not a template");
      content = nesting_.opts.confine->read(path);
    } else {
      if (!nesting_.fs.is_file(path)) return fail("is not on disk");
      content = nesting_.fs.read(path);
    }
    if (!content) return fail("cannot be read: " + content.error().message);
    model.consumed_files.push_back(path);
    auto doc = sources::parse_document(path, std::move(*content));
    for (auto& d : doc->diags) nesting_.diags.push_back(d);
    sources::add_comments(*doc, model.comments);
    if (!doc->ok()) return fail("does not parse (see the error reported for it)");
    if (!doc->root->is_map()) return fail("is not a mapping");
    return nesting_.docs.emplace(path, std::move(doc)).first->second.get();
  }

  const std::string file_;
  const yaml::Node* root_;
  Evaluator ev_;
  std::string kind_override_;
  Nesting& nesting_;
  model::Model* model_ = nullptr;  // the model run() fills (nested templates read are recorded in it)
  std::map<std::string, std::unique_ptr<Outputs>, std::less<>> outputs_;  // by stack logical id
};

void scan_document(const yaml::Document& doc, const io::FileSystem& fs, const Options& opts,
                   const Given& given, const std::string& kind, model::Model& model, Diagnostics& diags) {
  if (!doc.root || !doc.root->is_map()) return;
  Nesting nesting{fs, opts, diags, {io::normalize(doc.path)}, {}, {}, 0};
  TemplateScanner s(doc.path, doc.root, opts, given, kind, nesting);
  s.run(model);
}

}  // namespace

TemplateKind detect(std::string_view path, std::string_view content) {
  bool sam_hint = has(content, kSamTransform);
  bool cfn_hint = has(content, "AWSTemplateFormatVersion");
  bool res_hint = has(content, "Resources") && has(content, "AWS::");
  if (!sam_hint && !cfn_hint && !res_hint) return TemplateKind::None;
  if (has_top_key(content, "service") && has_top_key(content, "provider")) return TemplateKind::None;
  // The usual templates say so at the top level: decide without parsing (the scan parses once, and
  // reports any error in the file).
  if (sam_hint && (has_top_key(content, "Transform") || has(content, "\"Transform\"")))
    return TemplateKind::Sam;
  if (cfn_hint && !sam_hint &&
      (has_top_key(content, "AWSTemplateFormatVersion") || has(content, "\"AWSTemplateFormatVersion\"")))
    return TemplateKind::CloudFormation;
  const yaml::Document* doc = &sources::peek_document(std::string(path), content);
  if (!doc->ok()) {
    // A file that says it is a template but does not parse is scanned, so that its error is reported.
    if (sam_hint) return TemplateKind::Sam;
    if (cfn_hint || has(content, "AWS::Lambda::Function") || has(content, "AWS::Serverless::Function"))
      return TemplateKind::CloudFormation;
    return TemplateKind::None;
  }
  const yaml::Node* r = doc->root;
  if (!r->is_map()) return TemplateKind::None;
  if (r->find("service") && r->find("provider")) return TemplateKind::None;
  if (names_sam(r->find("Transform"))) return TemplateKind::Sam;
  if (r->find("AWSTemplateFormatVersion")) return TemplateKind::CloudFormation;
  if (const yaml::Node* res = r->find("Resources"); res && res->is_map()) {
    for (const yaml::Pair& p : res->pairs) {
      const yaml::Node* t = p.value->find("Type");
      if (t && t->is_scalar() && t->value.rfind("AWS::", 0) == 0) return TemplateKind::CloudFormation;
    }
  }
  return TemplateKind::None;
}

void scan_template(const io::FileSystem& fs, const std::string& path, std::string content,
                   const Options& opts, model::Model& model, Diagnostics& diags) {
  Given given = given_values(fs, opts, diags);
  auto doc = sources::parse_document(path, std::move(content));
  for (auto& d : doc->diags) diags.push_back(d);
  sources::add_comments(*doc, model.comments);
  if (!doc->ok()) return;
  if (!doc->root->is_map()) {
    diags.push_back(
        Diagnostic{Severity::Error, path, doc->root->line, doc->root->col, "a template must be a mapping"});
    return;
  }
  scan_document(*doc, fs, opts, given, "", model, diags);
}

void scan_embedded(const io::FileSystem& fs, const std::string& file, const yaml::Node* root,
                   const Embedded& embedded, const Options& opts, model::Model& model, Diagnostics& diags) {
  if (!root || !root->is_map()) return;
  Given none;
  Nesting nesting{fs, opts, diags, {io::normalize(file)}, {}, {}, 0};
  TemplateScanner s(file, root, opts, none, embedded.kind, nesting, nullptr, &embedded);
  s.run(model);
}

bool is_cdk_assembly(const io::FileSystem& fs, const std::string& dir) {
  std::string m = io::join(dir, "manifest.json");
  if (!fs.is_file(m)) return false;
  auto content = fs.read(m);
  if (!content || !has(*content, "\"artifacts\"")) return false;
  const yaml::Document& doc = sources::peek_document(m, *content);
  return doc.ok() && doc.root->is_map() && doc.root->find("artifacts");
}

namespace {

void scan_assembly(const io::FileSystem& fs, const std::string& dir, const Options& opts, const Given& given,
                   model::Model& model, Diagnostics& diags, std::set<std::string>& seen, int depth) {
  if (depth > 16 || !seen.insert(io::normalize(dir) + "/").second) return;
  std::string mpath = io::join(dir, "manifest.json");
  auto content = fs.read(mpath);
  if (!content) {
    diags.push_back(Diagnostic{Severity::Error, mpath, 0, 0, content.error().message});
    return;
  }
  auto manifest = sources::parse_document(mpath, std::move(*content));
  for (auto& d : manifest->diags) diags.push_back(d);
  if (!manifest->ok()) return;
  const yaml::Node* arts = manifest->root->find("artifacts");
  if (!arts || !arts->is_map()) return;
  for (const yaml::Pair& a : arts->pairs) {
    if (!a.value->is_map()) continue;
    const yaml::Node* type = a.value->find("type");
    const yaml::Node* props = a.value->find("properties");
    if (!type || !type->is_scalar() || !props || !props->is_map()) continue;
    if (type->value == "cdk:cloud-assembly") {
      const yaml::Node* d = props->find("directoryName");
      if (d && d->is_scalar())
        scan_assembly(fs, io::join(dir, std::string(d->value)), opts, given, model, diags, seen, depth + 1);
      continue;
    }
    if (type->value != "aws:cloudformation:stack") continue;
    const yaml::Node* tf = props->find("templateFile");
    if (!tf || !tf->is_scalar()) continue;
    // Nested stacks' templates (*.nested.template.json) are read through their parent stack.
    const std::string tpath = io::join(dir, std::string(tf->value));
    if (!seen.insert(tpath).second) continue;
    auto tc = fs.read(tpath);
    if (!tc) {
      diags.push_back(Diagnostic{Severity::Error, tpath, 0, 0,
                                 "cannot read the template that " + mpath + " names: " + tc.error().message});
      continue;
    }
    auto doc = sources::parse_document(tpath, std::move(*tc));
    for (auto& d : doc->diags) diags.push_back(d);
    sources::add_comments(*doc, model.comments);
    if (!doc->ok()) continue;
    scan_document(*doc, fs, opts, given, "cdk", model, diags);
  }
}

}  // namespace

void scan_cdk_out(const io::FileSystem& fs, const std::string& dir, const Options& opts, model::Model& model,
                  Diagnostics& diags) {
  Given given = given_values(fs, opts, diags);
  std::set<std::string> seen;
  scan_assembly(fs, dir, opts, given, model, diags, seen, 0);
}

}  // namespace cs::cfn
