#include "manager/services/task_notifier.hpp"

#include <vector>

#include "manager/exchange/table_export.hpp"

namespace pw::manager {
namespace {

// Words for a result in the mail and the CSV ("Authentication Error" as the history shows it).
std::string resultWords(TargetResult result) {
  switch (result) {
    case TargetResult::kPending: return "Pending";
    case TargetResult::kRunning: return "Running";
    case TargetResult::kSuccess: return "Success";
    case TargetResult::kError: return "Error";
    case TargetResult::kTimeout: return "Timeout";
    case TargetResult::kAuthenticationError: return "Authentication Error";
    case TargetResult::kCancelled: return "Cancelled";
  }
  return "";
}

// The run's result: cancelled runs say so, others as the history computes it.
std::optional<TargetResult> runResult(const TaskRun& run) {
  if (run.state == TaskRunState::kCancelled) return TargetResult::kCancelled;
  return overallResult(run.counts);
}

}  // namespace

TaskNotifier::TaskNotifier(TaskEngine& engine, DeviceStore& devices, AgentStore& agents,
                           MailService& mail, WebhookService* webhooks)
    : engine_(engine), devices_(devices), agents_(agents), mail_(mail), webhooks_(webhooks) {}

std::string TaskNotifier::labelOf(const TargetRef& target) {
  if (target.kind == TaskTargetKind::kAgent) {
    const auto agent = agents_.findAgent(target.id);
    return agent ? agent->name : "Agent " + std::to_string(target.id);
  }
  const auto device = devices_.findDevice(target.id);
  if (!device) return "device " + std::to_string(target.id);
  return device->ip_address.empty() ? device->name : device->name + " (" + device->ip_address + ")";
}

void TaskNotifier::onRunFinished(const TaskRun& run) {
  const auto result = runResult(run);
  const auto words = result ? resultWords(*result) : std::string("Unfinished");
  std::int64_t total = 0;
  for (const auto& [r, count] : run.counts) total += count;
  if (webhooks_ != nullptr && webhooks_->wanted("task.finished")) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [r, count] : run.counts) counts[toString(r)] = count;
    webhooks_->publish(
        "task.finished",
        {{"task",
          {{"id", run.task_id ? nlohmann::json(*run.task_id) : nlohmann::json(nullptr)},
           {"name", run.task_name},
           {"type", run.task_type}}},
         {"run",
          {{"id", run.id},
           {"state", toString(run.state)},
           {"result", result ? nlohmann::json(toString(*result)) : nlohmann::json(nullptr)},
           {"startedAt",
            run.started_at ? nlohmann::json(isoText(*run.started_at)) : nlohmann::json(nullptr)},
           {"endedAt",
            run.ended_at ? nlohmann::json(isoText(*run.ended_at)) : nlohmann::json(nullptr)},
           {"targetTotal", total},
           {"counts", counts}}}});
  }

  if (!run.task_id) return;
  const auto task = engine_.find(*run.task_id);
  if (!task || task->notification.to.empty()) return;
  const auto& notification = task->notification;
  if (notification.when == NotifyWhen::kFailure && result == TargetResult::kSuccess) return;

  const auto targets = engine_.runTargets(run.id, 0, kMaxTaskTargets);
  if (!targets) return;
  std::string text = "Task: " + run.task_name + " (" + run.task_type + ")\n";
  text += "Run " + std::to_string(run.id) + ": " + words + "\n";
  if (run.started_at) text += "Started: " + isoText(*run.started_at) + "\n";
  if (run.ended_at) text += "Ended: " + isoText(*run.ended_at) + "\n";
  text += "Targets: " + std::to_string(total);
  for (const auto& [r, count] : run.counts) {
    text += ", " + resultWords(r) + " " + std::to_string(count);
  }
  text += "\n";
  std::vector<exchange::TableRow> csv = {
      {"Kind", "Id", "Target", "Result", "Detail", "Updated (UTC)"}};
  std::size_t listed = 0;
  std::size_t failed = 0;
  for (const auto& target : targets->first) {
    const auto label = labelOf(target.target);
    if (target.result != TargetResult::kSuccess) {
      ++failed;
      if (listed == 0) text += "\nTargets that did not succeed:\n";
      if (listed < kListedInText) {
        text += "- " + label + ": " + resultWords(target.result) +
                (target.detail.empty() ? "" : " - " + target.detail) + "\n";
        ++listed;
      }
    }
    if (notification.attach_details) {
      csv.push_back({toString(target.target.kind), std::to_string(target.target.id), label,
                     resultWords(target.result), target.detail,
                     target.updated_at ? isoText(*target.updated_at) : ""});
    }
  }
  if (failed > listed) {
    text += "... and " + std::to_string(failed - listed) + " more";
    text += notification.attach_details ? " (see the attached file)\n" : "\n";
  }

  MailMessage message;
  message.to = notification.to;
  message.subject = "Task \"" + run.task_name + "\": " + words;
  message.text = std::move(text);
  if (notification.attach_details) {
    message.attachments.push_back(
        {"task-run-" + std::to_string(run.id) + ".csv", "text/csv; charset=utf-8",
         exchange::exportTable(csv, exchange::FileFormat::kCsv, "Results")});
  }
  // Refused when e-mail is not configured or the queue is full (failed sends are logged by the
  // mail thread); the history keeps the results either way.
  mail_.send(std::move(message));
}

}  // namespace pw::manager
