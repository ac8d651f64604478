#pragma once
// Tells people how a task's runs ended (issue 7 item 8, guide L3910-L3914; decision 0029).
// Subscribed to TaskEngine::addRunObserver by the composition root: when a run ends, the task's
// recipients (TaskNotification) get one mail summarising the per-target results (the counts,
// then the targets that did not succeed), with every target's result as a CSV attachment when
// the task asks for details; "failure" tasks are mailed only when the run's result is not
// Success. Webhook subscribers to "task.finished" get the run and its counts. A task deleted
// before its run ended tells nobody. Thread-safe (called from whichever thread ended the run).
#include <string>

#include "manager/core/storage.hpp"
#include "manager/core/task.hpp"
#include "manager/services/mail_service.hpp"
#include "manager/services/task_engine.hpp"
#include "manager/services/webhook_service.hpp"

namespace pw::manager {

class TaskNotifier {
 public:
  /// At most this many failed targets are listed in the mail's text (all are in the CSV).
  static constexpr std::size_t kListedInText = 50;

  /// `webhooks` may be null (no webhook events).
  TaskNotifier(TaskEngine& engine, DeviceStore& devices, AgentStore& agents, MailService& mail,
               WebhookService* webhooks);

  void onRunFinished(const TaskRun& run);

 private:
  /// "Reception (10.0.0.5)" for a device, the name for an Agent, "device 12" once deleted.
  std::string labelOf(const TargetRef& target);

  TaskEngine& engine_;
  DeviceStore& devices_;
  AgentStore& agents_;
  MailService& mail_;
  WebhookService* webhooks_;
};

}  // namespace pw::manager
