module "b" {
  source = "../b"
}

resource "aws_lambda_function" "in_a" {}
