variable "mode" {
  default = "PassThrough"
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = var.mode
  }
}
