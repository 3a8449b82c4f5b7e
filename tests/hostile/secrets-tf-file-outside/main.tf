variable "secret_path" {
  type = string
}

# Through a symlink inside the tree that points outside it.
resource "aws_lambda_function" "via_link" {
  tracing_config {
    mode = file("link.txt")
  }
}

# By its absolute path (given with --var).
resource "aws_lambda_function" "absolute" {
  tracing_config {
    mode = file(var.secret_path)
  }
}

# Through a directory symlink, with templatefile.
resource "aws_lambda_function" "template" {
  tracing_config {
    mode = templatefile("outdir/secret.txt", {})
  }
}

# fileexists and fileset give no truthful answer about the outside disk.
resource "aws_lambda_function" "exists" {
  tracing_config {
    mode = fileexists(var.secret_path) ? "Active" : "PassThrough"
  }
}

resource "aws_lambda_function" "hash" {
  tracing_config {
    mode = filesha256("link.txt")
  }
}

resource "aws_lambda_function" "fileset_out" {
  tracing_config {
    mode = join(",", fileset(".", "outdir/*"))
  }
}

# Where the pattern does not reach the link out, fileset answers.
resource "aws_lambda_function" "fileset_in" {
  tracing_config {
    mode = join(",", fileset(".", "*.tf"))
  }
}
