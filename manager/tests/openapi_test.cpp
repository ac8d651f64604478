// The REST route table and proto/openapi.json must describe the same API: a route added
// without documentation (or documented but not served) fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "manager/tests/console_api_fixture.hpp"

namespace pw::manager::api {
namespace {

TEST(OpenApi, DocumentAndRouteTableAgree) {
  ConsoleApiFixture fixture;
  const auto& api = fixture.api;

  std::ifstream in(std::string(PW_PROTO_DIR) + "/openapi.json");
  const auto document = nlohmann::json::parse(in);
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");

  std::set<std::string> documented;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      // A public route says so; every other route inherits the session requirement.
      EXPECT_TRUE(operation.contains("responses")) << path;
    }
  }
  std::set<std::string> served;
  for (const auto& route : api.router().routes()) {
    served.insert(route.method + " " + route.pattern);
    std::string lower = route.method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& op = document["paths"][route.pattern][lower];
    const bool documented_public = op.contains("security") && op["security"].empty();
    EXPECT_EQ(documented_public, route.access.isPublic())
        << route.method << " " << route.pattern << ": access differs from the document";
  }
  EXPECT_EQ(served, documented);
}

}  // namespace
}  // namespace pw::manager::api
