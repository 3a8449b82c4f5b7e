#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install test dependencies, build, and run every
# test: unit tests, end-to-end tests, oracles, conformance on ../shared/corpus, the same suite under
# ASan+UBSan, and a short libFuzzer run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/packages.sh
install_packages "${BUILD_PACKAGES[@]}" "${DEV_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

# Oracles from the npm registry, kept out of the tree (.cache is ignored by git). A test whose oracle
# could not be installed says so and is skipped.
npm_oracle() {  # dir, package, marker path
  if [ ! -e ".cache/$1/node_modules/$3" ]; then
    mkdir -p ".cache/$1"
    npm install --silent --no-audit --no-fund --prefix ".cache/$1" "$2" \
      || echo "warning: could not install $2; the tests that use it will be skipped"
  fi
}
npm_oracle hcl2json @cdktf/hcl2json@0.21.0 @cdktf/hcl2json
npm_oracle sarif @microsoft/sarif-multitool-linux @microsoft/sarif-multitool-linux
npm_oracle sls serverless@3 .bin/serverless
export HCL2JSON_DIR="$ROOT/.cache/hcl2json"
# Python oracles and emulators (boto3, botocore, moto with moto_server, cfn-lint, samtranslator) are on
# the machine image; install what is missing when a package index is reachable, else the tests that need
# them skip. The live tests start moto_server and tests/fakeaws/server.py themselves, on 127.0.0.1.
python3 - <<'PY' || python3 -m pip install --quiet boto3 botocore 'moto[server]' cfn-lint aws-sam-translator \
  || echo "warning: could not pip install the Python oracles; tests that need them will be skipped"
import boto3, botocore, moto, cfnlint, samtranslator, flask  # noqa: F401
import moto.server  # noqa: F401  (moto_server)
PY

# The format check first: seconds, and a failure should not wait for half an hour of builds.
echo "== lint: clang-format"
scripts/format.sh --check

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
JOBS=$(nproc)

echo "== build: release"
cmake --preset release >/dev/null
cmake --build build -j "$JOBS"
# One clang build serves the sanitizer tests and the fuzz targets (libFuzzer under ASan+UBSan, as a
# separate fuzz build would be): a third full build cost CI about a quarter of its time.
echo "== build: asan-ubsan (clang; also the libFuzzer targets)"
cmake --preset asan-ubsan >/dev/null
cmake --build build-asan -j "$JOBS"

echo "== fuzz: ${FUZZ_SECONDS}s per target"
for f in build-asan/*_fuzz; do
  name=$(basename "$f" _fuzz)
  seeds="fuzz/seeds/${name%%_*}"
  work=$(mktemp -d)
  [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
  # The evaluator fuzzer starts from the Terraform fixtures themselves.
  if [ "$name" = tf_eval ]; then
    for t in tests/fixtures/*/terraform/*/*.tf examples/terraform/main.tf; do cp "$t" "$work/$(echo "$t" | tr / _)"; done
  fi
  "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=0 "$work" 2>&1 | tail -n 3
  rm -rf "$work"
done

echo "== tests under ASan+UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Run once, in the release run below: add_check builds its own Debug copy of the tree; the oracle tests
# spend their time in the oracle (Microsoft's SARIF validator, `serverless package`, samtranslator,
# `terraform plan`, hcl2json, `terraform console`) on inputs the e2e suite already runs under the
# sanitizers; fakeaws_selftest runs no cloudsift code. Together ~4 minutes of CI for nothing.
# live_throttle (20 Organization scans in a row, ~80 s in Release) runs the retry and rate-limiter paths
# that live_fake and the unit tests already run under the sanitizers.
(cd build-asan && ctest --output-on-failure -j "$JOBS" \
  -E '^(hcl_oracle|tf_console_oracle|add_check|sarif_validate|sls_oracle|sam_oracle|sls_iam_oracle|sam_iam_oracle|tfplan_oracle|fakeaws_selftest|live_throttle)$')

echo "== tests (release)"
(cd build && ctest --output-on-failure -j "$JOBS")

# clang-tidy behind a switch: it does not fit CI's 30 minutes beside the rest (HACKING.md "Lint" has the
# measured times; it needs Debian's clang-tidy-14).
if [ "${CS_LINT:-0}" = 1 ]; then
  echo "== lint: clang-tidy"
  scripts/tidy.sh build
fi
