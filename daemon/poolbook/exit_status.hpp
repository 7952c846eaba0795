#pragma once
// How `poolbook` ends: one exit status for each kind of outcome, the same for every command
// (the README's table). An error is printed as "poolbook COMMAND: what is wrong [rule]",
// after any lines that explain it (each finding of an invalid agreement, say).

#include <string_view>

#include "poolbook/ledger/error.hpp"

namespace poolbook::cli {

enum ExitStatus : int {
  kDone = 0,
  kRefused = 1,     // the agreement, the scheme of delegation or the books do not allow it; a check says no
  kBadInput = 2,    // an argument or file that cannot be read or makes no sense
  kDoneInPart = 3,  // an import with rows quarantined
  kNotFound = 4,
  kConflict = 5,  // already imported, an id taken, a record moved on since it was read
  kInternal = 6,  // the books could not be read or written
};

ExitStatus exit_status(ErrorKind kind);

// Prints the error (and its details) to standard error and returns its exit status.
int report_error(std::string_view command, const Error& error);

}  // namespace poolbook::cli
