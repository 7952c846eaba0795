#!/usr/bin/env bash
# End to end, with the real programs: the Northshire example area's year of ledger
# extracts (fixtures/northshire/inbox) imports clean, the balances are the ones in
# fixtures/northshire/README.md, the bad file's rows land in quarantine with their
# reasons, verify proves the books and catches tampering, and an export read by hledger
# and by ledger-cli gives the same balance for every account as `poolbook balance` and
# passes their strict checks (hledger check --strict ordereddates, ledger --pedantic).
set -euo pipefail
poolbook=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The area, with this account mapped to its persons (who acts is chosen with --as).
area=$work/northshire
"$(dirname "$0")/map_account.sh" "$2/northshire" "$area"
store=$work/nsh.db
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"
balance_of() { "$poolbook" balance --store "$store" --csv --account "$1" | awk -F, -v a="$1" '$1 == a {print $2}'; }

"$poolbook" init --agreement "$area/agreement.toml" --store "$store" --as pool.manager >/dev/null
imported=0
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws \
            county-payments:county-payments district-payments:district-north-payments \
            district-payments:southvale-payments host-bank:bank-statement; do
  profile=${pair%%:*}
  prefix=${pair#*:}
  for file in "$area"/inbox/"$prefix"-20??-??.csv; do
    if ! out=$("$poolbook" import "$file" --profile "$profile" --store "$store" --as pool.manager); then
      echo "FAILED: $file did not import clean: $out"
      failures=$((failures + 1))
    fi
    imported=$((imported + 1))
  done
done
expect "88 files imported (84 monthly extracts, 3 partners' payment listings, the bank's statement)" "$imported" "88"
verdict=$("$poolbook" verify --store "$store")
expect "verify proves the year" "$(echo "$verdict" | head -1 | sed -E 's/ and [0-9]+ records:/ and N records:/')" \
  "verified 1963 entries and N records: every hash matches its chain, every balance its postings, every month its log, and every record of periods, imports, quarantine, the agreement and governance its chain"
expect "verify prints the head of the books" \
  "$(echo "$verdict" | sed -n 2p)" \
  "head of the books: $(sqlite3 "$store" "SELECT seq || ':' || hash FROM record_chain ORDER BY seq DESC LIMIT 1")"
expect "the record chain's head seals the journal's last entry" \
  "$(sqlite3 "$store" "SELECT content FROM record_chain WHERE op = 'head' ORDER BY seq DESC LIMIT 1")" \
  "$(sqlite3 "$store" "SELECT '[' || id || ',\"' || hash || '\"]' FROM entries ORDER BY id DESC LIMIT 1")"

# Overdrawn by the winter overspend beyond the reserve, until the partners settle (below).
expect "BCF pool bank at year end" "$(balance_of pool/bcf-pool/bank)" "-620653.60"
expect "ICB contributions received" "$(balance_of pool/bcf-pool/contributions/icb)" "-41509475.50"
expect "county contributions received" "$(balance_of pool/bcf-pool/contributions/county)" "-13148750.00"
expect "Southvale DFG received" "$(balance_of pool/bcf-pool/contributions/district-south)" "-2187954.00"
expect "ICB's own record of payments" "$(balance_of memo/bcf-pool/paid-by/icb)" "41509475.50"
expect "S07 draws (winter overspend)" "$(balance_of pool/bcf-pool/scheme/S07)" "5531264.08"
expect "S11 draws (home care overspend)" "$(balance_of pool/bcf-pool/scheme/S11)" "10009236.78"
expect "S16 draws (underspend)" "$(balance_of pool/bcf-pool/scheme/S16)" "394945.29"
expect "all BCF scheme draws" "$("$poolbook" balance --store "$store" --account pool/bcf-pool/scheme | tail -1 | awk '{print $2}')" \
  "£59,109,151.10"
# Over a range, each figure says what it is: the balance brought forward, the month's
# movement and the balance carried forward (opening + movement = closing).
expect "bank over M08: opening, movement, closing" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/bank --from "2025/26 M08" --to "2025/26 M08" --csv)" \
  "account,opening,movement,closing
pool/bcf-pool/bank,1565480.08,1706149.81,3271629.89"
expect "the bank's closing balance at M07 is M08's opening" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/bank --to "2025/26 M07" --csv | tail -1)" \
  "pool/bcf-pool/bank,0.00,1565480.08,1565480.08"
expect "monthly CSV says which month each movement is" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/bank --monthly --csv | sed -n '1p;9p')" \
  "account,month,movement
pool/bcf-pool/bank,2025/26 M08,1706149.81"
set +e
reversed=$("$poolbook" balance --store "$store" --from "2025/26 M09" --to "2025/26 M08" 2>&1)
reversed_status=$?
unknown=$("$poolbook" balance --store "$store" --account pool/no-such 2>&1)
unknown_status=$?
set -e
expect "a reversed range is refused (exit 2)" "$reversed_status: $reversed" \
  "2: poolbook balance: --from 2025/26 M09 is after --to 2025/26 M08: give the earlier month first [balance.range]"
expect "an unknown account is not a zero balance (exit 4)" "$unknown_status" "4"
expect "CHC lead bank" "$(balance_of pool/chc-lead/bank)" "122131.73"
expect "aligned MH: ICB's own funding" "$(balance_of aligned/mh-aligned/funding/icb)" "-9613995.72"

# Two-sided matching: every partner's own payments against the pool's receipts. The county's
# fourth quarter is 45p short in its own ledger (£3,287,187.05 against £3,287,187.50
# received); Southvale's ledger has a £12,500.00 payment the pool never received.
matched=$("$poolbook" match "2025/26 M12" --store "$store")
expect "the ICB's thirteen payments all match, within 1 or 2 working days" \
  "$(echo "$matched" | grep '^icb to bcf-pool')" \
  "icb to bcf-pool: 13 matched, 0 amount difference(s), 0 paid but not received, 0 received but not remitted"
expect "the county's fourth quarter is an amount difference" \
  "$(echo "$matched" | grep 'GF-TR-2026-0117' | awk '{print $NF, $(NF-1)}')" "difference amount"
expect "Southvale's £12,500.00 was paid but not received" \
  "$(echo "$matched" | grep 'SDC-PAY-26-0320' | sed -E 's/ +/ /g')" \
  " 2026-03-20 SDC-PAY-26-0320 £12,500.00 paid but not received"
expect "Southvale's balances differ by what is explained" \
  "$(echo "$matched" | sed -n '/^district-south/,$p' | grep 'they differ by' | sed -E 's/^ +//')" \
  "they differ by £12,500.00: amount differences £0.00 + paid but not received £12,500.00 + received but not remitted £0.00 = £12,500.00"
# The same file twice is refused; the bad file's rows go to quarantine with reasons.
set +e
again=$("$poolbook" import "$area/inbox/receipts-2025-04.csv" --profile host-receipts --store "$store" --as pool.manager 2>&1)
status=$?
bad=$("$poolbook" import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --store "$store" --as pool.manager)
bad_status=$?
set -e
expect "a repeated file is refused as a conflict (exit 5)" "$status" "5"
expect "the refusal says why" "$(echo "$again" | grep -c 'already imported (same contents)')" "1"
expect "the bad file reports its quarantined rows (exit 3)" "$bad_status" "3"
expect "the bad file's summary" "$(echo "$bad" | head -1 | sed 's|.*/||')" \
  "receipts-2025-10-bad.csv: 11 rows read, 3 posted (£6,768,143.79), 8 quarantined"
expect "quarantine rules by line" "$("$poolbook" quarantine list --store "$store" | awk 'NR > 1 {sub(/.*:/, "", $2); print $2, $NF}' | tr '\n' ' ')" \
  "4 [date.format] 5 [money.format] 6 [money.format] 7 [import.partner] 8 [import.duplicate-reference] 9 [import.reference] 10 [csv.format] 11 [import.amount] "

# A row is corrected and posted; another is set aside; both say who, when and why.
id_of_line() { "$poolbook" quarantine list --store "$store" | awk -v line="$1" 'NR > 1 {n = $2; sub(/.*:/, "", n); if (n == line) print $1}'; }
wrong_date=$(id_of_line 4)
not_partner=$(id_of_line 7)
retried=$("$poolbook" quarantine retry "$wrong_date" --store "$store" --as finance.officer \
  --raw '"AR259003","16-OCT-2025","16-OCT-2025","SOUTHVALE DISTRICT COUNCIL","100322","CHAPS","GBP","12,500.00","CLEARED","x","date corrected"')
expect "a corrected row is posted" "$(echo "$retried" | sed -E 's/#[0-9]+/#N/')" "row $wrong_date posted as entry #N"
expect "the retried row records who corrected it and how" \
  "$("$poolbook" quarantine show "$wrong_date" --store "$store" | grep -E '^(retried|posted as corrected)' | sed -E 's/ at [0-9T:Z-]+:/ at TIME:/; s/entry [0-9]+/entry N/')" \
  "retried by n.ahmed at TIME: posted as entry N
posted as corrected: \"AR259003\",\"16-OCT-2025\",\"16-OCT-2025\",\"SOUTHVALE DISTRICT COUNCIL\",\"100322\",\"CHAPS\",\"GBP\",\"12,500.00\",\"CLEARED\",\"x\",\"date corrected\""
"$poolbook" quarantine dismiss "$not_partner" --store "$store" --as pool.manager \
  --reason "Fire authority paid into the pool account in error; refunded" >/dev/null
expect "the dismissed row records who and why" \
  "$("$poolbook" quarantine show "$not_partner" --store "$store" | grep '^dismissed' | sed -E 's/ at [0-9T:Z-]+:/ at TIME:/')" \
  "dismissed by r.osei at TIME: Fire authority paid into the pool account in error; refunded"
expect "six rows are still open" "$("$poolbook" quarantine list --store "$store" | tail -n +2 | wc -l)" "6"

# The home care contract's KPI results, one file a quarter, recorded by the finance officer;
# each quarter's payment approved by the pool manager (within her £2,500,000.00).
for quarter in Q1 Q2 Q3 Q4; do
  "$poolbook" kpi import "$area/inbox/kpi-results-2025-26-$quarter.csv" --store "$store" --as n.ahmed >/dev/null
  "$poolbook" contract approve HC-OUTCOMES --period "2025/26 $quarter" --store "$store" --as r.osei >/dev/null
done
# The year closes month by month, and every month's statement ties to the journal. March's
# close settles the year on its actual variances (the performance element NEA-65 met).
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
  args=(close "2025/26 M$month" --store "$store" --as pool.manager)
  [ "$month" = 12 ] && args+=(--performance NEA-65=met)
  if ! closed=$("$poolbook" "${args[@]}"); then
    echo "FAILED: 2025/26 M$month did not close: $closed"
    failures=$((failures + 1))
  fi
  proof=$("$poolbook" reconcile "2025/26 M$month" --store "$store" | grep '^Balance proof')
  expect "2025/26 M$month's statement ties to the journal" "${proof##*: }" "they tie"
  # The bad October file's three good rows (£6,768,143.79) and the corrected one (£12,500.00)
  # are receipts the bank never saw: from October the bank is £6,780,643.79 short of the books.
  difference=0.00
  [ "$month" -ge 7 ] && difference=-6780643.79
  expect "2025/26 M$month's bank statement against the books' bank" \
    "$("$poolbook" reconcile "2025/26 M$month" --store "$store" --csv | grep '^bank,cash,bcf-pool,difference,')" \
    "bank,cash,bcf-pool,difference,$difference"
done
expect "the bank's difference is an exception at the year's end" \
  "$("$poolbook" reconcile "2025/26 M12" --store "$store" | grep -c 'bcf-pool.s bank statement shows (£620,653.60) at 2026-03-31; the books. bank (receipts less payments) is £6,159,990.19: (£6,780,643.79) apart \[bank.balance\]')" "1"
settled() { "$poolbook" balance --store "$store" --csv --account "$1" | awk -F, -v a="$1" '$1 == a {print $2}'; }
# bcf-pool's variance is £1,568,345.91 over: shared lines £2,428,350.43 over (S06, S07, S08,
# and S11 with the fourth quarter's outcome payment, £197,692.31, accrued at March's close),
# met by £592,527.49 of underspends on the other shared lines and the whole £750,000.00
# reserve; the £1,085,822.94 left is shared by contributions (county 22.32%, icb 70.47%,
# district-north 2.79%, district-south 3.71%, community-trust 0.70%: £242,393.01 /
# £765,213.94 / £30,275.61 / £40,334.23 / £7,606.15, largest remainders taking the pennies),
# and each fixed line's variance stays with its commissioner (county (£233,753.15), icb
# (£2,689.51), district-south (£31,034.37)). What the partners settle, £818,345.91, is the
# variance less the reserve: the bank's overdraft (£620,653.60) and the payment accrued
# (£197,692.31).
expect "county pays" "$(settled pool/bcf-pool/settlement/county)" "8639.86"
expect "the ICB pays" "$(settled pool/bcf-pool/settlement/icb)" "762524.43"
expect "Northshire North pays" "$(settled pool/bcf-pool/settlement/district-north)" "30275.61"
expect "Southvale pays" "$(settled pool/bcf-pool/settlement/district-south)" "9299.86"
expect "the community trust pays" "$(settled pool/bcf-pool/settlement/community-trust)" "7606.15"
expect "the settlement sums to the variance less the reserve" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/settlement | tail -1 | awk '{print $2}')" \
  "£818,345.91"
expect "the fourth quarter's outcome payment is owed at the year's end" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/accrued-creditors --to "2025/26 M12" --csv | tail -1)" \
  "pool/bcf-pool/accrued-creditors,0.00,-197692.31,-197692.31"
expect "the risk-share income is its other side" \
  "$("$poolbook" balance --store "$store" --account pool/bcf-pool/risk-share | tail -1 | awk '{print $2}')" \
  "(£818,345.91)"
# S17's in-kind contribution is spent as agreed, twelve closes of it.
expect "S17 spent in kind" "$(settled pool/bcf-pool/scheme/S17)" "412600.00"
expect "the community trust's in-kind income" "$(settled pool/bcf-pool/in-kind/community-trust)" "-412600.00"
# chc-lead's underspend (£122,131.73, all the ICB's lines) goes back to the ICB.
expect "chc-lead repays the ICB" "$(settled pool/chc-lead/settlement/icb)" "-122131.73"
recorded=$(echo "$closed" | sed -n 's/^statement recorded with the books: SHA-256 //p')
expect "closing March again changes nothing" \
  "$("$poolbook" close "2025/26 M12" --store "$store" --as pool.manager | head -1)" \
  "2025/26 M12 was already closed; nothing was changed (its statement: SHA-256 $recorded)"

# An export read by independent tools gives the same balance for every account.
"$poolbook" export --format ledger --store "$store" -o "$work/nsh.ledger" 2>/dev/null
"$poolbook" balance --store "$store" --csv | tail -n +2 | awk -F, '$2 != "0.00"' | sort >"$work/poolbook.txt"
hledger -f "$work/nsh.ledger" balance --flat --no-total -O csv | tail -n +2 | tr -d '"' |
  awk -F, '{gsub(/:/, "/", $1); sub(/^GBP /, "", $2); printf "%s,%.2f\n", $1, $2}' | sort >"$work/hledger.txt"
expect "hledger agrees on every account ($(wc -l <"$work/poolbook.txt") accounts)" \
  "$(diff "$work/poolbook.txt" "$work/hledger.txt" && echo same)" "same"
ledger -f "$work/nsh.ledger" balance --flat --no-total --balance-format '%(account),%(quantity(scrub(display_total)))\n' |
  awk -F, '{gsub(/:/, "/", $1); printf "%s,%.2f\n", $1, $2}' | sort >"$work/ledger.txt"
expect "ledger-cli agrees on every account" "$(diff "$work/poolbook.txt" "$work/ledger.txt" && echo same)" "same"
# It passes both tools' strict checks: the commodity and every account are declared, and the
# entries are in date order (the year is imported source by source, so ids are not in date order).
set +e
strict_hledger=$(hledger -f "$work/nsh.ledger" check --strict ordereddates 2>&1)
strict_hledger_status=$?
strict_ledger=$(ledger -f "$work/nsh.ledger" --pedantic balance 2>&1 >/dev/null)
strict_ledger_status=$?
set -e
expect "hledger -f FILE check --strict ordereddates passes on the export" \
  "exit $strict_hledger_status $(echo "$strict_hledger" | head -3)" "exit 0 "
expect "ledger -f FILE --pedantic balance passes on the export" \
  "exit $strict_ledger_status $(echo "$strict_ledger" | head -3)" "exit 0 "
# beancount's own check, where it is installed (it is not a dependency).
if command -v bean-check >/dev/null; then
  "$poolbook" export --format beancount --store "$store" -o "$work/nsh.beancount" 2>/dev/null
  set +e
  checked=$(bean-check "$work/nsh.beancount" 2>&1)
  checked_status=$?
  set -e
  expect "bean-check passes on the beancount export" "exit $checked_status $(echo "$checked" | head -3)" "exit 0 "
else
  echo "skipped: bean-check is not installed"
fi

# Tampering with a posted amount is caught by verify, naming the entry.
sqlite3 "$store" "DROP TRIGGER entries_append_only_update;
  UPDATE entries SET postings = json_replace(postings, '\$[0][1]', (postings ->> '\$[0][1]') + 100,
    '\$[1][1]', (postings ->> '\$[1][1]') - 100) WHERE id = 100;"
set +e
verdict=$("$poolbook" verify --store "$store")
verify_status=$?
set -e
expect "verify fails after tampering (exit 1)" "$verify_status" "1"
expect "verify names the altered entry" "$(echo "$verdict" | grep -o '^NOT VERIFIED: entry 100 ')" "NOT VERIFIED: entry 100 "

echo "$failures failed"
[ "$failures" -eq 0 ]
