locals {
  a = 1.5e3
  b = [1, "a", true, null]
  c = { k = 1, "z" = var.y, (p) = 2, d: 3 }
}
