# Strings that functions would make enormous in one call.
locals {
  kb = join("", [for i in range(64) : "0123456789abcdef"])
  mb = join("", [for i in range(1024) : local.kb])
}

resource "aws_lambda_function" "format" {
  tracing_config {
    mode = format("%0999999999d", 1)
  }
}

resource "aws_lambda_function" "replace" {
  tracing_config {
    mode = replace(local.mb, "0", local.mb)
  }
}

resource "aws_lambda_function" "join" {
  tracing_config {
    mode = join(local.mb, [for i in range(1024) : "x"])
  }
}

resource "aws_lambda_function" "indent" {
  tracing_config {
    mode = indent(1000000000, "a\nb")
  }
}

resource "aws_lambda_function" "strrev" {
  tracing_config {
    mode = strrev(local.mb) == "" ? "Active" : "PassThrough"
  }
}
