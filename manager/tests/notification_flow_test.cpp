// Monitoring notifications end to end inside the Manager: synthetic readings through the real
// outbox ingest (OutboxService + MonitorReadingSink on SQLite), the NotificationService hooked
// to it as the composition root hooks it, and the real mail path (MailService → MailQueue →
// SmtpMailer) to a real SMTP server (python3-aiosmtpd). Time is a FakeClock: "error ongoing for
// N minutes" and the storm window advance without waiting.
#include <gtest/gtest.h>

#include "manager/notify/mail_queue.hpp"
#include "manager/notify/smtp_mailer.hpp"
#include "manager/notify/tests/smtp_server_process.hpp"
#include "manager/services/monitoring_service.hpp"
#include "manager/services/notification_service.hpp"
#include "manager/services/outbox_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/readings_outbox.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

class NotificationFlowTest : public ::testing::Test {
 protected:
  NotificationFlowTest() {
    MailSettingsEdit edit;
    edit.server.host = "127.0.0.1";
    edit.server.port = smtp.port();
    edit.server.security = MailSecurity::kStartTls;
    edit.server.user = "pw";
    edit.server.sender = "printwarden@example.org";
    edit.server.ca_pem = smtp.caPem();
    edit.password = "mail-pass";
    EXPECT_TRUE(mail.update(edit));
    agent_ = *storage.createAgent("Site", false, {"h1", "s1"}, clock.now());
    outbox.onReadingsStored(
        [this](const std::vector<std::int64_t>& ids) { notifications.readingsStored(ids); });
  }

  std::int64_t device(const std::string& ip) {
    DiscoveryReport r;
    r.identity = {"HP", "M507", "S" + ip, "1", ""};
    r.ip_address = ip;
    r.name = "printer-" + ip;
    return storage.upsertDevice(r, clock.now()).id;
  }

  /// One reading per device through the outbox, as an Agent delivers them.
  void ingest(const std::vector<std::pair<std::int64_t, proto::ReadingData>>& readings) {
    proto::OutboxBatch batch{"s1", 0, {}};
    for (const auto& [id, reading] : readings) {
      batch.records.push_back(
          {sequence_++, proto::kMonitorReadingKind,
           proto::toJson(proto::MonitorReadingRecord{
               1, toUnixSeconds(clock.now()), {id, "10.0.0.1", reading, std::nullopt, {}}})});
    }
    const auto ingested = outbox.ingest(agent_, batch);
    ASSERT_EQ(ingested.ack.stored, static_cast<std::int64_t>(readings.size()));
  }

  static proto::ReadingData status(const std::string& severity,
                                   std::vector<proto::AlertData> alerts = {}) {
    proto::ReadingData r;
    r.status = proto::StatusData{severity, "on", 3, 3, "00", {}, {}, std::move(alerts)};
    return r;
  }

  static proto::AlertData jam() {
    proto::AlertData a;
    a.index = "1.7";
    a.severity_level = 3;
    a.severity_level_name = "critical";
    a.training_level = 3;
    a.training_level_name = "untrained";
    a.code = 8;
    a.code_name = "jam";
    a.description = "Paper jam in tray 2";
    a.severity = "error";
    a.condition = "jammed";
    return a;
  }

  static proto::ReadingData toner(std::int64_t percent) {
    proto::ReadingData r;
    proto::SuppliesData s;
    s.items.push_back({"1.1", "Black Cartridge", 3, "consumed", 3, "toner", 19, "percent",
                       proto::AmountData{"value", 100}, proto::AmountData{"value", percent},
                       percent, 1, "black"});
    r.supplies = s;
    return r;
  }

  NotificationRule rule(const std::string& name) {
    NotificationRule r;
    r.name = name;
    r.to = {"ops@example.org"};
    return r;
  }

  /// Waits until the mail thread has handed everything queued to the server.
  std::vector<std::string> received() {
    queue.stop();
    std::vector<std::string> out;
    for (int n = 1;; ++n) {
      auto message = smtp.message(n);
      if (message.empty()) return out;
      out.push_back(std::move(message));
    }
  }

  notify::testing::SmtpServerProcess smtp{"starttls", "pw", "mail-pass"};
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  crypto::SecretBox box{crypto::SecretBox::generateKey()};
  notify::SmtpMailer mailer;
  notify::MailQueue queue{
      [this](const MailServerSettings& s, const MailMessage& m) { return mailer.send(s, m); }, 100};
  MailService mail{storage, box, queue};
  GroupService groups{storage, clock};
  NotificationService notifications{storage, storage, storage, groups, storage, mail, clock};
  testing::ReadingsOutbox outbox_wiring{storage, clock};
  OutboxService& outbox = outbox_wiring.outbox;
  std::int64_t agent_ = 0;  ///< whose outbox the readings come through
  std::int64_t sequence_ = 1;
};

TEST_F(NotificationFlowTest, AnAlertNotifiesOnceWhenItAppearsAndOnRecoveryWhenAsked) {
  const auto printer = device("10.0.0.1");
  auto r = rule("Jams");
  r.conditions.error_codes = {8};
  r.notify_recovery = true;
  r.language = "fr";
  ASSERT_TRUE(notifications.create(r));

  ingest({{printer, status("ok")}});
  ingest({{printer, status("error", {jam()})}});
  clock.advance(5min);
  ingest({{printer, status("error", {jam()})}});  // the same jam again: nothing new
  ingest({{printer, status("ok")}});              // cleared: recovery
  const auto mails = received();
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_NE(mails[0].find("Subject: [Printwarden] Jams: printer-10.0.0.1 (10.0.0.1)"),
            std::string::npos)
      << mails[0];
  EXPECT_NE(mails[0].find("To: ops@example.org"), std::string::npos);
  EXPECT_NE(mails[0].find("Paper jam in tray 2"), std::string::npos);
  EXPECT_NE(mails[0].find("Maintenant"), std::string::npos);  // French, quoted-printable safe
  EXPECT_NE(mails[1].find("R=C3=A9solu: Paper jam in tray 2"), std::string::npos) << mails[1];
  EXPECT_EQ(notifications.counters().sent, 2);
}

TEST_F(NotificationFlowTest, LowTonerAndGroupsLimitTheRule) {
  const auto in_group = device("10.0.0.1");
  const auto outside = device("10.0.0.2");
  DeviceGroup group;
  group.name = "Floor 1";
  const auto created = groups.create(group);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_TRUE(groups.addMembers(created->group.id, {in_group}));
  auto r = rule("Toner");
  r.conditions.remaining_at_most = {{"toner", 10}};
  r.group_ids = {created->group.id};
  ASSERT_TRUE(notifications.create(r));

  ingest({{in_group, toner(40)}, {outside, toner(40)}});
  ingest({{in_group, toner(9)}, {outside, toner(5)}});
  ingest({{in_group, toner(8)}, {outside, toner(4)}});  // still low: no repeat
  const auto mails = received();
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_NE(mails[0].find("printer-10.0.0.1"), std::string::npos);
  EXPECT_NE(mails[0].find("Black Cartridge: 9 %"), std::string::npos) << mails[0];
}

TEST_F(NotificationFlowTest, ErrorOngoingFiresOncePerOccurrenceOnTheTimer) {
  const auto printer = device("10.0.0.1");
  auto r = rule("Long errors");
  r.conditions.error_ongoing_minutes = 30;
  ASSERT_TRUE(notifications.create(r));

  ingest({{printer, status("error", {jam()})}});
  clock.advance(29min);
  notifications.tick();
  EXPECT_EQ(notifications.counters().sent, 0);
  clock.advance(1min);
  notifications.tick();
  EXPECT_EQ(notifications.counters().sent, 1);
  clock.advance(2h);
  notifications.tick();
  ingest({{printer, status("error", {jam()})}});
  EXPECT_EQ(notifications.counters().sent, 1);  // still the same occurrence

  ingest({{printer, status("ok")}});
  ingest({{printer, status("service_call")}});  // a new occurrence
  clock.advance(31min);
  notifications.tick();
  EXPECT_EQ(notifications.counters().sent, 2);
  const auto mails = received();
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_NE(mails[0].find("in error for 30 minutes or more"), std::string::npos) << mails[0];
}

TEST_F(NotificationFlowTest, AStormBecomesOneDigestListingTheDevices) {
  ASSERT_TRUE(notifications.setThrottle({3, 10min}));
  auto r = rule("Site down");
  r.conditions.power_states = {"no_response"};
  ASSERT_TRUE(notifications.create(r));
  std::vector<std::int64_t> printers;
  for (int i = 1; i <= 20; ++i) printers.push_back(device("10.0.1." + std::to_string(i)));

  // The whole site stops answering: 20 devices in one batch.
  proto::OutboxBatch batch{"s1", 0, {}};
  for (const auto id : printers) {
    batch.records.push_back(
        {sequence_++, proto::kMonitorReadingKind,
         proto::toJson(proto::MonitorReadingRecord{
             1,
             toUnixSeconds(clock.now()),
             {id, "x", std::nullopt, proto::MonitorErrorData{"timeout", "t"}, {}}})});
  }
  ASSERT_EQ(outbox.ingest(agent_, batch).ack.stored, 20);
  EXPECT_EQ(notifications.counters().sent, 3);
  EXPECT_EQ(notifications.counters().held, 17);
  clock.advance(9min);
  notifications.tick();
  EXPECT_EQ(notifications.counters().digests, 0);
  clock.advance(1min);
  notifications.tick();
  EXPECT_EQ(notifications.counters().digests, 1);
  const auto mails = received();
  ASSERT_EQ(mails.size(), 4U);
  const auto& digest = mails[3];
  EXPECT_NE(digest.find("17 devices changed within 10 minutes"), std::string::npos) << digest;
  for (int i = 4; i <= 20; ++i) {
    EXPECT_NE(digest.find("(10.0.1." + std::to_string(i) + ")"), std::string::npos) << i;
  }
}

TEST_F(NotificationFlowTest, InactiveRulesAndDuplicatesSendNothing) {
  const auto printer = device("10.0.0.1");
  auto r = rule("Jams");
  r.conditions.error_codes = {8};
  const auto created = notifications.create(r);
  ASSERT_TRUE(created);
  const auto copy = notifications.duplicate(created->id);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->name, "Jams - Copy");
  EXPECT_FALSE(copy->active);
  EXPECT_EQ(notifications.duplicate(created->id)->name, "Jams - Copy 2");
  r.active = false;
  ASSERT_TRUE(notifications.update(created->id, r));
  ingest({{printer, status("error", {jam()})}});
  EXPECT_TRUE(received().empty());
}

}  // namespace
}  // namespace pw::manager
