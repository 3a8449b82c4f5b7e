#include "fix/fix.h"

#include <algorithm>
#include <functional>
#include <set>

#include "syntax/hcl/ast.h"
#include "syntax/json/json.h"
#include "syntax/yaml/yaml.h"

namespace cs::fix {

namespace {

using findings::CheckResult;
using findings::FixIntent;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Byte offset of a 1-based line and column (columns count bytes); npos when outside the text.
size_t offset_of(const std::string& text, unsigned line, unsigned col) {
  if (line == 0 || col == 0) return std::string::npos;
  size_t at = 0;
  for (unsigned l = 1; l < line; ++l) {
    at = text.find('\n', at);
    if (at == std::string::npos) return std::string::npos;
    ++at;
  }
  size_t off = at + col - 1;
  return off <= text.size() ? off : std::string::npos;
}

size_t line_start(const std::string& text, size_t off) {
  size_t nl = off == 0 ? std::string::npos : text.rfind('\n', off - 1);
  return nl == std::string::npos ? 0 : nl + 1;
}

// The whitespace that begins the line holding `off`.
std::string indent_of_line(const std::string& text, size_t off) {
  size_t s = line_start(text, off), e = s;
  while (e < text.size() && (text[e] == ' ' || text[e] == '\t')) ++e;
  return text.substr(s, e - s);
}

std::string newline_of(const std::string& text) {
  return text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
}

// One step of indentation in the file's own style.
std::string unit_of(const std::string& indent) {
  return !indent.empty() && indent[0] == '\t' ? "\t" : "  ";
}

bool fetched_module(const std::string& file) {
  for (std::string_view dir : {".terraform/", ".cloudsift/modules/"})
    if (file.rfind(dir, 0) == 0 || file.find("/" + std::string(dir)) != std::string::npos) return true;
  return false;
}

struct Rendered {
  std::vector<text::Edit> edits;
  std::string manual;  // why not, when edits is empty
  std::string what;    // what the edit does
};

// ---- Terraform (.tf) ----
Rendered terraform(const FixIntent& in, const std::string& file, const std::string& text) {
  Rendered r;
  if (ends_with(file, ".json")) {
    r.manual =
        "cloudsift fix does not edit Terraform JSON (.tf.json) yet: set tracing_config { mode = \"Active\" }";
    return r;
  }
  if (fetched_module(file)) {
    r.manual = "the function is declared in a module fetched by terraform init (" + file +
               "): set it through the module's inputs, or fix the module's source";
    return r;
  }
  const std::string nl = newline_of(text);
  if (!in.value.empty()) {
    size_t b = in.value.begin, e = in.value.end;
    if (b == std::string::npos || e == std::string::npos || e > text.size() || b >= e) {
      r.manual = "where the mode is written is not known";
      return r;
    }
    std::string_view span(text.data() + b, e - b);
    bool literal = span.size() >= 2 && span.front() == '"' && span.back() == '"' &&
                   span.find("${") == std::string_view::npos && span.find("%{") == std::string_view::npos &&
                   span.find('\n') == std::string_view::npos;
    if (literal || span == "null") {
      r.edits.push_back({b, e, "\"Active\""});
      r.what = "mode = \"Active\"";
      return r;
    }
    if (span == "tracing_config") {  // a block without mode: write it inside
      size_t open = text.find('{', e), close = open == std::string::npos ? open : text.find('}', open);
      if (close != std::string::npos && text.find_first_not_of(" \t\r\n", open + 1) == close) {
        std::string ind = indent_of_line(text, b);
        r.edits.push_back(
            {open, close + 1, "{" + nl + ind + unit_of(ind) + "mode = \"Active\"" + nl + ind + "}"});
        r.what = "mode = \"Active\" in tracing_config";
        return r;
      }
      r.manual = "tracing_config has no mode: add mode = \"Active\" to it";
      return r;
    }
    std::string shown(span.substr(0, std::min<size_t>(span.size(), 80)));
    r.manual = "the mode is the expression " + shown + ": make it \"Active\" where its value comes from";
    return r;
  }
  if (in.anchor.offset == std::string::npos || in.anchor.offset > text.size()) {
    r.manual = "where to write tracing_config is not known";
    return r;
  }
  size_t at = in.anchor.offset;
  // After the last attribute: a blank line, then the block at that attribute's indentation. Right after
  // the opening brace of an empty body: the block one step in. Either way at the end of that line, so a
  // comment after the attribute stays on its line.
  bool after_brace = at > 0 && text[at - 1] == '{';
  size_t eol = text.find_first_of("\r\n", at);
  if (eol != std::string::npos && text.find_first_not_of(" \t", at) < eol) {
    size_t rest = text.find_first_not_of(" \t", at);
    if (text[rest] != '#' && text.compare(rest, 2, "//") != 0) {  // (a /* comment may run on: by hand)
      r.manual =
          "the function's body continues on the line of its last argument: add tracing_config { mode = "
          "\"Active\" }";
      return r;
    }
    at = eol;
  }
  std::string ind = indent_of_line(text, at - (at > 0 ? 1 : 0));
  if (after_brace) ind += unit_of(ind);
  std::string block =
      ind + "tracing_config {" + nl + ind + unit_of(ind) + "mode = \"Active\"" + nl + ind + "}";
  r.edits.push_back({at, at, (after_brace ? nl : nl + nl) + block});
  r.what = "tracing_config { mode = \"Active\" }";
  return r;
}

// ---- CloudFormation and SAM (YAML block style, JSON values) ----
bool json_text(const std::string& file, const std::string& text) {
  if (ends_with(file, ".json")) return true;
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

// The end of the scalar that starts at `b` (quoted, or plain up to a comment or the line's end).
size_t scalar_end(const std::string& text, size_t b) {
  if (b >= text.size()) return std::string::npos;
  char q = text[b];
  if (q == '"') {
    for (size_t i = b + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      } else if (text[i] == '\n') {
        return std::string::npos;
      }
    }
    return std::string::npos;
  }
  if (q == '\'') {
    for (size_t i = b + 1; i < text.size(); ++i) {
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
      if (text[i] == '\n') return std::string::npos;
    }
    return std::string::npos;
  }
  if (q == '!' || q == '&' || q == '*' || q == '{' || q == '[' || q == '|' || q == '>')
    return std::string::npos;
  size_t e = b;
  while (e < text.size() && text[e] != '\n' && text[e] != '\r' &&
         !(text[e] == '#' && e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) && text[e] != ',' &&
         text[e] != '}' && text[e] != ']')
    ++e;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  return e;
}

Rendered template_fix(const FixIntent& in, const std::string& file, const std::string& text, bool sam) {
  Rendered r;
  const std::string setting = sam ? "Tracing: Active" : "TracingConfig.Mode: Active";
  bool json = json_text(file, text);
  if (!in.value.empty()) {
    size_t b = offset_of(text, in.value.line, in.value.col);
    size_t e = b == std::string::npos ? b : scalar_end(text, b);
    // A key whose value is empty or null ("Mode:", "Mode: null", "\"Mode\": null"): the value goes after
    // the colon.
    if (e != std::string::npos) {
      size_t c = e;
      if (!json && c > b && text[c - 1] == ':') {
        r.edits.push_back({c, c, " Active"});
        r.what = setting;
        return r;
      }
      while (c < text.size() && (text[c] == ' ' || text[c] == '\t')) ++c;
      if (c < text.size() && text[c] == ':') {
        size_t v = c + 1;
        while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) ++v;
        if (text.compare(v, 4, "null") == 0 || text.compare(v, 1, "~") == 0) {
          r.edits.push_back({v, v + (text[v] == '~' ? 1 : 4), json ? "\"Active\"" : "Active"});
          r.what = setting;
          return r;
        }
        r.manual = "the value of " + text.substr(b, e - b) + " is not a plain scalar: set " + setting;
        return r;
      }
    }
    if (e == std::string::npos || (json && text[b] != '"')) {
      r.manual = "the value is not a plain scalar (an intrinsic or a mapping): set " + setting;
      return r;
    }
    r.edits.push_back({b, e, json ? "\"Active\"" : "Active"});
    r.what = setting;
    return r;
  }
  if (json) {
    r.manual = std::string("cloudsift fix does not insert into JSON templates yet: add ") +
               (sam ? "\"Tracing\": \"Active\"" : "\"TracingConfig\": {\"Mode\": \"Active\"}") +
               " to the function's Properties";
    return r;
  }
  size_t at = offset_of(text, in.anchor.line, in.anchor.col);
  if (at == std::string::npos) {
    r.manual = "where to write " + setting + " is not known";
    return r;
  }
  size_t ls = line_start(text, at);
  size_t key = text.find_first_not_of(" \t", ls);
  bool no_properties = key != std::string::npos && text.compare(key, 5, "Type:") == 0;
  if (key != at && !no_properties) {  // flow style: the key does not begin its line
    r.manual = "the function's Properties are written in flow style: set " + setting;
    return r;
  }
  const std::string nl = newline_of(text);
  at = key;
  std::string ind = text.substr(ls, at - ls);
  std::string step = unit_of(ind);
  if (no_properties) {  // no Properties: add them after the Type line
    size_t eol = text.find('\n', at);
    if (eol == std::string::npos) {
      r.manual = "the function has no Properties: add them with " + setting;
      return r;
    }
    std::string body = sam ? ind + step + "Tracing: Active" + nl
                           : ind + step + "TracingConfig:" + nl + ind + step + step + "Mode: Active" + nl;
    r.edits.push_back({eol + 1, eol + 1, ind + "Properties:" + nl + body});
    r.what = setting;
    return r;
  }
  // The first key of Properties: the new key goes before it, at its indentation. The step of nesting is
  // the file's own: the first key's indentation beyond the line that holds "Properties:".
  for (size_t p = ls; p > 0;) {
    size_t prev = line_start(text, p - 1);
    std::string l = text.substr(prev, p - prev);
    size_t k = l.find_first_not_of(" \t");
    if (k != std::string::npos && l.compare(k, 11, "Properties:") == 0) {
      if (ind.size() > k) step = ind.substr(k);
      break;
    }
    p = prev;
  }
  std::string ins =
      sam ? "Tracing: Active" + nl + ind : "TracingConfig:" + nl + ind + step + "Mode: Active" + nl + ind;
  r.edits.push_back({at, at, ins});
  r.what = setting;
  return r;
}

Rendered render(const FixIntent& in, const std::string& file, const std::string& text) {
  if (in.source == "terraform") return terraform(in, file, text);
  if (in.source == "cloudformation") return template_fix(in, file, text, false);
  if (in.source == "sam") return template_fix(in, file, text, true);
  Rendered r;
  if (in.source == "serverless")
    r.manual =
        "cloudsift fix does not edit serverless.yml yet: set the function's tracing: Active, or "
        "provider.tracing.lambda: true";
  else
    r.manual = "no renderer for " + in.source;
  return r;
}

// Whether `text` parses in the file's syntax (the file's own syntax as the source read it).
std::string parse_error(const std::string& file, const std::string& text) {
  if (ends_with(file, ".tf")) {
    auto f = hcl::parse(file, text);
    for (const auto& d : f->diags)
      if (d.severity == Severity::Error) return d.message;
    return "";
  }
  if (json_text(file, text)) {
    auto d = json::parse(file, text);
    return d->ok() ? "" : (d->diags.empty() ? "not JSON" : d->diags[0].message);
  }
  auto d = yaml::parse(file, text);
  for (const auto& x : d->diags)
    if (x.severity == Severity::Error) return x.message;
  if (!d->root) return "not YAML";
  // A mapping that names a key twice: CloudFormation refuses the template, and which one a reader keeps
  // differs between readers, so an edit could land in the one that does not count.
  std::string dup;
  std::function<void(const yaml::Node*, int)> walk = [&](const yaml::Node* n, int depth) {
    if (!n || !dup.empty() || depth > 64) return;
    if (n->is_map()) {
      std::set<std::string_view> seen;
      for (const yaml::Pair& p : n->pairs) {
        if (p.key && p.key->is_scalar() && !seen.insert(p.key->value).second) {
          dup = "the key " + std::string(p.key->value) + " is written twice at line " +
                std::to_string(p.key->line);
          return;
        }
        walk(p.value, depth + 1);
      }
    } else if (n->is_seq()) {
      for (const yaml::Node* i : n->items) walk(i, depth + 1);
    }
  };
  walk(d->root, 0);
  return dup;
}

// Applies the automatic fixes' edits per file; a file that does not parse before or after loses its
// fixes (made manual) and gets a diagnostic.
void recompute(Plan& p, const io::FileSystem& fs) {
  p.after.clear();
  std::map<std::string, std::vector<text::Edit>> by_file;
  for (const Fix& f : p.fixes)
    if (f.automatic)
      for (const FileEdit& e : f.edits) by_file[e.file].push_back(e.edit);
  for (auto& [file, edits] : by_file) {
    if (!p.before.count(file)) {
      auto content = fs.read(file);
      if (!content) continue;
      p.before[file] = *content;
    }
    const std::string& before = p.before[file];
    std::string why;
    if (std::string err = parse_error(file, before); !err.empty()) {
      why = "the file does not parse (" + err + "): not changed";
    } else if (auto after = text::apply(before, edits); !after) {
      why = "the edits of this file collide (" + after.error().message + "): not changed";
    } else if (std::string err2 = parse_error(file, *after); !err2.empty()) {
      why = "the fixed text would not parse (" + err2 + "): not changed";
    } else {
      p.after[file] = std::move(*after);
      continue;
    }
    p.diags.push_back(Diagnostic{Severity::Warning, file, 0, 0, "fix: " + why});
    for (Fix& f : p.fixes)
      if (f.automatic && !f.edits.empty() && f.edits[0].file == file) {
        f.automatic = false;
        f.reason = why + "; " + f.reason;
        f.edits.clear();
      }
  }
}

}  // namespace

Plan plan(const std::vector<CheckResult>& results, const io::FileSystem& fs) {
  Plan p;
  for (const CheckResult& r : results) {
    if (r.verdict != findings::Verdict::Fail || r.suppressed || !r.fix) continue;
    const FixIntent& in = *r.fix;
    Fix f;
    f.check_id = r.check_id;
    f.resource = r.resource;
    f.file = r.location.file;
    f.line = r.location.line;
    if (!in.manual.empty()) {
      f.reason = in.manual;
      p.fixes.push_back(std::move(f));
      continue;
    }
    std::string file = !in.value.empty() ? in.value.file : in.anchor.file;
    if (file.empty()) {
      f.reason = "where to write the fix is not known: " + in.detail;
      p.fixes.push_back(std::move(f));
      continue;
    }
    if (!p.before.count(file)) {
      auto content = fs.read(file);
      if (!content) {
        f.reason = "cannot read " + file + ": " + content.error().message;
        p.fixes.push_back(std::move(f));
        continue;
      }
      p.before[file] = *content;
    }
    Rendered rd = render(in, file, p.before[file]);
    if (rd.edits.empty()) {
      f.reason = rd.manual;
    } else {
      f.automatic = true;
      f.reason = rd.what;
      for (auto& e : rd.edits) f.edits.push_back({file, e});
    }
    p.fixes.push_back(std::move(f));
  }
  recompute(p, fs);
  return p;
}

void demote(Plan& p, const std::string& check_id, const std::string& resource, const std::string& why) {
  for (Fix& f : p.fixes)
    if (f.automatic && f.check_id == check_id && f.resource == resource) {
      f.automatic = false;
      f.reason = why;
      f.edits.clear();
    }
  // The texts again, from what is left (before is kept: every file was read already).
  p.after.clear();
  std::map<std::string, std::vector<text::Edit>> by_file;
  for (const Fix& f : p.fixes)
    if (f.automatic)
      for (const FileEdit& e : f.edits) by_file[e.file].push_back(e.edit);
  for (auto& [file, edits] : by_file)
    if (auto after = text::apply(p.before[file], edits)) p.after[file] = std::move(*after);
}

Result<std::string> OverlayFileSystem::read(const std::string& path) const {
  auto it = overrides_.find(path);
  if (it != overrides_.end()) return it->second;
  return base_.read(path);
}

Result<std::string> OverlayFileSystem::read_head(const std::string& path, size_t n) const {
  auto it = overrides_.find(path);
  if (it != overrides_.end()) return it->second.substr(0, n);
  return base_.read_head(path, n);
}

Result<io::FileStat> OverlayFileSystem::stat(const std::string& path) const {
  auto st = base_.stat(path);
  auto it = overrides_.find(path);
  if (st && it != overrides_.end()) st->size = it->second.size();
  return st;
}

}  // namespace cs::fix
