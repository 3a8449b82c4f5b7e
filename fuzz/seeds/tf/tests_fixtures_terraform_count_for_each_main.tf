variable "functions" {
  type = map(object({ tracing = optional(string) }))
  default = {
    api    = { tracing = "Active" }
    worker = {}
  }
}

variable "n" {
  type = number
}

resource "aws_lambda_function" "counted" {
  count = 2
  tracing_config {
    mode = count.index == 0 ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "none" {
  count = 0
}

resource "aws_lambda_function" "by_key" {
  for_each = var.functions
  dynamic "tracing_config" {
    for_each = each.value.tracing == null ? [] : [each.value.tracing]
    content {
      mode = tracing_config.value
    }
  }
}

resource "aws_lambda_function" "set" {
  for_each = toset(["x", "y"])
  function_name = "fn-${each.key}"
  tracing_config {
    mode = each.key == "x" ? "Active" : "PassThrough"
  }
}

# How many is unknown (var.n has no value), but every instance would be Active.
resource "aws_lambda_function" "unknown_count" {
  count = var.n
  tracing_config {
    mode = "Active"
  }
}

# How many is unknown, and so is the mode of each.
resource "aws_lambda_function" "unknown_count_mode" {
  count = var.n
  tracing_config {
    mode = count.index > 0 ? "Active" : "PassThrough"
  }
}
