# Debian packages, one list per purpose. Sourced by setup.sh and test.sh.
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config libyaml-cpp-dev libcurl4-openssl-dev
                libgtest-dev libgmock-dev libbenchmark-dev python3)
TEST_PACKAGES=(clang libclang-rt-14-dev nodejs npm python3-pip)

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
