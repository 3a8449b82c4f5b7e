locals {
  l0 = [1]
  l1 = concat(local.l0, local.l0)
  l2 = [local.l1, local.l1]
  l3 = concat(local.l2, local.l2)
  s0 = "ab"
  s1 = "${local.s0}${local.s0}"
  s2 = replace(local.s1, "/(a)/", "$1$1")
  s3 = format("%099d", length(local.l3))
}
module "self" {
  source = "./m"
  mode   = local.s3
}
resource "aws_lambda_function" "f" {
  tracing_config {
    mode = length(local.l3) > 0 ? "Active" : regexall("(?P<x>a+)", local.s2)[0].x
  }
}
