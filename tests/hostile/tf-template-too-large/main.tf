# A template that renders 20 MB: past the 16 MiB a rendered template may hold.
resource "aws_lambda_function" "f" {
  tracing_config {
    mode = templatefile("big.tpl", { x = join("", [for i in range(1000) : "xxxxxxxxxxxxxxxxxxxx"]) })
  }
}
