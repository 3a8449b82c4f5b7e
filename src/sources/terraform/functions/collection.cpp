// Collection functions: chunklist ... zipmap.
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_collection_functions(Registry& r) {
  // ----- collections -----
  for (const char* name : {"alltrue", "anytrue"}) {
    bool is_all = std::string_view(name) == "alltrue";
    r.add(name, 1, 1, {"list"}, [is_all](const Args& a, EvalContext&) {
      Value err;
      if (!get_seq(a[0], "list", err)) return err;
      for (const auto& e : a[0].items()) {
        if (e.is_null()) {
          if (is_all) return Value::boolean(false);
          continue;
        }
        bool b;
        if (!get_bool(e, "list", b, err)) return err;
        if (is_all && !b) return Value::boolean(false);
        if (!is_all && b) return Value::boolean(true);
      }
      return Value::boolean(is_all);
    });
  }
  r.add("chunklist", 2, 2, {"list", "size"}, [](const Args& a, EvalContext&) {
    Value err;
    long long n;
    if (!get_seq(a[0], "list", err) || !get_int(a[1], "size", n, err)) return err;
    if (n < 0) return arg_error("size", "the size argument must be positive.");
    ValueList out, cur;
    const auto& items = a[0].items();
    if (n == 0) return make_list({make_list(items)});
    for (const auto& e : items) {
      cur.push_back(e);
      if (static_cast<long long>(cur.size()) == n) {
        out.push_back(make_list(std::move(cur)));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(make_list(std::move(cur)));
    return make_list(std::move(out));
  });
  r.add(
      "coalesce", 1, -1, {"vals"},
      [](const Args& a, EvalContext&) {
        std::vector<detail::Type> ts;
        for (const auto& v : a) ts.push_back(detail::type_of(v));
        auto u = detail::unify(ts);
        if (!u) return arg_error("vals", "all arguments must have the same type.");
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (v.is_null()) continue;
          if (v.is_string() && v.as_string().empty()) continue;
          Value c = detail::convert(v, *u);
          if (c.is_string() && c.as_string().empty()) continue;
          return c;
        }
        return call_error("coalesce", "no non-null, non-empty-string arguments");
      },
      true, true);
  r.add(
      "coalescelist", 1, -1, {"vals"},
      [](const Args& a, EvalContext&) {
        for (const auto& v : a)
          if (v.is_known() && !v.is_null() && !v.is_sequence())
            return arg_error("vals", "a list or tuple is required.");
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (v.is_null()) continue;
          if (!v.items().empty()) return v;
        }
        return call_error("coalescelist", "no non-null arguments");
      },
      true, true);
  r.add(
      "compact", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        ValueList out;
        for (const auto& e : a[0].items()) {
          if (e.is_null()) continue;
          if (e.is_unknown()) return e;
          std::string s;
          if (!get_string(e, "list", s, err)) return err;
          if (s.empty()) continue;
          out.push_back(Value::string(s));
        }
        return make_list(std::move(out));
      },
      true);
  r.add(
      "concat", 1, -1, {"seqs"},
      [](const Args& a, EvalContext&) {
        ValueList out;
        uint64_t elems = 0, bytes = 0;
        for (const auto& v : a) {
          elems += v.deep_elements();
          bytes += v.deep_bytes();
        }
        if (Value refused; refuse_size(elems, bytes, refused)) return refused;
        for (const auto& v : a) {
          if (v.is_unknown()) return v;
          if (!v.is_sequence() || v.kind() == Value::Kind::Set)
            return arg_error("seqs", "all arguments must be lists or tuples; got " + kind_name(v) + ".");
          out.insert(out.end(), v.items().begin(), v.items().end());
        }
        bool all_lists =
            std::all_of(a.begin(), a.end(), [](const Value& v) { return v.kind() == Value::Kind::List; });
        return all_lists ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  r.add(
      "contains", 2, 2, {"list", "value"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("list", "argument must not be null.");
        if (!a[0].is_sequence()) return arg_error("list", "argument must be list, tuple, or set");
        return Value::boolean(contains_value(a[0].items(), a[1]));
      },
      false, true);
  r.add("distinct", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    ValueList out;
    for (const auto& e : a[0].items()) {
      if (Value refused; refuse_work(out.size(), refused)) return refused;
      if (!contains_value(out, e)) out.push_back(e);
    }
    return make_list(std::move(out));
  });
  r.add(
      "element", 2, 2, {"list", "index"},
      [](const Args& a, EvalContext&) {
        Value err;
        long long i;
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        if (!get_seq(a[0], "list", err) || !get_int(a[1], "index", i, err)) return err;
        if (a[0].kind() == Value::Kind::Set)
          return arg_error("list", "cannot use element function with a set.");
        size_t n = a[0].items().size();
        if (n == 0) return call_error("element", "cannot use element function with an empty list");
        if (i < 0) return call_error("element", "cannot use element function with a negative index");
        return a[0].items()[static_cast<size_t>(i) % n];
      },
      true);
  r.add(
      "flatten", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        ValueList out;
        std::function<bool(const Value&)> rec = [&](const Value& v) {
          for (const auto& e : v.items()) {
            if (e.is_unknown()) return false;
            if (e.is_sequence()) {
              if (!rec(e)) return false;
            } else {
              out.push_back(e);
            }
          }
          return true;
        };
        if (!rec(a[0])) return Value::unknown("flatten of a list containing an unknown element");
        return Value::tuple(std::move(out));
      },
      true);
  r.add(
      "index", 2, 2, {"list", "value"},
      [](const Args& a, EvalContext&) {
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        const auto& items = a[0].items();
        for (size_t i = 0; i < items.size(); ++i)
          if (items[i].equals(a[1])) return Value::number(static_cast<double>(i));
        return call_error("index", "item not found");
      },
      false, true);
  r.add(
      "keys", 1, 1, {"inputMap"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_mapping()) return arg_error("inputMap", "must have map or object type.");
        ValueList out;
        for (const auto& [k, v] : a[0].attrs()) out.push_back(Value::string(k));
        return a[0].kind() == Value::Kind::Map ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  r.add(
      "values", 1, 1, {"mapping"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_mapping()) return arg_error("mapping", "must have map or object type.");
        ValueList out;
        for (const auto& [k, v] : a[0].attrs()) out.push_back(v);
        return a[0].kind() == Value::Kind::Map ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  r.add(
      "length", 1, 1, {"value"},
      [](const Args& a, EvalContext&) {
        const Value& v = a[0];
        if (v.is_unknown()) return v;
        if (v.is_string()) return Value::number(static_cast<double>(decode_utf8(v.as_string()).size()));
        if (v.is_sequence()) return Value::number(static_cast<double>(v.items().size()));
        if (v.is_mapping()) return Value::number(static_cast<double>(v.attrs().size()));
        return arg_error("value", "argument must be a string, a collection type, or a structural type.");
      },
      true);
  r.add(
      "lookup", 2, 3, {"inputMap", "key", "default"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("inputMap", "argument must not be null.");
        if (a[1].is_null()) return arg_error("key", "argument must not be null.");
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        if (!a[0].is_mapping()) return arg_error("inputMap", "must have map or object type.");
        std::string k;
        Value err;
        if (!get_string(a[1], "key", k, err)) return err;
        if (const Value* v = a[0].get(k)) {
          if (a.size() == 3 && v->is_known() && a[0].kind() == Value::Kind::Map) {
            auto u = detail::unify({detail::type_of(*v), detail::type_of(a[2])});
            if (u) return detail::convert(*v, *u);
          }
          return *v;
        }
        if (a.size() == 3) return a[2];
        return arg_error("inputMap", std::string("the given ") +
                                         (a[0].kind() == Value::Kind::Map ? "map" : "object") +
                                         " has no attribute \"" + k + "\".");
      },
      true, true);
  r.add("matchkeys", 3, 3, {"values", "keys", "searchset"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "values", err) || !get_seq(a[1], "keys", err) || !get_seq(a[2], "searchset", err))
      return err;
    if (a[0].items().size() != a[1].items().size())
      return call_error("matchkeys", "length of keys and values should be equal");
    if (Value refused; refuse_work(sat_mul(a[1].items().size(), a[2].items().size()), refused))
      return refused;
    ValueList out;
    for (size_t i = 0; i < a[1].items().size(); ++i) {
      const Value& k = a[1].items()[i];
      for (const auto& s : a[2].items()) {
        Value ks = k, ss = s;
        if (k.is_number() && s.is_string()) ks = k.to_string_value();
        if (s.is_number() && k.is_string()) ss = s.to_string_value();
        if (ks.equals(ss)) {
          out.push_back(a[0].items()[i]);
          break;
        }
      }
    }
    return make_list(std::move(out));
  });
  r.add(
      "merge", 0, -1, {"maps"},
      [](const Args& a, EvalContext&) {
        ValueMap out;
        bool all_maps = true;
        uint64_t elems = 0, bytes = 0;
        for (const auto& v : a) {
          elems += v.deep_elements();
          bytes += v.deep_bytes();
        }
        if (Value refused; refuse_size(elems, bytes, refused)) return refused;
        for (const auto& v : a) {
          if (v.is_null()) continue;
          if (v.is_unknown()) return v;
          if (!v.is_mapping())
            return arg_error("maps", "arguments must be maps or objects, got \"" + kind_name(v) + "\".");
          if (v.kind() != Value::Kind::Map) all_maps = false;
          for (const auto& [k, e] : v.attrs()) out.insert_or_assign(k, e);
        }
        if (all_maps) {
          Value m = Value::map(out);
          std::vector<detail::Type> ts;
          for (const auto& [k, e] : out) ts.push_back(detail::type_of(e));
          if (detail::unify(ts)) return detail::to_map(m);
          return Value::object(std::move(out));
        }
        return Value::object(std::move(out));
      },
      true, true);
  r.add(
      "one", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (!a[0].is_sequence())
          return arg_error("list", "must be a list, set, or tuple value with either zero or one elements.");
        if (a[0].items().empty()) return Value::null();
        if (a[0].items().size() == 1) return a[0].items()[0];
        return arg_error("list", "must be a list, set, or tuple value with either zero or one elements.");
      },
      true);
  r.add("range", 1, 3, {"params"}, [](const Args& a, EvalContext&) {
    double start = 0, limit, step = 1;
    Value err;
    if (a.size() == 1) {
      if (!get_number(a[0], "limit", limit, err)) return err;
    } else {
      if (!get_number(a[0], "start", start, err) || !get_number(a[1], "limit", limit, err)) return err;
      if (a.size() == 3 && !get_number(a[2], "step", step, err)) return err;
    }
    if (a.size() < 3 && limit < start) step = -1;
    if (step == 0) return call_error("range", "step must not be zero");
    if ((step > 0 && limit < start) || (step < 0 && limit > start))
      return call_error("range", step > 0
                                     ? "the limit must be greater than the start when the step is positive"
                                     : "the limit must be less than the start when the step is negative");
    ValueList out;
    for (double v = start; step > 0 ? v < limit : v > limit; v += step) {
      if (out.size() >= 1024)
        return call_error("range",
                          "more than 1024 values were generated; either decrease the difference between "
                          "start and end or use a smaller step");
      out.push_back(Value::number(v));
    }
    return make_list(std::move(out));
  });
  r.add(
      "reverse", 1, 1, {"list"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        Value err;
        if (!get_seq(a[0], "list", err)) return err;
        if (a[0].kind() == Value::Kind::Set)
          return arg_error("list", "can only reverse list or tuple values, not set");
        ValueList out(a[0].items().rbegin(), a[0].items().rend());
        return a[0].kind() == Value::Kind::List ? make_list(std::move(out)) : Value::tuple(std::move(out));
      },
      true);
  auto setop = [&](const char* name, int op) {
    r.add(name, op == 3 ? 2 : 1, op == 3 ? 2 : -1, {"sets"}, [op, name](const Args& a, EvalContext&) {
      for (const auto& v : a)
        if (!v.is_sequence()) return arg_error("sets", "a set of any single type is required.");
      // Convert everything to sets of a unified element type first.
      std::vector<detail::Type> ts;
      for (const auto& v : a)
        for (const auto& e : v.items()) ts.push_back(detail::type_of(e));
      auto u = detail::unify(ts);
      if (!u) return arg_error("sets", "given sets must all have compatible element types.");
      std::vector<Value> sets;
      for (const auto& v : a) {
        Value s = detail::convert(v, detail::Type::collection(detail::Type::K::Set, *u));
        if (s.is_error()) return s;
        sets.push_back(s);
      }
      ValueList out;
      uint64_t elems = 0, bytes = 0, work = 0;
      for (const auto& v : sets) {
        elems += v.deep_elements();
        bytes += v.deep_bytes();
        work += v.items().size();
      }
      if (Value refused; (op == 0 && refuse_size(elems, bytes, refused)) ||
                         (op != 0 && refuse_work(sat_mul(sets[0].items().size(), work), refused)))
        return refused;
      if (op == 0) {  // union
        for (const auto& s : sets) out.insert(out.end(), s.items().begin(), s.items().end());
      } else if (op == 1) {  // intersection
        for (const auto& e : sets[0].items()) {
          bool all = true;
          for (size_t i = 1; i < sets.size(); ++i) all = all && contains_value(sets[i].items(), e);
          if (all) out.push_back(e);
        }
      } else {  // subtract
        for (const auto& e : sets[0].items())
          if (!contains_value(sets[1].items(), e)) out.push_back(e);
      }
      (void)name;
      return Value::set(std::move(out));
    });
  };
  setop("setunion", 0);
  setop("setintersection", 1);
  setop("setsubtract", 3);
  r.add("setproduct", 1, -1, {"sets"}, [](const Args& a, EvalContext&) {
    for (const auto& v : a)
      if (!v.is_sequence()) return arg_error("sets", "a set or a list is required.");
    bool all_lists =
        std::all_of(a.begin(), a.end(), [](const Value& v) { return v.kind() != Value::Kind::Set; });
    uint64_t rows = 1, bytes = 0;
    for (const auto& v : a) {
      rows = sat_mul(rows, v.items().size());
      bytes = std::max(bytes, v.deep_bytes());
    }
    Value refused;
    if (refuse_size(sat_mul(rows, a.size() + 1), sat_mul(rows, bytes), refused)) return refused;
    std::vector<ValueList> acc{{}};
    for (const auto& v : a) {
      std::vector<ValueList> next;
      for (const auto& prefix : acc)
        for (const auto& e : v.items()) {
          ValueList p = prefix;
          p.push_back(e);
          next.push_back(std::move(p));
        }
      acc = std::move(next);
    }
    ValueList out;
    for (auto& p : acc) out.push_back(Value::tuple(std::move(p)));
    if (a.size() < 2) return call_error("setproduct", "at least two arguments are required");
    return all_lists ? make_list(std::move(out)) : Value::set(std::move(out));
  });
  r.add(
      "slice", 3, 3, {"list", "start_index", "end_index"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        Value err;
        long long s, e;
        if (!get_seq(a[0], "list", err) || !get_int(a[1], "start_index", s, err) ||
            !get_int(a[2], "end_index", e, err))
          return err;
        long long n = static_cast<long long>(a[0].items().size());
        if (s < 0) return arg_error("start_index", "must be greater than or equal to 0.");
        if (e > n)
          return arg_error("end_index", "end index must not be greater than the length of the list.");
        if (s > e) return arg_error("start_index", "must be less than or equal to end_index.");
        ValueList out(a[0].items().begin() + s, a[0].items().begin() + e);
        return a[0].kind() == Value::Kind::Tuple ? Value::tuple(std::move(out)) : make_list(std::move(out));
      },
      true);
  r.add("sort", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    std::vector<std::string> ss;
    for (const auto& e : a[0].items()) {
      if (e.is_null())
        return arg_error("list", "given list element " + std::to_string(ss.size()) +
                                     " is null; a null string cannot be sorted.");
      std::string s;
      if (!get_string(e, "list", s, err)) return err;
      ss.push_back(s);
    }
    std::sort(ss.begin(), ss.end());
    ValueList out;
    for (auto& s : ss) out.push_back(Value::string(s));
    return make_list(std::move(out));
  });
  r.add("sum", 1, 1, {"list"}, [](const Args& a, EvalContext&) {
    Value err;
    if (!get_seq(a[0], "list", err)) return err;
    if (a[0].items().empty()) return call_error("sum", "cannot sum an empty list");
    std::vector<double> ns;
    Value bad = number_list(a[0], "sum", ns);
    if (bad.is_error()) return bad;
    double t = 0;
    for (double d : ns) t += d;
    return Value::number(t);
  });
  r.add("transpose", 1, 1, {"values"}, [](const Args& a, EvalContext&) {
    if (!a[0].is_mapping()) return arg_error("values", "map of list of string required.");
    std::map<std::string, ValueList> out;
    for (const auto& [k, l] : a[0].attrs()) {
      if (!l.is_sequence()) return arg_error("values", "map of list of string required.");
      for (const auto& e : l.items()) {
        std::string s;
        Value err;
        if (e.is_null() || !get_string(e, "values", s, err))
          return arg_error("values", "map of list of string required.");
        out[s].push_back(Value::string(k));
      }
    }
    ValueMap m;
    for (auto& [k, l] : out) m.emplace(k, make_list(std::move(l)));
    return Value::map(std::move(m));
  });
  r.add(
      "zipmap", 2, 2, {"keys", "values"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_unknown()) return a[0];
        if (a[1].is_unknown()) return a[1];
        Value err;
        if (!get_seq(a[0], "keys", err) || !get_seq(a[1], "values", err)) return err;
        if (a[0].items().size() != a[1].items().size())
          return call_error("zipmap", "number of keys (" + std::to_string(a[0].items().size()) +
                                          ") does not match number of values (" +
                                          std::to_string(a[1].items().size()) + ")");
        ValueMap m;
        for (size_t i = 0; i < a[0].items().size(); ++i) {
          const Value& k = a[0].items()[i];
          if (k.is_unknown()) return k;
          std::string ks;
          if (k.is_null() || !get_string(k, "keys", ks, err)) return arg_error("keys", "string required.");
          m.insert_or_assign(ks, a[1].items()[i]);
        }
        if (a[1].kind() == Value::Kind::Tuple) return Value::object(std::move(m));
        return Value::map(std::move(m));
      },
      true);
  r.add(
      "list", 0, -1, {},
      [](const Args&, EvalContext&) {
        return Value::error(
            "Call to unknown function: The \"list\" function was deprecated in Terraform v0.12 and is no "
            "longer "
            "available; use tolist([ ... ]) syntax to write a literal list.");
      },
      true, true);
  r.add(
      "map", 0, -1, {},
      [](const Args&, EvalContext&) {
        return Value::error(
            "Call to unknown function: The \"map\" function was deprecated in Terraform v0.12 and is no "
            "longer "
            "available; use tomap({ ... }) syntax to write a literal map.");
      },
      true, true);
}

}  // namespace cs::tf::fnlib
