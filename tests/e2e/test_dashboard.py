"""End to end: dashboards and their panels through the REST API, against a simulated fleet.

printwarden-sim's printers are discovered and polled through an Agent, one of them jammed by the
simulator's states file. The shared dashboard starts from the default layout; a user's own is
saved apart from it; a bad panel type, size or option is refused with a 400 naming it. The panels
count the jammed printer among the errors, list it with its condition, list low supplies, give
the page trend's period, and show the Agent with its devices.
"""
import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import RECORDINGS, SIM_BIN, Simulator, discover_fleet  # noqa: E402

FLEET = 4
JAM_IP = "127.16.0.2"


class DashboardTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        states = os.path.join(self.workdir, "states.json")
        with open(states, "w", encoding="utf-8") as f:
            json.dump({JAM_IP: "paper-jam"}, f)
        self.sim = Simulator(self.workdir, FLEET, ("--states", states))
        self.addCleanup(self.sim.stop)

    def poll_all(self, admin, devices):
        for ip, device in devices.items():
            resp = admin.request("POST", f"/api/v1/devices/{device['id']}/refresh")
            self.assertEqual(resp.status, 202, resp.body)
        for ip, device in devices.items():
            wait_until(lambda: admin.request("GET", f"/api/v1/devices/{device['id']}/status")
                       .json()["polled"], timeout=60, interval=0.2, what=f"reading of {ip}")

    def panel(self, admin, query, status=200):
        resp = admin.request("GET", f"/api/v1/dashboard/panels/{query}")
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def test_dashboards_and_panels(self):
        manager = self.manager()
        admin = manager.admin()
        _, agent_id, devices = discover_fleet(self, manager, admin, self.sim, FLEET)
        self.assertEqual(len(devices), FLEET, devices.keys())
        self.poll_all(admin, devices)

        # The shared dashboard: the default layout until saved.
        shared = admin.request("GET", "/api/v1/dashboards/shared").json()
        self.assertEqual(shared["scope"], "shared")
        self.assertIsNone(shared["updatedAt"])
        self.assertEqual([p["type"] for p in shared["panels"]],
                         ["statusBreakdown", "devicesWithErrors", "lowSupplies", "counterTrends",
                          "agentHealth"])

        # Refusals name what is wrong; nothing is stored.
        bad = [({"panels": [{"type": "clock"}]}, "panels[0].type: unknown panel type \"clock\""),
               ({"panels": [{"type": "lowSupplies", "options": {"colour": "red"}}]},
                "panels[0].options.unknown option \"colour\" for panel type lowSupplies"),
               ({"panels": [{"type": "counterTrends", "options": {"days": 3}}]},
                "panels[0].options.days must be a whole number between 7 and 365"),
               ({"panels": [{"type": "agentHealth", "size": "huge"}]},
                "panels[0].size must be small, medium or large"),
               ({"panels": [], "owner": "x"}, "unknown field \"owner\"")]
        for body, message in bad:
            resp = admin.request("PUT", "/api/v1/dashboards/shared", body)
            self.assertEqual(resp.status, 400, resp.body)
            self.assertEqual(resp.json()["code"], "invalid_input")
            self.assertIn(message, resp.json()["message"])
        self.assertIsNone(admin.request("GET", "/api/v1/dashboards/shared").json()["updatedAt"])

        # My dashboard is saved apart from the shared one, in its order, and read back.
        mine = {"panels": [
            {"type": "lowSupplies", "title": "Toner watch", "size": "large",
             "options": {"thresholdPercent": 100}},
            {"type": "statusBreakdown", "title": "", "size": "small", "options": {"chart": "pie"}}]}
        resp = admin.request("PUT", "/api/v1/dashboards/mine", mine)
        self.assertEqual(resp.status, 200, resp.body)
        self.assertIsNotNone(resp.json()["updatedAt"])
        read = admin.request("GET", "/api/v1/dashboards/mine").json()
        self.assertEqual(read["panels"], mine["panels"])
        self.assertEqual(read["scope"], "mine")
        self.assertIsNone(admin.request("GET", "/api/v1/dashboards/shared").json()["updatedAt"])

        # Status breakdown: every device counted once, the jammed one among the errors.
        breakdown = self.panel(admin, "statusBreakdown")
        self.assertEqual(breakdown["total"], FLEET)
        self.assertEqual(sum(breakdown["counts"].values()), FLEET)
        self.assertGreaterEqual(breakdown["counts"]["error"], 1, breakdown)

        errors = self.panel(admin, "devicesWithErrors?limit=5&minSeverity=error")["devices"]
        jammed = [d for d in errors if d["ipAddress"] == JAM_IP]
        self.assertEqual(len(jammed), 1, errors)
        self.assertEqual(jammed[0]["id"], devices[JAM_IP]["id"])
        self.assertIn("jammed", jammed[0]["conditions"])
        self.assertIn(jammed[0]["severity"], ("error", "service_call"))
        self.assertEqual(len(errors), breakdown["counts"]["error"] + breakdown["counts"]["service_call"])

        # Low supplies at 100 %: every device with a percentage, lowest first, with its supply.
        low = self.panel(admin, "lowSupplies?thresholdPercent=100&limit=50")
        listed = admin.request("GET", "/api/v1/devices?pageSize=200").json()["items"]
        with_percent = [d for d in listed
                        if d["lowestSupply"] and d["lowestSupply"].get("percent") is not None]
        self.assertEqual(low["total"], len(with_percent))
        self.assertEqual(len(low["devices"]), len(with_percent))
        percents = [d["percent"] for d in low["devices"]]
        self.assertEqual(percents, sorted(percents))
        self.assertTrue(all(d["supply"] for d in low["devices"]), low)

        # Page trend: the period asked, today included; one reading a day gives no usage yet.
        trend = self.panel(admin, "counterTrends?days=14&interval=week")
        today = datetime.datetime.now(datetime.timezone.utc).date()
        self.assertEqual(trend["to"], today.isoformat())
        self.assertEqual(trend["from"], (today - datetime.timedelta(days=13)).isoformat())
        self.assertEqual(trend["interval"], "week")
        self.assertEqual(trend["points"], [])

        agents = self.panel(admin, "agentHealth")["agents"]
        self.assertEqual(len(agents), 1)
        self.assertEqual(agents[0]["id"], agent_id)
        self.assertEqual(agents[0]["status"], "active")
        self.assertEqual(agents[0]["devices"], FLEET)
        self.assertIsNotNone(agents[0]["lastContact"])

        # Option and type refusals on the panel data.
        error = self.panel(admin, "agentHealth?limit=3", 400)
        self.assertIn("unknown option \"limit\" for panel type agentHealth", error["message"])
        error = self.panel(admin, "lowSupplies?thresholdPercent=abc", 400)
        self.assertIn("thresholdPercent must be a whole number between 0 and 100", error["message"])
        self.panel(admin, "weather", 404)

        # Without a session: 401.
        anonymous = manager.client()
        self.assertEqual(anonymous.request("GET", "/api/v1/dashboards/shared").status, 401)


if __name__ == "__main__":
    unittest.main()
