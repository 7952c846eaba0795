#pragma once
// The governance store keeps, beside the journal and in the same database, the records of
// who decided what (governance_records.hpp): decisions and their ratifications, virements
// made under them, the authority log, disputes with their events, contracts' KPI results and
// the contract payments approved on them, and outcome metrics' figures with the rows refused. It checks only what a
// store can (an id taken, a decision or dispute unknown); the rules of the agreement are
// the caller's to check, inside the same Database::write as the records they allow, so that
// what was checked is what is written:
//
//   std::optional<Error> refused;
//   Status done = db.write([&]() -> Status {
//     auto cited = governance.decision("D-2025-014");          // as it stands now
//     if (!cited) return cited.error();
//     if (auto ok = authorise(agreement, actor, ActionType::virement, amount, year, *cited, today); !ok)
//       return *(refused = ok.error());
//     auto id = governance.record_virement(virement);
//     if (!id) return id.error();
//     return governance.log_authority(allowed_line);
//   });
//   if (refused) governance.log_authority(refused_line);     // on its own, after the rollback
//
// daemon/books/ composes them so (decisions.cpp, periods.cpp, disputes.cpp).
//
// Guarantees: every record is append-only (the database refuses UPDATE and DELETE); each
// method that writes is one transaction, joining the caller's if one is open, so two
// sessions cannot both spend the last of a decision's amount or both escalate a dispute from
// the same rung when each reads and writes inside one write(). Failures of the database are
// errors of kind internal. Thread-safety: one object per thread, as its Database.

#include <memory>
#include <string>
#include <vector>

#include "poolbook/contracts/governance/governance_records.hpp"
#include "poolbook/ledger/error.hpp"

namespace poolbook::contracts {

struct Agreement;

class GovernanceStore {
 public:
  virtual ~GovernanceStore() = default;

  // Records a decision; refused (decision.duplicate, a conflict) if its id is taken.
  virtual Status record_decision(const DecisionRecord& decision) = 0;
  // Every decision, by date then id, with its ratifications and what has been used of it.
  virtual std::vector<DecisionRecord> decisions() = 0;
  // One decision as it stands now; not found (decision.unknown) if there is none.
  virtual Result<DecisionRecord> decision(const std::string& id) = 0;
  // A partner's governing body ratifies a decision on `on`; refused if the decision is
  // unknown (decision.unknown) or that body has ratified it already (decision.ratified).
  virtual Status record_ratification(const std::string& decision, const std::string& body, Date on,
                                     const std::string& actor) = 0;

  // Records a virement and returns its id. The decision it cites, if any, must be recorded.
  virtual Result<std::int64_t> record_virement(const VirementRecord& virement) = 0;
  virtual std::vector<VirementRecord> virements() = 0;

  // Keeps the scheme of delegation of an agreement being adopted, where the database checks it
  // again (PostgreSQL: scheme_of_delegation_json, written beside the adopted text in the same
  // transaction). A SQLite file has no one to check it but poolbook, which reads the adopted
  // text, so it keeps nothing more.
  virtual Status adopt_scheme(const Agreement& agreement) {
    (void)agreement;
    return ok_status();
  }

  // Adds a line to the authority log.
  virtual Status log_authority(const AuthorityEvent& event) = 0;
  virtual std::vector<AuthorityEvent> authority_log() = 0;

  // Records a new dispute with its opening event (events[0]) in one transaction; refused
  // (dispute.duplicate, a conflict) if the id is taken.
  virtual Status record_dispute(const DisputeRecord& dispute) = 0;
  // One dispute with its events, as it stands now; not found (dispute.unknown) if none.
  virtual Result<DisputeRecord> dispute(const std::string& id) = 0;
  // Appends an event to a dispute, numbered after its last, and returns it as written.
  virtual Result<DisputeEventRecord> append_dispute_event(const std::string& dispute, DisputeEventRecord event) = 0;
  // Every dispute with its events, in the order they were opened.
  virtual std::vector<DisputeRecord> disputes() = 0;

  // Records KPI results (all of them, in one transaction) and returns their ids.
  virtual Result<std::vector<std::int64_t>> record_kpi_results(const std::vector<KpiResultRecord>& results) = 0;
  // Every KPI result, in the order recorded.
  virtual std::vector<KpiResultRecord> kpi_results() = 0;
  // Records a metrics file's good rows and its refused rows, all in one transaction.
  virtual Status record_metric_import(const std::vector<MetricResultRecord>& results,
                                      const std::vector<MetricRefusalRecord>& refusals) = 0;
  // Every metric figure, and every refused row, in the order recorded.
  virtual std::vector<MetricResultRecord> metric_results() = 0;
  virtual std::vector<MetricRefusalRecord> metric_refusals() = 0;
  // Records an approved contract payment; refused (contract.approved, a conflict) if the
  // contract's payment for that period was approved already.
  virtual Result<std::int64_t> record_contract_payment(const ContractPaymentRecord& payment) = 0;
  virtual std::vector<ContractPaymentRecord> contract_payments() = 0;
};

}  // namespace poolbook::contracts
