#include "manager/core/counter_usage.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

constexpr std::uint64_t k2to32 = std::uint64_t{1} << 32;

TEST(CounterUsage, IncreaseAndUnchanged) {
  EXPECT_EQ(counterStep(1000, 1250), (CounterStep{250, CounterChange::kIncrease, 1250}));
  EXPECT_EQ(counterStep(1000, 1000), (CounterStep{0, CounterChange::kIncrease, 1000}));
}

TEST(CounterUsage, WrapNear2To32) {
  EXPECT_EQ(counterStep(k2to32 - 100, 50), (CounterStep{150, CounterChange::kWrap, 50}));
  EXPECT_EQ(counterStep(k2to32 - 1, 0), (CounterStep{1, CounterChange::kWrap, 0}));
  // Outside the window on either side it is a reset, not a wrap.
  EXPECT_EQ(counterStep(k2to32 / 2, 50).change, CounterChange::kReset);
  EXPECT_EQ(counterStep(k2to32 - 100, std::uint64_t{1} << 29).change, CounterChange::kReset);
  // A 64-bit counter does not wrap at 2^32.
  CounterRules wide;
  wide.wraps_at_32_bits = false;
  EXPECT_EQ(counterStep(k2to32 - 100, 50, wide), (CounterStep{50, CounterChange::kReset, 50}));
}

TEST(CounterUsage, LargeDropIsAResetCountedFromZero) {
  EXPECT_EQ(counterStep(120000, 35), (CounterStep{35, CounterChange::kReset, 35}));
  EXPECT_EQ(counterStep(1000, 0), (CounterStep{0, CounterChange::kReset, 0}));
  EXPECT_EQ(counterStep(1000, 899).change, CounterChange::kReset);  // drop 101 > 10 %
}

TEST(CounterUsage, SmallDropIsAGlitchKeepingTheBaseline) {
  EXPECT_EQ(counterStep(1000, 900),
            (CounterStep{0, CounterChange::kGlitch, 1000}));  // exactly 10 %
  EXPECT_EQ(counterStep(1000, 999), (CounterStep{0, CounterChange::kGlitch, 1000}));
  // The next good reading counts from the kept baseline: nothing twice.
  EXPECT_EQ(counterStep(1000, 1010).used, 10U);
}

TEST(CounterUsage, NeverNegativeNorOverflowingOnExtremes) {
  const std::uint64_t max = ~std::uint64_t{0};
  EXPECT_EQ(counterStep(max, max - 1).change, CounterChange::kGlitch);
  EXPECT_EQ(counterStep(max, 0), (CounterStep{0, CounterChange::kReset, 0}));
  EXPECT_EQ(counterStep(0, max).used, max);
  CounterRules strict;
  strict.reset_drop_percent = 0;  // any drop is a reset
  EXPECT_EQ(counterStep(1000, 999, strict).change, CounterChange::kReset);
}

}  // namespace
}  // namespace pw::manager
