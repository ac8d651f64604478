"""Notification rules, storm control and webhook subscriptions through the real binary: create,
read back, duplicate (" - Copy"), edit, delete; 400s naming the field and 409 on a taken name;
webhook tokens write-only (never in an answer or the database file); everything kept across a
restart.
"""
import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase  # noqa: E402

RULES = "/api/v1/notification-rules"
HOOKS = "/api/v1/webhooks"
TOKEN = "Hook-Token-0042"

RULE = {"name": "Toner low", "active": True, "language": "fr", "notifyRecovery": False,
        "conditions": {"severityLevels": [], "trainingLevels": ["fieldService"],
                       "errorCodes": [8], "remainingAtMost": {"toner": 10},
                       "powerStates": ["no_response"], "errorOngoingMinutes": 30},
        "groupIds": [], "to": ["ops@example.org"], "cc": ["boss@example.org"]}


class NotificationsApiTest(PrintwardenTestCase):
    def test_rules_round_trip_duplicate_refusals_and_restart(self):
        manager = self.manager()
        client = manager.admin()
        self.assertEqual(client.request("GET", RULES).json(), {"items": []})
        resp = client.request("POST", RULES, RULE)
        self.assertEqual(resp.status, 201, resp.body)
        rule = resp.json()
        self.assertEqual({k: v for k, v in rule.items() if k != "id"}, RULE)

        resp = client.request("POST", f"{RULES}/{rule['id']}/duplicate")
        self.assertEqual(resp.status, 201, resp.body)
        copy = resp.json()
        self.assertEqual((copy["name"], copy["active"]), ("Toner low - Copy", False))
        self.assertEqual(client.request("POST", RULES, RULE).json()["code"],
                         "notification_name_taken")

        for change, fragment in [
            ({"conditions": {}}, "conditions: at least one condition"),
            ({"conditions": {"remainingAtMost": {"toner": 150}}},
             "conditions.remainingAtMost.toner: a percentage, 0 to 100"),
            ({"conditions": {"powerStates": ["off"]}}, "\"off\" is not a power state"),
            ({"to": []}, "to: at least one address"),
            ({"to": ["nobody"]}, "to: \"nobody\" is not an e-mail address"),
            ({"language": "xx"}, "language: one of"),
            ({"colour": 1}, "unknown field \"colour\""),
        ]:
            resp = client.request("PUT", f"{RULES}/{rule['id']}", {**RULE, **change})
            self.assertEqual(resp.status, 400, (change, resp.body))
            self.assertIn(fragment, resp.json()["message"], change)
        self.assertEqual(client.request("PUT", f"{RULES}/999", RULE).status, 404)

        resp = client.request("PUT", f"{RULES}/{rule['id']}", {**rule, "active": False})
        self.assertEqual((resp.status, resp.json()["active"]), (200, False), resp.body)
        self.assertEqual(client.request("DELETE", f"{RULES}/{copy['id']}").status, 204)
        self.assertEqual(client.request("DELETE", f"{RULES}/{copy['id']}").status, 404)

        self.assertEqual(client.request("GET", "/api/v1/settings/notification-throttle").json(),
                         {"limit": 10, "windowMinutes": 10})
        resp = client.request("PUT", "/api/v1/settings/notification-throttle", {"limit": 3})
        self.assertEqual(resp.json(), {"limit": 3, "windowMinutes": 10})
        resp = client.request("PUT", "/api/v1/settings/notification-throttle", {"limit": 0})
        self.assertEqual(resp.status, 400)

        manager.stop()
        manager.start()
        client = manager.admin()
        items = client.request("GET", RULES).json()["items"]
        self.assertEqual([(r["name"], r["active"]) for r in items], [("Toner low", False)])
        self.assertEqual(client.request("GET", "/api/v1/settings/notification-throttle")
                         .json()["limit"], 3)

    def test_webhooks_token_is_write_only(self):
        manager = self.manager()
        client = manager.admin()
        body = {"name": "ITSM", "url": "https://itsm.example.org/hook",
                "events": ["device.status_changed", "notification"], "payload": ["supplies"],
                "token": TOKEN}
        resp = client.request("POST", HOOKS, body)
        self.assertEqual(resp.status, 201, resp.body)
        hook = resp.json()
        self.assertNotIn(TOKEN, resp.body.decode())
        self.assertEqual((hook["tokenSet"], hook["tokenHeader"], hook["active"]),
                         (True, "X-Printwarden-Token", True))
        # The answer sent back keeps the token.
        resp = client.request("PUT", f"{HOOKS}/{hook['id']}", {**hook, "active": False})
        self.assertEqual((resp.status, resp.json()["tokenSet"]), (200, True), resp.body)
        resp = client.request("PUT", f"{HOOKS}/{hook['id']}", {**hook, "token": ""})
        self.assertFalse(resp.json()["tokenSet"])
        resp = client.request("PUT", f"{HOOKS}/{hook['id']}", {**hook, "token": TOKEN})
        self.assertTrue(resp.json()["tokenSet"])
        self.assertEqual(client.request("GET", f"{HOOKS}/{hook['id']}/deliveries").json(),
                         {"items": []})
        for change, fragment in [({"url": "ftp://x"}, "url:"), ({"events": []}, "events:"),
                                 ({"events": ["boom"]}, "\"boom\""),
                                 ({"tokenHeader": "Bad Header"}, "tokenHeader")]:
            resp = client.request("POST", HOOKS, {**body, "name": "other", **change})
            self.assertEqual(resp.status, 400, (change, resp.body))
            self.assertIn(fragment, resp.json()["message"])
        self.assertEqual(client.request("POST", HOOKS, body).json()["code"], "webhook_name_taken")
        self.assertEqual(client.request("GET", f"{HOOKS}/77/deliveries").status, 404)

        manager.stop()
        for path in glob.glob(os.path.join(manager.data_dir, "**", "*"), recursive=True):
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    self.assertNotIn(TOKEN.encode(), f.read(), path)
        manager.start()
        client = manager.admin()
        self.assertEqual(client.request("DELETE", f"{HOOKS}/{hook['id']}").status, 204)
        self.assertEqual(client.request("GET", HOOKS).json(), {"items": []})


if __name__ == "__main__":
    unittest.main()
