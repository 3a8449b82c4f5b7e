variable "mode" {
  type      = string
  default   = "CS_PLANTED_SECRET_3"
  sensitive = true
}

# The secret itself as the mode.
resource "aws_lambda_function" "direct" {
  tracing_config {
    mode = var.mode
  }
}

# Computed from it: still secret.
resource "aws_lambda_function" "computed" {
  tracing_config {
    mode = "${upper(var.mode)}-suffix"
  }
}

# A function that fails on it must not quote it in its error.
resource "aws_lambda_function" "error" {
  tracing_config {
    mode = tonumber(var.mode) > 1 ? "Active" : "PassThrough"
  }
}

# sensitive() marks a literal; a module output declared sensitive marks what passes through it.
resource "aws_lambda_function" "function" {
  tracing_config {
    mode = sensitive("CS_PLANTED_SECRET_3b")
  }
}

module "inner" {
  source = "./modules/inner"
}

resource "aws_lambda_function" "output" {
  tracing_config {
    mode = module.inner.token
  }
}

# A literal written in the resource is still shown.
resource "aws_lambda_function" "literal" {
  tracing_config {
    mode = "active"
  }
}
