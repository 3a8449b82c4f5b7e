resource "aws_lambda_function" "good" {
  tracing_config {
    mode = "Active"
  }
}
