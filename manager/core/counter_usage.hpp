#pragma once
// Usage between two readings of one page counter, robust to counter resets (controller board
// swapped, NVRAM cleared) and 32-bit wrap: never negative. Pure; the rule is in
// counter_usage.cpp.
#include <cstdint>
#include <string_view>

namespace pw::manager {

enum class CounterChange {
  kIncrease,  ///< current >= previous: used = the difference (0 when unchanged)
  kWrap,      ///< a 32-bit counter passed 2^32 - 1 and restarted at 0
  kReset,     ///< a large drop: the counter restarted; used = current (counted from 0)
  kGlitch,    ///< a small drop: a bad reading; used = 0 and the previous baseline is kept
};

/// "increase", "wrap", "reset", "glitch".
std::string_view toString(CounterChange change) noexcept;

struct CounterStep {
  std::uint64_t used = 0;
  CounterChange change = CounterChange::kIncrease;
  /// The value the next reading is to be compared with (the current one, except for a glitch).
  std::uint64_t baseline = 0;

  bool operator==(const CounterStep&) const = default;
};

struct CounterRules {
  /// The counter is 32 bits wide (Counter32, or an INTEGER read as unsigned): wraps possible.
  bool wraps_at_32_bits = true;
  /// A wrap needs previous >= 2^32 - wrap_window and current < wrap_window.
  std::uint64_t wrap_window = std::uint64_t{1} << 28;
  /// A drop to below previous x (100 - reset_drop_percent) % is a reset; a smaller one a glitch.
  unsigned reset_drop_percent = 10;
};

CounterStep counterStep(std::uint64_t previous, std::uint64_t current,
                        const CounterRules& rules = {});

}  // namespace pw::manager
