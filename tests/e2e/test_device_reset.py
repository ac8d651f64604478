"""End to end: the "restart-printers" task through the real Manager, Agent and printwarden-sim.

Three simulated printers share a write community; only the first accepts a restart
(--writable 1), the others refuse it as a read-only printer does. A restart task on the three
runs through a "reset-device" command: the first gets Success and goes silent while it
restarts, the others get Error with the printer's reason (noAccess). A shutdown task gets Error
notSupported for each (Printer-MIB has no power-off, decision 0029). Without a read-write
credential nothing is sent and each target says so.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import SIM_BIN, Simulator, discover_fleet  # noqa: E402

FLEET = 3


class DeviceResetTest(PrintwardenTestCase):
    def run_task(self, admin, name, kind, device_ids):
        resp = admin.request("POST", "/api/v1/tasks",
                             {"name": name, "type": "restart-printers",
                              "schedule": {"kind": "now"}, "parameters": {"kind": kind},
                              "targets": {"deviceIds": device_ids}})
        self.assertEqual(resp.status, 201, resp.body)
        task_id = resp.json()["id"]

        def finished():
            runs = admin.request("GET", f"/api/v1/tasks/{task_id}/runs").json()["items"]
            if not runs:
                return None
            run = admin.request("GET", f"/api/v1/task-runs/{runs[0]['id']}").json()
            return run if run["state"] != "running" and run["state"] != "scheduled" else None
        run = wait_until(finished, timeout=120, interval=0.2, what="run finished")
        self.assertEqual(run["state"], "completed", run)
        return run, {t["id"]: t for t in run["targets"]}

    def test_writable_printers_restart_read_only_ones_say_why(self):
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        sim = Simulator(self.workdir, FLEET, ["--write-community", "writer", "--writable", "1",
                                              "--restart-seconds", "600"])
        self.addCleanup(sim.stop)
        manager = self.manager()
        admin = manager.admin()
        _, agent_id, devices = discover_fleet(self, manager, admin, sim, FLEET)
        self.assertEqual(len(devices), FLEET)
        ids = [devices[f"127.16.0.{i + 1}"]["id"] for i in range(FLEET)]
        self.assertIn("restart-printers", admin.request("GET", "/api/v1/task-types").json()["items"])

        # Only the read-only fleet community: nothing is sent.
        run, targets = self.run_task(admin, "Restart, no write credential", "restart", ids)
        self.assertEqual(run["result"], "error")
        for device_id in ids:
            self.assertEqual(targets[device_id]["result"], "error")
            self.assertTrue(targets[device_id]["detail"].startswith("noWriteCredential"),
                            targets[device_id])

        resp = admin.request("POST", "/api/v1/credentials",
                             {"kind": "snmpv1", "description": "writer", "agentIds": [agent_id],
                              "fields": {"version": "v2c", "community": "writer"}})
        self.assertEqual(resp.status, 201, resp.body)
        resp = admin.request("PATCH", f"/api/v1/credentials/{resp.json()['id']}",
                             {"access": "readWrite"})
        self.assertEqual(resp.status, 200, resp.body)

        # Shutdown: no standard way, so each printer is refused without being asked.
        run, targets = self.run_task(admin, "Shut down", "shutdown", ids)
        for device_id in ids:
            self.assertEqual(targets[device_id]["result"], "error")
            self.assertTrue(targets[device_id]["detail"].startswith("notSupported: "),
                            targets[device_id])
            self.assertIsNotNone(targets[device_id]["commandId"])

        run, targets = self.run_task(admin, "Restart", "restart", ids)
        self.assertEqual(run["result"], "error")  # two of three refused
        self.assertEqual(targets[ids[0]]["result"], "success", targets[ids[0]])
        for device_id in ids[1:]:
            self.assertEqual(targets[device_id]["result"], "error")
            self.assertTrue(targets[device_id]["detail"].startswith("noAccess: "),
                            targets[device_id])
        self.assertNotIn("writer", str(run))  # the community is never returned

        # The restarted printer is silent (600 s restart): a second restart times out.
        run, targets = self.run_task(admin, "Restart again", "restart", ids[:1])
        self.assertEqual(targets[ids[0]]["result"], "timeout", targets[ids[0]])
        self.assertEqual(run["result"], "timeout")

        resp = admin.request("POST", "/api/v1/tasks",
                             {"name": "bad", "type": "restart-printers",
                              "schedule": {"kind": "now"}, "parameters": {"kind": "reboot"},
                              "targets": {"deviceIds": ids}})
        self.assertEqual(resp.status, 400, resp.body)
        self.assertIn("parameters.kind", resp.json()["message"])


if __name__ == "__main__":
    unittest.main()
