# Variable files Terraform would read in a root module, that are not regular text files.
mkfifo x.auto.tfvars
ln -s /dev/zero terraform.tfvars
printf 'a = "\000"\n' > b.auto.tfvars
