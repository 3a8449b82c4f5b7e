#include "engine/suppress.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "checks/registry.h"

namespace cs::engine {

namespace {

std::string trim(std::string s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

bool rule_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// "key=value" / key="value with spaces" tokens after the ids of a cloudsift directive.
void parse_cloudsift(const std::string& rest, Directive& d) {
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
  };
  skip_ws();
  // ids: up to the first token containing '='
  while (i < rest.size()) {
    size_t j = i;
    while (j < rest.size() && !std::isspace(static_cast<unsigned char>(rest[j]))) ++j;
    std::string tok = rest.substr(i, j - i);
    if (tok.find('=') != std::string::npos) break;
    size_t k = 0;
    while (k <= tok.size()) {
      size_t c = tok.find(',', k);
      if (c == std::string::npos) c = tok.size();
      if (c > k) d.ids.push_back(tok.substr(k, c - k));
      k = c + 1;
    }
    i = j;
    skip_ws();
  }
  while (i < rest.size()) {
    size_t eq = rest.find('=', i);
    if (eq == std::string::npos) {
      d.error = "expected key=value after the check ids, got \"" + trim(rest.substr(i)) + "\"";
      return;
    }
    std::string key = trim(rest.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    if (i < rest.size() && (rest[i] == '"' || rest[i] == '\'')) {
      char q = rest[i++];
      size_t end = rest.find(q, i);
      if (end == std::string::npos) {
        d.error = "unterminated quoted value for " + key;
        return;
      }
      value = rest.substr(i, end - i);
      i = end + 1;
    } else {
      size_t j = i;
      while (j < rest.size() && !std::isspace(static_cast<unsigned char>(rest[j]))) ++j;
      value = rest.substr(i, j - i);
      i = j;
    }
    if (key == "reason")
      d.reason = value;
    else if (key == "until")
      d.until = value;
    else if (key == "instance")
      d.instance = value;
    else {
      d.error = "unknown key \"" + key + "\" (expected reason, until or instance)";
      return;
    }
    skip_ws();
  }
  if (d.ids.empty())
    d.error = "cloudsift:ignore needs a check id (cloudsift:ignore lambda_notracing reason=\"...\")";
  if (!d.until.empty() && !valid_date(d.until))
    d.error = "until must be a date YYYY-MM-DD, got \"" + d.until + "\"";
}

// "RULE[:exp:YYYY-MM-DD]" after "tfsec:ignore:" or "trivy:ignore:".
void parse_colon_rule(const std::string& text, size_t at, Directive& d) {
  size_t i = at;
  while (i < text.size() && rule_char(text[i])) ++i;
  std::string rule = text.substr(at, i - at);
  if (rule.empty()) {
    d.error = d.syntax + ":ignore needs a rule id";
    return;
  }
  d.ids.push_back(rule);
  if (text.compare(i, 5, ":exp:") == 0) {
    d.until = text.substr(i + 5, 10);
    if (!valid_date(d.until)) d.error = "exp must be a date YYYY-MM-DD, got \"" + d.until + "\"";
  } else if (i < text.size() && text[i] == ' ' && text.compare(i + 1, 4, "exp:") == 0) {
    d.until = text.substr(i + 5, 10);
    if (!valid_date(d.until)) d.error = "exp must be a date YYYY-MM-DD, got \"" + d.until + "\"";
  }
}

}  // namespace

std::vector<Directive> parse_directives(const std::string& raw) {
  std::vector<Directive> out;
  std::string text = trim(raw);
  size_t p;
  if ((p = text.find("cloudsift:ignore-file")) != std::string::npos) {
    Directive d;
    d.syntax = "cloudsift";
    d.scope = Directive::Scope::File;
    parse_cloudsift(text.substr(p + 21), d);
    out.push_back(std::move(d));
  } else if ((p = text.find("cloudsift:ignore")) != std::string::npos) {
    Directive d;
    d.syntax = "cloudsift";
    d.scope = Directive::Scope::Attached;
    parse_cloudsift(text.substr(p + 16), d);
    out.push_back(std::move(d));
  }
  for (size_t at = text.find("checkov:skip="); at != std::string::npos;
       at = text.find("checkov:skip=", at + 1)) {
    Directive d;
    d.syntax = "checkov";
    d.scope = Directive::Scope::Inside;
    size_t i = at + 13, j = i;
    while (j < text.size() && rule_char(text[j])) ++j;
    if (j == i)
      d.error = "checkov:skip= needs a check id";
    else
      d.ids.push_back(text.substr(i, j - i));
    if (j < text.size() && text[j] == ':') d.reason = trim(text.substr(j + 1));
    out.push_back(std::move(d));
  }
  for (const char* tool : {"tfsec", "trivy"}) {
    std::string marker = std::string(tool) + ":ignore:";
    for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
      Directive d;
      d.syntax = tool;
      d.scope = Directive::Scope::Attached;
      parse_colon_rule(text, at + marker.size(), d);
      out.push_back(std::move(d));
    }
  }
  if ((p = text.find("kics-scan")) != std::string::npos) {
    std::string rest = trim(text.substr(p + 9));
    Directive d;
    d.syntax = "kics";
    if (rest.rfind("ignore-line", 0) == 0) {
      d.scope = Directive::Scope::NextLine;
    } else if (rest.rfind("ignore-block", 0) == 0) {
      d.scope = Directive::Scope::NextBlock;
    } else if (rest.rfind("disable=", 0) == 0) {
      d.scope = Directive::Scope::File;
      std::string ids = rest.substr(8);
      size_t k = 0;
      while (k <= ids.size()) {
        size_t c = ids.find(',', k);
        if (c == std::string::npos) c = ids.size();
        std::string id = trim(ids.substr(k, c - k));
        if (!id.empty()) d.ids.push_back(id);
        k = c + 1;
      }
      if (d.ids.empty()) d.error = "kics-scan disable= needs query ids";
    } else if (rest == "ignore" || rest.rfind("ignore ", 0) == 0) {
      d.scope = Directive::Scope::File;
    } else if (rest.rfind("enable=", 0) == 0) {
      return out;  // selects queries to run; nothing to suppress
    } else {
      d.error = "unknown kics-scan directive \"" + rest + "\"";
    }
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

// A file's comments and line facts (from its source), and for YAML the block each code line starts.
struct FileText {
  const model::FileComments* fc = nullptr;
  std::vector<unsigned> yaml_end;  // YAML: per code line, the last line of the block it starts
  bool yaml() const { return fc->yaml; }
};

FileText text_of(const model::FileComments& fc) {
  FileText ft;
  ft.fc = &fc;
  if (!fc.yaml) return ft;
  // The block a code line starts runs to the last code line before the next one indented no deeper
  // (one pass with a stack of open blocks, so that a lookup per result costs nothing).
  ft.yaml_end.assign(fc.has_code.size(), 0);
  std::vector<unsigned> open;
  unsigned last_code = 0;
  for (unsigned l = 1; l < fc.has_code.size(); ++l) {
    if (!fc.has_code[l]) continue;
    while (!open.empty() && fc.indent[open.back()] >= fc.indent[l]) {
      ft.yaml_end[open.back()] = last_code;
      open.pop_back();
    }
    open.push_back(l);
    last_code = l;
  }
  for (unsigned l : open) ft.yaml_end[l] = last_code;
  return ft;
}

unsigned next_code_line(const FileText& ft, unsigned after) {
  const auto& has_code = ft.fc->has_code;
  for (unsigned l = after + 1; l < has_code.size(); ++l)
    if (has_code[l]) return l;
  return 0;
}

// Last line of the block that starts at `start` (YAML: by indentation; HCL: from the model when known).
unsigned block_end(const FileText& ft, const model::Location& decl) {
  if (decl.end_line >= decl.line && decl.end_line) return decl.end_line;
  const auto& has_code = ft.fc->has_code;
  const auto& indent = ft.fc->indent;
  if (!ft.yaml() || decl.line == 0 || decl.line >= indent.size()) return decl.line;
  if (has_code[decl.line]) return ft.yaml_end[decl.line];
  unsigned ind = indent[decl.line], last = decl.line;
  for (unsigned l = decl.line + 1; l < has_code.size(); ++l) {
    if (!has_code[l]) continue;
    if (indent[l] <= ind) break;
    last = l;
  }
  return last;
}

struct Placed {
  Directive d;
  std::string file;
  unsigned line;      // where the comment is
  unsigned target;    // the line it attaches to (Attached/NextLine/NextBlock), 0 otherwise
  bool used = false;  // matched at least one result
};

bool matches_check(const Directive& d, const checks::CheckResult& r) {
  if (d.ids.empty()) return true;
  for (const auto& id : d.ids) {
    const checks::Check* c = checks::find(id);
    if (c && c->metadata().id == r.check_id) return true;
  }
  return false;
}

bool matches_instance(const Directive& d, const checks::CheckResult& r) {
  if (d.instance.empty()) return true;
  return r.resource.find("[\"" + d.instance + "\"]") != std::string::npos ||
         r.resource.find("[" + d.instance + "]") != std::string::npos;
}

bool starts_block_at(const checks::CheckResult& r, const std::string& file, unsigned line) {
  if (r.declared.file == file && r.declared.line == line) return true;
  for (const auto& e : r.enclosing)
    if (e.file == file && e.line == line) return true;
  return false;
}

bool in_scope(const Placed& p, const checks::CheckResult& r,
              const std::map<std::string, FileText, std::less<>>& texts) {
  const std::string& f = p.file;
  switch (p.d.scope) {
    case Directive::Scope::File:
      return r.location.file == f || r.declared.file == f;
    case Directive::Scope::Resource:
      return false;  // handled per result
    case Directive::Scope::NextLine:
      return (r.location.file == f && r.location.line == p.target) || starts_block_at(r, f, p.target);
    case Directive::Scope::Attached:
    case Directive::Scope::NextBlock:
      if (starts_block_at(r, f, p.target)) return true;
      return p.d.scope == Directive::Scope::Attached && r.location.file == f && r.location.line == p.target;
    case Directive::Scope::Inside: {
      auto it = texts.find(f);
      if (it == texts.end()) return false;
      auto inside = [&](const model::Location& l) {
        return l.file == f && l.line && p.line >= l.line && p.line <= block_end(it->second, l);
      };
      if (inside(r.declared)) return true;
      for (const auto& e : r.enclosing)
        if (inside(e)) return true;
      return false;
    }
  }
  return false;
}

}  // namespace

void apply_inline_suppressions(const std::vector<model::FileComments>& comments,
                               std::vector<checks::CheckResult>& results, const SuppressOptions& opts,
                               Diagnostics& diags) {
  if (!opts.enabled) return;
  // Files that can hold comments for these results.
  std::set<std::string_view> files;
  for (const auto& r : results) {
    for (const auto* l : {&r.location, &r.declared}) files.insert(l->file);
    for (const auto& e : r.enclosing) files.insert(e.file);
  }
  // The first copy of each such file's comments, by file name (directives are placed in that order).
  std::map<std::string_view, const model::FileComments*> chosen;
  for (const auto& fc : comments)
    if (!fc.file.empty() && files.count(fc.file)) chosen.emplace(fc.file, &fc);
  std::map<std::string, FileText, std::less<>> texts;
  std::vector<Placed> placed;
  for (const auto& [name, fc] : chosen) {
    const std::string& f = fc->file;
    const FileText& ft = texts.emplace(f, text_of(*fc)).first->second;
    for (const auto& c : fc->comments) {
      for (auto& d : parse_directives(c.text)) {
        Placed p{std::move(d), f, c.line, 0};
        if (p.d.scope == Directive::Scope::NextLine) {
          p.target = c.line + 1;
        } else if (p.d.scope == Directive::Scope::Attached || p.d.scope == Directive::Scope::NextBlock) {
          p.target =
              c.trailing && p.d.scope == Directive::Scope::Attached ? c.line : next_code_line(ft, c.line);
        }
        placed.push_back(std::move(p));
      }
    }
  }

  auto warn = [&](const std::string& file, unsigned line, const std::string& msg) {
    diags.push_back(Diagnostic{Severity::Warning, file, line, 0, msg});
  };
  // Malformed directives and unknown ids (in cloudsift's own syntax; a foreign directive naming another
  // tool's check is not ours to judge) are warnings and suppress nothing.
  for (auto& p : placed) {
    if (!p.d.error.empty()) {
      warn(p.file, p.line, "malformed " + p.d.syntax + " suppression: " + p.d.error);
      continue;
    }
    if (p.d.syntax == "cloudsift")
      for (const auto& id : p.d.ids)
        if (!checks::find(id)) warn(p.file, p.line, "suppression names an unknown check \"" + id + "\"");
  }

  std::set<std::pair<std::string, unsigned>> warned_expired, warned_unjustified;
  auto consider = [&](checks::CheckResult& r, const Directive& d, const model::Location& where) {
    checks::Suppression s;
    s.kind = "inline";
    s.syntax = d.syntax;
    s.justification = d.reason;
    s.until = d.until;
    s.where = where;
    if (!d.until.empty() && !opts.today.empty() && d.until < opts.today) {
      s.status = "expired";
      if (warned_expired.insert({where.file, where.line}).second)
        warn(where.file, where.line,
             d.syntax + " suppression expired on " + d.until + "; it no longer suppresses");
    } else if (opts.require_justification && trim(d.reason).empty()) {
      s.status = "unjustified";
      if (warned_unjustified.insert({where.file, where.line}).second)
        warn(where.file, where.line,
             d.syntax + " suppression has no reason and does not count (--require-justification)");
    } else {
      r.suppressed = true;
    }
    r.suppressions.push_back(std::move(s));
  };

  // Directives indexed by where they apply, so that each result looks only at the few that can
  // concern it (a file may hold a comment per resource for 100,000 resources): File scope by file,
  // line-targeted scopes by (file, target line), Inside by file with their lines in order.
  std::map<std::string_view, std::vector<size_t>> by_file, inside_by_file;
  std::map<std::pair<std::string_view, unsigned>, std::vector<size_t>> by_target;
  for (size_t i = 0; i < placed.size(); ++i) {
    const Placed& p = placed[i];
    if (!p.d.error.empty()) continue;
    switch (p.d.scope) {
      case Directive::Scope::File:
        by_file[p.file].push_back(i);
        break;
      case Directive::Scope::Inside:
        inside_by_file[p.file].push_back(i);
        break;  // in line order
      case Directive::Scope::NextLine:
      case Directive::Scope::Attached:
      case Directive::Scope::NextBlock:
        by_target[{p.file, p.target}].push_back(i);
        break;
      case Directive::Scope::Resource:
        break;
    }
  }
  std::vector<size_t> candidates;
  auto add = [&](const auto& index, const auto& key) {
    auto it = index.find(key);
    if (it != index.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  };
  auto at_line = [&](const std::string& file, unsigned line) {
    add(by_target, std::make_pair(std::string_view(file), line));
  };
  // Inside directives whose comment lies within the block declared at `l`.
  auto inside = [&](const model::Location& l) {
    if (!l.line) return;
    auto f = inside_by_file.find(l.file);
    auto t = texts.find(l.file);
    if (f == inside_by_file.end() || t == texts.end()) return;
    unsigned last = block_end(t->second, l);
    const std::vector<size_t>& v = f->second;
    auto it = std::lower_bound(v.begin(), v.end(), l.line,
                               [&](size_t i, unsigned line) { return placed[i].line < line; });
    for (; it != v.end() && placed[*it].line <= last; ++it) candidates.push_back(*it);
  };

  for (auto& r : results) {
    if (r.verdict == checks::Verdict::Pass) continue;
    // Every directive that can be in scope (a superset; in_scope decides), in the order of `placed`.
    candidates.clear();
    add(by_file, std::string_view(r.location.file));
    if (r.declared.file != r.location.file) add(by_file, std::string_view(r.declared.file));
    at_line(r.location.file, r.location.line);
    at_line(r.declared.file, r.declared.line);
    for (const auto& e : r.enclosing) at_line(e.file, e.line);
    inside(r.declared);
    for (const auto& e : r.enclosing) inside(e);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (size_t i : candidates) {
      Placed& p = placed[i];
      if (!matches_check(p.d, r) || !matches_instance(p.d, r)) continue;
      if (!in_scope(p, r, texts)) continue;
      p.used = true;
      consider(r, p.d, model::Location{p.file, p.line, 0, 0, 0});
    }
    for (const auto& md : r.directives) {
      for (auto d : parse_directives(md.text)) {
        if (!d.error.empty()) {
          warn(md.where.file, md.where.line, "malformed " + d.syntax + " suppression: " + d.error);
          continue;
        }
        if (!matches_check(d, r) || !matches_instance(d, r)) continue;
        consider(r, d, md.where);
      }
    }
  }
}

}  // namespace cs::engine
