# 40 MiB of comments.
yes '# a comment line that only makes this file large' | head -c 41943040 > big.tf
