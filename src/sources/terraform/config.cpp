#include "sources/terraform/config.h"

#include <algorithm>
#include <set>

#include "sources/terraform/cycles.h"
#include "sources/terraform/tfjson.h"

namespace cs::tf {

namespace {

bool ends_with(const std::string& s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

std::string stem(const std::string& name) {
  if (ends_with(name, ".tf.json")) return name.substr(0, name.size() - 8);
  if (ends_with(name, ".tf")) return name.substr(0, name.size() - 3);
  return name;
}

// Nested block type for override replacement: dynamic "x" counts as a block of type x.
std::string_view nested_type(const hcl::Block* b) {
  if (b->type == "dynamic" && !b->labels.empty()) return b->labels[0].value;
  return b->type;
}

MergedBody body_of(const hcl::Block* b, const std::string* file) {
  MergedBody m;
  for (const auto& a : b->body->attributes) m.attrs[std::string(a.name)] = AttrRef{&a, file};
  for (const hcl::Block* nb : b->body->blocks) m.blocks.push_back(BlockRef{nb, file});
  return m;
}

// Merge an override block's content into a primary body (Terraform "Override Files" rules).
void merge_into(MergedBody& base, const hcl::Block* ov, const std::string* file, bool lifecycle_by_arg) {
  for (const auto& a : ov->body->attributes) base.attrs[std::string(a.name)] = AttrRef{&a, file};
  std::set<std::string_view> replaced;
  for (const hcl::Block* nb : ov->body->blocks) {
    std::string_view t = nested_type(nb);
    if (lifecycle_by_arg && t == "lifecycle") continue;  // handled below
    replaced.insert(t);
  }
  std::vector<BlockRef> kept;
  for (const BlockRef& br : base.blocks)
    if (!replaced.count(nested_type(br.block))) kept.push_back(br);
  for (const hcl::Block* nb : ov->body->blocks) {
    if (lifecycle_by_arg && nb->type == "lifecycle") {
      // lifecycle merges argument by argument; we keep the override's block alongside (later wins).
      kept.push_back(BlockRef{nb, file});
      continue;
    }
    kept.push_back(BlockRef{nb, file});
  }
  base.blocks = std::move(kept);
}

hcl::Pos block_pos(const hcl::Block* b) {
  return b->type_range.begin;
}

}  // namespace

bool is_config_file(const std::string& name) {
  if (name.empty() || name[0] == '.' || name[0] == '#' || name.back() == '~') return false;
  return ends_with(name, ".tf") || ends_with(name, ".tf.json");
}

bool is_override_file(const std::string& name) {
  std::string s = stem(io::basename(name));
  return s == "override" || ends_with(s, "_override");
}

bool literal_string(const hcl::Expr* e, std::string* out) {
  if (!e) return false;
  if (e->kind == hcl::ExprKind::Template) {
    const auto* t = hcl::as<hcl::TemplateExpr>(e);
    std::string s;
    for (const auto& p : t->parts) {
      if (p.expr) return false;
      s += p.literal;
    }
    *out = std::move(s);
    return true;
  }
  return false;
}

std::unique_ptr<hcl::File> parse_file(const std::string& path, std::string content) {
  // Terraform reads configuration as UTF-8 only. A binary file is one error, not one per byte.
  if (auto bin = io::find_binary(content)) {
    auto f = hcl::parse(path, std::string());
    f->diags.push_back(
        Diagnostic{Severity::Error, path, bin->nul ? 0 : bin->line, bin->nul ? 0 : bin->col, bin->message()});
    return f;
  }
  if (ends_with(path, ".json")) return tf_json_to_hcl(path, std::move(content));
  return hcl::parse(path, std::move(content));
}

void add_comments(const hcl::File& file, std::vector<model::FileComments>& out) {
  if (file.comments.empty()) return;
  std::vector<model::FoundComment> found;
  found.reserve(file.comments.size());
  for (const auto& c : file.comments) {
    std::string_view t = c.text;
    if (t.rfind("#", 0) == 0) {
      t.remove_prefix(1);
    } else if (t.rfind("//", 0) == 0) {
      t.remove_prefix(2);
    } else if (t.rfind("/*", 0) == 0) {
      t.remove_prefix(2);
      if (t.size() >= 2 && t.substr(t.size() - 2) == "*/") t.remove_suffix(2);
    }
    size_t b = c.range.begin.offset;
    found.push_back(model::FoundComment{c.range.begin.line, c.range.begin.col, b, c.range.end.offset,
                                        b - (c.range.begin.col - 1), t});
  }
  model::FileComments fc = model::file_comments(file.path, false, file.src, found);
  if (!fc.comments.empty()) out.push_back(std::move(fc));
}

const ModuleCall* ModuleConfig::call(std::string_view name) const {
  auto it = call_index.find(name);
  return it == call_index.end() ? nullptr : &module_calls[it->second];
}

const Resource* ModuleConfig::resource(bool managed, std::string_view type, std::string_view name) const {
  auto it = resource_index.find(std::tuple<bool, std::string_view, std::string_view>(managed, type, name));
  return it == resource_index.end() ? nullptr : &resources[it->second];
}

std::unique_ptr<ModuleConfig> build_module(std::string dir, std::vector<std::unique_ptr<hcl::File>> files) {
  auto m = std::make_unique<ModuleConfig>();
  m->dir = std::move(dir);
  // Primary files first (lexical order), then override files (lexical order), as Terraform loads them.
  std::stable_sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    bool oa = is_override_file(a->path), ob = is_override_file(b->path);
    if (oa != ob) return !oa;
    return a->path < b->path;
  });
  m->files = std::move(files);

  auto duplicate = [&](const std::string& file, hcl::Pos p, std::string msg) {
    m->has_duplicates = true;
    m->diags.push_back(Diagnostic{Severity::Error, file, p.line, p.col, std::move(msg)});
  };
  auto diag = [&](const std::string& file, hcl::Pos p, std::string msg, Severity sev = Severity::Warning) {
    m->diags.push_back(Diagnostic{sev, file, p.line, p.col, std::move(msg)});
  };

  for (const auto& f : m->files) {
    m->bytes += f->src.size();
    for (const auto& d : f->diags) m->diags.push_back(d);
    const bool ov = is_override_file(f->path);
    const std::string* file = &f->path;
    for (const hcl::Block* b : f->body->blocks) {
      const auto nl = b->labels.size;
      if (b->type == "variable" && nl == 1) {
        std::string name(b->labels[0].value);
        auto it = m->variables.find(name);
        if (ov) {
          if (it == m->variables.end()) {
            diag(*file, block_pos(b),
                 "override file declares variable \"" + name + "\" that no primary file declares");
            continue;
          }
          merge_into(it->second.body, b, file, false);
        } else if (it != m->variables.end()) {
          duplicate(*file, block_pos(b), "duplicate variable \"" + name + "\"");
        } else {
          m->variables.emplace(name, Variable{name, BlockRef{b, file}, body_of(b, file)});
        }
      } else if (b->type == "locals") {
        for (const auto& a : b->body->attributes) {
          std::string name(a.name);
          if (!ov && m->locals.count(name))
            duplicate(*file, a.name_range.begin, "duplicate local value \"" + name + "\"");
          m->locals[name] = AttrRef{&a, file};
        }
      } else if (b->type == "output" && nl == 1) {
        std::string name(b->labels[0].value);
        for (const auto& a : b->body->attributes)
          if (a.name == "value")
            m->outputs[name] = AttrRef{&a, file};
          else if (a.name == "sensitive")
            m->output_sensitive[name] = AttrRef{&a, file};
      } else if ((b->type == "resource" || b->type == "data") && nl == 2) {
        bool managed = b->type == "resource";
        std::string type(b->labels[0].value), name(b->labels[1].value);
        auto it = m->resource_index.find(std::tie(managed, type, name));
        if (ov) {
          if (it == m->resource_index.end()) {
            diag(*file, block_pos(b),
                 "override file declares " + std::string(b->type) + " \"" + type + "\" \"" + name +
                     "\" that no primary file declares");
            continue;
          }
          merge_into(m->resources[it->second].body, b, file, true);
        } else if (it != m->resource_index.end()) {
          duplicate(*file, block_pos(b),
                    "duplicate " + std::string(b->type) + " \"" + type + "\" \"" + name + "\"");
        } else {
          m->resource_index.emplace(std::make_tuple(managed, type, name), m->resources.size());
          m->resources.push_back(
              Resource{managed, std::move(type), std::move(name), BlockRef{b, file}, body_of(b, file)});
        }
      } else if (b->type == "module" && nl == 1) {
        std::string name(b->labels[0].value);
        auto it = m->call_index.find(name);
        if (ov) {
          if (it == m->call_index.end()) {
            diag(*file, block_pos(b),
                 "override file declares module \"" + name + "\" that no primary file declares");
            continue;
          }
          merge_into(m->module_calls[it->second].body, b, file, false);
        } else if (it != m->call_index.end()) {
          duplicate(*file, block_pos(b), "duplicate module call \"" + name + "\"");
        } else {
          m->call_index.emplace(name, m->module_calls.size());
          m->module_calls.push_back(ModuleCall{std::move(name), BlockRef{b, file}, body_of(b, file), "", ""});
        }
      }
    }
  }
  for (auto& c : m->module_calls) {
    AttrRef src = c.body.attr("source");
    if (src && !literal_string(src.attr->expr, &c.source)) {
      diag(*src.file, src.attr->expr->range.begin,
           "module \"" + c.name + "\": source must be a literal string", Severity::Error);
    }
    if (AttrRef ver = c.body.attr("version")) literal_string(ver.attr->expr, &c.version);
  }
  for (auto& d : local_cycles(*m)) m->diags.push_back(std::move(d));
  for (auto& d : variable_default_refs(*m)) m->diags.push_back(std::move(d));
  return m;
}

std::string display_source(const std::string& source) {
  std::string out;
  size_t i = 0;
  while (i < source.size()) {
    size_t s = source.find("://", i);
    if (s == std::string::npos) break;
    size_t start = s + 3, end = source.find_first_of("/?#", start);
    if (end == std::string::npos) end = source.size();
    size_t at = source.rfind('@', end - 1);
    out += source.substr(i, start - i);
    if (at != std::string::npos && at >= start && at < end) {
      out += "***";
      i = at;
    } else {
      i = start;
    }
  }
  return out + source.substr(i);
}

std::unique_ptr<ModuleConfig> load_module(const io::FileSystem& fs, const std::string& dir) {
  std::vector<std::unique_ptr<hcl::File>> files;
  auto entries = fs.list(dir);
  Diagnostics extra;
  if (entries) {
    for (const auto& e : *entries) {
      if (e.is_dir || !is_config_file(e.name)) continue;
      std::string path = io::join(dir, e.name);
      auto content = fs.read(path);
      if (!content) {
        extra.push_back(Diagnostic{Severity::Error, path, 0, 0, content.error().message});
        continue;
      }
      files.push_back(parse_file(path, std::move(*content)));
    }
  } else {
    extra.push_back(Diagnostic{Severity::Error, dir, 0, 0, entries.error().message});
  }
  auto m = build_module(dir, std::move(files));
  m->diags.insert(m->diags.begin(), extra.begin(), extra.end());
  return m;
}

}  // namespace cs::tf
