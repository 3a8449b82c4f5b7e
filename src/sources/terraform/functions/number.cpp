// Numeric functions (Terraform's lang/funcs/number.go and cty's stdlib): abs ... parseint.
#include "sources/terraform/functions/library.h"

namespace cs::tf::fnlib {

void add_number_functions(Registry& r) {
  auto num1 = [&](const char* name, double (*f)(double)) {
    r.add(name, 1, 1, {"num"}, [f](const Args& a, EvalContext&) {
      double d;
      Value err;
      if (!get_number(a[0], "num", d, err)) return err;
      return Value::number(f(d));
    });
  };

  // ----- numeric -----
  num1("abs", [](double d) { return std::fabs(d); });
  num1("ceil", [](double d) { return std::ceil(d); });
  num1("floor", [](double d) { return std::floor(d); });
  r.add("signum", 1, 1, {"num"}, [](const Args& a, EvalContext&) {
    double d;
    Value err;
    if (!get_number(a[0], "num", d, err)) return err;
    if (d != std::floor(d) || std::isinf(d))
      return call_error("signum",
                        "value must be a whole number, between -9223372036854775808 and 9223372036854775807");
    return Value::number(d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0);
  });
  for (const char* name : {"max", "min"}) {
    bool is_max = std::string_view(name) == "max";
    r.add(name, 1, -1, {"numbers"}, [is_max, name](const Args& a, EvalContext&) {
      double best = 0;
      for (size_t i = 0; i < a.size(); ++i) {
        double d;
        Value err;
        if (!get_number(a[i], "numbers", d, err)) return err;
        if (i == 0 || (is_max ? d > best : d < best)) best = d;
      }
      (void)name;
      return Value::number(best);
    });
  }
  r.add("pow", 2, 2, {"num", "power"}, [](const Args& a, EvalContext&) {
    double x, y;
    Value err;
    if (!get_number(a[0], "num", x, err) || !get_number(a[1], "power", y, err)) return err;
    return Value::number(std::pow(x, y));
  });
  r.add("log", 2, 2, {"num", "base"}, [](const Args& a, EvalContext&) {
    double x, y;
    Value err;
    if (!get_number(a[0], "num", x, err) || !get_number(a[1], "base", y, err)) return err;
    return Value::number(std::log(x) / std::log(y));
  });
  r.add("parseint", 2, 2, {"number", "base"}, [](const Args& a, EvalContext&) {
    if (!a[0].is_string()) return arg_error("number", "string required.");
    long long base;
    Value err;
    if (!get_int(a[1], "base", base, err)) return err;
    if (base < 2 || base > 62) return arg_error("base", "must be an integer between 2 and 62 inclusive.");
    const std::string& s = a[0].as_string();
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= s.size())
      return arg_error("number",
                       "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer.");
    double v = 0;
    for (; i < s.size(); ++i) {
      char c = s[i];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'z')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'Z')
        d = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
      else
        d = 99;
      if (d >= base)
        return arg_error("number",
                         "cannot parse \"" + s + "\" as a base " + std::to_string(base) + " integer.");
      v = v * static_cast<double>(base) + d;
    }
    return Value::number(neg ? -v : v);
  });
}

}  // namespace cs::tf::fnlib
