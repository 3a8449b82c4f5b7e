# A .tf link to a file outside the tree whose content would surface in a parse error, and a directory
# link to a module outside the tree.
printf 'password = "CS_WALK_OUTSIDE_SECRET" {{{\n' > "$CASE_OUTSIDE/creds.tf"
ln -s "$CASE_OUTSIDE/creds.tf" creds.tf
mkdir "$CASE_OUTSIDE/mod"
cat > "$CASE_OUTSIDE/mod/main.tf" <<TF
resource "aws_lambda_function" "outside" {
  function_name = "outside"
  role          = "arn:aws:iam::123456789012:role/r"
}
TF
ln -s "$CASE_OUTSIDE/mod" ext
