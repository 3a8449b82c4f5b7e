# 70 levels; the walk stops at 64 below the scanned directory and says so.
d=.
for i in $(seq 1 70); do d=$d/l$i; done
mkdir -p "$d"
cp main.tf "$d/main.tf"
