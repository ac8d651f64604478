// MailService on the real SQLite engine: settings checked field by field, the password sealed
// at rest (never in the stored document, never in the view), kept when an edit leaves it out,
// removed by "", opened for the mail thread; the test message's refusals.
#include "manager/services/mail_service.hpp"

#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

struct RecordingOutbox final : MailOutbox {
  bool accept = true;
  std::vector<std::pair<MailServerSettings, MailMessage>> posted;
  bool post(MailServerSettings server, MailMessage message, Done done) override {
    if (!accept) return false;
    posted.emplace_back(std::move(server), std::move(message));
    if (done) done(std::nullopt);
    return true;
  }
};

struct MailServiceTest : ::testing::Test {
  testing::TempDir dir;
  SqliteStorage storage{dir.path() / "m.db"};
  crypto::SecretBox box{crypto::SecretBox::generateKey()};
  RecordingOutbox outbox;
  MailService mail{storage, box, outbox};

  static MailSettingsEdit edit(std::optional<std::string> password) {
    MailSettingsEdit e;
    e.server.host = "smtp.example.org";
    e.server.port = 465;
    e.server.security = MailSecurity::kImplicitTls;
    e.server.user = "printwarden";
    e.server.sender = "printwarden@example.org";
    e.password = std::move(password);
    return e;
  }
};

TEST_F(MailServiceTest, NothingConfiguredByDefault) {
  const auto view = mail.settings();
  EXPECT_EQ(view.server.host, "");
  EXPECT_FALSE(view.password_set);
  EXPECT_FALSE(mail.send({{"a@example.org"}, "s", "t", {}}));
  const auto test = mail.sendTest("a@example.org", {});
  ASSERT_FALSE(test);
  EXPECT_EQ(test.error().code, "mail_not_configured");
}

TEST_F(MailServiceTest, PasswordIsSealedKeptAndRemoved) {
  ASSERT_TRUE(mail.update(edit("Sup3r secret")));
  const auto stored = storage.findSetting("mail");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->find("Sup3r secret"), std::string::npos);
  auto view = mail.settings();
  EXPECT_TRUE(view.password_set);
  EXPECT_EQ(view.server.password, "");
  EXPECT_EQ(view.server.port, 465);
  EXPECT_EQ(view.server.security, MailSecurity::kImplicitTls);

  ASSERT_TRUE(mail.update(edit(std::nullopt)));  // left out: kept
  ASSERT_TRUE(mail.sendTest("ops@example.org", {}));
  ASSERT_EQ(outbox.posted.size(), 1U);
  EXPECT_EQ(outbox.posted[0].first.password, "Sup3r secret");
  EXPECT_EQ(outbox.posted[0].first.host, "smtp.example.org");
  EXPECT_EQ(outbox.posted[0].second.to, std::vector<std::string>{"ops@example.org"});

  ASSERT_TRUE(mail.update(edit("")));  // "": removed
  EXPECT_FALSE(mail.settings().password_set);
  ASSERT_TRUE(mail.send({{"a@example.org"}, "s", "t", {}}));
  EXPECT_EQ(outbox.posted.back().first.password, "");
}

TEST_F(MailServiceTest, ASealedPasswordMovedElsewhereDoesNotOpenUnderAnotherKey) {
  ASSERT_TRUE(mail.update(edit("secret")));
  crypto::SecretBox other{crypto::SecretBox::generateKey()};
  MailService replaced{storage, other, outbox};
  ASSERT_TRUE(replaced.send({{"a@example.org"}, "s", "t", {}}));
  EXPECT_EQ(outbox.posted.back().first.password, "");
}

TEST_F(MailServiceTest, ErrorsNameTheField) {
  const auto error = [&](auto change) {
    auto e = edit(std::nullopt);
    change(e);
    const auto saved = mail.update(e);
    return saved ? std::string() : saved.error().message;
  };
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.host = "smtp example"; }),
            "host: a host name or address");
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.port = 0; }), "port: 1 to 65535");
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.sender = "nobody"; }),
            "sender: an e-mail address (name@domain)");
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.sender = "a@b.org\r\nRCPT TO:<x@y>"; }),
            "sender: an e-mail address (name@domain)");
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.user = "a b"; }),
            "user: at most 256 characters, no spaces or control characters");
  EXPECT_EQ(error([](MailSettingsEdit& e) { e.server.ca_pem = "not a pem"; }),
            "caCertificate: PEM certificates (-----BEGIN CERTIFICATE-----)");
  EXPECT_EQ(error([](MailSettingsEdit& e) {
              e.server.host.clear();
              e.server.sender.clear();
            }),
            "");  // e-mail off: nothing else matters
}

TEST_F(MailServiceTest, TestMessageRefusals) {
  ASSERT_TRUE(mail.update(edit(std::nullopt)));
  const auto bad = mail.sendTest("not an address", {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  outbox.accept = false;
  const auto full = mail.sendTest("ops@example.org", {});
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, "mail_queue_full");
}

TEST(MailAddress, OnlyPlainSingleAddresses) {
  EXPECT_TRUE(isMailAddress("ops@example.org"));
  EXPECT_TRUE(isMailAddress("first.last+tag@sub.example.org"));
  for (const auto* bad : {"", "ops", "@example.org", "ops@", "a@b@c", "a b@c.org", "<a@b.org>",
                          "a@b.org,c@d.org", "a@b.org\r\n"}) {
    EXPECT_FALSE(isMailAddress(bad)) << bad;
  }
}

}  // namespace
}  // namespace pw::manager
