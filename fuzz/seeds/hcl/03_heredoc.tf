a = <<-EOT
    one
      ${two}
    EOT
b = <<EOT
x %{ if c ~}
 y
%{~ endif }
EOT
