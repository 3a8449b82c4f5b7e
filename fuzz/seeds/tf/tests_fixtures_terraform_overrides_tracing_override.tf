# Nested blocks of a type in an override replace all of the original's blocks of that type.
resource "aws_lambda_function" "block_replaced" {
  dynamic "tracing_config" {
    for_each = []
    content {
      mode = "Active"
    }
  }
}

locals {
  mode = "Active"
}
