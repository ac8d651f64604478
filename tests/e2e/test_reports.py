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
import time
import unittest
import urllib.parse
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
import test_devices_api as devices_api  # noqa: E402  (a module, so its tests are not run here)
from printwarden import ADMIN_PASSWORD, PrintwardenTestCase, wait_until  # noqa: E402
from smtp import SmtpServer  # noqa: E402

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


# device id -> [(severity, power, started_at, ended_at)]: 29 June 2026 by hand. Device 1 (UTC):
# 6 h each of normal, error, offline (no response) and service call -> 25 % each. Device 4
# (Tokyo): warning from 00:00 to 12:00 JST -> 50 % warning, 50 % no data.
EDGES = {
    1: [("ok", "on", ts((6, 29), 0), ts((6, 29), 6)), ("error", "on", ts((6, 29), 6), ts((6, 29), 12)),
        ("unknown", "no_response", ts((6, 29), 12), ts((6, 29), 18)),
        ("service_call", "on", ts((6, 29), 18), ts((6, 30), 0))],
    4: [("warning", "on", ts((6, 28), 15), ts((6, 29), 3))],
}


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
            db.execute("UPDATE devices SET firmware = '2.0' WHERE id = 4")
            db.execute("UPDATE devices SET device_type = 'MFP' WHERE id = 4")
            # Supply levels of the last three days (the report reads the last 60): device 1's
            # toner falls 5 points a day (40, 35, 30: empty in 6 days, so ordered within 30);
            # device 4's toner is empty and its drum low (8 %, one reading: no forecast).
            today = int(time.time()) // 86400
            for offset, percent in ((2, 40), (1, 35), (0, 30)):
                day = today - offset
                db.execute("INSERT INTO supply_levels VALUES (1, '1.1', ?, 'Black Toner', "
                           "'black', 'value', ?, ?)", (day, percent, day * 86400 + 60))
            db.execute("INSERT INTO supply_levels VALUES (4, '1.1', ?, 'Black Toner', 'black', "
                       "'value', 0, ?)", (today, today * 86400 + 60))
            db.execute("INSERT INTO supply_levels VALUES (4, '1.2', ?, 'Drum', '', 'value', 8, ?)",
                       (today, today * 86400 + 60))
            for device_id, rows in EDGES.items():
                for severity, power, started, ended in rows:
                    db.execute("INSERT INTO status_edges (device_id, severity, power, conditions, "
                               "started_at, ended_at) VALUES (?, ?, ?, '', ?, ?)",
                               (device_id, severity, power, started, ended))
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

    def test_status_shares_per_local_day(self):
        _, admin = self.reporting_manager()
        status = self.report(admin, ("end", "2026-06-30"), path="/api/v1/reports/status").json()
        day = [p["label"] for p in status["periods"]].index("2026-06-29")
        rows = {r["deviceId"]: r for r in status["rows"]}
        self.assertEqual(sorted(rows), [1, 2, 3, 4])  # every selected device, polled or not
        self.assertEqual(rows[1]["periods"][day], {
            "serviceCall": 25.0, "error": 25.0, "warning": 0.0, "normal": 25.0, "unknown": 0.0,
            "offline": 25.0, "noData": 0.0, "hours": 24.0})
        self.assertEqual((rows[4]["periods"][day]["warning"], rows[4]["periods"][day]["noData"]),
                         (50.0, 50.0))
        self.assertEqual(rows[2]["periods"][day]["noData"], 100.0)
        self.assertEqual((status["fleet"][day]["hours"], status["fleet"][day]["warning"]), (96.0, 12.5))

        resp = self.report(admin, ("end", "2026-06-30"), ("format", "csv"),
                           path="/api/v1/reports/status/export")
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
        self.assertEqual(table[0][5:], ["Period", "Service call %", "Error %", "Warning %",
                                        "Normal %", "Unknown %", "No response %", "No data %"])
        line = [r for r in table if r[0] == "'" + NAME_WITH_FORMULA and r[5] == "2026-06-29"]
        self.assertEqual(line[0][6:], ["25.0", "25.0", "0.0", "25.0", "0.0", "25.0", "0.0"])
        self.assertEqual(len(table), 1 + 4 * len(status["periods"]))
        resp = self.report(admin, ("end", "2026-06-30"), ("format", "xlsx"),
                           path="/api/v1/reports/status/export")
        sheet = openpyxl.load_workbook(io.BytesIO(resp.body))["Status"]
        line = [r for r in sheet.iter_rows(min_row=2) if r[5].value == "2026-06-29"][0]
        self.assertEqual([(c.data_type, c.value) for c in line[5:]],
                         [("s", "2026-06-29")] + [("n", v) for v in (25, 25, 0, 25, 0, 25, 0)])

    def test_consumables_and_the_order_list(self):
        _, admin = self.reporting_manager()
        report = self.report(admin, path="/api/v1/reports/supplies").json()
        rows = {(r["deviceId"], r["description"]): r for r in report["rows"]}
        self.assertEqual(sorted(rows), [(1, "Black Toner"), (4, "Black Toner"), (4, "Drum")])
        toner = rows[(1, "Black Toner")]
        self.assertEqual((toner["percent"], toner["condition"], toner["order"]), (30, "ok", True))
        self.assertAlmostEqual(toner["daysToEmpty"], 6.0, delta=0.1)
        self.assertEqual((rows[(4, "Black Toner")]["condition"], rows[(4, "Black Toner")]["order"]),
                         ("empty", True))
        drum = rows[(4, "Drum")]
        self.assertEqual((drum["condition"], drum["daysToEmpty"], drum["order"]), ("low", None, False))
        self.assertEqual(report["order"], [
            {"model": "LaserJet M507", "description": "Black Toner", "colorant": "black",
             "devices": 1, "empty": 0, "low": 0, "toOrder": 1},
            {"model": "VersaLink C405", "description": "Black Toner", "colorant": "black",
             "devices": 1, "empty": 1, "low": 0, "toOrder": 1},
            {"model": "VersaLink C405", "description": "Drum", "colorant": "",
             "devices": 1, "empty": 0, "low": 1, "toOrder": 0}])
        # A 5-day horizon leaves device 1's toner out; a 10 % threshold makes nothing else low.
        short = self.report(admin, ("horizonDays", "5"), path="/api/v1/reports/supplies").json()
        self.assertEqual([line["toOrder"] for line in short["order"]], [0, 1, 0])
        self.assertProblem(admin.request("GET", "/api/v1/reports/supplies?lowPercent=0"), 400,
                           "invalid_input", "lowPercent")

        resp = self.report(admin, ("format", "xlsx"), ("view", "devices"),
                           path="/api/v1/reports/supplies/export")
        sheet = openpyxl.load_workbook(io.BytesIO(resp.body))["Consumables"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0][5:], ["Supply", "Colorant", "Level %", "State", "Condition",
                                         "Days to empty", "Order"])
        toner = [row for row in values if row[5] == "Black Toner" and row[7] == 30][0]
        self.assertEqual((toner[8], toner[9], toner[10], toner[11]),
                         ("Measured", "OK", int(rows[(1, "Black Toner")]["daysToEmpty"]), "Yes"))
        resp = self.report(admin, ("format", "xlsx"), ("view", "order"),
                           path="/api/v1/reports/supplies/export")
        sheet = openpyxl.load_workbook(io.BytesIO(resp.body))["Consumables"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0], ["Model", "Supply", "Colorant", "Devices", "Empty", "Low",
                                     "To order"])
        # Counts are numeric cells, text stays text.
        self.assertEqual(values[2], ["VersaLink C405", "Black Toner", "black", 1, 1, 0, 1])
        self.assertEqual([c.data_type for c in next(sheet.iter_rows(min_row=3, max_row=3))],
                         ["s", "s", "s", "n", "n", "n", "n"])

    def test_firmware_versions_per_model(self):
        _, admin = self.reporting_manager()
        lines = self.report(admin, path="/api/v1/reports/firmware").json()["lines"]
        self.assertEqual([(l["model"], l["firmware"], l["count"]) for l in lines], [
            ("LaserJet M507", "1.0", 1), ("OfficeJet 9010", "1.0", 1),
            ("VersaLink C405", "2.0", 1), ("imageRUNNER C3226", "1.0", 1)])
        resp = self.report(admin, ("format", "txt"), path="/api/v1/reports/firmware/export")
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig")), delimiter="\t"))
        self.assertEqual(table[0], ["Model", "Firmware version", "Devices", "Device names"])
        self.assertEqual(table[3], ["VersaLink C405", "2.0", "1", "Finance"])

    def test_a_send_report_task_mails_the_report_of_its_devices(self):
        smtp = SmtpServer(self.workdir, mode="starttls")
        self._stoppables.append(smtp)
        _, admin = self.reporting_manager()
        resp = admin.request("PUT", "/api/v1/settings/mail", {
            "host": "127.0.0.1", "port": smtp.port, "security": "starttls", "user": "",
            "sender": "printwarden@example.org", "caCertificate": smtp.ca_pem})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertIn("send-report", admin.request("GET", "/api/v1/task-types").json()["items"])
        parameters = {"report": "counters", "kind": "byDevice", "period": "yearly",
                      "format": "xlsx", "subject": "Pages per site", "to": ["ops@example.org"],
                      "cc": ["boss@example.org"], "priority": "high", "language": "fr"}
        bad = admin.request("POST", "/api/v1/tasks", {
            "name": "Bad", "type": "send-report", "schedule": {"kind": "now"},
            "parameters": {**parameters, "to": ["not an address"]}, "targets": {"deviceIds": [1]}})
        self.assertProblem(bad, 400, "invalid_input", "parameters.to")
        # Devices 1 and 4 only: device 2 and 3 have no readings, 4 is the replaced printer.
        resp = admin.request("POST", "/api/v1/tasks", {
            "name": "Monthly pages", "type": "send-report", "schedule": {"kind": "now"},
            "parameters": parameters, "targets": {"deviceIds": [1, 4]}})
        self.assertEqual(resp.status, 201, resp.body)
        task_id = resp.json()["id"]

        envelope, message = smtp.wait_for(1)[0]
        self.assertEqual(envelope["to"], ["ops@example.org", "boss@example.org"])
        self.assertEqual(message["Subject"], "Pages per site")
        self.assertEqual((message["X-Priority"], message["Importance"]), ("1 (Highest)", "High"))
        parts = list(message.iter_attachments())
        self.assertEqual(len(parts), 1)
        self.assertEqual(parts[0].get_filename(), "counters.xlsx")
        self.assertIn("Le rapport est joint", message.get_body(("plain",)).get_content())
        # The task's language (fr): the sheet, the headers and the totals row in French.
        sheet = openpyxl.load_workbook(io.BytesIO(parts[0].get_content()))["Compteurs"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        this_year = time.gmtime().tm_year
        self.assertEqual(values[0][:2], ["Périphérique", "Modèle"])
        self.assertEqual(values[0][-2:], [str(this_year), "Total"])
        # 2026 (the seeded year) holds every page: device 1 760, device 4 150.
        totals = {row[0]: row[-1] for row in values[1:]}
        self.assertEqual(totals, {"'" + NAME_WITH_FORMULA: 760, "Finance": 150,
                                  "Tous les périphériques": 910})

        def finished():
            runs = admin.request("GET", f"/api/v1/tasks/{task_id}/runs").json()["items"]
            run = runs and admin.request("GET", f"/api/v1/task-runs/{runs[0]['id']}").json()
            return run if run and run["state"] == "completed" else None
        run = wait_until(finished, timeout=30, what="the task run")
        self.assertEqual(run["result"], "success", run)
        self.assertEqual(sorted((t["id"], t["result"]) for t in run["targets"]),
                         [(1, "success"), (4, "success")])

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

    def test_exports_in_the_requested_language(self):
        _, admin = self.reporting_manager()
        resp = self.report(admin, ("end", "2026-06-30"), ("format", "csv"), ("language", "de"),
                           path="/api/v1/reports/status/export")
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
        self.assertEqual(table[0], ["Gerät", "Modell", "Seriennummer", "IP-Adresse", "Region",
                                    "Zeitraum", "Serviceruf %", "Fehler %", "Warnung %",
                                    "Normal %", "Unbekannt %", "Keine Antwort %",
                                    "Keine Daten %"])
        resp = self.report(admin, ("format", "xlsx"), ("view", "devices"), ("language", "ja"),
                           path="/api/v1/reports/supplies/export")
        sheet = openpyxl.load_workbook(io.BytesIO(resp.body))["消耗品"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0][5:], ["消耗品", "色材", "残量 %", "残量の状態", "状態",
                                         "なくなるまでの日数", "発注"])
        self.assertEqual(sorted({row[9] for row in values[1:]}), ["なし", "正常", "残量少"])
        resp = self.report(admin, ("format", "txt"), ("language", "es"),
                           path="/api/v1/reports/firmware/export")
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig")), delimiter="\t"))
        self.assertEqual(table[0], ["Modelo", "Versión de firmware", "Dispositivos",
                                    "Nombres de los dispositivos"])
        resp = admin.request("GET", "/api/v1/reports/firmware/export?format=csv&language=pt")
        self.assertProblem(resp, 400, "invalid_input", "language")

    def test_the_device_type_filter(self):
        _, admin = self.reporting_manager()
        types = admin.request("GET", "/api/v1/reports/device-types")
        self.assertEqual(types.status, 200, types.body)
        self.assertEqual(types.json(), {"items": ["MFP", "Printer"]})
        pairs = (("period", "monthly"), ("end", "2026-06-30"))
        mfp = self.report(admin, *pairs, ("filter[deviceType]", "mfp")).json()
        self.assertEqual([r["deviceId"] for r in mfp["rows"]], [4])
        # Devices without a type are printers.
        printers = self.report(admin, *pairs, ("filter[deviceType]", "Printer"), ("format", "csv"),
                               path="/api/v1/reports/counters/export")
        rows = list(csv.reader(io.StringIO(printers.body.decode("utf-8-sig"))))
        self.assertEqual([r[0] for r in rows[1:]], ["'" + NAME_WITH_FORMULA, "All devices"])
        status = self.report(admin, ("filter[deviceType]", "Printer"),
                             path="/api/v1/reports/status").json()
        self.assertEqual(sorted(r["deviceId"] for r in status["rows"]), [1, 2, 3])

    def test_remembered_choices_are_each_users_own(self):
        manager, admin = self.reporting_manager()
        path = "/api/v1/me/preferences/reports.counters"
        self.assertEqual(admin.request("GET", path).json(), {"key": "reports.counters", "value": {}})
        choices = {"kind": "lifetime", "deviceType": "MFP", "target": {"kind": "group", "id": 3}}
        resp = admin.request("PUT", path, {"value": choices})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(admin.request("GET", path).json()["value"], choices)
        user = manager.client()
        self.assertEqual(user.login("tokyo-reports", ADMIN_PASSWORD).status, 200)
        self.assertEqual(user.request("GET", path).json()["value"], {})  # not the admin's
        self.assertEqual(user.request("PUT", path, {"value": {"kind": "byCounter"}}).status, 200)
        self.assertEqual(admin.request("GET", path).json()["value"], choices)
        self.assertProblem(admin.request("PUT", path, {"value": ["x"]}), 400, "invalid_input",
                           "object")
        self.assertProblem(admin.request("PUT", path, {"value": {"x": "y" * 5000}}), 400,
                           "invalid_input", "4096")
        self.assertProblem(admin.request("GET", "/api/v1/me/preferences/Bad_Key"), 400,
                           "invalid_input", "key")

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
        self.assertEqual(values[1][-2:], [760, 760])
        self.assertEqual(values[2][4], "Tokyo")
        self.assertEqual(values[2][-2:], [150, 150])
        # Pages are numeric cells (a spreadsheet adds them up); a period without a figure is
        # empty; the device's text columns stay strings.
        row = list(sheet.iter_rows(min_row=2, max_row=2))[0]
        self.assertEqual(row[0].data_type, "s")
        self.assertEqual([c.data_type for c in row[-2:]], ["n", "n"])
        self.assertIsNone(row[-3].value)
        self.assertFalse([c for row in sheet.iter_rows() for c in row if c.data_type == "f"])
        with zipfile.ZipFile(io.BytesIO(resp.body)) as package:
            sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet_xml)


if __name__ == "__main__":
    unittest.main()
