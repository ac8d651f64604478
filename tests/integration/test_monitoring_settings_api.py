"""Communication time windows and built-in task settings through the real binary: defaults,
a round trip in HH:MM with per-weekday exceptions, 400s naming the window, and a restart
keeping what was saved.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

WINDOWS = "/api/v1/settings/communication-windows"
NO_EXCEPTIONS = {day: None for day in ("sunday", "monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday")}


class MonitoringSettingsApiTest(PrintwardenTestCase):
    def test_windows_round_trip_validation_and_restart(self):
        manager = self.manager()
        client = manager.admin()
        self.assertEqual(client.request("GET", WINDOWS).json(),
                         {"standard": [{"start": "00:00", "end": "24:00"}],
                          "exceptions": NO_EXCEPTIONS})

        nights = {"standard": [{"start": "22:00", "end": "24:00"}, {"start": "00:00", "end": "06:30"}],
                  "exceptions": {"sunday": [], "saturday": [{"start": "00:00", "end": "24:00"}]}}
        resp = client.request("PUT", WINDOWS, nights)
        self.assertEqual(resp.status, 200, resp.body)
        expected = {"standard": nights["standard"],
                    "exceptions": {**NO_EXCEPTIONS, **nights["exceptions"]}}
        self.assertEqual(resp.json(), expected)

        for body, fragment in [
            ({"standard": [{"start": "18:00", "end": "08:00"}]}, "standard[0]: the window ends"),
            ({"standard": [{"start": "08:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]},
             "standard[1] overlaps standard[0]"),
            ({"standard": [{"start": "8:00", "end": "12:00"}]}, "HH:MM"),
            ({"standard": [{"start": "24:30", "end": "24:00"}]}, "HH:MM"),
            ({"standard": [], "exceptions": {"someday": []}}, "not a weekday"),
            ({"standard": [], "holidays": []}, "unknown field"),
        ]:
            resp = client.request("PUT", WINDOWS, body)
            self.assertEqual(resp.status, 400, (body, resp.body))
            self.assertIn(fragment, resp.json()["message"], body)
        resp = client.request("PUT", WINDOWS, nights, csrf=False)
        self.assertEqual(resp.status, 403, resp.body)

        manager.stop()
        manager.start()
        self.assertEqual(manager.admin().request("GET", WINDOWS).json(), expected)

    def test_builtin_tasks_defaults_edits_and_refusals(self):
        manager = self.manager()
        client = manager.admin()
        tasks = {t["name"]: t for t in client.request("GET", "/api/v1/builtin-tasks").json()["items"]}
        self.assertEqual(list(tasks), ["monitorPrinters", "retrievePrinterInformation",
                                       "retrieveCounters", "checkAddressBook",
                                       "checkDeviceSettings"])
        self.assertEqual(tasks["monitorPrinters"], {"name": "monitorPrinters", "active": True,
                                                    "intervalMinutes": 5, "boundByWindows": True,
                                                    "lastStarted": None})
        self.assertFalse(tasks["retrievePrinterInformation"]["boundByWindows"])

        resp = client.request("PATCH", "/api/v1/builtin-tasks/retrieveCounters",
                              {"active": False, "intervalMinutes": 120})
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual((resp.json()["active"], resp.json()["intervalMinutes"]), (False, 120))
        for body in ({"intervalMinutes": 0}, {"intervalMinutes": 10081}, {"active": "no"},
                     {"schedule": "daily"}):
            resp = client.request("PATCH", "/api/v1/builtin-tasks/retrieveCounters", body)
            self.assertEqual(resp.status, 400, (body, resp.body))
        resp = client.request("PATCH", "/api/v1/builtin-tasks/reboot", {"active": False})
        self.assertEqual(resp.status, 404, resp.body)

        manager.stop()
        manager.start()
        tasks = {t["name"]: t
                 for t in manager.admin().request("GET", "/api/v1/builtin-tasks").json()["items"]}
        self.assertEqual((tasks["retrieveCounters"]["active"],
                          tasks["retrieveCounters"]["intervalMinutes"]), (False, 120))
        self.assertEqual(tasks["monitorPrinters"]["intervalMinutes"], 5)


if __name__ == "__main__":
    unittest.main()
