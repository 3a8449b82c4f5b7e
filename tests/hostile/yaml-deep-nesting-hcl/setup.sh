# Deep HCL: parentheses, nested blocks, nested objects, a .tfvars value, and a 100,000-long chain of
# locals (each one level deeper than the next), which only evaluation can see.
python3 - <<'PY'
n = 100000
def fn(name, body):
    return 'resource "aws_lambda_function" "%s" {\n  function_name = "%s"\n%s}\n' % (name, name, body)
open("parens.tf", "w").write(fn("p", "  description = " + "(" * n + '"x"' + ")" * n + "\n"))
open("blocks.tf", "w").write(fn("b", "dynamic {\n" * n + "}\n" * n))
open("objects.tf", "w").write(fn("o", "  tags = " + "{a = " * n + "1" + "}" * n + "\n"))
open("deep.auto.tfvars", "w").write("x = " + "[" * n + "]" * n + "\n")
locals = "".join("  l%d = [local.l%d]\n" % (i, i + 1) for i in range(n))
open("chain.tf", "w").write(fn("c", '  tracing_config {\n    mode = length(local.l0) > 0 ? "Active" : "x"\n  }\n')
                            + "locals {\n" + locals + '  l%d = "x"\n}\n' % n)
PY
