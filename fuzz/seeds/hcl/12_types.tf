variable "v" {
  type = list(object({
    a = string
    b = optional(number, 1)
  }))
  default = []
}
