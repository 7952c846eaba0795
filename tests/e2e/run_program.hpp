#pragma once
// Runs a real program with arguments, as a user would from a shell, and captures what it
// printed and its exit status. For end-to-end tests only.
#include <string>
#include <vector>

namespace poolbook::testing {

struct ProgramRun {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

ProgramRun run_program(const std::string& program, const std::vector<std::string>& arguments);

}  // namespace poolbook::testing
