# One function per verdict row of DESIGN.md section 1.
resource "aws_lambda_function" "absent" {
  function_name = "absent"
  role          = aws_iam_role.r.arn
  handler       = "index.handler"
  runtime       = "python3.12"
}

resource "aws_lambda_function" "passthrough" {
  function_name = "passthrough"
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_lambda_function" "lowercase" {
  tracing_config {
    mode = "active"
  }
}

resource "aws_lambda_function" "wrong_case_passthrough" {
  tracing_config {
    mode = "Passthrough"
  }
}

resource "aws_lambda_function" "empty_block" {
  tracing_config {}
}

resource "aws_lambda_function" "active" {
  function_name = "active"
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "null_mode" {
  tracing_config {
    mode = null
  }
}

resource "aws_lambda_function" "two_blocks" {
  tracing_config {
    mode = "Active"
  }
  tracing_config {
    mode = "Active"
  }
}

# Not functions: never reported.
resource "aws_lambda_permission" "allow" {
  function_name = aws_lambda_function.active.function_name
  action        = "lambda:InvokeFunction"
  principal     = "s3.amazonaws.com"
}

data "aws_lambda_function" "existing" {
  function_name = "existing"
}

resource "aws_iam_role" "r" {
  name = "r"
}
