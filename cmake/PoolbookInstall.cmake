# `cmake --install` puts headers under include/poolbook/..., the libraries, the programs and
# a CMake package so that another project can:
#   find_package(poolbook REQUIRED)
#   target_link_libraries(app PRIVATE poolbook::ledger)
include(CMakePackageConfigHelpers)

install(TARGETS ledger contracts reports EXPORT poolbookTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT poolbookTargets NAMESPACE poolbook:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/poolbook)
install(FILES ${PROJECT_SOURCE_DIR}/fixtures/calendar/bank-holidays-england-and-wales.txt
  DESTINATION ${CMAKE_INSTALL_DATADIR}/poolbook)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/poolbookConfig.cmake.in
  ${PROJECT_BINARY_DIR}/poolbookConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/poolbook)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/poolbookConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/poolbookConfig.cmake ${PROJECT_BINARY_DIR}/poolbookConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/poolbook)
