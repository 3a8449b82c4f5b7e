// Filesystem functions: file, filebase64, the file* hashes, fileexists, fileset, templatefile, basename,
// dirname, abspath, pathexpand.
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_filesystem_functions(Registry& r) {
  // ----- filesystem -----
  // Every read is confined to the scanned tree (EvalContext::confinement) and the size limit; a refused
  // read is unknown with the reason. The result is marked as coming from the file.
  auto read_file = [](const char* fn, const Args& a, EvalContext& ctx, std::string& out) -> Value {
    std::string full;
    Value r = read_confined(fn, a[0], ctx, out, full);
    return r;
  };
  r.add("file", 1, 1, {"path"}, [read_file](const Args& a, EvalContext& ctx) {
    std::string data;
    Value r = read_file("file", a, ctx, data);
    if (!r.is_null()) return r;
    if (!valid_utf8(data))
      return call_error(
          "file",
          "contents of " + shown_path(a[0]) +
              " are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or "
              "the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead");
    return Value::string(std::move(data)).with_file_mark(file_mark_name(a[0], ctx));
  });
  r.add("filebase64", 1, 1, {"path"}, [read_file](const Args& a, EvalContext& ctx) {
    std::string data;
    Value r = read_file("filebase64", a, ctx, data);
    if (!r.is_null()) return r;
    return Value::string(detail::base64_encode(data)).with_file_mark(file_mark_name(a[0], ctx));
  });
  auto filehash = [&](const char* name, std::string (*raw)(std::string_view), bool b64) {
    r.add(name, 1, 1, {"path"}, [name, read_file, raw, b64](const Args& a, EvalContext& ctx) {
      std::string data;
      Value r = read_file(name, a, ctx, data);
      if (!r.is_null()) return r;
      std::string d = raw(data);
      // A digest of a short secret gives it away: marked as well.
      return Value::string(b64 ? detail::base64_encode(d) : detail::hex(d))
          .with_file_mark(file_mark_name(a[0], ctx));
    });
  };
  filehash("filemd5", detail::md5_raw, false);
  filehash("filesha1", detail::sha1_raw, false);
  filehash("filesha256", detail::sha256_raw, false);
  filehash("filesha512", detail::sha512_raw, false);
  filehash("filebase64sha256", detail::sha256_raw, true);
  filehash("filebase64sha512", detail::sha512_raw, true);
  r.add("fileexists", 1, 1, {"path"}, [](const Args& a, EvalContext& ctx) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    std::string shown = shown_path(a[0]);
    if (!ctx.fs()) return Value::unknown("no file system to look for " + shown + " in");
    std::string full = resolve_path(ctx, p);
    if (const io::Confinement* c = ctx.confinement()) {
      auto r = c->resolve(full);
      using R = io::Confinement::Refusal;
      switch (r.refusal) {
        case R::Missing:
          return Value::boolean(false);
        case R::None:
        case R::TooLarge:
          if (r.is_dir) return call_error("fileexists", shown + " is a directory, not a file");
          return Value::boolean(true);
        case R::Outside:
          // Never a truthful answer about the disk outside the tree.
          return Value::unknown("fileexists(" + shown + ") " + r.reason);
        case R::NotRegular:
        case R::Unreadable:
          return call_error("fileexists", shown + " " + r.reason);
      }
    }
    if (ctx.fs()->is_file(full)) return Value::boolean(true);
    if (ctx.fs()->is_dir(full)) return call_error("fileexists", shown + " is a directory, not a file");
    return Value::boolean(false);
  });
  r.add("fileset", 2, 2, {"path", "pattern"}, [](const Args& a, EvalContext& ctx) {
    std::string p, pat;
    Value err;
    if (!get_string(a[0], "path", p, err) || !get_string(a[1], "pattern", pat, err)) return err;
    std::string shown = shown_path(a[0]);
    if (!ctx.fs()) return Value::unknown("no file system to list " + shown);
    std::string root = resolve_path(ctx, p);
    std::vector<std::string> files;
    if (const io::Confinement* c = ctx.confinement()) {
      auto r = c->resolve(root);
      if (r.refusal == io::Confinement::Refusal::Outside)
        return Value::unknown("fileset(" + shown + ", ...) " + r.reason);
      if (r.refusal == io::Confinement::Refusal::None && r.is_dir) {
        std::vector<std::string> outside;
        std::set<std::string> seen{r.real_path};
        walk_files_confined(*ctx.fs(), *c, root, "", files, seen, outside);
        // Entries leading out of the tree matter only where the pattern would reach them.
        std::vector<std::string> pats;
        expand_braces(pat, pats);
        if (pats.size() > kMaxGlobAlternatives)
          return call_error("fileset", "the pattern has more than " + std::to_string(kMaxGlobAlternatives) +
                                           " {...} alternatives, more than cloudsift expands");
        for (const auto& o : outside) {
          bool dir = o.back() == '/';
          auto segs = split_path(o);
          for (const auto& pp : pats) {
            auto ps = split_path(pp);
            if (dir ? glob_could_match_below(ps, segs) : glob_path(ps, 0, segs, 0))
              return Value::unknown("fileset(" + shown +
                                    ", ...) would read outside the scanned tree through " +
                                    io::join(root, o));
          }
        }
      }
    } else {
      walk_files(*ctx.fs(), root, "", files);
    }
    std::vector<std::string> pats;
    expand_braces(pat, pats);
    if (pats.size() > kMaxGlobAlternatives)
      return call_error("fileset", "the pattern has more than " + std::to_string(kMaxGlobAlternatives) +
                                       " {...} alternatives, more than cloudsift expands");
    ValueList out;
    for (const auto& f : files) {
      auto segs = split_path(f);
      for (const auto& pp : pats)
        if (glob_path(split_path(pp), 0, segs, 0)) {
          out.push_back(Value::string(f));
          break;
        }
    }
    return Value::set(std::move(out));
  });
  r.add("templatefile", 2, 2, {"path", "vars"}, fn_templatefile);
  for (const char* n : {"file", "filebase64", "filemd5", "filesha1", "filesha256", "filesha512",
                        "filebase64sha256", "filebase64sha512", "fileexists", "fileset", "templatefile"})
    r.t.at(n).marks_aware = true;
  r.add("basename", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (p.empty()) return Value::string(".");
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    size_t s = p.rfind('/');
    return Value::string(s == std::string::npos || p == "/" ? p : p.substr(s + 1));
  });
  r.add("dirname", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    size_t s = p.rfind('/');
    if (s == std::string::npos) return Value::string(".");
    std::string d = p.substr(0, s + 1);
    // Go's filepath.Dir cleans the result.
    std::string clean = io::normalize(d);
    if (clean.empty()) clean = d[0] == '/' ? "/" : ".";
    return Value::string(clean);
  });
  r.add("abspath", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (!p.empty() && p[0] == '/') return Value::string(io::normalize(p));
    return Value::unknown("abspath of a relative path depends on the directory Terraform runs in");
  });
  r.add("pathexpand", 1, 1, {"path"}, [](const Args& a, EvalContext&) {
    std::string p;
    Value err;
    if (!get_string(a[0], "path", p, err)) return err;
    if (!p.empty() && p[0] == '~')
      return Value::unknown("pathexpand depends on the home directory of the user running Terraform");
    return Value::string(p);
  });
}

Value fn_templatefile(const Args& a, EvalContext& ctx) {
  // Terraform forbids templatefile() inside a template it renders (recursion would never end).
  if (ctx.in_template())
    return call_error("templatefile",
                      "cannot recursively call templatefile from inside another template function.");
  std::string p;
  Value err;
  if (!get_string(a[0], "path", p, err)) return err;
  if (!a[1].is_mapping()) return arg_error("vars", "a map or object is required.");
  std::string full, text;
  Value refused = read_confined("templatefile", a[0], ctx, text, full);
  if (!refused.is_null()) return refused;
  auto file = std::make_unique<hcl::File>();
  file->path = full;
  file->src = std::move(text);
  const hcl::Expr* tmpl = hcl::parse_template(*file, file->src, hcl::Pos{1, 1, 0});
  if (!file->ok() || !tmpl) {
    std::string msg;
    for (const auto& d : file->diags)
      if (d.severity == Severity::Error) {
        msg = (a[0].is_marked() ? a[0].label() : p) + ":" + std::to_string(d.line) + "," +
              std::to_string(d.col) + ": " + d.message;
        break;
      }
    return call_error("templatefile", "failed to parse template: " + msg);
  }
  // Only the given variables are in scope; any other reference is an error, as in Terraform.
  std::string path_copy = a[0].is_marked() ? a[0].label() : p;
  EvalContext inner(
      [path_copy](const hcl::ScopeTraversalExpr& t) {
        return call_error("templatefile", path_copy +
                                              ": Invalid reference: vars map does not contain key \"" +
                                              std::string(t.root) + "\".");
      },
      ctx.module_dir(), ctx.fs());
  inner.set_confinement(ctx.confinement());
  inner.set_max_file_size(ctx.max_file_size());
  inner.set_in_template(true);
  for (const auto& [k, v] : a[1].attrs()) inner.bind(k, v);
  Value out = eval(tmpl, inner);
  if (out.is_known() && !out.is_null() && !out.is_string()) {
    // A template that is one interpolation yields the value itself, converted to a string.
    Value s = out.to_string_value();
    if (!s.is_string()) return call_error("templatefile", "template must produce a string result");
    out = s;
  }
  // The text of the template came from a file.
  return out.is_known() ? out.with_file_mark(file_mark_name(a[0], ctx)) : out;
}

}  // namespace cs::tf::fnlib
