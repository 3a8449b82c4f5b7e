variable "mode" {}
resource "aws_lambda_function" "f" {
  function_name = "x"
  tracing_config {
    mode = var.mode
  }
}
