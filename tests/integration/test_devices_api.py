"""The device registry's REST API against the real binary: list with paging, sorting and
filtering, get, edit, remove, restore, delete, and the 400s of malformed requests.

Nothing discovers devices yet, so each test seeds them straight into the database of a stopped
Manager (as test_https_interop.py does with certificates) and starts it again; the product has
no test-only routes.
"""
import os
import sqlite3
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

SEEN = 1_800_000_000

# id, state, vendor, model, serial, mac, ip, name, location
DEVICES = [
    (1, "managed", "HP", "LaserJet M507", "HPS001", "00:11:22:33:44:01", "10.0.0.11", "Reception", "Berlin HQ"),
    (2, "managed", "Canon", "imageRUNNER C3226", "CNS002", "00:11:22:33:44:02", "10.0.0.12", "", "berlin lab"),
    (3, "unmanaged", "Hewlett-Packard", "OfficeJet 9010", "HPS003", "00:11:22:33:44:03", "10.0.0.13", "", "Paris"),
    (4, "managed", "Xerox", "VersaLink C405", "XRS004", "00:11:22:33:44:04", "10.0.0.14", "Finance", "Paris"),
    (5, "removed", "Brother", "HL-L8360", "BRS005", "00:11:22:33:44:05", "10.0.0.15", "Old", "Berlin HQ"),
]


class DevicesApiTest(PrintwardenTestCase):
    def seeded_manager(self, extra=0):
        """A Manager whose database holds DEVICES plus `extra` HP devices with ids from 101."""
        manager = self.manager()
        manager.stop()
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        rows = list(DEVICES) + [
            (100 + i, "managed", "HP", "LaserJet M507", f"EX{i:03}", f"00:11:22:33:55:{i:02x}",
             f"10.0.1.{i}", "", "") for i in range(1, extra + 1)]
        with db:
            for (device_id, state, vendor, model, serial, mac, ip, name, location) in rows:
                db.execute(
                    "INSERT INTO devices (id, state, state_before_removal, vendor, model, serial, "
                    "firmware, mac, name, location, ip_address, hostname, first_seen_at, "
                    "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, '1.0', ?, ?, ?, ?, ?, ?, ?)",
                    (device_id, state, "managed" if state == "removed" else None, vendor, model,
                     serial, mac, name, location, ip, f"printer-{device_id}", SEEN, SEEN + device_id))
        db.close()
        manager.start()
        return manager, manager.admin()

    @staticmethod
    def query(*pairs):
        return "/api/v1/devices?" + urllib.parse.urlencode(pairs)

    def ids(self, client, *pairs):
        resp = client.request("GET", self.query(*pairs))
        self.assertEqual(resp.status, 200, resp.body)
        return [d["id"] for d in resp.json()["items"]]

    def assertProblem(self, resp, status, code, mentions=None):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code)
        if mentions:
            self.assertIn(mentions, body["message"])

    def test_list_pages_sorts_and_leaves_removed_devices_out(self):
        _, client = self.seeded_manager(extra=25)
        first = client.request("GET", self.query(("pageSize", 10))).json()
        self.assertEqual(first["total"], 29)  # 4 + 25; the removed one is left out
        self.assertEqual(first["page"], 1)
        self.assertEqual(first["pageSize"], 10)
        self.assertEqual([d["id"] for d in first["items"]], [1, 2, 3, 4, 101, 102, 103, 104, 105, 106])
        last = client.request("GET", self.query(("pageSize", 10), ("page", 3))).json()
        self.assertEqual([d["id"] for d in last["items"]], list(range(117, 126)))
        beyond = client.request("GET", self.query(("pageSize", 10), ("page", 9))).json()
        self.assertEqual((beyond["items"], beyond["total"]), ([], 29))
        default = client.request("GET", "/api/v1/devices").json()
        self.assertEqual((len(default["items"]), default["pageSize"]), (29, 200))

        device = first["items"][0]
        self.assertEqual(device, {
            "id": 1, "agentId": None, "state": "managed", "vendor": "HP", "model": "LaserJet M507",
            "serial": "HPS001", "firmware": "1.0", "mac": "00:11:22:33:44:01", "name": "Reception",
            "location": "Berlin HQ", "contact": "", "ipAddress": "10.0.0.11",
            "hostname": "printer-1", "firstSeen": "2027-01-15T08:00:00Z",
            "lastSeen": "2027-01-15T08:00:01Z", "linkUrl": "",
            "communication": {"protocol": "snmp", "version": None, "credentialId": None,
                              "lastError": None},
            "deviceType": "", "registeredBy": "discovery",
            "status": None, "lowestSupply": None,  # never polled
            "region": None})  # no region covers it

        self.assertEqual(self.ids(client, ("sort", "vendor"), ("filter[state]", "managed"),
                                  ("filter[state]", "unmanaged"), ("filter[serial]", "S0")),
                         [2, 3, 1, 4])
        self.assertEqual(self.ids(client, ("sort", "vendor"), ("order", "desc"),
                                  ("filter[serial]", "S0")), [4, 1, 3, 2])
        self.assertEqual(self.ids(client, ("sort", "lastSeen"), ("order", "desc"), ("pageSize", 3)),
                         [125, 124, 123])
        self.assertEqual(self.ids(client, ("sort", "name"), ("order", "desc"), ("pageSize", 2)),
                         [1, 4])  # "Reception", "Finance", then the unnamed ones

    def test_filters_or_values_and_and_fields(self):
        _, client = self.seeded_manager()
        self.assertEqual(self.ids(client, ("filter[vendor]", "hp"), ("filter[vendor]", "canon")), [1, 2])
        self.assertEqual(self.ids(client, ("filter[vendor]", "HP"), ("filter[vendor]", "Canon"),
                                  ("filter[location]", "BERLIN")), [1, 2])
        self.assertEqual(self.ids(client, ("filter[vendor]", "Hewlett"), ("filter[vendor]", "Xerox"),
                                  ("filter[location]", "paris")), [3, 4])
        self.assertEqual(self.ids(client, ("filter[vendor]", "Xerox"), ("filter[location]", "berlin")), [])
        self.assertEqual(self.ids(client, ("filter[state]", "removed")), [5])
        self.assertEqual(self.ids(client, ("filter[state]", "unmanaged"), ("filter[state]", "removed")),
                         [3, 5])
        self.assertEqual(self.ids(client, ("filter[ipAddress]", "10.0.0.14")), [4])
        self.assertEqual(self.ids(client, ("filter[mac]", "44:0")), [1, 2, 3, 4])
        self.assertEqual(self.ids(client, ("filter[agentId]", "7")), [])
        # Values that look like SQL are text to search for, nothing more.
        for value in ("' OR '1'='1", "'; DROP TABLE devices; --", "%", "_", "\") OR 1=1 --"):
            self.assertEqual(self.ids(client, ("filter[name]", value)), [], value)
        self.assertEqual(len(self.ids(client)), 4)

    def test_get_edit_remove_restore_and_delete(self):
        _, client = self.seeded_manager()
        self.assertEqual(client.request("GET", "/api/v1/devices/4").json()["name"], "Finance")
        self.assertProblem(client.request("GET", "/api/v1/devices/999"), 404, "not_found")
        self.assertProblem(client.request("GET", "/api/v1/devices/abc"), 400, "invalid_input")

        edited = client.request("PATCH", "/api/v1/devices/2", {
            "name": "Lab MFP", "contact": "lab@example.com", "linkUrl": "https://10.0.0.12/"})
        self.assertEqual(edited.status, 200, edited.body)
        body = edited.json()
        self.assertEqual((body["name"], body["location"], body["contact"], body["linkUrl"]),
                         ("Lab MFP", "berlin lab", "lab@example.com", "https://10.0.0.12/"))
        self.assertEqual(client.request("GET", "/api/v1/devices/2").json()["name"], "Lab MFP")
        self.assertEqual(client.request("PATCH", "/api/v1/devices/2", {"linkUrl": ""}).json()["linkUrl"], "")

        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", {"linkUrl": "javascript:alert(1)"}),
                           400, "invalid_input", "linkUrl")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", {"name": "x" * 256}),
                           400, "invalid_input", "name must be at most 255 characters")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", {"location": "a\u0007b"}),
                           400, "invalid_input", "location")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", {"serial": "X"}),
                           400, "invalid_input", "\"serial\"")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", {"name": 7}),
                           400, "invalid_input", "name must be a string")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/2", raw=b"[1]"), 400, "invalid_json")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/999", {"name": "x"}), 404, "not_found")

        self.assertProblem(client.request("POST", "/api/v1/devices/3/restore"), 409, "device_not_removed")
        self.assertProblem(client.request("DELETE", "/api/v1/devices/3"), 409, "device_not_removed")
        removed = client.request("POST", "/api/v1/devices/3/remove")
        self.assertEqual(removed.status, 200, removed.body)
        self.assertEqual(removed.json()["state"], "removed")
        self.assertNotIn(3, self.ids(client))
        self.assertProblem(client.request("POST", "/api/v1/devices/3/remove"), 409, "device_removed")
        self.assertProblem(client.request("PATCH", "/api/v1/devices/3", {"name": "x"}), 409, "device_removed")
        restored = client.request("POST", "/api/v1/devices/3/restore")
        self.assertEqual(restored.json()["state"], "unmanaged")  # the state it had
        self.assertIn(3, self.ids(client))

        self.assertEqual(client.request("DELETE", "/api/v1/devices/5").status, 204)
        self.assertProblem(client.request("GET", "/api/v1/devices/5"), 404, "not_found")
        self.assertProblem(client.request("DELETE", "/api/v1/devices/5"), 404, "not_found")
        self.assertProblem(client.request("POST", "/api/v1/devices/5/restore"), 404, "not_found")

    def test_malformed_list_requests_are_400s_naming_the_problem(self):
        _, client = self.seeded_manager()
        cases = [
            ((("page", "0"),), "page must be at least 1"),
            ((("page", "abc"),), "page must be a positive integer"),
            ((("pageSize", "201"),), "pageSize must be between 1 and 200"),
            ((("pageSize", "-1"),), "pageSize must be between 1 and 200"),
            ((("sort", "password"),), "sort: there is no device field \"password\""),
            ((("sort", "name; DROP TABLE devices"),), "sort: there is no device field"),
            ((("order", "up"),), "order must be asc or desc"),
            ((("filter[colour]", "red"),), "filter: there is no device field \"colour\""),
            ((("filter[firstSeen]", "1"),), "the list cannot be filtered by firstSeen"),
            ((("filter[state]", "gone"),), "filter state must be managed, unmanaged or removed"),
            ((("filter[agentId]", "1 OR 1=1"),), "filter agentId must be a positive integer"),
            ((("vendor", "HP"),), "unknown query parameter \"vendor\""),
        ]
        for pairs, message in cases:
            self.assertProblem(client.request("GET", self.query(*pairs)), 400, "invalid_input", message)
        self.assertEqual(len(self.ids(client)), 4)

    def test_devices_need_a_system_manager_session_and_the_csrf_token(self):
        manager, client = self.seeded_manager()
        self.assertProblem(manager.client().request("GET", "/api/v1/devices"), 401, "unauthenticated")
        self.assertProblem(client.request("POST", "/api/v1/devices/1/remove", csrf=False),
                           403, "csrf_token_invalid")
        self.assertEqual(client.request("GET", "/api/v1/devices/1").json()["state"], "managed")


if __name__ == "__main__":
    unittest.main()
