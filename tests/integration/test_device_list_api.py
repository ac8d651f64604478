"""The device list's monitoring columns and saved views against the real binary: status and
lowest supply filters (OR within a field, AND across fields) and sorts, status counts that
follow the filter, the lowest supply's name and colorant, and the saved views of each user.

Devices and their monitoring rows are seeded into a stopped Manager's database, as
test_devices_api.py does.
"""
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from test_devices_api import SEEN, DevicesApiTest  # noqa: E402

# device id -> (severity, power, lowest percent or None, lowest state, supply name, colorant);
# device 4 is never polled, 5 is removed.
READINGS = {
    1: ("error", "on", 3, "value", "Black Toner Cartridge", "black"),
    2: ("ok", "sleep", 80, "value", "Cyan Toner", "cyan"),
    3: ("warning", "on", None, "some_remaining", "Waste Toner", ""),
}


class DeviceListApiTest(DevicesApiTest):
    def polled_manager(self):
        manager, _ = self.seeded_manager()
        manager.stop()
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            for device_id, (severity, power, percent, state, name, colorant) in READINGS.items():
                db.execute(
                    "INSERT INTO device_status (device_id, state_key, severity, power, conditions, "
                    "alerts, read_at, since) VALUES (?, ?, ?, ?, '', '[]', ?, ?)",
                    (device_id, f"{severity}|{power}|", severity, power, SEEN, SEEN))
                db.execute(
                    "INSERT INTO device_supplies (device_id, body, lowest_percent, lowest_state, "
                    "lowest_name, lowest_colorant, read_at) VALUES (?, '{}', ?, ?, ?, ?, ?)",
                    (device_id, percent, state, name, colorant, SEEN))
        db.close()
        manager.start()
        return manager, manager.admin()

    def page(self, client, *pairs):
        resp = client.request("GET", self.query(*pairs))
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def test_status_filters_or_within_a_field_and_and_across_fields(self):
        _, client = self.polled_manager()
        self.assertEqual(self.ids(client, ("filter[severity]", "error"), ("filter[severity]", "ok")), [1, 2])
        self.assertEqual(self.ids(client, ("filter[power]", "on")), [1, 3])
        self.assertEqual(self.ids(client, ("filter[severity]", "error"), ("filter[severity]", "ok"),
                                  ("filter[power]", "on")), [1])
        self.assertEqual(self.ids(client, ("filter[severity]", "notPolled")), [4])
        self.assertEqual(self.ids(client, ("filter[power]", "on"), ("filter[location]", "paris")), [3])

    def test_lowest_supply_filter_sort_and_name(self):
        _, client = self.polled_manager()
        self.assertEqual(self.ids(client, ("filter[lowestSupply]", "10")), [1])
        self.assertEqual(self.ids(client, ("filter[lowestSupply]", "10"), ("filter[lowestSupply]", "80")), [1, 2])
        self.assertEqual(self.ids(client, ("sort", "lowestSupply")), [1, 2, 3, 4])
        self.assertEqual(self.ids(client, ("sort", "lowestSupply"), ("order", "desc")), [4, 3, 2, 1])
        self.assertEqual(self.ids(client, ("sort", "severity"), ("order", "desc")), [1, 3, 2, 4])
        items = {d["id"]: d for d in self.page(client)["items"]}
        self.assertEqual(items[1]["lowestSupply"],
                         {"percent": 3, "state": "value", "name": "Black Toner Cartridge", "colorant": "black"})
        self.assertEqual(items[3]["lowestSupply"]["percent"], None)
        self.assertEqual(items[3]["lowestSupply"]["state"], "some_remaining")
        self.assertIsNone(items[4]["lowestSupply"])

    def test_status_counts_follow_the_filter(self):
        _, client = self.polled_manager()
        everything = self.page(client)
        self.assertEqual(everything["total"], 4)
        self.assertEqual(everything["statusCounts"]["severity"],
                         {"error": 1, "ok": 1, "warning": 1, "notPolled": 1})
        self.assertEqual(everything["statusCounts"]["power"], {"on": 2, "sleep": 1, "notPolled": 1})
        on = self.page(client, ("filter[power]", "on"), ("pageSize", 1))
        self.assertEqual(on["total"], 2)
        self.assertEqual(len(on["items"]), 1)
        self.assertEqual(on["statusCounts"], {"severity": {"error": 1, "warning": 1}, "power": {"on": 2}})
        for counts in (everything, on):
            for by in ("severity", "power"):
                self.assertEqual(sum(counts["statusCounts"][by].values()), counts["total"])
        none = self.page(client, ("filter[name]", "no such printer"))
        self.assertEqual((none["total"], none["statusCounts"]), (0, {"severity": {}, "power": {}}))

    def test_bad_monitoring_filters_are_400s_naming_them(self):
        _, client = self.polled_manager()
        for pairs, message in [
            ((("filter[severity]", "bad"),), "filter severity must be one of"),
            ((("filter[power]", "off"),), "filter power must be one of"),
            ((("filter[lowestSupply]", "101"),), "filter lowestSupply must be a percentage"),
            ((("filter[lowestSupply]", "<=5"),), "filter lowestSupply must be a percentage"),
        ]:
            self.assertProblem(client.request("GET", self.query(*pairs)), 400, "invalid_input", message)

    def test_saved_views_per_user(self):
        manager, client = self.seeded_manager()
        settings = {"columns": ["name", "status", "lowestSupply"], "sort": "severity", "order": "desc",
                    "filters": {"power": ["on", "sleep"]}}
        created = client.request("POST", "/api/v1/device-views", {"name": "Awake", "settings": settings})
        self.assertEqual(created.status, 201, created.body)
        view = created.json()
        self.assertEqual((view["name"], view["settings"]), ("Awake", settings))
        self.assertProblem(client.request("POST", "/api/v1/device-views", {"name": "Awake", "settings": {}}),
                           409, "view_name_taken")
        for body, message in [
            ({"name": "x"}, "settings is required"),
            ({"name": "", "settings": {}}, "name must be 1 to 100 characters"),
            ({"name": "x", "settings": {"sort": "colour"}}, "settings.sort"),
            ({"name": "x", "settings": {"filters": {"severity": ["bad"]}}}, "filter severity must be one of"),
            ({"name": "x", "settings": {"columns": ["a b"]}}, "settings.columns"),
            ({"name": "x", "settings": {"page": 2}}, "settings.\"page\""),
        ]:
            self.assertProblem(client.request("POST", "/api/v1/device-views", body), 400, "invalid_input", message)
        renamed = client.request("PATCH", f"/api/v1/device-views/{view['id']}", {"name": "On or asleep"})
        self.assertEqual(renamed.status, 200, renamed.body)
        self.assertEqual((renamed.json()["name"], renamed.json()["settings"]), ("On or asleep", settings))
        changed = client.request("PATCH", f"/api/v1/device-views/{view['id']}",
                                 {"settings": {"filters": {"lowestSupply": ["20"]}}})
        self.assertEqual(changed.json()["settings"],
                         {"columns": [], "sort": None, "order": "asc", "filters": {"lowestSupply": ["20"]}})
        listed = client.request("GET", "/api/v1/device-views").json()["items"]
        self.assertEqual([v["name"] for v in listed], ["On or asleep"])
        # A restart keeps the views.
        manager.stop()
        manager.start()
        client = manager.admin()
        self.assertEqual(len(client.request("GET", "/api/v1/device-views").json()["items"]), 1)
        self.assertEqual(client.request("DELETE", f"/api/v1/device-views/{view['id']}").status, 204)
        self.assertProblem(client.request("DELETE", f"/api/v1/device-views/{view['id']}"), 404, "not_found")
        self.assertEqual(client.request("GET", "/api/v1/device-views").json()["items"], [])


del DevicesApiTest  # its tests run from test_devices_api.py

if __name__ == "__main__":
    unittest.main()
