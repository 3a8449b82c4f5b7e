resource "aws_lambda_function" "tabs" {
	function_name = "tabs"
	role          = "arn:aws:iam::123456789012:role/r"
}

resource "aws_lambda_function" "wrong" {
	function_name = "wrong"
	role          = "arn:aws:iam::123456789012:role/r"
	tracing_config {
		mode = "active"
	}
}
