# The process environment of the scanner, read as a file.
resource "aws_lambda_function" "environ" {
  tracing_config {
    mode = file("/proc/self/environ")
  }
}

resource "aws_lambda_function" "base64" {
  tracing_config {
    mode = filebase64("/proc/self/environ")
  }
}

# The same through a relative path climbing out of the tree.
resource "aws_lambda_function" "climb" {
  tracing_config {
    mode = file("../../../../../../../../proc/self/environ")
  }
}
