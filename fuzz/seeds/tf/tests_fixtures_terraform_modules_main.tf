variable "root_mode" {
  default = "PassThrough"
}

module "fn_active" {
  source       = "./modules/fn"
  tracing_mode = "Active"
}

module "fn_default" {
  source = "./modules/fn"
}

module "fn_pt" {
  source       = "./modules/fn"
  tracing_mode = var.root_mode
}

module "counted" {
  source       = "./modules/fn"
  count        = 2
  tracing_mode = count.index == 0 ? "Active" : null
}

module "each" {
  source   = "./modules/wrapper"
  for_each = { a = "Active", b = "PassThrough" }
  mode     = each.value
}

module "registry_active" {
  source       = "terraform-aws-modules/lambda/aws"
  version      = "~> 7.0"
  tracing_mode = "Active"
}

module "registry_absent" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"
}

module "registry_layer_only" {
  source          = "terraform-aws-modules/lambda/aws"
  create_function = false
  create_layer    = true
}

module "remote_other" {
  source = "git::https://example.com/acme/lambda.git?ref=v1"
}

module "missing_local" {
  source = "./modules/does-not-exist"
}

resource "aws_lambda_function" "uses_output" {
  tracing_config {
    mode = module.fn_active.mode_out
  }
}
