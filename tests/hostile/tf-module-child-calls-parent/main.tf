module "child" {
  source = "./child"
}

resource "aws_lambda_function" "top" {
  tracing_config {
    mode = "Active"
  }
}
