resource "aws_lambda_function" "g" {
  function_name = "g"
