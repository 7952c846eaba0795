#!/usr/bin/env bash
# The README's test command: sets up (packages, normal and sanitizer builds) and runs every
# test with ctest, in both builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --sanitize
# The identity tests run the real program as the example area's operating-system accounts
# (pool.manager and finance.officer): created here if missing, which needs root or sudo.
. scripts/lib/accounts.sh
ensure_example_accounts
echo "== tests (RelWithDebInfo build) =="
ctest --test-dir build --output-on-failure -j2
echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer build) =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2
