resource "aws_lambda_function" "before_error" {
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "broken" {
  memory_size = 128 +
}

resource "aws_lambda_function" "after_error" {
}
