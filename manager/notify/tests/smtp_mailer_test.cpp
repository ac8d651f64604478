// SmtpMailer against a real SMTP server (aiosmtpd): STARTTLS with AUTH, implicit TLS, the
// message as received (headers, UTF-8 subject, text, attachment), and the refusals: a wrong
// password, a server certificate from a CA not trusted, STARTTLS not offered.
#include "manager/notify/smtp_mailer.hpp"

#include <gtest/gtest.h>

#include "manager/notify/tests/smtp_server_process.hpp"

namespace pw::manager::notify {
namespace {

using testing::SmtpServerProcess;

MailServerSettings serverFor(const SmtpServerProcess& smtp, MailSecurity security) {
  MailServerSettings s;
  s.host = "127.0.0.1";
  s.port = smtp.port();
  s.security = security;
  s.sender = "printwarden@example.org";
  if (security != MailSecurity::kNone) s.ca_pem = smtp.caPem();
  return s;
}

MailMessage simpleMessage() {
  return {{"ops@example.org"}, "Hello", "Body text\r\n", {}};
}

TEST(HeaderText, AsciiStaysUtf8IsEncodedOnCharacterBoundaries) {
  EXPECT_EQ(encodeHeaderText("Toner low: Printer 3"), "Toner low: Printer 3");
  EXPECT_EQ(encodeHeaderText("a\r\nBcc: x@y"), "aBcc: x@y");  // no header injection
  EXPECT_EQ(encodeHeaderText("Caf\xC3\xA9"), "=?UTF-8?B?Q2Fmw6k=?=");
  // 44 ASCII bytes then a two-byte character: the cut moves before it.
  const auto long_text = std::string(44, 'a') + "\xC3\xA9" + "b";
  EXPECT_EQ(encodeHeaderText(long_text), "=?UTF-8?B?" + base64Encode(std::string(44, 'a')) +
                                             "?= =?UTF-8?B?" +
                                             base64Encode("\xC3\xA9"
                                                          "b") +
                                             "?=");
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
}

TEST(SmtpMailer, StartTlsWithAuthDeliversHeadersTextAndAttachment) {
  SmtpServerProcess smtp("starttls", "mailer", "p@ss word");
  auto server = serverFor(smtp, MailSecurity::kStartTls);
  server.user = "mailer";
  server.password = "p@ss word";
  MailMessage message{{"ops@example.org", "second@example.org"},
                      "Imprimante \xC3\xA0 v\xC3\xA9rifier",
                      "Line one\r\nLigne deux \xC3\xA9t\xC3\xA9\r\n",
                      {{"counters.csv", "text/csv", "device,total\r\nP1,1200\r\n"}}};
  ASSERT_EQ(SmtpMailer().send(server, message), std::nullopt);

  const auto envelope = smtp.envelope(1);
  EXPECT_NE(envelope.find(R"("from": "printwarden@example.org")"), std::string::npos) << envelope;
  EXPECT_NE(envelope.find(R"("to": ["ops@example.org", "second@example.org"])"), std::string::npos);
  EXPECT_NE(envelope.find(R"("login": "mailer")"), std::string::npos);
  EXPECT_NE(envelope.find(R"("tls": true)"), std::string::npos);

  const auto raw = smtp.message(1);
  EXPECT_NE(raw.find("From: printwarden@example.org\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("To: ops@example.org, second@example.org\r\n"), std::string::npos);
  EXPECT_NE(raw.find("Subject: " + encodeHeaderText(message.subject) + "\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(raw.find("@example.org>\r\n"), std::string::npos);  // Message-ID
  EXPECT_EQ(raw.find("X-Priority"), std::string::npos);         // normal: no priority headers
  EXPECT_EQ(raw.find("Importance"), std::string::npos);
  EXPECT_NE(raw.find("multipart/mixed"), std::string::npos);
  EXPECT_NE(raw.find("text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(raw.find("Ligne deux =C3=A9t=C3=A9"), std::string::npos);  // quoted-printable
  EXPECT_NE(raw.find("filename=\"counters.csv\""), std::string::npos);
  EXPECT_NE(raw.find(base64Encode("device,total\r\nP1,1200\r\n")), std::string::npos);
  EXPECT_EQ(raw.find("p@ss word"), std::string::npos);
}

TEST(SmtpMailer, ImplicitTlsWithoutAuth) {
  SmtpServerProcess smtp("tls");
  ASSERT_EQ(SmtpMailer().send(serverFor(smtp, MailSecurity::kImplicitTls), simpleMessage()),
            std::nullopt);
  EXPECT_NE(smtp.envelope(1).find(R"("tls": true)"), std::string::npos);
  EXPECT_NE(smtp.message(1).find("Body text"), std::string::npos);
}

TEST(SmtpMailer, HighAndLowPriorityGoOutAsXPriorityAndImportance) {
  SmtpServerProcess smtp("plain");
  auto message = simpleMessage();
  message.priority = MailPriority::kHigh;
  ASSERT_EQ(SmtpMailer().send(serverFor(smtp, MailSecurity::kNone), message), std::nullopt);
  message.priority = MailPriority::kLow;
  ASSERT_EQ(SmtpMailer().send(serverFor(smtp, MailSecurity::kNone), message), std::nullopt);
  const auto high = smtp.message(1);
  EXPECT_NE(high.find("\r\nX-Priority: 1 (Highest)\r\n"), std::string::npos) << high;
  EXPECT_NE(high.find("\r\nImportance: High\r\n"), std::string::npos);
  const auto low = smtp.message(2);
  EXPECT_NE(low.find("\r\nX-Priority: 5 (Lowest)\r\n"), std::string::npos) << low;
  EXPECT_NE(low.find("\r\nImportance: Low\r\n"), std::string::npos);
}

TEST(SmtpMailer, PlainWithoutTls) {
  SmtpServerProcess smtp("plain");
  ASSERT_EQ(SmtpMailer().send(serverFor(smtp, MailSecurity::kNone), simpleMessage()), std::nullopt);
  EXPECT_NE(smtp.envelope(1).find(R"("tls": false)"), std::string::npos);
}

TEST(SmtpMailer, WrongPasswordIsRefusedWithTheServersAnswer) {
  SmtpServerProcess smtp("starttls", "mailer", "right");
  auto server = serverFor(smtp, MailSecurity::kStartTls);
  server.user = "mailer";
  server.password = "wrong-secret";
  const auto error = SmtpMailer().send(server, simpleMessage());
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("Login denied"), std::string::npos) << *error;
  EXPECT_EQ(error->find("wrong-secret"), std::string::npos);
  EXPECT_EQ(smtp.envelope(1), "");
}

TEST(SmtpMailer, ServerCertificateFromAnUntrustedCaIsRefused) {
  SmtpServerProcess smtp("starttls");
  SmtpServerProcess other("tls");  // its CA did not sign smtp's certificate
  for (const auto& ca : {std::string(), other.caPem()}) {
    auto server = serverFor(smtp, MailSecurity::kStartTls);
    server.ca_pem = ca;
    const auto error = SmtpMailer().send(server, simpleMessage());
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("certificate"), std::string::npos) << *error;
  }
  auto implicit = serverFor(other, MailSecurity::kImplicitTls);
  implicit.ca_pem = smtp.caPem();
  EXPECT_TRUE(SmtpMailer().send(implicit, simpleMessage()).has_value());
  EXPECT_EQ(smtp.envelope(1), "");
  EXPECT_EQ(other.envelope(1), "");
}

TEST(SmtpMailer, StartTlsRequiredButNotOfferedIsRefused) {
  SmtpServerProcess smtp("plain");
  const auto error = SmtpMailer().send(serverFor(smtp, MailSecurity::kStartTls), simpleMessage());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(smtp.envelope(1), "");
}

TEST(SmtpMailer, NothingToConnectToIsAnError) {
  MailServerSettings server;
  server.host = "127.0.0.1";
  server.port = 1;
  server.security = MailSecurity::kNone;
  server.sender = "a@example.org";
  EXPECT_TRUE(SmtpMailer().send(server, simpleMessage()).has_value());
}

}  // namespace
}  // namespace pw::manager::notify
