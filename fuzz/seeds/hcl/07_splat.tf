x = a[*].b.c[0]
y = a.*.b[0]
z = a.0.b["k"][var.i]
w = a[*].b[*].c
