# Sourced by the end-to-end scripts: `expect DESCRIPTION ACTUAL EXPECTED` prints "ok: ..." or
# the difference, and counts the failures in $failures (the script ends with
# `[ "$failures" -eq 0 ] || exit 1`).
failures=0
expect() {
  if [ "$2" != "$3" ]; then
    echo "FAILED: $1"
    echo "  expected: $3"
    echo "  actual:   $2"
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}
