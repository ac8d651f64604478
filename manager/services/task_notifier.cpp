#include "manager/services/task_notifier.hpp"

#include <vector>

#include "manager/core/text_catalogue.hpp"
#include "manager/exchange/table_export.hpp"

namespace pw::manager {
namespace {

// A result in the mail's language, as the console's history names it.
std::string resultWords(TargetResult result, const Words& words) {
  return std::string(words(std::string("task.result.") + toString(result)));
}

// A task type's name in the mail's language; a type the catalogue does not name stays its id.
std::string typeWords(const std::string& type, const Words& words) {
  const auto key = "task.type." + type;
  const auto name = words(key);
  return name == key ? type : std::string(name);
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
  const Words words(notification.language);
  const auto outcome =
      result ? resultWords(*result, words) : std::string(words("task.result.unfinished"));
  std::string text = words("mail.task.task",
                           {{"name", run.task_name}, {"type", typeWords(run.task_type, words)}}) +
                     "\n";
  text += words("mail.task.run", {{"id", std::to_string(run.id)}, {"result", outcome}}) + "\n";
  if (run.started_at)
    text += words("mail.task.started", {{"time", isoText(*run.started_at)}}) + "\n";
  if (run.ended_at) text += words("mail.task.ended", {{"time", isoText(*run.ended_at)}}) + "\n";
  text += words("mail.task.targets", {{"n", std::to_string(total)}});
  for (const auto& [r, count] : run.counts) {
    text += ", " + resultWords(r, words) + " " + std::to_string(count);
  }
  text += "\n";
  std::vector<exchange::TableRow> csv = {
      {words("mail.task.column.kind"), words("mail.task.column.id"),
       words("mail.task.column.target"), words("mail.task.column.result"),
       words("mail.task.column.detail"), words("mail.task.column.updated")}};
  std::size_t listed = 0;
  std::size_t failed = 0;
  for (const auto& target : targets->first) {
    const auto label = labelOf(target.target);
    if (target.result != TargetResult::kSuccess) {
      ++failed;
      if (listed == 0) text += "\n" + std::string(words("mail.task.failedList")) + "\n";
      if (listed < kListedInText) {
        text += "- " + label + ": " + resultWords(target.result, words) +
                (target.detail.empty() ? "" : " - " + target.detail) + "\n";
        ++listed;
      }
    }
    if (notification.attach_details) {
      csv.push_back({words(std::string("task.targetKind.") + toString(target.target.kind)),
                     exchange::TableCell::integer(target.target.id), label,
                     resultWords(target.result, words), target.detail,
                     target.updated_at ? isoText(*target.updated_at) : ""});
    }
  }
  if (failed > listed) {
    text += words(notification.attach_details ? "mail.task.moreAttached" : "mail.task.more",
                  {{"n", std::to_string(failed - listed)}}) +
            "\n";
  }

  MailMessage message;
  message.to = notification.to;
  message.subject = words("mail.task.subject", {{"name", run.task_name}, {"result", outcome}});
  message.text = std::move(text);
  message.priority = notification.priority;
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
