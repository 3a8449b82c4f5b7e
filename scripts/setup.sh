#!/usr/bin/env bash
# The README's first command: install the Debian packages cloudsift needs, build build/cloudsift
# (Release), and scan examples/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
install_packages "${BUILD_PACKAGES[@]}" "${DEV_PACKAGES[@]}"
cmake --preset release
cmake --build build -j "$(nproc)"
echo
echo "== build/cloudsift scan examples/"
set +e
build/cloudsift scan examples/
rc=$?
set -e
# 1 means the scan found FAILs, which is what the examples are for.
if [ "$rc" -gt 1 ]; then exit "$rc"; fi
echo "cloudsift is built at build/cloudsift (exit code of the example scan: $rc)"
