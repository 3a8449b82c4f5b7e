# A 20 KB string into regex(), regexall() and replace(): std::regex recursed once per character and
# overflowed the stack.
locals {
  s = join("", [for i in range(1000) : "abababababababababab"])
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = (length(regex("^(a|b)*$", local.s)) == 1 && length(regexall("(?:ab)+?", local.s)) == 10000
      && length(replace(local.s, "/(a|b)*/", "x")) == 1 ? "Active" : "PassThrough")
  }
}
