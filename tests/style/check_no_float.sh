#!/usr/bin/env bash
# Money, shares and rates are exact: no binary floating point in ledger/ or contracts/.
set -u
top=$1
cd "$top"
hits=$(grep -rnE '\b(double|float)\b|std::sto[fd]|strto[fd]|atof' ledger contracts 2>/dev/null \
  | grep -vE '^[^:]+:[0-9]+:\s*//')
if [ -n "$hits" ]; then
  echo "binary floating point found where money flows:"
  echo "$hits"
  exit 1
fi
echo "no binary floating point in ledger/ or contracts/"
