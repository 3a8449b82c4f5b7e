// Serverless Framework v3 services into the model: this file reads the service document, resolves its
// variables (variables.cpp) and hands the resolved service to the per-service mappers (aws/<service>.cpp)
// through the registry below.
#include "sources/serverless/serverless.h"

#include "sources/common/document.h"
#include "sources/serverless/aws/apigateway.h"
#include "sources/serverless/aws/iam.h"
#include "sources/serverless/aws/lambda.h"
#include "sources/serverless/aws/resources.h"
#include "sources/serverless/variables.h"

namespace cs::sls {

namespace {

using aws::ServiceContext;

// The per-service mappers, each run once per service, in this order (a mapper's resolutions share the
// service's step budget, so the order is fixed; the model's lists are each one mapper's).
struct Mapper {
  const char* name;
  void (*map)(const ServiceContext&, model::Model&);
};
constexpr Mapper kMappers[] = {
    {"lambda", aws::map_lambda},
    {"apigateway", aws::map_apigateway},
    {"iam", aws::map_iam},              // after lambda: reads the functions' tracing from the model
    {"resources", aws::map_resources},  // after iam: the role follows the functions' own tracing
};

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A line that starts (at column 0) with `key:` — a cheap test before parsing a YAML file.
bool has_top_level_key(std::string_view content, std::string_view key) {
  size_t i = 0;
  while (i < content.size()) {
    size_t end = content.find('\n', i);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(i, end - i);
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0) {
      size_t j = key.size();
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
      if (j < line.size() && line[j] == ':') return true;
    }
    if (line.size() > key.size() + 2 && (line[0] == '"' || line[0] == '\'') &&
        line.compare(1, key.size(), key) == 0 && line[key.size() + 1] == line[0])
      return true;
    i = end + 1;
  }
  return false;
}

bool is_aws_provider(const yaml::Node* provider) {
  if (!provider) return false;
  if (provider->is_scalar()) return provider->value == "aws";
  if (!provider->is_map()) return false;
  const yaml::Node* name = provider->find("name");
  return name && name->is_scalar() && name->value == "aws";
}

}  // namespace

bool detect(std::string_view path, std::string_view content) {
  std::string_view name = base_name(path);
  if (name == "serverless.yml" || name == "serverless.yaml" || name == "serverless.json") return true;
  if (!(ends_with(name, ".yml") || ends_with(name, ".yaml") || ends_with(name, ".json"))) return false;
  if (name == "package.json" || name == "package-lock.json" || name == "tsconfig.json") return false;
  bool json = ends_with(name, ".json");
  if (json) {
    if (content.find("\"service\"") == std::string_view::npos ||
        content.find("\"provider\"") == std::string_view::npos)
      return false;
  } else if (!has_top_level_key(content, "service") || !has_top_level_key(content, "provider")) {
    return false;
  }
  const yaml::Document* doc = &sources::peek_document(std::string(path), content);
  if (!doc->root || !doc->root->is_map()) return false;
  const yaml::Node* root = doc->root;
  if (root->find("AWSTemplateFormatVersion") || root->find("Resources") || root->find("Transform") ||
      root->find("resource_changes") || root->find("format_version"))
    return false;
  return root->find("service") && is_aws_provider(root->find("provider"));
}

void scan_service(const io::FileSystem& fs, const std::string& path, std::string content, const Options& opts,
                  model::Model& model, Diagnostics& diags) {
  auto doc = sources::parse_document(path, std::move(content));
  for (auto& d : doc->diags) diags.push_back(d);
  sources::add_comments(*doc, model.comments);
  if (!doc->root) return;
  if (!doc->root->is_map()) {
    diags.push_back(Diagnostic{Severity::Error, path, doc->root->line, doc->root->col,
                               "not a Serverless Framework service: the top level is not a mapping"});
    return;
  }
  Resolver r(fs, *doc, opts);
  Value root = r.root();
  Member provider_where;
  Value provider = r.member(root, "provider", &provider_where);
  if (provider.kind == Value::Kind::String && provider.text != "aws") return;
  if (provider.is_map()) {
    Value pname = r.member(provider, "name");
    if ((pname.is_string() || pname.is_null()) && pname.text != "aws") {
      diags.push_back(Diagnostic{Severity::Note, path, provider_where.key ? provider_where.key->line : 0,
                                 provider_where.key ? provider_where.key->col : 0,
                                 "provider is not aws (" +
                                     (pname.secret.empty() ? "\"" + pname.text + "\"" : pname.secret) +
                                     "); nothing to check"});
      return;
    }
  }

  ServiceContext ctx{r, root, provider, path, diags, &fs, &opts};
  aws::ServiceStart start{model.lambda_functions.size(), model.iam_roles.size(),
                          model.apigateway_stages.size()};
  for (const Mapper& m : kMappers) m.map(ctx, model);
  // Last: it skips what the mappers above generated (resources merged into it) and links to it.
  aws::map_raw_resources(ctx, start, model);
  for (auto& d : r.take_diagnostics()) diags.push_back(std::move(d));
  r.add_comments(model.comments);
}

}  // namespace cs::sls
