#!/usr/bin/env bash
# Sets poolbook up on a Debian 12 machine: installs the Debian packages it needs (only those
# missing, so a second run installs nothing), then configures and builds incrementally.
#
#   scripts/setup.sh                 # release build in build/: programs, tests, fuzz replay, benchmarks
#   scripts/setup.sh --programs      # only the programs (poolbook), in the same build/: what
#                                    # scripts/run.sh needs; a later full build reuses it
#   scripts/setup.sh --sanitize      # also the ASan+UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

programs_only=false
sanitize=false
for option in "$@"; do
  case "$option" in
    --programs) programs_only=true ;;
    --sanitize) sanitize=true ;;
    *)
      echo "setup: unknown option '$option' (use --programs or --sanitize)" >&2
      exit 2
      ;;
  esac
done
# The programs' targets, built alone by --programs: the CLI and the daemon.
program_targets=(poolbook poolbookd)

packages=(
  g++ cmake ninja-build pkg-config tzdata clang-format
  libboost-dev libhowardhinnant-date-dev libsqlite3-dev libpq-dev libssl-dev libxlsxwriter-dev catch2
  libspdlog-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libcpp-httplib-dev
  hledger ledger sqlite3
  chromium python3-openpyxl poppler-utils curl systemd iproute2
)
# The tests also run PostgreSQL's server, in throw-away clusters of their own
# (tests/postgres/cluster.sh): the package is installed without its default cluster.
$programs_only || packages+=(postgresql-15)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
    # No cluster of its own: poolbook's tests make theirs and remove them.
    "${as_root[@]}" mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/poolbook.conf >/dev/null
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# configure_and_build DIR [cmake options...]: configures once, then builds incrementally:
# everything, or only the programs with --programs. The configure is the same either way, so
# the full build that the test command runs later reuses what --programs built.
configure_and_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  fi
  if $programs_only; then
    cmake --build "$dir" --target "${program_targets[@]}"
  else
    cmake --build "$dir"
  fi
}

configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if $sanitize; then
  configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DPOOLBOOK_SANITIZE=ON
fi
