# Every third-party dependency comes from Debian packages (tools/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED)                 # headers: Asio, Beast, System (header-only)
find_package(OpenSSL 3.0 REQUIRED)                # OpenSSL::SSL OpenSSL::Crypto
find_package(SQLite3 REQUIRED)                    # SQLite::SQLite3
find_package(nlohmann_json 3.11 REQUIRED)         # nlohmann_json::nlohmann_json
find_package(spdlog REQUIRED)                     # spdlog::spdlog (shared, external fmt)
find_package(CLI11 REQUIRED)                      # CLI11::CLI11
find_package(date REQUIRED)                       # date::date-tz (IANA time zones, OS tzdb)
find_package(PkgConfig REQUIRED)
pkg_check_modules(NETSNMP REQUIRED IMPORTED_TARGET netsnmp)  # PkgConfig::NETSNMP (SNMP codec)
if(PRINTWARDEN_DIRECTORY)
  # manager/directory: OpenLDAP client and MIT GSSAPI (libldap-dev, libkrb5-dev)
  pkg_check_modules(PW_LDAP REQUIRED IMPORTED_TARGET ldap lber)       # PkgConfig::PW_LDAP
  pkg_check_modules(PW_GSSAPI REQUIRED IMPORTED_TARGET krb5-gssapi)   # PkgConfig::PW_GSSAPI
endif()
if(PRINTWARDEN_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
# manager/exchange: device import/export (CSV via libcsv, XLSX via libxlsxwriter, libzip, expat)
pkg_check_modules(PW_XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)  # PkgConfig::PW_XLSXWRITER
pkg_check_modules(PW_LIBZIP REQUIRED IMPORTED_TARGET libzip)          # PkgConfig::PW_LIBZIP
find_package(EXPAT REQUIRED)                                          # EXPAT::EXPAT
# manager/notify: SMTP (and webhooks) with libcurl (libcurl4-openssl-dev)
find_package(CURL 7.77 REQUIRED)                                      # CURL::libcurl
find_path(PW_LIBCSV_INCLUDE_DIR csv.h REQUIRED)                       # libcsv has no .pc file
find_library(PW_LIBCSV_LIBRARY csv REQUIRED)
add_library(pw_libcsv INTERFACE)
target_include_directories(pw_libcsv INTERFACE ${PW_LIBCSV_INCLUDE_DIR})
target_link_libraries(pw_libcsv INTERFACE ${PW_LIBCSV_LIBRARY})
# The Manager's memory allocator (decision 0018): mimalloc, linked ahead of the C library so
# that it serves every malloc of the process (ingest allocates and frees JSON trees at a high
# rate). Not under the sanitizers, which must own malloc themselves.
add_library(pw_allocator INTERFACE)
if(NOT PRINTWARDEN_SANITIZE)
  find_package(mimalloc 2.0 REQUIRED)                                 # mimalloc (shared)
  target_link_libraries(pw_allocator INTERFACE mimalloc)
  target_link_options(pw_allocator INTERFACE "LINKER:--no-as-needed")
endif()
