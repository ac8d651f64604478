#include "manager/services/counter_mail_task_type.hpp"

#include <memory>
#include <vector>

#include "manager/core/mail.hpp"
#include "manager/core/monitoring.hpp"
#include "manager/core/text_catalogue.hpp"
#include "manager/exchange/table_export.hpp"
#include "manager/services/webhook_service.hpp"

namespace pw::manager {
namespace {

Problem invalid(const std::string& message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", "parameters." + message};
}

// The header: the device, when the counters were read, then each normalized counter.
exchange::TableRow header(const Words& words) {
  exchange::TableRow out = {words("report.column.device"), words("report.column.ipAddress"),
                            words("report.column.serial"), words("mail.counters.column.vendor"),
                            words("report.column.model"),  words("mail.counters.column.readAt")};
  for (const auto name : kCounterFieldNames) {
    out.emplace_back(words("counter." + std::string(name)));
  }
  return out;
}

// The normalized counters of a stored counters document ({"normalized": {name: {value}}});
// a counter the device does not give stays empty.
exchange::TableRow counterCells(const std::string& document) {
  const auto json = nlohmann::json::parse(document, nullptr, false);
  const auto normalized =
      json.is_object() ? json.value("normalized", nlohmann::json::object()) : nlohmann::json{};
  exchange::TableRow out;
  for (const auto name : kCounterFieldNames) {
    const auto it = normalized.is_object() ? normalized.find(std::string(name)) : normalized.end();
    const bool known = normalized.is_object() && it != normalized.end() && it->is_object() &&
                       it->contains("value") && (*it)["value"].is_number_integer();
    out.push_back(known ? exchange::TableCell::integer((*it)["value"].get<std::int64_t>())
                        : exchange::TableCell());
  }
  return out;
}

}  // namespace

std::optional<Problem> CounterMailTaskType::validate(const nlohmann::json& parameters) const {
  bool has_to = false;
  for (const auto& [key, value] : parameters.items()) {
    if (key == "to") {
      if (!value.is_array() || value.empty() || value.size() > TaskNotification::kMaxRecipients) {
        return invalid("to: a list of 1 to 20 mail addresses");
      }
      for (const auto& address : value) {
        if (!address.is_string() || !isMailAddress(address.get<std::string>())) {
          return invalid("to: " + address.dump() + " is not a mail address");
        }
      }
      has_to = true;
    } else if (key == "subject") {
      if (!value.is_string() || value.get<std::string>().size() > kMaxSubjectLength) {
        return invalid("subject: text of at most 200 bytes");
      }
    } else if (key == "language") {
      if (!value.is_string() || !isTextLanguage(value.get<std::string>())) {
        return invalid("language: one of en, fr, de, it, es, ja");
      }
    } else {
      return invalid(key + ": not a parameter of this task (to, subject, language)");
    }
  }
  if (!has_to) return invalid("to: required");
  return std::nullopt;
}

void CounterMailTaskType::start(TaskStep step) {
  const Words words(step.parameters.value("language", "en"));
  std::vector<exchange::TableRow> rows = {header(words)};
  auto included = std::make_shared<std::vector<TargetRef>>();
  for (const auto& target : step.targets) {
    const auto device = devices_.findDevice(target.id);
    if (!device) {
      step.report(target, TargetResult::kError, "the device no longer exists");
      continue;
    }
    const auto counters = monitoring_.currentCounters(target.id);
    if (!counters) {
      step.report(target, TargetResult::kError,
                  "noCounters: no counter reading is stored for this device yet");
      continue;
    }
    exchange::TableRow row = {device->name,
                              device->ip_address,
                              device->identity.serial,
                              device->identity.vendor,
                              device->identity.model,
                              isoText(counters->second)};
    for (auto& cell : counterCells(counters->first)) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
    included->push_back(target);
  }
  if (included->empty()) return;

  MailMessage message;
  for (const auto& address : step.parameters["to"]) message.to.push_back(address);
  message.subject = step.parameters.value("subject", "");
  if (message.subject.empty()) message.subject = words("mail.counters.subject");
  message.text = words("mail.counters.text", {{"n", std::to_string(included->size())}}) + "\n";
  message.attachments.push_back(
      {"counters-run-" + std::to_string(step.run_id) + ".csv", "text/csv; charset=utf-8",
       exchange::exportTable(rows, exchange::FileFormat::kCsv, "Counters")});
  const auto recipients = message.to.size();
  const bool queued = mail_.send(
      std::move(message), [step, included, recipients](std::optional<std::string> error) {
        for (const auto& target : *included) {
          if (error) {
            step.report(target, TargetResult::kError, "mail: " + *error);
          } else {
            step.report(target, TargetResult::kSuccess,
                        "mailed to " + std::to_string(recipients) + " recipient(s)");
          }
        }
      });
  if (!queued) {
    for (const auto& target : *included) {
      step.report(target, TargetResult::kError,
                  "mail: e-mail is not configured, or too many mails are waiting");
    }
  }
}

}  // namespace pw::manager
