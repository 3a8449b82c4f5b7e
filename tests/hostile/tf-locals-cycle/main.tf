locals {
  a = local.b
  b = local.a
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = local.a
  }
}

resource "aws_lambda_function" "g" {
  tracing_config {
    mode = "Active"
  }
}
