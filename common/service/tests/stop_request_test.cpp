#include <gtest/gtest.h>

#include "common/service/service_host.hpp"

namespace pw::service {
namespace {

TEST(StopRequest, RunsTheCallbackOnce) {
  StopRequest stop;
  int calls = 0;
  stop.set([&] { ++calls; });
  stop.fire();
  stop.fire();
  EXPECT_EQ(calls, 1);
}

TEST(StopRequest, AStopBeforeTheCallbackIsSetIsNotLost) {
  StopRequest stop;
  stop.fire();  // e.g. SIGTERM while the service is still starting
  int calls = 0;
  stop.set([&] { ++calls; });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace pw::service
