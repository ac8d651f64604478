"""End to end: an administrator's device edit written back to the printer.

PATCH /api/v1/devices/{id} with a new name and location: the Manager sends the device's Agent a
"set-identity" command, the Agent's SNMP driver sends one SET per field to printwarden-sim, and
the answer says per field how the printer took it. The simulator refuses every write, so the
fields keep their old values while the link URL (stored by the Manager only) is taken. Without a
read-write credential nothing is sent. The writes that printers accept are tested against
Debian's snmpd in agent/discovery/tests/function_check_test.cpp.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402
from simulator import SIM_BIN, Simulator, discover_fleet  # noqa: E402


class DeviceIdentityTest(PrintwardenTestCase):
    def test_refusals_name_the_field_and_the_reason_and_keep_the_old_value(self):
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        sim = Simulator(self.workdir, 1)
        self.addCleanup(sim.stop)
        manager = self.manager()
        admin = manager.admin()
        _, _, devices = discover_fleet(self, manager, admin, sim, 1)
        device = next(iter(devices.values()))
        path = f"/api/v1/devices/{device['id']}"

        # The fleet's community is read-only: the printer is not asked.
        resp = admin.request("PATCH", path, {"name": "Reception", "linkUrl": "https://intranet/p1"})
        self.assertEqual(resp.status, 200, resp.body)
        body = resp.json()
        self.assertEqual([(w["field"], w["written"], w["reason"]) for w in body["writeBack"]],
                         [("name", False, "noWriteCredential")])
        self.assertEqual(body["name"], device["name"])
        self.assertEqual(body["linkUrl"], "https://intranet/p1")

        # With a read-write credential the Agent writes, and the simulator refuses.
        credentials = admin.request("GET", "/api/v1/credentials").json()["items"]
        self.assertEqual(len(credentials), 1)
        resp = admin.request("PATCH", f"/api/v1/credentials/{credentials[0]['id']}",
                             {"access": "readWrite"})
        self.assertEqual(resp.status, 200, resp.body)
        resp = admin.request("PATCH", path, {"name": "Reception", "location": "Floor 2",
                                             "contact": device["contact"]})
        self.assertEqual(resp.status, 200, resp.body)
        body = resp.json()
        writes = {w["field"]: w for w in body["writeBack"]}
        self.assertEqual(sorted(writes), ["location", "name"])  # contact did not change
        for field in ("name", "location"):
            self.assertFalse(writes[field]["written"])
            self.assertNotIn(writes[field]["reason"], ("", "noWriteCredential", "timeout"))
            self.assertTrue(writes[field]["message"])
        stored = admin.request("GET", path).json()
        self.assertEqual((stored["name"], stored["location"], stored["linkUrl"]),
                         (device["name"], device["location"], "https://intranet/p1"))
        self.assertNotIn("public", resp.body.decode())  # the community is never returned

        # A malformed edit is refused before the printer is asked.
        resp = admin.request("PATCH", path, {"name": 7})
        self.assertEqual(resp.status, 400, resp.body)


if __name__ == "__main__":
    unittest.main()
