#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "checks/registry.h"
#include "engine/baseline.h"
#include "sources/terraform/config.h"
#include "sources/tfplan/tfplan.h"

namespace cs::engine {

Result<std::vector<const checks::Check*>> select_checks(const std::vector<std::string>& only,
                                                        const std::vector<std::string>& skip) {
  std::set<const checks::Check*> chosen, skipped;
  for (const auto& id : only) {
    const checks::Check* c = checks::find(id);
    if (!c) return Error{"unknown check \"" + id + "\" (see cloudsift list-checks)"};
    chosen.insert(c);
  }
  for (const auto& id : skip) {
    const checks::Check* c = checks::find(id);
    if (!c) return Error{"unknown check \"" + id + "\" (see cloudsift list-checks)"};
    skipped.insert(c);
  }
  std::vector<const checks::Check*> out;
  for (const auto& c : checks::all()) {
    if (!only.empty() && !chosen.count(c.get())) continue;
    if (skipped.count(c.get())) continue;
    out.push_back(c.get());
  }
  return out;
}

namespace {

bool skip_dir(const std::string& name) {
  return name.empty() || name[0] == '.' || name == "node_modules";
}

bool ends_with(const std::string& s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

// A file that may be a CloudFormation/SAM template, a Serverless service, or a plan/state (decided by
// content when read).
bool maybe_document(const std::string& name) {
  if (ends_with(name, ".tfvars.json")) return false;
  return ends_with(name, ".json") || ends_with(name, ".yaml") || ends_with(name, ".yml") ||
         ends_with(name, ".template") || ends_with(name, ".tfstate");
}

bool is_unsupported_serverless(const std::string& name) {
  return name == "serverless.ts" || name == "serverless.js" || name == "serverless.mjs" || name == "serverless.cjs";
}

const char* const kSkippedServerlessCode =
    "skipped: a Serverless Framework service written in JavaScript/TypeScript cannot be read without running "
    "it; run serverless package and scan the generated .serverless/cloudformation-template-update-stack.json";

struct Inputs {
  std::map<std::string, std::vector<std::string>> tf_dirs;  // dir -> Terraform files
  std::vector<std::string> documents;                       // candidate YAML/JSON documents
  std::vector<std::string> cdk_dirs;                        // CDK cloud assemblies
};

// Everything cloudsift can read below `dir`, depth first, sorted.
void walk(const io::FileSystem& fs, const std::string& dir, Inputs& in, Diagnostics& diags, int depth) {
  if (cfn::is_cdk_assembly(fs, dir)) {
    in.cdk_dirs.push_back(dir);
    return;
  }
  auto entries = fs.list(dir);
  if (!entries) {
    diags.push_back(Diagnostic{Severity::Error, dir, 0, 0, entries.error().message});
    return;
  }
  for (const auto& e : *entries) {
    std::string p = io::join(dir, e.name);
    if (e.is_dir) {
      if (!skip_dir(e.name) && depth < 64) walk(fs, p, in, diags, depth + 1);
    } else if (tf::is_config_file(e.name)) {
      in.tf_dirs[dir].push_back(p);
    } else if (is_unsupported_serverless(e.name)) {
      diags.push_back(Diagnostic{Severity::Warning, p, 0, 0, kSkippedServerlessCode});
    } else if (maybe_document(e.name)) {
      in.documents.push_back(p);
    }
  }
}

// Run fn(i) for i in [0, n) on up to `threads` threads.
template <typename F>
void parallel_for(size_t n, unsigned threads, F fn) {
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  unsigned k = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < k; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

// Scan YAML/JSON documents and CDK assemblies; each job fills its own model, merged in order.
void scan_documents(const io::FileSystem& fs, const ScanRequest& req, const Inputs& in, bool explicit_files,
                    model::Model& model, Diagnostics& diags, Summary& summary, std::vector<std::string>& unrecognised) {
  size_t n = in.documents.size() + in.cdk_dirs.size();
  std::vector<model::Model> models(n);
  std::vector<Diagnostics> ds(n);
  std::vector<size_t> bytes(n, 0);
  std::vector<char> used(n, 0);
  parallel_for(n, req.threads, [&](size_t i) {
    if (i >= in.documents.size()) {
      cfn::scan_cdk_out(fs, in.cdk_dirs[i - in.documents.size()], req.cloudformation, models[i], ds[i]);
      used[i] = 1;
      return;
    }
    const std::string& path = in.documents[i];
    auto content = fs.read(path);
    if (!content) {
      ds[i].push_back(Diagnostic{Severity::Error, path, 0, 0, content.error().message});
      return;
    }
    bytes[i] = content->size();
    if (tfplan::detect(path, *content) != tfplan::Kind::None) {
      tfplan::scan(fs, path, std::move(*content), models[i], ds[i]);
      used[i] = 1;
    } else if (sls::detect(path, *content)) {
      sls::scan_service(fs, path, std::move(*content), req.serverless, models[i], ds[i]);
      used[i] = 1;
    } else if (cfn::detect(path, *content) != cfn::TemplateKind::None) {
      cfn::scan_template(fs, path, std::move(*content), req.cloudformation, models[i], ds[i]);
      used[i] = 1;
    }
  });
  for (size_t i = 0; i < n; ++i) {
    if (!used[i]) {
      if (explicit_files && i < in.documents.size()) unrecognised.push_back(in.documents[i]);
      continue;
    }
    ++summary.files;
    summary.bytes += bytes[i];
    for (auto& f : models[i].lambda_functions) model.lambda_functions.push_back(std::move(f));
    for (auto& o : models[i].opaque) model.opaque.push_back(std::move(o));
    for (auto& d : ds[i]) diags.push_back(std::move(d));
  }
}

}  // namespace

Result<void> finish_report(ScanReport& rep, const io::FileSystem& fs, const SuppressOptions& suppress,
                           const std::string& baseline, const std::string& cwd) {
  for (auto& r : rep.results) r.fingerprint = fingerprint(r, cwd);
  apply_inline_suppressions(fs, rep.results, suppress, rep.diagnostics);
  if (!baseline.empty()) {
    auto content = fs.read(baseline);
    if (!content) return Error{"cannot read baseline: " + content.error().message, baseline};
    auto fps = read_baseline(baseline, *content);
    if (!fps) return fps.error();
    apply_baseline(rep.results, *fps, baseline);
  }
  auto before = [&](const checks::CheckResult& a, const checks::CheckResult& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    if (a.resource != b.resource) return a.resource < b.resource;
    return a.check_id < b.check_id;
  };
  // A live scan hands them over in order already; moving 100k results around for nothing costs ~70 ms.
  if (!std::is_sorted(rep.results.begin(), rep.results.end(), before))
    std::stable_sort(rep.results.begin(), rep.results.end(), before);
  // Identical diagnostics can arrive twice (a module read by two roots): keep one.
  std::stable_sort(rep.diagnostics.begin(), rep.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
  });
  rep.diagnostics.erase(std::unique(rep.diagnostics.begin(), rep.diagnostics.end(),
                                    [](const Diagnostic& a, const Diagnostic& b) {
                                      return a.file == b.file && a.line == b.line && a.col == b.col &&
                                             a.message == b.message;
                                    }),
                        rep.diagnostics.end());
  for (const auto& r : rep.results) {
    if (r.suppressed) {
      ++rep.summary.suppressed;
      continue;
    }
    switch (r.verdict) {
      case checks::Verdict::Pass: ++rep.summary.passed; break;
      case checks::Verdict::Fail: ++rep.summary.failed; break;
      case checks::Verdict::Unresolved: ++rep.summary.unresolved; break;
      case checks::Verdict::NotApplicable: ++rep.summary.not_applicable; break;
    }
  }
  for (const auto& d : rep.diagnostics)
    if (d.severity == Severity::Error) ++rep.summary.parse_errors;
  return {};
}

Result<ScanReport> scan(const ScanRequest& req, const io::FileSystem& fs) {
  auto selected = select_checks(req.checks, req.skip_checks);
  if (!selected) return selected.error();
  ScanReport rep;
  rep.checks_run = *selected;

  // 1. Find inputs.
  Inputs in;
  Inputs named;  // documents named on the command line (must be recognised)
  auto& tf_dirs = in.tf_dirs;
  std::set<std::string> only_files;
  std::set<std::string> listed_dirs;  // directories of named .tf files, listed once each
  bool whole_dirs = false;
  for (const auto& raw : req.paths) {
    std::string p = io::normalize(raw);
    if (fs.is_dir(p)) {
      whole_dirs = true;
      walk(fs, p, in, rep.diagnostics, 0);
    } else if (fs.is_file(p)) {
      std::string name = io::basename(p);
      if (is_unsupported_serverless(name)) {
        rep.diagnostics.push_back(Diagnostic{Severity::Warning, p, 0, 0, kSkippedServerlessCode});
        continue;
      }
      if (!tf::is_config_file(name)) {
        named.documents.push_back(p);
        continue;
      }
      // The module is the whole directory: list it once, however many of its files are named (a
      // pre-commit hook can name thousands of files of one directory).
      std::string dir = io::dirname(p);
      if (listed_dirs.insert(dir).second) {
        auto entries = fs.list(dir);
        if (entries) {
          auto& files = tf_dirs[dir];
          std::set<std::string> have(files.begin(), files.end());
          for (const auto& e : *entries) {
            std::string fp = io::join(dir, e.name);
            if (!e.is_dir && tf::is_config_file(e.name) && have.insert(fp).second) files.push_back(fp);
          }
        }
      }
      only_files.insert(p);
    } else {
      return Error{"no such file or directory: " + raw};
    }
  }
  if (whole_dirs) only_files.clear();  // a directory argument reports everything it holds
  model::Model docs_model;
  {
    std::vector<std::string> unrecognised;
    scan_documents(fs, req, in, false, docs_model, rep.diagnostics, rep.summary, unrecognised);
    scan_documents(fs, req, named, true, docs_model, rep.diagnostics, rep.summary, unrecognised);
    if (!unrecognised.empty())
      return Error{"not a file cloudsift can scan (Terraform, Terraform plan or state JSON, CloudFormation, SAM, "
                   "CDK output or a Serverless Framework service): " + unrecognised[0]};
  }

  // 2. Parse every file, in parallel.
  std::vector<std::pair<std::string, std::string>> jobs;  // dir, file
  for (const auto& [dir, files] : tf_dirs)
    for (const auto& f : files) jobs.emplace_back(dir, f);
  std::vector<std::unique_ptr<hcl::File>> parsed(jobs.size());
  std::vector<Diagnostics> read_errors(jobs.size());
  parallel_for(jobs.size(), req.threads, [&](size_t i) {
    auto content = fs.read(jobs[i].second);
    if (!content) {
      read_errors[i].push_back(Diagnostic{Severity::Error, jobs[i].second, 0, 0, content.error().message});
      return;
    }
    parsed[i] = tf::parse_file(jobs[i].second, std::move(*content));
  });

  std::map<std::string, std::vector<std::unique_ptr<hcl::File>>> by_dir;
  for (size_t i = 0; i < jobs.size(); ++i) {
    for (auto& d : read_errors[i]) rep.diagnostics.push_back(std::move(d));
    if (parsed[i]) by_dir[jobs[i].first].push_back(std::move(parsed[i]));
  }
  std::map<std::string, std::vector<std::string>> named_in;  // dir -> the files named in it
  for (const auto& f : only_files) named_in[io::dirname(f)].push_back(f);
  std::map<std::string, std::unique_ptr<tf::ModuleConfig>> modules;
  for (auto& [dir, files] : by_dir) {
    auto m = tf::build_module(dir, std::move(files));
    // A file named on the command line whose directory is not one valid module (files that declare
    // the same things, as in a folder of unrelated examples) is scanned on its own, and we say so.
    if (!whole_dirs && !only_files.empty()) {
      if (m->has_duplicates) {
        std::vector<std::unique_ptr<hcl::File>> mine;
        for (const auto& f : named_in[dir]) {
          auto content = fs.read(f);
          if (content) mine.push_back(tf::parse_file(f, std::move(*content)));
        }
        m = tf::build_module(dir, std::move(mine));
        rep.diagnostics.push_back(Diagnostic{Severity::Warning, dir, 0, 0,
                                             "the files of this directory declare the same blocks more than once, "
                                             "so it is not one Terraform module; the named files were scanned on "
                                             "their own"});
      }
    }
    modules[dir] = std::move(m);
  }

  // 3. Evaluate into the model.
  tf::ScanOptions topts = req.terraform;
  topts.threads = req.threads;
  tf::ScanOutput tout = tf::scan_modules(fs, std::move(modules), only_files, topts);
  for (auto& d : tout.diags) rep.diagnostics.push_back(std::move(d));
  rep.summary.files += tout.files;
  rep.summary.bytes += tout.bytes;
  for (auto& f : docs_model.lambda_functions) tout.model.lambda_functions.push_back(std::move(f));
  for (auto& o : docs_model.opaque) tout.model.opaque.push_back(std::move(o));

  // 4. Checks.
  for (const checks::Check* c : rep.checks_run) c->run(tout.model, rep.results);

  auto done = finish_report(rep, fs, req.suppress, req.baseline, req.cwd);
  if (!done) return done.error();
  return rep;
}

}  // namespace cs::engine
