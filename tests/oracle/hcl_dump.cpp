// cs_hcl_dump: parse .tf files with cloudsift's HCL parser and print each as one JSON line in the
// shape produced by @cdktf/hcl2json (tmccombs/hcl2json's converter, cdktf fork, Simplify off):
//   {"path": "...", "error": null | "line:col: message", "value": {...}}
// Rendering rules mirrored from that converter (so the oracle can compare structurally):
//  - blocks nest by type then labels into objects, each block body is appended to an array;
//    attributes are set after the blocks of a body (an attribute overwrites a same-named block);
//  - literals become JSON values, unary -/! of a literal is folded, tuples/objects recurse;
//  - templates render part by part: literals with "${"/"%{" re-escaped as "$${"/"%%{",
//    interpolations as "${<source of the expression>}", %{if}/%{for} directives re-rendered
//    (a conditional expression used as a template part is rendered as an %{if} too);
//  - anything else is "${<source text>}", where the source text also takes a directly following ")".
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "syntax/hcl/ast.h"

namespace {

using namespace cs::hcl;

struct JMember;

struct J {
  enum T { Null, Bool, Num, Str, Arr, Obj } t = Null;
  bool b = false;
  double n = 0;
  std::string s;
  std::vector<J> a;
  // Not std::pair<std::string, J>: a pair needs J complete where it is named (libstdc++ under clang).
  std::vector<JMember> o;

  static J str(std::string v);
  J* find(const std::string& k);
  J& set(const std::string& k, J v);
};

struct JMember {
  std::string first;
  J second;
  JMember(std::string k, J v) : first(std::move(k)), second(std::move(v)) {}
};

J J::str(std::string v) {
  J j;
  j.t = Str;
  j.s = std::move(v);
  return j;
}

J* J::find(const std::string& k) {
  for (auto& m : o)
    if (m.first == k) return &m.second;
  return nullptr;
}

J& J::set(const std::string& k, J v) {
  if (J* e = find(k)) {
    *e = std::move(v);
    return *e;
  }
  o.emplace_back(k, std::move(v));
  return o.back().second;
}

void write_str(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string num_str(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

void write(std::string& out, const J& j) {
  switch (j.t) {
    case J::Null:
      out += "null";
      break;
    case J::Bool:
      out += j.b ? "true" : "false";
      break;
    case J::Num:
      if (std::isfinite(j.n))
        out += num_str(j.n);
      else
        out += "null";
      break;
    case J::Str:
      write_str(out, j.s);
      break;
    case J::Arr:
      out += '[';
      for (size_t i = 0; i < j.a.size(); ++i) {
        if (i) out += ',';
        write(out, j.a[i]);
      }
      out += ']';
      break;
    case J::Obj:
      out += '{';
      for (size_t i = 0; i < j.o.size(); ++i) {
        if (i) out += ',';
        write_str(out, j.o[i].first);
        out += ':';
        write(out, j.o[i].second);
      }
      out += '}';
      break;
  }
}

struct ConvertError {
  std::string msg;
};

class Converter {
 public:
  explicit Converter(const File& f) : f_(f) {}

  J body(const Body* b) {
    J out;
    out.t = J::Obj;
    for (const Block* blk : b->blocks) block(blk, out);
    for (const Attribute& a : b->attributes) out.set(std::string(a.name), expr(a.expr));
    return out;
  }

 private:
  void block(const Block* blk, J& root) {
    J* out = &root;
    std::string key(blk->type);
    for (const BlockLabel& l : blk->labels) {
      if (J* e = out->find(key)) {
        if (e->t != J::Obj) throw ConvertError{"Unable to convert Block to JSON"};
        out = e;
      } else {
        J o;
        o.t = J::Obj;
        out = &out->set(key, std::move(o));
      }
      key = std::string(l.value);
    }
    J v = body(blk->body);
    if (J* e = out->find(key)) {
      if (e->t != J::Arr) throw ConvertError{"block/attribute type clash"};
      e->a.push_back(std::move(v));
    } else {
      J arr;
      arr.t = J::Arr;
      arr.a.push_back(std::move(v));
      out->set(key, std::move(arr));
    }
  }

  std::string source(Range r) {
    const std::string& s = f_.src;
    uint32_t b = r.begin.offset, e = r.end.offset;
    if (e >= s.size()) throw ConvertError{"range at end of file (converter would index out of range)"};
    if (s[e] == ')') ++e;
    return s.substr(b, e - b);
  }
  std::string wrap(const Expr* e) { return "${" + source(e->range) + "}"; }

  static std::string escape_lit(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if ((v[i] == '$' || v[i] == '%') && i + 1 < v.size() && v[i + 1] == '{') out += v[i];
      out += v[i];
    }
    return out;
  }

  J literal(const LiteralExpr* l) {
    J j;
    if (l->lit == LiteralKind::Bool) {
      j.t = J::Bool;
      j.b = l->boolean;
    } else if (l->lit == LiteralKind::Number) {
      j.t = J::Num;
      j.n = l->number;
    }
    return j;
  }

  J expr(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Literal:
        return literal(as<LiteralExpr>(e));
      case ExprKind::Unary: {
        auto* u = as<UnaryExpr>(e);
        if (u->operand->kind != ExprKind::Literal) return J::str(wrap(e));
        J v = literal(as<LiteralExpr>(u->operand));
        if (u->op == UnaryOp::Negate && v.t == J::Num) {
          v.n = -v.n;
          return v;
        }
        if (u->op == UnaryOp::Not && v.t == J::Bool) {
          v.b = !v.b;
          return v;
        }
        throw ConvertError{"invalid unary operand"};
      }
      case ExprKind::Template:
        return J::str(tmpl(as<TemplateExpr>(e)));
      case ExprKind::TemplateWrap:
        return expr(as<TemplateWrapExpr>(e)->wrapped);
      case ExprKind::Tuple: {
        J j;
        j.t = J::Arr;
        for (const Expr* i : as<TupleExpr>(e)->items) j.a.push_back(expr(i));
        return j;
      }
      case ExprKind::Object: {
        J j;
        j.t = J::Obj;
        for (const ObjectItem& it : as<ObjectExpr>(e)->items) {
          std::string k = it.key->kind == ExprKind::ScopeTraversal ? source(it.key->range) : part(it.key);
          j.set(k, expr(it.value));
        }
        return j;
      }
      default:
        return J::str(wrap(e));
    }
  }

  std::string tmpl(const TemplateExpr* t) {
    std::string out;
    for (const TemplatePart& p : t->parts) out += p.expr ? part(p.expr) : escape_lit(p.literal);
    return out;
  }

  std::string part(const Expr* e) {
    switch (e->kind) {
      case ExprKind::Literal: {
        auto* l = as<LiteralExpr>(e);
        if (l->lit == LiteralKind::Bool) return l->boolean ? "true" : "false";
        if (l->lit == LiteralKind::Number) return num_str(l->number);
        throw ConvertError{"null in string context"};
      }
      case ExprKind::Template:
        return tmpl(as<TemplateExpr>(e));
      case ExprKind::TemplateWrap:
        return part(as<TemplateWrapExpr>(e)->wrapped);
      case ExprKind::TemplateIf: {
        auto* n = as<TemplateIfExpr>(e);
        std::string out = "%{if " + source(n->cond->range) + "}" + tmpl(n->then_part);
        std::string f = n->else_part ? tmpl(n->else_part) : std::string();
        if (!f.empty()) out += "%{else}" + f;
        return out + "%{endif}";
      }
      case ExprKind::Conditional: {
        auto* n = as<ConditionalExpr>(e);
        std::string out = "%{if " + source(n->cond->range) + "}" + part(n->true_result);
        std::string f = part(n->false_result);
        if (!f.empty()) out += "%{else}" + f;
        return out + "%{endif}";
      }
      case ExprKind::TemplateFor: {
        auto* n = as<TemplateForExpr>(e);
        std::string out = "%{for ";
        if (!n->key_var.empty()) out += std::string(n->key_var) + ", ";
        out += std::string(n->value_var) + " in " + source(n->coll->range) + "}";
        return out + tmpl(n->body) + "%{endfor}";
      }
      default:
        return wrap(e);
    }
  }

  const File& f_;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-") {
      std::string line;
      while (std::getline(std::cin, line))
        if (!line.empty()) files.push_back(line);
    } else {
      files.push_back(a);
    }
  }
  std::string out;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = parse(path, ss.str());
    out.clear();
    out += "{\"path\":";
    write_str(out, path);
    out += ",\"error\":";
    if (!f->ok()) {
      const auto& d = f->diags.front();
      write_str(out, std::to_string(d.line) + ":" + std::to_string(d.col) + ": " + d.message);
      out += ",\"value\":null}\n";
    } else {
      try {
        J v = Converter(*f).body(f->body);
        out += "null,\"value\":";
        write(out, v);
        out += "}\n";
      } catch (const ConvertError& e) {
        out.resize(out.size() - 0);
        write_str(out, "convert: " + e.msg);
        out += ",\"value\":null}\n";
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return 0;
}
