#pragma once
// The "send-counters" task type (guide: Sending the Counter Retrieval Results, L3448-L3485):
// mails the target printers' counters as a CSV attachment. Parameters:
// {"to": [1..20 mail addresses], "subject": optional text}.
//
// The counters are the latest the monitoring stored (the Retrieve Counter Information built-in
// task reads them; the guide sends "the counter information retrieved by" that task), not a
// fresh poll: a run mails at once and the figures carry the time they were read. One mail per
// run: one CSV row per target that has counters (UTF-8 with a BOM, formula injection
// neutralized: exchange::exportTable). A target without a stored reading gets Error and no
// row; the others get Success once the mail server took the mail, Error with the server's
// answer otherwise (decision 0029). Thread-safe.
#include "manager/core/storage.hpp"
#include "manager/services/mail_service.hpp"
#include "manager/services/task_engine.hpp"

namespace pw::manager {

class CounterMailTaskType final : public TaskType {
 public:
  static constexpr std::size_t kMaxSubjectLength = 200;

  CounterMailTaskType(DeviceStore& devices, MonitoringStore& monitoring, MailService& mail)
      : devices_(devices), monitoring_(monitoring), mail_(mail) {}

  [[nodiscard]] TaskTargetKind targetKind() const override { return TaskTargetKind::kDevice; }
  [[nodiscard]] std::optional<Problem> validate(const nlohmann::json& parameters) const override;
  void start(TaskStep step) override;

 private:
  DeviceStore& devices_;
  MonitoringStore& monitoring_;
  MailService& mail_;
};

}  // namespace pw::manager
