module "up" {
  source = "../"
}

resource "aws_lambda_function" "inner" {}
