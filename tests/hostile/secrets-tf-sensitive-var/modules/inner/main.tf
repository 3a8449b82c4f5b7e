output "token" {
  value     = "CS_PLANTED_SECRET_3c"
  sensitive = true
}
