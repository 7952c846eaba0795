#!/usr/bin/env bash
# Money, shares and rates are exact: no binary floating point in ledger/, contracts/ or
# reports/. The one exception is the XLSX renderer (reports/render/xlsx.cpp): a spreadsheet
# cell holds a binary number, made there from the figure's exact decimal text, and column
# widths and chart scales are in Excel's fractional units; no figure is computed there.
set -u
top=$1
cd "$top"
hits=$(grep -rnE '\b(double|float)\b|std::sto[fd]|strto[fd]|atof' ledger contracts reports 2>/dev/null \
  | grep -vE '^[^:]+:[0-9]+:\s*//' | grep -v '^reports/render/xlsx.cpp:' | grep -v 'border-bottom: 3px double')
if [ -n "$hits" ]; then
  echo "binary floating point found where money flows:"
  echo "$hits"
  exit 1
fi
echo "no binary floating point in ledger/, contracts/ or reports/ (beyond the spreadsheet's cells)"
