"""End to end: monitoring through an Agent, against a simulated printer fleet.

Discovery registers printwarden-sim's printers; POST /api/v1/devices/{id}/refresh sends the
Agent a "monitor" command -> the Agent's SNMP driver polls the device -> the reading goes
through the Agent's outbox and is stored (test_monitoring_outbox.py: with outages and kills) -> GET .../status, /supplies, /counters and /status-history show them, and the device
list gains status and lowest supply. A paper jam injected with the simulator's states file
(SIGHUP) opens a status edge; clearing it closes the edge. Supplies deplete between polls. A
powered-off device is "no response". Another printer answering at a device's address (the
simulator's "replaced" state: other MAC and serial) is a "conflict", and its identity is not
taken into the record. Secrets never appear in what the API returns.
"""
import datetime
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import RECORDINGS, SIM_BIN, Simulator, discover_fleet  # noqa: E402

FLEET = 6


class MonitoringTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        self.states = os.path.join(self.workdir, "states.json")
        with open(self.states, "w", encoding="utf-8") as f:
            f.write("{}")
        # Fast printing and short supplies: a toner visibly goes down between two polls.
        self.sim = Simulator(self.workdir, FLEET,
                             ("--states", self.states, "--pages-per-minute", "12000",
                              "--supply-life-pages", "30000"))
        self.addCleanup(self.sim.stop)

    def discover(self, manager, admin):
        return discover_fleet(self, manager, admin, self.sim, FLEET)[2]

    def refresh(self, admin, device_id, until, what):
        """Polls the device now; waits until `until(status)` holds for the stored status."""
        before = admin.request("GET", f"/api/v1/devices/{device_id}/status").json()
        if before["polled"]:
            # Readings are stamped in whole seconds: start once a new one must differ.
            last = datetime.datetime.fromisoformat(before["readAt"].replace("Z", "+00:00"))
            wait_until(lambda: time.time() >= last.timestamp() + 1, what="next second")
        resp = admin.request("POST", f"/api/v1/devices/{device_id}/refresh")
        self.assertEqual(resp.status, 202, resp.body)
        self.assertEqual(resp.json()["deviceIds"], [device_id])

        def stored():
            status = admin.request("GET", f"/api/v1/devices/{device_id}/status").json()
            fresh = status["polled"] and status.get("readAt") != before.get("readAt")
            return status if fresh and until(status) else None
        return wait_until(stored, timeout=60, interval=0.2, what=what)

    def history(self, admin, device_id):
        resp = admin.request("GET", f"/api/v1/devices/{device_id}/status-history")
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()["items"]

    def black_toner(self, admin, device_id):
        resp = admin.request("GET", f"/api/v1/devices/{device_id}/supplies")
        self.assertEqual(resp.status, 200, resp.body)
        body = resp.json()
        self.assertTrue(body["polled"])
        for item in body["items"]:
            if item["percent"] is not None and item["class"] != "filled":
                return item
        return None

    def test_status_supplies_counters_edges_and_no_response(self):
        manager = self.manager()
        admin = manager.admin()
        devices = self.discover(manager, admin)
        self.assertGreaterEqual(len(devices), FLEET - 1, devices.keys())
        jam_ip = "127.16.0.1"
        device_id = devices[jam_ip]["id"]
        self.assertIsNone(devices[jam_ip]["status"])  # never polled yet

        # A first poll: status, supplies, counters stored; one open edge.
        status = self.refresh(admin, device_id, lambda s: True, "first reading")
        self.assertIn(status["severity"], ("ok", "warning", "error", "service_call"))
        self.assertEqual(status["power"] in ("on", "sleep", "unknown"), True, status)
        self.assertNotIn("jammed", status["conditions"])
        counters = admin.request("GET", f"/api/v1/devices/{device_id}/counters").json()
        self.assertIsNotNone(counters["latest"])
        self.assertIn("total", counters["latest"]["normalized"])
        self.assertEqual(len(counters["daily"]), 1)
        self.assertGreater(counters["daily"][0]["counters"]["total"]["value"], 0)
        edges = self.history(admin, device_id)
        self.assertEqual(len(edges), 1)
        self.assertIsNone(edges[0]["end"])
        # Every printer polled once; the toners with a percentage are watched for depletion.
        toners = {}
        for ip, device in devices.items():
            if device["id"] != device_id:
                self.refresh(admin, device["id"], lambda s: True, f"first reading of {ip}")
            toner = self.black_toner(admin, device["id"])
            if toner is not None:
                toners[device["id"]] = toner
        self.assertTrue(toners, "no simulated printer reports a supply percentage")

        # A jam: the edge closes, a new one opens with the condition and its alert.
        self.sim.reload_states(self.states, json.dumps({jam_ip: "paper-jam"}))
        status = self.refresh(admin, device_id, lambda s: "jammed" in s["conditions"], "jam")
        self.assertEqual(status["severity"], "error")
        self.assertTrue(any(a["codeName"] == "jam" for a in status["alerts"]), status["alerts"])
        edges = self.history(admin, device_id)
        self.assertEqual(len(edges), 2, edges)
        self.assertIsNotNone(edges[0]["end"])
        self.assertEqual(edges[1]["conditions"], ["jammed"])
        self.assertIsNone(edges[1]["end"])

        # The same jam polled again touches no edge.
        self.refresh(admin, device_id, lambda s: "jammed" in s["conditions"], "jam again")
        self.assertEqual(len(self.history(admin, device_id)), 2)

        # Cleared: the jam edge closes.
        self.sim.reload_states(self.states, json.dumps({jam_ip: "recovered"}))
        cleared = self.refresh(admin, device_id, lambda s: "jammed" not in s["conditions"],
                               "jam cleared")
        edges = self.history(admin, device_id)
        self.assertEqual(len(edges), 3, edges)
        self.assertIsNotNone(edges[1]["end"])
        self.assertNotIn("jammed", edges[2]["conditions"])

        # The toner went down while the simulator printed between the polls.
        watched, first_toner = max(toners.items(), key=lambda item: item[1]["percent"])
        self.refresh(admin, watched, lambda s: True, "second reading")
        last_toner = next(i for i in admin.request("GET", f"/api/v1/devices/{watched}/supplies")
                          .json()["items"] if i["index"] == first_toner["index"])
        self.assertLess(last_toner["percent"], first_toner["percent"], (first_toner, last_toner))

        # The device list shows status and lowest supply; no secret anywhere.
        listed = admin.request("GET", "/api/v1/devices?pageSize=200")
        self.assertNotIn("community", listed.body.decode())
        row = next(d for d in listed.json()["items"] if d["id"] == device_id)
        self.assertEqual(row["status"], {"severity": cleared["severity"],
                                         "power": cleared["power"]})
        self.assertIsNotNone(row["lowestSupply"])

        # A powered-off device: no response.
        off_ip = "127.16.0.2"
        off_id = devices[off_ip]["id"]
        self.sim.reload_states(self.states, json.dumps({off_ip: "powered-off"}))
        status = self.refresh(admin, off_id, lambda s: s["power"] == "no_response", "no response")
        self.assertEqual(status["error"]["kind"], "timeout")
        self.assertEqual(self.history(admin, off_id)[-1]["power"], "no_response")

    def test_builtin_tasks_run_inside_the_windows_and_on_demand(self):
        """Execute now ignores the windows and asks only for the task's parts; the periodic
        start waits for a window (the Manager checks every 30 s)."""
        manager = self.manager({"time_zone": "UTC"})
        started = time.time()
        admin = manager.admin()
        resp = admin.request("PUT", "/api/v1/settings/communication-windows",
                             {"standard": [], "exceptions": {}})
        self.assertEqual(resp.status, 200, resp.body)
        devices = self.discover(manager, admin)
        ids = [d["id"] for d in devices.values()]

        resp = admin.request("POST", "/api/v1/builtin-tasks/retrieveCounters/run")
        self.assertEqual(resp.status, 202, resp.body)
        self.assertIsNotNone(resp.json()["lastStarted"])

        def counted(device_id):
            return admin.request("GET", f"/api/v1/devices/{device_id}/counters").json()["readAt"]
        wait_until(lambda: all(counted(i) for i in ids), timeout=60, interval=0.2,
                   what="counters of every device")
        # Past the first periodic check: no window, so status was never polled.
        wait_until(lambda: time.time() > started + 35, timeout=60, what="a periodic check")
        for device_id in ids:
            status = admin.request("GET", f"/api/v1/devices/{device_id}/status").json()
            self.assertFalse(status["polled"], device_id)
        tasks = {t["name"]: t for t in
                 admin.request("GET", "/api/v1/builtin-tasks").json()["items"]}
        self.assertIsNone(tasks["monitorPrinters"]["lastStarted"])

        resp = admin.request("PUT", "/api/v1/settings/communication-windows",
                             {"standard": [{"start": "00:00", "end": "24:00"}], "exceptions": {}})
        self.assertEqual(resp.status, 200, resp.body)

        def polled(device_id):
            return admin.request("GET", f"/api/v1/devices/{device_id}/status").json()["polled"]
        wait_until(lambda: all(polled(i) for i in ids), timeout=90, interval=0.5,
                   what="the periodic status poll inside the window")

        # The device-settings check: the simulator refuses SNMP writes, so not supported (and
        # checked again next time). The function checks are not bound by the windows: the
        # periodic start may have checked the address book too.
        resp = admin.request("POST", "/api/v1/builtin-tasks/checkDeviceSettings/run")
        self.assertEqual(resp.status, 202, resp.body)

        def functions(device_id):
            resp = admin.request("GET", f"/api/v1/devices/{device_id}/functions")
            self.assertEqual(resp.status, 200, resp.body)
            return {f["function"]: f for f in resp.json()["items"]}
        checked = wait_until(lambda: functions(ids[0]).get("deviceSettings") and functions(ids[0]),
                             timeout=60, interval=0.2, what="the device-settings check")
        self.assertEqual(checked.get("addressBook", {"state": "not_supported"})["state"],
                         "not_supported")
        self.assertEqual(checked["deviceSettings"]["state"], "not_supported")
        self.assertIn("refused", checked["deviceSettings"]["reason"])

        resp = admin.request("POST", "/api/v1/builtin-tasks/noSuchTask/run")
        self.assertEqual(resp.status, 404, resp.body)

    def test_another_printer_at_the_address_is_a_conflict(self):
        manager = self.manager()
        admin = manager.admin()
        devices = self.discover(manager, admin)
        # Device 2 replays canonprinter_lbp (a MAC), device 3 canonprinter_mf (no MAC at all).
        taken_ip, no_mac_ip = "127.16.0.3", "127.16.0.4"
        taken = devices[taken_ip]
        self.assertNotEqual(taken["mac"], "", taken)
        self.assertEqual(devices[no_mac_ip]["mac"], "", devices[no_mac_ip])
        status = self.refresh(admin, taken["id"], lambda s: True, "first reading")
        self.assertNotEqual(status["power"], "conflict", status)

        # Another printer takes both addresses: the one with a registered MAC is a conflict,
        # the one that exposes no MAC cannot be judged.
        self.sim.reload_states(self.states,
                               json.dumps({taken_ip: "replaced", no_mac_ip: "replaced"}))
        status = self.refresh(admin, taken["id"], lambda s: s["power"] == "conflict", "conflict")
        self.assertEqual(status["error"]["kind"], "conflict")
        self.assertIn(taken["mac"], status["error"]["message"])
        self.assertEqual(status["alerts"], [])
        no_mac = self.refresh(admin, devices[no_mac_ip]["id"], lambda s: True, "no MAC")
        self.assertNotEqual(no_mac["power"], "conflict", no_mac)
        listed = admin.request("GET", "/api/v1/devices?pageSize=200").json()["items"]
        row = next(d for d in listed if d["id"] == taken["id"])
        self.assertEqual(row["status"]["power"], "conflict")
        # The refresh read the identity too: the other printer's is not taken into the record,
        # nor its name. (An administrator's rename is written to the printer first, decision
        # 0022, which the simulator refuses: the registered name is the discovered one.)
        record = admin.request("GET", f"/api/v1/devices/{taken['id']}").json()
        for field in ("mac", "serial", "model", "name"):
            self.assertEqual(record[field], taken[field], field)

        # The registered printer is back: on again; the conflict is an edge of the history.
        self.sim.reload_states(self.states, json.dumps({taken_ip: "recovered"}))
        status = self.refresh(admin, taken["id"], lambda s: s["power"] != "conflict", "back")
        self.assertIsNone(status["error"])
        powers = [edge["power"] for edge in self.history(admin, taken["id"])]
        self.assertEqual(powers[-2:], ["conflict", status["power"]], powers)

    def test_refresh_and_history_refusals(self):
        manager = self.manager()
        admin = manager.admin()
        resp = admin.request("POST", "/api/v1/devices/999/refresh")
        self.assertEqual(resp.status, 404, resp.body)
        resp = admin.request("GET", "/api/v1/devices/999/status")
        self.assertEqual(resp.status, 404, resp.body)
        devices = self.discover(manager, admin)
        device_id = devices["127.16.0.3"]["id"]
        resp = admin.request("GET", f"/api/v1/devices/{device_id}/status-history?from=yesterday")
        self.assertEqual(resp.status, 400, resp.body)
        self.assertIn("from must be", resp.json()["message"])
        resp = admin.request("GET", f"/api/v1/devices/{device_id}/supplies")
        self.assertEqual(resp.json()["polled"], False)


if __name__ == "__main__":
    unittest.main()
