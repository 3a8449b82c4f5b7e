variable "tracing_mode" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = "moded"
  role          = "arn:aws:iam::123456789012:role/r"
  tracing_config {
    mode = var.tracing_mode
  }
}
