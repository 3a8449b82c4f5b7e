variable "name" {
  type = string
}

# Declared once, created by two calls: the block goes in the module's source and both pass.
resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "python3.12"
}
