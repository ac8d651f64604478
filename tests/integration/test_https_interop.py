"""HTTPS interoperability with independent peers: curl and openssl s_client against the
Manager's console listener and its mutual-TLS Agent channel.

The Agent channel must accept a client certificate issued by the Manager's CA to a live
Agent, and refuse none, another CA's, an expired and a revoked one.
"""
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

REQUEST = b"GET /agent/v1/commands?waitSeconds=0 HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n"


class HttpsInteropTest(PrintwardenTestCase):
    def openssl(self, *args, input_bytes=None):
        result = self.run_tool(["openssl", *args], input_bytes)
        return result

    def make_key_and_csr(self, name):
        key = os.path.join(self.workdir, name + ".key")
        csr = os.path.join(self.workdir, name + ".csr")
        r = self.openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=" + name)
        self.assertEqual(r.returncode, 0, r.stderr)
        return key, csr

    def enroll_with_curl(self, manager, key_text):
        """An Agent enrolment done by hand with openssl + curl: the protocol is plain HTTPS."""
        key, csr = self.make_key_and_csr("agent")
        with open(csr) as f:
            body = json.dumps({"activationKey": key_text, "csr": f.read(), "hostname": "curl-host",
                               "agentVersion": "0.1.0"})
        r = self.run_tool(["curl", "-sS", "--cacert", manager.ca_path, "-H", "Content-Type: application/json",
                           "--data-binary", "@-", manager.url + "/api/v1/agent-enrollment"], body.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        response = json.loads(r.stdout)
        cert = os.path.join(self.workdir, "agent.crt")
        with open(cert, "w") as f:
            f.write(response["certificate"])
        return key, cert, response["agentId"]

    def s_client(self, manager, cert=None, key=None):
        args = ["s_client", "-quiet", "-connect", f"127.0.0.1:{manager.agent_port}",
                "-CAfile", manager.ca_path, "-verify_hostname", "printwarden-manager", "-verify_return_error"]
        if cert:
            args += ["-cert", cert, "-key", key]
        return self.openssl(*args, input_bytes=REQUEST)

    def curl_agent_channel(self, manager, cert=None, key=None):
        args = ["curl", "-sS", "--cacert", manager.ca_path, "--resolve",
                f"printwarden-manager:{manager.agent_port}:127.0.0.1"]
        if cert:
            args += ["--cert", cert, "--key", key]
        return self.run_tool(args + [f"https://printwarden-manager:{manager.agent_port}/agent/v1/commands?waitSeconds=0"])

    def assertAccepted(self, manager, cert, key):
        r = self.s_client(manager, cert, key)
        self.assertIn(b'{"commands":[]}', r.stdout, r.stderr)
        r = self.curl_agent_channel(manager, cert, key)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"commands": []})

    def assertRefused(self, manager, cert, key):
        r = self.s_client(manager, cert, key)
        self.assertNotIn(b"commands", r.stdout)
        r = self.curl_agent_channel(manager, cert, key)
        self.assertNotEqual(r.returncode, 0, r.stdout)

    def test_console_listener_with_curl(self):
        manager = self.manager()
        r = self.run_tool(["curl", "-sS", "-D", "-", "--cacert", manager.ca_path, manager.url + "/api/v1/health"])
        self.assertEqual(r.returncode, 0, r.stderr)
        head, body = r.stdout.decode().split("\r\n\r\n", 1)
        self.assertEqual(json.loads(body), {"status": "ok", "version": "0.1.0"})
        lower = head.lower()
        for header in ["strict-transport-security", "content-security-policy", "x-frame-options: deny",
                       "x-content-type-options: nosniff"]:
            self.assertIn(header, lower)
        # The generated certificate names localhost too.
        r = self.run_tool(["curl", "-sS", "--cacert", manager.ca_path,
                           f"https://localhost:{manager.port}/api/v1/health"])
        self.assertEqual(r.returncode, 0, r.stderr)
        # TLS 1.1 and below are refused.
        r = self.run_tool(["curl", "-sS", "--cacert", manager.ca_path, "--tls-max", "1.1",
                           manager.url + "/api/v1/health"])
        self.assertNotEqual(r.returncode, 0)
        # An oversized body is refused with 413 and a JSON problem.
        big = b"{" + b" " * (1024 * 1024 + 10) + b"}"
        r = self.run_tool(["curl", "-sS", "-o", "-", "-w", "%{http_code}", "--cacert", manager.ca_path,
                           "-H", "Content-Type: application/json", "--data-binary", "@-",
                           manager.url + "/api/v1/auth/login"], big)
        self.assertTrue(r.stdout.endswith(b"413"), r.stdout[-200:])

    def test_console_listener_with_openssl_s_client(self):
        manager = self.manager()
        r = self.openssl("s_client", "-quiet", "-connect", f"127.0.0.1:{manager.port}", "-CAfile", manager.ca_path,
                         "-verify_return_error",
                         input_bytes=b"GET /api/v1/health HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n")
        self.assertIn(b'"status":"ok"', r.stdout, r.stderr)
        r = self.openssl("s_client", "-connect", f"127.0.0.1:{manager.port}", "-tls1_1", input_bytes=b"")
        self.assertNotEqual(r.returncode, 0)

    def test_agent_channel_accepts_only_live_agent_certificates(self):
        manager = self.manager()
        admin = manager.admin()
        created = admin.create_agent("curl-agent")
        key, cert, agent_id = self.enroll_with_curl(manager, created["activationKey"])

        self.assertAccepted(manager, cert, key)
        self.assertRefused(manager, None, None)  # no client certificate

        # A certificate from another CA, with the same subject.
        other_key = os.path.join(self.workdir, "other-ca.key")
        other_ca = os.path.join(self.workdir, "other-ca.crt")
        self.assertEqual(self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                      "-nodes", "-keyout", other_key, "-out", other_ca, "-days", "30",
                                      "-subj", "/CN=Other CA").returncode, 0)
        k2, csr2 = self.make_key_and_csr("agent-" + str(agent_id))
        foreign = os.path.join(self.workdir, "foreign.crt")
        self.assertEqual(self.openssl("x509", "-req", "-in", csr2, "-CA", other_ca, "-CAkey", other_key,
                                      "-CAcreateserial", "-out", foreign, "-days", "30").returncode, 0)
        self.assertRefused(manager, foreign, k2)

        # Revoked: the Agent is deleted, its certificate is refused from then on.
        self.assertEqual(admin.request("DELETE", f"/api/v1/agents/{agent_id}").status, 204)
        self.assertRefused(manager, cert, key)

    def test_agent_channel_refuses_an_expired_certificate(self):
        # Sign two certificates with the Manager's own CA key (test-only access to its data
        # directory) and register both for a live Agent: one valid, one expired. Only the
        # expiry differs, so the refusal can only come from the expiry check.
        manager = self.manager()
        admin = manager.admin()
        agent_id = admin.create_agent("expiring")["agent"]["id"]
        manager.stop()

        ca_dir = os.path.join(self.workdir, "ca")
        os.makedirs(os.path.join(ca_dir, "new"))
        open(os.path.join(ca_dir, "index.txt"), "w").close()
        with open(os.path.join(ca_dir, "serial"), "w") as f:
            f.write("01\n")
        config = os.path.join(ca_dir, "ca.cnf")
        with open(config, "w") as f:
            f.write(textwrap.dedent(f"""\
                [ca]
                default_ca = test
                [test]
                dir = {ca_dir}
                database = {ca_dir}/index.txt
                serial = {ca_dir}/serial
                new_certs_dir = {ca_dir}/new
                certificate = {manager.data_dir}/pki/ca.crt
                private_key = {manager.data_dir}/pki/ca.key
                default_md = sha256
                policy = any
                x509_extensions = client
                unique_subject = no
                [any]
                commonName = supplied
                [client]
                basicConstraints = CA:FALSE
                extendedKeyUsage = clientAuth
                """))

        def issue(name, start, end):
            key, csr = self.make_key_and_csr(name)
            cert = os.path.join(self.workdir, name + ".crt")
            r = self.openssl("ca", "-batch", "-config", config, "-in", csr, "-out", cert, "-notext",
                             "-startdate", start, "-enddate", end, "-rand_serial")
            self.assertEqual(r.returncode, 0, r.stderr)
            serial = self.openssl("x509", "-in", cert, "-noout", "-serial").stdout.decode().strip().split("=")[1]
            fingerprint = self.openssl("x509", "-in", cert, "-noout", "-fingerprint", "-sha256").stdout.decode()
            fingerprint = fingerprint.strip().split("=")[1].replace(":", "").lower()
            return key, cert, serial.lower().lstrip("0"), fingerprint

        valid = issue("valid", "20200101000000Z", "20991231000000Z")
        expired = issue("expired", "20200101000000Z", "20200102000000Z")
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            db.execute("UPDATE agents SET state='active', activation_key_hash=NULL, activation_key_sealed=NULL "
                       "WHERE id=?", (agent_id,))
            for _, _, serial, fingerprint in (valid, expired):
                db.execute("INSERT INTO agent_certificates (serial_hex, agent_id, fingerprint, issued_at, "
                           "expires_at) VALUES (?, ?, ?, 0, 4102444800)", (serial, agent_id, fingerprint))
        db.close()
        manager.start()

        self.assertAccepted(manager, valid[1], valid[0])
        self.assertRefused(manager, expired[1], expired[0])


if __name__ == "__main__":
    unittest.main()
