# 40 MiB of comments, past the default limit of 32M.
yes '# a comment line that only makes this file large' | head -c 41943040 > big.tf
