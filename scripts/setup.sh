#!/usr/bin/env bash
# Sets poolbook up on a Debian 12 machine: installs the Debian packages it needs (only those
# missing, so a second run installs nothing), then configures and builds incrementally.
#
#   scripts/setup.sh                 # release build in build/
#   scripts/setup.sh --sanitize      # also the ASan+UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
  g++ cmake ninja-build pkg-config tzdata clang-format
  libboost-dev libhowardhinnant-date-dev libsqlite3-dev libssl-dev libxlsxwriter-dev catch2
  libspdlog-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libcpp-httplib-dev
  hledger ledger sqlite3
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "setup: installing Debian packages: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# configure_and_build DIR [cmake options...]: configures once, then builds incrementally.
configure_and_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  fi
  cmake --build "$dir"
}

configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ "${1:-}" = "--sanitize" ]; then
  configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DPOOLBOOK_SANITIZE=ON
fi
