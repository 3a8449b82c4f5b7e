resource "aws_lambda_function" "fixed_by_override" {
  tracing_config {
    mode = "Active"
  }
}
