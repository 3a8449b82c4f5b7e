# A FIFO named like Terraform and one named like a template: opening either for reading would wait
# for a writer forever.
mkfifo x.tf template.yaml
# And a socket (opening it fails with ENXIO; it is named for what it is).
python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('sock.tf')"
