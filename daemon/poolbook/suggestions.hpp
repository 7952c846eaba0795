#pragma once
// "Did you mean" for the command line: after CLI11 has refused the arguments, the words it
// did not know are compared with the subcommands and options where they were typed.
//
//   poolbook balnce --store nsh.db      ->  poolbook: did you mean 'balance'?
//   poolbook balance --stor nsh.db      ->  poolbook balance: did you mean '--store'?
#include <ostream>

#include <CLI/CLI.hpp>

namespace poolbook::cli {

// Prints one line for each word of argv that names no subcommand or option where it stands
// and is close to one that does. Prints nothing when there is no such word.
void print_suggestions(CLI::App& app, int argc, char** argv, std::ostream& out);

// Gives each subcommand (by its path, "period close") the example its --help ends with.
void add_examples(CLI::App& app);

}  // namespace poolbook::cli
