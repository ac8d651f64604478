"""End to end: the audit log through the real Manager.

A sequence of state changes (a failed login with a formula as the name, the administrator's
login, devices imported, one edited, a credential with a community, the retention setting, a
Device Manager refused, a logout) appears in GET /api/v1/audit-log newest first with who, from
where, what (action, route, target) and the status, with before/after for the edit and the
setting; a repeated failure locks an account (auth.lockout); no password or community is in any
record or export; the filters narrow it; the CSV and XLSX exports, read back with Python's csv
module and openpyxl, hold the same records with formula injection neutralised; a User and a
Device Manager get 403 on every audit route.
"""
import csv
import io
import os
import sqlite3
import sys
import unittest
import urllib.parse

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import ADMIN_PASSWORD, PrintwardenTestCase  # noqa: E402

WRONG_PASSWORD = "Wrong-Pass-123"
COMMUNITY = "audit-secret-community"
FORMULA_NAME = "=HYPERLINK(\"http://evil.example\")"  # typed as a user name by an attacker
DEVICES_GRANT = 1  # GrantSet bit of "devices"
COLUMNS = ["DeviceType", "ProductName", "Manufacturer", "PhysicalAddress", "State", "DeviceName"]
AUDIT_ROUTES = [("GET", "/api/v1/audit-log"), ("GET", "/api/v1/audit-log/export?format=csv"),
                ("GET", "/api/v1/settings/audit-log"), ("PUT", "/api/v1/settings/audit-log")]


class AuditLogTest(PrintwardenTestCase):
    def seed_users(self, manager):
        """A User and a Device Manager with the devices grant, the administrator's password."""
        manager.stop()
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            (admin_hash,) = db.execute(
                "SELECT password_hash FROM users WHERE username = 'administrator'").fetchone()
            for user_id, name, role, grants in ((60, "viewer", "user", 0),
                                                (61, "fleet-dm", "device_manager", DEVICES_GRANT)):
                db.execute("INSERT INTO users (id, username, password_hash, role, builtin, "
                           "created_at, grants) VALUES (?, ?, ?, ?, 0, 0, ?)",
                           (user_id, name, admin_hash, role, grants))
        db.close()
        manager.start()

    def log(self, client, **filters):
        resp = client.request("GET", "/api/v1/audit-log?" + urllib.parse.urlencode(filters))
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def export(self, client, fmt, **filters):
        resp = client.request("GET", "/api/v1/audit-log/export?" +
                              urllib.parse.urlencode(dict(filters, format=fmt)))
        self.assertEqual(resp.status, 200, resp.body)
        return resp

    def test_changes_are_recorded_with_who_what_and_result_and_never_a_secret(self):
        manager = self.manager()
        self.seed_users(manager)
        anonymous = manager.client()
        self.assertEqual(anonymous.login(FORMULA_NAME, WRONG_PASSWORD).status, 401)
        admin = manager.admin()

        csv_rows = io.StringIO()
        writer = csv.writer(csv_rows, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerow(["Printer", "M1", "Acme", "00:11:22:33:44:01", "Managed", "Front desk"])
        resp = admin.request("POST", "/api/v1/devices/import?format=csv",
                             raw=csv_rows.getvalue().encode(),
                             headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(resp.status, 200, resp.body)
        device_id = admin.request("GET", "/api/v1/devices").json()["items"][0]["id"]
        resp = admin.request("PATCH", f"/api/v1/devices/{device_id}",
                             {"name": "Reception", "location": "Floor 2"})
        self.assertEqual(resp.status, 200, resp.body)
        resp = admin.request("POST", "/api/v1/credentials",
                             {"kind": "snmpv1", "description": "fleet", "agentIds": [],
                              "fields": {"version": "v2c", "community": COMMUNITY}})
        self.assertEqual(resp.status, 201, resp.body)
        throttle = admin.request("GET", "/api/v1/settings/notification-throttle").json()
        resp = admin.request("PUT", "/api/v1/settings/notification-throttle",
                             dict(throttle, limit=throttle["limit"] + 1))
        self.assertEqual(resp.status, 200, resp.body)
        resp = admin.request("PUT", "/api/v1/settings/audit-log", {"retentionDays": 30})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(admin.request("GET", "/api/v1/settings/audit-log").json(),
                         {"retentionDays": 30})

        dm = manager.client()
        self.assertEqual(dm.login("fleet-dm", ADMIN_PASSWORD).status, 200)
        viewer = manager.client()
        self.assertEqual(viewer.login("viewer", ADMIN_PASSWORD).status, 200)
        for client in (dm, viewer):
            for method, path in AUDIT_ROUTES:
                body = {"retentionDays": 1} if method == "PUT" else None
                self.assertEqual(client.request(method, path, body).status, 403, (method, path))
        self.assertEqual(viewer.request("POST", "/api/v1/auth/logout").status, 204)

        page = self.log(admin)
        records = page["items"]
        got = [(r["actor"], r["username"], r["action"], r["status"]) for r in records]
        self.assertEqual(got, [
            ("user", "viewer", "auth.logout", 204),
            ("user", "viewer", "settings.audit-log.update", 403),
            ("user", "fleet-dm", "settings.audit-log.update", 403),
            ("user", "viewer", "auth.login", 200),
            ("user", "fleet-dm", "auth.login", 200),
            ("user", "administrator", "settings.audit-log.update", 200),
            ("user", "administrator", "settings.notification-throttle.update", 200),
            ("user", "administrator", "credentials.create", 201),
            ("user", "administrator", "devices.update", 200),
            ("user", "administrator", "devices.import", 200),
            ("user", "administrator", "auth.login", 200),
            ("anonymous", FORMULA_NAME, "auth.login", 401),
        ])
        self.assertEqual(page["total"], len(records))
        by_action = {(r["username"], r["action"]): r for r in records}
        edit = by_action[("administrator", "devices.update")]
        self.assertEqual((edit["method"], edit["route"], edit["target"], edit["result"]),
                         ("PATCH", "/api/v1/devices/{id}", str(device_id), "success"))
        self.assertEqual(edit["details"]["before"], {"name": "Front desk", "location": ""})
        self.assertEqual(edit["details"]["after"], {"name": "Reception", "location": "Floor 2"})
        setting = by_action[("administrator", "settings.audit-log.update")]
        self.assertEqual((setting["details"]["before"], setting["details"]["after"]),
                         ({"retentionDays": 365}, {"retentionDays": 30}))
        storm = by_action[("administrator", "settings.notification-throttle.update")]
        self.assertEqual((storm["details"]["before"], storm["details"]["after"]),
                         ({"limit": throttle["limit"]}, {"limit": throttle["limit"] + 1}))
        self.assertEqual(by_action[("administrator", "devices.import")]["details"],
                         {"requestBytes": len(csv_rows.getvalue().encode())})
        failed = records[-1]
        self.assertEqual((failed["userId"], failed["result"], failed["category"]),
                         (None, "failure", "auth"))
        for r in records:
            self.assertEqual(r["address"], "127.0.0.1")
            self.assertIsNone(r["tokenId"])
        credential = by_action[("administrator", "credentials.create")]
        self.assertEqual(credential["details"]["request"]["fields"]["community"], "[redacted]")

        # Filters: user, category, result, time range, paging.
        self.assertEqual([r["action"] for r in self.log(admin, user="VIEWER")["items"]],
                         ["auth.logout", "settings.audit-log.update", "auth.login"])
        self.assertEqual(len(self.log(admin, action="settings", result="failure")["items"]), 2)
        self.assertEqual(self.log(admin, action="devices.update")["total"], 1)
        self.assertEqual(self.log(admin, **{"from": "2000-01-01", "to": "2000-01-02"})["total"], 0)
        second = self.log(admin, page=2, pageSize=4)
        self.assertEqual([r["id"] for r in second["items"]], [r["id"] for r in records[4:8]])
        resp = admin.request("GET", "/api/v1/audit-log?result=maybe")
        self.assertEqual((resp.status, resp.json()["code"]), (400, "invalid_input"))
        self.assertIn("result", resp.json()["message"])

        # Exports: the same records, newest first, read back by independent readers.
        exported = self.export(admin, "csv")
        self.assertEqual(exported.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(exported.headers["Content-Disposition"],
                         'attachment; filename="audit-log.csv"')
        table = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig"))))
        header = table[0]
        self.assertEqual(header[:6], ["Time (UTC)", "Actor", "User", "Token", "Address", "Action"])
        rows = [dict(zip(header, row)) for row in table[1:]]
        # The export also holds the 403s of the export route itself and the reads since: GETs
        # are not recorded, so it is the same records as the list.
        self.assertEqual([(r["User"], r["Action"], r["Status"]) for r in rows],
                         [(r["username"] if not r["username"].startswith("=") else
                           "'" + r["username"], r["action"], str(r["status"])) for r in records])
        self.assertEqual(rows[-1]["User"], "'" + FORMULA_NAME)  # neutralised, not a formula

        workbook = openpyxl.load_workbook(io.BytesIO(self.export(admin, "xlsx").body))
        sheet = workbook.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(values[0][:3]), ["Time (UTC)", "Actor", "User"])
        self.assertEqual(len(values), len(records) + 1)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                self.assertIn(cell.data_type, ("s", "n"))  # strings (n: an empty cell)
        self.assertEqual(values[-1][2], "'" + FORMULA_NAME)
        only_failures = self.export(admin, "txt", result="failure").body.decode("utf-8-sig")
        self.assertEqual(len(only_failures.strip().split("\r\n")) - 1,
                         len([r for r in records if r["result"] == "failure"]))

        listed = admin.request("GET", "/api/v1/audit-log?pageSize=500").body
        for body in (listed, exported.body, self.export(admin, "xlsx").body):
            for secret in (COMMUNITY.encode(), WRONG_PASSWORD.encode(), ADMIN_PASSWORD.encode()):
                self.assertNotIn(secret, body)
        database = b""
        for name in ("manager.db", "manager.db-wal"):  # recent records are still in the WAL
            path = os.path.join(manager.data_dir, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    database += f.read()
        self.assertIn(b"settings.audit-log.update", database)  # the records are in there
        for secret in (WRONG_PASSWORD.encode(), ADMIN_PASSWORD.encode()):
            self.assertNotIn(secret, database)

    def test_a_repeated_failure_locks_the_account_and_says_so(self):
        manager = self.manager()
        self.seed_users(manager)
        client = manager.client()
        for _ in range(5):  # the default lockout threshold
            self.assertEqual(client.login("viewer", WRONG_PASSWORD).status, 401)
        self.assertEqual(client.login("viewer", ADMIN_PASSWORD).status, 401)  # locked
        records = self.log(manager.admin(), user="viewer")["items"]
        self.assertEqual([r["action"] for r in records],
                         ["auth.login", "auth.lockout"] + ["auth.login"] * 4)
        self.assertEqual(records[0]["details"].get("locked"), True)
        self.assertTrue(all(r["status"] == 401 and r["actor"] == "anonymous" for r in records))


if __name__ == "__main__":
    unittest.main()
