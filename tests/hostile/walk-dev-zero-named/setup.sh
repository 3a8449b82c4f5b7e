ln -s /dev/zero zero.tf
