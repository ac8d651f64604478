#include "manager/services/send_report_task_type.hpp"

#include <set>

#include "manager/exchange/table_export.hpp"

namespace pw::manager {
namespace {

using exchange::FileFormat;
using nlohmann::json;

constexpr std::size_t kMaxRecipients = 20;

Problem invalid(std::string message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", "parameters." + std::move(message)};
}

std::optional<FileFormat> formatOf(const std::string& name) {
  if (name == "csv") return FileFormat::kCsv;
  if (name == "txt") return FileFormat::kTsv;
  if (name == "xlsx") return FileFormat::kXlsx;
  return std::nullopt;
}

std::optional<Problem> checkAddresses(const json& parameters, const char* key, bool required) {
  if (!parameters.contains(key)) {
    if (required) return invalid(std::string(key) + " is required: at least one address");
    return std::nullopt;
  }
  const auto& list = parameters[key];
  if (!list.is_array() || list.size() > kMaxRecipients || (required && list.empty())) {
    return invalid(std::string(key) + " must be a list of 1 to 20 addresses");
  }
  for (const auto& address : list) {
    if (!address.is_string() || !isMailAddress(address.get<std::string>())) {
      return invalid(std::string(key) + ": " + address.dump() + " is not an e-mail address");
    }
  }
  return std::nullopt;
}

struct Attachment {
  std::vector<exchange::TableRow> table;
  std::string name;
  std::string sheet;
};

}  // namespace

std::optional<Problem> SendReportTaskType::validate(const json& parameters) const {
  static const std::set<std::string> kKnown = {
      "report", "format", "subject", "to",         "cc",          "priority", "language",
      "kind",   "period", "counter", "lowPercent", "horizonDays", "view",     "deviceType"};
  for (const auto& [key, value] : parameters.items()) {
    if (!kKnown.contains(key)) return invalid(key + " is not a Send Report setting");
  }
  const auto text = [&](const char* key, std::initializer_list<const char*> allowed,
                        bool required) -> std::optional<Problem> {
    if (!parameters.contains(key)) {
      if (required) return invalid(std::string(key) + " is required");
      return std::nullopt;
    }
    const auto& value = parameters[key];
    std::string choices;
    for (const char* a : allowed) {
      if (value.is_string() && value.get<std::string>() == a) return std::nullopt;
      choices += std::string(choices.empty() ? "" : ", ") + a;
    }
    return invalid(std::string(key) + " must be one of " + choices);
  };
  if (auto p = text("report", {"counters", "status", "supplies", "firmware"}, true)) return p;
  if (auto p = text("format", {"csv", "txt", "xlsx"}, true)) return p;
  if (auto p = text("priority", {"high", "normal", "low"}, false)) return p;
  if (auto p = text("language", {"en", "fr", "de", "it", "es", "ja"}, false)) return p;
  if (auto p = text("kind", {"byDevice", "byCounter", "lifetime"}, false)) return p;
  if (auto p = text("period", {"daily", "weekly", "monthly", "yearly"}, false)) return p;
  if (auto p = text("counter",
                    {"total", "black", "colour", "print", "copy", "scan", "fax", "large", "small"},
                    false)) {
    return p;
  }
  if (auto p = text("view", {"devices", "order"}, false)) return p;
  if (!parameters.contains("subject") || !parameters["subject"].is_string() ||
      parameters["subject"].get<std::string>().empty() ||
      parameters["subject"].get<std::string>().size() > 200) {
    return invalid("subject is required: 1 to 200 characters");
  }
  if (parameters.contains("deviceType")) {
    const auto& type = parameters["deviceType"];
    if (!type.is_string() || type.get<std::string>().empty() ||
        type.get<std::string>().size() > kMaxDeviceTextLength) {
      return invalid("deviceType must be a device type such as Printer (1 to 255 characters)");
    }
  }
  if (auto p = checkAddresses(parameters, "to", true)) return p;
  if (auto p = checkAddresses(parameters, "cc", false)) return p;
  for (const auto& [key, low, high] : {std::tuple{"lowPercent", 1, 99}, {"horizonDays", 1, 366}}) {
    if (!parameters.contains(key)) continue;
    const auto& value = parameters[key];
    if (!value.is_number_integer() || value.get<int>() < low || value.get<int>() > high) {
      return invalid(std::string(key) + " must be a whole number from " + std::to_string(low) +
                     " to " + std::to_string(high));
    }
  }
  return std::nullopt;
}

void SendReportTaskType::start(TaskStep step) {
  const auto& p = step.parameters;
  std::vector<std::int64_t> ids;
  for (const auto& target : step.targets) ids.push_back(target.id);
  const auto finish = [step](TargetResult result, const std::string& detail) {
    for (const auto& target : step.targets) step.report(target, result, detail);
  };
  if (ids.empty()) return;
  // The file's headers and words and the mail's text, in the task's language.
  const Words words(p.value("language", "en"));
  // The task's devices, whatever region they are in: the task's author chose them.
  DeviceQuery query;
  if (p.contains("deviceType")) {  // only the task's devices of that type are totalled
    query.filters.push_back({DeviceField::kDeviceType, {p.value("deviceType", "")}});
  }
  const auto report = p.value("report", "counters");
  Attachment file;
  std::optional<Problem> failed;
  const auto period = reports::periodFromString(p.value("period", "monthly"));
  if (report == "counters") {
    CounterReportRequest request;
    request.kind = counterReportKindFromString(p.value("kind", "byDevice"))
                       .value_or(CounterReportKind::kByDevice);
    request.period = period.value_or(reports::Period::kMonthly);
    request.counter = p.value("counter", "total");
    request.devices = query;
    request.only_devices = ids;
    if (auto out = reports_.counters(request)) {
      file = {counterReportTable(*out, words), "counters", reportSheetName("counters", words)};
    } else {
      failed = out.error();
    }
  } else if (report == "status") {
    StatusReportRequest request;
    request.period = period.value_or(reports::Period::kMonthly);
    request.devices = query;
    request.only_devices = ids;
    if (auto out = reports_.status(request)) {
      file = {statusReportTable(*out, words), "status", reportSheetName("status", words)};
    } else {
      failed = out.error();
    }
  } else if (report == "supplies") {
    SuppliesReportRequest request;
    request.low_percent = p.value("lowPercent", 10);
    request.horizon_days = p.value("horizonDays", 30);
    request.devices = query;
    request.only_devices = ids;
    const bool order = p.value("view", "order") == "order";
    if (auto out = reports_.supplies(request)) {
      file = {suppliesReportTable(*out, order, words), order ? "supplies-order" : "supplies",
              reportSheetName("supplies", words)};
    } else {
      failed = out.error();
    }
  } else {
    if (auto out = reports_.firmware(query, ids)) {
      file = {firmwareReportTable(*out, words), "firmware", reportSheetName("firmware", words)};
    } else {
      failed = out.error();
    }
  }
  if (failed) return finish(TargetResult::kError, failed->message);

  const auto format = formatOf(p.value("format", "csv")).value_or(FileFormat::kCsv);
  MailMessage message;
  message.to = p.value("to", std::vector<std::string>{});
  // Cc recipients receive the message like To (as notification rules send them).
  const auto cc = p.value("cc", std::vector<std::string>{});
  message.to.insert(message.to.end(), cc.begin(), cc.end());
  message.subject = p.value("subject", "Report");
  message.priority =
      mailPriorityFromString(p.value("priority", "normal")).value_or(MailPriority::kNormal);
  message.text = std::string(words("mail.report.text")) + "\n";
  message.attachments.push_back({file.name + std::string(exchange::fileExtension(format)),
                                 std::string(exchange::mimeType(format)),
                                 exchange::exportTable(file.table, format, file.sheet)});
  const auto rows = file.table.size() - 1;
  const bool queued =
      mail_.send(std::move(message), [finish, rows](std::optional<std::string> error) {
        if (error) return finish(TargetResult::kError, "the report was not sent: " + *error);
        finish(TargetResult::kSuccess, "report sent (" + std::to_string(rows) + " rows)");
      });
  if (!queued) {
    finish(TargetResult::kError,
           "the report was not sent: e-mail is not configured or its queue is full");
  }
}

}  // namespace pw::manager
