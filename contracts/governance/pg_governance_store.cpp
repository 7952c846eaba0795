#include "poolbook/contracts/governance/pg_governance_store.hpp"

#include <cassert>
#include <map>
#include <utility>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/governance/internal/stored_fields.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {

using ledger::PgDatabase;
using ledger::PgParam;
using ledger::PgRows;

namespace {

// The records' fields as both stores write them (internal/stored_fields.hpp).
using stored::join_list;
using stored::stored_date;
using stored::stored_time;
using stored::votes_from_text;
using stored::votes_text;

ledger::Ratio stored_ratio(std::string_view text) {
  auto value = ledger::parse_ratio(text);
  assert(value && "the store keeps the values poolbook wrote");
  return value ? *value : ledger::Ratio{};
}

std::string now_iso() { return ledger::timestamp_iso(ledger::timestamp_now()); }
std::string pence(const Money& amount) { return std::to_string(amount.pence()); }
PgParam number_or_null(const std::optional<std::int64_t>& value) {
  return value ? PgParam(std::to_string(*value)) : PgParam();
}
std::optional<std::int64_t> integer_or_null(const PgRows& rows, int row, int column) {
  return rows.is_null(row, column) ? std::nullopt : std::optional<std::int64_t>(rows.integer(row, column));
}

class PgGovernanceStore final : public GovernanceStore {
 public:
  explicit PgGovernanceStore(std::shared_ptr<PgDatabase> db) : db_(std::move(db)) {}

  Status record_decision(const DecisionRecord& decision) override {
    return db_->write([&]() -> Status {
      if (auto own = own_name(decision.recorded_by, "record decision " + decision.id); !own) return own;
      auto taken = found("SELECT 1 FROM decisions WHERE agreement = $1 AND id = $2", {agreement(), decision.id},
                         "looking up decision " + decision.id);
      if (!taken) return taken.error();
      if (*taken) return conflict("decision.duplicate", "decision " + decision.id + " is already recorded");
      return run(
          "INSERT INTO decisions(agreement, id, body, decided_on, matter, action, amount_pence, year, refs, present, "
          "votes, conflicted, outcome, conditions, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "$9, $10, $11, $12, $13, $14, $15, $16)",
          {agreement(), decision.id, decision.body, ledger::to_iso(decision.decided_on), decision.matter,
           decision.action, pence(decision.amount), std::to_string(decision.year.start_year()), decision.refs,
           join_list(decision.present), votes_text(decision.votes), join_list(decision.conflicted),
           std::string(outcome_word(decision.outcome)), decision.conditions, decision.recorded_by, now_iso()},
          "recording decision " + decision.id);
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
      if (auto own = own_name(actor, "record a ratification of " + decision); !own) return own;
      auto known = found("SELECT 1 FROM decisions WHERE agreement = $1 AND id = $2", {agreement(), decision},
                         "looking up decision " + decision);
      if (!known) return known.error();
      if (!*known) return not_found("decision.unknown", "there is no decision " + decision + " in these books");
      auto ratified = found("SELECT 1 FROM ratifications WHERE agreement = $1 AND decision = $2 AND body = $3",
                            {agreement(), decision, body}, "looking up the ratifications of " + decision);
      if (!ratified) return ratified.error();
      if (*ratified) return conflict("decision.ratified", "decision " + decision + " is already ratified by " + body);
      return run(
          "INSERT INTO ratifications(agreement, decision, body, ratified_on, recorded_by, recorded_at) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {agreement(), decision, body, ledger::to_iso(on), actor, now_iso()},
          "recording a ratification of " + decision);
    });
  }

  Result<std::int64_t> record_virement(const VirementRecord& virement) override {
    return db_->write_value([&]() -> Result<std::int64_t> {
      if (auto own = own_name(virement.actor, "record a virement"); !own) return own.error();
      return inserted_id(
          "INSERT INTO virements(agreement, year, from_scheme, to_scheme, amount_pence, decision, actor, at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          {agreement(), std::to_string(virement.year.start_year()), virement.from_scheme, virement.to_scheme,
           pence(virement.amount), virement.decision.empty() ? PgParam() : PgParam(virement.decision), virement.actor,
           now_iso()},
          "recording a virement");
    });
  }

  std::vector<VirementRecord> virements() override {
    std::vector<VirementRecord> out;
    const PgRows rows = db_->must(
        "SELECT id, year, from_scheme, to_scheme, amount_pence, coalesce(decision, ''), actor, at FROM virements "
        "WHERE agreement = $1 ORDER BY id",
        {agreement()}, "reading the virements");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(VirementRecord{rows.integer(i, 0), FinancialYear(static_cast<int>(rows.integer(i, 1))),
                                   rows.text(i, 2), rows.text(i, 3), Money::from_pence(rows.integer(i, 4)),
                                   rows.text(i, 5), rows.text(i, 6), stored_time(rows.view(i, 7))});
    return out;
  }

  // The actor is a claimant and kept as given; the database stamps logged_by with the person.
  Status adopt_scheme(const Agreement& adopted) override {
    return run("INSERT INTO schemes(agreement, id, content, adopted_by, tx) VALUES ($1, 0, $2::jsonb, '', 0)",
               {agreement(), scheme_of_delegation_json(adopted)}, "keeping the scheme of delegation adopted");
  }

  Status log_authority(const AuthorityEvent& event) override {
    return db_->write([&]() -> Status {
      return run(
          "INSERT INTO authority_log(agreement, actor, action, amount_pence, decision, allowed, reason, at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {agreement(), event.actor, event.action, pence(event.amount), event.decision,
           std::string(event.allowed ? "true" : "false"), event.reason, now_iso()},
          "logging an action that needed authority");
    });
  }

  std::vector<AuthorityEvent> authority_log() override {
    std::vector<AuthorityEvent> out;
    const PgRows rows = db_->must(
        "SELECT actor, action, amount_pence, decision, allowed, reason, at FROM authority_log WHERE agreement = $1 "
        "ORDER BY id",
        {agreement()}, "reading the authority log");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(AuthorityEvent{rows.text(i, 0), rows.text(i, 1), Money::from_pence(rows.integer(i, 2)),
                                   rows.text(i, 3), rows.view(i, 4) == "t", rows.text(i, 5),
                                   stored_time(rows.view(i, 6))});
    return out;
  }

  Status record_dispute(const DisputeRecord& dispute) override {
    assert(!dispute.events.empty() && dispute.events.front().kind == DisputeEventKind::opened);
    return db_->write([&]() -> Status {
      if (auto own = own_name(dispute.opened_by, "open dispute " + dispute.id); !own) return own;
      if (auto own = own_name(dispute.events.front().actor, "open dispute " + dispute.id); !own) return own;
      auto taken = found("SELECT 1 FROM disputes WHERE agreement = $1 AND id = $2", {agreement(), dispute.id},
                         "looking up dispute " + dispute.id);
      if (!taken) return taken.error();
      if (*taken) return conflict("dispute.duplicate", "dispute " + dispute.id + " is already recorded");
      auto recorded = run(
          "INSERT INTO disputes(agreement, id, opened_on, parties, matter, amount_pence, refs, opened_by, "
          "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {agreement(), dispute.id, ledger::to_iso(dispute.opened_on), join_list(dispute.parties), dispute.matter,
           dispute.amount ? PgParam(pence(*dispute.amount)) : PgParam(), dispute.refs, dispute.opened_by, now_iso()},
          "recording dispute " + dispute.id);
      if (!recorded) return recorded;
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
      if (auto own = own_name(event.actor, "add to dispute " + dispute_id); !own) return own.error();
      auto last = db_->query("SELECT coalesce(max(seq), 0) FROM dispute_events WHERE agreement = $1 AND dispute = $2",
                             {agreement(), dispute_id}, "reading the events of dispute " + dispute_id);
      if (!last) return last.error();
      if (last->integer(0, 0) == 0)
        return not_found("dispute.unknown", "there is no dispute " + dispute_id + " in these books");
      event.seq = static_cast<int>(last->integer(0, 0)) + 1;
      if (auto written = write_dispute_event(dispute_id, event); !written) return written.error();
      return event;
    });
  }

  std::vector<DisputeRecord> disputes() override { return read_disputes(""); }

  Result<std::vector<std::int64_t>> record_kpi_results(const std::vector<KpiResultRecord>& results) override {
    return db_->write_value([&]() -> Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> ids;
      const std::string now = now_iso();
      for (const KpiResultRecord& result : results) {
        if (auto own = own_name(result.recorded_by, "record a KPI result"); !own) return own.error();
        auto id = inserted_id(
            "INSERT INTO kpi_results(agreement, contract, kpi, period, value, written, source, file, line, "
            "file_digest, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
            "RETURNING id",
            {agreement(), result.contract, result.kpi, result.period, result.value.str(), result.written, result.source,
             result.file, std::to_string(result.line), result.file_digest, result.recorded_by, now},
            "recording a KPI result");
        if (!id) return id.error();
        ids.push_back(*id);
      }
      return ids;
    });
  }

  std::vector<KpiResultRecord> kpi_results() override {
    std::vector<KpiResultRecord> out;
    const PgRows rows = db_->must(
        "SELECT id, contract, kpi, period, value, written, source, file, line, file_digest, recorded_by, recorded_at "
        "FROM kpi_results WHERE agreement = $1 ORDER BY id",
        {agreement()}, "reading the KPI results");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(KpiResultRecord{rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2), rows.text(i, 3),
                                    stored_ratio(rows.view(i, 4)), rows.text(i, 5), rows.text(i, 6), rows.text(i, 7),
                                    static_cast<long>(rows.integer(i, 8)), rows.text(i, 9), rows.text(i, 10),
                                    stored_time(rows.view(i, 11))});
    return out;
  }

  Status record_metric_import(const std::vector<MetricResultRecord>& results,
                              const std::vector<MetricRefusalRecord>& refusals) override {
    return db_->write([&]() -> Status {
      const std::string now = now_iso();
      for (const MetricResultRecord& result : results) {
        if (auto own = own_name(result.recorded_by, "record a metric's figure"); !own) return own;
        auto recorded = run(
            "INSERT INTO metric_results(agreement, metric, period, numerator, denominator, value, source, file, "
            "line, file_digest, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            {agreement(), result.metric, result.period, number_or_null(result.numerator),
             number_or_null(result.denominator), result.value.str(), result.source, result.file,
             std::to_string(result.line), result.file_digest, result.recorded_by, now},
            "recording a metric's figure");
        if (!recorded) return recorded;
      }
      for (const MetricRefusalRecord& refusal : refusals) {
        if (auto own = own_name(refusal.recorded_by, "record a refused row of a metrics file"); !own) return own;
        auto recorded =
            run("INSERT INTO metric_refusals(agreement, file, line, rule, reason, raw, file_digest, recorded_by, "
                "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                {agreement(), refusal.file, std::to_string(refusal.line), refusal.rule, refusal.reason, refusal.raw,
                 refusal.file_digest, refusal.recorded_by, now},
                "recording a refused row of a metrics file");
        if (!recorded) return recorded;
      }
      return ok_status();
    });
  }

  std::vector<MetricResultRecord> metric_results() override {
    std::vector<MetricResultRecord> out;
    const PgRows rows = db_->must(
        "SELECT id, metric, period, numerator, denominator, value, source, file, line, file_digest, recorded_by, "
        "recorded_at FROM metric_results WHERE agreement = $1 ORDER BY id",
        {agreement()}, "reading the metrics' figures");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(MetricResultRecord{
          rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2), integer_or_null(rows, i, 3),
          integer_or_null(rows, i, 4), stored_ratio(rows.view(i, 5)), rows.text(i, 6), rows.text(i, 7),
          static_cast<long>(rows.integer(i, 8)), rows.text(i, 9), rows.text(i, 10), stored_time(rows.view(i, 11))});
    return out;
  }

  std::vector<MetricRefusalRecord> metric_refusals() override {
    std::vector<MetricRefusalRecord> out;
    const PgRows rows = db_->must(
        "SELECT id, file, line, rule, reason, raw, file_digest, recorded_by, recorded_at FROM metric_refusals "
        "WHERE agreement = $1 ORDER BY id",
        {agreement()}, "reading the refused rows of metrics files");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(MetricRefusalRecord{rows.integer(i, 0), rows.text(i, 1), static_cast<long>(rows.integer(i, 2)),
                                        rows.text(i, 3), rows.text(i, 4), rows.text(i, 5), rows.text(i, 6),
                                        rows.text(i, 7), stored_time(rows.view(i, 8))});
    return out;
  }

  Result<std::int64_t> record_contract_payment(const ContractPaymentRecord& payment) override {
    return db_->write_value([&]() -> Result<std::int64_t> {
      const std::string which = payment.contract + "'s payment for " + payment.period;
      if (auto own = own_name(payment.approved_by, "approve " + which); !own) return own.error();
      auto approved = found("SELECT 1 FROM contract_payments WHERE agreement = $1 AND contract = $2 AND period = $3",
                            {agreement(), payment.contract, payment.period}, "looking up " + which);
      if (!approved) return approved.error();
      if (*approved) return conflict("contract.approved", which + " is already approved");
      return inserted_id(
          "INSERT INTO contract_payments(agreement, contract, period, fixed_pence, at_risk_pence, earned_pence, "
          "withheld_pence, results, decision, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $11) RETURNING id",
          {agreement(), payment.contract, payment.period, pence(payment.fixed), pence(payment.at_risk),
           pence(payment.earned), pence(payment.withheld), payment.results, payment.decision, payment.approved_by,
           now_iso()},
          "recording a contract payment");
    });
  }

  std::vector<ContractPaymentRecord> contract_payments() override {
    std::vector<ContractPaymentRecord> out;
    const PgRows rows = db_->must(
        "SELECT id, contract, period, fixed_pence, at_risk_pence, earned_pence, withheld_pence, results, decision, "
        "approved_by, approved_at FROM contract_payments WHERE agreement = $1 ORDER BY id",
        {agreement()}, "reading the contract payments");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(ContractPaymentRecord{rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2),
                                          Money::from_pence(rows.integer(i, 3)), Money::from_pence(rows.integer(i, 4)),
                                          Money::from_pence(rows.integer(i, 5)), Money::from_pence(rows.integer(i, 6)),
                                          rows.text(i, 7), rows.text(i, 8), rows.text(i, 9),
                                          stored_time(rows.view(i, 10))});
    return out;
  }

 private:
  [[nodiscard]] const std::string& agreement() const { return db_->agreement(); }

  // On PostgreSQL who records is the login role: a record in another person's name is
  // refused, in the words of the journal's store (pg_store.cpp).
  Status own_name(const std::string& actor, const std::string& doing) const {
    if (actor == db_->person()) return ok_status();
    return refusal("authority.actor", "the database role " + db_->role() + " acts as " + db_->person() + ", so it " +
                                          "cannot " + doing + " in the name of " + actor);
  }

  // Whether the statement finds a row.
  Result<bool> found(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing) {
    auto rows = db_->query(sql, params, doing);
    if (!rows) return rows.error();
    return !rows->empty();
  }

  Status run(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing) {
    auto done = db_->query(sql, params, doing);
    if (!done) return done.error();
    return ok_status();
  }

  // An INSERT ... RETURNING id: the number the database gave the row.
  Result<std::int64_t> inserted_id(const std::string& sql, const std::vector<PgParam>& params,
                                   const std::string& doing) {
    auto added = db_->query(sql, params, doing);
    if (!added) return added.error();
    assert(added->size() == 1 && "an INSERT of one row returns one id");
    return added->integer(0, 0);
  }

  Status write_dispute_event(const std::string& dispute, const DisputeEventRecord& event) {
    return run(
        "INSERT INTO dispute_events(agreement, dispute, seq, kind, on_date, step, level, due_on, note, actor, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {agreement(), dispute, std::to_string(event.seq), std::string(dispute_event_kind_word(event.kind)),
         ledger::to_iso(event.on), std::to_string(event.step), std::string(enum_word(event.level)),
         ledger::to_iso(event.due_on), event.note, event.actor, now_iso()},
        "recording an event of dispute " + dispute);
  }

  // Every decision, or only the one with this id, on one snapshot. Ordered by date then id
  // in byte order (COLLATE "C"), as SQLite orders them.
  std::vector<DecisionRecord> read_decisions(const std::string& only);
  // Every dispute, or only the one with this id, with its events, on one snapshot.
  std::vector<DisputeRecord> read_disputes(const std::string& only);

  std::shared_ptr<PgDatabase> db_;
};

std::vector<DecisionRecord> PgGovernanceStore::read_decisions(const std::string& only) {
  std::vector<DecisionRecord> out;
  (void)db_->read([&]() -> Status {
    const PgRows rows = db_->must(
        "SELECT id, body, to_char(decided_on, 'YYYY-MM-DD'), matter, action, amount_pence, year, refs, present, "
        "votes, conflicted, outcome, conditions, recorded_by, recorded_at, (SELECT coalesce(sum(v.amount_pence), "
        "0)::bigint FROM virements v WHERE v.agreement = d.agreement AND v.decision = d.id) FROM decisions d "
        "WHERE d.agreement = $1 AND ($2 = '' OR d.id = $2) ORDER BY d.decided_on, d.id COLLATE \"C\"",
        {agreement(), only}, "reading the decisions");
    std::map<std::string, std::size_t> index;
    for (int i = 0; i < rows.size(); ++i) {
      DecisionRecord decision;
      decision.id = rows.text(i, 0);
      decision.body = rows.text(i, 1);
      decision.decided_on = stored_date(rows.view(i, 2));
      decision.matter = rows.text(i, 3);
      decision.action = rows.text(i, 4);
      decision.amount = Money::from_pence(rows.integer(i, 5));
      decision.year = FinancialYear(static_cast<int>(rows.integer(i, 6)));
      decision.refs = rows.text(i, 7);
      decision.present = ledger::split_list(rows.view(i, 8));
      decision.votes = votes_from_text(rows.text(i, 9));
      decision.conflicted = ledger::split_list(rows.view(i, 10));
      decision.outcome = outcome_from_word(rows.view(i, 11)).value_or(Outcome::failed);
      decision.conditions = rows.text(i, 12);
      decision.recorded_by = rows.text(i, 13);
      decision.recorded_at = stored_time(rows.view(i, 14));
      decision.used = Money::from_pence(rows.integer(i, 15));
      index[decision.id] = out.size();
      out.push_back(std::move(decision));
    }
    const PgRows ratified = db_->must(
        "SELECT decision, body, to_char(ratified_on, 'YYYY-MM-DD') FROM ratifications WHERE agreement = $1 AND "
        "($2 = '' OR decision = $2) ORDER BY ratified_on, body COLLATE \"C\"",
        {agreement(), only}, "reading the ratifications");
    for (int i = 0; i < ratified.size(); ++i)
      if (const auto found = index.find(ratified.text(i, 0)); found != index.end())
        out[found->second].ratifications.push_back(Ratification{ratified.text(i, 1), stored_date(ratified.view(i, 2))});
    return ok_status();
  });
  return out;
}

std::vector<DisputeRecord> PgGovernanceStore::read_disputes(const std::string& only) {
  std::vector<DisputeRecord> out;
  (void)db_->read([&]() -> Status {
    const PgRows rows = db_->must(
        "SELECT id, to_char(opened_on, 'YYYY-MM-DD'), parties, matter, amount_pence, refs, opened_by, recorded_at "
        "FROM disputes WHERE agreement = $1 AND ($2 = '' OR id = $2) ORDER BY opened_on, recorded_seq",
        {agreement(), only}, "reading the disputes");
    std::map<std::string, std::size_t> index;
    for (int i = 0; i < rows.size(); ++i) {
      DisputeRecord dispute;
      dispute.id = rows.text(i, 0);
      dispute.opened_on = stored_date(rows.view(i, 1));
      dispute.parties = ledger::split_list(rows.view(i, 2));
      dispute.matter = rows.text(i, 3);
      if (!rows.is_null(i, 4)) dispute.amount = Money::from_pence(rows.integer(i, 4));
      dispute.refs = rows.text(i, 5);
      dispute.opened_by = rows.text(i, 6);
      dispute.recorded_at = stored_time(rows.view(i, 7));
      index[dispute.id] = out.size();
      out.push_back(std::move(dispute));
    }
    const PgRows events = db_->must(
        "SELECT dispute, seq, kind, to_char(on_date, 'YYYY-MM-DD'), step, level, to_char(due_on, 'YYYY-MM-DD'), "
        "note, actor, recorded_at FROM dispute_events WHERE agreement = $1 AND ($2 = '' OR dispute = $2) "
        "ORDER BY dispute, seq",
        {agreement(), only}, "reading the disputes' events");
    for (int i = 0; i < events.size(); ++i) {
      const auto found = index.find(events.text(i, 0));
      if (found == index.end()) continue;  // not possible while foreign keys hold
      const auto kind = dispute_event_kind_from_word(events.view(i, 2));
      const auto level = enum_from_word<DisputeLevel>(events.view(i, 5));
      assert(kind && level && "the store keeps the words poolbook wrote");
      out[found->second].events.push_back(
          DisputeEventRecord{static_cast<int>(events.integer(i, 1)), kind.value_or(DisputeEventKind::opened),
                             stored_date(events.view(i, 3)), static_cast<int>(events.integer(i, 4)),
                             level.value_or(DisputeLevel::officers), stored_date(events.view(i, 6)), events.text(i, 7),
                             events.text(i, 8), stored_time(events.view(i, 9))});
    }
    return ok_status();
  });
  return out;
}

}  // namespace

Result<std::unique_ptr<GovernanceStore>> open_pg_governance_store(std::shared_ptr<PgDatabase> db) {
  auto installed =
      db->query("SELECT to_regclass('poolbook.decisions') IS NOT NULL AND to_regclass('poolbook.schemes') IS NOT NULL",
                {}, "looking for governance's tables");
  if (!installed) return installed.error();
  if (installed->view(0, 0) != "t")
    return make_error("store.version", "the database holds the journal of " + db->agreement() +
                                           " but not governance's records as this poolbook keeps them (decisions, "
                                           "disputes, the authority log, the scheme of delegation): an "
                                           "administrator installs ledger/store/pg/governance.sql after "
                                           "journal.sql (docs/postgresql.md)");
  return std::unique_ptr<GovernanceStore>(std::make_unique<PgGovernanceStore>(std::move(db)));
}

}  // namespace poolbook::contracts
