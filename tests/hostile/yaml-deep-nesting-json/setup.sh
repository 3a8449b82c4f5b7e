# 100,000 levels of arrays and objects in a CloudFormation JSON template and in a Terraform plan.
python3 - <<'PY'
n = 100000
fn = '"Type": "AWS::Lambda::Function", "Properties": {"Handler": "x", "Tags": %s}'
open("arrays.template.json", "w").write('{"Resources": {"Fn": {' + fn % ("[" * n + "]" * n) + '}}}\n')
open("objects.json", "w").write('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn": {'
                                + fn % ('{"a": ' * n + "1" + "}" * n) + '}}}\n')
open("plan.json", "w").write('{"format_version": "1.2", "resource_changes": [{"address": "aws_lambda_function.f", '
                             '"type": "aws_lambda_function", "name": "f", "change": {"actions": ["create"], '
                             '"after": {"tags": ' + "[" * n + "]" * n + '}}}]}\n')
PY
