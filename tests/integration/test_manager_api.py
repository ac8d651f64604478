"""The Manager's REST API, session security, configuration checks and certificates, against
the real binary."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import ADMIN_PASSWORD, MANAGER_BIN, Manager, PrintwardenTestCase  # noqa: E402


class SessionTest(PrintwardenTestCase):
    def test_login_sets_a_hardened_cookie_and_returns_the_csrf_token(self):
        manager = self.manager()
        client = manager.client()
        resp = client.login("administrator", ADMIN_PASSWORD)
        self.assertEqual(resp.status, 200)
        body = resp.json()
        self.assertEqual(body["user"], {"username": "administrator", "role": "system_manager"})
        self.assertTrue(body["csrfToken"])
        cookie = resp.headers["Set-Cookie"]
        for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
            self.assertIn(flag, cookie)
        self.assertNotIn("Max-Age", cookie)  # a session cookie without "remember me"
        session = client.request("GET", "/api/v1/auth/session")
        self.assertEqual(session.json()["csrfToken"], body["csrfToken"])

        remembered = manager.client().login("administrator", ADMIN_PASSWORD, remember=True)
        self.assertIn("Max-Age=432000", remembered.headers["Set-Cookie"])

    def test_wrong_password_and_unknown_user_look_the_same(self):
        manager = self.manager()
        wrong = manager.client().login("administrator", "Wrong-Password-1")
        unknown = manager.client().login("nobody", ADMIN_PASSWORD)
        self.assertEqual(wrong.status, 401)
        self.assertEqual(unknown.status, 401)
        self.assertEqual(wrong.json(), unknown.json())
        self.assertEqual(wrong.json()["code"], "invalid_credentials")

    def test_state_changes_need_the_csrf_token(self):
        manager = self.manager()
        client = manager.admin()
        resp = client.request("POST", "/api/v1/agents", {"name": "x"}, csrf=False)
        self.assertEqual(resp.status, 403)
        self.assertEqual(resp.json()["code"], "csrf_token_invalid")
        resp = client.request("POST", "/api/v1/agents", {"name": "x"}, headers={"X-CSRF-Token": "forged"}, csrf=False)
        self.assertEqual(resp.status, 403)
        self.assertEqual(client.request("GET", "/api/v1/agents").json()["items"], [])  # nothing changed
        self.assertEqual(client.request("POST", "/api/v1/agents", {"name": "x"}).status, 201)

    def test_logout_ends_the_session(self):
        manager = self.manager()
        client = manager.admin()
        self.assertEqual(client.request("POST", "/api/v1/auth/logout", {}).status, 204)
        resp = client.request("GET", "/api/v1/agents")
        self.assertEqual(resp.status, 401)
        self.assertEqual(resp.json()["code"], "unauthenticated")

    def test_unauthenticated_requests_get_json_401(self):
        manager = self.manager()
        for method, path in [("GET", "/api/v1/agents"), ("POST", "/api/v1/agents"),
                             ("GET", "/api/v1/auth/session")]:
            resp = manager.client().request(method, path, {} if method == "POST" else None)
            self.assertEqual(resp.status, 401, path)
            self.assertEqual(resp.headers["Content-Type"], "application/json")


class RequestValidationTest(PrintwardenTestCase):
    def test_bad_bodies_get_clear_errors_and_change_nothing(self):
        manager = self.manager()
        client = manager.admin()
        cases = [
            (dict(raw=b"{\"name\":", headers={"Content-Type": "application/json"}), 400, "invalid_json"),
            (dict(raw=b"[1]", headers={"Content-Type": "application/json"}), 400, "invalid_json"),
            (dict(raw=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}), 415,
             "unsupported_media_type"),
            (dict(body={"name": 5}), 400, "invalid_input"),
            (dict(body={"name": ""}), 400, "invalid_input"),
            (dict(body={"name": "a" * 65}), 400, "invalid_input"),
            (dict(body={"name": "ok", "local": "yes"}), 400, "invalid_input"),
        ]
        for kwargs, status, code in cases:
            resp = client.request("POST", "/api/v1/agents", **kwargs)
            self.assertEqual(resp.status, status, kwargs)
            self.assertEqual(resp.json()["code"], code, kwargs)
            self.assertTrue(resp.json()["message"])
        self.assertEqual(client.request("GET", "/api/v1/agents").json()["items"], [])
        client.create_agent("dup")
        self.assertEqual(client.request("POST", "/api/v1/agents", {"name": "DUP"}).status, 409)
        self.assertEqual(client.request("GET", "/api/v1/agents/abc").status, 400)
        self.assertEqual(client.request("GET", "/api/v1/agents/999").status, 404)
        self.assertEqual(client.request("PUT", "/api/v1/agents", {}).status, 405)
        self.assertEqual(client.request("GET", "/api/v1/nothing").status, 404)

    def test_enrolment_refuses_bad_keys_and_requests(self):
        manager = self.manager()
        client = manager.client()
        resp = client.request("POST", "/api/v1/agent-enrollment", {"activationKey": "pwa1.x.y", "csr": "x",
                                                                    "hostname": "h", "agentVersion": "1"})
        self.assertEqual(resp.status, 401)
        self.assertEqual(resp.json()["code"], "invalid_activation_key")
        resp = client.request("POST", "/api/v1/agent-enrollment", {"activationKey": "k"})
        self.assertEqual(resp.status, 400)
        self.assertIn("csr", resp.json()["message"])

    def test_openapi_document_is_served(self):
        manager = self.manager()
        doc = manager.client().request("GET", "/api/v1/openapi.json").json()
        self.assertTrue(doc["openapi"].startswith("3."))
        self.assertIn("/api/v1/agents", doc["paths"])


class StaticFilesTest(PrintwardenTestCase):
    def test_serves_the_console_and_falls_back_to_index_for_app_routes(self):
        root = os.path.join(self.workdir, "dist")
        os.makedirs(os.path.join(root, "assets"))
        with open(os.path.join(root, "index.html"), "w") as f:
            f.write("<html>console</html>")
        with open(os.path.join(root, "assets", "app-1234.js"), "w") as f:
            f.write("console.log(1)")
        with open(os.path.join(self.workdir, "secret.txt"), "w") as f:
            f.write("outside")
        manager = self.manager({"web_root": root})
        client = manager.client()
        self.assertEqual(client.request("GET", "/").body, b"<html>console</html>")
        self.assertEqual(client.request("GET", "/system/agents").body, b"<html>console</html>")
        asset = client.request("GET", "/assets/app-1234.js")
        self.assertEqual(asset.headers["Content-Type"], "text/javascript; charset=utf-8")
        self.assertIn("immutable", asset.headers["Cache-Control"])
        self.assertEqual(client.request("GET", "/assets/missing.js").status, 404)
        r = self.run_tool(["curl", "-sS", "--path-as-is", "--cacert", manager.ca_path,
                           manager.url + "/assets/../../secret.txt"])
        self.assertNotIn(b"outside", r.stdout)
        r = self.run_tool(["curl", "-sS", "--path-as-is", "--cacert", manager.ca_path,
                           manager.url + "/%2e%2e/secret.txt"])
        self.assertNotIn(b"outside", r.stdout)


class StartupTest(PrintwardenTestCase):
    def start_expecting_failure(self, config, extra_args=(), password=ADMIN_PASSWORD):
        manager = Manager(self.workdir, config)
        with open(manager.config_path, "w") as f:
            json.dump(manager.config, f)
        with open(manager.password_path, "w") as f:
            f.write(password)
        r = subprocess.run([MANAGER_BIN, "--data-dir", manager.data_dir, "--config", manager.config_path,
                            "--admin-password-file", manager.password_path, *extra_args],
                           capture_output=True, timeout=60)
        return r.returncode, r.stderr.decode()

    def test_configuration_errors_name_the_key(self):
        code, err = self.start_expecting_failure({"listen": "127.0.0.1:0", "lisen": "x"})
        self.assertEqual(code, 1)
        self.assertIn("unknown key(s): lisen", err)
        code, err = self.start_expecting_failure({"session_idle_minutes": 0})
        self.assertIn("session_idle_minutes: 0 is below 1", err)
        code, err = self.start_expecting_failure({"listen": "127.0.0.1:99999"})
        self.assertIn("listen", err)
        self.assertIn("99999", err)
        code, err = self.start_expecting_failure({"time_zone": "Mars/Olympus_Mons"})
        self.assertEqual(code, 1)
        self.assertIn('time_zone "Mars/Olympus_Mons" is not an IANA time zone', err)

    def test_malformed_config_file_is_refused(self):
        path = os.path.join(self.workdir, "broken.json")
        with open(path, "w") as f:
            f.write("{\"listen\": ")
        r = subprocess.run([MANAGER_BIN, "--data-dir", os.path.join(self.workdir, "d"), "--config", path],
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not valid JSON", r.stderr.decode())

    def test_weak_administrator_password_is_refused(self):
        code, err = self.start_expecting_failure({"listen": "127.0.0.1:0", "agent_listen": "127.0.0.1:0"},
                                                 password="short")
        self.assertEqual(code, 1)
        self.assertIn("administrator password rejected", err)

    def test_generated_administrator_password_is_printed_once(self):
        data_dir = os.path.join(self.workdir, "gen")
        config = os.path.join(self.workdir, "gen.json")
        with open(config, "w") as f:
            json.dump({"listen": "127.0.0.1:0", "agent_listen": "127.0.0.1:0"}, f)
        env = {k: v for k, v in os.environ.items() if k != "PRINTWARDEN_ADMIN_PASSWORD"}
        for run in range(2):
            proc = subprocess.Popen([MANAGER_BIN, "--data-dir", data_dir, "--config", config],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            lines = []
            for line in proc.stdout:
                lines.append(line.decode())
                if "Agent channel" in line.decode():
                    break
            # Read what follows the banner until the process flushes it all.
            proc.terminate()
            rest = proc.stdout.read().decode()
            proc.wait(10)
            output = "".join(lines) + rest
            if run == 0:
                self.assertIn("one-time password", output)
                password = output.split("one-time password: ")[1].split()[0]
            else:
                self.assertNotIn("one-time password", output)
        m = Manager(self.workdir, name="gen")
        m.data_dir = data_dir
        with open(config) as f:
            m.config = json.load(f)
        m.start()
        self._stoppables.append(m)
        self.assertEqual(m.client().login("administrator", password).status, 200)
        with open(os.path.join(data_dir, "logs", "manager.log")) as f:
            self.assertNotIn(password, f.read())


class ConfiguredCertificateTest(PrintwardenTestCase):
    def make_certificate(self):
        key = os.path.join(self.workdir, "own.key")
        cert = os.path.join(self.workdir, "own.crt")
        r = self.run_tool(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=console.test",
                           "-addext", "subjectAltName=DNS:console.test,IP:127.0.0.1"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return key, cert

    def served_certificate_subject(self, manager):
        r = self.run_tool(["openssl", "s_client", "-connect", f"127.0.0.1:{manager.port}"], b"")
        return self.run_tool(["openssl", "x509", "-noout", "-subject"], r.stdout).stdout.decode()

    def test_pem_certificate_replaces_the_generated_one(self):
        key, cert = self.make_certificate()
        manager = self.manager({"tls_certificate_file": cert, "tls_private_key_file": key})
        self.assertIn("console.test", self.served_certificate_subject(manager))
        r = self.run_tool(["curl", "-sS", "--cacert", cert, manager.url + "/api/v1/health"])
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_pkcs12_certificate_and_wrong_password(self):
        key, cert = self.make_certificate()
        p12 = os.path.join(self.workdir, "own.p12")
        self.assertEqual(self.run_tool(["openssl", "pkcs12", "-export", "-in", cert, "-inkey", key, "-out", p12,
                                        "-passout", "pass:p12-secret"]).returncode, 0)
        pw = os.path.join(self.workdir, "p12.pw")
        with open(pw, "w") as f:
            f.write("p12-secret\n")
        manager = self.manager({"tls_pkcs12_file": p12, "tls_pkcs12_password_file": pw})
        self.assertIn("console.test", self.served_certificate_subject(manager))
        manager.stop()

        with open(pw, "w") as f:
            f.write("wrong")
        code, err = StartupTest.start_expecting_failure(
            self, {"listen": "127.0.0.1:0", "agent_listen": "127.0.0.1:0", "tls_pkcs12_file": p12,
                   "tls_pkcs12_password_file": pw})
        self.assertEqual(code, 1)
        self.assertIn("own.p12", err)


if __name__ == "__main__":
    unittest.main()
