variable "mode" {}

variable "count_of" {
  type = number
}

variable "modes" {
  type = map(string)
}

# The environment's value as the mode.
resource "aws_lambda_function" "env" {
  tracing_config {
    mode = var.mode
  }
}

# A number variable whose value from the environment does not convert: the error must not quote it.
resource "aws_lambda_function" "typed" {
  tracing_config {
    mode = var.count_of > 1 ? "Active" : "PassThrough"
  }
}

# A map variable whose value from the environment does not parse.
resource "aws_lambda_function" "map" {
  tracing_config {
    mode = var.modes["a"]
  }
}
