# One template under two names; one Terraform file linked into a second module; a link to a file of the
# same module.
mkdir -p infra m1 m2 m3
cat > infra/template.yaml <<'YAML'
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
YAML
ln -s infra/template.yaml a-copy.yaml
cat > m1/fn.tf <<'TF'
resource "aws_lambda_function" "shared" {
  function_name = "shared"
  role          = "arn:aws:iam::123456789012:role/r"
}
TF
ln -s ../m1/fn.tf m2/fn.tf
cp m1/fn.tf m3/a.tf
ln -s a.tf m3/b.tf
