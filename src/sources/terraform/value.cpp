#include "sources/terraform/value.h"

#include "sources/terraform/budget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace cs::tf {

namespace {

const std::string& empty_string() {
  static const std::string s;
  return s;
}
const ValueList& empty_list() {
  static const ValueList l;
  return l;
}
const ValueMap& empty_map() {
  static const ValueMap m;
  return m;
}

int kind_rank(Value::Kind k) {
  return static_cast<int>(k);
}

// Shortest digits that read back as exactly `n` (scientific form "d.ddde+x").
std::string shortest_sci(double n, int precision = -1) {
  char buf[64];
  std::to_chars_result r;
  if (precision < 0)
    r = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::scientific);
  else
    r = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::scientific, precision);
  return std::string(buf, r.ptr);
}

// Rewrites "d.ddde+x" (or "de-x") as a plain decimal without exponent, trailing zeros removed.
std::string sci_to_plain(const std::string& sci) {
  std::string s = sci;
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s.erase(0, 1);
  }
  size_t e = s.find('e');
  int exp = 0;
  std::string mant = s;
  if (e != std::string::npos) {
    exp = std::atoi(s.c_str() + e + 1);
    mant = s.substr(0, e);
  }
  std::string digits;
  int int_digits = 0;  // digits before the decimal point in mant
  bool seen_point = false;
  for (char c : mant) {
    if (c == '.') {
      seen_point = true;
      continue;
    }
    digits += c;
    if (!seen_point) ++int_digits;
  }
  int point = int_digits + exp;  // position of the decimal point within digits
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out = digits + std::string(static_cast<size_t>(point - static_cast<int>(digits.size())), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  }
  // strip trailing zeros of a fractional part
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  // strip leading zeros of the integer part (keep one)
  size_t nz = 0;
  while (nz + 1 < out.size() && out[nz] == '0' && out[nz + 1] != '.') ++nz;
  out.erase(0, nz);
  if (out.empty()) out = "0";
  return neg ? "-" + out : out;
}

void render_string(std::string& out, const std::string& s) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
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
      case '$':
      case '%':
        out += c;
        if (i + 1 < s.size() && s[i + 1] == '{') out += c;  // "${" is written "$${"
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void render_into(std::string& out, const Value& v) {
  if (v.is_marked() && v.is_known()) {
    out += v.label();
    return;
  }
  switch (v.kind()) {
    case Value::Kind::Null:
      out += "null";
      return;
    case Value::Kind::Unknown:
      out += "(unknown)";
      return;
    case Value::Kind::Error:
      out += "(error: " + v.reason() + ")";
      return;
    case Value::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::Number:
      out += Value::format_number(v.as_number());
      return;
    case Value::Kind::String:
      render_string(out, v.as_string());
      return;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::Set: {
      const char* wrap = v.kind() == Value::Kind::List  ? "tolist("
                         : v.kind() == Value::Kind::Set ? "toset("
                                                        : "";
      out += wrap;
      out += '[';
      bool first = true;
      for (const auto& e : v.items()) {
        if (!first) out += ", ";
        first = false;
        render_into(out, e);
      }
      out += ']';
      if (*wrap) out += ')';
      return;
    }
    case Value::Kind::Map:
    case Value::Kind::Object: {
      bool is_map = v.kind() == Value::Kind::Map;
      if (is_map) out += "tomap(";
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.attrs()) {
        if (!first) out += ", ";
        first = false;
        render_string(out, k);
        out += " = ";
        render_into(out, e);
      }
      out += '}';
      if (is_map) out += ')';
      return;
    }
  }
}

// File paths of file marks, interned: a mark holds the path's id. Ids are never reused.
struct FileIds {
  std::mutex mu;
  std::vector<std::string> paths{std::string()};  // id 0: no file
  std::unordered_map<std::string, uint32_t> ids;
};
FileIds& file_ids() {
  static FileIds f;
  return f;
}

}  // namespace

uint32_t Value::merge_marks(uint32_t a, uint32_t b) {
  uint32_t flags = (a | b) & (kOwnBits | kContains);
  uint32_t file = (a >> kFileShift) ? (a >> kFileShift) : (b >> kFileShift);
  return flags | (file << kFileShift);
}

const std::string& Value::file_mark_path(uint32_t m) {
  FileIds& f = file_ids();
  std::lock_guard<std::mutex> lock(f.mu);
  uint32_t id = m >> kFileShift;
  return id < f.paths.size() ? f.paths[id] : f.paths[0];
}

std::string Value::mark_label(uint32_t m) {
  if (m & kSensitive) return "(sensitive)";
  if (m & kEnv) return "(from environment)";
  if (m & kFile) return "(from file " + file_mark_path(m) + ")";
  return "";
}

void Value::note_children() {
  bool any = false;
  if (list_)
    for (const auto& e : *list_) any = any || e.contains_marks();
  if (map_)
    for (const auto& [k, e] : *map_) any = any || e.contains_marks();
  if (any) marks_ |= kContains;
}

uint32_t Value::deep_marks() const {
  if (!contains_marks()) return 0;
  uint32_t m = marks();
  if (list_)
    for (const auto& e : *list_)
      if (e.contains_marks()) m = merge_marks(m, e.deep_marks());
  if (map_)
    for (const auto& [k, e] : *map_)
      if (e.contains_marks()) m = merge_marks(m, e.deep_marks());
  return m & kOwnMask;
}

Value Value::with_marks(uint32_t m) const {
  m &= kOwnMask;
  if ((m & kOwnBits) == 0) return *this;
  // Already marked so: everything inside is too (a mark always covers the whole value).
  if ((marks_ & m & kOwnBits) == (m & kOwnBits)) return *this;
  Value v = *this;
  v.marks_ = merge_marks(marks_, m) | kContains;
  if (list_) {
    ValueList items;
    items.reserve(list_->size());
    for (const auto& e : *list_) items.push_back(e.with_marks(m));
    v.list_ = std::make_shared<const ValueList>(std::move(items));
  }
  if (map_) {
    ValueMap items;
    for (const auto& [k, e] : *map_) items.emplace(k, e.with_marks(m));
    v.map_ = std::make_shared<const ValueMap>(std::move(items));
  }
  return v;
}

Value Value::with_file_mark(std::string_view path) const {
  FileIds& f = file_ids();
  uint32_t id;
  {
    std::lock_guard<std::mutex> lock(f.mu);
    auto it = f.ids.find(std::string(path));
    if (it != f.ids.end()) {
      id = it->second;
    } else {
      id = static_cast<uint32_t>(f.paths.size());
      if (id >= (1u << (32 - kFileShift)))
        id = 0;  // out of ids: the mark stays, without a path
      else {
        f.paths.emplace_back(path);
        f.ids.emplace(std::string(path), id);
      }
    }
  }
  return with_marks(kFile | (id << kFileShift));
}

Value Value::without_sensitive() const {
  if (!contains_marks()) return *this;
  Value v = *this;
  v.marks_ &= ~static_cast<uint32_t>(kSensitive);
  if (list_) {
    ValueList items;
    items.reserve(list_->size());
    for (const auto& e : *list_) items.push_back(e.without_sensitive());
    v.list_ = std::make_shared<const ValueList>(std::move(items));
  }
  if (map_) {
    ValueMap items;
    for (const auto& [k, e] : *map_) items.emplace(k, e.without_sensitive());
    v.map_ = std::make_shared<const ValueMap>(std::move(items));
  }
  v.marks_ &= ~kContains;
  if (v.is_marked()) v.marks_ |= kContains;
  v.note_children();
  return v;
}

Value Value::unknown(std::string reason) {
  Value v;
  v.kind_ = Kind::Unknown;
  v.wholly_known_ = false;
  v.s_ = std::make_shared<const std::string>(std::move(reason));
  return v;
}
Value Value::error(std::string message) {
  Value v;
  v.kind_ = Kind::Error;
  v.wholly_known_ = false;
  v.s_ = std::make_shared<const std::string>(std::move(message));
  return v;
}
Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}
Value Value::number(double n) {
  Value v;
  v.kind_ = Kind::Number;
  v.n_ = n == 0 ? 0.0 : n;  // Terraform has no negative zero in arithmetic results we care about
  return v;
}
// The evaluation budget (budget.h): a value is measured as it is built; one too large, or one built
// after the budget is spent, is unknown with the reason instead.
uint32_t Value::sat32(uint64_t n) {
  return n > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(n);
}
uint32_t Value::sat31(uint64_t n) {
  return n > 0x7fffffffu ? 0x7fffffffu : static_cast<uint32_t>(n);
}

bool Value::gate(const Value& v, uint64_t new_bytes, Value* refused) {
  EvalBudget* b = EvalBudget::active();
  if (!b) return true;
  std::string why;
  if (!b->fits(v.elems_, v.bytes_, &why)) {
    *refused = Value::unknown(std::move(why));
    return false;
  }
  if (!b->allocate(new_bytes)) {
    *refused = Value::unknown(b->reason());
    return false;
  }
  return true;
}

bool Value::measure(Value& v, const ValueList& items, Value* refused) {
  uint64_t e = 1, by = 0;
  for (const auto& i : items) {
    e += i.elems_;
    by += i.bytes_;
    v.wholly_known_ = v.wholly_known_ && i.wholly_known_;
  }
  v.elems_ = sat32(e);
  v.bytes_ = sat31(by);
  return gate(v, items.size() * sizeof(Value), refused);
}

bool Value::measure(Value& v, const ValueMap& items, Value* refused) {
  uint64_t e = 1, by = 0;
  for (const auto& [k, i] : items) {
    e += i.elems_;
    by += i.bytes_ + k.size();
    v.wholly_known_ = v.wholly_known_ && i.wholly_known_;
  }
  v.elems_ = sat32(e);
  v.bytes_ = sat31(by);
  return gate(v, items.size() * (sizeof(Value) + 64), refused);
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.bytes_ = sat31(s.size());
  if (Value refused; !gate(v, s.size(), &refused)) return refused;
  v.s_ = std::make_shared<const std::string>(std::move(s));
  return v;
}
unsigned Value::nest_depth(const ValueList& items) {
  unsigned d = 0;
  for (const auto& e : items) d = std::max<unsigned>(d, e.depth_);
  return d + 1;
}
unsigned Value::nest_depth(const ValueMap& items) {
  unsigned d = 0;
  for (const auto& [k, e] : items) d = std::max<unsigned>(d, e.depth_);
  return d + 1;
}
Value Value::too_deep() {
  return error("a value nests collections deeper than " + std::to_string(kMaxValueDepth) + " levels");
}

Value Value::list(ValueList items) {
  unsigned d = nest_depth(items);
  if (d > kMaxValueDepth) return too_deep();
  Value v;
  v.depth_ = static_cast<uint16_t>(d);
  v.kind_ = Kind::List;
  if (Value refused; !measure(v, items, &refused)) return refused;
  v.list_ = std::make_shared<const ValueList>(std::move(items));
  v.note_children();
  return v;
}
Value Value::tuple(ValueList items) {
  unsigned d = nest_depth(items);
  if (d > kMaxValueDepth) return too_deep();
  Value v;
  v.depth_ = static_cast<uint16_t>(d);
  v.kind_ = Kind::Tuple;
  if (Value refused; !measure(v, items, &refused)) return refused;
  v.list_ = std::make_shared<const ValueList>(std::move(items));
  v.note_children();
  return v;
}
Value Value::set(ValueList items) {
  unsigned d = nest_depth(items);
  if (d > kMaxValueDepth) return too_deep();
  std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) { return a.less(b); });
  ValueList out;
  out.reserve(items.size());
  for (auto& e : items) {
    if (!out.empty() && e.is_known() && out.back().is_known() && out.back().equals(e)) {
      out.back() = out.back().with_marks(e.deep_marks());  // one element now stands for both
      continue;
    }
    out.push_back(std::move(e));
  }
  Value v;
  v.depth_ = static_cast<uint16_t>(d);
  v.kind_ = Kind::Set;
  if (Value refused; !measure(v, out, &refused)) return refused;
  v.list_ = std::make_shared<const ValueList>(std::move(out));
  v.note_children();
  return v;
}
Value Value::map(ValueMap items) {
  unsigned d = nest_depth(items);
  if (d > kMaxValueDepth) return too_deep();
  Value v;
  v.depth_ = static_cast<uint16_t>(d);
  v.kind_ = Kind::Map;
  if (Value refused; !measure(v, items, &refused)) return refused;
  v.map_ = std::make_shared<const ValueMap>(std::move(items));
  v.note_children();
  return v;
}
Value Value::object(ValueMap items) {
  unsigned d = nest_depth(items);
  if (d > kMaxValueDepth) return too_deep();
  Value v;
  v.depth_ = static_cast<uint16_t>(d);
  v.kind_ = Kind::Object;
  if (Value refused; !measure(v, items, &refused)) return refused;
  v.map_ = std::make_shared<const ValueMap>(std::move(items));
  v.note_children();
  return v;
}

const std::string& Value::as_string() const {
  return s_ ? *s_ : empty_string();
}
const ValueList& Value::items() const {
  return is_sequence() && list_ ? *list_ : empty_list();
}
const ValueMap& Value::attrs() const {
  return is_mapping() && map_ ? *map_ : empty_map();
}

const Value* Value::get(std::string_view key) const {
  if (!is_mapping() || !map_) return nullptr;
  auto it = map_->find(key);
  return it == map_->end() ? nullptr : &it->second;
}

const Value* Value::at(size_t index) const {
  if (!is_sequence() || !list_ || index >= list_->size()) return nullptr;
  return &(*list_)[index];
}

bool Value::equals(const Value& o) const {
  // Terraform compares types strictly: a tuple never equals a list, an object never equals a map,
  // and 1 never equals "1".
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case Kind::Null:
      return true;
    case Kind::Unknown:
    case Kind::Error:
      return false;
    case Kind::Bool:
      return b_ == o.b_;
    case Kind::Number:
      return n_ == o.n_;
    case Kind::String:
      return as_string() == o.as_string();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set: {
      const auto& a = items();
      const auto& b = o.items();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!a[i].equals(b[i])) return false;
      return true;
    }
    case Kind::Map:
    case Kind::Object: {
      const auto& a = attrs();
      const auto& b = o.attrs();
      if (a.size() != b.size()) return false;
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
        if (ia->first != ib->first || !ia->second.equals(ib->second)) return false;
      return true;
    }
  }
  return false;
}

bool Value::less(const Value& o) const {
  // Unknown (and error) elements sort last so that the known prefix of a set is stable.
  bool ua = !is_known(), ub = !o.is_known();
  if (ua != ub) return ub;
  if (ua) return false;
  if (kind_ != o.kind_) return kind_rank(kind_) < kind_rank(o.kind_);
  switch (kind_) {
    case Kind::Null:
    case Kind::Unknown:
    case Kind::Error:
      return false;
    case Kind::Bool:
      return !b_ && o.b_;
    case Kind::Number:
      return n_ < o.n_;
    case Kind::String:
      return as_string() < o.as_string();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set: {
      const auto& a = items();
      const auto& b = o.items();
      for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i].less(b[i])) return true;
        if (b[i].less(a[i])) return false;
      }
      return a.size() < b.size();
    }
    case Kind::Map:
    case Kind::Object: {
      const auto& a = attrs();
      const auto& b = o.attrs();
      auto ia = a.begin();
      auto ib = b.begin();
      for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
        if (ia->first != ib->first) return ia->first < ib->first;
        if (ia->second.less(ib->second)) return true;
        if (ib->second.less(ia->second)) return false;
      }
      return a.size() < b.size();
    }
  }
  return false;
}

Value Value::to_string_value() const {
  if (is_marked() && (kind_ == Kind::Bool || kind_ == Kind::Number)) {
    Value plain = *this;
    plain.marks_ = 0;
    return plain.to_string_value().with_marks(marks());
  }
  switch (kind_) {
    case Kind::Null:
      return *this;
    case Kind::Unknown:
    case Kind::Error:
    case Kind::String:
      return *this;
    case Kind::Bool:
      return string(b_ ? "true" : "false");
    case Kind::Number:
      return string(format_number(n_));
    default:
      return error("Invalid value: a string is required.");
  }
}

Value Value::to_number_value() const {
  if (is_marked() && kind_ == Kind::String) {
    Value plain = *this;
    plain.marks_ = 0;
    Value r = plain.to_number_value();
    if (r.is_error())  // the message would quote the string
      return error("cannot convert " + label() +
                   " to number; given string must be a decimal representation of a number.")
          .with_marks(marks());
    return r.with_marks(marks());
  }
  switch (kind_) {
    case Kind::Null:
    case Kind::Unknown:
    case Kind::Error:
    case Kind::Number:
      return *this;
    case Kind::String: {
      const std::string& s = as_string();
      // A decimal representation only: optional sign, digits with optional point, optional exponent.
      size_t i = 0;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      std::string_view rest(s.data() + i, s.size() - i);
      if (rest == "Inf" || rest == "inf") {
        return number(s[0] == '-' ? -std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::infinity());
      }
      size_t digits = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
      if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
      }
      bool ok = digits > 0;
      if (ok && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        size_t ed = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++ed;
        if (ed == 0) ok = false;
      }
      if (!ok || i != s.size())
        return error("cannot convert \"" + s +
                     "\" to number; given string must be a decimal representation of a number.");
      return number(std::strtod(s.c_str(), nullptr));
    }
    case Kind::Bool:
      return error("cannot convert bool to number.");
    default:
      return error("Invalid value: a number is required.");
  }
}

Value Value::to_bool_value() const {
  if (is_marked() && kind_ == Kind::String) {
    Value plain = *this;
    plain.marks_ = 0;
    Value r = plain.to_bool_value();
    if (r.is_error())  // the message would quote the string
      return error("cannot convert " + label() +
                   " to bool; only the strings \"true\" or \"false\" are allowed.")
          .with_marks(marks());
    return r.with_marks(marks());
  }
  switch (kind_) {
    case Kind::Null:
    case Kind::Unknown:
    case Kind::Error:
    case Kind::Bool:
      return *this;
    case Kind::String: {
      const std::string& s = as_string();
      if (s == "true" || s == "1") return boolean(true);
      if (s == "false" || s == "0") return boolean(false);
      return error("cannot convert \"" + s +
                   "\" to bool; only the strings \"true\" or \"false\" are allowed.");
    }
    case Kind::Number:
      return error("cannot convert number to bool.");
    default:
      return error("Invalid value: a bool is required.");
  }
}

std::string Value::render() const {
  std::string out;
  render_into(out, *this);
  return out;
}

std::string Value::format_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n == 0) return "0";
  // Terraform numbers are arbitrary-precision decimals; ours are doubles. Arithmetic such as
  // 0.1 + 0.2 leaves a last-bit error that Terraform does not have, so when 15 significant digits
  // already identify the value to within two units in the last place we print those (0.3), and the
  // shortest round-trip form otherwise. Terraform never uses an exponent (1e21 prints all digits).
  std::string sci = shortest_sci(n);
  size_t e = sci.find('e');
  size_t sig = 0;
  for (size_t i = 0; i < e; ++i)
    if (sci[i] >= '0' && sci[i] <= '9') ++sig;
  if (sig > 15) {
    std::string s15 = shortest_sci(n, 14);
    double back = std::strtod(s15.c_str(), nullptr);
    double ulp = std::nextafter(std::fabs(n), std::numeric_limits<double>::infinity()) - std::fabs(n);
    if (std::fabs(back - n) <= 2 * ulp) sci = s15;
  }
  return sci_to_plain(sci);
}

}  // namespace cs::tf
