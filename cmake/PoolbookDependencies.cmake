# Every dependency is a Debian package. A missing one stops the configure with the name
# of the package that provides it, so a newcomer knows exactly what to apt-get install.

function(poolbook_require_package cmake_name debian_package)
  find_package(${cmake_name} ${ARGN} QUIET)
  if(NOT ${cmake_name}_FOUND)
    message(FATAL_ERROR
      "poolbook needs ${cmake_name}, which was not found. "
      "Install the Debian package: apt-get install ${debian_package} "
      "(or run scripts/setup.sh, which installs everything poolbook needs).")
  endif()
endfunction()

find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "poolbook needs pkg-config. Install the Debian package: apt-get install pkg-config")
endif()

function(poolbook_require_pkgconfig target module debian_package)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR
      "poolbook needs the pkg-config module '${module}', which was not found. "
      "Install the Debian package: apt-get install ${debian_package} "
      "(or run scripts/setup.sh, which installs everything poolbook needs).")
  endif()
endfunction()

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)

# Boost.Multiprecision is header-only: exact rationals and checked 128-bit sums.
poolbook_require_package(Boost libboost-dev 1.74)
# Howard Hinnant's date, with tz for Europe/London.
poolbook_require_package(date libhowardhinnant-date-dev)
poolbook_require_package(SQLite3 libsqlite3-dev)
# libpq for the PostgreSQL backend (ledger/store/pg_database.hpp).
poolbook_require_pkgconfig(LIBPQ libpq libpq-dev)
# SHA-256 for the audit chain and file digests.
poolbook_require_package(OpenSSL libssl-dev)
poolbook_require_pkgconfig(XLSXWRITER xlsxwriter libxlsxwriter-dev)
poolbook_require_package(spdlog libspdlog-dev)
poolbook_require_package(CLI11 libcli11-dev)
poolbook_require_package(tomlplusplus libtomlplusplus-dev)
poolbook_require_package(nlohmann_json nlohmann-json3-dev)
poolbook_require_pkgconfig(HTTPLIB cpp-httplib libcpp-httplib-dev)
if(POOLBOOK_BUILD_TESTS)
  poolbook_require_package(Catch2 catch2 2.13)
endif()
