x = "${x
y = "unterminated
z = <<EOT
no end
