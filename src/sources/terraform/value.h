// Terraform values as the evaluator sees them: known, unknown (with the reason it cannot be known), or
// an evaluation error (which try()/can() catch). Copies are cheap: strings and collections are shared
// and immutable.
//
// Values carry provenance marks, as Terraform's value marks: sensitive (a `sensitive = true` variable or
// output, sensitive()), from the environment (TF_VAR_*), from a file (file functions). A mark on a value
// covers everything inside it (with_marks applies it deeply) and every value computed from a marked
// value carries its marks, so nothing that prints a value can print a secret: render() prints the
// label "(sensitive)", "(from environment)" or "(from file PATH)" instead.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cs::tf {

class Value;
// Collections nested deeper than this are an error value instead (every walk over a value recurses).
inline constexpr unsigned kMaxValueDepth = 1000;  // as deep as the JSON parser reads (fits depth_)
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value, std::less<>>;  // Terraform orders keys lexically

class Value {
 public:
  enum class Kind : unsigned char {
    Null,
    Unknown,  // cannot be known before apply (or by us); reason() says why
    Error,    // evaluating failed (Terraform would report an error); reason() has the message
    Bool,
    Number,
    String,
    List,    // list(...)
    Tuple,   // [a, b] literal / tuple type
    Set,     // set(...): elements unique and sorted
    Map,     // map(...)
    Object,  // { a = 1 } literal / object type
  };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value unknown(std::string reason);
  static Value error(std::string message);
  static Value boolean(bool b);
  static Value number(double n);
  static Value string(std::string s);
  static Value list(ValueList items);
  static Value tuple(ValueList items);
  static Value set(ValueList items);  // sorts and de-duplicates (unknown elements kept)
  static Value map(ValueMap items);
  static Value object(ValueMap items);
  // List/Tuple/Set/Map/Object construction gives Value::error("a value nests collections deeper than
  // 1000 levels") past kMaxValueDepth.
  unsigned depth() const { return depth_; }  // 0 for a primitive, 1 + the deepest element otherwise

  // ---- provenance marks ----
  enum Mark : uint32_t {
    kSensitive = 1,  // sensitive = true, sensitive()
    kEnv = 2,        // TF_VAR_* (and other values taken from the environment)
    kFile = 4,       // read from a file; the file is file_mark_path(marks())
  };
  // This value's own marks (kSensitive | kEnv | kFile, with the file's id in the high bits).
  uint32_t marks() const { return marks_ & kOwnMask; }
  bool is_marked() const { return (marks_ & kOwnBits) != 0; }
  // Marked itself or anywhere inside.
  bool contains_marks() const { return (marks_ & kContains) != 0; }
  // The union of the marks of this value and everything inside it.
  uint32_t deep_marks() const;
  // A copy marked (deeply) with `m` as well. Cheap when already marked so.
  Value with_marks(uint32_t m) const;
  Value with_file_mark(std::string_view path) const;
  // A copy with the sensitive mark removed everywhere inside (nonsensitive()).
  Value without_sensitive() const;
  // What to print instead of a value marked with `m`: "(sensitive)", "(from environment)",
  // "(from file PATH)"; empty when m has no mark.
  static std::string mark_label(uint32_t m);
  std::string label() const { return mark_label(marks()); }
  // The union of two mark sets (the first file mark is kept).
  static uint32_t merge_marks(uint32_t a, uint32_t b);
  static const std::string& file_mark_path(uint32_t m);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_unknown() const { return kind_ == Kind::Unknown; }
  bool is_error() const { return kind_ == Kind::Error; }
  bool is_known() const { return kind_ != Kind::Unknown && kind_ != Kind::Error; }
  // Known all the way down (no unknown or error anywhere inside). Constant time.
  bool is_wholly_known() const { return wholly_known_; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_sequence() const { return kind_ == Kind::List || kind_ == Kind::Tuple || kind_ == Kind::Set; }
  bool is_mapping() const { return kind_ == Kind::Map || kind_ == Kind::Object; }

  bool as_bool() const { return b_; }
  double as_number() const { return n_; }
  const std::string& as_string() const;  // String; for Unknown/Error the reason
  const std::string& reason() const { return as_string(); }
  const ValueList& items() const;  // List/Tuple/Set; empty otherwise
  const ValueMap& attrs() const;   // Map/Object; empty otherwise

  // Attribute / element lookup; returns nullptr when absent.
  const Value* get(std::string_view key) const;
  const Value* at(size_t index) const;

  // Terraform's equality (==): types are compared strictly, as Terraform does: a tuple never equals
  // a list ([1] == tolist([1]) is false), an object never equals a map, 1 never equals "1".
  // Unknowns are not equal to anything (callers check first).
  bool equals(const Value& o) const;
  // Total order used for sets and sort(): by kind, then value.
  bool less(const Value& o) const;

  // Conversions as Terraform applies them implicitly (number/bool -> string, "true" -> bool, ...).
  // Return Error values when the conversion is impossible, Unknown when the input is unknown.
  Value to_string_value() const;
  Value to_number_value() const;
  Value to_bool_value() const;

  // Size as if every shared part were copied: elements (this one and every nested one) and string
  // bytes (strings and map keys), saturating. Bounded by the evaluation budget (budget.h).
  uint64_t deep_elements() const { return elems_; }
  uint64_t deep_bytes() const { return bytes_; }

  // Human-readable rendering as `terraform console` prints values, on one line:
  //   "abc" 1 1.5 true null ["a", 1] {"k" = "v"} (unknown)
  // A marked value (or element) renders as its label: (sensitive), (from file PATH), (from environment).
  // Lists, sets and maps are wrapped as the console shows them: tolist([..]) toset([..]) tomap({..});
  // an Error renders as (error: message).
  std::string render() const;

  // Number formatting as Terraform does when converting a number to a string: integers without a
  // decimal point, never an exponent (1, 1.5, 0.0000001, 1000000000000000000000).
  static std::string format_number(double n);

 private:
  static uint32_t sat32(uint64_t n);  // saturating, for elems_
  static uint32_t sat31(uint64_t n);  // saturating, for bytes_
  static bool gate(const Value& v, uint64_t new_bytes, Value* refused);
  static bool measure(Value& v, const ValueList& items, Value* refused);
  static bool measure(Value& v, const ValueMap& items, Value* refused);
  static constexpr uint32_t kOwnBits = kSensitive | kEnv | kFile;
  static constexpr uint32_t kContains = 8;
  static constexpr uint32_t kFileShift = 8;
  static constexpr uint32_t kOwnMask = ~kContains;
  void note_children();  // sets kContains from the elements
  static unsigned nest_depth(const ValueList& items);
  static unsigned nest_depth(const ValueMap& items);
  static Value too_deep();

  // kind_, b_, depth_ and marks_ share the 8 bytes before n_; the budget's measures the next 8 (72 bytes).
  Kind kind_ = Kind::Null;
  bool b_ = false;
  uint16_t depth_ = 0;  // at most kMaxValueDepth + 1
  uint32_t marks_ = 0;
  uint32_t elems_ = 1;             // deep_elements()
  uint32_t bytes_ : 31 = 0;        // deep_bytes()
  uint32_t wholly_known_ : 1 = 1;  // is_wholly_known(), kept as the value is built
  double n_ = 0;
  std::shared_ptr<const std::string> s_;
  std::shared_ptr<const ValueList> list_;
  std::shared_ptr<const ValueMap> map_;
};

}  // namespace cs::tf
