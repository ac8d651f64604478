#pragma once
// Helpers shared by the exchange tests.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "manager/exchange/device_exchange.hpp"

namespace pw::manager::exchange::testing {

inline constexpr std::string_view kRequiredHeader =
    "DeviceType,ProductName,Manufacturer,PhysicalAddress,State";

// Joins lines with LF (the importer also accepts CRLF; tests cover both).
inline std::string lines(std::initializer_list<std::string_view> items) {
  std::string out;
  for (auto item : items) {
    out.append(item);
    out += '\n';
  }
  return out;
}

inline bool hasError(const ImportResult& result, int line, std::string_view column,
                     std::string_view fragment) {
  for (const auto& error : result.errors) {
    if (error.line == line && error.column == column &&
        error.message.find(fragment) != std::string::npos) {
      return true;
    }
  }
  return false;
}

inline std::string allErrors(const ImportResult& result) {
  std::string out;
  for (const auto& error : result.errors) out += describe(error) + "\n";
  return out;
}

inline DeviceRow fullRow(int index) {
  DeviceRow row;
  row.device_type = "Printer";
  row.product_name = "LaserJet " + std::to_string(index);
  row.manufacturer = "HP";
  char mac[18];
  std::snprintf(mac, sizeof mac, "00:11:22:33:%02x:%02x", (index >> 8) & 0xFF, index & 0xFF);
  row.mac = mac;
  row.state = "Managed";
  row.ip_address = "10.0.0." + std::to_string(index % 250 + 1);
  row.host_name = "printer-" + std::to_string(index) + ".example.com";
  row.serial = "SN" + std::to_string(10000 + index);
  row.name = "Printer " + std::to_string(index);
  row.location = "Building \"A\", floor 2";
  row.contact = "Zoë Müller";
  row.link_url = "https://printer-" + std::to_string(index) + ".example.com/";
  return row;
}

// Values that need quoting or formula neutralisation, all valid for import.
inline std::vector<DeviceRow> trickyRows() {
  std::vector<DeviceRow> rows = {fullRow(1), fullRow(2), fullRow(3)};
  rows[0].location = "Room 1, \"north\" wing";
  rows[0].name = "=HYPERLINK(\"http://evil.example\",\"click\")";
  rows[1].contact = "+49 30 1234";
  rows[1].serial = "-0042";
  rows[1].host_name = "@host";
  rows[2].location = "'=already quoted";
  rows[2].name = "'s-Hertogenbosch";
  rows[2].product_name = "Zürich \"Q\" 😀";
  return rows;
}

// Rows compare with the line they came from; an exported row has none, so lines are dropped.
inline std::vector<DeviceRow> withoutLines(std::vector<DeviceRow> rows) {
  for (auto& row : rows) row.line = 0;
  return rows;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw-exchange-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void writeFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

struct PythonRun {
  int status = -1;
  std::string output;
};

// Runs a Python script (Debian's python3 with python3-openpyxl) with one file argument.
inline PythonRun runPython(const TempDir& dir, std::string_view script, const std::string& arg) {
  const auto script_path = dir.path() / "script.py";
  const auto output_path = dir.path() / "script.out";
  writeFile(script_path, script);
  const std::string command = std::string(PW_PYTHON3) + " '" + script_path.string() + "' '" + arg +
                              "' > '" + output_path.string() + "' 2>&1";
  PythonRun run;
  run.status = std::system(command.c_str());
  run.output = readFile(output_path);
  return run;
}

}  // namespace pw::manager::exchange::testing
