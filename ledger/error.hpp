#pragma once
// An Error is something a user caused and must be told about in words a finance officer
// understands: a malformed amount in a file, a date outside the calendar we hold, an
// allocation with nothing to allocate by. It names the rule that was broken and, when the
// problem came from a file, the file and line.
//
//   Result<Money> amount = Money::parse("(1,234.56)");
//   if (!amount) std::cerr << amount.error().describe() << '\n';
//   else use(*amount);
//
// Every Error has a kind, which says what sort of "no" it is, so that a program can answer
// it in one place (the command line maps each kind to its exit status): bad input (an
// argument or file that cannot be read or makes no sense), refused (the agreement, the
// scheme of delegation or the books do not allow it), not found, conflict (it clashes with
// what is already in the books: taken, already imported, moved on since it was read) and
// internal (the books could not be read or written). make_error gives bad input.
//
// Programmer errors (a broken invariant) are assertions, not Errors. The one exception to
// "errors are values" is arithmetic overflow of Money, which throws MoneyOverflow because
// operators cannot return a Result; it only happens on absurd inputs.
//
// Result<T> holds either a T or an Error; reading the wrong one is a programmer error.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace poolbook {

enum class ErrorKind { bad_input, refused, not_found, conflict, internal };

struct Error {
  std::string rule;     // short machine-readable name of the rule broken, e.g. "money.format"
  std::string message;  // a sentence for a person
  std::string file;     // where the bad input came from, if from a file
  long line = 0;        // 1-based line in that file; 0 when not from a file
  ErrorKind kind = ErrorKind::bad_input;
  std::vector<std::string> details{};  // lines that explain it, shown before it (e.g. each finding)

  // "fixtures/x.csv:12: amount '1e6' is not a sum of money: ... [money.format]"
  [[nodiscard]] std::string describe() const {
    std::string out;
    if (!file.empty()) {
      out += file;
      out += ':';
      if (line > 0) {
        out += std::to_string(line);
        out += ':';
      }
      out += ' ';
    }
    out += message;
    if (!rule.empty()) {
      out += " [";
      out += rule;
      out += ']';
    }
    return out;
  }

  // The same error, located in a file at a line.
  [[nodiscard]] Error at(std::string file_name, long line_number) const {
    Error located = *this;
    located.file = std::move(file_name);
    located.line = line_number;
    return located;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  [[nodiscard]] T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  [[nodiscard]] T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  [[nodiscard]] const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// The outcome of an operation that produces nothing but may fail.
using Status = Result<std::monostate>;
inline Status ok_status() { return std::monostate{}; }

inline Error make_error(std::string rule, std::string message) {
  return Error{std::move(rule), std::move(message), {}, 0, ErrorKind::bad_input};
}
inline Error make_error(ErrorKind kind, std::string rule, std::string message) {
  return Error{std::move(rule), std::move(message), {}, 0, kind};
}
// The agreement, the scheme of delegation or the books do not allow it.
inline Error refusal(std::string rule, std::string message) {
  return make_error(ErrorKind::refused, std::move(rule), std::move(message));
}
// There is no such thing in the books or the agreement.
inline Error not_found(std::string rule, std::string message) {
  return make_error(ErrorKind::not_found, std::move(rule), std::move(message));
}
// It clashes with what the books already hold: an id taken, a file already imported, a
// record that has moved on since it was read.
inline Error conflict(std::string rule, std::string message) {
  return make_error(ErrorKind::conflict, std::move(rule), std::move(message));
}
// The books could not be read or written (a database error, a file that cannot be written).
inline Error internal_error(std::string rule, std::string message) {
  return make_error(ErrorKind::internal, std::move(rule), std::move(message));
}

}  // namespace poolbook
