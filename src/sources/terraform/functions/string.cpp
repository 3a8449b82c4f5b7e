// String functions: chomp ... replace, format, regex.
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_string_functions(Registry& r) {
  // ----- strings -----
  r.add("chomp", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
      if (s.back() == '\r') {
        s.pop_back();
      } else {
        s.pop_back();
        if (!s.empty() && s.back() == '\r') s.pop_back();
      }
    }
    return Value::string(s);
  });
  r.add("startswith", 2, 2, {"str", "prefix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "prefix", p, err)) return err;
    return Value::boolean(s.compare(0, p.size(), p) == 0 && s.size() >= p.size());
  });
  r.add("endswith", 2, 2, {"str", "suffix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "suffix", p, err)) return err;
    return Value::boolean(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
  });
  r.add("strcontains", 2, 2, {"str", "substr"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "substr", p, err)) return err;
    return Value::boolean(s.find(p) != std::string::npos);
  });
  r.add(
      "format", 1, -1, {"format", "args"},
      [](const Args& a, EvalContext&) {
        if (a[0].is_null()) return arg_error("format", "argument must not be null.");
        std::string f;
        Value err;
        if (!get_string(a[0], "format", f, err)) return err;
        for (size_t i = 1; i < a.size(); ++i) {
          if (const Value* u = find_not_known(a[i])) return Value::unknown(u->reason());
          // Terraform's format() yields an unknown string when an argument is null.
          if (a[i].is_null()) return Value::unknown("format() argument " + std::to_string(i) + " is null");
        }
        return do_format("format", f, a, 1);
      },
      false, true);
  r.add(
      "formatlist", 1, -1, {"format", "args"},
      [](const Args& a, EvalContext&) {
        std::string f;
        Value err;
        if (a[0].is_null() || !get_string(a[0], "format", f, err))
          return arg_error("format", "string required.");
        long long n = -1;
        for (size_t i = 1; i < a.size(); ++i) {
          if (a[i].is_sequence()) {
            long long len = static_cast<long long>(a[i].items().size());
            if (n >= 0 && n != len)
              return call_error("formatlist",
                                "argument " + std::to_string(i) + " has length " + std::to_string(len) +
                                    ", which is inconsistent with argument 1 of length " + std::to_string(n));
            n = len;
          }
        }
        if (n < 0) n = 1;
        ValueList out;
        for (long long k = 0; k < n; ++k) {
          Args row{a[0]};
          for (size_t i = 1; i < a.size(); ++i) row.push_back(a[i].is_sequence() ? a[i].items()[k] : a[i]);
          Value r = do_format("formatlist", f, row, 1);
          if (!r.is_string()) return r;
          out.push_back(r);
        }
        return make_list(std::move(out));
      },
      false, true);
  r.add("indent", 2, 2, {"spaces", "str"}, [](const Args& a, EvalContext&) {
    long long n;
    std::string s;
    Value err;
    if (!get_int(a[0], "spaces", n, err) || !get_string(a[1], "str", s, err)) return err;
    size_t lines = static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
    if (Value refused;
        refuse_size(1, s.size() + sat_mul(lines, static_cast<uint64_t>(std::max(0LL, n))), refused))
      return refused;
    std::string pad(static_cast<size_t>(std::max(0LL, n)), ' ');
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\n') out += pad;
    }
    return Value::string(out);
  });
  r.add("join", 2, -1, {"separator", "lists"}, [](const Args& a, EvalContext&) {
    std::string sep;
    Value err;
    if (!get_string(a[0], "separator", sep, err)) return err;
    uint64_t total = 0;
    for (size_t i = 1; i < a.size(); ++i)
      total += a[i].deep_bytes() + sat_mul(a[i].items().size(), sep.size());
    if (Value refused; refuse_size(1, total, refused)) return refused;
    std::string out;
    bool first = true;
    for (size_t i = 1; i < a.size(); ++i) {
      if (!get_seq(a[i], "lists", err)) return err;
      for (const auto& e : a[i].items()) {
        if (e.is_null())
          return arg_error("lists", "element " + std::to_string(&e - a[i].items().data()) + " is null");
        std::string s;
        if (!get_string(e, "lists", s, err)) return err;
        if (!first) out += sep;
        first = false;
        out += s;
      }
    }
    return Value::string(out);
  });
  auto casefn = [&](const char* name, uint32_t (*f)(uint32_t)) {
    r.add(name, 1, 1, {"str"}, [f](const Args& a, EvalContext&) {
      std::string s;
      Value err;
      if (!get_string(a[0], "str", s, err)) return err;
      auto cps = decode_utf8(s);
      for (auto& c : cps) c = f(c);
      return Value::string(encode_utf8(cps));
    });
  };
  casefn("upper", to_upper_cp);
  casefn("lower", to_lower_cp);
  r.add("title", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    uint32_t prev = ' ';
    for (auto& c : cps) {
      bool sep;
      if (prev < 0x80) {
        sep = !(std::isalnum(static_cast<int>(prev)) || prev == '_');
      } else {
        sep = is_space_cp(prev);
      }
      uint32_t orig = c;
      if (sep) c = to_upper_cp(c);
      prev = orig;
    }
    return Value::string(encode_utf8(cps));
  });
  r.add("strrev", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    std::reverse(cps.begin(), cps.end());
    return Value::string(encode_utf8(cps));
  });
  r.add("substr", 3, 3, {"str", "offset", "length"}, [](const Args& a, EvalContext&) {
    std::string s;
    long long off, len;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_int(a[1], "offset", off, err) ||
        !get_int(a[2], "length", len, err))
      return err;
    auto cps = decode_utf8(s);
    long long n = static_cast<long long>(cps.size());
    if (off < 0) {
      off += n;
      if (off < 0) off = 0;
    }
    if (off > n) return Value::string("");
    long long end = len < 0 ? n : std::min(n, off + len);
    return Value::string(encode_utf8(cps, static_cast<size_t>(off), static_cast<size_t>(end)));
  });
  r.add("split", 2, 2, {"separator", "str"}, [](const Args& a, EvalContext&) {
    std::string sep, s;
    Value err;
    if (!get_string(a[0], "separator", sep, err) || !get_string(a[1], "str", s, err)) return err;
    uint64_t pieces = 1;
    if (sep.empty())
      pieces += s.size();
    else
      for (size_t p = s.find(sep); p != std::string::npos; p = s.find(sep, p + sep.size())) ++pieces;
    if (Value refused; refuse_size(pieces + 1, s.size(), refused)) return refused;
    ValueList out;
    if (sep.empty()) {
      for (uint32_t c : decode_utf8(s)) {
        std::string one;
        append_utf8(one, c);
        out.push_back(Value::string(one));
      }
      return make_list(std::move(out));
    }
    size_t st = 0;
    for (;;) {
      size_t p = s.find(sep, st);
      if (p == std::string::npos) {
        out.push_back(Value::string(s.substr(st)));
        break;
      }
      out.push_back(Value::string(s.substr(st, p - st)));
      st = p + sep.size();
    }
    return make_list(std::move(out));
  });
  r.add("trim", 2, 2, {"str", "cutset"}, [](const Args& a, EvalContext&) {
    std::string s, cut;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "cutset", cut, err)) return err;
    auto cps = decode_utf8(s);
    auto set = decode_utf8(cut);
    auto in = [&](uint32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); };
    size_t b = 0, e = cps.size();
    while (b < e && in(cps[b])) ++b;
    while (e > b && in(cps[e - 1])) --e;
    return Value::string(encode_utf8(cps, b, e));
  });
  r.add("trimprefix", 2, 2, {"str", "prefix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "prefix", p, err)) return err;
    if (s.compare(0, p.size(), p) == 0) s.erase(0, p.size());
    return Value::string(s);
  });
  r.add("trimsuffix", 2, 2, {"str", "suffix"}, [](const Args& a, EvalContext&) {
    std::string s, p;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "suffix", p, err)) return err;
    if (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0)
      s.erase(s.size() - p.size());
    return Value::string(s);
  });
  r.add("trimspace", 1, 1, {"str"}, [](const Args& a, EvalContext&) {
    std::string s;
    Value err;
    if (!get_string(a[0], "str", s, err)) return err;
    auto cps = decode_utf8(s);
    size_t b = 0, e = cps.size();
    while (b < e && is_space_cp(cps[b])) ++b;
    while (e > b && is_space_cp(cps[e - 1])) --e;
    return Value::string(encode_utf8(cps, b, e));
  });
  r.add("replace", 3, 3, {"str", "substr", "replace"}, [](const Args& a, EvalContext&) {
    std::string s, sub, rep;
    Value err;
    if (!get_string(a[0], "str", s, err) || !get_string(a[1], "substr", sub, err) ||
        !get_string(a[2], "replace", rep, err))
      return err;
    if (sub.size() >= 2 && sub.front() == '/' && sub.back() == '/') {
      std::string why;
      auto r = detail::GoRegex::compile(std::string_view(sub).substr(1, sub.size() - 2), &why);
      if (!r) return call_error("replace", "error parsing regexp: " + why);
      EvalBudget* b = EvalBudget::active();
      size_t max_bytes = b ? b->limits().max_bytes : EvalLimits{}.max_bytes;
      std::string out;
      size_t scanned = 0;
      bool done = r->replace_all(s, rep, max_bytes, regex_scan_limit(), &scanned, &out);
      Value refused;
      if (refuse_work(scanned / kRegexBytesPerWork, refused)) return refused;
      if (!done)
        return Value::unknown(budget_exceeded(
            out.size() > max_bytes ? "value larger than " + std::to_string(max_bytes >> 20) + " MiB of text"
                                   : "regular expression " + sub + " would read more than " +
                                         std::to_string(regex_scan_limit()) + " bytes"));
      return Value::string(std::move(out));
    }
    if (sub.empty()) {
      // Go's strings.Replace with an empty old string inserts at every code point boundary.
      if (Value refused; refuse_size(1, s.size() + sat_mul(s.size() + 1, rep.size()), refused))
        return refused;
      std::string out = rep;
      for (uint32_t c : decode_utf8(s)) {
        append_utf8(out, c);
        out += rep;
      }
      return Value::string(out);
    }
    uint64_t hits = 0;
    for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++hits;
    if (Value refused; refuse_size(1, s.size() + sat_mul(hits, rep.size()), refused)) return refused;
    std::string out;
    size_t st = 0;
    for (;;) {
      size_t p = s.find(sub, st);
      if (p == std::string::npos) break;
      out.append(s, st, p - st);
      out += rep;
      st = p + sub.size();
    }
    out.append(s, st, std::string::npos);
    return Value::string(out);
  });
  for (const char* name : {"regex", "regexall"}) {
    bool all = std::string_view(name) == "regexall";
    r.add(name, 2, 2, {"pattern", "string"}, [all](const Args& a, EvalContext&) {
      std::string pat, s;
      Value err;
      if (!get_string(a[0], "pattern", pat, err) || !get_string(a[1], "string", s, err)) return err;
      std::string why;
      auto r = detail::GoRegex::compile(pat, &why);
      if (!r) return arg_error("pattern", "invalid regexp pattern: " + why);
      if (r->has_named() && r->has_unnamed())
        return arg_error("pattern",
                         "invalid regexp pattern: cannot mix both named and unnamed capture groups.");
      ValueList out;
      Value refused;
      size_t scanned = 0;
      uint64_t elems = 0, limit = EvalLimits{}.max_elements;
      if (EvalBudget* b = EvalBudget::active()) limit = b->limits().max_elements;
      bool done = r->for_each_match(s, regex_scan_limit(), &scanned, [&](const detail::RegexMatch& m) {
        out.push_back(regex_result(*r, s, m));
        elems += out.back().deep_elements();
        return all && elems <= limit;
      });
      if (refuse_work(scanned / kRegexBytesPerWork, refused)) return refused;
      if (!done)
        return Value::unknown(budget_exceeded("regular expression would read more than " +
                                              std::to_string(regex_scan_limit()) + " bytes"));
      if (refuse_size(elems + 1, 0, refused)) return refused;
      if (!all) {
        if (out.empty()) return call_error("regex", "pattern did not match any part of the given string");
        return out[0];
      }
      return make_list(std::move(out));
    });
  }
}

}  // namespace cs::tf::fnlib
