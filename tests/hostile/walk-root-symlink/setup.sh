# A link to the whole disk.
ln -s / root
