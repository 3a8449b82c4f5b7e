x = jsonencode({
  Statement = [{
    Effect = "Allow"
    Action = ["s3:*"]
  }]
})
y = <<EOT
${jsonencode(x)}
EOT
