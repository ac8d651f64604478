#include "manager/api/router.hpp"

#include <gtest/gtest.h>

namespace pw::manager::api {
namespace {

TEST(Router, MatchesMethodPathAndParameters) {
  Router router;
  router.add({"GET", "/api/v1/agents", Access::kSystemManager, nullptr});
  router.add({"GET", "/api/v1/agents/{id}", Access::kSystemManager, nullptr});
  router.add({"POST", "/api/v1/agents/{id}/ping", Access::kSystemManager, nullptr});

  auto m = router.match("GET", "/api/v1/agents/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/agents/{id}");
  EXPECT_EQ(m.params.at("id"), "42");

  m = router.match("POST", "/api/v1/agents/7/ping");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "7");

  m = router.match("DELETE", "/api/v1/agents/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);  // 405, not 404

  m = router.match("GET", "/api/v1/nothing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_known);

  EXPECT_EQ(router.match("GET", "/api/v1/agents/").route, nullptr);  // empty parameter
  EXPECT_EQ(router.match("GET", "/api/v1/agents/1/2").route, nullptr);
}

TEST(Router, ALiteralSegmentBeatsAParameterWhateverTheOrder) {
  Router router;
  router.add({"GET", "/api/v1/devices/{id}", Access::kSystemManager, nullptr});
  router.add({"GET", "/api/v1/devices/export", Access::kSystemManager, nullptr});
  router.add({"POST", "/api/v1/devices/import", Access::kSystemManager, nullptr});

  auto m = router.match("GET", "/api/v1/devices/export");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/devices/export");
  EXPECT_TRUE(m.params.empty());

  m = router.match("GET", "/api/v1/devices/12");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/devices/{id}");

  m = router.match("GET", "/api/v1/devices/import");  // the parameter route still serves GET
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "import");
}

}  // namespace
}  // namespace pw::manager::api
