module "m" {
  source = "./x"
  for_each = toset(var.l)
  name = each.key
  depends_on = [aws_s3_bucket.b]
}
