// Design note — counter usage
//
// current >= previous        -> increase, used = current - previous.
// 32-bit wrap                -> previous within wrap_window (2^28 by default) of 2^32 and
//                               current below wrap_window: used = 2^32 - previous + current.
//                               2^28 pages is far more than any printer prints between two
//                               polls, and far less than a lifetime count, so a reset of a
//                               counter near 4 billion is not mistaken for a wrap unless it
//                               lands in the window.
// drop of more than 10 %     -> reset: the counter restarted from 0 (board replaced, NVRAM
//                               cleared), so what it shows now is what was used since.
// smaller drop               -> glitch: a device answering a slightly lower number (another
//                               marker's count, a firmware rounding) is not usage; the old
//                               baseline stays so the next good reading counts from it and
//                               nothing is counted twice.
// Usage is never negative by construction: every branch yields an unsigned difference of a
// larger minus a smaller number, or the current value.
#include "manager/core/counter_usage.hpp"

namespace pw::manager {

std::string_view toString(CounterChange change) noexcept {
  switch (change) {
    case CounterChange::kIncrease: return "increase";
    case CounterChange::kWrap: return "wrap";
    case CounterChange::kReset: return "reset";
    case CounterChange::kGlitch: return "glitch";
  }
  return "increase";
}

CounterStep counterStep(std::uint64_t previous, std::uint64_t current, const CounterRules& rules) {
  if (current >= previous) return {current - previous, CounterChange::kIncrease, current};
  constexpr std::uint64_t kWrapAt = std::uint64_t{1} << 32;
  if (rules.wraps_at_32_bits && previous < kWrapAt && previous >= kWrapAt - rules.wrap_window &&
      current < rules.wrap_window) {
    return {kWrapAt - previous + current, CounterChange::kWrap, current};
  }
  // previous x p / 100 without overflowing for 64-bit counters.
  const std::uint64_t percent = rules.reset_drop_percent > 100 ? 100 : rules.reset_drop_percent;
  const std::uint64_t threshold = previous / 100 * percent + previous % 100 * percent / 100;
  if (previous - current > threshold) return {current, CounterChange::kReset, current};
  return {0, CounterChange::kGlitch, previous};
}

}  // namespace pw::manager
