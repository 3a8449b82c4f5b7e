# A template that renders itself: without a rule this never ends (the stack overflows).
resource "aws_lambda_function" "self" {
  tracing_config {
    mode = templatefile("self.tpl", {})
  }
}

# Two templates that render each other.
resource "aws_lambda_function" "pair" {
  tracing_config {
    mode = templatefile("a.tpl", {})
  }
}
