// cs_tf_eval: evaluates Terraform expressions, one per stdin line, and prints one line per input:
// the value as jsonencode() would write it, "(unknown)", or "(error)". With -v, unknown and error
// lines carry the reason after a colon, and "(parse error: ...)" marks lines that do not parse.
// Used by tf_console_oracle.py to compare against `terraform console`.
#include <iostream>
#include <string>

#include "sources/terraform/eval.h"
#include "syntax/hcl/ast.h"

int main(int argc, char** argv) {
  bool verbose = argc > 1 && std::string(argv[1]) == "-v";
  std::string line;
  while (std::getline(std::cin, line)) {
    cs::hcl::File file;
    file.path = "<stdin>";
    std::string_view text = file.arena.copy(line);
    const cs::hcl::Expr* e = cs::hcl::parse_expression(file, text, cs::hcl::Pos{1, 1, 0});
    if (!file.ok() || !e) {
      std::string msg = file.diags.empty() ? "no expression" : file.diags.front().message;
      std::cout << "(parse error: " << msg << ")\n";
      continue;
    }
    cs::tf::EvalContext ctx({}, ".", &cs::io::disk());
    cs::tf::Value v = cs::tf::eval(e, ctx);
    if (v.is_error()) {
      std::cout << "(error)" << (verbose ? ": " + v.reason() : "") << "\n";
    } else if (!v.is_wholly_known()) {
      std::cout << "(unknown)" << (verbose ? ": " + v.render() : "") << "\n";
    } else {
      // Through jsonencode() itself, so values JSON cannot hold (infinity) are errors as in Terraform.
      cs::tf::Value j = cs::tf::call_function("jsonencode", {v}, ctx);
      if (j.is_string())
        std::cout << j.as_string() << "\n";
      else
        std::cout << "(error)" << (verbose ? ": " + j.reason() : "") << "\n";
    }
  }
  return 0;
}
