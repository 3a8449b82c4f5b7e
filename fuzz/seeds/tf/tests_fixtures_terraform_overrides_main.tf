resource "aws_lambda_function" "fixed_by_override" {
  function_name = "a"
}

resource "aws_lambda_function" "block_replaced" {
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "untouched" {
  tracing_config {
    mode = "Active"
  }
}

locals {
  mode = "PassThrough"
}

resource "aws_lambda_function" "local_overridden" {
  tracing_config {
    mode = local.mode
  }
}
