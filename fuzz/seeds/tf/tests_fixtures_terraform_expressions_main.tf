locals {
  env      = "prod"
  modes    = { prod = "Active", dev = "PassThrough" }
  tracing  = local.modes[local.env]
  enabled  = true
  defaults = { tracing_mode = "Active" }
  merged   = merge(local.defaults, { tracing_mode = "PassThrough" })
  names    = ["a", "b"]
  upper    = [for n in local.names : upper(n)]
}

resource "aws_lambda_function" "local_index" {
  tracing_config {
    mode = local.tracing
  }
}

resource "aws_lambda_function" "conditional" {
  tracing_config {
    mode = local.enabled ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "merge_wins_last" {
  tracing_config {
    mode = local.merged.tracing_mode
  }
}

resource "aws_lambda_function" "template" {
  tracing_config {
    mode = "${title("act")}ive"
  }
}

resource "aws_lambda_function" "try_fallback" {
  tracing_config {
    mode = try(local.modes.staging, "Active")
  }
}

resource "aws_lambda_function" "coalesce" {
  tracing_config {
    mode = coalesce("", null, "PassThrough")
  }
}

resource "aws_lambda_function" "from_file" {
  tracing_config {
    mode = trimspace(file("${path.module}/mode.txt"))
  }
}

resource "aws_lambda_function" "templatefile" {
  tracing_config {
    mode = trimspace(templatefile("${path.module}/mode.tftpl", { on = true }))
  }
}

resource "aws_lambda_function" "resource_ref" {
  tracing_config {
    mode = aws_ssm_parameter.mode.value
  }
}

resource "aws_lambda_function" "unsupported_function" {
  tracing_config {
    mode = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x").service
  }
}

resource "aws_lambda_function" "for_expr" {
  tracing_config {
    mode = join("", [for c in ["A", "c", "t", "i", "v", "e"] : c])
  }
}

resource "aws_ssm_parameter" "mode" {
  name  = "mode"
  type  = "String"
  value = "Active"
}
