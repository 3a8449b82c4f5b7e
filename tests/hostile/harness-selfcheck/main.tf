# CS_HARNESS_COMMENT_ONLY is only in this comment, so no report may quote it.
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
}
