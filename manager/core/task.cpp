#include "manager/core/task.hpp"

#include <array>

namespace pw::manager {
namespace {

constexpr std::array<const char*, 4> kRunStates = {"scheduled", "running", "completed",
                                                   "cancelled"};
constexpr std::array<const char*, 7> kResults = {
    "pending", "running", "success", "error", "timeout", "authenticationError", "cancelled"};

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char*, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (text == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

const char* toString(TaskTargetKind kind) {
  return kind == TaskTargetKind::kDevice ? "device" : "agent";
}

const char* toString(TaskRunState state) {
  return kRunStates.at(static_cast<std::size_t>(state));
}

std::optional<TaskRunState> taskRunStateFromString(std::string_view text) {
  return fromName<TaskRunState>(kRunStates, text);
}

const char* toString(TargetResult result) {
  return kResults.at(static_cast<std::size_t>(result));
}

std::optional<TargetResult> targetResultFromString(std::string_view text) {
  return fromName<TargetResult>(kResults, text);
}

std::optional<TargetResult> overallResult(const std::map<TargetResult, std::int64_t>& counts) {
  const auto count = [&counts](TargetResult r) {
    const auto it = counts.find(r);
    return it == counts.end() ? std::int64_t{0} : it->second;
  };
  if (count(TargetResult::kPending) + count(TargetResult::kRunning) > 0) return std::nullopt;
  if (count(TargetResult::kError) + count(TargetResult::kAuthenticationError) > 0) {
    return TargetResult::kError;
  }
  if (count(TargetResult::kTimeout) > 0) return TargetResult::kTimeout;
  return TargetResult::kSuccess;
}

TaskTargetResult batchFailure(const TaskTargetResult& step_result, int step_count) {
  TaskTargetResult out = step_result;
  if (step_result.step + 1 >= step_count) return out;  // the last step's result stands
  out.result = TargetResult::kError;
  out.detail = "step " + std::to_string(step_result.step + 1) + " ended with " +
               toString(step_result.result) +
               (step_result.detail.empty() ? "" : ": " + step_result.detail) +
               "; later steps not run";
  return out;
}

}  // namespace pw::manager
