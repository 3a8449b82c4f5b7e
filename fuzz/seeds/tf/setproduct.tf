# A billion combinations: measured before anything is built.
resource "aws_lambda_function" "f" {
  tracing_config {
    mode = length(setproduct(range(1000), range(1000), range(1000))) > 0 ? "Active" : "PassThrough"
  }
}
