variable "mode" {
  type    = string
  default = "PassThrough"
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}

# Absent: the block is written after the last argument.
resource "aws_lambda_function" "absent" {
  function_name = "absent"
  role          = aws_iam_role.r.arn
  handler       = "index.handler"
  runtime       = "python3.12"

  environment {
    variables = { A = "1" }
  }
}

resource "aws_lambda_function" "passthrough" {
  function_name = "passthrough"
  role          = aws_iam_role.r.arn
  tracing_config {
    mode = "PassThrough" # keep this comment
  }
}

resource "aws_lambda_function" "commented" {
  function_name = "commented"
  role          = aws_iam_role.r.arn # the comment stays on this line
}

resource "aws_lambda_function" "empty_block" {
  function_name = "empty"
  role          = aws_iam_role.r.arn
  tracing_config {}
}

# Decided by a variable: a manual fix.
resource "aws_lambda_function" "from_var" {
  function_name = "from-var"
  role          = aws_iam_role.r.arn
  tracing_config {
    mode = var.mode
  }
}

resource "aws_lambda_function" "active" {
  function_name = "active"
  role          = aws_iam_role.r.arn
  tracing_config {
    mode = "Active"
  }
}
