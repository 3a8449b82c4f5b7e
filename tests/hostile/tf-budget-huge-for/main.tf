# Ten million elements built by nested for expressions.
locals {
  big = [for i in range(1000) : [for j in range(1000) : [for k in range(10) : i * j + k]]]
}

resource "aws_lambda_function" "f" {
  tracing_config {
    mode = length(local.big) > 0 ? "Active" : "PassThrough"
  }
}
