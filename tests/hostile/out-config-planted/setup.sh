# A shared directory (world-writable, owned by someone else, like /tmp) above the project, inside the
# same repository, with a .cloudsift.yaml planted in it that would silence the scan.
set -e
mkdir -p shared/proj shared/.git
mv main.tf shared/proj/
printf 'soft-fail: true\nskip-check: [lambda_notracing]\n' > shared/.cloudsift.yaml
chown nobody shared/.cloudsift.yaml
chown nobody shared
chmod 0777 shared
