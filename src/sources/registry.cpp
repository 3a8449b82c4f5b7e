#include "sources/registry.h"

#include "sources/cloudformation/cloudformation.h"
#include "sources/serverless/serverless.h"
#include "sources/terraform/config.h"
#include "sources/terraform/directories.h"
#include "sources/tfplan/tfplan.h"

namespace cs::sources {

namespace {

class Cdk final : public Source {
 public:
  std::string_view name() const override { return "cdk"; }
  Unit unit() const override { return Unit::Directory; }
  bool claims_dir(const io::FileSystem& fs, const std::string& dir) const override {
    return cfn::is_cdk_assembly(fs, dir);
  }
  void scan_dir(const io::FileSystem& fs, const std::string& dir, const Options& opts, model::Model& model,
                Diagnostics& diags) const override {
    cfn::scan_cdk_out(fs, dir, opts.cloudformation, model, diags);
  }
};

class CloudFormation final : public Source {
 public:
  std::string_view name() const override { return "cloudformation"; }  // and SAM
  Unit unit() const override { return Unit::File; }
  int precedence() const override { return 30; }
  bool claims_file(std::string_view path, std::string_view head) const override {
    return cfn::detect(path, head) != cfn::TemplateKind::None;
  }
  void scan_file(const io::FileSystem& fs, const std::string& path, std::string content, const Options& opts,
                 model::Model& model, Diagnostics& diags) const override {
    cfn::scan_template(fs, path, std::move(content), opts.cloudformation, model, diags);
  }
};

class Serverless final : public Source {
 public:
  std::string_view name() const override { return "serverless"; }
  Unit unit() const override { return Unit::File; }
  int precedence() const override { return 20; }
  bool claims_file(std::string_view path, std::string_view head) const override {
    return sls::detect(path, head);
  }
  void scan_file(const io::FileSystem& fs, const std::string& path, std::string content, const Options& opts,
                 model::Model& model, Diagnostics& diags) const override {
    sls::scan_service(fs, path, std::move(content), opts.serverless, model, diags);
  }
};

class Terraform final : public Source {
 public:
  std::string_view name() const override { return "terraform"; }
  Unit unit() const override { return Unit::Module; }
  bool claims_file(std::string_view path, std::string_view) const override {
    size_t slash = path.rfind('/');
    return tf::is_config_file(std::string(slash == std::string_view::npos ? path : path.substr(slash + 1)));
  }
  ModuleOutput scan_modules(const io::FileSystem& fs, const ModuleInputs& in,
                            const Options& opts) const override {
    tf::ScanOptions topts = opts.terraform;
    topts.threads = opts.threads;
    tf::ScanOutput o = tf::scan_directories(fs, in.dirs, in.only_files, in.whole_dirs, topts);
    return ModuleOutput{std::move(o.model), std::move(o.diags), o.files, o.bytes};
  }
};

class TfPlan final : public Source {
 public:
  std::string_view name() const override { return "tfplan"; }  // plan and state JSON
  Unit unit() const override { return Unit::File; }
  int precedence() const override { return 10; }
  bool claims_file(std::string_view path, std::string_view head) const override {
    return tfplan::detect(path, head) != tfplan::Kind::None;
  }
  void scan_file(const io::FileSystem& fs, const std::string& path, std::string content, const Options&,
                 model::Model& model, Diagnostics& diags) const override {
    tfplan::scan(fs, path, std::move(content), model, diags);
  }
};

std::vector<std::unique_ptr<Source>> make() {
  std::vector<std::unique_ptr<Source>> v;
  // Sorted by name.
  v.push_back(std::make_unique<Cdk>());
  v.push_back(std::make_unique<CloudFormation>());
  v.push_back(std::make_unique<Serverless>());
  v.push_back(std::make_unique<Terraform>());
  v.push_back(std::make_unique<TfPlan>());
  return v;
}

}  // namespace

const std::vector<std::unique_ptr<Source>>& all() {
  static const std::vector<std::unique_ptr<Source>> sources = make();
  return sources;
}

const Source* find(std::string_view name) {
  for (const auto& s : all())
    if (s->name() == name) return s.get();
  return nullptr;
}

const Source* claimant(std::string_view path, std::string_view head) {
  const Source* best = nullptr;
  for (const auto& s : all())
    if ((!best || s->precedence() < best->precedence()) && s->claims_file(path, head)) best = s.get();
  return best;
}

const Source* dir_claimant(const io::FileSystem& fs, const std::string& dir) {
  for (const auto& s : all())
    if (s->unit() == Source::Unit::Directory && s->claims_dir(fs, dir)) return s.get();
  return nullptr;
}

}  // namespace cs::sources
