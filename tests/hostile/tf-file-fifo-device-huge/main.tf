resource "aws_lambda_function" "fifo" {
  tracing_config {
    mode = file("pipe.txt")
  }
}

resource "aws_lambda_function" "device" {
  tracing_config {
    mode = file("zero.txt")
  }
}

resource "aws_lambda_function" "huge" {
  tracing_config {
    mode = filesha256("huge.txt")
  }
}
