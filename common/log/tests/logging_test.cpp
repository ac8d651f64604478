#include "common/log/logging.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace pw::log {
namespace {

TEST(Logging, SubsystemLoggersShareTheFileSinkAndNameThemselves) {
  const auto dir = std::filesystem::temp_directory_path() / "pw_log_test";
  std::filesystem::remove_all(dir);
  setup({.level = "debug", .file = dir / "x.log", .to_stderr = false});
  get("api")->info("hello {}", 1);
  get("db")->debug("world");
  get("db")->trace("hidden");
  spdlog::apply_all([](const auto& l) { l->flush(); });
  std::stringstream content;
  content << std::ifstream(dir / "x.log").rdbuf();
  EXPECT_NE(content.str().find("[api] hello 1"), std::string::npos);
  EXPECT_NE(content.str().find("[db] world"), std::string::npos);
  EXPECT_EQ(content.str().find("hidden"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pw::log
