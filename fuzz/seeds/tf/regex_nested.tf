# (a+)+$ against 30 a's and "!": exponential for a backtracking engine, linear for RE2.
locals {
  input = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = can(regex("(a+)+$", local.input)) ? "Active" : "PassThrough"
  }
}
