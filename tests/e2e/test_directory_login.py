"""Directory sign-in against real peers started by the test on loopback: OpenLDAP's slapd
(LDAPS and StartTLS with a test CA, users and groups loaded with ldapadd) and an MIT KDC
(realm made with kdb5_util, HTTP/localhost keytab, tickets from kinit, curl --negotiate).
"""
import os
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from directory_peers import (BASE_DN, REALM, SERVICE_DN, SERVICE_PASSWORD, USERS, Kdc,  # noqa: E402
                             Slapd)
from printwarden import PrintwardenTestCase  # noqa: E402


def ldap_settings(slapd, **overrides):
    ldap = {"enabled": True, "host": "127.0.0.1", "port": slapd.ldaps_port, "security": "ldaps",
            "caFile": slapd.ca.cert, "baseDn": BASE_DN, "domain": "EXAMPLE",
            "serviceBindDn": SERVICE_DN, "servicePassword": SERVICE_PASSWORD,
            "groupAttribute": "memberOf", **overrides}
    return ldap


class DirectoryLoginTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        self.slapd = Slapd(self.workdir)
        self._stoppables.append(self.slapd)
        self.manager_ = self.manager()
        self.admin = self.manager_.admin()
        paris = self.admin.request("POST", "/api/v1/regions",
                                   {"name": "Paris", "timeZone": "Europe/Paris", "rules": []})
        self.assertEqual(paris.status, 201, paris.body)
        self.paris = paris.json()["id"]

    def settings(self, **ldap):
        return {"ldap": ldap_settings(self.slapd, **ldap),
                "roleMappings": [
                    {"groups": ["Printer Admins"], "role": "system_manager"},
                    {"groups": ["Fleet Operators", "Helpdesk"], "role": "device_manager",
                     "grants": ["devices", "reports"]}],
                "regionsFromGroups": True,
                "regionMappings": [{"regionId": self.paris, "groups": ["Paris"]}]}

    def save(self, body, status=200):
        resp = self.admin.request("PUT", "/api/v1/settings/directory", body)
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def login(self, username, password):
        client = self.manager_.client()
        return client, client.login(username, password)

    def user_row(self, username):
        db = sqlite3.connect(os.path.join(self.manager_.data_dir, "manager.db"))
        try:
            row = db.execute("SELECT id, role, grants, source, password_hash FROM users "
                             "WHERE username = ?", (username,)).fetchone()
            regions = [r for (r,) in db.execute(
                "SELECT region_id FROM user_regions WHERE user_id = ?", (row[0],))] if row else []
            return row, regions
        finally:
            db.close()

    def test_ldaps_login_with_down_level_name_and_upn_maps_role_and_regions(self):
        saved = self.save(self.settings())
        self.assertTrue(saved["ldap"]["servicePasswordSet"])
        self.assertNotIn("servicePassword", saved["ldap"])

        client, resp = self.login("EXAMPLE\\alice", USERS["alice"][0])
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["user"], {"username": "EXAMPLE\\alice",
                                               "role": "system_manager"})
        session = client.request("GET", "/api/v1/auth/session")
        self.assertEqual(session.status, 200)
        row, regions = self.user_row("EXAMPLE\\alice")
        self.assertEqual((row[1], row[3], row[4]), ("system_manager", "ldap", ""))
        self.assertEqual(regions, [])

        _, resp = self.login("bob@example.test", USERS["bob"][0])
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["user"]["role"], "device_manager")
        row, regions = self.user_row("bob@example.test")
        self.assertEqual(row[2], 0b1001)  # devices + reports
        self.assertEqual(regions, [self.paris])

        # A plain name is the down-level one in the configured domain.
        _, resp = self.login("alice", USERS["alice"][0])
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["user"]["username"], "EXAMPLE\\alice")

        # The mapping is evaluated again at every sign-in.
        changed = self.settings()
        changed["roleMappings"] = [{"groups": ["Fleet Operators"], "role": "user"}]
        changed["regionsFromGroups"] = False
        self.save(changed)
        _, resp = self.login("bob@example.test", USERS["bob"][0])
        self.assertEqual(resp.json()["user"]["role"], "user")
        row, regions = self.user_row("bob@example.test")
        self.assertEqual((row[1], row[2], regions), ("user", 0, []))
        _, resp = self.login("EXAMPLE\\alice", USERS["alice"][0])
        self.assertEqual(resp.status, 401, resp.body)

    def test_starttls_and_bind_dn_template(self):
        self.save(self.settings(port=self.slapd.ldap_port, security="starttls"))
        _, resp = self.login("EXAMPLE\\bob", USERS["bob"][0])
        self.assertEqual(resp.status, 200, resp.body)

        # Without a service account: bind with a DN made from the name, groups read as the user.
        template = self.settings(port=self.slapd.ldap_port, security="starttls",
                                 serviceBindDn="", servicePassword="",
                                 bindDnTemplate="uid={user},ou=people," + BASE_DN)
        self.assertFalse(self.save(template)["ldap"]["servicePasswordSet"])
        _, resp = self.login("alice", USERS["alice"][0])
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["user"]["role"], "system_manager")
        _, resp = self.login("alice", "wrong")
        self.assertEqual(resp.status, 401)

    def test_refusals_answer_alike_and_are_explained_in_the_log(self):
        self.save(self.settings())
        expected = {"code": "invalid_credentials",
                    "message": "The user name or password is incorrect."}
        for name, password in [("EXAMPLE\\alice", "wrong"), ("EXAMPLE\\alice", ""),
                               ("EXAMPLE\\nobody", "x"), ("OTHER\\alice", USERS["alice"][0]),
                               ("EXAMPLE\\carol", USERS["carol"][0])]:
            _, resp = self.login(name, password)
            self.assertEqual((resp.status, resp.json()), (401, expected), name)
        log = self.manager_log()
        self.assertIn("directory sign-in refused for EXAMPLE\\carol: no role mapping matches its "
                      "groups [cn=Visitors,ou=groups,dc=example,dc=test]", log)
        self.assertIn("directory sign-in refused for OTHER\\alice: the domain is not EXAMPLE", log)
        row, _ = self.user_row("EXAMPLE\\carol")
        self.assertIsNone(row)
        # The local administrator is never taken over by a directory user of the same name.
        _, resp = self.login("administrator", "Integration-Pass-1")
        self.assertEqual(resp.status, 200)

    def test_certificate_is_checked_against_the_configured_ca(self):
        self.save(self.settings(caFile=self.slapd.other_ca.cert))
        _, resp = self.login("EXAMPLE\\alice", USERS["alice"][0])
        self.assertEqual(resp.status, 401)
        self.save(self.settings(caFile=self.slapd.other_ca.cert, security="starttls",
                                port=self.slapd.ldap_port))
        _, resp = self.login("EXAMPLE\\alice", USERS["alice"][0])
        self.assertEqual(resp.status, 401)
        report = self.connection_test(self.settings(caFile=self.slapd.other_ca.cert))
        self.assertFalse(report["ok"])
        self.assertEqual(report["steps"][0]["code"], "directory_tls_failed")

    def test_connection_test_reports_bind_and_mapping_without_secrets(self):
        stored = self.settings()
        self.save(stored)
        without_password = self.settings()
        del without_password["ldap"]["servicePassword"]  # the stored one is used
        report = self.connection_test(without_password, "bob@example.test")
        self.assertTrue(report["ok"], report)
        self.assertEqual([s["step"] for s in report["steps"]], ["connect", "lookup"])
        self.assertEqual(report["user"]["dn"], "uid=bob,ou=people," + BASE_DN)
        self.assertEqual(report["access"], {"role": "device_manager",
                                            "grants": ["devices", "reports"],
                                            "regionIds": [self.paris], "roleMapping": 1,
                                            "matchedGroup": "Fleet Operators"})
        report = self.connection_test(without_password, "carol")
        self.assertIsNone(report["access"])
        report = self.connection_test(self.settings(servicePassword="wrong"))
        self.assertEqual(report["steps"][0]["code"], "directory_bind_failed")
        self.assertNotIn("wrong", str(report))
        dead = self.settings(port=1)
        self.assertEqual(self.connection_test(dead)["steps"][0]["code"], "directory_unreachable")

        got = self.admin.request("GET", "/api/v1/settings/directory")
        self.assertNotIn(SERVICE_PASSWORD, got.body.decode())
        with open(os.path.join(self.manager_.data_dir, "manager.db"), "rb") as f:
            self.assertNotIn(SERVICE_PASSWORD.encode(), f.read())
        self.assertNotIn(SERVICE_PASSWORD, self.manager_log())

    def test_validation_names_the_field(self):
        for body, field in [
                (self.settings(security="plain"), "ldap.security"),
                (self.settings(port="389"), "ldap.port"),
                (self.settings(caFile=""), "ldap.caFile"),
                ({**self.settings(), "roleMappings": [{"groups": [], "role": "user"}]},
                 "roleMappings[0].groups"),
                ({**self.settings(), "roleMappings": [{"groups": ["x"], "role": "boss"}]},
                 "roleMappings[0].role"),
                ({**self.settings(), "regionMappings": [{"regionId": 999, "groups": ["x"]}]},
                 "regionMappings[0].regionId")]:
            resp = self.admin.request("PUT", "/api/v1/settings/directory", body)
            self.assertEqual(resp.status, 400, resp.body)
            self.assertTrue(resp.json()["message"].startswith(field), resp.body)
        # Plain LDAP only when explicitly allowed.
        self.save(self.settings(security="plain", allowPlain=True, port=self.slapd.ldap_port))
        _, resp = self.login("EXAMPLE\\alice", USERS["alice"][0])
        self.assertEqual(resp.status, 200, resp.body)

    def connection_test(self, settings, username=None):
        body = {"settings": settings, **({"username": username} if username else {})}
        resp = self.admin.request("POST", "/api/v1/settings/directory/test", body)
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def manager_log(self):
        with open(os.path.join(self.manager_.data_dir, "logs", "manager.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")


class KerberosLoginTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        self.kdc = Kdc(self.workdir)
        self._stoppables.append(self.kdc)
        # The Manager's GSSAPI reads the test's krb5.conf (realm) and no shared replay cache.
        os.environ.update({k: v for k, v in self.kdc.env.items() if k != "KRB5CCNAME"})
        self.manager_ = self.manager()
        self.admin = self.manager_.admin()

    def tearDown(self):
        for key in self.kdc.env:
            os.environ.pop(key, None)
        super().tearDown()

    def curl(self, *args):
        url = f"https://localhost:{self.manager_.port}/api/v1/auth/negotiate"
        result = subprocess.run(
            ["curl", "-sS", "--cacert", self.manager_.ca_path, "-D", "-", *args, url],
            capture_output=True, timeout=60, env={**os.environ, **self.kdc.env})
        self.assertEqual(result.returncode, 0, result.stderr)
        head, _, body = result.stdout.decode().partition("\r\n\r\n")
        while head.startswith("HTTP/1.1 401") and "\r\n\r\n" in body and body.startswith("HTTP/"):
            head, _, body = body.partition("\r\n\r\n")  # curl --negotiate's first round trip
        return head, body

    def enable(self, principal_groups):
        resp = self.admin.request("PUT", "/api/v1/settings/directory", {
            "kerberos": {"enabled": True, "keytab": self.kdc.keytab,
                         "servicePrincipal": f"HTTP/localhost@{REALM}",
                         "principalGroups": principal_groups},
            "roleMappings": [{"groups": ["Printer Admins"], "role": "system_manager"}]})
        self.assertEqual(resp.status, 200, resp.body)

    def test_negotiate_with_a_ticket_starts_a_session(self):
        head, _ = self.curl()
        self.assertIn("404", head.split("\r\n")[0])  # not enabled yet
        self.enable([{"principal": f"alice@{REALM}", "groups": ["Printer Admins"]}])
        self.assertEqual(self.manager_.client().request("GET", "/api/v1/auth/options").json(),
                         {"kerberos": True})

        head, _ = self.curl()
        self.assertTrue(head.startswith("HTTP/1.1 401"), head)
        self.assertIn("WWW-Authenticate: Negotiate", head)
        head, _ = self.curl("-H", "Authorization: Negotiate YWJjZA==")
        self.assertTrue(head.startswith("HTTP/1.1 401"), head)

        self.kdc.get_ticket("alice")
        jar = os.path.join(self.workdir, "cookies.txt")
        head, body = self.curl("--negotiate", "-u", ":", "-c", jar)
        self.assertTrue(head.startswith("HTTP/1.1 200"), head + body)
        self.assertIn('"username":"alice@EXAMPLE.TEST"', body)
        self.assertIn('"role":"system_manager"', body)
        session = subprocess.run(
            ["curl", "-sS", "--cacert", self.manager_.ca_path, "-b", jar, "-o", "/dev/null",
             "-w", "%{http_code}", f"https://localhost:{self.manager_.port}/api/v1/auth/session"],
            capture_output=True, timeout=60)
        self.assertEqual(session.stdout, b"200")

        # A principal without a mapped group gets no session.
        self.kdc.get_ticket("bob")
        head, _ = self.curl("--negotiate", "-u", ":")
        self.assertTrue(head.startswith("HTTP/1.1 401"), head)


if __name__ == "__main__":
    unittest.main()
