module "vend" {
  source  = "app.terraform.io/acme/fn/aws"
  version = "1.0.0"
  name    = "x"
}
