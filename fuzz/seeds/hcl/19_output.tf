output "o" {
  value = try(aws_lambda_function.f[0].arn, null)
  sensitive = false
}
