#include "poolbook/contracts/governance/sqlite_governance_store.hpp"

#include <cassert>
#include <map>
#include <utility>

#include "poolbook/contracts/governance/governance_migrations.hpp"
#include "poolbook/contracts/governance/internal/stored_fields.hpp"
#include "poolbook/ledger/store/journal_migrations.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {

using ledger::SqliteDatabase;
using ledger::Statement;
using ledger::Step;

namespace {

// The records' fields as both stores write them (internal/stored_fields.hpp).
using stored::join_list;
using stored::stored_date;
using stored::stored_time;
using stored::votes_from_text;
using stored::votes_text;

class SqliteGovernanceStore final : public GovernanceStore {
 public:
  explicit SqliteGovernanceStore(std::shared_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

  Status record_decision(const DecisionRecord& decision) override {
    return db_->write([&]() -> Status {
      Statement insert = db_->prepare(
          "INSERT INTO decisions(id, body, decided_on, matter, action, amount_pence, year, refs, present, votes, "
          "conflicted, outcome, conditions, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
          "?10, ?11, ?12, ?13, ?14, ?15)");
      insert.bind(1, decision.id)
          .bind(2, decision.body)
          .bind(3, ledger::to_iso(decision.decided_on))
          .bind(4, decision.matter)
          .bind(5, decision.action)
          .bind(6, decision.amount.pence())
          .bind(7, std::int64_t{decision.year.start_year()})
          .bind(8, decision.refs)
          .bind(9, join_list(decision.present))
          .bind(10, votes_text(decision.votes))
          .bind(11, join_list(decision.conflicted))
          .bind(12, std::string(outcome_word(decision.outcome)))
          .bind(13, decision.conditions)
          .bind(14, decision.recorded_by)
          .bind(15, ledger::timestamp_iso(ledger::timestamp_now()));
      const Step step = insert.step();
      if (step == Step::constraint)
        return conflict("decision.duplicate", "decision " + decision.id + " is already recorded");
      if (step != Step::done) return db_->failure("recording decision " + decision.id);
      return ok_status();
    });
  }

  std::vector<DecisionRecord> decisions() override { return read_decisions(""); }

  Result<DecisionRecord> decision(const std::string& id) override {
    auto found = read_decisions(id);
    if (id.empty() || found.empty())
      return not_found("decision.unknown", "there is no decision " + id + " in these books");
    return std::move(found.front());
  }

  Status record_ratification(const std::string& decision, const std::string& body, Date on,
                             const std::string& actor) override {
    return db_->write([&]() -> Status {
      Statement insert = db_->prepare(
          "INSERT INTO ratifications(decision, body, ratified_on, recorded_by, recorded_at) "
          "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM decisions WHERE id = ?1)");
      insert.bind(1, decision)
          .bind(2, body)
          .bind(3, ledger::to_iso(on))
          .bind(4, actor)
          .bind(5, ledger::timestamp_iso(ledger::timestamp_now()));
      const Step step = insert.step();
      if (step == Step::constraint)
        return conflict("decision.ratified", "decision " + decision + " is already ratified by " + body);
      if (step != Step::done) return db_->failure("recording a ratification of " + decision);
      if (db_->changes() == 0)
        return not_found("decision.unknown", "there is no decision " + decision + " in these books");
      return ok_status();
    });
  }

  Result<std::int64_t> record_virement(const VirementRecord& virement) override {
    return db_->write_value([&]() -> Result<std::int64_t> {
      Statement insert = db_->prepare(
          "INSERT INTO virements(year, from_scheme, to_scheme, amount_pence, decision, actor, at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      insert.bind(1, std::int64_t{virement.year.start_year()})
          .bind(2, virement.from_scheme)
          .bind(3, virement.to_scheme)
          .bind(4, virement.amount.pence())
          .bind(6, virement.actor)
          .bind(7, ledger::timestamp_iso(ledger::timestamp_now()));
      if (virement.decision.empty())
        insert.bind_null(5);
      else
        insert.bind(5, virement.decision);
      if (insert.step() != Step::done) return db_->failure("recording a virement");
      return db_->last_insert_id();
    });
  }

  std::vector<VirementRecord> virements() override {
    std::vector<VirementRecord> out;
    Statement select = db_->prepare(
        "SELECT id, year, from_scheme, to_scheme, amount_pence, COALESCE(decision, ''), actor, at FROM virements "
        "ORDER BY id");
    while (select.step() == Step::row)
      out.push_back(VirementRecord{select.integer(0), FinancialYear(static_cast<int>(select.integer(1))),
                                   select.text(2), select.text(3), Money::from_pence(select.integer(4)), select.text(5),
                                   select.text(6), stored_time(select.text(7))});
    return out;
  }

  Status log_authority(const AuthorityEvent& event) override {
    return db_->write([&]() -> Status {
      Statement insert = db_->prepare(
          "INSERT INTO authority_log(actor, action, amount_pence, decision, allowed, reason, at) VALUES (?1, ?2, ?3, "
          "?4, ?5, ?6, ?7)");
      insert.bind(1, event.actor)
          .bind(2, event.action)
          .bind(3, event.amount.pence())
          .bind(4, event.decision)
          .bind(5, event.allowed ? 1 : 0)
          .bind(6, event.reason)
          .bind(7, ledger::timestamp_iso(ledger::timestamp_now()));
      if (insert.step() != Step::done) return db_->failure("logging an action that needed authority");
      return ok_status();
    });
  }

  std::vector<AuthorityEvent> authority_log() override {
    std::vector<AuthorityEvent> out;
    Statement select = db_->prepare(
        "SELECT actor, action, amount_pence, decision, allowed, reason, at FROM authority_log ORDER BY id");
    while (select.step() == Step::row)
      out.push_back(AuthorityEvent{select.text(0), select.text(1), Money::from_pence(select.integer(2)), select.text(3),
                                   select.integer(4) != 0, select.text(5), stored_time(select.text(6))});
    return out;
  }

  Status record_dispute(const DisputeRecord& dispute) override {
    assert(!dispute.events.empty() && dispute.events.front().kind == DisputeEventKind::opened);
    return db_->write([&]() -> Status {
      Statement insert = db_->prepare(
          "INSERT INTO disputes(id, opened_on, parties, matter, amount_pence, refs, opened_by, recorded_at) VALUES "
          "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      insert.bind(1, dispute.id)
          .bind(2, ledger::to_iso(dispute.opened_on))
          .bind(3, join_list(dispute.parties))
          .bind(4, dispute.matter)
          .bind(6, dispute.refs)
          .bind(7, dispute.opened_by)
          .bind(8, ledger::timestamp_iso(ledger::timestamp_now()));
      if (dispute.amount)
        insert.bind(5, dispute.amount->pence());
      else
        insert.bind_null(5);
      const Step step = insert.step();
      if (step == Step::constraint)
        return conflict("dispute.duplicate", "dispute " + dispute.id + " is already recorded");
      if (step != Step::done) return db_->failure("recording dispute " + dispute.id);
      DisputeEventRecord opened = dispute.events.front();
      opened.seq = 1;
      return write_dispute_event(dispute.id, opened);
    });
  }

  Result<DisputeRecord> dispute(const std::string& id) override {
    auto found = read_disputes(id);
    if (id.empty() || found.empty())
      return not_found("dispute.unknown", "there is no dispute " + id + " in these books");
    return std::move(found.front());
  }

  Result<DisputeEventRecord> append_dispute_event(const std::string& dispute_id, DisputeEventRecord event) override {
    return db_->write_value([&]() -> Result<DisputeEventRecord> {
      Statement last = db_->prepare("SELECT COALESCE(MAX(seq), 0) FROM dispute_events WHERE dispute = ?1");
      last.bind(1, dispute_id);
      if (last.step() != Step::row) return db_->failure("reading the events of dispute " + dispute_id);
      if (last.integer(0) == 0)
        return not_found("dispute.unknown", "there is no dispute " + dispute_id + " in these books");
      event.seq = static_cast<int>(last.integer(0)) + 1;
      if (auto written = write_dispute_event(dispute_id, event); !written) return written.error();
      return event;
    });
  }

  std::vector<DisputeRecord> disputes() override { return read_disputes(""); }

  Result<std::vector<std::int64_t>> record_kpi_results(const std::vector<KpiResultRecord>& results) override {
    return db_->write_value([&]() -> Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> ids;
      const std::string now = ledger::timestamp_iso(ledger::timestamp_now());
      for (const KpiResultRecord& result : results) {
        Statement insert = db_->prepare(
            "INSERT INTO kpi_results(contract, kpi, period, value, written, source, file, line, file_digest, "
            "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        insert.bind(1, result.contract)
            .bind(2, result.kpi)
            .bind(3, result.period)
            .bind(4, result.value.str())
            .bind(5, result.written)
            .bind(6, result.source)
            .bind(7, result.file)
            .bind(8, std::int64_t{result.line})
            .bind(9, result.file_digest)
            .bind(10, result.recorded_by)
            .bind(11, now);
        if (insert.step() != Step::done) return db_->failure("recording a KPI result");
        ids.push_back(db_->last_insert_id());
      }
      return ids;
    });
  }

  std::vector<KpiResultRecord> kpi_results() override {
    std::vector<KpiResultRecord> out;
    Statement select = db_->prepare(
        "SELECT id, contract, kpi, period, value, written, source, file, line, file_digest, recorded_by, recorded_at "
        "FROM kpi_results ORDER BY id");
    while (select.step() == Step::row) {
      auto value = ledger::parse_ratio(select.text(4));
      assert(value && "the store keeps the values poolbook wrote");
      out.push_back(KpiResultRecord{select.integer(0), select.text(1), select.text(2), select.text(3),
                                    value ? *value : ledger::Ratio{}, select.text(5), select.text(6), select.text(7),
                                    static_cast<long>(select.integer(8)), select.text(9), select.text(10),
                                    stored_time(select.text(11))});
    }
    return out;
  }

  Status record_metric_import(const std::vector<MetricResultRecord>& results,
                              const std::vector<MetricRefusalRecord>& refusals) override {
    return db_->write([&]() -> Status {
      const std::string now = ledger::timestamp_iso(ledger::timestamp_now());
      const auto optional = [](Statement& statement, int index, const std::optional<std::int64_t>& value) {
        if (value)
          statement.bind(index, *value);
        else
          statement.bind_null(index);
      };
      for (const MetricResultRecord& result : results) {
        Statement insert = db_->prepare(
            "INSERT INTO metric_results(metric, period, numerator, denominator, value, source, file, line, "
            "file_digest, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        insert.bind(1, result.metric).bind(2, result.period);
        optional(insert, 3, result.numerator);
        optional(insert, 4, result.denominator);
        insert.bind(5, result.value.str())
            .bind(6, result.source)
            .bind(7, result.file)
            .bind(8, std::int64_t{result.line})
            .bind(9, result.file_digest)
            .bind(10, result.recorded_by)
            .bind(11, now);
        if (insert.step() != Step::done) return db_->failure("recording a metric's figure");
      }
      for (const MetricRefusalRecord& refusal : refusals) {
        Statement insert = db_->prepare(
            "INSERT INTO metric_refusals(file, line, rule, reason, raw, file_digest, recorded_by, recorded_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        insert.bind(1, refusal.file)
            .bind(2, std::int64_t{refusal.line})
            .bind(3, refusal.rule)
            .bind(4, refusal.reason)
            .bind(5, refusal.raw)
            .bind(6, refusal.file_digest)
            .bind(7, refusal.recorded_by)
            .bind(8, now);
        if (insert.step() != Step::done) return db_->failure("recording a refused row of a metrics file");
      }
      return ok_status();
    });
  }

  std::vector<MetricResultRecord> metric_results() override {
    std::vector<MetricResultRecord> out;
    Statement select = db_->prepare(
        "SELECT id, metric, period, numerator, denominator, value, source, file, line, file_digest, recorded_by, "
        "recorded_at FROM metric_results ORDER BY id");
    const auto optional = [&](int column) {
      return select.is_null(column) ? std::optional<std::int64_t>{}
                                    : std::optional<std::int64_t>{select.integer(column)};
    };
    while (select.step() == Step::row) {
      auto value = ledger::parse_ratio(select.text(5));
      assert(value && "the store keeps the values poolbook wrote");
      out.push_back(MetricResultRecord{select.integer(0), select.text(1), select.text(2), optional(3), optional(4),
                                       value ? *value : ledger::Ratio{}, select.text(6), select.text(7),
                                       static_cast<long>(select.integer(8)), select.text(9), select.text(10),
                                       stored_time(select.text(11))});
    }
    return out;
  }

  std::vector<MetricRefusalRecord> metric_refusals() override {
    std::vector<MetricRefusalRecord> out;
    Statement select = db_->prepare(
        "SELECT id, file, line, rule, reason, raw, file_digest, recorded_by, recorded_at FROM metric_refusals "
        "ORDER BY id");
    while (select.step() == Step::row)
      out.push_back(MetricRefusalRecord{select.integer(0), select.text(1), static_cast<long>(select.integer(2)),
                                        select.text(3), select.text(4), select.text(5), select.text(6), select.text(7),
                                        stored_time(select.text(8))});
    return out;
  }

  Result<std::int64_t> record_contract_payment(const ContractPaymentRecord& payment) override {
    return db_->write_value([&]() -> Result<std::int64_t> {
      Statement insert = db_->prepare(
          "INSERT INTO contract_payments(contract, period, fixed_pence, at_risk_pence, earned_pence, withheld_pence, "
          "results, decision, approved_by, approved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
      insert.bind(1, payment.contract)
          .bind(2, payment.period)
          .bind(3, payment.fixed.pence())
          .bind(4, payment.at_risk.pence())
          .bind(5, payment.earned.pence())
          .bind(6, payment.withheld.pence())
          .bind(7, payment.results)
          .bind(8, payment.decision)
          .bind(9, payment.approved_by)
          .bind(10, ledger::timestamp_iso(ledger::timestamp_now()));
      const Step step = insert.step();
      if (step == Step::constraint)
        return conflict("contract.approved",
                        payment.contract + "'s payment for " + payment.period + " is already approved");
      if (step != Step::done) return db_->failure("recording a contract payment");
      return db_->last_insert_id();
    });
  }

  std::vector<ContractPaymentRecord> contract_payments() override {
    std::vector<ContractPaymentRecord> out;
    Statement select = db_->prepare(
        "SELECT id, contract, period, fixed_pence, at_risk_pence, earned_pence, withheld_pence, results, decision, "
        "approved_by, approved_at FROM contract_payments ORDER BY id");
    while (select.step() == Step::row)
      out.push_back(ContractPaymentRecord{select.integer(0), select.text(1), select.text(2),
                                          Money::from_pence(select.integer(3)), Money::from_pence(select.integer(4)),
                                          Money::from_pence(select.integer(5)), Money::from_pence(select.integer(6)),
                                          select.text(7), select.text(8), select.text(9),
                                          stored_time(select.text(10))});
    return out;
  }

 private:
  // Every decision, or only the one with this id.
  std::vector<DecisionRecord> read_decisions(const std::string& only);
  Status write_dispute_event(const std::string& dispute, const DisputeEventRecord& event);
  // Every dispute, or only the one with this id, with its events.
  std::vector<DisputeRecord> read_disputes(const std::string& only);

  std::shared_ptr<SqliteDatabase> db_;
};

std::vector<DecisionRecord> SqliteGovernanceStore::read_decisions(const std::string& only) {
  std::vector<DecisionRecord> out;
  Statement select = db_->prepare(
      "SELECT id, body, decided_on, matter, action, amount_pence, year, refs, present, votes, conflicted, outcome, "
      "conditions, recorded_by, recorded_at, (SELECT COALESCE(SUM(amount_pence), 0) FROM virements v WHERE "
      "v.decision = d.id) FROM decisions d WHERE ?1 = '' OR id = ?1 ORDER BY decided_on, id");
  select.bind(1, only);
  while (select.step() == Step::row) {
    DecisionRecord decision;
    decision.id = select.text(0);
    decision.body = select.text(1);
    decision.decided_on = stored_date(select.text(2));
    decision.matter = select.text(3);
    decision.action = select.text(4);
    decision.amount = Money::from_pence(select.integer(5));
    decision.year = FinancialYear(static_cast<int>(select.integer(6)));
    decision.refs = select.text(7);
    decision.present = ledger::split_list(select.text(8));
    decision.votes = votes_from_text(select.text(9));
    decision.conflicted = ledger::split_list(select.text(10));
    decision.outcome = outcome_from_word(select.text(11)).value_or(Outcome::failed);
    decision.conditions = select.text(12);
    decision.recorded_by = select.text(13);
    decision.recorded_at = stored_time(select.text(14));
    decision.used = Money::from_pence(select.integer(15));
    out.push_back(std::move(decision));
  }
  Statement ratified = db_->prepare(
      "SELECT decision, body, ratified_on FROM ratifications WHERE ?1 = '' OR decision = ?1 ORDER BY ratified_on, "
      "body");
  ratified.bind(1, only);
  while (ratified.step() == Step::row)
    for (DecisionRecord& decision : out)
      if (decision.id == ratified.text(0))
        decision.ratifications.push_back(Ratification{ratified.text(1), stored_date(ratified.text(2))});
  return out;
}

Status SqliteGovernanceStore::write_dispute_event(const std::string& dispute, const DisputeEventRecord& event) {
  Statement insert = db_->prepare(
      "INSERT INTO dispute_events(dispute, seq, kind, on_date, step, level, due_on, note, actor, recorded_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  insert.bind(1, dispute)
      .bind(2, std::int64_t{event.seq})
      .bind(3, std::string(dispute_event_kind_word(event.kind)))
      .bind(4, ledger::to_iso(event.on))
      .bind(5, std::int64_t{event.step})
      .bind(6, std::string(enum_word(event.level)))
      .bind(7, ledger::to_iso(event.due_on))
      .bind(8, event.note)
      .bind(9, event.actor)
      .bind(10, ledger::timestamp_iso(ledger::timestamp_now()));
  if (insert.step() != Step::done) return db_->failure("recording an event of dispute " + dispute);
  return ok_status();
}

std::vector<DisputeRecord> SqliteGovernanceStore::read_disputes(const std::string& only) {
  std::vector<DisputeRecord> out;
  std::map<std::string, std::size_t> index;
  Statement select = db_->prepare(
      "SELECT id, opened_on, parties, matter, amount_pence, refs, opened_by, recorded_at FROM disputes "
      "WHERE ?1 = '' OR id = ?1 ORDER BY opened_on, rowid");
  select.bind(1, only);
  while (select.step() == Step::row) {
    DisputeRecord dispute;
    dispute.id = select.text(0);
    dispute.opened_on = stored_date(select.text(1));
    dispute.parties = ledger::split_list(select.text(2));
    dispute.matter = select.text(3);
    if (!select.is_null(4)) dispute.amount = Money::from_pence(select.integer(4));
    dispute.refs = select.text(5);
    dispute.opened_by = select.text(6);
    dispute.recorded_at = stored_time(select.text(7));
    index[dispute.id] = out.size();
    out.push_back(std::move(dispute));
  }
  Statement events = db_->prepare(
      "SELECT dispute, seq, kind, on_date, step, level, due_on, note, actor, recorded_at FROM dispute_events "
      "WHERE ?1 = '' OR dispute = ?1 ORDER BY dispute, seq");
  events.bind(1, only);
  while (events.step() == Step::row) {
    const auto found = index.find(events.text(0));
    if (found == index.end()) continue;  // not possible while foreign keys hold
    const auto kind = dispute_event_kind_from_word(events.text(2));
    const auto level = enum_from_word<DisputeLevel>(events.text(5));
    assert(kind && level && "the store keeps the words poolbook wrote");
    out[found->second].events.push_back(DisputeEventRecord{
        static_cast<int>(events.integer(1)), kind.value_or(DisputeEventKind::opened), stored_date(events.text(3)),
        static_cast<int>(events.integer(4)), level.value_or(DisputeLevel::officers), stored_date(events.text(6)),
        events.text(7), events.text(8), stored_time(events.text(9))});
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<GovernanceStore>> open_sqlite_governance_store(std::shared_ptr<SqliteDatabase> db) {
  if (auto migrated = db->migrate(kGovernanceOwner, governance_migrations()); !migrated) return migrated.error();
  return std::unique_ptr<GovernanceStore>(std::make_unique<SqliteGovernanceStore>(std::move(db)));
}

Status create_sqlite_books_version(const std::filesystem::path& path, int schema_version) {
  return SqliteDatabase::create_shared_version(path, schema_version,
                                               {ledger::journal_migrations(), governance_migrations()});
}

}  // namespace poolbook::contracts
