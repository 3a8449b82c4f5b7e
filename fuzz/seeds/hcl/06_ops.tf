x = a || b && c == d < e + f * g % h / -i
y = !a ? b : c ? d : e
