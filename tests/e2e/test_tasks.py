"""End to end: user tasks through the real Manager, Agent and printwarden-sim.

A "discovery" task on an Agent, saved with "run now", runs through the Agent channel and the
run records the Agent's result (Success, how many printers) while the printers get
registered. A task on two Agents, one of them not running, is cancelled: the answered Agent
keeps its result, the other becomes cancelled. A Manager killed (SIGKILL) while a run waits on
an Agent that is down leaves, after its restart, an Error that says so - never "running". The
failed target is recovered into an inactive task holding only it. Schedules are previewed in a
zone; bad requests are refused naming the field.
"""
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import RECORDINGS, SIM_BIN, Simulator  # noqa: E402

FLEET = 4


class TasksTest(PrintwardenTestCase):
    def setUp(self):
        super().setUp()
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        self.sim = Simulator(self.workdir, FLEET)
        self.addCleanup(self.sim.stop)

    def pair(self, manager, admin, name, start=True):
        created = admin.create_agent(name)
        agent_id = created["agent"]["id"]
        agent = self.agent(name)
        agent.start(manager.url, created["activationKey"])
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
        resp = admin.request("PUT", f"/api/v1/agents/{agent_id}/scope",
                             {"ipv4": ["127.16.0.1-127.16.0.8"] if start else ["127.17.0.1"],
                              "fqdnSuffixes": [],
                              "discovery": {"method": "scope", "addresses": [],
                                            "hostNames": []}})
        self.assertEqual(resp.status, 200, resp.body)
        resp = admin.request("POST", "/api/v1/credentials",
                             {"kind": "snmpv1", "description": "public " + name,
                              "agentIds": [agent_id],
                              "fields": {"version": "v2c", "community": "public"}})
        self.assertEqual(resp.status, 201, resp.body)
        if not start:
            agent.stop()
        return agent_id

    def create(self, admin, name, agent_ids, status=201, **extra):
        body = {"name": name, "type": "discovery", "schedule": {"kind": "now"},
                "parameters": {"port": self.sim.port}, "targets": {"agentIds": agent_ids}}
        body.update(extra)
        resp = admin.request("POST", "/api/v1/tasks", body)
        self.assertEqual(resp.status, status, resp.body)
        return resp.json()

    def last_run(self, admin, task_id):
        runs = admin.request("GET", f"/api/v1/tasks/{task_id}/runs").json()["items"]
        self.assertTrue(runs)
        return admin.request("GET", f"/api/v1/task-runs/{runs[0]['id']}").json()

    def finished_run(self, admin, task_id):
        return wait_until(lambda: (lambda r: r if r["state"] != "running" else None)(
            self.last_run(admin, task_id)), timeout=120, interval=0.2, what="run finished")

    def test_discovery_task_runs_now_and_records_the_agent_result(self):
        manager = self.manager()
        admin = manager.admin()
        agent_id = self.pair(manager, admin, "site-a")
        self.assertIn("discovery", admin.request("GET", "/api/v1/task-types").json()["items"])
        task = self.create(admin, "Sweep site A", [agent_id])
        self.assertTrue(task["active"])
        self.assertIsNone(task["nextRunAt"])
        run = self.finished_run(admin, task["id"])
        self.assertEqual(run["state"], "completed", run)
        self.assertEqual(run["result"], "success", run)
        self.assertEqual(run["targetTotal"], 1)
        target = run["targets"][0]
        self.assertEqual((target["kind"], target["id"], target["result"]),
                         ("agent", agent_id, "success"))
        self.assertEqual(target["detail"], f"{FLEET} printers found")
        devices = admin.request("GET", "/api/v1/devices?filter[state]=managed"
                                       "&filter[state]=unmanaged").json()
        self.assertEqual(devices["total"], FLEET)
        # The task list shows the last run; a duplicate is an inactive copy that does not run.
        listed = admin.request("GET", "/api/v1/tasks").json()["items"]
        self.assertEqual(listed[0]["lastRun"]["result"], "success")
        copy = admin.request("POST", f"/api/v1/tasks/{task['id']}/duplicate").json()
        self.assertEqual((copy["name"], copy["active"]), ("Sweep site A - Copy", False))
        self.assertEqual(admin.request("GET", f"/api/v1/tasks/{copy['id']}/runs").json(),
                         {"items": []})

    def test_cancel_then_restart_truthfulness_then_recover(self):
        manager = self.manager()
        admin = manager.admin()
        up = self.pair(manager, admin, "site-up")
        down = self.pair(manager, admin, "site-down", start=False)
        task = self.create(admin, "Two sites", [up, down])
        # The running Agent answers; the stopped one cannot.
        wait_until(lambda: {t["id"]: t["result"] for t in
                            self.last_run(admin, task["id"])["targets"]}[up] == "success",
                   timeout=120, interval=0.2, what="site-up answered")
        run = self.last_run(admin, task["id"])
        self.assertEqual(run["state"], "running")
        resp = admin.request("POST", f"/api/v1/task-runs/{run['id']}/cancel")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(resp.json()["state"], "cancelled")
        results = {t["id"]: t for t in self.last_run(admin, task["id"])["targets"]}
        self.assertEqual(results[up]["result"], "success")
        self.assertEqual(results[down]["result"], "cancelled")
        self.assertEqual(results[down]["detail"],
                         "cancelled after it was sent to the Agent: the operation may have "
                         "been done")
        resp = admin.request("POST", f"/api/v1/task-runs/{run['id']}/cancel")
        self.assertEqual((resp.status, resp.json()["code"]), (409, "run_finished"))

        # Run again and kill the Manager while the stopped Agent's part is outstanding.
        resp = admin.request("POST", f"/api/v1/tasks/{task['id']}/run")
        self.assertEqual(resp.status, 202, resp.body)
        second = resp.json()["id"]
        wait_until(lambda: {t["id"]: t["result"] for t in admin.request(
            "GET", f"/api/v1/task-runs/{second}").json()["targets"]}.get(up) == "success",
                   timeout=120, interval=0.2, what="site-up answered again")
        manager.stop(signal.SIGKILL)
        manager.start()
        admin = manager.admin()
        run = admin.request("GET", f"/api/v1/task-runs/{second}").json()
        self.assertEqual((run["state"], run["result"]), ("completed", "error"), run)
        results = {t["id"]: t for t in run["targets"]}
        self.assertEqual(results[up]["result"], "success")
        self.assertEqual(results[down]["result"], "error")
        self.assertTrue(results[down]["detail"].startswith("interrupted by a Manager restart"),
                        results[down])

        # Recover: an inactive task for the failed target only.
        resp = admin.request("POST", f"/api/v1/task-runs/{second}/recover")
        self.assertEqual(resp.status, 201, resp.body)
        recovery = resp.json()
        self.assertEqual(recovery["name"], "Two sites - Recovery")
        self.assertFalse(recovery["active"])
        self.assertEqual(recovery["targets"]["agentIds"], [down])

    def test_schedules_preview_and_validation(self):
        manager = self.manager()
        admin = manager.admin()
        resp = admin.request("POST", "/api/v1/task-schedules/preview",
                             {"schedule": {"kind": "monthly", "time": "02:30", "monthDay": 31},
                              "timeZone": "Europe/Paris"})
        self.assertEqual(resp.status, 200, resp.body)
        runs = resp.json()["items"]
        self.assertEqual(len(runs), 5)
        # The 31st: never in a 30-day month nor February.
        for iso in runs:
            self.assertRegex(iso, r"^\d{4}-(01|03|05|07|08|10|12)-(31|30)T")
        resp = admin.request("POST", "/api/v1/task-schedules/preview",
                             {"schedule": {"kind": "weekly", "time": "09:00"}})
        self.assertEqual(resp.status, 400)
        self.assertIn("schedule.weekdays", resp.json()["message"])
        resp = admin.request("POST", "/api/v1/tasks",
                             {"name": "x", "type": "discovery", "schedule": {"kind": "now"},
                              "targets": {"deviceIds": [1]}})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.json()["message"], "targets: this task type takes Agents")
        resp = admin.request("POST", "/api/v1/tasks",
                             {"name": "x", "type": "discovery", "schedule": {"kind": "daily",
                                                                            "time": "25:00"},
                              "targets": {"agentIds": [1]}})
        self.assertEqual(resp.status, 400)
        self.assertIn("schedule.time", resp.json()["message"])
        self.assertEqual(admin.request("GET", "/api/v1/tasks/999").status, 404)
        resp = admin.request("PUT", "/api/v1/settings/task-history", {"days": 0})
        self.assertEqual(resp.status, 400)
        resp = admin.request("PUT", "/api/v1/settings/task-history", {"days": 30})
        self.assertEqual(resp.json(), {"days": 30})


if __name__ == "__main__":
    unittest.main()
