# 20 nested directories, each with its own function and three links back: to itself, to its parent
# and to the top. Followed blindly, that is 3^20 paths.
top=$PWD
d=.
for i in $(seq 1 20); do
  d=$d/d$i
  mkdir -p "$d"
  cat > "$d/main.tf" <<TF
resource "aws_lambda_function" "f$i" {
  function_name = "f$i"
  role          = "arn:aws:iam::123456789012:role/r"
}
TF
  ln -s . "$d/self"
  ln -s .. "$d/up"
  ln -s "$top" "$d/top"
done
