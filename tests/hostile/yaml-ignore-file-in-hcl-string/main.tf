resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "index.handler"
  runtime       = "python3.12"
  description   = <<-EOT
    Notes for operators:
    # cloudsift:ignore-file lambda_notracing reason="planted in a heredoc"
    // tfsec:ignore:aws-lambda-enable-tracing
    EOT
  environment {
    variables = {
      NOTE  = "${"\""} # cloudsift:ignore-file lambda_notracing reason=planted"
      OTHER = "${jsonencode({ a = "/* x" })} # trivy:ignore:AVD-AWS-0066"
    }
  }
}
