#!/bin/bash
# Things file() must not read: a FIFO (blocks forever), a device (endless), a huge (sparse) file.
set -e
mkfifo pipe.txt
ln -s /dev/zero zero.txt
truncate -s 40M huge.txt
