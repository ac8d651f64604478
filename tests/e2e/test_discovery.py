"""End to end: discovery on request through an Agent, against a simulated printer fleet.

POST /api/v1/discovery on the Manager -> "discover" command over the Agent channel -> the
Agent's DiscoverySweep against printwarden-sim on loopback -> the devices recorded in the
registry, attributed to the Agent. A repeated discovery updates instead of duplicating
(identity rule MAC + serial). Bad requests are refused with a message naming what is wrong.
"""
import os
import select
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402

SIM_BIN = os.environ.get("PW_SIM_BIN", "")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RECORDINGS = os.path.join(REPO, "..", "shared", "fixtures", "printers", "snmprec")
FLEET = 24


class Simulator:
    """printwarden-sim on a kernel-chosen port; stopped by PID."""

    def __init__(self, workdir, count):
        self.stderr = open(os.path.join(workdir, "sim-stderr.log"), "wb")
        self.proc = subprocess.Popen(
            [SIM_BIN, "--recordings", RECORDINGS, "--first-address", "127.16.0.1",
             "--count", str(count), "--port", "0", "--seed", "3"],
            stdout=subprocess.PIPE, stderr=self.stderr)
        self.port = self._read_port()

    def _read_port(self):
        deadline = time.monotonic() + 30
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                raise AssertionError(f"printwarden-sim did not get ready (got {line!r})")
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1)
                if not chunk:
                    continue
                line += chunk
        text = line.decode()
        assert text.startswith("printwarden-sim: ") and " port " in text, text
        return int(text.rsplit(" port ", 1)[1])

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc.stdout.close()
        self.stderr.close()


class DiscoveryTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        self.sim = Simulator(self.workdir, FLEET)
        self.addCleanup(self.sim.stop)

    def pair(self, manager, admin, name="site-a"):
        created = admin.create_agent(name)
        agent_id = created["agent"]["id"]
        agent = self.agent().start(manager.url, created["activationKey"])
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
        return agent, agent_id

    def discover(self, admin, body):
        return admin.request("POST", "/api/v1/discovery", body)

    def devices(self, admin):
        resp = admin.request("GET", "/api/v1/devices?pageSize=200")
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def test_discovers_records_and_rediscovers_without_duplicates(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id = self.pair(manager, admin)
        request = {"agentId": agent_id, "targets": ["127.16.0.1-127.16.0.32"],
                   "communities": ["public"], "port": self.sim.port}

        resp = self.discover(admin, request)
        self.assertEqual(resp.status, 200, resp.body)
        first = resp.json()
        self.assertEqual(first["probed"], 32)
        self.assertEqual(first["found"], FLEET)
        self.assertEqual(first["created"], FLEET)
        self.assertEqual(first["updated"], 0)
        self.assertEqual(first["failures"], [])

        listing = self.devices(admin)
        self.assertEqual(listing["total"], FLEET)
        items = listing["items"]
        self.assertEqual(len(items), FLEET)
        by_address = {d["ipAddress"]: d for d in items}
        self.assertEqual(sorted(by_address, key=lambda a: int(a.rsplit(".", 1)[1])),
                         [f"127.16.0.{k + 1}" for k in range(FLEET)])
        for d in items:
            self.assertEqual(d["agentId"], agent_id)
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

        # The same discovery again: the same devices, updated, none added.
        resp = self.discover(admin, request)
        self.assertEqual(resp.status, 200, resp.body)
        again = resp.json()
        self.assertEqual((again["found"], again["created"], again["updated"]), (FLEET, 0, FLEET))
        listing = self.devices(admin)
        self.assertEqual(listing["total"], FLEET)
        self.assertEqual({d["id"] for d in listing["items"]}, {d["id"] for d in items})

    def test_refuses_bad_requests_with_clear_messages(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id = self.pair(manager, admin)
        inactive_id = admin.create_agent("never-activated")["agent"]["id"]
        good = {"agentId": agent_id, "targets": ["127.16.0.1"], "communities": ["public"],
                "port": self.sim.port}

        resp = self.discover(admin, {**good, "targets": ["127.16.0.1", "10.0.0.300"]})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertEqual(resp.json()["code"], "invalid_input")
        self.assertIn("targets[1]", resp.json()["message"])
        self.assertIn("10.0.0.300", resp.json()["message"])

        resp = self.discover(admin, {**good, "communities": []})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertIn("communities", resp.json()["message"])

        resp = self.discover(admin, {**good, "targets": ["10.0.0.0/8"]})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertIn("targets", resp.json()["message"])

        resp = self.discover(admin, {**good, "port": 70000})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertIn("port", resp.json()["message"])

        resp = self.discover(admin, {**good, "agentId": inactive_id})
        self.assertEqual(resp.status, 409, resp.body)
        self.assertEqual(resp.json()["code"], "agent_not_active")

        resp = self.discover(admin, {**good, "agentId": 9999})
        self.assertEqual(resp.status, 404, resp.body)

        # CSRF as for every state change.
        resp = admin.request("POST", "/api/v1/discovery", good, csrf=False)
        self.assertEqual(resp.status, 403, resp.body)

        # Nothing was recorded by the refused requests; a valid one still works.
        self.assertEqual(self.devices(admin)["total"], 0)
        resp = self.discover(admin, good)
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual((resp.json()["found"], resp.json()["created"]), (1, 1))


if __name__ == "__main__":
    unittest.main()
