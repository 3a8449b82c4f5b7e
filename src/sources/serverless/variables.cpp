#include "sources/serverless/variables.h"

#include <cctype>
#include <cstdlib>
#include <optional>

#include "sources/common/document.h"

namespace cs::sls {

std::string Value::scalar_text() const {
  switch (kind) {
    case Kind::String:
    case Kind::Number:
      return text;
    case Kind::Bool:
      return boolean ? "true" : "false";
    default:
      return {};
  }
}

namespace {

// ---------------------------------------------------------------------------------------------------
// Syntax: ${source(param, ...):address, fallback, ...}, nested anywhere inside a string.

struct Var;

struct Part {
  std::string literal;
  std::unique_ptr<Var> var;  // set for a variable part
};

struct Template {
  std::vector<Part> parts;
  bool single_var() const { return parts.size() == 1 && parts[0].var; }
};

struct Fallback {
  bool is_literal = false;
  Value literal;
  Template tmpl;  // a ${...}
};

struct Var {
  std::string text;  // as written
  std::string source;
  bool has_params = false;
  std::vector<Template> params;
  bool has_address = false;
  Template address;
  std::vector<Fallback> fallbacks;
};

constexpr unsigned kMaxSyntaxDepth = 32;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void trim_template(Template& t) {
  if (!t.parts.empty() && !t.parts.front().var) {
    std::string& s = t.parts.front().literal;
    size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    s.erase(0, i);
  }
  if (!t.parts.empty() && !t.parts.back().var) {
    std::string& s = t.parts.back().literal;
    while (!s.empty() && is_space(s.back())) s.pop_back();
  }
  if (!t.parts.empty() && !t.parts.front().var && t.parts.front().literal.empty())
    t.parts.erase(t.parts.begin());
  if (!t.parts.empty() && !t.parts.back().var && t.parts.back().literal.empty()) t.parts.pop_back();
}

// Is `s` a YAML 1.2 core-schema number as js-yaml reads it (decimal, 0x, 0o, 0b, floats, .inf, .nan)?
bool looks_numeric(std::string_view s) {
  if (s.empty()) return false;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "-.inf" || s == "+.Inf" ||
      s == "-.Inf" || s == "+.INF" || s == "-.INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
    return true;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') i = 1;
  if (i >= s.size()) return false;
  if (s.size() > i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o' || s[i + 1] == 'b')) {
    char base = s[i + 1];
    for (size_t j = i + 2; j < s.size(); ++j) {
      char c = s[j];
      bool ok = c == '_' || (base == 'x' && std::isxdigit(static_cast<unsigned char>(c))) ||
                (base == 'o' && c >= '0' && c <= '7') || (base == 'b' && (c == '0' || c == '1'));
      if (!ok) return false;
    }
    return true;
  }
  bool digits = false, dot = false, exp = false;
  for (size_t j = i; j < s.size(); ++j) {
    char c = s[j];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '_' && digits && !exp) {
    } else if (c == '.' && !dot && !exp) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits && !exp) {
      exp = true;
      if (j + 1 < s.size() && (s[j + 1] == '+' || s[j + 1] == '-')) ++j;
      if (j + 1 >= s.size()) return false;
    } else {
      return false;
    }
  }
  return digits;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  // The whole string as a template; nullopt (with error()) on a syntax error.
  std::optional<Template> parse_all() {
    Template t = parse_template("", 0);
    if (!err_.empty()) return std::nullopt;
    return t;
  }
  const std::string& error() const { return err_; }

 private:
  Template parse_template(std::string_view stops, unsigned depth) {
    Template t;
    std::string lit;
    while (i_ < s_.size() && err_.empty()) {
      char c = s_[i_];
      if (c == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
        if (!lit.empty()) t.parts.push_back(Part{std::move(lit), nullptr});
        lit.clear();
        auto v = parse_var(depth + 1);
        if (!v) break;
        t.parts.push_back(Part{{}, std::move(v)});
        continue;
      }
      if (stops.find(c) != std::string_view::npos) break;
      lit += c;
      ++i_;
    }
    if (!lit.empty()) t.parts.push_back(Part{std::move(lit), nullptr});
    return t;
  }

  void skip_ws() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  bool fail(std::string msg) {
    if (err_.empty()) err_ = std::move(msg);
    return false;
  }

  std::unique_ptr<Var> parse_var(unsigned depth) {
    size_t start = i_;
    if (depth > kMaxSyntaxDepth) {
      fail("variables nested more than " + std::to_string(kMaxSyntaxDepth) + " deep");
      return nullptr;
    }
    auto v = std::make_unique<Var>();
    i_ += 2;
    skip_ws();
    while (i_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '-')) {
      v->source += s_[i_];
      ++i_;
    }
    if (v->source.empty()) {
      fail("a variable needs a source (${self:...}, ${opt:...}, ...) at \"" + snippet(start) + "\"");
      return nullptr;
    }
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '(') {
      v->has_params = true;
      ++i_;
      while (true) {
        skip_ws();
        if (i_ >= s_.size()) {
          fail("unterminated \"(\" in \"" + snippet(start) + "\"");
          return nullptr;
        }
        if (s_[i_] == ')') {
          ++i_;
          break;
        }
        Template p = parse_template(",)", depth);
        if (!err_.empty()) return nullptr;
        trim_template(p);
        v->params.push_back(std::move(p));
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ')') {
          ++i_;
          break;
        }
        fail("unterminated \"(\" in \"" + snippet(start) + "\"");
        return nullptr;
      }
    }
    if (i_ < s_.size() && s_[i_] == ':') {
      ++i_;
      v->has_address = true;
      v->address = parse_template(",}", depth);
      if (!err_.empty()) return nullptr;
      trim_template(v->address);
    }
    skip_ws();
    while (i_ < s_.size() && s_[i_] == ',') {
      ++i_;
      skip_ws();
      if (i_ >= s_.size()) break;
      Fallback fb;
      char c = s_[i_];
      if (c == '\'' || c == '"') {
        size_t end = s_.find(c, i_ + 1);
        if (end == std::string_view::npos) {
          fail("unterminated quoted string in \"" + snippet(start) + "\"");
          return nullptr;
        }
        fb.is_literal = true;
        fb.literal = Value::string(std::string(s_.substr(i_ + 1, end - i_ - 1)));
        i_ = end + 1;
      } else if (c == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
        auto inner = parse_var(depth + 1);
        if (!inner) return nullptr;
        fb.tmpl.parts.push_back(Part{{}, std::move(inner)});
      } else {
        size_t j = i_;
        while (j < s_.size() && s_[j] != ',' && s_[j] != '}') ++j;
        std::string tok(s_.substr(i_, j - i_));
        while (!tok.empty() && is_space(tok.back())) tok.pop_back();
        i_ = j;
        fb.is_literal = true;
        if (tok == "true" || tok == "false") {
          fb.literal = Value::boolean_value(tok == "true");
        } else if (tok == "null") {
          fb.literal = Value::null();
        } else if (looks_numeric(tok)) {
          fb.literal.kind = Value::Kind::Number;
          fb.literal.text = tok;
        } else {
          fail("fallback \"" + tok + "\" in \"" + snippet(start) +
               "\" is neither a quoted string, a number, a boolean nor a variable");
          return nullptr;
        }
      }
      v->fallbacks.push_back(std::move(fb));
      skip_ws();
    }
    if (i_ >= s_.size() || s_[i_] != '}') {
      fail("unterminated variable \"" + snippet(start) + "\"");
      return nullptr;
    }
    ++i_;
    v->text = std::string(s_.substr(start, i_ - start));
    return v;
  }

  std::string snippet(size_t start) const {
    std::string_view t = s_.substr(start, 80);
    return std::string(t);
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string err_;
};

bool is_intrinsic_tag(std::string_view tag) {
  return !tag.empty() && tag[0] == '!' && tag != "!" && tag.rfind("!!", 0) != 0;
}

std::string position(const yaml::Document* doc, const yaml::Node* n) {
  std::string s = doc ? doc->path : std::string("?");
  if (n && n->line) s += ":" + std::to_string(n->line);
  return s;
}

bool has_extension(const std::string& p, std::string_view ext) {
  return p.size() >= ext.size() && p.compare(p.size() - ext.size(), ext.size(), ext) == 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

struct Resolver::Impl {
  const io::FileSystem& fs;
  const yaml::Document& service;
  const Options& opts;
  std::string service_dir;
  std::map<const yaml::Node*, Value> memo;
  std::set<const yaml::Node*> in_progress;
  struct Loaded {
    std::unique_ptr<yaml::Document> doc;  // null when missing or unreadable
    bool missing = false;
    std::string problem;  // why it cannot be used (unreadable, does not parse, JavaScript)
    std::string text;     // content of a file that is neither YAML nor JSON
    bool is_text = false;
  };
  std::map<std::string, Loaded> files;
  std::map<const yaml::Document*, std::string> file_labels;  // documents read by ${file()}: their label
  Diagnostics diags;
  unsigned depth = 0;
  unsigned long steps = 0;
  std::optional<Value> stage_cache, region_cache;
  bool stage_busy = false, region_busy = false;

  unsigned long max_steps =
      kMaxSteps;  // plus a share per function: a limit on runaway variables, not on big services

  Impl(const io::FileSystem& f, const yaml::Document& s, const Options& o)
      : fs(f), service(s), opts(o), service_dir(io::dirname(s.path)) {
    const yaml::Node* fns = s.root ? s.root->find("functions") : nullptr;
    unsigned long n = 0;
    if (fns && fns->is_map()) n = fns->pairs.size;
    if (fns && fns->is_seq())
      for (const yaml::Node* item : fns->items) n += item->is_map() ? item->pairs.size : 0;
    max_steps += kStepsPerFunction * n;
  }

  struct DepthGuard {
    unsigned& d;
    explicit DepthGuard(unsigned& x) : d(x) { ++d; }
    ~DepthGuard() { --d; }
  };

  std::optional<Value> limits() {
    if (++steps > max_steps)
      return Value::unknown("variable resolution stopped after " + std::to_string(max_steps) +
                            " steps (the variables expand too much)");
    if (depth > kMaxDepth)
      return Value::unknown("variables refer to each other more than " + std::to_string(kMaxDepth) +
                            " levels deep");
    return std::nullopt;
  }

  // Every string handed out counts (a long one copied into many places costs each copy): past
  // kMaxTotalBytes resolution gives Unknown.
  size_t bytes = 0;
  std::optional<Value> spend(const Value& v) {
    bytes += v.text.size();
    if (bytes > kMaxTotalBytes)
      return Value::unknown("variable resolution stopped after making " + std::to_string(kMaxTotalBytes) +
                            " bytes of strings (the variables expand too much)");
    return std::nullopt;
  }

  Value resolve(const yaml::Document& doc, const yaml::Node* n) {
    if (!n) return Value::null();
    auto it = memo.find(n);
    if (it != memo.end()) {
      if (auto stop = spend(it->second)) return *stop;
      return it->second;
    }
    if (in_progress.count(n))
      return Value::unknown("the value at " + position(&doc, n) +
                            " refers back to itself (a cycle of variables)");
    if (auto stop = limits()) return *stop;
    DepthGuard g(depth);
    in_progress.insert(n);
    Value v = compute(doc, n);
    in_progress.erase(n);
    // Everything read from a file that ${file()} included carries the file's label.
    if (&doc != &service && v.secret.empty() && !v.is_unknown()) {
      auto fl = file_labels.find(&doc);
      if (fl != file_labels.end()) v.secret = fl->second;
    }
    if (auto stop = spend(v)) v = *stop;
    memo[n] = v;
    return v;
  }

  Value compute(const yaml::Document& doc, const yaml::Node* n) {
    if (is_intrinsic_tag(n->tag))
      return Value::unknown("the CloudFormation intrinsic " + std::string(n->tag) + " at " +
                            position(&doc, n) + " is resolved by CloudFormation at deploy time");
    Value v;
    v.doc = &doc;
    switch (n->kind) {
      case yaml::Kind::Null:
        return Value::null();
      case yaml::Kind::Mapping:
        v.kind = Value::Kind::Map;
        v.node = n;
        return v;
      case yaml::Kind::Sequence:
        v.kind = Value::Kind::Seq;
        v.node = n;
        return v;
      case yaml::Kind::Scalar:
        break;
    }
    std::string_view s = n->value;
    bool plain = n->plain && n->tag.empty();
    if (plain) {
      if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::null();
      if (s == "true" || s == "True" || s == "TRUE") return Value::boolean_value(true);
      if (s == "false" || s == "False" || s == "FALSE") return Value::boolean_value(false);
      if (looks_numeric(s)) {
        v.kind = Value::Kind::Number;
        v.text = std::string(s);
        return v;
      }
    }
    if (s.find("${") == std::string_view::npos) return Value::string(std::string(s));
    return resolve_string(s, &doc, n);
  }

  Value resolve_string(std::string_view s, const yaml::Document* doc, const yaml::Node* n) {
    Parser p(s);
    auto t = p.parse_all();
    if (!t) {
      std::string where = n ? " at " + position(doc, n) : "";
      return Value::unknown("invalid variable syntax" + where + ": " + p.error());
    }
    return eval_template(*t);
  }

  Value eval_template(const Template& t) {
    if (t.single_var()) return eval_var(*t.parts[0].var);
    std::string out, secret;
    for (const Part& part : t.parts) {
      if (!part.var) {
        out += part.literal;
      } else {
        Value v = eval_var(*part.var);
        if (v.is_unknown()) return v;
        if (secret.empty()) secret = v.secret;
        if (v.is_map() || v.is_seq())
          return Value::unknown(part.var->text + " resolves to a " + (v.is_map() ? "mapping" : "list") +
                                " but is used inside a string");
        out += v.scalar_text();
      }
      if (out.size() > kMaxStringBytes) return Value::unknown("a string built from variables is too long");
    }
    Value r = Value::string(std::move(out));
    r.via_variable = true;
    r.secret = std::move(secret);
    return r;
  }

  // A variable's value with its fallbacks applied; Unknown (with the reason) when nothing gives a value.
  Value eval_var(const Var& var) {
    std::string missing;
    Value v = eval_var_opt(var, &missing);
    if (v.is_null()) return Value::unknown(missing);
    if (auto stop = spend(v)) return *stop;
    return v;
  }

  // Null when neither the source nor any fallback has a value; *missing says why.
  Value eval_var_opt(const Var& var, std::string* missing) {
    if (auto stop = limits()) return *stop;
    DepthGuard g(depth);
    Value v = eval_source(var, missing);
    if (!v.is_null()) {
      v.via_variable = true;
      return v;
    }
    for (const Fallback& fb : var.fallbacks) {
      if (fb.is_literal) {
        if (fb.literal.is_null()) continue;
        Value r = fb.literal;
        r.via_variable = true;
        return r;
      }
      std::string inner_missing;
      Value r =
          fb.tmpl.single_var() ? eval_var_opt(*fb.tmpl.parts[0].var, &inner_missing) : eval_template(fb.tmpl);
      if (r.is_null()) continue;
      r.via_variable = true;
      return r;
    }
    if (!var.fallbacks.empty()) *missing += " (and no fallback has a value)";
    return Value::null();
  }

  // Evaluate a template to text (params and addresses). nullopt with *unknown set when it cannot be.
  std::optional<std::string> eval_text(const Template& t, const Var& var, Value* unknown,
                                       std::string* secret) {
    Value v = eval_template(t);
    if (secret->empty()) *secret = v.secret;
    if (v.is_unknown()) {
      *unknown = v;
      return std::nullopt;
    }
    if (v.is_map() || v.is_seq() || v.is_null()) {
      *unknown = Value::unknown("a parameter or address of " + var.text + " is not a string");
      return std::nullopt;
    }
    return v.scalar_text();
  }

  // A source whose parameters or address came from a file or the environment: its messages could quote
  // them, so they say only that; its value carries the label too.
  Value eval_source(const Var& var, std::string* missing) {
    std::string secret;
    Value v = eval_source_plain(var, missing, &secret);
    if (secret.empty()) return v;
    if (v.is_unknown())
      return Value::unknown(var.text + " depends on a value " + secret + " and is not known");
    if (v.is_null())
      *missing = var.text + " has no value (it depends on a value " + secret + ")";
    else if (v.secret.empty())
      v.secret = secret;
    return v;
  }

  Value eval_source_plain(const Var& var, std::string* missing, std::string* secret) {
    std::vector<std::string> params;
    for (const Template& t : var.params) {
      Value u;
      auto s = eval_text(t, var, &u, secret);
      if (!s) return u;
      params.push_back(std::move(*s));
    }
    std::string address;
    if (var.has_address && !var.address.parts.empty()) {
      Value u;
      auto s = eval_text(var.address, var, &u, secret);
      if (!s) return u;
      address = std::move(*s);
    }
    const std::string& src = var.source;
    *missing = var.text + " has no value";
    if (src == "self") return walk(root(), address);
    if (src == "opt") {
      if (address == "stage" || address == "s") {
        *missing = var.text + " has no value and no default (use --stage)";
        return opts.stage.empty() ? Value::null() : Value::string(opts.stage);
      }
      if (address == "region" || address == "r") {
        *missing = var.text + " has no value and no default (use --region)";
        return opts.region.empty() ? Value::null() : Value::string(opts.region);
      }
      *missing = var.text + " has no value and no default (cloudsift takes no --" + address + " option)";
      return Value::null();
    }
    if (src == "sls") {
      if (address == "stage") return stage();
      if (address == "instanceId")
        return Value::unknown(var.text + " is generated each time the service is packaged");
      return Value::unknown(var.text + ": the sls source has no \"" + address + "\"");
    }
    if (src == "param") return param(var, address, missing);
    if (src == "env") {
      if (!opts.env_vars)
        return Value::unknown(var.text +
                              " reads the environment when the service is deployed; --env-vars lets "
                              "cloudsift read it from its own environment");
      auto it = opts.env.find(address);
      *missing = var.text + ": environment variable " + address + " is not set and there is no default";
      if (it == opts.env.end()) return Value::null();
      Value e = Value::string(it->second);
      e.secret = "(from environment)";  // never printed
      return e;
    }
    if (src == "file") return file(var, params, address, missing);
    if (src == "strToBool") {
      std::string arg = !params.empty() ? params[0] : address;
      size_t b = 0, e = arg.size();
      while (b < e && is_space(arg[b])) ++b;
      while (e > b && is_space(arg[e - 1])) --e;
      arg = arg.substr(b, e - b);
      if (arg == "true" || arg == "1") return Value::boolean_value(true);
      if (arg == "false" || arg == "0") return Value::boolean_value(false);
      return Value::unknown(var.text + ": strToBool cannot convert \"" + arg +
                            "\" (expected true, false, 1 or 0)");
    }
    if (src == "aws") {
      if (address == "region") return region();
      return Value::unknown(var.text + " is read from AWS when the service is packaged (needs credentials)");
    }
    if (src == "cf" || src == "ssm" || src == "s3")
      return Value::unknown(var.text + " is read from AWS when the service is packaged");
    return Value::unknown(
        var.text + " comes from the \"" + src +
        "\" variable source, which cloudsift does not read (a plugin or a newer Framework)");
  }

  Value param(const Var& var, const std::string& name, std::string* missing) {
    auto it = opts.params.find(name);
    if (it != opts.params.end()) return Value::string(it->second);
    Value st = stage();
    if (st.is_unknown()) return Value::unknown(var.text + " depends on the stage: " + st.text);
    Value params = member(root(), "params");
    if (params.is_unknown()) return params;
    Value v = member(member(params, st.scalar_text()), name);
    if (v.is_unknown() || !v.is_null()) return v;
    v = member(member(params, "default"), name);
    if (v.is_unknown() || !v.is_null()) return v;
    *missing = var.text + " has no value and no default (use --param " + name + "=VALUE, or set params." +
               st.shown_text() + "." + name + " or params.default." + name + ")";
    Value r = root();
    if (!member(r, "org").is_null() || !member(r, "app").is_null())
      return Value::unknown(var.text +
                            " is not set here and may come from the Serverless Dashboard (use --param " +
                            name + "=VALUE)");
    return Value::null();
  }

  Value file(const Var& var, const std::vector<std::string>& params, const std::string& address,
             std::string* missing) {
    if (params.empty() || params[0].empty()) return Value::unknown(var.text + " names no file");
    std::string rel = params[0];
    std::string path = io::join(service_dir, rel);
    Loaded* l = load(path);
    if (!l)
      return Value::unknown(var.text + ": more than " + std::to_string(kMaxFiles) + " files are included");
    if (l->missing) {
      *missing = var.text + ": " + rel + " does not exist";
      return Value::null();
    }
    if (!l->problem.empty()) return Value::unknown(var.text + ": " + l->problem);
    if (l->is_text) {
      if (!address.empty()) return Value::unknown(var.text + ": " + rel + " is neither YAML nor JSON");
      Value t = Value::string(l->text);
      t.secret = "(from file " + path + ")";
      return t;
    }
    if (!l->doc || !l->doc->root) {
      *missing = var.text + ": " + rel + " is empty";
      return Value::null();
    }
    *missing =
        var.text + " has no value (" + rel + " has no " + (address.empty() ? "content" : address) + ")";
    return walk(resolve(*l->doc, l->doc->root), address);
  }

  Loaded* load(const std::string& path) {
    auto it = files.find(path);
    if (it != files.end()) return &it->second;
    if (files.size() >= kMaxFiles) return nullptr;
    Loaded& l = files[path];
    if (has_extension(path, ".js") || has_extension(path, ".cjs") || has_extension(path, ".mjs") ||
        has_extension(path, ".ts")) {
      l.problem = path + " is JavaScript, which cloudsift does not run";
      return &l;
    }
    // Only regular files inside the scanned tree, within the size limit.
    Result<std::string> content = std::string();
    if (opts.confine) {
      auto r = opts.confine->resolve(path);
      if (r.refusal == io::Confinement::Refusal::Missing) {
        l.missing = true;
        return &l;
      }
      if (r.refusal != io::Confinement::Refusal::None || r.is_dir) {
        l.problem = path + " " + (r.is_dir ? std::string("is a directory") : r.reason);
        return &l;
      }
      content = opts.confine->read(path);
      if (!content) {
        l.problem = path + " " + content.error().message;
        return &l;
      }
    } else {
      if (!fs.is_file(path)) {
        l.missing = true;
        return &l;
      }
      content = fs.read(path);
      if (!content) {
        l.problem = "cannot read " + path + ": " + content.error().message;
        return &l;
      }
      if (content->size() > opts.max_file_size) {
        l.problem =
            path + " is larger than the file size limit (" + std::to_string(opts.max_file_size) + " bytes)";
        return &l;
      }
    }
    if (!(has_extension(path, ".yml") || has_extension(path, ".yaml") || has_extension(path, ".json"))) {
      l.is_text = true;
      l.text = std::move(*content);
      return &l;
    }
    bool blank = true;
    for (char c : *content)
      if (!is_space(c)) blank = false;
    l.doc = sources::parse_document(path, std::move(*content));
    file_labels[l.doc.get()] = "(from file " + path + ")";
    if (!l.doc->root && !blank) {
      std::string first = l.doc->diags.empty() ? std::string("does not parse") : l.doc->diags[0].message;
      l.problem = path + " cannot be parsed (" + first + ")";
      for (const auto& d : l.doc->diags) diags.push_back(d);
    }
    return &l;
  }

  Value root() { return resolve(service, service.root); }

  // Follow a dotted path from `v`; Null when a step is absent.
  Value walk(Value v, std::string_view path) {
    size_t i = 0;
    while (i < path.size()) {
      size_t j = path.find('.', i);
      if (j == std::string_view::npos) j = path.size();
      std::string_view seg = path.substr(i, j - i);
      i = j + 1;
      if (seg.empty()) continue;
      if (v.is_unknown()) return v;
      if (v.is_map()) {
        v = member(v, seg);
      } else if (v.is_seq()) {
        size_t idx = 0;
        bool numeric = !seg.empty() && seg.size() < 9;
        for (char c : seg) {
          if (c < '0' || c > '9') numeric = false;
          idx = idx * 10 + static_cast<size_t>(c - '0');
        }
        if (!numeric || idx >= v.node->items.size) return Value::null();
        v = resolve(*v.doc, v.node->items[idx]);
      } else {
        return Value::null();
      }
    }
    return v;
  }

  // The pair for `key` in mapping node `n` (last duplicate wins), looking through merge keys.
  bool find_member(const yaml::Document& doc, const yaml::Node* n, std::string_view key, Member* out,
                   unsigned merge_depth) {
    const yaml::Pair* p = n->find_pair(key);
    if (p) {
      *out = Member{&doc, p->key, p->value};
      return true;
    }
    if (merge_depth > 16) return false;
    const yaml::Pair* m = n->find_pair("<<");
    if (!m || !m->value) return false;
    const yaml::Node* mv = m->value;
    if (mv->is_map()) return find_member(doc, mv, key, out, merge_depth + 1);
    if (mv->is_seq())
      for (const yaml::Node* item : mv->items)
        if (item && item->is_map() && find_member(doc, item, key, out, merge_depth + 1)) return true;
    return false;
  }

  Value member(const Value& map, std::string_view key, Member* where = nullptr) {
    if (!map.is_map() || !map.node || !map.doc) return map.is_unknown() ? map : Value::null();
    Member m;
    if (!find_member(*map.doc, map.node, key, &m, 0)) return Value::null();
    if (where) *where = m;
    return resolve(*m.doc, m.value);
  }

  void collect_members(const yaml::Document& doc, const yaml::Node* n, std::vector<Member>& out,
                       std::map<std::string, size_t>& index, unsigned merge_depth) {
    if (merge_depth > 16) return;
    if (const yaml::Pair* m = n->find_pair("<<"); m && m->value) {
      if (m->value->is_map()) collect_members(doc, m->value, out, index, merge_depth + 1);
      if (m->value->is_seq())
        for (const yaml::Node* item : m->value->items)
          if (item && item->is_map()) {
            // Earlier maps in a merge sequence win: add only keys not seen yet.
            std::vector<Member> tmp;
            std::map<std::string, size_t> tmp_index;
            collect_members(doc, item, tmp, tmp_index, merge_depth + 1);
            for (auto& t : tmp) {
              std::string k(t.key->value);
              if (!index.count(k)) {
                index[k] = out.size();
                out.push_back(t);
              }
            }
          }
    }
    for (const yaml::Pair& p : n->pairs) {
      if (!p.key || !p.key->is_scalar() || p.key->value == "<<") continue;
      std::string k(p.key->value);
      Member mem{&doc, p.key, p.value};
      auto it = index.find(k);
      if (it != index.end()) {
        out[it->second] = mem;
      } else {
        index[k] = out.size();
        out.push_back(mem);
      }
    }
  }

  Value stage() {
    if (stage_cache) return *stage_cache;
    if (!opts.stage.empty()) return *(stage_cache = Value::string(opts.stage));
    if (stage_busy) return Value::unknown("provider.stage refers to the stage itself");
    stage_busy = true;
    Value v = walk(root(), "provider.stage");
    stage_busy = false;
    if (v.is_null())
      v = Value::string("dev");
    else if (v.is_map() || v.is_seq())
      v = Value::unknown("provider.stage is not a string");
    else if (!v.is_unknown()) {
      std::string secret = v.secret;
      v = Value::string(v.scalar_text());
      v.secret = std::move(secret);
    } else
      v = Value::unknown("the stage is not known: " + v.text);
    stage_cache = v;
    return v;
  }

  Value region() {
    if (region_cache) return *region_cache;
    if (!opts.region.empty()) return *(region_cache = Value::string(opts.region));
    if (region_busy) return Value::unknown("provider.region refers to the region itself");
    region_busy = true;
    Value v = walk(root(), "provider.region");
    region_busy = false;
    if (v.is_null())
      v = Value::string("us-east-1");
    else if (v.is_map() || v.is_seq())
      v = Value::unknown("provider.region is not a string");
    else if (!v.is_unknown()) {
      std::string secret = v.secret;
      v = Value::string(v.scalar_text());
      v.secret = std::move(secret);
    } else
      v = Value::unknown("the region is not known: " + v.text);
    region_cache = v;
    return v;
  }
};

Resolver::Resolver(const io::FileSystem& fs, const yaml::Document& service, const Options& opts)
    : impl_(std::make_unique<Impl>(fs, service, opts)) {}
Resolver::~Resolver() = default;

Value Resolver::root() {
  return impl_->root();
}
Value Resolver::resolve(const yaml::Document& doc, const yaml::Node* node) {
  return impl_->resolve(doc, node);
}
Value Resolver::resolve_text(std::string_view text) {
  if (text.find("${") == std::string_view::npos) return Value::string(std::string(text));
  return impl_->resolve_string(text, nullptr, nullptr);
}
Value Resolver::member(const Value& map, std::string_view key, Member* where) {
  return impl_->member(map, key, where);
}
std::vector<Value> Resolver::items(const Value& seq, std::vector<Member>* where) {
  std::vector<Value> out;
  if (!seq.is_seq() || !seq.node || !seq.doc) return out;
  for (const yaml::Node* item : seq.node->items) {
    out.push_back(impl_->resolve(*seq.doc, item));
    if (where) where->push_back(Member{seq.doc, nullptr, item});
  }
  return out;
}
std::vector<Member> Resolver::members(const Value& map) {
  std::vector<Member> out;
  if (!map.is_map() || !map.node || !map.doc) return out;
  std::map<std::string, size_t> index;
  impl_->collect_members(*map.doc, map.node, out, index, 0);
  return out;
}
Value Resolver::self(std::string_view path) {
  return impl_->walk(impl_->root(), path);
}
Value Resolver::stage() {
  return impl_->stage();
}
Value Resolver::region() {
  return impl_->region();
}
Diagnostics Resolver::take_diagnostics() {
  return std::move(impl_->diags);
}
void Resolver::add_comments(std::vector<model::FileComments>& out) const {
  for (const auto& [path, l] : impl_->files)
    if (l.doc) sources::add_comments(*l.doc, out);
}

model::Location member_location(const Member& m, bool value) {
  model::Location l;
  if (!m.doc) return l;
  const yaml::Node* n = value && m.value ? m.value : m.key;
  if (!n) n = m.value;
  l.file = m.doc->path;
  if (n) {
    l.line = n->line;
    l.col = n->col;
  }
  return l;
}

}  // namespace cs::sls
