# Debian packages, one list per purpose. Sourced by setup.sh and test.sh.
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config libyaml-cpp-dev libcurl4-openssl-dev libssl-dev
                libre2-dev libgtest-dev libgmock-dev libbenchmark-dev python3)
TEST_PACKAGES=(clang libclang-rt-14-dev)
# Node.js/npm and pip are commands first: a machine may have them from elsewhere (a Node.js build that
# bundles npm conflicts with Debian's npm package), so the Debian packages are only the fallback.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then TEST_PACKAGES+=(nodejs npm); fi
if ! python3 -m pip --version >/dev/null 2>&1; then TEST_PACKAGES+=(python3-pip); fi

install_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Always refresh the package lists first (a fresh machine has none); install what is missing.
  $sudo apt-get update
  if [ "${#missing[@]}" -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}
