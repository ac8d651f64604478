"""The counters report through the real binary: figures from known histories seeded into a
stopped Manager's database (a reset, a printer replaced mid-month, a region in another time
zone), the caller's regions, the 400s, and the exports read back with Python's csv module and
openpyxl (formula injection neutralised, never a formula cell).

The history, by hand (server zone UTC; region Tokyo = Asia/Tokyo holds devices 3 and 4):
- device 1 (no region): 31 May 1000, 10 Jun 1500 (+500), 20 Jun 200 (reset: +200),
  30 Jun 12:00Z 260 (+60) -> June 760; May has no figure (its reading is the first).
- device 4 (Tokyo): 31 May 23:30 JST 5000 (May, the baseline), 1 Jun 5100 (+100),
  15 Jun another printer (serial NEW) at 90000 (replaced: 0), 30 Jun 23:30 JST 90050 (+50)
  -> June 150. Cut in UTC instead, the 31 May 14:30Z reading would still be May, but by day the
  first Tokyo day of the daily report would differ (its periods start at 15:00Z).
"""
import calendar
import csv
import io
import os
import sqlite3
import sys
import unittest
import urllib.parse
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
import test_devices_api as devices_api  # noqa: E402  (a module, so its tests are not run here)
from printwarden import ADMIN_PASSWORD, PrintwardenTestCase  # noqa: E402

import openpyxl  # noqa: E402  (Debian python3-openpyxl)

REPORTS_GRANT = 8  # bit 3: core Grant::kReports
NAME_WITH_FORMULA = '=HYPERLINK("http://x.example","click")'


def ts(day, hour=12, minute=0):
    """Seconds of 2026-MM-DD hh:mm UTC; day is (month, day)."""
    return calendar.timegm((2026, day[0], day[1], hour, minute, 0))


# device id -> [(read_at, total, serial)]
READINGS = {
    1: [(ts((5, 31)), 1000, ""), (ts((6, 10)), 1500, ""), (ts((6, 20)), 200, ""),
        (ts((6, 30)), 260, "")],
    4: [(ts((5, 31), 14, 30), 5000, "XRS004"), (ts((6, 1), 3), 5100, "XRS004"),
        (ts((6, 15), 3), 90000, "NEW"), (ts((6, 30), 14, 30), 90050, "NEW")],
}


SEEN = devices_api.SEEN


class ReportsTest(PrintwardenTestCase):
    seeded_manager = devices_api.DevicesApiTest.seeded_manager
    assertProblem = devices_api.DevicesApiTest.assertProblem

    def reporting_manager(self):
        manager, _ = self.seeded_manager()
        manager.stop()
        manager.config["time_zone"] = "UTC"
        db = sqlite3.connect(os.path.join(manager.data_dir, "manager.db"))
        with db:
            (admin_hash,) = db.execute(
                "SELECT password_hash FROM users WHERE username = 'administrator'").fetchone()
            db.execute("INSERT INTO regions (id, name, time_zone, created_at, updated_at) "
                       "VALUES (7, 'Tokyo', 'Asia/Tokyo', ?, ?)", (SEEN, SEEN))
            db.execute("INSERT INTO region_rules (region_id, position, type, value, ipv4_first, "
                       "ipv4_last) VALUES (7, 0, 'range', '10.0.0.13-10.0.0.14', ?, ?)",
                       (0x0A00000D, 0x0A00000E))
            db.execute("UPDATE devices SET region_id = 7 WHERE id IN (3, 4)")
            db.execute("UPDATE devices SET name = ? WHERE id = 1", (NAME_WITH_FORMULA,))
            db.execute("INSERT INTO users (id, username, password_hash, role, builtin, created_at, "
                       "grants) VALUES (50, 'tokyo-reports', ?, 'device_manager', 0, ?, ?)",
                       (admin_hash, SEEN, REPORTS_GRANT))
            db.execute("INSERT INTO user_regions (user_id, region_id) VALUES (50, 7)")
            for device_id, rows in READINGS.items():
                for read_at, total, serial in rows:
                    db.execute("INSERT INTO counter_readings (device_id, day, read_at, total, "
                               "units, serial) VALUES (?, ?, ?, ?, 'impressions', ?)",
                               (device_id, read_at // 86400, read_at, total, serial))
        db.close()
        manager.start()
        return manager, manager.admin()

    def report(self, client, *pairs, path="/api/v1/reports/counters"):
        resp = client.request("GET", path + "?" + urllib.parse.urlencode(pairs))
        self.assertEqual(resp.status, 200, resp.body)
        return resp

    def test_monthly_daily_by_counter_and_lifetime_figures(self):
        _, admin = self.reporting_manager()
        monthly = self.report(admin, ("period", "monthly"), ("end", "2026-06-30")).json()
        self.assertEqual([p["label"] for p in monthly["periods"]][-2:], ["2026-05", "2026-06"])
        self.assertEqual(len(monthly["periods"]), 12)
        rows = {r["deviceId"]: r for r in monthly["rows"]}
        self.assertEqual(sorted(rows), [1, 4])  # devices without readings are left out
        self.assertEqual(rows[1]["values"][-2:], [None, 760])
        self.assertEqual(rows[1]["resets"], 1)
        self.assertEqual(rows[1]["timeZone"], "UTC")
        self.assertEqual(rows[4]["values"][-2:], [None, 150])
        self.assertEqual((rows[4]["replacements"], rows[4]["timeZone"], rows[4]["region"]),
                         (1, "Asia/Tokyo", "Tokyo"))
        self.assertEqual(monthly["totals"][-1], 910)

        daily = self.report(admin, ("end", "2026-06-30")).json()
        self.assertEqual(daily["periods"][0]["label"], "2026-05-31")
        labels = [p["label"] for p in daily["periods"]]
        rows = {r["deviceId"]: dict(zip(labels, r["values"])) for r in daily["rows"]}
        self.assertEqual((rows[1]["2026-06-10"], rows[1]["2026-06-20"], rows[1]["2026-06-30"]),
                         (500, 200, 60))
        # 31 May 14:30Z is 23:30 JST: the baseline, in the report's first day for Tokyo.
        self.assertEqual((rows[4]["2026-05-31"], rows[4]["2026-06-01"], rows[4]["2026-06-15"],
                          rows[4]["2026-06-30"]), (None, 100, 0, 50))

        by_counter = self.report(admin, ("kind", "byCounter"), ("period", "yearly"),
                                 ("end", "2026-06-30")).json()
        self.assertEqual([(r["counter"], r["values"][-1]) for r in by_counter["rows"]],
                         [("total", 910)])
        lifetime = self.report(admin, ("kind", "lifetime")).json()
        self.assertEqual({r["deviceId"]: r["values"][0] for r in lifetime["rows"]},
                         {1: 260, 4: 90050})

    def test_the_callers_regions_and_filters_limit_the_devices(self):
        manager, admin = self.reporting_manager()
        only_tokyo = self.report(admin, ("period", "monthly"), ("end", "2026-06-30"),
                                 ("filter[region]", "7")).json()
        self.assertEqual([r["deviceId"] for r in only_tokyo["rows"]], [4])
        user = manager.client()
        self.assertEqual(user.login("tokyo-reports", ADMIN_PASSWORD).status, 200)
        theirs = self.report(user, ("period", "monthly"), ("end", "2026-06-30")).json()
        self.assertEqual([r["deviceId"] for r in theirs["rows"]], [4])
        self.assertEqual(theirs["totals"][-1], 150)

    def test_bad_parameters_are_400s_naming_them(self):
        _, admin = self.reporting_manager()
        for pairs, mention in [((("period", "hourly"),), "period"),
                               ((("kind", "sideways"),), "kind"),
                               ((("counter", "pages"),), "counter"),
                               ((("end", "2026-02-30"),), "end"),
                               ((("colour", "red"),), "colour")]:
            resp = admin.request("GET", "/api/v1/reports/counters?" + urllib.parse.urlencode(pairs))
            self.assertProblem(resp, 400, "invalid_input", mention)
        resp = admin.request("GET", "/api/v1/reports/counters/export?format=pdf")
        self.assertProblem(resp, 400, "invalid_input", "format")

    def test_exports_read_back_with_csv_and_openpyxl(self):
        _, admin = self.reporting_manager()
        pairs = (("period", "monthly"), ("end", "2026-06-30"))
        expected_header = (["Device", "Model", "Serial number", "IP address", "Region"] +
                           ["2025-%02d" % m for m in range(7, 13)] +
                           ["2026-%02d" % m for m in range(1, 7)] + ["Total"])
        for fmt, delimiter in (("csv", ","), ("txt", "\t")):
            resp = self.report(admin, *pairs, ("format", fmt),
                               path="/api/v1/reports/counters/export")
            self.assertIn(f'filename="counters-byDevice-2026-06-30.{fmt}"',
                          resp.headers["content-disposition"])
            self.assertTrue(resp.body.startswith(b"\xef\xbb\xbf"))
            rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig")), delimiter=delimiter))
            self.assertEqual(rows[0], expected_header)
            by_name = {r[0]: r for r in rows[1:]}
            self.assertEqual(by_name["'" + NAME_WITH_FORMULA][-3:], ["", "760", "760"])
            self.assertEqual(by_name["All devices"][-2:], ["910", "910"])
            self.assertEqual(len(rows), 4)

        resp = self.report(admin, *pairs, ("format", "xlsx"), path="/api/v1/reports/counters/export")
        book = openpyxl.load_workbook(io.BytesIO(resp.body))
        sheet = book["Counters"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0], expected_header)
        self.assertEqual(values[1][0], "'" + NAME_WITH_FORMULA)
        self.assertEqual(values[1][-2:], ["760", "760"])
        self.assertEqual(values[2][4], "Tokyo")
        self.assertEqual(values[2][-2:], ["150", "150"])
        self.assertFalse([c for row in sheet.iter_rows() for c in row if c.data_type == "f"])
        with zipfile.ZipFile(io.BytesIO(resp.body)) as package:
            sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet_xml)


if __name__ == "__main__":
    unittest.main()
