#include "exit_status.hpp"

#include <iostream>

namespace poolbook::cli {

ExitStatus exit_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_input:
      return kBadInput;
    case ErrorKind::refused:
      return kRefused;
    case ErrorKind::not_found:
      return kNotFound;
    case ErrorKind::conflict:
      return kConflict;
    case ErrorKind::internal:
      return kInternal;
  }
  return kInternal;
}

int report_error(std::string_view command, const Error& error) {
  for (const std::string& line : error.details) std::cerr << line << '\n';
  std::cerr << "poolbook " << command << ": " << error.describe() << '\n';
  return exit_status(error.kind);
}

}  // namespace poolbook::cli
