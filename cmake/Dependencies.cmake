# Every third-party dependency comes from Debian packages (tools/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED)                 # headers: Asio, Beast, System (header-only)
find_package(OpenSSL 3.0 REQUIRED)                # OpenSSL::SSL OpenSSL::Crypto
find_package(SQLite3 REQUIRED)                    # SQLite::SQLite3
find_package(nlohmann_json 3.11 REQUIRED)         # nlohmann_json::nlohmann_json
find_package(spdlog REQUIRED)                     # spdlog::spdlog (shared, external fmt)
find_package(CLI11 REQUIRED)                      # CLI11::CLI11
if(PRINTWARDEN_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
