"""Agent scopes through the real binary: GET/PUT /agents/{id}/scope, 400s naming the entry,
409 scope_overlap with details, a restart keeping the scope, an Agent's deletion freeing it.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402


def scope(ipv4=(), fqdn=(), method="scope", addresses=(), hosts=()):
    return {"ipv4": list(ipv4), "fqdnSuffixes": list(fqdn),
            "discovery": {"method": method, "addresses": list(addresses), "hostNames": list(hosts)}}


class ScopesApiTest(PrintwardenTestCase):
    def assertProblem(self, resp, status, code, mentions):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code)
        self.assertIn(mentions, body["message"])
        return body

    def test_put_get_overlap_restart_and_agent_deletion(self):
        manager = self.manager()
        client = manager.admin()
        berlin = client.create_agent("Berlin")["agent"]["id"]
        paris = client.create_agent("Paris")["agent"]["id"]
        path = f"/api/v1/agents/{berlin}/scope"

        self.assertEqual(client.request("GET", path).json(), scope())
        put = client.request("PUT", path, scope(
            ["10.0.0.0/24", " 10.1.0.1-10.1.0.50", "10.2.0.7"], [".Printers.Example.com"],
            "specified", ["10.9.0.0/28"], ["MFP1.example.com"]))
        self.assertEqual(put.status, 200, put.body)
        stored = scope(["10.0.0.0/24", "10.1.0.1-10.1.0.50", "10.2.0.7"], ["printers.example.com"],
                       "specified", ["10.9.0.0/28"], ["mfp1.example.com"])
        self.assertEqual(put.json(), stored)
        self.assertEqual(client.request("GET", path).json(), stored)

        refused = self.assertProblem(
            client.request("PUT", f"/api/v1/agents/{paris}/scope",
                           scope(["10.3.0.0/16", "10.0.0.128/25"], ["printers.example.com"])),
            409, "scope_overlap", "ipv4[1]: \"10.0.0.128/25\" overlaps \"10.0.0.0/24\" of Agent")
        self.assertEqual(refused["details"], [
            {"field": "ipv4[1]", "rule": "10.0.0.128/25", "agentId": berlin, "agentName": "Berlin",
             "otherRule": "10.0.0.0/24"},
            {"field": "fqdnSuffixes[0]", "rule": "printers.example.com", "agentId": berlin,
             "agentName": "Berlin", "otherRule": "printers.example.com"}])
        self.assertEqual(client.request("GET", f"/api/v1/agents/{paris}/scope").json(), scope())
        # A specified address may lie inside another Agent's rule: it pins the device.
        ok = client.request("PUT", f"/api/v1/agents/{paris}/scope",
                            scope(["10.3.0.0/16"], ["lab.printers.example.com"],
                                  addresses=["10.0.0.5"]))
        self.assertEqual(ok.status, 200, ok.body)

        manager.stop()
        manager.start()
        client = manager.admin()
        self.assertEqual(client.request("GET", path).json(), stored)

        self.assertEqual(client.request("DELETE", f"/api/v1/agents/{berlin}").status, 204)
        self.assertProblem(client.request("GET", path), 404, "not_found", f"Agent {berlin}")
        freed = client.request("PUT", f"/api/v1/agents/{paris}/scope",
                               scope(["10.3.0.0/16", "10.0.0.0/24"], ["printers.example.com"]))
        self.assertEqual(freed.status, 200, freed.body)

    def test_bad_scopes_are_refused_naming_the_entry(self):
        client = self.manager().admin()
        agent = client.create_agent("Berlin")["agent"]["id"]
        path = f"/api/v1/agents/{agent}/scope"
        body = self.assertProblem(
            client.request("PUT", path, scope(["10.0.0.1", "10.0.0.0/24", "10.0.0.300"],
                                              ["a.example", "A.Example."],
                                              addresses=["fe80::1"], hosts=["10.0.0.9"])),
            400, "invalid_input", "ipv4[2]: \"10.0.0.300\": not an IPv4 address (and 3 more)")
        self.assertEqual([d["field"] for d in body["details"]],
                         ["ipv4[2]", "fqdnSuffixes[1]", "discovery.addresses[0]",
                          "discovery.hostNames[0]"])
        self.assertIn("repeats fqdnSuffixes[0]", body["details"][1]["message"])
        cases = [
            ({"ipv4": [], "fqdnSuffixes": []}, "discovery is required"),
            ({**scope(), "colour": 1}, "\"colour\" is not a member of a scope"),
            ({**scope(), "ipv4": "10.0.0.1"}, "ipv4 must be an array of strings"),
            ({**scope(), "ipv4": ["10.0.0.1", 7]}, "ipv4[1] must be a string"),
            (scope(method="all"), "discovery.method must be scope or specified"),
            ({**scope(), "discovery": {"method": "scope", "addresses": []}},
             "discovery.hostNames is required"),
            (scope(["10.0.0.0/33"]), "ipv4[0]"),
        ]
        for bad, message in cases:
            with self.subTest(message=message):
                self.assertProblem(client.request("PUT", path, bad), 400, "invalid_input", message)
        self.assertEqual(client.request("GET", path).json(), scope())
        self.assertProblem(client.request("PUT", "/api/v1/agents/999/scope", scope()),
                           404, "not_found", "Agent 999")
        self.assertProblem(client.request("GET", "/api/v1/agents/x/scope"),
                           400, "invalid_input", "positive integer")


if __name__ == "__main__":
    unittest.main()
