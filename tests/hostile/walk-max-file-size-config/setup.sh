printf 'max-file-size: 2K\n' > .cloudsift.yaml
yes '# padding' | head -c 5000 > padded.tf
