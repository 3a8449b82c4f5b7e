# A file inside the tree may be read, but its content is never printed.
resource "aws_lambda_function" "file" {
  tracing_config {
    mode = file("token.txt")
  }
}

# Decoded from a file: still from the file.
resource "aws_lambda_function" "json" {
  tracing_config {
    mode = jsondecode(file("config.json")).mode
  }
}

# A function that fails on file content says so without quoting it.
resource "aws_lambda_function" "error" {
  tracing_config {
    mode = jsondecode(file("token.txt"))
  }
}

resource "aws_lambda_function" "template" {
  tracing_config {
    mode = templatefile("mode.tpl", { x = "y" })
  }
}

# fileexists inside the tree gives its true answer.
resource "aws_lambda_function" "exists" {
  tracing_config {
    mode = fileexists("token.txt") ? "Active" : "PassThrough"
  }
}
