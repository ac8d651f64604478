#pragma once
// Per-user console preferences (decision 0032): a page's remembered choices as one JSON object
// per key, such as the reports' drop-downs and table sorts. The Manager does not read them.
#include <cstdint>
#include <optional>
#include <string>

#include "common/core/clock.hpp"

namespace pw::manager {

class PreferenceStore {
 public:
  virtual ~PreferenceStore() = default;
  /// The JSON text stored under `key` for the user, or nullopt.
  virtual std::optional<std::string> preference(std::int64_t user_id, const std::string& key) = 0;
  /// Replaces (or creates) the JSON text under `key` for the user.
  virtual void setPreference(std::int64_t user_id, const std::string& key,
                             const std::string& value_json, Clock::TimePoint now) = 0;
};

}  // namespace pw::manager
