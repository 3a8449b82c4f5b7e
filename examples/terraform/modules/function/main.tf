variable "name" {
  type = string
}

variable "role_arn" {
  type = string
}

variable "tracing_mode" {
  type    = string
  default = null
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = var.role_arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "${var.name}.zip"

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [var.tracing_mode]
    content {
      mode = tracing_config.value
    }
  }
}
