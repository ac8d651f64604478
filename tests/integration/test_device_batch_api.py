"""POST /api/v1/devices/batch against the real binary: edit information, remove from management
and refresh on several devices, each failure listed with its device while the others go on; the
400s of a malformed batch (naming the field, more than 5,000 devices); a Device Manager limited
to a region only reaches that region's devices; the edit is stored, not written to printers.

Devices are seeded into a stopped Manager's database as test_devices_api.py does; the region,
its Device Manager (with the devices grant) and the user's region are seeded the same way, the
user with the administrator's password hash (there is no user API yet).
"""
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import ADMIN_PASSWORD  # noqa: E402
from test_devices_api import SEEN, DevicesApiTest  # noqa: E402

BATCH = "/api/v1/devices/batch"
DEVICES_GRANT = 1  # bit 0: core Grant::kDevices


class DeviceBatchApiTest(DevicesApiTest):
    def device(self, client, device_id):
        resp = client.request("GET", f"/api/v1/devices/{device_id}")
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def batch(self, client, body, status=200):
        resp = client.request("POST", BATCH, body)
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def test_edit_stores_the_fields_and_lists_each_failure(self):
        _, client = self.seeded_manager(extra=3)
        result = self.batch(client, {"action": "edit", "deviceIds": [1, 2, 101, 101, 5, 999],
                                     "edit": {"location": "Hall 7", "linkUrl": "https://print.example/"}})
        # 5 is removed (device_removed), 999 does not exist; the duplicate counts once.
        self.assertEqual(result["succeeded"], 3)
        self.assertEqual(sorted((f["id"], f["code"]) for f in result["failures"]),
                         [(5, "device_removed"), (999, "not_found")])
        for failure in result["failures"]:
            self.assertTrue(failure["message"])
        for device_id in (1, 2, 101):
            device = self.device(client, device_id)
            self.assertEqual((device["location"], device["linkUrl"]), ("Hall 7", "https://print.example/"))
            self.assertEqual(device["name"], {1: "Reception", 2: "", 101: ""}[device_id], "name untouched")
        self.assertEqual(self.device(client, 102)["location"], "", "devices left out stay as they were")

        cleared = self.batch(client, {"action": "edit", "deviceIds": [1], "edit": {"location": ""}})
        self.assertEqual((cleared["succeeded"], cleared["failures"]), (1, []))
        self.assertEqual(self.device(client, 1)["location"], "")

    def test_remove_and_refresh(self):
        _, client = self.seeded_manager(extra=2)
        removed = self.batch(client, {"action": "remove", "deviceIds": [101, 102, 5]})
        self.assertEqual(removed["succeeded"], 2)
        self.assertEqual([(f["id"], f["code"]) for f in removed["failures"]], [(5, "device_removed")])
        self.assertEqual(self.ids(client, ("filter[state]", "removed")), [5, 101, 102])
        # The seeded devices have no Agent to poll them: each is listed, none is polled.
        refreshed = self.batch(client, {"action": "refresh", "deviceIds": [1, 2]})
        self.assertEqual(refreshed["succeeded"], 0)
        self.assertEqual([f["id"] for f in refreshed["failures"]], [1, 2])

    def test_malformed_batches_are_refused_naming_the_field(self):
        _, client = self.seeded_manager()
        cases = [
            ({"deviceIds": [1]}, "action"),
            ({"action": "print", "deviceIds": [1]}, "action"),
            ({"action": "remove"}, "deviceIds"),
            ({"action": "remove", "deviceIds": []}, "deviceIds"),
            ({"action": "remove", "deviceIds": [1, "2"]}, "deviceIds"),
            ({"action": "remove", "deviceIds": [0]}, "deviceIds"),
            ({"action": "remove", "deviceIds": list(range(1, 5002))}, "at most 5000"),
            ({"action": "remove", "deviceIds": [1], "edit": {"location": "x"}}, "edit"),
            ({"action": "edit", "deviceIds": [1]}, "edit"),
            ({"action": "edit", "deviceIds": [1], "edit": {}}, "edit"),
            ({"action": "edit", "deviceIds": [1], "edit": {"name": "Same for all"}}, "edit.name"),
            ({"action": "edit", "deviceIds": [1], "edit": {"serial": "x"}}, "serial"),
            ({"action": "edit", "deviceIds": [1], "edit": {"linkUrl": "javascript:alert(1)"}}, "linkUrl"),
            ({"action": "edit", "deviceIds": [1], "edit": {"contact": 7}}, "contact"),
            ({"action": "remove", "deviceIds": [1], "extra": True}, "extra"),
        ]
        for body, mentions in cases:
            with self.subTest(body=str(body)[:80]):
                self.assertProblem(client.request("POST", BATCH, body), 400, "invalid_input", mentions)
        self.assertEqual(self.device(client, 1)["state"], "managed", "nothing was done")
        # 5,000 distinct ids is the cap, not beyond it.
        at_cap = self.batch(client, {"action": "refresh", "deviceIds": list(range(1, 5001))})
        self.assertEqual(len(at_cap["failures"]), 5000)
        # A batch changes devices: a read-only session or a forged request cannot send one.
        self.assertEqual(client.request("POST", BATCH, {"action": "remove", "deviceIds": [1]},
                                        csrf=False).status, 403)

    def test_a_device_manager_of_a_region_reaches_only_its_devices(self):
        manager, _ = self.seeded_manager(extra=2)
        manager.stop()
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            (admin_hash,) = db.execute(
                "SELECT password_hash FROM users WHERE username = 'administrator'").fetchone()
            db.execute("INSERT INTO regions (id, name, time_zone, created_at, updated_at) "
                       "VALUES (7, 'Paris', 'Europe/Paris', ?, ?)", (SEEN, SEEN))
            db.execute("INSERT INTO region_rules (region_id, position, type, value, ipv4_first, "
                       "ipv4_last) VALUES (7, 0, 'range', '10.0.0.13-10.0.0.14', ?, ?)",
                       (0x0A00000D, 0x0A00000E))
            db.execute("UPDATE devices SET region_id = 7 WHERE id IN (3, 4)")
            db.execute("INSERT INTO users (id, username, password_hash, role, builtin, created_at, "
                       "grants) VALUES (50, 'paris-dm', ?, 'device_manager', 0, ?, ?)",
                       (admin_hash, SEEN, DEVICES_GRANT))
            db.execute("INSERT INTO user_regions (user_id, region_id) VALUES (50, 7)")
        db.close()
        manager.start()
        dm = manager.client()
        self.assertEqual(dm.login("paris-dm", ADMIN_PASSWORD).status, 200)

        result = self.batch(dm, {"action": "edit", "deviceIds": [1, 3, 4, 101],
                                 "edit": {"contact": "paris-desk"}})
        self.assertEqual(result["succeeded"], 2)
        # Outside the region: answered as unknown, as GET /devices/{id} answers it.
        self.assertEqual([(f["id"], f["code"]) for f in result["failures"]],
                         [(1, "not_found"), (101, "not_found")])
        admin = manager.admin()
        self.assertEqual([self.device(admin, i)["contact"] for i in (1, 3, 4, 101)],
                         ["", "paris-desk", "paris-desk", ""])


if __name__ == "__main__":
    unittest.main()
