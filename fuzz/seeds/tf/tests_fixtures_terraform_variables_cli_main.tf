variable "mode_default_active" {
  type    = string
  default = "Active"
}

variable "mode_no_default" {
  type = string
}

variable "mode_from_tfvars" {
  type    = string
  default = "PassThrough"
}

variable "mode_from_auto" {
  default = "PassThrough"
}

variable "settings" {
  type = object({
    name    = string
    tracing = optional(string, "Active")
    memory  = optional(number)
  })
  default = {
    name = "svc"
  }
}

variable "by_env" {
  type = map(string)
  default = {
    prod = "Active"
    dev  = "PassThrough"
  }
}

variable "env" {
  default = "prod"
}

resource "aws_lambda_function" "from_default" {
  tracing_config {
    mode = var.mode_default_active
  }
}

resource "aws_lambda_function" "unknown" {
  tracing_config {
    mode = var.mode_no_default
  }
}

resource "aws_lambda_function" "tfvars" {
  tracing_config {
    mode = var.mode_from_tfvars
  }
}

resource "aws_lambda_function" "auto_tfvars" {
  tracing_config {
    mode = var.mode_from_auto
  }
}

resource "aws_lambda_function" "optional_default" {
  tracing_config {
    mode = var.settings.tracing
  }
}

resource "aws_lambda_function" "lookup_env" {
  tracing_config {
    mode = lookup(var.by_env, var.env, "PassThrough")
  }
}
