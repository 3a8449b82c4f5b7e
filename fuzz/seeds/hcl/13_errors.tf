resource "a" "b" {
  bad = = 1
  x = [1, 2
}
resource "c" "d" {
  y = {a = 1 b}
}
