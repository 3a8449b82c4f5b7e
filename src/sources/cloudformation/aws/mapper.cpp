#include "sources/cloudformation/aws/mapper.h"

namespace cs::cfn::aws::util {

model::Location loc(const std::string& file, const yaml::Node* n) {
  model::Location l;
  l.file = file;
  if (n) {
    l.line = n->line;
    l.col = n->col;
  }
  return l;
}

void add_note(std::string& note, const std::string& more) {
  if (more.empty()) return;
  if (!note.empty()) note += "; ";
  note += more;
}

std::string sketch(const yaml::Node* n, int depth) {
  if (!n || depth > 16) return "?";
  auto in = as_intrinsic(n);
  if (!in) return n->is_scalar() ? std::string(n->value) : "?";
  const yaml::Node* a = in->arg;
  if (in->name == "Fn::Sub") {
    const yaml::Node* t = a && a->is_seq() && a->items.size ? a->items[0] : a;
    if (!t || !t->is_scalar()) return "?";
    // Each ${...} is a part that cannot be known here ("${AWS::Partition}" holds colons of its own).
    std::string out;
    std::string_view v = t->value;
    for (size_t i = 0; i < v.size(); ++i) {
      size_t close =
          v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{' ? v.find('}', i) : std::string_view::npos;
      if (close == std::string_view::npos) {
        out += v[i];
      } else {
        out += '?';
        i = close;
      }
    }
    return out;
  }
  if (in->name == "Fn::Join" && a && a->is_seq() && a->items.size == 2 && a->items[1]->is_seq()) {
    std::string d = a->items[0]->is_scalar() ? std::string(a->items[0]->value) : "";
    std::string out;
    for (size_t i = 0; i < a->items[1]->items.size; ++i)
      out += (i ? d : "") + sketch(a->items[1]->items[i], depth + 1);
    return out;
  }
  return "?";
}

std::string referenced_id(const yaml::Node* n) {
  auto in = as_intrinsic(n);
  if (!in || !in->arg) return "";
  if (in->name == "Ref" && in->arg->is_scalar()) return std::string(in->arg->value);
  if (in->name == "Fn::GetAtt") {
    if (in->arg->is_scalar()) {
      std::string_view s = in->arg->value;
      return std::string(s.substr(0, s.find('.')));
    }
    if (in->arg->is_seq() && in->arg->items.size >= 1 && in->arg->items[0]->is_scalar())
      return std::string(in->arg->items[0]->value);
  }
  return "";
}

bool exists(Evaluator& ev, const yaml::Node* def, std::string* note) {
  const yaml::Node* c = def->find("Condition");
  if (!c || !c->is_scalar()) return true;
  CondResult r = ev.condition(c->value);
  if (r.truth == Truth::False) return false;
  if (r.truth == Truth::Unknown)
    *note = "exists only if condition " + std::string(c->value) +
            " holds, which cannot be decided before "
            "deployment: " +
            r.reason;
  return true;
}

const yaml::Node* as_map(Evaluator& ev, const yaml::Node* n) {
  if (!n) return nullptr;
  if (n->is_map() && !as_intrinsic(n)) return n;
  Value v = ev.eval(n);
  return v.kind == Value::Kind::Map ? v.map : nullptr;
}

}  // namespace cs::cfn::aws::util
