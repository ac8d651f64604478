"""Device groups through the REST API of the real Manager: create static and dynamic groups in a
hierarchy, members by id and by the device list's filter, the device list's filter[group],
loops, sibling names, subtree deletion, the 5,000 limit, removed devices, and 400s naming the
field. Devices are seeded into a stopped Manager's database, as test_devices_api.py does.
"""
import os
import sqlite3
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

SEEN = 1_800_000_000


class GroupsApiTest(PrintwardenTestCase):
    def seeded_manager(self, count):
        """A Manager with `count` managed devices, ids 1..count; odd ids are HP, even ones Canon."""
        manager = self.manager()
        manager.stop()
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            for i in range(1, count + 1):
                db.execute(
                    "INSERT INTO devices (id, state, vendor, model, serial, firmware, mac, name, "
                    "location, ip_address, hostname, first_seen_at, last_seen_at) "
                    "VALUES (?, 'managed', ?, 'M', ?, '1.0', ?, '', '', ?, '', ?, ?)",
                    (i, "HP" if i % 2 else "Canon", f"S{i:05}",
                     f"00:11:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}:01",
                     f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", SEEN, SEEN))
        db.close()
        manager.start()
        return manager.admin()

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.body)
        return resp.json() if status != 204 else None

    def problem(self, resp, status, code, mentions=None):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code, body)
        if mentions:
            self.assertIn(mentions, body["message"])

    def create(self, client, **group):
        return self.ok(client.request("POST", "/api/v1/groups", group), 201)

    def device_ids(self, client, *groups, extra=()):
        pairs = [("filter[group]", g) for g in groups] + list(extra) + [("pageSize", 200)]
        page = self.ok(client.request("GET", "/api/v1/devices?" + urllib.parse.urlencode(pairs)))
        return [d["id"] for d in page["items"]]

    def test_static_and_dynamic_groups_in_a_tree(self):
        client = self.seeded_manager(10)
        sites = self.create(client, name="Sites", kind="static", comment="by site")
        self.assertEqual(sites, {"id": sites["id"], "parentId": None, "name": "Sites",
                                 "comment": "by site", "kind": "static", "filter": None,
                                 "memberCount": 0, "createdAt": sites["createdAt"]})
        paris = self.create(client, name="Paris", kind="static", parentId=sites["id"])
        hp = self.create(client, name="HP", kind="dynamic", parentId=sites["id"],
                         filter={"vendor": ["hp"], "state": ["managed"]})
        self.assertEqual(hp["filter"], {"vendor": ["hp"], "state": ["managed"]})
        self.assertEqual(hp["memberCount"], 5)

        added = self.ok(client.request("POST", f"/api/v1/groups/{paris['id']}/members",
                                       {"deviceIds": [2, 3, 3, 4]}))
        self.assertEqual(added, {"added": 3, "memberCount": 3})
        # "Add all devices of the current view": the view's filter (values OR-ed, fields AND-ed),
        # here the HP group's devices at two addresses, 3 being a member already.
        added = self.ok(client.request("POST", f"/api/v1/groups/{paris['id']}/members",
                                       {"filter": {"group": [hp["id"]],
                                                   "ipAddress": ["10.0.0.3", "10.0.0.5", "10.0.0.9"]}}))
        self.assertEqual(added, {"added": 2, "memberCount": 5})
        self.assertEqual(self.device_ids(client, paris["id"]), [2, 3, 4, 5, 9])

        # filter[group]: values OR-ed, AND-ed with other fields.
        self.assertEqual(self.device_ids(client, paris["id"], hp["id"]), [1, 2, 3, 4, 5, 7, 9])
        self.assertEqual(self.device_ids(client, paris["id"], extra=[("filter[vendor]", "canon")]),
                         [2, 4])
        self.assertEqual(self.device_ids(client, 999), [])
        self.problem(client.request("GET", "/api/v1/devices?filter[group]=x"), 400,
                     "invalid_input", "filter group")

        tree = self.ok(client.request("GET", "/api/v1/groups?view=tree"))["items"]
        self.assertEqual([g["name"] for g in tree], ["Sites"])
        self.assertEqual([(g["name"], g["memberCount"]) for g in tree[0]["children"]],
                         [("HP", 5), ("Paris", 5)])
        self.assertEqual(tree[0]["memberCount"], 0)  # a parent holds only its own devices
        flat = self.ok(client.request("GET", "/api/v1/groups"))["items"]
        self.assertEqual([(g["name"], g["parentId"]) for g in flat],
                         [("Sites", None), ("HP", sites["id"]), ("Paris", sites["id"])])

        removed = self.ok(client.request("DELETE", f"/api/v1/groups/{paris['id']}/members",
                                         {"deviceIds": [1, 2, 8]}))
        self.assertEqual(removed, {"removed": 1, "memberCount": 4})

        # A removed device is in no group, whatever the list asks for; restored, it is back.
        self.ok(client.request("POST", "/api/v1/devices/3/remove"))
        self.assertEqual(self.device_ids(client, paris["id"]), [4, 5, 9])
        self.assertEqual(self.device_ids(client, hp["id"], extra=[("filter[state]", "removed")]), [])
        self.assertEqual(self.ok(client.request("GET", f"/api/v1/groups/{hp['id']}"))["memberCount"], 4)
        self.problem(client.request("POST", f"/api/v1/groups/{paris['id']}/members", {"deviceIds": [3, 77]}),
                     400, "invalid_input", "3, 77")
        self.ok(client.request("POST", "/api/v1/devices/3/restore"))
        self.assertEqual(self.device_ids(client, paris["id"]), [3, 4, 5, 9])

        # A dynamic group's filter changes; its devices follow at once.
        edited = self.ok(client.request("PATCH", f"/api/v1/groups/{hp['id']}",
                                        {"filter": {"vendor": ["canon"]}, "name": "Canon"}))
        self.assertEqual((edited["name"], edited["memberCount"]), ("Canon", 5))
        self.problem(client.request("POST", f"/api/v1/groups/{hp['id']}/members", {"deviceIds": [1]}),
                     409, "group_dynamic")

    def test_hierarchy_rules(self):
        client = self.seeded_manager(1)
        a = self.create(client, name="A", kind="static")
        b = self.create(client, name="B", kind="static", parentId=a["id"])
        c = self.create(client, name="C", kind="dynamic", parentId=b["id"])
        self.problem(client.request("PATCH", f"/api/v1/groups/{a['id']}", {"parentId": c["id"]}),
                     409, "group_cycle")
        self.problem(client.request("PATCH", f"/api/v1/groups/{a['id']}", {"parentId": a["id"]}),
                     409, "group_cycle")
        self.problem(client.request("POST", "/api/v1/groups", {"name": "b", "kind": "static",
                                                                "parentId": a["id"]}),
                     409, "group_name_taken")
        self.create(client, name="B", kind="static")  # same name, another level
        self.problem(client.request("POST", "/api/v1/groups", {"name": "x", "kind": "static",
                                                                "parentId": 999}),
                     400, "invalid_input", "parentId")
        self.problem(client.request("PATCH", f"/api/v1/groups/{a['id']}", {"kind": "dynamic"}),
                     400, "invalid_input", "kind cannot be changed")
        self.problem(client.request("POST", "/api/v1/groups", {"name": "x", "kind": "dynamic",
                                                                "filter": {"group": [1]}}),
                     400, "invalid_input", "filter.group")
        self.problem(client.request("POST", "/api/v1/groups", {"name": "x", "kind": "dynamic",
                                                                "filter": {"colour": ["red"]}}),
                     400, "invalid_input", "colour")
        self.problem(client.request("POST", "/api/v1/groups", {"name": "x", "kind": "sometimes"}),
                     400, "invalid_input", "kind")
        self.problem(client.request("POST", "/api/v1/groups", {"name": "", "kind": "static"}),
                     400, "invalid_input", "name")
        self.problem(client.request("POST", f"/api/v1/groups/{a['id']}/members", {"deviceIds": []}),
                     400, "invalid_input", "deviceIds")
        self.problem(client.request("POST", f"/api/v1/groups/{a['id']}/members", {}),
                     400, "invalid_input", "deviceIds or filter")

        moved = self.ok(client.request("PATCH", f"/api/v1/groups/{c['id']}", {"parentId": None}))
        self.assertIsNone(moved["parentId"])
        self.problem(client.request("DELETE", f"/api/v1/groups/{a['id']}"), 409, "group_has_children")
        self.ok(client.request("DELETE", f"/api/v1/groups/{a['id']}?subtree=true"), 204)
        self.problem(client.request("GET", f"/api/v1/groups/{b['id']}"), 404, "not_found")
        self.assertEqual(sorted(g["name"] for g in self.ok(client.request("GET", "/api/v1/groups"))["items"]),
                         ["B", "C"])
        self.ok(client.request("GET", "/api/v1/devices/1"))  # devices stay

    def test_a_static_group_holds_at_most_5000_devices(self):
        client = self.seeded_manager(5001)
        big = self.create(client, name="Big", kind="static")
        members = f"/api/v1/groups/{big['id']}/members"
        self.problem(client.request("POST", members, {"deviceIds": list(range(1, 5002))}),
                     400, "invalid_input", "at most 5000")
        self.assertEqual(self.ok(client.request("POST", members, {"deviceIds": list(range(1, 5001))})),
                         {"added": 5000, "memberCount": 5000})
        self.problem(client.request("POST", members, {"deviceIds": [5001]}), 400, "group_too_large")
        every = self.create(client, name="Every", kind="static")
        self.problem(client.request("POST", f"/api/v1/groups/{every['id']}/members", {"filter": {}}),
                     400, "group_too_large")  # 5,001 devices in the view: nothing added
        self.assertEqual(self.ok(client.request("GET", f"/api/v1/groups/{every['id']}"))["memberCount"], 0)


if __name__ == "__main__":
    unittest.main()
