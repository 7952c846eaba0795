#pragma once
// A streamed import: a batch too large to hold in memory, read, checked and hashed on one
// thread while another writes it, in the one write transaction of the batch. The reading
// thread consults the books through a second, read-only connection (a snapshot of the
// books as committed before the batch began; nobody else can commit meanwhile, as the
// writer holds the write lock). Private to ledger/store.
//
//   db.write([&] { return stream_entries(db, store, next, chain, writer); ... });
//
// Guarantees: memory stays bounded (a few chunks of entries in flight); an error on either
// side abandons the batch and joins the reading thread before returning; at most
// kMaxEntriesPerBatch entries.

#include <cstddef>

#include "poolbook/ledger/store/internal/audit_chain_writer.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

// Whether an entry with reference ?2 was posted through profile ?1 and not reversed since.
extern const char* const kReferencePostedSql;

// Inside the write transaction: pulls entries from the source until it is drained and
// writes them. For a store in a file the source runs on a second thread; for one in memory,
// one thread does both, and the source consults `books` (the store itself).
Result<std::size_t> stream_entries(SqliteDatabase& db, BooksView& books, const EntrySource& next, Chain& chain,
                                   JournalWriter& writer);

}  // namespace poolbook::ledger
