"""End to end: discovery runs through an Agent, against a simulated printer fleet.

An Agent's scope and SNMP credentials are set through the REST API; POST /api/v1/discoveries
starts a run -> "discover" command over the Agent channel -> the Agent's SNMP driver sweeps
printwarden-sim on loopback, posting progress -> the printers registered, attributed to the
Agent, managed or unmanaged by the run's registration rule. A repeated discovery updates
instead of duplicating (identity rule MAC + serial); one device can be discovered by address.
SNMPv3 credentials work the same way, and a wrong v3 key shows on every device it concerns.
Bad requests are refused with a message naming what is wrong.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import RECORDINGS, SIM_BIN, Simulator  # noqa: E402

FLEET = 24
V3_USER, V3_AUTH, V3_PRIV = "monitor", "auth-phrase-1", "priv-phrase-1"


class DiscoveryTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        self.sim = Simulator(self.workdir, FLEET,
                             ("--v3-user", V3_USER, "--v3-auth-protocol", "SHA-256",
                              "--v3-auth-key", V3_AUTH, "--v3-priv-protocol", "AES-256",
                              "--v3-priv-key", V3_PRIV))
        self.addCleanup(self.sim.stop)

    def pair(self, manager, admin, name="site-a", scope=("127.16.0.1-127.16.0.32",)):
        created = admin.create_agent(name)
        agent_id = created["agent"]["id"]
        agent = self.agent().start(manager.url, created["activationKey"])
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
        resp = admin.request("PUT", f"/api/v1/agents/{agent_id}/scope",
                             {"ipv4": list(scope), "fqdnSuffixes": [],
                              "discovery": {"method": "scope", "addresses": [],
                                            "hostNames": []}})
        self.assertEqual(resp.status, 200, resp.body)
        return agent, agent_id

    def credential(self, admin, community, agent_ids):
        resp = admin.request("POST", "/api/v1/credentials",
                             {"kind": "snmpv1", "description": f"community {len(community)}",
                              "agentIds": agent_ids,
                              "fields": {"version": "v2c", "community": community}})
        self.assertEqual(resp.status, 201, resp.body)
        self.assertNotIn(community, resp.body.decode())
        return resp.json()["id"]

    def v3_credential(self, admin, agent_ids, priv_key=V3_PRIV):
        resp = admin.request("POST", "/api/v1/credentials",
                             {"kind": "snmpv3", "description": "v3 monitor",
                              "agentIds": agent_ids,
                              "fields": {"username": V3_USER, "securityLevel": "authPriv",
                                         "authProtocol": "SHA-256", "authKey": V3_AUTH,
                                         "privProtocol": "AES-256", "privKey": priv_key,
                                         "contextName": ""}})
        self.assertEqual(resp.status, 201, resp.body)
        return resp.json()["id"]

    def start(self, admin, body, status=202):
        resp = admin.request("POST", "/api/v1/discoveries", {"port": self.sim.port, **body})
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def finish(self, admin, run, seen=None):
        """Polls the run until it ends; the progress seen on the way goes to `seen`."""
        def finished():
            current = admin.request("GET", f"/api/v1/discoveries/{run['id']}").json()
            if seen is not None and current["state"] == "running":
                seen.extend(a["progress"] for a in current["agents"])
            return current if current["state"] != "running" else None
        return wait_until(finished, timeout=120, interval=0.2, what="discovery finished")

    def devices(self, admin):
        resp = admin.request("GET", "/api/v1/devices?pageSize=200&filter[state]=managed"
                                    "&filter[state]=unmanaged")
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def test_discovers_registers_by_condition_and_rediscovers_without_duplicates(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id = self.pair(manager, admin)
        self.credential(admin, "not-the-community", [agent_id])
        public_id = self.credential(admin, "public", [agent_id])

        # HP printers become unmanaged, everything else managed.
        rule = {"method": "unmanaged",
                "conditions": [{"field": "vendor", "operator": "equals", "value": "hp"}]}
        run = self.start(admin, {"agentIds": [agent_id], "registration": rule})
        self.assertEqual(run["state"], "running")
        self.assertEqual(run["agents"][0]["progress"]["total"], 32)
        first = self.finish(admin, run)
        self.assertEqual(first["state"], "succeeded", first)
        summary = first["summary"]
        self.assertEqual(summary["probed"], 32)
        self.assertEqual(summary["found"], FLEET)
        self.assertEqual(summary["created"], FLEET)
        self.assertEqual(summary["updated"], 0)
        self.assertEqual(summary["failures"], [])

        listing = self.devices(admin)
        self.assertEqual(listing["total"], FLEET)
        items = listing["items"]
        by_address = {d["ipAddress"]: d for d in items}
        self.assertEqual(sorted(by_address, key=lambda a: int(a.rsplit(".", 1)[1])),
                         [f"127.16.0.{k + 1}" for k in range(FLEET)])
        for d in items:
            self.assertEqual(d["agentId"], agent_id)
            self.assertEqual(d["communication"]["credentialId"], public_id)
            self.assertEqual(d["communication"]["version"], "v2c")
            self.assertEqual(d["state"], "unmanaged" if d["vendor"] == "HP" else "managed")
        self.assertEqual(summary["unmanaged"], sum(d["vendor"] == "HP" for d in items))
        self.assertGreater(summary["unmanaged"], 0)
        # Device k replays recording k % 12, the recordings sorted by file name.
        recordings = sorted(f for f in os.listdir(RECORDINGS) if f.endswith(".snmprec"))
        self.assertEqual(len(recordings), 12)
        # These recordings carry no serial number the vendor tables read (nor a MAC address):
        # such devices are told apart by their IP address (identity rule, step 4).
        without_serial = {"canonprinter_d1180.snmprec", "canonprinter_mf.snmprec", "xerox.snmprec"}
        serials = [by_address[f"127.16.0.{k + 1}"]["serial"] for k in range(FLEET)
                   if recordings[k % len(recordings)] not in without_serial]
        self.assertEqual(len(serials), FLEET - 2 * len(without_serial))
        self.assertNotIn("", serials)
        self.assertEqual(len(set(serials)), len(serials))  # distinct serials
        macs = [d["mac"] for d in items if d["mac"]]
        self.assertEqual(len(set(macs)), len(macs))
        expected = {
            "brother_hl5370dw.snmprec": "Brother",
            "jetdirect_m130nw.snmprec": "HP",
            "konica_c250i.snmprec": "Konica Minolta",
            "ricoh_mpc3002.snmprec": "Ricoh",
            "xerox.snmprec": "Xerox",
        }
        for k in range(FLEET):
            name = recordings[k % len(recordings)]
            device = by_address[f"127.16.0.{k + 1}"]
            twin = by_address[f"127.16.0.{(k + 12) % FLEET + 1}"]
            self.assertEqual((device["vendor"], device["model"]), (twin["vendor"], twin["model"]))
            if name in expected:
                self.assertEqual(device["vendor"], expected[name], (name, device))
        hp = by_address[f"127.16.0.{recordings.index('jetdirect_m130nw.snmprec') + 1}"]
        self.assertEqual(hp["model"], "LaserJet MFP M130nw")
        self.assertEqual(by_address["127.16.0.1"]["model"], "HL-5370DW")

        # The same discovery again: the same devices, updated, none added, states kept.
        again = self.finish(admin, self.start(admin, {"agentIds": [agent_id]}))["summary"]
        self.assertEqual((again["found"], again["created"], again["updated"]), (FLEET, 0, FLEET))
        listing = self.devices(admin)
        self.assertEqual(listing["total"], FLEET)
        self.assertEqual({(d["id"], d["state"]) for d in listing["items"]},
                         {(d["id"], d["state"]) for d in items})

        # One device by address: the Agent is found from the scopes.
        single = self.finish(admin, self.start(admin, {"target": "127.16.0.5"}))
        self.assertEqual(single["kind"], "single")
        self.assertEqual(single["agents"][0]["agentId"], agent_id)
        self.assertEqual((single["summary"]["found"], single["summary"]["updated"]), (1, 1))
        runs = admin.request("GET", "/api/v1/discoveries").json()["items"]
        self.assertEqual([r["id"] for r in runs][:3], [single["id"], single["id"] - 1, run["id"]])

    def test_progress_is_visible_while_a_run_goes(self):
        manager = self.manager()
        admin = manager.admin()
        # 512 addresses, of which FLEET answer: the silent ones take two 1 s attempts each
        # for each of the two credentials, so the run lasts several progress reports.
        _, agent_id = self.pair(manager, admin, scope=("127.16.0.0/23",))
        self.credential(admin, "not-the-community", [agent_id])
        self.credential(admin, "public", [agent_id])
        seen = []
        done = self.finish(admin, self.start(admin, {"agentIds": [agent_id]}), seen)
        self.assertEqual(done["state"], "succeeded", done)
        self.assertEqual(done["summary"]["found"], FLEET)
        self.assertTrue(any(0 < p["done"] < p["total"] == 512 for p in seen), seen[-5:])

    def test_snmpv3_discovery_and_a_wrong_key_shown_per_device(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id = self.pair(manager, admin, scope=("127.16.0.1-127.16.0.12",))
        v3_id = self.v3_credential(admin, [agent_id])
        done = self.finish(admin, self.start(admin, {"agentIds": [agent_id]}))
        self.assertEqual(done["state"], "succeeded", done)
        self.assertEqual((done["summary"]["found"], done["summary"]["created"]), (12, 12))
        for d in self.devices(admin)["items"]:
            self.assertEqual(d["communication"]["version"], "v3")
            self.assertEqual(d["communication"]["credentialId"], v3_id)
            self.assertIsNone(d["communication"]["lastError"])

        # The printers' privacy password changes under us: the next run reports an
        # authentication failure for each, and each device shows it.
        resp = admin.request("PATCH", f"/api/v1/credentials/{v3_id}",
                             {"fields": {"privKey": "not-the-priv-phrase"}})
        self.assertEqual(resp.status, 200, resp.body)
        done = self.finish(admin, self.start(admin, {"agentIds": [agent_id]}))
        self.assertEqual(done["summary"]["found"], 0)
        kinds = {f["address"]: f["kind"] for f in done["summary"]["failures"]}
        self.assertEqual(kinds, {f"127.16.0.{k}": "authentication" for k in range(1, 13)})
        for d in self.devices(admin)["items"]:
            self.assertEqual(d["communication"]["lastError"]["kind"], "authentication", d)
            self.assertNotIn("not-the-priv-phrase", d["communication"]["lastError"]["message"])

    def test_refuses_bad_requests_and_reports_agents_that_cannot_take_part(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id = self.pair(manager, admin)
        inactive_id = admin.create_agent("never-activated")["agent"]["id"]

        for body, fragment in [
            ({"agentIds": []}, "agentIds"),
            ({"agentIds": [agent_id, agent_id]}, "twice"),
            ({"agentIds": [agent_id], "port": 70000}, "port"),
            ({"agentIds": [agent_id], "registration": {"method": "deleted"}}, "method"),
            ({"agentIds": [agent_id], "registration": {"conditions": [
                {"field": "colour", "operator": "equals", "value": "x"}]}}, "field"),
            ({"target": "10.0.0.0/24"}, "target"),
            ({"target": "127.16.0.1", "agentIds": [agent_id]}, "unknown field"),
        ]:
            resp = admin.request("POST", "/api/v1/discoveries", body)
            self.assertEqual(resp.status, 400, (body, resp.body))
            self.assertEqual(resp.json()["code"], "invalid_input")
            self.assertIn(fragment, resp.json()["message"], body)
        resp = admin.request("POST", "/api/v1/discoveries", {"agentIds": [9999]})
        self.assertEqual(resp.status, 404, resp.body)
        resp = admin.request("POST", "/api/v1/discoveries", {"target": "10.99.0.1"})
        self.assertEqual(resp.status, 409, resp.body)
        self.assertEqual(resp.json()["code"], "no_agent_for_target")
        # CSRF as for every state change.
        resp = admin.request("POST", "/api/v1/discoveries", {"agentIds": [agent_id]}, csrf=False)
        self.assertEqual(resp.status, 403, resp.body)

        # No credential yet, and an inactive Agent: the run fails, saying why for each.
        run = self.start(admin, {"agentIds": [agent_id, inactive_id]})
        self.assertEqual(run["state"], "failed")
        self.assertEqual([a["error"]["code"] for a in run["agents"]],
                         ["no_credentials", "agent_not_active"])
        self.assertEqual(self.devices(admin)["total"], 0)

        # With a credential the same Agent goes ahead.
        self.credential(admin, "public", [agent_id])
        done = self.finish(admin, self.start(admin, {"agentIds": [agent_id]}))
        self.assertEqual(done["state"], "succeeded", done)
        self.assertEqual(done["summary"]["created"], FLEET)


if __name__ == "__main__":
    unittest.main()
