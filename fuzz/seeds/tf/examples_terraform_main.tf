variable "environment" {
  type    = string
  default = "prod"
}

variable "tracing_override" {
  description = "No default: set it with --var tracing_override=Active to resolve the UNRESOLVED result."
  type        = string
}

locals {
  tracing = var.environment == "prod" ? "Active" : "PassThrough"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders-${var.environment}"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "orders.zip"

  tracing_config {
    mode = local.tracing
  }
}

resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "nodejs20.x"
  filename      = "billing.zip"
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "reports.zip"

  tracing_config {
    mode = "active" # typo: the provider only accepts "Active" or "PassThrough"
  }
}

resource "aws_lambda_function" "configurable" {
  function_name = "configurable"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "configurable.zip"

  tracing_config {
    mode = var.tracing_override
  }
}

module "workers" {
  source   = "./modules/function"
  for_each = toset(["ingest", "notify"])

  name         = each.key
  role_arn     = aws_iam_role.lambda.arn
  tracing_mode = each.key == "ingest" ? "Active" : "PassThrough"
}

module "image_resizer" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "image-resizer"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_iam_role" "lambda" {
  name = "lambda-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "xray" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}
