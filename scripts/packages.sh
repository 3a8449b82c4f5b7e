# Debian packages, one list per purpose. Sourced by setup.sh, test.sh and scripts/action.sh (the GitHub
# Action), so the lists cannot drift apart.
# What CMake needs to build the cloudsift binary alone (-DCLOUDSIFT_TESTS=OFF -DCLOUDSIFT_BENCH=OFF): the
# GitHub Action installs exactly this list. A library the binary links goes here.
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config libyaml-dev libcurl4-openssl-dev libssl-dev
                libre2-dev libarchive-dev)
# What the unit tests, benchmarks and test scripts of a default build (tests and benchmarks on) add.
DEV_PACKAGES=(libgtest-dev libgmock-dev libbenchmark-dev python3)
TEST_PACKAGES=(clang libclang-rt-14-dev clang-format-14 pre-commit ccache git)  # ccache: the add_check test builds a copy of the tree; git: module fetch tests
# Node.js/npm and pip are commands first: a machine may have them from elsewhere (a Node.js build that
# bundles npm conflicts with Debian's npm package), so the Debian packages are only the fallback.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then TEST_PACKAGES+=(nodejs npm); fi
if ! python3 -m pip --version >/dev/null 2>&1; then TEST_PACKAGES+=(python3-pip); fi

install_packages() {
  # As root, or through sudo when not root (a GitHub runner); neither is assumed.
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install_packages: not root and no sudo; install these Debian packages first: $*" >&2
      return 1
    fi
    sudo="sudo"
  fi
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Always refresh the package lists first (a fresh machine has none); install what is missing.
  $sudo apt-get update
  if [ "${#missing[@]}" -gt 0 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}
