"""The credential store's REST API against the real binary: create, list, edit, reorder and
delete; secrets never in a response, a log line or the database file; 400s naming the field;
a restart keeps everything and can still decrypt it.
"""
import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

COMMUNITY = "canary-community-5150"
AUTH_KEY = "canary-authkey-8086"
PRIV_KEY = "canary-privkey-6502"
NEW_AUTH_KEY = "canary-authkey-z80z"
PASSWORD = "canary-password-1984"
SECRETS = [COMMUNITY, AUTH_KEY, PRIV_KEY, NEW_AUTH_KEY, PASSWORD]


class CredentialsApiTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        self.responses = []  # every body the Manager sent, to look for secrets at the end

    def call(self, client, method, path, body=None, status=None):
        resp = client.request(method, path, body)
        self.responses.append(resp.body)
        if status is not None:
            self.assertEqual(resp.status, status, resp.body)
        return resp

    def assertProblem(self, resp, status, code, mentions):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code)
        self.assertIn(mentions, body["message"])

    def assertNoSecretIn(self, blob, where):
        for secret in SECRETS:
            self.assertNotIn(secret.encode(), blob, f"{secret} found in {where}")

    def v3_body(self, agent_ids):
        return {"kind": "snmpv3", "description": "Site A v3", "access": "readWrite",
                "agentIds": agent_ids,
                "fields": {"username": "monitor", "securityLevel": "authPriv",
                           "authProtocol": "SHA-256", "authKey": AUTH_KEY,
                           "privProtocol": "AES", "privKey": PRIV_KEY, "contextName": ""}}

    def test_lifecycle_without_a_secret_leaving_the_manager(self):
        manager = self.manager()
        client = manager.admin()
        berlin = client.create_agent("Berlin")["agent"]["id"]
        paris = client.create_agent("Paris")["agent"]["id"]

        v3 = self.call(client, "POST", "/api/v1/credentials", self.v3_body([paris, berlin]), 201).json()
        self.assertEqual(v3["kind"], "snmpv3")
        self.assertEqual(v3["access"], "readWrite")
        self.assertEqual(v3["agentIds"], sorted([berlin, paris]))
        self.assertEqual(v3["position"], 0)
        self.assertEqual(v3["secretsSet"], ["authKey", "privKey"])
        self.assertEqual(v3["fields"], {"username": "monitor", "securityLevel": "authPriv",
                                        "authProtocol": "SHA-256", "privProtocol": "AES",
                                        "contextName": ""})
        self.assertTrue(v3["createdAt"].endswith("Z"))
        first = self.call(client, "POST", "/api/v1/credentials",
                          {"kind": "snmpv1", "agentIds": [berlin],
                           "fields": {"version": "v2c", "community": COMMUNITY}}, 201).json()
        second = self.call(client, "POST", "/api/v1/credentials",
                           {"kind": "snmpv1", "fields": {"version": "v1", "community": "public"}},
                           201).json()
        self.assertEqual((first["position"], second["position"]), (0, 1))
        self.assertEqual(first["access"], "read")
        password = self.call(client, "POST", "/api/v1/credentials",
                             {"kind": "password", "fields": {"password": PASSWORD}}, 201).json()

        items = self.call(client, "GET", "/api/v1/credentials", status=200).json()["items"]
        self.assertEqual([c["id"] for c in items], [first["id"], second["id"], v3["id"], password["id"]])
        only_v1 = self.call(client, "GET", "/api/v1/credentials?kind=snmpv1", status=200).json()
        self.assertEqual([c["id"] for c in only_v1["items"]], [first["id"], second["id"]])

        reordered = self.call(client, "PUT", "/api/v1/credentials/order",
                              {"kind": "snmpv1", "ids": [second["id"], first["id"]]}, 200).json()
        self.assertEqual([(c["id"], c["position"]) for c in reordered["items"]],
                         [(second["id"], 0), (first["id"], 1)])
        self.assertProblem(self.call(client, "PUT", "/api/v1/credentials/order",
                                     {"kind": "snmpv1", "ids": [second["id"]]}),
                           400, "invalid_input", "ids must list every snmpv1 credential")

        edited = self.call(client, "PATCH", f"/api/v1/credentials/{v3['id']}",
                           {"fields": {"authKey": NEW_AUTH_KEY}, "agentIds": [berlin]}, 200).json()
        self.assertEqual(edited["agentIds"], [berlin])
        self.assertEqual(edited["secretsSet"], ["authKey", "privKey"])

        # Deleting an Agent drops its associations, not the credentials.
        self.call(client, "DELETE", f"/api/v1/agents/{berlin}", status=204)
        self.assertEqual(self.call(client, "GET", f"/api/v1/credentials/{v3['id']}", status=200)
                         .json()["agentIds"], [])

        self.call(client, "DELETE", f"/api/v1/credentials/{second['id']}", status=204)
        self.assertEqual(self.call(client, "GET", f"/api/v1/credentials/{first['id']}", status=200)
                         .json()["position"], 0)
        self.assertProblem(self.call(client, "DELETE", f"/api/v1/credentials/{second['id']}"),
                           404, "not_found", "does not exist")

        # A restart reads everything back; an edit that keeps the stored privKey has to decrypt
        # it, and fails with credential_unreadable if it cannot.
        manager.stop()
        manager.start()
        client = manager.admin()
        after = self.call(client, "GET", "/api/v1/credentials", status=200).json()["items"]
        self.assertEqual([c["id"] for c in after], [first["id"], v3["id"], password["id"]])
        self.call(client, "PATCH", f"/api/v1/credentials/{v3['id']}",
                  {"fields": {"authKey": AUTH_KEY}}, 200)
        manager.stop()

        for body in self.responses:
            self.assertNoSecretIn(body, "a response")
        for path in glob.glob(os.path.join(manager.data_dir, "logs", "*")) + [
                os.path.join(self.workdir, "manager-output.log")]:
            with open(path, "rb") as f:
                self.assertNoSecretIn(f.read(), path)
        for path in glob.glob(os.path.join(manager.data_dir, "manager.db*")):
            with open(path, "rb") as f:
                self.assertNoSecretIn(f.read(), path)
        with open(os.path.join(manager.data_dir, "logs", "manager.log"), "rb") as f:
            log = f.read().decode()
        self.assertIn(f"credential {v3['id']} (snmpv3) edited fields=agentIds,authKey by=administrator",
                      log)

    def test_bad_bodies_are_refused_naming_the_field(self):
        client = self.manager().admin()
        agent = client.create_agent("Berlin")["agent"]["id"]
        v1 = {"kind": "snmpv1", "fields": {"version": "v2c", "community": COMMUNITY}}
        cases = [
            ({}, "kind is required"),
            ({"kind": "snmpv4"}, "kind must be one of snmpv1, snmpv3, user, domain, systemManager, password"),
            ({**v1, "colour": "red"}, "\"colour\" is not a credential property"),
            ({**v1, "access": "write"}, "access must be read or readWrite"),
            ({**v1, "agentIds": [agent, 0]}, "agentIds[1] must be a positive integer"),
            ({**v1, "agentIds": [agent, 999]}, "agentIds[1]: there is no Agent 999"),
            ({**v1, "description": 7}, "description must be a string"),
            ({**v1, "fields": {"version": "v2c", "community": 5}}, "fields.community must be a string"),
            ({**v1, "fields": {"version": "v2c"}}, "fields.community is required"),
            ({**v1, "fields": {"version": "v2c", "community": "x" * 65}},
             "fields.community must be 1 to 64 characters long"),
            ({**v1, "fields": {"version": "v2c", "community": "c", "user": "u"}},
             "fields.user is not a field of snmpv1 credentials"),
            ({**self.v3_body([]), "fields": {**self.v3_body([])["fields"], "privKey": "short"}},
             "fields.privKey must be 8 to 64 characters long"),
            ({**self.v3_body([]), "fields": {**self.v3_body([])["fields"], "authKey": ""}},
             "fields.authKey is required with securityLevel authPriv"),
            ({**self.v3_body([]), "fields": {**self.v3_body([])["fields"], "privProtocol": "3DES"}},
             "fields.privProtocol must be one of DES, AES, AES-256"),
            ({"kind": "systemManager", "fields": {"systemManagerId": "12ab", "pin": "1"}},
             "fields.systemManagerId must be 1 to 7 digits"),
        ]
        for body, message in cases:
            with self.subTest(message=message):
                self.assertProblem(self.call(client, "POST", "/api/v1/credentials", body),
                                   400, "invalid_input", message)
        self.assertEqual(self.call(client, "GET", "/api/v1/credentials", status=200).json()["items"], [])

        created = self.call(client, "POST", "/api/v1/credentials", v1, 201).json()
        path = f"/api/v1/credentials/{created['id']}"
        self.assertProblem(self.call(client, "PATCH", path, {"kind": "snmpv3"}),
                           400, "invalid_input", "kind cannot change")
        self.assertProblem(self.call(client, "PATCH", path, {"fields": {"community": ""}}),
                           400, "invalid_input", "fields.community is required")
        self.assertProblem(self.call(client, "GET", "/api/v1/credentials?kind=x"),
                           400, "invalid_input", "kind must be one of")
        self.assertProblem(self.call(client, "GET", "/api/v1/credentials?sort=id"),
                           400, "invalid_input", "unknown query parameter \"sort\"")
        self.assertProblem(self.call(client, "GET", "/api/v1/credentials/abc"),
                           400, "invalid_input", "positive integer")
        self.assertProblem(self.call(client, "PUT", "/api/v1/credentials/order", {"kind": "snmpv1"}),
                           400, "invalid_input", "ids must be an array")
        for body in self.responses:
            self.assertNoSecretIn(body, "a response")


if __name__ == "__main__":
    unittest.main()
