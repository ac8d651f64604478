#pragma once
// The "discovery" task type: a discovery run (services/discovery_service.hpp) on the task's
// Agents, each sweeping its own scope; one target per Agent. The run is followed on the
// engine's tick (poll): an Agent's part that finished is reported — succeeded: Success with
// how many printers it found; failed: Error, or Timeout when the Agent did not answer in time.
// Parameters (both optional): {"registration": "managed"|"unmanaged", "port": SNMP port}.
#include <mutex>
#include <set>
#include <vector>

#include "manager/services/discovery_service.hpp"
#include "manager/services/task_engine.hpp"

namespace pw::manager {

class DiscoveryTaskType final : public TaskType {
 public:
  explicit DiscoveryTaskType(DiscoveryService& discovery) : discovery_(discovery) {}

  [[nodiscard]] TaskTargetKind targetKind() const override { return TaskTargetKind::kAgent; }
  [[nodiscard]] std::optional<Problem> validate(const nlohmann::json& parameters) const override;
  void start(TaskStep step) override;
  void poll() override;

 private:
  struct Followed {
    std::int64_t discovery_run_id = 0;
    TaskStep step;
    std::vector<std::int64_t> agent_ids;  ///< the Agents of this discovery run
    std::set<std::int64_t> reported;
  };
  DiscoveryService& discovery_;
  std::mutex mutex_;
  std::vector<Followed> followed_;
};

}  // namespace pw::manager
