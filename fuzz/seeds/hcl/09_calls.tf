x = provider::aws::arn_parse(f(a, b...))
y = concat(
  a,
  b,
)
