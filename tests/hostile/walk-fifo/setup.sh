# A FIFO named like Terraform and one named like a template: opening either for reading would wait
# for a writer forever.
mkfifo x.tf template.yaml
