# A shared directory (world-writable, owned by someone else, like /tmp) above the project, inside the
# same repository, with a .cloudsift.yaml planted in it that would silence the scan.
set -e
mkdir -p shared/proj shared/.git
mv main.tf shared/proj/
printf 'soft-fail: true\nskip-check: [lambda_notracing]\n' > shared/.cloudsift.yaml
# Giving a file away needs root (or sudo without a password).
as_root=""
if [ "$(id -u)" -ne 0 ]; then as_root="sudo -n"; fi
$as_root chown nobody shared/.cloudsift.yaml shared
$as_root chmod 0777 shared
