#pragma once
// The books a command works on, opened through the application layer; a note for the
// person (the agreement file has changed since init adopted it) goes to standard error.

#include <iostream>
#include <string>

#include "poolbook/daemon/books/books.hpp"

namespace poolbook::cli {

inline Result<books::Books> open_books_noting(const std::string& store_path) {
  auto opened = books::open_books(store_path);
  if (opened && opened->note) std::cerr << "note: " << *opened->note << "\n";
  return opened;
}

}  // namespace poolbook::cli
