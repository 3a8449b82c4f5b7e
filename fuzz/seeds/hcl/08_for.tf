x = [for i, v in l : v if i < 2]
y = {for k, v in m : v => k... if v != null}
