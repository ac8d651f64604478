"""End to end: tasks that send mail, through the real Manager, Agent, printwarden-sim and an SMTP
server (python3-aiosmtpd, STARTTLS with its own CA).

A "send-counters" task on two printers, only one of which has stored counters (a monitoring
poll of it ran): the counters mail carries a CSV (UTF-8 BOM) with that printer's row, its counters
as the Manager stored them; the printer without counters gets Error and no row. The same task
names notification recipients with details attached: when the run ends they get a summary
listing the failed printer and a CSV of every target's result. A task notified only on failure
sends nothing when its run succeeds. A counters mail in French and its notice in Japanese at
high priority. Bad recipients and languages are refused naming the field.
"""
import csv
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import SIM_BIN, Simulator, discover_fleet  # noqa: E402
from smtp import SmtpServer  # noqa: E402

FLEET = 2
# The counters' column titles in the English CSV.
COUNTER_TITLES = {"total": "Total", "black": "Black", "colour": "Colour", "print": "Print",
                  "copy": "Copy", "scan": "Scan", "fax": "Fax", "large": "Large paper",
                  "small": "Small paper"}


def attachment(message):
    parts = list(message.iter_attachments())
    assert len(parts) == 1, [p.get_filename() for p in parts]
    data = parts[0].get_content()
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    return parts[0].get_filename(), raw


class TaskMailTest(PrintwardenTestCase):
    def run_task(self, admin, body):
        resp = admin.request("POST", "/api/v1/tasks", {"schedule": {"kind": "now"}, **body})
        self.assertEqual(resp.status, 201, resp.body)
        task_id = resp.json()["id"]

        def finished():
            runs = admin.request("GET", f"/api/v1/tasks/{task_id}/runs").json()["items"]
            if not runs or runs[0]["state"] in ("running", "scheduled"):
                return None
            return admin.request("GET", f"/api/v1/task-runs/{runs[0]['id']}").json()
        run = wait_until(finished, timeout=60, interval=0.2, what="run finished")
        return resp.json(), run, {t["id"]: t for t in run["targets"]}

    def test_counters_mailed_and_runs_notified(self):
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        smtp = SmtpServer(self.workdir, mode="starttls")
        self._stoppables.append(smtp)
        sim = Simulator(self.workdir, FLEET)
        self.addCleanup(sim.stop)
        manager = self.manager()
        admin = manager.admin()
        resp = admin.request("PUT", "/api/v1/settings/mail",
                             {"host": "127.0.0.1", "port": smtp.port, "security": "starttls",
                              "user": "", "sender": "printwarden@example.org",
                              "caCertificate": smtp.ca_pem})
        self.assertEqual(resp.status, 200, resp.body)
        _, _, devices = discover_fleet(self, manager, admin, sim, FLEET)
        polled, unpolled = devices["127.16.0.1"], devices["127.16.0.2"]
        resp = admin.request("POST", f"/api/v1/devices/{polled['id']}/refresh")
        self.assertEqual(resp.status, 202, resp.body)
        counters = wait_until(
            lambda: (lambda c: c if c["latest"] else None)(
                admin.request("GET", f"/api/v1/devices/{polled['id']}/counters").json()),
            timeout=60, interval=0.2, what="counters stored")
        normalized = {name: c["value"] for name, c in counters["latest"]["normalized"].items()}
        self.assertTrue(normalized, counters)
        self.assertIsNone(
            admin.request("GET", f"/api/v1/devices/{unpolled['id']}/counters").json()["latest"])

        task, run, targets = self.run_task(admin, {
            "name": "Mail counters", "type": "send-counters",
            "parameters": {"to": ["counters@example.org"], "subject": "Fleet counters"},
            "targets": {"deviceIds": [polled["id"], unpolled["id"]]},
            "notification": {"to": ["ops@example.org", "lead@example.org"], "when": "always",
                             "attachDetails": True}})
        self.assertEqual(task["notification"], {"to": ["ops@example.org", "lead@example.org"],
                                                "when": "always", "attachDetails": True,
                                                "language": "en", "priority": "normal"})
        self.assertEqual(targets[polled["id"]]["result"], "success", targets)
        self.assertEqual(targets[unpolled["id"]]["result"], "error")
        self.assertTrue(targets[unpolled["id"]]["detail"].startswith("noCounters"))
        self.assertEqual(run["result"], "error")

        mails = {tuple(envelope["to"]): message for envelope, message in smtp.wait_for(2)}
        self.assertEqual(sorted(mails), [("counters@example.org",),
                                         ("ops@example.org", "lead@example.org")])
        counters_mail = mails[("counters@example.org",)]
        self.assertEqual(counters_mail["Subject"], "Fleet counters")
        name, raw = attachment(counters_mail)
        self.assertTrue(name.endswith(".csv"), name)
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), raw[:10])
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(rows[0]["IP address"], "127.16.0.1")
        self.assertEqual(rows[0]["Device"], polled["name"])
        for name, value in normalized.items():  # the counters as the Manager stored them
            self.assertEqual(int(rows[0][COUNTER_TITLES[name]]), value, name)

        notice = mails[("ops@example.org", "lead@example.org")]
        self.assertEqual(notice["Subject"], 'Task "Mail counters": Error')
        text = notice.get_body(preferencelist=("plain",)).get_content()
        self.assertIn(f"Run {run['id']}: Error", text)
        self.assertIn(f"{unpolled['name']} (127.16.0.2): Error - noCounters", text)
        self.assertNotIn("(127.16.0.1)", text)  # only the targets that did not succeed
        _, raw = attachment(notice)
        results = {r["Id"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
        self.assertEqual((results[str(polled["id"])]["Result"],
                          results[str(unpolled["id"])]["Result"]), ("Success", "Error"))

        # Notified on failure only: a successful run mails nothing (the next mail is the
        # counters of the third task, not a notice of the second).
        self.run_task(admin, {
            "name": "Quiet", "type": "send-counters", "parameters": {"to": ["quiet@example.org"]},
            "targets": {"deviceIds": [polled["id"]]},
            "notification": {"to": ["ops@example.org"], "when": "failure"}})
        # In French, with a notice in Japanese at high priority.
        self.run_task(admin, {
            "name": "Last", "type": "send-counters",
            "parameters": {"to": ["last@example.org"], "language": "fr"},
            "targets": {"deviceIds": [polled["id"]]},
            "notification": {"to": ["ja@example.org"], "language": "ja", "priority": "high"}})
        received = smtp.wait_for(5)
        self.assertEqual([envelope["to"] for envelope, _ in received[2:]],
                         [["quiet@example.org"], ["last@example.org"], ["ja@example.org"]])
        self.assertEqual(received[2][1]["Subject"], "Printer counters")
        self.assertNotIn("X-Priority", received[2][1])
        french = received[3][1]
        self.assertEqual(french["Subject"], "Compteurs des imprimantes")
        self.assertIn("Les derniers compteurs relevés de 1 imprimante(s)",
                      french.get_body(preferencelist=("plain",)).get_content())
        _, raw = attachment(french)
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertEqual(header[:2], ["Périphérique", "Adresse IP"])
        japanese = received[4][1]
        self.assertEqual(japanese["Subject"], "タスク「Last」: 成功")
        self.assertEqual((japanese["X-Priority"], japanese["Importance"]), ("1 (Highest)", "High"))
        self.assertIn("対象: 1, 成功 1", japanese.get_body(preferencelist=("plain",)).get_content())

        for body, field in [
                ({"notification": {"to": ["not an address"]}}, "notification.to"),
                ({"notification": {"when": "sometimes"}}, "notification.when"),
                ({"notification": {"language": "pt"}}, "notification.language"),
                ({"parameters": {"to": ["a@example.org"], "language": "xx"}},
                 "parameters.language"),
                ({"parameters": {"to": []}}, "parameters.to")]:
            resp = admin.request("POST", "/api/v1/tasks", {
                "name": "bad", "type": "send-counters", "schedule": {"kind": "now"},
                "parameters": {"to": ["a@example.org"]},
                "targets": {"deviceIds": [polled["id"]]}, **body})
            self.assertEqual(resp.status, 400, resp.body)
            self.assertIn(field, resp.json()["message"])


if __name__ == "__main__":
    unittest.main()
