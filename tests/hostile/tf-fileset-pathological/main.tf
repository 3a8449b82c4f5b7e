# {a,b} thirty times is a billion patterns.
resource "aws_lambda_function" "braces" {
  tracing_config {
    mode = join(",", fileset(".", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"))
  }
}

# Forty "**" over a deep tree: exponential with backtracking, linear by dynamic programming.
resource "aws_lambda_function" "stars" {
  tracing_config {
    mode = join(",", fileset(".", "**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/zz"))
  }
}
