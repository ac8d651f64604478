"""Device import and export through the real Manager: files written and read back by independent
tools (Python's csv module, openpyxl), the identity rule across imports, all-or-nothing
rejection, the import route's own body limit (checked with curl), UTF-16 files and the
template round trip. Needs Debian's python3-openpyxl.
"""
import csv
import io
import os
import re
import sys
import unittest
import urllib.parse

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

COLUMNS = ["DeviceType", "ProductName", "Manufacturer", "PhysicalAddress", "State", "IPAddress",
           "HostName", "SerialNumber", "DeviceName", "Location", "Contact", "LinkUrl"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MiB = 1024 * 1024


def row(n, **values):
    """A valid template row for device n, with some cells overridden."""
    cells = {"DeviceType": "Printer", "ProductName": "LaserJet M507", "Manufacturer": "HP",
             "PhysicalAddress": f"00:11:22:33:{n // 256:02x}:{n % 256:02x}", "State": "Managed",
             "IPAddress": f"10.0.{n // 250}.{n % 250 + 1}", "HostName": f"p{n}.example.com",
             "SerialNumber": f"SN{n:05}", "DeviceName": f"Printer {n}", "Location": "Berlin",
             "Contact": "", "LinkUrl": ""}
    cells.update(values)
    return [cells[c] for c in COLUMNS]


def csv_bytes(rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class DeviceExchangeTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        self.m = self.manager()
        self.client = self.m.admin()

    def import_file(self, body, fmt=None, content_type="application/octet-stream"):
        path = "/api/v1/devices/import" + (f"?format={fmt}" if fmt else "")
        return self.client.request("POST", path, raw=body, headers={"Content-Type": content_type})

    def export(self, *pairs):
        resp = self.client.request("GET", "/api/v1/devices/export?" + urllib.parse.urlencode(pairs))
        self.assertEqual(resp.status, 200, resp.body)
        return resp

    def devices(self):
        resp = self.client.request("GET", "/api/v1/devices?pageSize=200")
        self.assertEqual(resp.status, 200, resp.body)
        return resp.json()

    def test_export_in_each_format_reads_back_with_independent_tools(self):
        rows = [row(1, DeviceName="=HYPERLINK(\"http://evil.example\",\"x\")", Contact="+49 30 1234",
                    Location="Paris, 2nd floor"),
                row(2, DeviceName='Say "cheese"', Location="-1 basement"),
                row(3, Manufacturer="Kyocéra", DeviceName="Écran ✓")]
        self.assertEqual(self.import_file(csv_bytes(rows), "csv").status, 200)

        resp = self.export(("format", "csv"))
        self.assertEqual(resp.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(resp.headers["Content-Disposition"],
                         r'^attachment; filename="devices-\d{8}-\d{6}\.csv"$')
        self.assertTrue(resp.body.startswith(b"\xef\xbb\xbf"))
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
        self.assertEqual(table[0], COLUMNS)
        self.assertEqual(len(table), 4)
        by_column = [dict(zip(COLUMNS, r)) for r in table[1:]]
        # Formula injection: neutralized with a leading quote, the rest kept.
        self.assertEqual(by_column[0]["DeviceName"], "'=HYPERLINK(\"http://evil.example\",\"x\")")
        self.assertEqual(by_column[0]["Contact"], "'+49 30 1234")
        self.assertEqual(by_column[0]["Location"], "Paris, 2nd floor")
        self.assertEqual(by_column[1]["Location"], "'-1 basement")
        self.assertEqual(by_column[2]["Manufacturer"], "Kyocéra")
        self.assertEqual(by_column[0]["PhysicalAddress"], "00:11:22:33:00:01")

        resp = self.export(("format", "txt"))
        self.assertEqual(resp.headers["Content-Type"], "text/tab-separated-values; charset=utf-8")
        self.assertRegex(resp.headers["Content-Disposition"], r'filename="devices-\d{8}-\d{6}\.txt"')
        table = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig")), delimiter="\t"))
        self.assertEqual(table[0], COLUMNS)
        self.assertEqual(table[2][COLUMNS.index("DeviceName")], 'Say "cheese"')
        self.assertEqual(table[1][COLUMNS.index("DeviceName")],
                         "'=HYPERLINK(\"http://evil.example\",\"x\")")

        resp = self.export(("format", "xlsx"))
        self.assertEqual(resp.headers["Content-Type"], XLSX)
        self.assertRegex(resp.headers["Content-Disposition"], r'filename="devices-\d{8}-\d{6}\.xlsx"')
        sheet = openpyxl.load_workbook(io.BytesIO(resp.body)).worksheets[0]
        cells = [[c for c in r] for r in sheet.iter_rows()]
        self.assertEqual([c.value for c in cells[0]], COLUMNS)
        name = cells[1][COLUMNS.index("DeviceName")]
        self.assertEqual(name.data_type, "s")  # a string, never a formula cell
        self.assertEqual(name.value, "'=HYPERLINK(\"http://evil.example\",\"x\")")
        self.assertEqual(cells[3][COLUMNS.index("DeviceName")].value, "Écran ✓")
        for r in cells:
            for c in r:
                self.assertNotEqual(c.data_type, "f")

        # Each export imports again onto the same three devices.
        for fmt in ("csv", "txt", "xlsx"):
            body = self.export(("format", fmt)).body
            resp = self.import_file(body, fmt)
            self.assertEqual(resp.status, 200, resp.body)
            self.assertEqual((resp.json()["created"], resp.json()["updated"]), (0, 3))
        listed = self.devices()
        self.assertEqual(listed["total"], 3)
        self.assertEqual(listed["items"][0]["name"], "=HYPERLINK(\"http://evil.example\",\"x\")")
        self.assertEqual(listed["items"][1]["location"], "-1 basement")

    def test_export_follows_the_list_filters_and_sort_and_takes_every_page(self):
        rows = [row(n, Location="Berlin" if n % 2 else "Paris") for n in range(1, 252)]
        self.assertEqual(self.import_file(csv_bytes(rows), "csv").status, 200)
        body = self.export(("format", "csv"), ("filter[location]", "berlin"), ("sort", "serial"),
                           ("order", "desc"), ("pageSize", "10"), ("page", "3")).body
        table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
        self.assertEqual(len(table), 126)  # every odd n in 1..251, more than a list page holds
        serials = [r[COLUMNS.index("SerialNumber")] for r in table]
        self.assertEqual(serials, sorted(serials, reverse=True))
        self.assertEqual(serials[0], "SN00251")

        resp = self.client.request("GET", "/api/v1/devices/export?format=csv&filter[lastSeen]=x")
        self.assertEqual(resp.status, 400, resp.body)
        resp = self.client.request("GET", "/api/v1/devices/export?format=pdf")
        self.assertEqual((resp.status, resp.json()["code"]), (400, "invalid_input"))
        self.assertIn("format", resp.json()["message"])
        resp = self.client.request("GET", "/api/v1/devices/export")
        self.assertEqual(resp.status, 400, resp.body)

    def test_import_creates_devices_and_a_reimport_updates_them(self):
        resp = self.import_file(csv_bytes([row(1), row(2, ProductName="bizhub C300i",
                                                    Manufacturer="Konica Minolta",
                                                    DeviceType="MFP")]),
                                content_type="text/csv")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json(), {"created": 2, "updated": 0, "rows": 2, "warnings": []})
        items = self.devices()["items"]
        self.assertEqual(len(items), 2)
        first = items[0]
        self.assertEqual(first["registeredBy"], "import")
        self.assertEqual(first["state"], "managed")
        self.assertIsNone(first["agentId"])
        self.assertEqual((first["mac"], first["serial"], first["ipAddress"]),
                         ("00:11:22:33:00:01", "SN00001", "10.0.0.2"))
        self.assertEqual(items[1]["deviceType"], "MFP")

        # Same MAC and serial, other cells changed (MAC written another way): updated in place.
        again = [row(1, PhysicalAddress="00-11-22-33-00-01", Location="Lyon", IPAddress="10.9.9.9"),
                 row(3)]
        resp = self.import_file(csv_bytes(again, "\t"), "txt")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual((resp.json()["created"], resp.json()["updated"]), (1, 1))
        listed = self.devices()
        self.assertEqual(listed["total"], 3)
        updated = [d for d in listed["items"] if d["id"] == first["id"]][0]
        self.assertEqual((updated["location"], updated["ipAddress"]), ("Lyon", "10.9.9.9"))

    def test_imported_devices_get_the_agent_whose_scope_covers_them(self):
        berlin = self.client.create_agent("Berlin")["agent"]["id"]
        paris = self.client.create_agent("Paris")["agent"]["id"]
        for agent, ipv4, suffixes, hosts in ((berlin, ["10.0.0.0/24"], [], []),
                                             (paris, [], ["example.com"], ["p3.example.com"])):
            resp = self.client.request("PUT", f"/api/v1/agents/{agent}/scope", {
                "ipv4": ipv4, "fqdnSuffixes": suffixes,
                "discovery": {"method": "scope", "addresses": [], "hostNames": hosts}})
            self.assertEqual(resp.status, 200, resp.body)
        # p1: its address is Berlin's, its name Paris's suffix: the IPv4 rule wins.
        # p3: the same, but Paris names the host itself: the specified host name wins.
        # p600: outside Berlin's range: Paris's suffix. p700 (no host name, other range): none.
        rows = [row(1), row(3), row(600), row(700, HostName="", IPAddress="192.168.0.7")]
        resp = self.import_file(csv_bytes(rows), "csv")
        self.assertEqual(resp.status, 200, resp.body)
        agents = {d["serial"]: d["agentId"] for d in self.devices()["items"]}
        self.assertEqual(agents, {"SN00001": berlin, "SN00003": paris, "SN00600": paris,
                                  "SN00700": None})

    def test_a_file_with_bad_rows_is_rejected_whole_and_every_row_named(self):
        self.assertEqual(self.import_file(csv_bytes([row(1)]), "csv").status, 200)
        rows = [row(2), row(3, PhysicalAddress="00:11:22:33:44"), row(4),
                row(5, State="Unmanaged", IPAddress="10.0.0.256"),
                row(6, LinkUrl="javascript:alert(1)"), row(7, PhysicalAddress="00:11:22:33:00:02")]
        resp = self.import_file(csv_bytes(rows), "csv")
        self.assertEqual(resp.status, 422, resp.body)
        problem = resp.json()
        self.assertEqual(problem["code"], "import_rejected")
        listed = {(e["row"], e["column"]) for e in problem["details"]["rows"]}
        self.assertEqual(listed, {(3, "PhysicalAddress"), (5, "State"), (5, "IPAddress"),
                                  (6, "LinkUrl"), (7, "PhysicalAddress")})
        self.assertEqual(problem["details"]["total"], 5)
        self.assertEqual(self.devices()["total"], 1)  # row 2 and row 4 were not stored either

        # A row naming a device removed from management rejects the file too.
        device_id = self.devices()["items"][0]["id"]
        self.assertEqual(self.client.request("POST", f"/api/v1/devices/{device_id}/remove").status, 200)
        resp = self.import_file(csv_bytes([row(8), row(1)]), "csv")
        self.assertEqual(resp.status, 422, resp.body)
        self.assertEqual([(e["row"], e["column"]) for e in resp.json()["details"]["rows"]],
                         [(3, "PhysicalAddress")])
        self.assertEqual(self.devices()["total"], 0)

        # Not a spreadsheet at all: the whole file (row 0).
        resp = self.import_file(b"PK\x03\x04garbage", "xlsx")
        self.assertEqual(resp.status, 422, resp.body)
        self.assertEqual(resp.json()["details"]["rows"][0]["row"], 0)

    def test_the_import_route_takes_bodies_up_to_16_mib_and_no_more(self):
        # 20,000 rows are more than the 1 MiB every other route takes.
        big = csv_bytes([row(n) for n in range(1, 20_001)])
        self.assertGreater(len(big), MiB)
        resp = self.import_file(big, "csv")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["created"], 20_000)

        # curl announces the length and waits for "100 Continue", so the 413 comes before the body.
        oversized = os.path.join(self.workdir, "oversized.csv")
        with open(oversized, "wb") as f:
            f.write(big)
            f.write(b"x" * (16 * MiB + 1 - len(big)))
        session = next(c.value for c in self.client.cookies if c.name == "pw_session")
        result = self.run_tool(
            ["curl", "-sS", "--cacert", self.m.ca_path, "-o", "-", "-w", "\n%{http_code}",
             "-H", f"Cookie: pw_session={session}", "-H", f"X-CSRF-Token: {self.client.csrf}",
             "-H", "Content-Type: text/csv", "--data-binary", "@" + oversized,
             self.m.url + "/api/v1/devices/import?format=csv"])
        self.assertEqual(result.returncode, 0, result.stderr)
        body, status = result.stdout.decode().rsplit("\n", 1)
        self.assertEqual(status, "413")
        self.assertIn('"code":"request_too_large"', body)

        # Exactly 16 MiB is read (and then refused by content, not by size).
        with open(oversized, "r+b") as f:
            f.truncate(16 * MiB)
        result = self.run_tool(
            ["curl", "-sS", "--cacert", self.m.ca_path, "-o", "/dev/null", "-w", "%{http_code}",
             "-H", f"Cookie: pw_session={session}", "-H", f"X-CSRF-Token: {self.client.csrf}",
             "--data-binary", "@" + oversized, self.m.url + "/api/v1/devices/import?format=csv"],
            timeout=120)
        self.assertEqual(result.stdout.decode(), "422", result.stderr)

        # Other routes keep the listener's 1 MiB.
        resp = self.client.request("POST", "/api/v1/auth/login", raw=b"{" + b" " * (MiB + 1) + b"}")
        self.assertEqual(resp.status, 413)

    def test_utf16_files_import_like_utf8_ones(self):
        text = csv_bytes([row(1, Location="Zürich"), row(2, DeviceName="東京 1F")]).decode("utf-8")
        for encoding in ("utf-16-le", "utf-16-be"):
            bom = "\ufeff".encode(encoding)
            resp = self.import_file(bom + text.encode(encoding), content_type="text/csv")
            self.assertEqual(resp.status, 200, resp.body)
        items = self.devices()["items"]
        self.assertEqual((items[0]["location"], items[1]["name"]), ("Zürich", "東京 1F"))
        # Tab-separated UTF-16 without a format parameter or type: told apart by its first line.
        resp = self.import_file(b"\xff\xfe" + csv_bytes([row(3)], "\t").decode().encode("utf-16-le"))
        self.assertEqual((resp.status, resp.json().get("created")), (200, 1), resp.body)

    def test_template_round_trip(self):
        for fmt in ("csv", "txt", "xlsx"):
            resp = self.export(("format", fmt), ("template", "true"))
            if fmt == "xlsx":
                book = openpyxl.load_workbook(io.BytesIO(resp.body))
                sheet = book.worksheets[0]
                self.assertEqual([c.value for c in sheet[1]], COLUMNS)
                self.assertEqual(sheet.max_row, 1)
                sheet.append(row(40))
                out = io.BytesIO()
                book.save(out)
                body = out.getvalue()
                content_type = "application/octet-stream"  # detected by its magic bytes
                path_fmt = None
            else:
                delimiter = "," if fmt == "csv" else "\t"
                text = resp.body.decode("utf-8-sig")
                self.assertEqual(list(csv.reader(io.StringIO(text), delimiter=delimiter)), [COLUMNS])
                filled = io.StringIO()
                csv.writer(filled, delimiter=delimiter, lineterminator="\r\n").writerow(
                    row(41 if fmt == "csv" else 42))
                body = resp.body + filled.getvalue().encode()
                content_type = "text/csv" if fmt == "csv" else "text/tab-separated-values"
                path_fmt = None
            resp = self.import_file(body, path_fmt, content_type)
            self.assertEqual(resp.status, 200, (fmt, resp.body))
            self.assertEqual(resp.json()["created"], 1)
        self.assertEqual(sorted(d["serial"] for d in self.devices()["items"]),
                         ["SN00040", "SN00041", "SN00042"])

    def test_access_rules_and_the_audit_log(self):
        anonymous = self.m.client()
        self.assertEqual(anonymous.request("GET", "/api/v1/devices/export?format=csv").status, 401)
        resp = self.client.request("POST", "/api/v1/devices/import?format=csv", raw=csv_bytes([row(1)]),
                                   headers={"Content-Type": "text/csv"}, csrf=False)
        self.assertEqual(resp.status, 403)
        resp = self.import_file(csv_bytes([row(1, Location="Secret-Location-42")]), "csv")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(self.import_file(csv_bytes([row(2, PhysicalAddress="bad")]), "csv").status, 422)
        self.export(("format", "xlsx"))
        with open(os.path.join(self.m.data_dir, "logs", "manager.log"), encoding="utf-8") as f:
            log = f.read()
        self.assertRegex(log, r"devices imported format=csv bytes=\d+ rows=1 created=1 updated=0 "
                              r"by=administrator")
        self.assertRegex(log, r"device import rejected format=csv bytes=\d+ rows=\d+ errors=1 "
                              r"by=administrator")
        self.assertIn("devices exported format=xlsx template=false rows=1 by=administrator", log)
        self.assertNotIn("Secret-Location-42", log)
        self.assertIsNone(re.search(r"00:11:22:33:00:0[12]", log))


if __name__ == "__main__":
    unittest.main()
