# Deep YAML every way it nests: flow sequences and mappings, compact block sequences ("- - - x"),
# explicit keys ("? ? x") and block mappings by indentation.
python3 - <<'PY'
n = 100000
head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Tags: "
open("flow.yaml", "w").write(head + "[" * n + "]" * n + "\n")
open("flowmap.yaml", "w").write(head + "{a: " * n + "1" + "}" * n + "\n")
open("dashes.yaml", "w").write(head + "\n        " + "- " * n + "x\n")
open("keys.yaml", "w").write(head + "\n        " + "? " * n + "x\n")
open("indent.yaml", "w").write(head + "\n" + "".join(" " * (8 + i) + "a:\n" for i in range(2000)))
PY
