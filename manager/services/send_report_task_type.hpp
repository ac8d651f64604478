#pragma once
// The "send-report" task type (issue 8 item 7, decision 0030): on its schedule, computes one
// report over the task's devices (its resolved targets) and mails it as an attachment through
// MailService. Every target gets the mail's outcome: success once the server accepted it, an
// error with the reason otherwise (mail not configured, queue full, SMTP refusal).
#include <nlohmann/json.hpp>

#include "manager/services/mail_service.hpp"
#include "manager/services/report_service.hpp"
#include "manager/services/task_engine.hpp"

namespace pw::manager {

class SendReportTaskType final : public TaskType {
 public:
  SendReportTaskType(ReportService& reports, MailService& mail) : reports_(reports), mail_(mail) {}

  [[nodiscard]] TaskTargetKind targetKind() const override { return TaskTargetKind::kDevice; }
  /// report (counters, status, supplies, firmware), format (csv, txt, xlsx), subject, to
  /// (1-20 addresses), cc, priority (high, normal, low), language (en fr de it es ja), and the
  /// report's options: kind, period, counter (counters), period (status), lowPercent,
  /// horizonDays, view (supplies); deviceType limits the devices to one type (category).
  [[nodiscard]] std::optional<Problem> validate(const nlohmann::json& parameters) const override;
  void start(TaskStep step) override;

 private:
  ReportService& reports_;
  MailService& mail_;
};

}  // namespace pw::manager
