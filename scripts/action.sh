#!/usr/bin/env bash
# The shell side of the GitHub Action (action.yml), kept here so that tests/e2e/action_test.py can run it
# with fake inputs. Subcommands:
#
#   action.sh key     writes key=<cache key> to $GITHUB_OUTPUT: OS, architecture and a hash of everything
#                     the binary is built from (CMake files, src/, scripts/packages.sh)
#   action.sh build   puts a cloudsift on PATH: the one already there, else the cached binary in
#                     $CLOUDSIFT_CACHE_DIR/bin, else builds it (Release, no tests, no benchmarks) after
#                     installing BUILD_PACKAGES from scripts/packages.sh (as root, or with sudo when not)
#   action.sh scan    runs cloudsift scan with the inputs: INPUT_PATH (paths, split like a shell command
#                     line, without expansion), INPUT_ARGS (extra arguments, same splitting: quotes keep
#                     a value whole, nothing is evaluated), INPUT_SARIF_FILE, INPUT_SOFT_FAIL; writes
#                     exit-code=N to $GITHUB_OUTPUT and exits 0, except 2 when the inputs cannot be split
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${GITHUB_OUTPUT:=/dev/null}"

die() {
  echo "cloudsift action: $*" >&2
  exit 2
}

# Splits $1 as a POSIX shell would split words (quotes and backslashes), with no expansion of any kind,
# into the array named $2. Python's shlex does the splitting; its words come back NUL-separated so that
# a word may hold anything, newlines included.
split_words() {
  local -n out=$2
  out=()
  local words
  words=$(python3 -c '
import shlex, sys
try:
    words = shlex.split(sys.argv[1], comments=False, posix=True)
except ValueError as e:
    sys.exit("cannot split %s: %s" % (sys.argv[2], e))
sys.stdout.write("".join(w + "\0" for w in words))
' "$1" "$3" | base64 -w0) || die "input $3 is not a valid argument list (unbalanced quote?)"
  mapfile -d '' -t out < <(printf '%s' "$words" | base64 -d)
}

cmd_key() {
  command -v sha256sum >/dev/null || die "sha256sum is missing"
  local os="unknown"
  if [ -r /etc/os-release ]; then os=$(. /etc/os-release && echo "${ID:-linux}-${VERSION_ID:-0}"); fi
  local hash
  hash=$(cd "$ROOT" && find CMakeLists.txt CMakePresets.json cmake src scripts/packages.sh -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
  echo "key=cloudsift-$(uname -s)-$(uname -m)-$os-$hash" >>"$GITHUB_OUTPUT"
}

cmd_build() {
  if command -v cloudsift >/dev/null 2>&1; then
    echo "cloudsift action: using $(command -v cloudsift)"
    return
  fi
  local cache="${CLOUDSIFT_CACHE_DIR:?CLOUDSIFT_CACHE_DIR must name the cached build directory}"
  local bin="$cache/bin/cloudsift"
  # shellcheck source=scripts/packages.sh
  source "$ROOT/scripts/packages.sh"
  if [ -x "$bin" ] && ! ldd "$bin" 2>/dev/null | grep -q 'not found'; then
    echo "cloudsift action: using the cached $bin"
  else
    # The build dependencies also bring the shared libraries a cached binary needs.
    install_packages "${BUILD_PACKAGES[@]}"
    if [ ! -x "$bin" ]; then
      local build="$cache/build"
      cmake -S "$ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLOUDSIFT_TESTS=OFF -DCLOUDSIFT_BENCH=OFF
      cmake --build "$build" --target cloudsift
      install -D -m 0755 "$build/cloudsift" "$bin"
      rm -rf "$build"
    fi
  fi
  echo "$cache/bin" >>"${GITHUB_PATH:-/dev/null}"
}

cmd_scan() {
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to split the path and args inputs"
  local paths=() extra=()
  split_words "${INPUT_PATH:-.}" paths path
  split_words "${INPUT_ARGS:-}" extra args
  [ "${#paths[@]}" -gt 0 ] || paths=(.)
  local argv=(scan "${paths[@]}" --format text)
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then argv+=(--format "sarif:${INPUT_SARIF_FILE}"); fi
  case "${INPUT_SOFT_FAIL:-false}" in
    true) argv+=(--soft-fail) ;;
    false | "") ;;
    *) die "input soft-fail must be true or false, got '${INPUT_SOFT_FAIL}'" ;;
  esac
  argv+=("${extra[@]}")
  local code=0
  cloudsift "${argv[@]}" || code=$?
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
}

case "${1:-}" in
  key) cmd_key ;;
  build) cmd_build ;;
  scan) cmd_scan ;;
  *) die "usage: action.sh key|build|scan" ;;
esac
