#include "poolbook/daemon/books/contract_payments.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/terms/kpi_results.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::books {
namespace {

constexpr std::uintmax_t kMaxResultsFileBytes = 16 * 1024 * 1024;

// "K1=83/100,K2=91/100": the results a payment used, exactly.
std::string results_text(const std::map<std::string, contracts::KpiResultRecord>& results) {
  std::string out;
  for (const auto& [kpi, result] : results) out += (out.empty() ? "" : ",") + kpi + "=" + result.value.str();
  return out;
}

// The label of a contract's payment period `index` (1-based) of `year`, as payment_period
// writes it.
std::string period_label(const contracts::Contract& contract, ledger::FinancialYear year, int index) {
  switch (contract.schedule) {
    case contracts::PaymentSchedule::annual:
      return year.to_string();
    case contracts::PaymentSchedule::quarterly:
      return year.to_string() + " Q" + std::to_string(index);
    case contracts::PaymentSchedule::monthly:
      return ledger::Period(year, ledger::FinancialMonth(index)).to_string();
  }
  return year.to_string();
}

Error refusal_logged(Books& books, const std::string& actor, ledger::Money amount, const std::string& decision,
                     const std::string& what, const Error& why) {
  return logged_refusal(books, {actor, "contract-payment", amount, decision, false, what + ": " + why.message, {}},
                        why);
}

}  // namespace

Result<KpiImport> import_kpi_results(Books& books, const std::string& as, const std::string& path) {
  auto actor = known_actor(books, as, "kpi-results", "record KPI results");
  if (!actor) return actor.error();
  auto text = ledger::read_text_file(path, kMaxResultsFileBytes, "the KPI results file");
  if (!text) return text.error();
  auto read = contracts::read_kpi_results(books.agreement, *text, path);
  KpiImport imported{path, (*actor)->id, read.records, {}, std::move(read.refused)};
  const std::string digest = ledger::sha256_hex(*text);
  // The same bytes again would record every result a second time: refused, as a ledger
  // extract imported twice is. A corrected file differs, and its results supersede.
  for (const auto& earlier : books.governance->kpi_results())
    if (earlier.file_digest == digest)
      return conflict("kpi.duplicate-file", path + ": this results file was already recorded (same contents, by " +
                                                earlier.recorded_by + "); a corrected file supersedes its results");
  for (const auto& row : read.rows)
    imported.recorded.push_back(contracts::KpiResultRecord{0,
                                                           row.contract,
                                                           row.kpi,
                                                           row.period,
                                                           row.value,
                                                           row.written,
                                                           row.source,
                                                           path,
                                                           row.line,
                                                           digest,
                                                           (*actor)->id,
                                                           {}});
  if (imported.recorded.empty()) return imported;
  auto ids = books.governance->record_kpi_results(imported.recorded);
  if (!ids) return ids.error();
  for (std::size_t i = 0; i < ids->size(); ++i) imported.recorded[i].id = (*ids)[i];
  return imported;
}

std::map<std::string, contracts::KpiResultRecord> latest_results(Books& books, const std::string& contract,
                                                                 const std::string& period) {
  std::map<std::string, contracts::KpiResultRecord> latest;
  for (auto& result : books.governance->kpi_results())
    if (result.contract == contract && result.period == period) latest[result.kpi] = std::move(result);
  return latest;
}

Result<PaymentApproval> approve_contract_payment(Books& books, const std::string& as, const ApprovalRequest& request,
                                                 date::year_month_day today) {
  auto known = known_actor(books, as, "contract-payment", "approve a contract payment");
  if (!known) return known.error();
  const contracts::Person& actor = **known;
  const std::string what = request.contract + "'s payment for " + request.period;
  const contracts::Contract* contract = books.agreement.find_contract(request.contract);
  if (contract == nullptr || contract->kind != contracts::ContractKind::outcome_based)
    return refusal_logged(books, actor.id, {}, request.decision, what,
                          make_error("contract.unknown", "the agreement has no outcome-based contract '" +
                                                             request.contract + "' to pay on KPI results"));
  auto period = contracts::payment_period(*contract, request.period);
  if (!period) return refusal_logged(books, actor.id, {}, request.decision, what, period.error());
  std::optional<Error> refused;
  auto approved = books.db->write_value([&]() -> Result<PaymentApproval> {
    const auto results = latest_results(books, contract->id, period->label);
    contracts::KpiResults measured;
    std::string missing;
    for (const contracts::Kpi& kpi : contract->kpis) {
      const auto found = results.find(kpi.id);
      if (found == results.end())
        missing += (missing.empty() ? "" : ", ") + kpi.id;
      else
        measured[kpi.id] = found->second.value;
    }
    if (!missing.empty())
      return *(refused = make_error("contract.results", "no result is recorded for " + missing + " in " +
                                                            period->label + " (poolbook kpi import FILE)"));
    for (const auto& [kpi, result] : results)
      if (result.recorded_by == actor.id)
        return *(refused = refusal("authority.maker-checker",
                                   actor.id + " recorded the result of " + kpi + " (" + result.file + ":" +
                                       std::to_string(result.line) +
                                       "), so may not also approve the payment made on it: another person approves"));
    auto paid = contracts::outcome_payment(*contract, *period, measured);
    if (!paid) return *(refused = paid.error());
    const ledger::Money amount = paid->fixed + paid->earned;
    auto cited = cited_decision(books, request.decision);
    if (!cited) return *(refused = cited.error());
    if (*cited) {
      (*cited)->used = ledger::Money{};
      for (const auto& event : books.governance->authority_log())
        if (event.allowed && event.action == "contract-payment" && event.decision == request.decision)
          (*cited)->used += event.amount;
    }
    if (auto allowed = contracts::authorise(books.agreement, &actor, contracts::ActionType::contract_payment, amount,
                                            period->year, *cited, today);
        !allowed)
      return *(refused = allowed.error());
    contracts::ContractPaymentRecord record{0,
                                            contract->id,
                                            period->label,
                                            paid->fixed,
                                            paid->at_risk,
                                            paid->earned,
                                            paid->withheld,
                                            results_text(results),
                                            request.decision,
                                            actor.id,
                                            {}};
    auto id = books.governance->record_contract_payment(record);
    if (!id) return *(refused = id.error());
    record.id = *id;
    if (auto logged = books.governance->log_authority(
            contracts::AuthorityEvent{actor.id,
                                      "contract-payment",
                                      amount,
                                      request.decision,
                                      true,
                                      "approved " + what + ": fixed " + paid->fixed.to_report() + ", earned " +
                                          paid->earned.to_report() + " of " + paid->at_risk.to_report() + " at risk",
                                      {}});
        !logged)
      return logged.error();
    return PaymentApproval{std::move(record), std::move(paid).value()};
  });
  if (refused) return refusal_logged(books, actor.id, {}, request.decision, what, *refused);
  return approved;
}

std::vector<PaymentDue> payments_due(Books& books, const ledger::Period& month) {
  std::vector<PaymentDue> due;
  const auto approvals = books.governance->contract_payments();
  const auto results = books.governance->kpi_results();
  for (const contracts::Contract& contract : books.agreement.contracts) {
    if (contract.kind != contracts::ContractKind::outcome_based) continue;
    const int per_year = contracts::periods_per_year(contract.schedule);
    for (const auto& [year, value] : contract.value) {
      for (int index = 1; index <= per_year; ++index) {
        const ledger::Period ends(year, ledger::FinancialMonth(index * 12 / per_year));
        if (month < ends) continue;
        auto period = contracts::payment_period(contract, period_label(contract, year, index));
        if (!period) continue;
        PaymentDue line{
            contract.id, period->label, contract.arrangement, contract.scheme, ends, contract.kpis.size(), 0,
            {},          std::nullopt};
        std::map<std::string, contracts::KpiResultRecord> latest;  // later results supersede
        for (const auto& result : results)
          if (result.contract == contract.id && result.period == period->label) latest[result.kpi] = result;
        line.results = latest.size();
        line.latest = results_text(latest);
        for (const auto& approval : approvals)
          if (approval.contract == contract.id && approval.period == period->label) line.approved = approval;
        due.push_back(std::move(line));
      }
    }
  }
  return due;
}

}  // namespace poolbook::books
