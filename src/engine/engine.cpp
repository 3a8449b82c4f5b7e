#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "checks/registry.h"
#include "findings/baseline.h"
#include "sources/registry.h"

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

// A file the Terraform source reads (*.tf, *.tf.json): grouped by directory, one module each.
bool is_terraform(const std::string& name) {
  static const sources::Source* tf = sources::find("terraform");
  return tf->claims_file(name, "");
}

bool is_unsupported_serverless(const std::string& name) {
  return name == "serverless.ts" || name == "serverless.js" || name == "serverless.mjs" ||
         name == "serverless.cjs";
}

const char* const kSkippedServerlessCode =
    "skipped: a Serverless Framework service written in JavaScript/TypeScript cannot be read without running "
    "it; run serverless package and scan the generated .serverless/cloudformation-template-update-stack.json";

struct Inputs {
  std::map<std::string, std::vector<std::string>> tf_dirs;  // dir -> Terraform files
  std::vector<std::string> documents;                       // candidate YAML/JSON documents
  std::vector<std::string> cdk_dirs;                        // CDK cloud assemblies
};

// How deep below a scanned directory the walk goes (the scanned directory is level 0).
constexpr int kMaxDepth = 64;

bool named_like_input(const std::string& name) {
  return is_terraform(name) || maybe_document(name) || is_unsupported_serverless(name);
}

// Finds everything cloudsift can read below the directories it is given, depth first, sorted.
//
// Only files, each once:
// - every directory is entered once, known by (device, inode), so links that loop (`ln -s . a`, or a
//   child linking to an ancestor) cannot make the walk repeat or explode;
// - a symbolic link to a directory is followed only when its target is inside the scanned directory,
//   and only after the tree itself was walked, so what is reachable without links keeps its own path;
//   a link leading out (`ln -s / root`) is a warning and is not walked;
// - a symbolic link to a file outside the scanned directory is refused (an error): reading it could
//   put a file such as /etc/shadow into a parse error;
// - a directory more than kMaxDepth levels down, or one that cannot be listed, is an error.
// Reading (regular files only, up to the size limit) is the file system's job.
//
// A file reached twice through links inside the scanned directory: Terraform loads a module directory
// by listing it and reading every *.tf / *.tf.json name in it; it does not look at what a name points
// to. So `b.tf -> a.tf` in one module is two files to Terraform (and a "Duplicate resource" error), and
// one file linked into two module directories belongs to both modules (a common way to share
// providers.tf). We do the same: a Terraform file is read once per directory entry that names it (and
// each directory is walked once). A CloudFormation/SAM template, Serverless service or plan is a whole
// input on its own, so it is scanned once however many names lead to it, under the name that is not a
// link when there is one.
class Walker {
 public:
  Walker(const io::FileSystem& fs, Inputs& in, Diagnostics& diags, const std::string& cwd,
         const std::vector<std::string>& own_files)
      : fs_(fs), in_(in), diags_(diags), cwd_(cwd) {
    for (const auto& f : own_files) own_.insert(io::join(cwd_, f));
  }

  void walk(const std::string& root) {
    if (!set_root(root)) return;
    links_.clear();
    visit(root, 0, true);
    while (!links_.empty()) {
      auto [dir, depth] = links_.front();
      links_.pop_front();
      visit(dir, depth, true);
    }
  }

  // A file named on the command line (Terraform, or variables for --skip-unknown-files) and the
  // Terraform files beside it (its module).
  // Whatever it links to: the user named it.
  void siblings(const std::string& file) {
    std::string dir = io::dirname(file);
    // The module is the whole directory: list it once, however many of its files are named (a
    // pre-commit hook can name thousands of files of one directory).
    if (sibling_dirs_.insert(dir).second && set_root(dir)) {
      tf_only_ = true;
      named_ = file;
      visit(dir, 0, false);
      tf_only_ = false;
      named_.clear();
    }
    if (is_terraform(io::basename(file)) && tf_files_.insert(file).second) in_.tf_dirs[dir].push_back(file);
  }

  // The documents found, each file once.
  void finish() {
    std::map<io::FileId, size_t> seen;  // id -> index in docs_
    std::vector<char> keep(docs_.size(), 1);
    for (size_t i = 0; i < docs_.size(); ++i) {
      if (!docs_[i].id) continue;
      auto [it, fresh] = seen.emplace(*docs_[i].id, i);
      if (fresh) continue;
      if (docs_[it->second].via_link && !docs_[i].via_link) {
        keep[it->second] = 0;
        it->second = i;
      } else {
        keep[i] = 0;
      }
    }
    for (size_t i = 0; i < docs_.size(); ++i)
      if (keep[i]) in_.documents.push_back(docs_[i].path);
    docs_.clear();
  }

 private:
  struct Doc {
    std::string path;
    std::optional<io::FileId> id;
    bool via_link = false;
  };

  bool set_root(const std::string& root) {
    auto real = fs_.real_path(root);
    if (!real) {
      error(root, "cannot resolve the scanned directory: " + real.error().message);
      return false;
    }
    root_real_ = *real;
    return true;
  }

  void error(const std::string& path, std::string msg) {
    diags_.push_back(Diagnostic{Severity::Error, path, 0, 0, std::move(msg)});
  }
  void warning(const std::string& path, std::string msg) {
    diags_.push_back(Diagnostic{Severity::Warning, path, 0, 0, std::move(msg)});
  }
  void too_deep(const std::string& path) {
    error(path, "more than " + std::to_string(kMaxDepth) +
                    " directory levels below the scanned directory, not scanned");
  }

  void visit(const std::string& dir, int depth, bool recurse) {
    auto st = fs_.stat(dir);
    if (!st) {
      error(dir, "cannot read directory: " + st.error().message);
      return;
    }
    if (recurse) {
      if (!visited_.insert(st->id).second) return;  // walked already, through another name
      if (sources::dir_claimant(fs_, dir)) {
        in_.cdk_dirs.push_back(dir);
        return;
      }
    }
    auto entries = fs_.list(dir);
    if (!entries) {
      error(dir, entries.error().message);
      return;
    }
    for (const auto& e : *entries) {
      std::string p = io::join(dir, e.name);
      if (!own_.empty() && own_.count(io::join(cwd_, p))) continue;  // cloudsift's own report or baseline
      if (e.is_symlink) {
        link(dir, p, e, depth, recurse);
      } else if (e.is_dir) {
        if (!recurse || skip_dir(e.name)) continue;
        if (depth + 1 > kMaxDepth)
          too_deep(p);
        else
          visit(p, depth + 1, true);
      } else {
        add_file(dir, p, e.name, false, std::nullopt);
      }
    }
  }

  void link(const std::string& dir, const std::string& p, const io::DirEntry& e, int depth, bool recurse) {
    auto st = fs_.stat(p);
    if (!st) {
      // A dangling link, a loop of links, a target that cannot be searched.
      if (wanted(e.name))
        error(p, "cannot read: " + st.error().message);
      else if (recurse && !skip_dir(e.name))
        warning(p, "symbolic link cannot be followed: " + st.error().message);
      return;
    }
    bool is_dir = st->type == io::FileType::Directory;
    if (is_dir ? (!recurse || skip_dir(e.name)) : !wanted(e.name)) return;
    if (p == named_) return;  // siblings() adds it
    auto real = fs_.real_path(p);
    if (!real) {
      error(p, "cannot resolve symbolic link: " + real.error().message);
      return;
    }
    if (!io::within(*real, root_real_)) {
      if (is_dir)
        warning(p, "symbolic link to a directory outside the scanned directory, not followed");
      else
        error(p, "symbolic link to a file outside the scanned directory, not read");
      return;
    }
    if (!is_dir) {
      add_file(dir, p, e.name, true, st->id);
    } else if (depth + 1 > kMaxDepth) {
      too_deep(p);
    } else {
      links_.emplace_back(p, depth + 1);
    }
  }

  // A file the walk would read (the siblings of a named file: Terraform files only).
  bool wanted(const std::string& name) const {
    return tf_only_ ? is_terraform(name) : named_like_input(name);
  }

  void add_file(const std::string& dir, const std::string& p, const std::string& name, bool via_link,
                std::optional<io::FileId> id) {
    if (tf_only_ && !is_terraform(name)) return;
    if (is_terraform(name)) {
      if (tf_files_.insert(p).second) in_.tf_dirs[dir].push_back(p);
    } else if (is_unsupported_serverless(name)) {
      warning(p, kSkippedServerlessCode);
    } else if (maybe_document(name)) {
      if (!id) {
        if (auto st = fs_.stat(p)) id = st->id;
      }
      docs_.push_back(Doc{p, id, via_link});
    }
  }

  const io::FileSystem& fs_;
  Inputs& in_;
  Diagnostics& diags_;
  std::string cwd_;
  std::set<std::string> own_;  // absolute
  std::string root_real_;
  std::set<io::FileId> visited_;
  std::set<std::string> tf_files_;
  std::deque<std::pair<std::string, int>> links_;
  std::vector<Doc> docs_;
  bool tf_only_ = false;
  std::string named_;
  std::set<std::string> sibling_dirs_;  // directories siblings() listed
};

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

// Allocation failure (std::bad_alloc, or std::length_error for a size past what a container can hold)
// while one file or module is read, parsed or evaluated ends that file or module with an error; the rest
// of the scan goes on. What it had produced so far is dropped, as it may be half done.
const char* const kOutOfMemory = "ran out of memory reading, parsing or evaluating this input, not scanned";

void out_of_memory(const std::string& path, model::Model& model, Diagnostics& diags) {
  model = model::Model{};
  diags.clear();
  diags.shrink_to_fit();
  diags.push_back(Diagnostic{Severity::Error, path, 0, 0, kOutOfMemory});
}

constexpr size_t kHeadBytes = 64 << 10;

// Whether the start of a JSON/YAML file names any key that a CloudFormation/SAM template, a Terraform
// plan or state, a CDK manifest or a Serverless service has near its top. Deliberately loose: a false
// "maybe" only keeps the status quo (an error for a file that could not be read).
bool may_be_iac(std::string_view head) {
  static constexpr std::string_view kKeys[] = {"AWSTemplateFormatVersion",
                                               "Resources",
                                               "Transform",
                                               "AWS::",
                                               "format_version",
                                               "terraform_version",
                                               "resource_changes",
                                               "planned_values",
                                               "\"resources\"",
                                               "service",
                                               "provider",
                                               "functions",
                                               "artifacts",
                                               "Fn::",
                                               "!Ref",
                                               "!Sub"};
  for (std::string_view k : kKeys)
    if (head.find(k) != std::string_view::npos) return true;
  return false;
}

// Which documents are nested stacks' templates that another document of the scan reads through its
// parent (model::Model::consumed_files): those are not reported on their own too. A document no other
// one reads is a root and drops everything it reads; documents that only read each other (a cycle with
// no root) keep the first of them in order as the root.
std::vector<char> nested_documents(const std::vector<std::string>& documents,
                                   const std::vector<model::Model>& models, const std::vector<char>& used) {
  std::vector<char> nested(models.size(), 0);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < documents.size(); ++i) index.emplace(io::normalize(documents[i]), i);
  std::vector<std::vector<size_t>> reads(documents.size());
  std::vector<char> read_by_other(documents.size(), 0);
  bool any = false;
  for (size_t i = 0; i < documents.size(); ++i) {
    if (used[i] != 1) continue;
    for (const auto& f : models[i].consumed_files) {
      auto it = index.find(io::normalize(f));
      if (it == index.end() || it->second == i) continue;
      reads[i].push_back(it->second);
      read_by_other[it->second] = 1;
      any = true;
    }
  }
  if (!any) return nested;
  auto drop_reads_of = [&](size_t i) {
    for (size_t j : reads[i])
      if (j != i) nested[j] = 1;
  };
  for (size_t i = 0; i < documents.size(); ++i)
    if (!read_by_other[i]) drop_reads_of(i);
  for (size_t i = 0; i < documents.size(); ++i)
    if (read_by_other[i] && !nested[i]) drop_reads_of(i);
  return nested;
}

// Scan YAML/JSON documents and CDK assemblies; each job fills its own model, merged in order.
void scan_documents(const io::FileSystem& fs, const ScanRequest& req, const Inputs& in, bool explicit_files,
                    model::Model& model, Diagnostics& diags, Summary& summary,
                    std::vector<std::string>& unrecognised) {
  sources::Options opts;
  opts.cloudformation = req.cloudformation;
  opts.serverless = req.serverless;
  size_t n = in.documents.size() + in.cdk_dirs.size();
  std::vector<model::Model> models(n);
  std::vector<Diagnostics> ds(n);
  std::vector<size_t> bytes(n, 0);
  std::vector<char> used(n, 0);
  parallel_for(n, req.threads, [&](size_t i) {
    const std::string& path =
        i < in.documents.size() ? in.documents[i] : in.cdk_dirs[i - in.documents.size()];
    try {
      if (i >= in.documents.size()) {
        if (const sources::Source* s = sources::dir_claimant(fs, path))
          s->scan_dir(fs, path, opts, models[i], ds[i]);
        used[i] = 1;
        return;
      }
      auto content = fs.read(path);
      if (!content) {
        // A data file that happens to end in .json or .yaml (a fixture, a dataset) is larger than the limit:
        // when its head names nothing a template, a plan or a service needs, it is skipped with a warning
        // rather than failing the scan. One that may be ours stays an error: it was not read.
        auto st = fs.stat(path);
        bool too_large = st && st->type == io::FileType::Regular && st->size > fs.max_file_size();
        if (too_large && !explicit_files) {
          auto head = fs.read_head(path, kHeadBytes);
          if (head && !may_be_iac(*head)) {
            ds[i].push_back(
                Diagnostic{Severity::Warning, path, 0, 0,
                           content.error().message +
                               "; its first 64 KiB name no template, plan or service key, so it is "
                               "taken for data and skipped"});
            used[i] = 2;
            return;
          }
        }
        ds[i].push_back(Diagnostic{Severity::Error, path, 0, 0, content.error().message});
        used[i] = 2;
        return;
      }
      if (auto bin = io::find_binary(*content)) {
        // Not scanned: one diagnostic, not one per byte. An error when the file was named on the command
        // line or still looks like a template, a service or a plan (text with a stray byte); else a
        // warning, as a repository may hold any file named *.json.
        bool looks_ours = !bin->nul && sources::claimant(path, *content) != nullptr;
        ds[i].push_back(Diagnostic{explicit_files || looks_ours ? Severity::Error : Severity::Warning, path,
                                   bin->nul ? 0 : bin->line, bin->nul ? 0 : bin->col, bin->message()});
        used[i] = 2;
        return;
      }
      bytes[i] = content->size();
      const sources::Source* s = sources::claimant(path, *content);
      if (s && s->unit() == sources::Source::Unit::File) {
        s->scan_file(fs, path, std::move(*content), opts, models[i], ds[i]);
        used[i] = 1;
      }
    } catch (const std::bad_alloc&) {
      out_of_memory(path, models[i], ds[i]);
      used[i] = 2;
    } catch (const std::length_error&) {
      out_of_memory(path, models[i], ds[i]);
      used[i] = 2;
    }
  });
  std::vector<char> nested = nested_documents(in.documents, models, used);
  for (size_t i = 0; i < n; ++i) {
    if (!used[i]) {
      if (explicit_files && i < in.documents.size()) unrecognised.push_back(in.documents[i]);
      continue;
    }
    if (nested[i]) {  // evaluated through its parent, with what the parent passes: not on its own
      ++summary.files;
      summary.bytes += bytes[i];
      continue;
    }
    if (used[i] == 2) {  // not scanned: only its diagnostic
      for (auto& d : ds[i]) diags.push_back(std::move(d));
      continue;
    }
    ++summary.files;
    summary.bytes += bytes[i];
    models[i].link();  // logical ids are a template's own: link inside it
    model.merge(std::move(models[i]));
    for (auto& d : ds[i]) diags.push_back(std::move(d));
  }
}

}  // namespace

Result<void> finish_report(ScanReport& rep, const io::FileSystem& fs,
                           const std::vector<model::FileComments>& comments, const SuppressOptions& suppress,
                           const std::string& baseline, const std::string& cwd) {
  for (auto& r : rep.results) r.fingerprint = findings::fingerprint(r, cwd);
  apply_inline_suppressions(comments, rep.results, suppress, rep.diagnostics);
  if (!baseline.empty()) {
    auto content = fs.read(baseline);
    if (!content) return Error{"cannot read baseline: " + content.error().message, baseline};
    auto fps = findings::read_baseline(baseline, *content);
    if (!fps) return fps.error();
    findings::apply_baseline(rep.results, *fps, baseline);
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
  std::stable_sort(rep.diagnostics.begin(), rep.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
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
      case checks::Verdict::Pass:
        ++rep.summary.passed;
        break;
      case checks::Verdict::Fail:
        ++rep.summary.failed;
        break;
      case checks::Verdict::Unresolved:
        ++rep.summary.unresolved;
        break;
      case checks::Verdict::NotApplicable:
        ++rep.summary.not_applicable;
        break;
    }
  }
  for (const auto& d : rep.diagnostics)
    if (d.severity == Severity::Error) ++rep.summary.parse_errors;
  return {};
}

Result<ScanReport> scan(const ScanRequest& request, const io::FileSystem& fs) {
  // Files the scanned code reads (Terraform's file functions, Serverless ${file()}) must lie inside the
  // scanned tree: the scan arguments and the git repositories holding them. An in-memory file system
  // (tests) holds nothing else, so it is not confined.
  // The size limit is the file system's (--max-file-size).
  ScanRequest req = request;
  req.terraform.max_file_size = fs.max_file_size();
  req.serverless.max_file_size = fs.max_file_size();
  std::optional<io::Confinement> confine;
  if (dynamic_cast<const io::DiskFileSystem*>(&fs)) {
    confine = io::Confinement::for_scan(req.paths, fs.max_file_size(), req.home);
    req.terraform.confine = &*confine;
    req.serverless.confine = &*confine;
    req.cloudformation.confine = &*confine;
  }
  auto selected = select_checks(req.checks, req.skip_checks);
  if (!selected) return selected.error();
  ScanReport rep;
  for (const checks::Check* c : *selected) rep.checks_run.push_back(&c->metadata());

  // 1. Find inputs.
  Inputs in;
  Inputs named;  // documents named on the command line (must be recognised)
  auto& tf_dirs = in.tf_dirs;
  std::set<std::string> only_files;
  bool whole_dirs = false;
  Walker walker(fs, in, rep.diagnostics, req.cwd, req.own_files);
  for (const auto& raw : req.paths) {
    std::string p = io::normalize(raw);
    if (fs.is_dir(p)) {
      whole_dirs = true;
      walker.walk(p);
    } else if (fs.is_file(p)) {
      std::string name = io::basename(p);
      if (is_unsupported_serverless(name)) {
        rep.diagnostics.push_back(Diagnostic{Severity::Warning, p, 0, 0, kSkippedServerlessCode});
        continue;
      }
      bool tfvars = name.ends_with(".tfvars") || name.ends_with(".tfvars.json");
      if (!is_terraform(name) && !(tfvars && req.skip_unknown_files)) {
        named.documents.push_back(p);
        continue;
      }
      walker.siblings(p);
      if (!tfvars) {
        only_files.insert(p);
      } else {  // the variables feed the whole module: report all of it
        for (const auto& f : tf_dirs[io::dirname(p)]) only_files.insert(f);
      }
    } else if (auto st = fs.stat(p)) {
      return Error{"cannot scan " + raw + ": not a regular file (" + io::describe(st->type) + ")"};
    } else {
      return Error{"no such file or directory: " + raw};
    }
  }
  walker.finish();
  if (whole_dirs) only_files.clear();  // a directory argument reports everything it holds
  model::Model docs_model;
  {
    std::vector<std::string> unrecognised;
    scan_documents(fs, req, in, false, docs_model, rep.diagnostics, rep.summary, unrecognised);
    scan_documents(fs, req, named, true, docs_model, rep.diagnostics, rep.summary, unrecognised);
    if (req.skip_unknown_files) {
      for (const auto& u : unrecognised)
        rep.diagnostics.push_back(
            Diagnostic{Severity::Note, u, 0, 0,
                       "skipped (--skip-unknown-files): not a Terraform, plan, CloudFormation, "
                       "SAM, CDK or Serverless Framework file"});
      unrecognised.clear();
    }
    if (!unrecognised.empty())
      return Error{
          "not a file cloudsift can scan (Terraform, Terraform plan or state JSON, CloudFormation, SAM, "
          "CDK output or a Serverless Framework service): " +
          unrecognised[0]};
  }

  // 2. Terraform: every directory one module, read, parsed and evaluated by its source.
  sources::ModuleInputs tin;
  tin.dirs = std::move(tf_dirs);
  tin.only_files = std::move(only_files);
  tin.whole_dirs = whole_dirs;
  sources::Options sopts;
  sopts.terraform = req.terraform;
  sopts.threads = req.threads;
  sources::ModuleOutput tout = sources::find("terraform")->scan_modules(fs, tin, sopts);
  for (auto& d : tout.diags) rep.diagnostics.push_back(std::move(d));
  rep.summary.files += tout.files;
  rep.summary.bytes += tout.bytes;
  tout.model.merge(std::move(docs_model));

  // 4. Checks.
  for (const checks::Check* c : *selected) c->run(tout.model, rep.results);

  auto done = finish_report(rep, fs, tout.model.comments, req.suppress, req.baseline, req.cwd);
  if (!done) return done.error();
  return rep;
}

}  // namespace cs::engine
