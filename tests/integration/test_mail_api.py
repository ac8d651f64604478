"""E-mail settings and the test message through the real binary and a real SMTP server
(python3-aiosmtpd, STARTTLS + AUTH LOGIN/PLAIN, and implicit TLS): the message as received, the
SMTP error text on a wrong password or an untrusted CA, 400s naming the field, the password
write-only (never in an answer, a log line or the database file) and kept across a restart.
"""
import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402
from smtp import SmtpServer  # noqa: E402

MAIL = "/api/v1/settings/mail"
TEST = "/api/v1/settings/mail/test"
SECRET = "Smtp-Secret-42"


class MailApiTest(PrintwardenTestCase):
    def smtp(self, **kwargs):
        server = SmtpServer(self.workdir, **kwargs)
        self._stoppables.append(server)
        return server

    def test_settings_test_message_and_secrets(self):
        smtp = self.smtp(mode="starttls", user="mailer", password=SECRET)
        manager = self.manager()
        client = manager.admin()
        self.assertEqual(client.request("GET", MAIL).json(),
                         {"host": "", "port": 587, "security": "starttls", "user": "",
                          "passwordSet": False, "sender": "", "caCertificate": ""})
        resp = client.request("POST", TEST, {"to": "ops@example.org"})
        self.assertEqual((resp.status, resp.json()["code"]), (409, "mail_not_configured"))

        settings = {"host": "127.0.0.1", "port": smtp.port, "security": "starttls",
                    "user": "mailer", "password": SECRET, "sender": "printwarden@example.org",
                    "caCertificate": smtp.ca_pem}
        resp = client.request("PUT", MAIL, settings)
        self.assertEqual(resp.status, 200, resp.body)
        shown = resp.json()
        self.assertNotIn("password", shown)
        self.assertTrue(shown["passwordSet"])
        self.assertNotIn(SECRET, resp.body.decode())

        resp = client.request("POST", TEST, {"to": "ops@example.org"})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json(), {"sent": True, "to": "ops@example.org"})
        envelope, message = smtp.wait_for(1)[0]
        self.assertEqual(envelope, {"from": "printwarden@example.org", "to": ["ops@example.org"],
                                    "login": "mailer", "tls": True})
        self.assertEqual(message["From"], "printwarden@example.org")
        self.assertEqual(message["To"], "ops@example.org")
        self.assertEqual(message["Subject"], "Printwarden test message")
        self.assertIsNotNone(message["Date"])
        self.assertIn("127.0.0.1:%d" % smtp.port,
                      message.get_body(preferencelist=("plain",)).get_content())

        # The GET answer sent back unchanged keeps the password.
        resp = client.request("PUT", MAIL, client.request("GET", MAIL).json())
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(client.request("POST", TEST, {"to": "second@example.org"}).status, 200)
        self.assertEqual(smtp.wait_for(2)[1][0]["login"], "mailer")

        # A wrong password: the server's refusal comes back as the error text.
        resp = client.request("PUT", MAIL, {**settings, "password": "not-it"})
        self.assertEqual(resp.status, 200, resp.body)
        resp = client.request("POST", TEST, {"to": "ops@example.org"})
        self.assertEqual((resp.status, resp.json()["code"]), (502, "mail_failed"), resp.body)
        self.assertIn("Login denied", resp.json()["message"])

        # The system's CAs (no caCertificate) do not trust the test server.
        resp = client.request("PUT", MAIL, {**settings, "caCertificate": ""})
        self.assertEqual(resp.status, 200, resp.body)
        resp = client.request("POST", TEST, {"to": "ops@example.org"})
        self.assertEqual(resp.status, 502, resp.body)
        self.assertIn("certificate", resp.json()["message"])
        self.assertEqual(len(smtp.messages()), 2)

        for body, fragment in [
            ({**settings, "port": 0}, "port"),
            ({**settings, "security": "ssl"}, "security: one of none, starttls, tls"),
            ({**settings, "sender": "nobody"}, "sender: an e-mail address"),
            ({**settings, "host": "a b"}, "host:"),
            ({**settings, "caCertificate": "junk"}, "caCertificate"),
            ({**settings, "relay": "x"}, "unknown field \"relay\""),
        ]:
            resp = client.request("PUT", MAIL, body)
            self.assertEqual(resp.status, 400, (body, resp.body))
            self.assertIn(fragment, resp.json()["message"], body)
        resp = client.request("POST", TEST, {"to": "not an address"})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertEqual(client.request("POST", TEST, {"to": "a@b.org"}, csrf=False).status, 403)

        # Back to the right settings, then a restart: the sealed password still opens.
        self.assertEqual(client.request("PUT", MAIL, settings).status, 200)
        manager.stop()
        manager.start()
        client = manager.admin()
        self.assertTrue(client.request("GET", MAIL).json()["passwordSet"])
        self.assertEqual(client.request("POST", TEST, {"to": "ops@example.org"}).status, 200)
        self.assertEqual(len(smtp.wait_for(3)), 3)

        manager.stop()
        for path in glob.glob(os.path.join(manager.data_dir, "**", "*"), recursive=True):
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    self.assertNotIn(SECRET.encode(), f.read(), path)

    def test_implicit_tls_without_authentication(self):
        smtp = self.smtp(mode="tls")
        client = self.manager().admin()
        resp = client.request("PUT", MAIL, {"host": "127.0.0.1", "port": smtp.port,
                                            "security": "tls", "sender": "pw@example.org",
                                            "caCertificate": smtp.ca_pem})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(client.request("POST", TEST, {"to": "ops@example.org"}).status, 200)
        envelope, _ = smtp.wait_for(1)[0]
        self.assertEqual((envelope["tls"], envelope["login"]), (True, None))


if __name__ == "__main__":
    unittest.main()
