set -e
printf 'resource "aws_lambda_function" "g" {\n  function_name = "y"\n}\n' > "$(printf 'x\n\n## All clear\n| PASS | y |.tf')"
