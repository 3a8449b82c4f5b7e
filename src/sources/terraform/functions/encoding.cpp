// Encoding functions: jsonencode/jsondecode, base64*, textencodebase64, urlencode, csvdecode, yaml*.
#include "sources/terraform/functions/library.h"
#include "sources/terraform/tfjson.h"
#include "syntax/json/json.h"

#include <cctype>
#include <unordered_map>

namespace cs::tf::fnlib {

namespace {
// Nesting jsondecode reads (deeper is an error, "exceeded max depth", so that a hostile string cannot
// exhaust the stack of the evaluation that converts it).
constexpr unsigned kJsonMaxDepth = 500;

// cty decodes a JSON text in two passes: the type is implied from the text (an object's attribute from
// the LAST occurrence of its key), then the whole text is decoded into that type. So every earlier
// occurrence of a duplicate key must fit the type of the last one, or jsondecode fails with cty's
// message; the value kept is the last one. Checked only where a key repeats (in document order, as cty
// reports the first error).
class DuplicateKeys {
 public:
  // "" when every duplicate fits, else cty's message.
  std::string check(const json::Node* n) {
    if (n->is_array()) {
      for (const json::Node* item : n->items())
        if (auto e = check(item); !e.empty()) return e;
    } else if (n->is_object()) {
      const auto& last = last_of(n);
      for (const json::Member& m : n->members()) {
        const json::Node* l = last.at(m.key);
        if (auto e = l == m.value ? check(m.value) : fits(m.value, l); !e.empty()) return e;
      }
    }
    return "";
  }

 private:
  // Does `v` decode into the type implied by `t` (a null `t` implies the dynamic pseudo-type)?
  std::string fits(const json::Node* v, const json::Node* t) {
    if (v->is_null()) return "";
    switch (t->kind) {
      case json::Kind::Null:  // dynamic: only {"value": ..., "type": ...} is read
        if (!v->is_object()) return "missing expected {";
        for (const json::Member& m : v->members())
          if (m.key != "value" && m.key != "type")
            return "invalid key \"" + std::string(m.key) + "\" in dynamically-typed value";
        return "";
      case json::Kind::Object: {
        if (!v->is_object()) return "missing expected {";
        const auto& attrs = last_of(t);
        for (const json::Member& m : v->members()) {
          auto it = attrs.find(m.key);
          if (it == attrs.end()) return "unsupported attribute \"" + std::string(m.key) + "\"";
          if (auto e = fits(m.value, it->second); !e.empty()) return e;
        }
        return "";
      }
      case json::Kind::Array: {
        if (!v->is_array()) return "missing expected [";
        size_t need = t->items().size, i = 0;
        for (const json::Node* item : v->items()) {
          if (i >= need) return "too many tuple elements (need " + std::to_string(need) + ")";
          if (auto e = fits(item, t->items()[i]); !e.empty()) return e;
          ++i;
        }
        if (i < need) return "not enough tuple elements (need " + std::to_string(need) + ")";
        return "";
      }
      case json::Kind::Number:
        if (v->is_number()) return "";
        if (v->is_string()) return decimal(v->text()) ? "" : "a number is required";
        return "number is required";
      case json::Kind::String:
        return v->is_array() || v->is_object() ? "string is required" : "";
      case json::Kind::Bool:
        if (v->is_bool()) return "";
        if (v->is_string()) {
          std::string_view b = v->text();
          return b == "true" || b == "false" || b == "1" || b == "0" ? "" : "a bool is required";
        }
        return "bool is required";
    }
    return "";
  }

  // A number as cty parses one from a string: [sign] digits [. digits] [e [sign] digits].
  static bool decimal(std::string_view s) {
    size_t i = 0, digits = 0;
    auto digit = [&] { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    for (; digit(); ++i) ++digits;
    if (i < s.size() && s[i] == '.')
      for (++i; digit(); ++i) ++digits;
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      size_t e = i;
      while (digit()) ++i;
      if (i == e) return false;
    }
    return i == s.size();
  }

  // An object's members by key, the last occurrence of each (built once per object).
  const std::unordered_map<std::string_view, const json::Node*>& last_of(const json::Node* n) {
    auto [it, fresh] = last_.try_emplace(n);
    if (fresh)
      for (const json::Member& m : n->members()) it->second[m.key] = m.value;
    return it->second;
  }

  std::unordered_map<const json::Node*, std::unordered_map<std::string_view, const json::Node*>> last_;
};
}  // namespace

void add_encoding_functions(Registry& r) {
  // ----- encoding -----
  r.add(
      "jsonencode", 1, 1, {"val"},
      [](const Args& a, EvalContext&) {
        std::function<bool(const Value&)> has_inf = [&](const Value& v) {
          if (v.is_number()) return std::isinf(v.as_number());
          for (const auto& e : v.items())
            if (has_inf(e)) return true;
          for (const auto& [k, e] : v.attrs())
            if (has_inf(e)) return true;
          return false;
        };
        if (has_inf(a[0])) return call_error("jsonencode", "value cannot be encoded as JSON: infinity");
        return Value::string(detail::json_encode(a[0]));
      },
      false, true);
  r.add("jsondecode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    // Every element but the first follows a ',' or opens a container: an upper bound, counted first.
    uint64_t elems = 1;
    for (char c : s) elems += c == ',' || c == '[' || c == '{';
    if (Value refused; refuse_size(elems, s.size(), refused)) return refused;
    // Read as Terraform does (Go's encoding/json through cty): results and error texts alike.
    json::ParseOptions go;
    go.go = true;
    go.max_depth = kJsonMaxDepth;
    Arena arena;
    Diagnostics diags;
    const json::Node* root = json::parse(s, "", arena, diags, go);
    if (!root)
      return call_error("jsondecode", diags.empty() ? std::string("invalid JSON") : diags[0].message);
    if (std::string e = DuplicateKeys().check(root); !e.empty()) return call_error("jsondecode", e);
    return json_to_value(root);
  });
  r.add("base64encode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    return Value::string(detail::base64_encode(s));
  });
  r.add("base64decode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s, out;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    if (!detail::base64_decode(s, out))
      return call_error("base64decode", "failed to decode base64 data \"" + s + "\"");
    if (!valid_utf8(out))
      return call_error("base64decode", "the result of decoding the provided string is not valid UTF-8");
    return Value::string(out);
  });
  r.add("textencodebase64", 2, 2, {"string", "encoding"}, [](const Args& a, EvalContext&) {
    std::string s, enc;
    Value err;
    if (!get_string(a[0], "string", s, err) || !get_string(a[1], "encoding", enc, err)) return err;
    std::string low;
    for (char c : enc) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low != "utf-8" && low != "utf8") return Value::unknown("textencodebase64 supports only UTF-8 here");
    return Value::string(detail::base64_encode(s));
  });
  r.add("textdecodebase64", 2, 2, {"source", "encoding"}, [](const Args& a, EvalContext&) {
    std::string s, enc, out;
    Value err;
    if (!get_string(a[0], "source", s, err) || !get_string(a[1], "encoding", enc, err)) return err;
    std::string low;
    for (char c : enc) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low != "utf-8" && low != "utf8") return Value::unknown("textdecodebase64 supports only UTF-8 here");
    if (!detail::base64_decode(s, out))
      return call_error("textdecodebase64", "invalid source string: illegal base64 data");
    return Value::string(out);
  });
  r.add("urlencode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return Value::string(out);
  });
  r.add("csvdecode", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    uint64_t cells = 1;
    for (char c : s) cells += c == ',' || c == '\n';
    if (Value refused; refuse_size(cells * 2, s.size() * 2, refused)) return refused;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool inq = false, any = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (inq) {
        if (c == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            inq = false;
          }
        } else {
          field += c;
        }
        continue;
      }
      if (c == '"' && field.empty()) {
        inq = true;
        any = true;
      } else if (c == ',') {
        row.push_back(field);
        field.clear();
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        if (any || !field.empty()) {
          row.push_back(field);
          rows.push_back(row);
        }
        row.clear();
        field.clear();
        any = false;
      } else {
        field += c;
        any = true;
      }
    }
    if (inq) return call_error("csvdecode", "extraneous or missing \" in quoted-field");
    if (any || !field.empty()) {
      row.push_back(field);
      rows.push_back(row);
    }
    if (rows.empty()) return call_error("csvdecode", "missing header line");
    ValueList out;
    for (size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() != rows[0].size())
        return call_error("csvdecode",
                          "record on line " + std::to_string(r + 1) + ": wrong number of fields");
      ValueMap obj;
      for (size_t c = 0; c < rows[0].size(); ++c) obj.insert_or_assign(rows[0][c], Value::string(rows[r][c]));
      out.push_back(Value::object(std::move(obj)));
    }
    return make_list(std::move(out));
  });
  r.unknown_fn("yamldecode", 1, 1, "is not supported (YAML decoding is not implemented)");
  r.unknown_fn("yamlencode", 1, 1, "is not supported (YAML encoding is not implemented)");
  r.unknown_fn("base64gzip", 1, 1, "is not supported");
}

}  // namespace cs::tf::fnlib
