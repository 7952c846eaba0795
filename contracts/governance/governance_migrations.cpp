#include "poolbook/contracts/governance/governance_migrations.hpp"

#include <iterator>
#include <string>
#include <vector>

namespace poolbook::contracts {
namespace {

using ledger::Migration;

// Governance's schema migrations, in order: migration N brings its tables from N-1 to N.
// The third field is the user_version of a file from before owners were tracked that had
// the step (governance's 1 and 2 were that sequence's 4 and 5).
constexpr Migration kTableMigrations[] = {
    // 1: decisions, their ratifications, budget virements made under them, and the log of
    // every action that needed authority, allowed or refused.
    {1, R"sql(
CREATE TABLE decisions(
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  matter TEXT NOT NULL,
  action TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  year INTEGER NOT NULL,
  refs TEXT NOT NULL,
  present TEXT NOT NULL,
  votes TEXT NOT NULL,
  conflicted TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('carried','failed','not quorate')),
  conditions TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE ratifications(
  decision TEXT NOT NULL REFERENCES decisions(id),
  body TEXT NOT NULL,
  ratified_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (decision, body));
CREATE TABLE virements(
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  from_scheme TEXT NOT NULL,
  to_scheme TEXT NOT NULL,
  amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
  decision TEXT REFERENCES decisions(id),
  actor TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE authority_log(
  id INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  decision TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER ratifications_append_only_update BEFORE UPDATE ON ratifications
  BEGIN SELECT RAISE(ABORT, 'ratifications are append-only'); END;
CREATE TRIGGER ratifications_append_only_delete BEFORE DELETE ON ratifications
  BEGIN SELECT RAISE(ABORT, 'ratifications are append-only'); END;
CREATE TRIGGER virements_append_only_update BEFORE UPDATE ON virements
  BEGIN SELECT RAISE(ABORT, 'virements are append-only'); END;
CREATE TRIGGER virements_append_only_delete BEFORE DELETE ON virements
  BEGIN SELECT RAISE(ABORT, 'virements are append-only'); END;
CREATE TRIGGER authority_log_append_only_update BEFORE UPDATE ON authority_log
  BEGIN SELECT RAISE(ABORT, 'the authority log is append-only'); END;
CREATE TRIGGER authority_log_append_only_delete BEFORE DELETE ON authority_log
  BEGIN SELECT RAISE(ABORT, 'the authority log is append-only'); END;
)sql",
     4},
    // 2: disputes between partners and their history up the dispute ladder.
    {2, R"sql(
CREATE TABLE disputes(
  id TEXT PRIMARY KEY,
  opened_on TEXT NOT NULL,
  parties TEXT NOT NULL,
  matter TEXT NOT NULL,
  amount_pence INTEGER,
  refs TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE dispute_events(
  dispute TEXT NOT NULL REFERENCES disputes(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('opened','escalated','closed')),
  on_date TEXT NOT NULL,
  step INTEGER NOT NULL CHECK (step >= 0),
  level TEXT NOT NULL,
  due_on TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (dispute, seq));
CREATE TRIGGER disputes_append_only_update BEFORE UPDATE ON disputes
  BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER disputes_append_only_delete BEFORE DELETE ON disputes
  BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_events_append_only_update BEFORE UPDATE ON dispute_events
  BEGIN SELECT RAISE(ABORT, 'dispute events are append-only'); END;
CREATE TRIGGER dispute_events_append_only_delete BEFORE DELETE ON dispute_events
  BEGIN SELECT RAISE(ABORT, 'dispute events are append-only'); END;
)sql",
     5},
    // 3: a dispute event's rung is counted from 1, as the agreement counts its ladder.
    {3, R"sql(
DROP TRIGGER dispute_events_append_only_update;
UPDATE dispute_events SET step = step + 1;
CREATE TRIGGER dispute_events_append_only_update BEFORE UPDATE ON dispute_events
  BEGIN SELECT RAISE(ABORT, 'dispute events are append-only'); END;
)sql",
     0},
};

// The tables chained by migration 4.
const std::vector<ledger::ChainedTable>& first_chained_tables() {
  static const std::vector<ledger::ChainedTable> tables{
      {"decisions",
       {"id"},
       {"id", "body", "decided_on", "matter", "action", "amount_pence", "year", "refs", "present", "votes",
        "conflicted", "outcome", "conditions", "recorded_by", "recorded_at"},
       true},
      {"ratifications", {"decision", "body"}, {"decision", "body", "ratified_on", "recorded_by", "recorded_at"}, true},
      {"virements",
       {"id"},
       {"id", "year", "from_scheme", "to_scheme", "amount_pence", "decision", "actor", "at"},
       true},
      {"authority_log", {"id"}, {"id", "actor", "action", "amount_pence", "decision", "allowed", "reason", "at"}, true},
      {"disputes",
       {"id"},
       {"id", "opened_on", "parties", "matter", "amount_pence", "refs", "opened_by", "recorded_at"},
       true},
      {"dispute_events",
       {"dispute", "seq"},
       {"dispute", "seq", "kind", "on_date", "step", "level", "due_on", "note", "actor", "recorded_at"},
       true},
  };
  return tables;
}

// The tables chained by migration 7: contracts' KPI results and the payments approved on them.
const std::vector<ledger::ChainedTable>& payment_chained_tables() {
  static const std::vector<ledger::ChainedTable> tables{
      {"kpi_results",
       {"id"},
       {"id", "contract", "kpi", "period", "value", "written", "source", "file", "line", "file_digest", "recorded_by",
        "recorded_at"},
       true},
      {"contract_payments",
       {"id"},
       {"id", "contract", "period", "fixed_pence", "at_risk_pence", "earned_pence", "withheld_pence", "results",
        "decision", "approved_by", "approved_at"},
       true},
  };
  return tables;
}

// The tables chained by migration 9: outcome metrics' figures and the rows refused.
const std::vector<ledger::ChainedTable>& metric_chained_tables() {
  static const std::vector<ledger::ChainedTable> tables{
      {"metric_results",
       {"id"},
       {"id", "metric", "period", "numerator", "denominator", "value", "source", "file", "line", "file_digest",
        "recorded_by", "recorded_at"},
       true},
      {"metric_refusals",
       {"id"},
       {"id", "file", "line", "rule", "reason", "raw", "file_digest", "recorded_by", "recorded_at"},
       true},
  };
  return tables;
}

}  // namespace

std::span<const ledger::ChainedTable> governance_chained_tables() {
  static const std::vector<ledger::ChainedTable> tables = [] {
    std::vector<ledger::ChainedTable> all = first_chained_tables();
    all.insert(all.end(), payment_chained_tables().begin(), payment_chained_tables().end());
    all.insert(all.end(), metric_chained_tables().begin(), metric_chained_tables().end());
    return all;
  }();
  return tables;
}

std::span<const Migration> governance_migrations() {
  // 4: every change to governance's tables is chained (ledger/store/record_chain.hpp).
  static const std::string chained = ledger::chain_tables_sql(first_chained_tables());
  static const std::string payments_chained = ledger::chain_tables_sql(payment_chained_tables());
  static const std::string metrics_chained = ledger::chain_tables_sql(metric_chained_tables());
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> all(std::begin(kTableMigrations), std::end(kTableMigrations));
    all.push_back(Migration{4, chained.c_str(), 0});
    // 5: every amount is whole pence (or, for a dispute, none).
    all.push_back(Migration{5, R"sql(
CREATE TRIGGER decisions_whole_pence BEFORE INSERT ON decisions WHEN typeof(NEW.amount_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'an amount must be a whole number of pence'); END;
CREATE TRIGGER virements_whole_pence BEFORE INSERT ON virements WHEN typeof(NEW.amount_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'an amount must be a whole number of pence'); END;
CREATE TRIGGER authority_log_whole_pence BEFORE INSERT ON authority_log WHEN typeof(NEW.amount_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'an amount must be a whole number of pence'); END;
CREATE TRIGGER disputes_whole_pence BEFORE INSERT ON disputes
  WHEN NEW.amount_pence IS NOT NULL AND typeof(NEW.amount_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'an amount must be a whole number of pence'); END;
)sql",
                            0});
    // 6: contracts' KPI results, and the contract payments approved on them.
    all.push_back(Migration{6, R"sql(
CREATE TABLE kpi_results(
  id INTEGER PRIMARY KEY,
  contract TEXT NOT NULL,
  kpi TEXT NOT NULL,
  period TEXT NOT NULL,
  value TEXT NOT NULL,
  written TEXT NOT NULL,
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  file_digest TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE contract_payments(
  id INTEGER PRIMARY KEY,
  contract TEXT NOT NULL,
  period TEXT NOT NULL,
  fixed_pence INTEGER NOT NULL,
  at_risk_pence INTEGER NOT NULL,
  earned_pence INTEGER NOT NULL,
  withheld_pence INTEGER NOT NULL,
  results TEXT NOT NULL,
  decision TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  UNIQUE (contract, period));
CREATE TRIGGER kpi_results_append_only_update BEFORE UPDATE ON kpi_results
  BEGIN SELECT RAISE(ABORT, 'KPI results are append-only'); END;
CREATE TRIGGER kpi_results_append_only_delete BEFORE DELETE ON kpi_results
  BEGIN SELECT RAISE(ABORT, 'KPI results are append-only'); END;
CREATE TRIGGER contract_payments_append_only_update BEFORE UPDATE ON contract_payments
  BEGIN SELECT RAISE(ABORT, 'contract payments are append-only'); END;
CREATE TRIGGER contract_payments_append_only_delete BEFORE DELETE ON contract_payments
  BEGIN SELECT RAISE(ABORT, 'contract payments are append-only'); END;
CREATE TRIGGER contract_payments_whole_pence BEFORE INSERT ON contract_payments
  WHEN typeof(NEW.fixed_pence) <> 'integer' OR typeof(NEW.at_risk_pence) <> 'integer'
    OR typeof(NEW.earned_pence) <> 'integer' OR typeof(NEW.withheld_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'an amount must be a whole number of pence'); END;
)sql",
                            0});
    // 7: and they are chained, as every other record.
    all.push_back(Migration{7, payments_chained.c_str(), 0});
    // 8: outcome metrics' figures, and the rows of metrics files refused (their quarantine).
    all.push_back(Migration{8, R"sql(
CREATE TABLE metric_results(
  id INTEGER PRIMARY KEY,
  metric TEXT NOT NULL,
  period TEXT NOT NULL,
  numerator INTEGER,
  denominator INTEGER,
  value TEXT NOT NULL,
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  file_digest TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE metric_refusals(
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  file_digest TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TRIGGER metric_results_append_only_update BEFORE UPDATE ON metric_results
  BEGIN SELECT RAISE(ABORT, 'metric results are append-only'); END;
CREATE TRIGGER metric_results_append_only_delete BEFORE DELETE ON metric_results
  BEGIN SELECT RAISE(ABORT, 'metric results are append-only'); END;
CREATE TRIGGER metric_refusals_append_only_update BEFORE UPDATE ON metric_refusals
  BEGIN SELECT RAISE(ABORT, 'metric refusals are append-only'); END;
CREATE TRIGGER metric_refusals_append_only_delete BEFORE DELETE ON metric_refusals
  BEGIN SELECT RAISE(ABORT, 'metric refusals are append-only'); END;
)sql",
                            0});
    // 9: and they are chained.
    all.push_back(Migration{9, metrics_chained.c_str(), 0});
    return all;
  }();
  return migrations;
}

}  // namespace poolbook::contracts
