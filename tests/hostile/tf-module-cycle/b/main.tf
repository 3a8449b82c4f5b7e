module "a" {
  source = "../a"
}

resource "aws_lambda_function" "in_b" {}
