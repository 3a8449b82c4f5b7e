#include "sources/cloudformation/intrinsics.h"

#include <array>
#include <cstdlib>

namespace cs::cfn {

namespace {

constexpr unsigned kMaxDepth = 100;
// Evaluation steps per template: a base, plus a share per resource so that the budget stops runaway
// expressions, not large templates (a flat 200,000 left the functions after the ~100,000th of a big
// template "too complex to evaluate").
constexpr unsigned long kMaxSteps = 200000;
constexpr unsigned long kStepsPerResource = 100;
// Strings: one that Fn::Sub, Fn::Join or Fn::Base64 builds, and all that one template's evaluation
// makes (a parameter's Default copied per Ref counts, and so does each list item: 64 bytes).
constexpr size_t kMaxStringBytes = 1 << 20;
constexpr size_t kMaxTotalBytes = 64u << 20;
constexpr size_t kItemBytes = 64;
const char* const kTooComplex = "the value is too complex to evaluate";

std::string too_long(std::string_view fn) {
  return std::string(fn) + " builds a string longer than " + std::to_string(kMaxStringBytes) + " bytes";
}

// Short tags CloudFormation knows, with their long names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kShortTags{{
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!If", "Fn::If"},
    {"!Sub", "Fn::Sub"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!Equals", "Fn::Equals"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!Not", "Fn::Not"},
    {"!Join", "Fn::Join"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
}};

bool is_pseudo(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kPseudo{
      "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
      "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix"};
  for (auto p : kPseudo)
    if (p == name) return true;
  return false;
}

std::string flag_hint(std::string_view pseudo) {
  if (pseudo == "AWS::Region") return " (--region REGION)";
  if (pseudo == "AWS::AccountId") return " (--account-id ID)";
  return "";
}

std::string base64(std::string_view in) {
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += tbl[v >> 18 & 63];
    out += tbl[v >> 12 & 63];
    out += tbl[v >> 6 & 63];
    out += tbl[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += tbl[v >> 18 & 63];
    out += tbl[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += tbl[v >> 18 & 63];
    out += tbl[v >> 12 & 63];
    out += tbl[v >> 6 & 63];
    out += '=';
  }
  return out;
}

std::vector<std::string> split(std::string_view s, std::string_view delim) {
  std::vector<std::string> out;
  if (delim.empty()) {
    out.emplace_back(s);
    return out;
  }
  size_t start = 0;
  for (;;) {
    size_t p = s.find(delim, start);
    if (p == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, p - start));
    start = p + delim.size();
  }
}

// The items of an intrinsic's argument list (the node itself for a short-form sequence).
const yaml::Node* seq_item(const yaml::Node* arg, size_t i) {
  if (!arg || !arg->is_seq() || i >= arg->items.size) return nullptr;
  return arg->items[i];
}
size_t seq_size(const yaml::Node* arg) {
  return arg && arg->is_seq() ? arg->items.size : 0;
}

}  // namespace

Value Value::unknown(std::string reason, const yaml::Node* at) {
  Value v;
  v.kind = Kind::Unknown;
  v.text = std::move(reason);
  v.at = at;
  return v;
}

Value Value::scalar(std::string s, const yaml::Node* at, bool plain) {
  Value v;
  v.kind = Kind::Scalar;
  v.text = std::move(s);
  v.at = at;
  v.plain = plain;
  return v;
}

std::string Value::render() const {
  if (!secret.empty() && kind != Kind::Unknown) return secret;
  switch (kind) {
    case Kind::Null:
      return "null";
    case Kind::Scalar:
      return text;
    case Kind::NoValue:
      return "AWS::NoValue";
    case Kind::Unknown:
      return "(unknown)";
    case Kind::Map:
      return "{...}";
    case Kind::List: {
      std::string s = "[";
      for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i].render();
      return s + "]";
    }
  }
  return "";
}

std::optional<Intrinsic> as_intrinsic(const yaml::Node* n, bool allow_condition) {
  if (!n) return std::nullopt;
  if (!n->tag.empty() && n->tag[0] == '!') {
    for (const auto& [tag, name] : kShortTags) {
      if (tag != n->tag) continue;
      if (name == "Condition" && !allow_condition) return std::nullopt;
      return Intrinsic{name, n, true};
    }
    return std::nullopt;
  }
  if (n->is_map() && n->pairs.size == 1 && n->pairs[0].key && n->pairs[0].key->is_scalar()) {
    std::string_view k = n->pairs[0].key->value;
    if (k == "Ref" || k.rfind("Fn::", 0) == 0 || (allow_condition && k == "Condition"))
      return Intrinsic{k, n->pairs[0].value, false};
  }
  return std::nullopt;
}

bool values_equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::Scalar:
      return a.text == b.text;
    case Value::Kind::List:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i)
        if (!values_equal(a.items[i], b.items[i])) return false;
      return true;
    case Value::Kind::Map:
      return a.map == b.map;
    case Value::Kind::Null:
    case Value::Kind::NoValue:
      return true;
    case Value::Kind::Unknown:
      return false;
  }
  return false;
}

Evaluator::Evaluator(const yaml::Node* root, const Options& opts, const Given& given, const Passed* passed)
    : opts_(opts), given_(given), passed_(passed), max_steps_(kMaxSteps) {
  if (root && root->is_map()) {
    params_ = root->find("Parameters");
    mappings_ = root->find("Mappings");
    conditions_ = root->find("Conditions");
    resources_ = root->find("Resources");
    if (resources_ && resources_->is_map()) max_steps_ += kStepsPerResource * resources_->pairs.size;
  }
}

bool Evaluator::budget() {
  return ++steps_ <= max_steps_ && depth_ < kMaxDepth;
}

bool Evaluator::spend(size_t bytes) {
  bytes_ += bytes;
  return bytes_ <= kMaxTotalBytes;
}

Value Evaluator::literal(const yaml::Node* n) {
  Value v;
  v.at = n;
  if (!n || n->is_null()) return v;
  if (!spend(n->value.size() + kItemBytes)) return Value::unknown(kTooComplex, n);
  if (n->is_scalar()) {
    Value s = Value::scalar(std::string(n->value), n, n->plain);
    if (embedded_)
      if (auto m = embedded_->secret.find(n); m != embedded_->secret.end()) s.secret = m->second;
    return s;
  }
  if (n->is_map()) {
    v.kind = Value::Kind::Map;
    v.map = n;
    return v;
  }
  v.kind = Value::Kind::List;
  if (!budget()) return Value::unknown("the value is too complex to evaluate", n);
  ++depth_;
  for (const yaml::Node* c : n->items) v.items.push_back(literal(c));
  --depth_;
  return v;
}

Value Evaluator::parameter(std::string_view name, const yaml::Node* at) {
  const yaml::Node* decl = params_ ? params_->find(name) : nullptr;
  if (!decl)
    return Value::unknown("Ref to " + std::string(name) + ", which the template does not declare", at);
  std::string type;
  if (const yaml::Node* t = decl->find("Type"); t && t->is_scalar()) type = std::string(t->value);
  std::string s;
  std::string via = "parameter " + std::string(name);
  // NoEcho: CloudFormation masks the value everywhere it shows it; so do we.
  bool no_echo = false;
  if (const yaml::Node* ne = decl->find("NoEcho"); ne && ne->is_scalar())
    no_echo = ne->value == "true" || ne->value == "True" || ne->value == "TRUE";
  std::string passed_secret;
  auto g = given_.find(name);
  auto pv = passed_ ? passed_->values.find(name) : decltype(passed_->values.end()){};
  if (passed_ && pv != passed_->values.end()) {
    // The parent's value, as CloudFormation hands it over: a string (a list is passed joined by commas).
    const Value& p = pv->second;
    std::string from = "the parent stack's " + passed_->stack;
    if (p.is_unknown())
      return Value::unknown("parameter " + std::string(name) + " is passed by " + from + " as a value that " +
                                "cannot be known: " + p.text,
                            at);
    if (p.is_scalar()) {
      s = p.text;
    } else if (p.kind == Value::Kind::List) {
      for (size_t i = 0; i < p.items.size(); ++i) {
        if (!p.items[i].is_scalar())
          return Value::unknown("parameter " + std::string(name) + " is passed by " + from +
                                    " as a list that holds something other than strings",
                                at);
        if (!p.items[i].secret.empty()) passed_secret = p.items[i].secret;
        s += (i ? "," : "") + p.items[i].text;
      }
    } else {
      return Value::unknown("parameter " + std::string(name) + " is passed by " + from + " as " +
                                (p.is_no_value() ? "AWS::NoValue" : "something other than a string"),
                            at);
    }
    if (!spend(s.size() + kItemBytes)) return Value::unknown(kTooComplex, at);
    if (!p.secret.empty()) passed_secret = p.secret;
    via += " (passed by " + passed_->stack + (p.via.empty() ? "" : " from " + p.via) + ")";
  } else if (!passed_ && g != given_.end()) {
    if (!spend(g->second.size() + kItemBytes)) return Value::unknown(kTooComplex, at);
    s = g->second;
  } else {
    const yaml::Node* d = decl->find("Default");
    if ((!d || d->is_null()) && passed_)
      return Value::unknown("parameter " + std::string(name) + " has no Default and the parent stack's " +
                                passed_->stack + " passes no value for it",
                            at);
    if (!d || d->is_null())
      return Value::unknown("parameter " + std::string(name) +
                                " has no Default and no value was given (--parameter " + std::string(name) +
                                "=...)",
                            at);
    if (!d->is_scalar())
      return Value::unknown("the Default of parameter " + std::string(name) + " is not a string", at);
    if (!spend(d->value.size() + kItemBytes)) return Value::unknown(kTooComplex, at);
    s = std::string(d->value);
    via += " (Default)";
  }
  if (!passed_secret.empty()) no_echo = true;  // the parent's value is a secret: so is this
  if (type.rfind("AWS::SSM::Parameter::Value<", 0) == 0)
    return Value::unknown("parameter " + std::string(name) + " is read from the Systems Manager parameter " +
                              (no_echo ? std::string("(sensitive)") : "\"" + s + "\"") + " at deployment",
                          at);
  Value v;
  if (type == "CommaDelimitedList" || type.rfind("List<", 0) == 0) {
    v.kind = Value::Kind::List;
    for (auto& part : split(s, ",")) {
      if (!spend(kItemBytes)) return Value::unknown(kTooComplex, at);
      v.items.push_back(Value::scalar(part, at));
      if (no_echo) v.items.back().secret = "(sensitive)";
    }
  } else {
    v = Value::scalar(s, at);
  }
  v.at = at;
  v.via = std::move(via);
  if (no_echo) v.secret = passed_secret.empty() ? "(sensitive)" : passed_secret;
  return v;
}

Value Evaluator::ref(std::string_view name, const yaml::Node* at) {
  if (name == "AWS::NoValue") {
    Value v;
    v.kind = Value::Kind::NoValue;
    v.at = at;
    return v;
  }
  if (is_pseudo(name)) {
    auto p = opts_.pseudo.find(std::string(name));
    if (p != opts_.pseudo.end()) {
      Value v = Value::scalar(p->second, at);
      v.via = std::string(name);
      return v;
    }
    return Value::unknown(std::string(name) + " is not known before deployment" + flag_hint(name), at);
  }
  if (params_ && params_->find(name)) return parameter(name, at);
  if (resources_ && resources_->find(name))
    return Value::unknown("Ref to resource " + std::string(name) + " is known only after deployment", at);
  if (external(name))
    return Value::unknown("Ref to resource " + std::string(name) + " (generated by the " +
                              (embedded_->kind == "serverless" ? "Serverless Framework" : embedded_->kind) +
                              ") is known only after deployment",
                          at);
  return Value::unknown("Ref to " + std::string(name) + ", which the template does not declare", at);
}

std::optional<Value> Evaluator::output_of(std::string_view id, std::string_view attr, const yaml::Node* at) {
  constexpr std::string_view kOutputs = "Outputs.";
  if (!stack_output_ || attr.substr(0, kOutputs.size()) != kOutputs) return std::nullopt;
  std::optional<Value> v = stack_output_(id, attr.substr(kOutputs.size()), at);
  if (v && v->at == nullptr) v->at = at;
  return v;
}

bool Evaluator::external(std::string_view id) const {
  return embedded_ && embedded_->external.count(id) > 0;
}

Value Evaluator::eval(const yaml::Node* n) {
  if (!n) return Value{};
  if (embedded_)
    if (auto u = embedded_->unknown.find(n); u != embedded_->unknown.end())
      return Value::unknown(u->second, n);
  if (!budget()) return Value::unknown("the value is too complex to evaluate", n);
  auto in = as_intrinsic(n);
  if (!in) {
    if (n->is_seq()) {
      Value v;
      v.kind = Value::Kind::List;
      v.at = n;
      ++depth_;
      for (const yaml::Node* c : n->items) {
        Value item = eval(c);
        if (item.is_no_value()) continue;  // AWS::NoValue in a list removes the item
        v.items.push_back(std::move(item));
      }
      --depth_;
      return v;
    }
    return literal(n);
  }
  const yaml::Node* a = in->arg;
  std::string_view f = in->name;
  ++depth_;
  Value out;
  if (f == "Ref") {
    out = a && a->is_scalar() ? ref(a->value, n) : Value::unknown("Ref needs a name", n);
  } else if (f == "Fn::Sub") {
    out = fn_sub(a, n);
  } else if (f == "Fn::If") {
    out = fn_if(a, n);
  } else if (f == "Fn::FindInMap") {
    out = fn_find_in_map(a, n);
  } else if (f == "Fn::Join") {
    out = fn_join(a, n);
  } else if (f == "Fn::Select") {
    out = fn_select(a, n);
  } else if (f == "Fn::Split") {
    out = fn_split(a, n);
  } else if (f == "Fn::Base64") {
    out = fn_base64(a, n);
  } else if (f == "Fn::GetAtt") {
    std::string what = a && a->is_scalar() ? std::string(a->value) : "";
    if (a && a->is_seq() && a->items.size >= 2 && a->items[0]->is_scalar() && a->items[1]->is_scalar())
      what = std::string(a->items[0]->value) + "." + std::string(a->items[1]->value);
    size_t dot = what.find('.');
    std::optional<Value> o;
    if (dot != std::string::npos)
      o = output_of(std::string_view(what).substr(0, dot), std::string_view(what).substr(dot + 1), n);
    out = o ? *o : Value::unknown("Fn::GetAtt " + what + " is known only after deployment", n);
  } else if (f == "Fn::ImportValue") {
    out = Value::unknown("Fn::ImportValue reads another stack's export at deployment", n);
  } else if (f == "Fn::GetAZs") {
    out = Value::unknown("Fn::GetAZs lists the Availability Zones at deployment", n);
  } else if (f == "Fn::Length") {
    Value l = in->short_form ? (a->is_seq() ? [&] {
      Value v;
      v.kind = Value::Kind::List;
      for (const yaml::Node* c : a->items) {
        Value item = eval(c);
        if (!item.is_no_value()) v.items.push_back(std::move(item));
      }
      return v;
    }()
                                            : Value::unknown("Fn::Length needs a list", n))
                             : eval(a);
    if (l.is_unknown())
      out = l;
    else if (l.kind != Value::Kind::List)
      out = Value::unknown("Fn::Length needs a list", n);
    else
      out = Value::scalar(std::to_string(l.items.size()), n, true);
  } else {
    out = Value::unknown(std::string(f) + " is not evaluated before deployment", n);
  }
  --depth_;
  if (!out.at || out.kind == Value::Kind::Unknown) out.at = out.at ? out.at : n;
  return out;
}

Value Evaluator::fn_sub(const yaml::Node* a, const yaml::Node* at) {
  const yaml::Node* tpl = a;
  const yaml::Node* vars = nullptr;
  if (a && a->is_seq()) {
    tpl = seq_item(a, 0);
    vars = seq_item(a, 1);
    if (seq_size(a) != 2) return Value::unknown("Fn::Sub needs a string or [string, {variables}]", at);
  }
  if (!tpl || !tpl->is_scalar() || (tpl != a && as_intrinsic(tpl)))
    return Value::unknown("Fn::Sub needs a string", at);
  std::string_view s = tpl->value;
  std::string out, secret;
  std::vector<std::string> vias;
  size_t i = 0;
  while (i < s.size()) {
    size_t p = s.find("${", i);
    if (p == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, p - i));
    size_t close = s.find('}', p + 2);
    if (close == std::string_view::npos) {
      out.append(s.substr(p));
      break;
    }
    std::string_view name = s.substr(p + 2, close - p - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} is the text ${Literal}
      out += "${";
      out.append(name.substr(1));
      out += "}";
      continue;
    }
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    Value v;
    const yaml::Node* var = vars && vars->is_map() ? vars->find(name) : nullptr;
    if (var) {
      v = eval(var);
    } else if (name.find('.') != std::string_view::npos && !is_pseudo(name)) {
      size_t dot = name.find('.');
      std::optional<Value> o = output_of(name.substr(0, dot), name.substr(dot + 1), at);
      v = o ? *o : Value::unknown("${" + std::string(name) + "} is known only after deployment", at);
    } else {
      v = ref(name, at);
    }
    if (v.is_unknown()) return Value::unknown(v.text, at);
    if (!v.is_scalar()) return Value::unknown("${" + std::string(name) + "} is not a string", at);
    if (!v.via.empty()) vias.push_back(v.via);
    if (out.size() + v.text.size() > kMaxStringBytes) return Value::unknown(too_long("Fn::Sub"), at);
    if (secret.empty()) secret = v.secret;
    out += v.text;
  }
  if (out.size() > kMaxStringBytes) return Value::unknown(too_long("Fn::Sub"), at);
  if (!spend(out.size())) return Value::unknown(kTooComplex, at);
  Value r = Value::scalar(out, at);
  r.secret = secret;
  for (size_t k = 0; k < vias.size(); ++k) r.via += (k ? ", " : "") + vias[k];
  return r;
}

Value Evaluator::fn_if(const yaml::Node* a, const yaml::Node* at) {
  if (seq_size(a) != 3 || !seq_item(a, 0)->is_scalar())
    return Value::unknown("Fn::If needs [condition, value if true, value if false]", at);
  std::string_view cname = seq_item(a, 0)->value;
  CondResult c = condition(cname);
  if (c.truth == Truth::True) return eval(seq_item(a, 1));
  if (c.truth == Truth::False) return eval(seq_item(a, 2));
  Value t = eval(seq_item(a, 1));
  Value e = eval(seq_item(a, 2));
  if (!t.is_unknown() && !e.is_unknown() && values_equal(t, e)) return t;
  return Value::unknown(
      "condition " + std::string(cname) + " cannot be decided before deployment: " + c.reason, at);
}

Value Evaluator::fn_find_in_map(const yaml::Node* a, const yaml::Node* at) {
  size_t n = seq_size(a);
  if (n != 3 && n != 4)
    return Value::unknown("Fn::FindInMap needs [map, top-level key, second-level key]", at);
  const yaml::Node* dflt = nullptr;
  if (n == 4) {
    const yaml::Node* d = seq_item(a, 3);
    dflt = d && d->is_map() ? d->find("DefaultValue") : nullptr;
    if (!dflt) return Value::unknown("the fourth item of Fn::FindInMap must be {DefaultValue: ...}", at);
  }
  std::string keys[3], shown[3], secret;
  for (size_t i = 0; i < 3; ++i) {
    Value k = eval(seq_item(a, i));
    if (k.is_unknown()) return Value::unknown(k.text, at);
    if (!k.is_scalar()) return Value::unknown("Fn::FindInMap keys must be strings", at);
    keys[i] = k.text;
    shown[i] = k.render();
    if (secret.empty()) secret = k.secret;
  }
  const yaml::Node* m = mappings_ ? mappings_->find(keys[0]) : nullptr;
  const yaml::Node* top = m ? m->find(keys[1]) : nullptr;
  const yaml::Node* val = top ? top->find(keys[2]) : nullptr;
  if (!val) {
    if (dflt) {
      Value d = eval(dflt);
      if (d.secret.empty()) d.secret = secret;
      return d;
    }
    if (!m) return Value::unknown("mapping " + shown[0] + " is not declared in Mappings", at);
    return Value::unknown("mapping " + shown[0] + " has no value for " + shown[1] + "/" + shown[2], at);
  }
  Value v = literal(val);
  v.via = "mapping " + shown[0] + "." + shown[1] + "." + shown[2];
  if (!secret.empty()) {  // which entry was chosen tells something about the secret
    v.secret = secret;
    for (auto& item : v.items) item.secret = secret;
  }
  return v;
}

Value Evaluator::fn_join(const yaml::Node* a, const yaml::Node* at) {
  if (seq_size(a) != 2) return Value::unknown("Fn::Join needs [delimiter, list]", at);
  Value d = eval(seq_item(a, 0));
  if (d.is_unknown()) return Value::unknown(d.text, at);
  if (!d.is_scalar() && d.kind != Value::Kind::Null)
    return Value::unknown("Fn::Join needs a string delimiter", at);
  Value l = eval(seq_item(a, 1));
  if (l.is_unknown()) return Value::unknown(l.text, at);
  if (l.kind != Value::Kind::List) return Value::unknown("Fn::Join needs a list", at);
  std::string out, secret = !d.secret.empty() ? d.secret : l.secret;
  for (size_t i = 0; i < l.items.size(); ++i) {
    const Value& it = l.items[i];
    if (it.is_unknown()) return Value::unknown(it.text, at);
    if (!it.is_scalar()) return Value::unknown("Fn::Join items must be strings", at);
    if (out.size() + d.text.size() + it.text.size() > kMaxStringBytes)
      return Value::unknown(too_long("Fn::Join"), at);
    if (i) out += d.text;
    out += it.text;
    if (secret.empty()) secret = it.secret;
  }
  if (!spend(out.size())) return Value::unknown(kTooComplex, at);
  Value r = Value::scalar(out, at);
  r.secret = secret;
  return r;
}

Value Evaluator::fn_select(const yaml::Node* a, const yaml::Node* at) {
  if (seq_size(a) != 2) return Value::unknown("Fn::Select needs [index, list]", at);
  Value idx = eval(seq_item(a, 0));
  if (idx.is_unknown()) return Value::unknown(idx.text, at);
  if (!idx.is_scalar() || idx.text.empty() || idx.text.size() > 9 ||
      idx.text.find_first_not_of("0123456789") != std::string::npos)
    return Value::unknown("Fn::Select needs a non-negative integer index", at);
  size_t i = std::strtoul(idx.text.c_str(), nullptr, 10);
  Value l = eval(seq_item(a, 1));
  if (l.is_unknown()) return Value::unknown(l.text, at);
  if (l.kind != Value::Kind::List) return Value::unknown("Fn::Select needs a list", at);
  if (i >= l.items.size()) return Value::unknown("Fn::Select index " + idx.render() + " is out of range", at);
  Value r = l.items[i];
  if (r.secret.empty()) r.secret = !idx.secret.empty() ? idx.secret : l.secret;
  return r;
}

Value Evaluator::fn_split(const yaml::Node* a, const yaml::Node* at) {
  if (seq_size(a) != 2) return Value::unknown("Fn::Split needs [delimiter, string]", at);
  Value d = eval(seq_item(a, 0));
  Value s = eval(seq_item(a, 1));
  if (d.is_unknown()) return Value::unknown(d.text, at);
  if (s.is_unknown()) return Value::unknown(s.text, at);
  if (!d.is_scalar() || !s.is_scalar()) return Value::unknown("Fn::Split needs a delimiter and a string", at);
  Value v;
  v.kind = Value::Kind::List;
  v.at = at;
  for (auto& part : split(s.text, d.text)) {
    if (!spend(part.size() + kItemBytes)) return Value::unknown(kTooComplex, at);
    v.items.push_back(Value::scalar(part, at));
    v.items.back().secret = !s.secret.empty() ? s.secret : d.secret;
  }
  v.secret = !s.secret.empty() ? s.secret : d.secret;
  return v;
}

Value Evaluator::fn_base64(const yaml::Node* a, const yaml::Node* at) {
  Value s = (a == at) ? literal(a) : eval(a);  // short form: the tagged node itself is the string
  if (s.is_unknown()) return Value::unknown(s.text, at);
  if (!s.is_scalar()) return Value::unknown("Fn::Base64 needs a string", at);
  if (s.text.size() / 3 * 4 > kMaxStringBytes) return Value::unknown(too_long("Fn::Base64"), at);
  if (!spend(s.text.size() / 3 * 4 + 4)) return Value::unknown(kTooComplex, at);
  Value r = Value::scalar(base64(s.text), at);
  r.secret = s.secret;
  return r;
}

CondResult Evaluator::condition(std::string_view name) {
  auto c = cond_cache_.find(name);
  if (c != cond_cache_.end()) return c->second;
  const yaml::Node* def = conditions_ ? conditions_->find(name) : nullptr;
  if (!def)
    return CondResult{Truth::Unknown, "condition " + std::string(name) + " is not declared in Conditions"};
  if (cond_busy_[std::string(name)])
    return CondResult{Truth::Unknown, "condition " + std::string(name) + " refers to itself"};
  cond_busy_[std::string(name)] = true;
  CondResult r = condition_expr(def);
  cond_busy_[std::string(name)] = false;
  cond_cache_.emplace(std::string(name), r);
  return r;
}

CondResult Evaluator::condition_expr(const yaml::Node* n) {
  if (!budget()) return CondResult{Truth::Unknown, "the condition is too complex to evaluate"};
  auto in = as_intrinsic(n, true);
  if (!in) {
    // A bare name inside Fn::And/Or/Not is not valid; be lenient with {"Condition": X} only.
    return CondResult{Truth::Unknown, "not a condition function"};
  }
  const yaml::Node* a = in->arg;
  ++depth_;
  CondResult out;
  if (in->name == "Condition") {
    out = a && a->is_scalar() ? condition(a->value) : CondResult{Truth::Unknown, "Condition needs a name"};
  } else if (in->name == "Fn::Equals") {
    if (seq_size(a) != 2) {
      out = CondResult{Truth::Unknown, "Fn::Equals needs two values"};
    } else {
      Value x = eval(seq_item(a, 0));
      Value y = eval(seq_item(a, 1));
      if (x.is_unknown())
        out = CondResult{Truth::Unknown, x.text};
      else if (y.is_unknown())
        out = CondResult{Truth::Unknown, y.text};
      else
        out = CondResult{values_equal(x, y) ? Truth::True : Truth::False, ""};
    }
  } else if (in->name == "Fn::Not") {
    CondResult c = seq_size(a) == 1 ? condition_expr(seq_item(a, 0))
                                    : CondResult{Truth::Unknown, "Fn::Not needs one condition"};
    if (c.truth == Truth::True)
      out = CondResult{Truth::False, ""};
    else if (c.truth == Truth::False)
      out = CondResult{Truth::True, ""};
    else
      out = c;
  } else if (in->name == "Fn::And" || in->name == "Fn::Or") {
    bool is_and = in->name == "Fn::And";
    Truth decisive = is_and ? Truth::False : Truth::True;
    out = CondResult{is_and ? Truth::True : Truth::False, ""};
    if (seq_size(a) == 0) out = CondResult{Truth::Unknown, std::string(in->name) + " needs conditions"};
    for (size_t i = 0; i < seq_size(a); ++i) {
      CondResult c = condition_expr(seq_item(a, i));
      if (c.truth == decisive) {
        out = c;
        break;
      }
      if (c.truth == Truth::Unknown && out.truth != Truth::Unknown) out = c;
    }
  } else {
    out = CondResult{Truth::Unknown, std::string(in->name) + " is not a condition function"};
  }
  --depth_;
  return out;
}

}  // namespace cs::cfn
