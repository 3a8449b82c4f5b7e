# A file name holding ESC, CR and LF (git cannot carry it): a realistic way to forge a terminal line.
set -e
printf 'resource "aws_lambda_function" "f" {\n  function_name = "x"\n}\n' > "$(printf 'evil\033[31m\r\n0 passed, 0 failed.tf')"
