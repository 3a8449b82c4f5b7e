// CloudFormation, SAM and CDK output into the model.
//
// This file reads the documents (templates, parameter files, CDK assemblies) and hands each template's
// resources to the per-service mappers (aws/<service>.cpp) through the registry below, keyed by resource
// type. The decisions on what a resource deploys are in the mappers.
#include "sources/cloudformation/cloudformation.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

#include "sources/cloudformation/aws/apigateway.h"
#include "sources/cloudformation/aws/iam.h"
#include "sources/cloudformation/aws/lambda.h"
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

class TemplateScanner {
 public:
  TemplateScanner(const std::string& file, const yaml::Node* root, const Options& opts, const Given& given,
                  std::string kind_override)
      : file_(file), root_(root), ev_(root, opts, given), kind_override_(std::move(kind_override)) {}

  // Nested stack templates a CDK stack names (Metadata aws:asset:path of AWS::CloudFormation::Stack).
  std::vector<std::string> nested_templates;

  void run(model::Model& model) {
    const yaml::Node* res = ev_.resources();
    if (!res || !res->is_map()) return;
    std::map<Mapper, aws::Resources> by_mapper;
    for (const yaml::Pair& p : res->pairs) {
      if (!p.key->is_scalar() || !p.value->is_map()) continue;
      const yaml::Node* type = p.value->find("Type");
      if (!type || !type->is_scalar()) continue;
      if (type->value == "AWS::CloudFormation::Stack" && kind_override_ == "cdk") {
        const yaml::Node* md = p.value->find("Metadata");
        const yaml::Node* ap = md ? md->find("aws:asset:path") : nullptr;
        if (ap && ap->is_scalar() && has(ap->value, ".template.json"))
          nested_templates.emplace_back(ap->value);
      }
      auto it = std::lower_bound(std::begin(kRegistry), std::end(kRegistry), type->value,
                                 [](const Registered& r, std::string_view t) { return r.type < t; });
      for (; it != std::end(kRegistry) && it->type == type->value; ++it) by_mapper[it->mapper].push_back(&p);
    }
    aws::TemplateContext ctx{
        file_, root_, ev_, kind_override_,
        [this](const yaml::Node* md, model::Resource& r) { metadata_suppressions(md, file_, r); }};
    for (const auto& [mapper, map] : kMappers)
      if (auto it = by_mapper.find(mapper); it != by_mapper.end()) map(ctx, it->second, model);
  }

 private:
  const std::string& file_;
  const yaml::Node* root_;
  Evaluator ev_;
  std::string kind_override_;
};

void scan_document(const yaml::Document& doc, const Options& opts, const Given& given,
                   const std::string& kind, model::Model& model, std::vector<std::string>* nested) {
  if (!doc.root || !doc.root->is_map()) return;
  TemplateScanner s(doc.path, doc.root, opts, given, kind);
  s.run(model);
  if (nested) *nested = std::move(s.nested_templates);
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
  scan_document(*doc, opts, given, "", model, nullptr);
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
    std::vector<std::string> queue{io::join(dir, std::string(tf->value))};
    for (size_t i = 0; i < queue.size() && i < 256; ++i) {
      const std::string tpath = queue[i];
      if (!seen.insert(tpath).second) continue;
      auto tc = fs.read(tpath);
      if (!tc) {
        diags.push_back(
            Diagnostic{Severity::Error, tpath, 0, 0,
                       "cannot read the template that " + mpath + " names: " + tc.error().message});
        continue;
      }
      auto doc = sources::parse_document(tpath, std::move(*tc));
      for (auto& d : doc->diags) diags.push_back(d);
      sources::add_comments(*doc, model.comments);
      if (!doc->ok()) continue;
      std::vector<std::string> nested;
      scan_document(*doc, opts, given, "cdk", model, &nested);
      for (const auto& n : nested) queue.push_back(io::join(dir, n));
    }
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
