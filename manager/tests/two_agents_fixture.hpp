#pragma once
// SQLite storage in a fresh directory under a fake clock, with two Agents already created
// (Berlin and Paris): the set-up the scope and credential tests share.
#include <gtest/gtest.h>

#include <cstdint>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager::testing {

class TwoAgentsTest : public ::testing::Test {
 protected:
  TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  std::int64_t berlin = *storage.createAgent("Berlin", false, {"h1", "s1"}, clock.now());
  std::int64_t paris = *storage.createAgent("Paris", false, {"h2", "s2"}, clock.now());
};

}  // namespace pw::manager::testing
