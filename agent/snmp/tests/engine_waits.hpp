#pragma once
// Helpers shared by the engine's v1/v2c and v3 tests: waiting for SnmpEngine callbacks (on
// conditions with generous limits, never on sleeps) and Debian's snmpwalk as the reference.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/snmp/engine.hpp"

namespace pw::agent::snmp {

using namespace std::chrono_literals;

// Collects n results; counts calls per slot so "exactly once" can be checked.
class Collector {
 public:
  explicit Collector(std::size_t n) : results_(n), calls_(n, 0) {}

  Callback slot(std::size_t i) {
    return [this, i](SnmpResult result) {
      std::lock_guard lock(mutex_);
      if (calls_[i]++ == 0) results_[i] = std::move(result);
      ++done_;
      cv_.notify_all();
    };
  }
  bool wait(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return done_ >= results_.size(); });
  }
  const SnmpResult& result(std::size_t i) const { return *results_[i]; }
  int calls(std::size_t i) const { return calls_[i]; }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::optional<SnmpResult>> results_;
  std::vector<int> calls_;
  std::size_t done_ = 0;
};

inline SnmpResult runOne(const std::function<void(Callback)>& start) {
  Collector collector(1);
  start(collector.slot(0));
  EXPECT_TRUE(collector.wait(30s));
  return collector.result(0);
}

inline WalkResult runWalk(SnmpEngine& engine, const Target& target, const Oid& root,
                          WalkOptions options = {}) {
  std::mutex mutex;
  std::condition_variable cv;
  std::optional<WalkResult> out;
  engine.walk(
      target, root,
      [&](WalkResult result) {
        std::lock_guard lock(mutex);
        out = std::move(result);
        cv.notify_all();
      },
      options);
  std::unique_lock lock(mutex);
  EXPECT_TRUE(cv.wait_for(lock, 60s, [&] { return out.has_value(); }));
  return out ? *out : WalkResult{};
}

inline std::string errorText(const SnmpResult& result) {
  if (const auto* error = std::get_if<SnmpError>(&result)) {
    return std::string(toString(error->kind)) + ": " + error->message;
  }
  return "ok";
}

inline std::vector<Oid> oidsOf(const std::vector<VarBind>& rows) {
  std::vector<Oid> oids;
  for (const VarBind& row : rows) oids.push_back(row.oid);
  return oids;
}

/// OIDs Debian's snmpwalk prints for the subtree at 127.0.0.1:port (numeric, no MIBs);
/// `arguments` carry the version and credentials.
inline std::vector<Oid> snmpwalkOids(const std::string& snmpwalk, const std::string& arguments,
                                     int port, const Oid& root) {
  const std::string command = snmpwalk + " " + arguments +
                              " -On -m '' -M /nonexistent 127.0.0.1:" + std::to_string(port) + " " +
                              formatOid(root) + " 2>&1";
  std::vector<Oid> oids;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return oids;
  char line[4096];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    const std::string text(line);
    if (text.rfind(".1.", 0) != 0) continue;
    const auto oid = parseOid(text.substr(0, text.find(' ')));
    if (oid) oids.push_back(*oid);
  }
  EXPECT_EQ(pclose(pipe), 0) << command;
  return oids;
}

}  // namespace pw::agent::snmp
