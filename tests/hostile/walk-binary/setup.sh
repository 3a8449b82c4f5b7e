# The same binary bytes (an ELF header, then every byte value) under three input names, and a .tf
# file in Latin-1.
{
  printf '\177ELF\002\001\001\000'
  for r in 1 2 3 4 5 6 7 8 9 10; do
    for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done
  done
} > x.tf
cp x.tf x.json
cp x.tf x.yaml
printf 'locals {\n  name = "caf\351"\n}\n' > latin1.tf
printf "AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf\351\nResources: {}\n" > latin1-template.yaml
