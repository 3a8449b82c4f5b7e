module "a" {
  source = "./modules/fn"
  name   = "a"
}

module "b" {
  source = "./modules/fn"
  name   = "b"
}

# The mode is the module's input: the caller's argument decides (a manual fix, named there).
module "c" {
  source       = "./modules/moded"
  tracing_mode = "PassThrough"
}
