"""End to end: monitoring readings travel only through the Agent's durable outbox.

A "monitor" command's readings are "monitor-reading" outbox records; its result is a summary.
To hold readings on the Agent the tests freeze printwarden-sim (SIGSTOP) while refreshes are
issued, stop or kill the Manager, then let the simulator answer (the SNMP timeout is long
enough for a retry to reach it): the polls end while the Manager is away. Then:
- the Manager restarts: the readings arrive, stamped with the Agent's read time (status edges
  start then, not at delivery), each device's daily counters once;
- the Manager is killed with SIGKILL again and again while it ingests the backlog one record
  per batch: afterwards every device's reading is stored, once, and nothing was rejected;
- the Agent is killed with SIGKILL after queueing: its next start delivers the readings.
"""
import datetime
import json
import os
import re
import signal
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402
from simulator import RECORDINGS, SIM_BIN, Simulator, discover_fleet  # noqa: E402

# Long enough that a poll frozen at the simulator outlives stopping the Manager: the
# simulator is thawed right after, and the next attempt is answered.
SLOW_SNMP = {"snmp_timeout_ms": 4000, "snmp_retries": 3}


def iso_seconds(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


class MonitoringOutboxTest(PrintwardenTestCase):
    def start_fleet(self, count, states=None, agent_config=None):
        if not SIM_BIN:
            self.fail("PW_SIM_BIN must point at printwarden-sim")
        self.assertTrue(os.path.isdir(RECORDINGS), RECORDINGS)
        self.states = os.path.join(self.workdir, "states.json")
        with open(self.states, "w", encoding="utf-8") as f:
            json.dump(states or {}, f)
        self.sim = Simulator(self.workdir, count, ("--states", self.states))
        self.addCleanup(self.sim.stop)
        manager = self.manager(SLOW_SNMP)
        admin = manager.admin()
        # No communication window: the built-in tasks poll nothing on their own, so every
        # poll here is one the test asked for.
        resp = admin.request("PUT", "/api/v1/settings/communication-windows",
                             {"standard": [], "exceptions": {}})
        self.assertEqual(resp.status, 200, resp.body)
        # Debug: the Agent logs each command it receives.
        agent_config = {"log_level": "debug", **(agent_config or {})}
        agent, agent_id, devices = discover_fleet(self, manager, admin, self.sim, count,
                                                  agent_config)
        self.assertGreaterEqual(len(devices), count - 1, devices.keys())
        # Restarts must find the Manager where the Agent remembers it.
        manager.config["listen"] = f"127.0.0.1:{manager.port}"
        manager.config["agent_listen"] = f"127.0.0.1:{manager.agent_port}"
        return manager, admin, agent, agent_id, devices

    def db(self, manager):
        return sqlite3.connect(f"file:{os.path.join(manager.data_dir, 'manager.db')}?mode=ro",
                               uri=True, timeout=30)

    def position(self, manager, agent_id):
        try:
            db = self.db(manager)
            try:
                row = db.execute("SELECT sequence, rejected FROM agent_outbox_positions "
                                 "WHERE agent_id = ?", (agent_id,)).fetchone()
                return row if row else (0, 0)
            finally:
                db.close()
        except sqlite3.OperationalError:  # the Manager is creating the database
            return (0, 0)

    def queued_summaries(self, agent):
        """The summaries the Agent logged for monitor commands whose readings it queued."""
        out = []
        for line in agent.process.output().splitlines():
            if "readings queued (" in line:
                out.append(json.loads(line.split("readings queued (", 1)[1].rstrip(")")))
        return out

    def poll_while_manager_away(self, manager, admin, agent, device_ids, kill_manager=False):
        """Refreshes the devices with the simulator frozen, stops the Manager, thaws the
        simulator and waits until the Agent has queued every poll's readings. Returns the
        highest outbox sequence among them."""
        before = len(self.queued_summaries(agent))
        self.assertEqual(self.received_polls(agent), before)
        self.sim.freeze()
        try:
            for device_id in device_ids:
                resp = admin.request("POST", f"/api/v1/devices/{device_id}/refresh")
                self.assertEqual(resp.status, 202, resp.body)
            # Every command reached the Agent before the Manager goes.
            wait_until(lambda: self.received_polls(agent) >= before + len(device_ids),
                       timeout=60, what="commands delivered")
            self.assertEqual(len(self.queued_summaries(agent)), before,
                             "a poll ended before the Manager was stopped")
            manager.stop(signal.SIGKILL if kill_manager else signal.SIGTERM)
        finally:
            self.sim.thaw()
        wait_until(lambda: len(self.queued_summaries(agent)) >= before + len(device_ids),
                   timeout=120, what="readings queued while the Manager is away")
        summaries = self.queued_summaries(agent)[before:]
        self.assertEqual(sum(s["devices"] for s in summaries), len(device_ids))
        return max(s["lastSequence"] for s in summaries)

    @staticmethod
    def received_polls(agent):
        """Monitor commands the Agent has received (its debug log says so)."""
        return len(re.findall(r"\] command \d+ monitor", agent.process.output()))

    def test_readings_polled_while_the_manager_is_away_arrive_after_its_restart(self):
        manager, admin, agent, agent_id, devices = self.start_fleet(6)
        jam_id = devices["127.16.0.1"]["id"]
        off_id = devices["127.16.0.2"]["id"]
        # A first reading of each with the Manager up: one open edge each.
        for device_id in (jam_id, off_id):
            resp = admin.request("POST", f"/api/v1/devices/{device_id}/refresh")
            self.assertEqual(resp.status, 202, resp.body)
        wait_until(lambda: all(admin.request("GET", f"/api/v1/devices/{d}/status").json()["polled"]
                               for d in (jam_id, off_id)), timeout=60, what="first readings")
        first = admin.request("GET", f"/api/v1/devices/{jam_id}/counters").json()
        self.assertEqual(len(first["daily"]), 1)

        self.sim.reload_states(self.states, json.dumps({"127.16.0.1": "paper-jam",
                                                        "127.16.0.2": "powered-off"}))
        last = self.poll_while_manager_away(manager, admin, agent, [jam_id, off_id])
        self.assertIn("cannot deliver to the Manager", agent.process.output())
        queued_at = time.time()

        manager.start()
        admin = manager.admin()
        wait_until(lambda: self.position(manager, agent_id)[0] >= last, timeout=60,
                   what="readings delivered")
        self.assertEqual(self.position(manager, agent_id)[1], 0, "no record rejected")

        jam = admin.request("GET", f"/api/v1/devices/{jam_id}/status").json()
        self.assertIn("jammed", jam["conditions"])
        # Stamped when the Agent read it, before the Manager came back.
        self.assertLessEqual(iso_seconds(jam["readAt"]), queued_at)
        edges = admin.request("GET", f"/api/v1/devices/{jam_id}/status-history").json()["items"]
        self.assertEqual(len(edges), 2, edges)
        self.assertEqual(edges[1]["conditions"], ["jammed"])
        self.assertEqual(iso_seconds(edges[1]["start"]), iso_seconds(jam["readAt"]))
        self.assertEqual(edges[0]["end"], edges[1]["start"])
        off = admin.request("GET", f"/api/v1/devices/{off_id}/status").json()
        self.assertEqual(off["power"], "no_response")
        off_edges = admin.request("GET", f"/api/v1/devices/{off_id}/status-history").json()
        self.assertEqual([e["power"] for e in off_edges["items"]][-1], "no_response")
        self.assertEqual(len(off_edges["items"]), 2, off_edges)
        # One daily row, the later reading's: not a second one, not a sum.
        counters = admin.request("GET", f"/api/v1/devices/{jam_id}/counters").json()
        self.assertEqual(len(counters["daily"]), 1, counters["daily"])
        self.assertEqual(counters["daily"][0]["counters"]["total"]["value"],
                         counters["latest"]["normalized"]["total"]["value"])
        self.assertGreaterEqual(counters["daily"][0]["counters"]["total"]["value"],
                                first["daily"][0]["counters"]["total"]["value"])

    def test_manager_killed_while_ingesting_a_backlog_stores_every_reading_once(self):
        count = 120
        # One record per batch: the backlog takes many transactions, so kills land inside it.
        manager, admin, agent, agent_id, devices = self.start_fleet(
            count, agent_config={"outbox_batch_records": 1, "max_backoff_seconds": 1})
        ids = sorted(d["id"] for d in devices.values())
        last = self.poll_while_manager_away(manager, admin, agent, ids, kill_manager=True)
        killed_at = []
        while len(killed_at) < 4 and self.position(manager, agent_id)[0] < last:
            before = self.position(manager, agent_id)[0]
            manager.start()
            wait_until(lambda: self.position(manager, agent_id)[0] > before, timeout=60,
                       what="ingest under way")
            manager.stop(signal.SIGKILL)
            killed_at.append(self.position(manager, agent_id)[0])
        self.assertTrue(any(p < last for p in killed_at), f"no kill inside the backlog: {killed_at}")
        manager.start()
        wait_until(lambda: self.position(manager, agent_id)[0] >= last, timeout=120,
                   what="backlog delivered")
        self.assertEqual(self.position(manager, agent_id)[1], 0, "no record rejected")
        db = self.db(manager)
        try:
            statuses = dict(db.execute("SELECT device_id, read_at FROM device_status"))
            edges = db.execute("SELECT device_id, COUNT(*) FROM status_edges GROUP BY device_id "
                               "HAVING COUNT(*) != 1").fetchall()
            days = db.execute("SELECT device_id, COUNT(*) FROM counter_readings "
                              "GROUP BY device_id HAVING COUNT(*) != 1").fetchall()
        finally:
            db.close()
        self.assertEqual(sorted(statuses), ids, "every device's reading stored")
        self.assertEqual(edges, [], "one edge per device")
        self.assertEqual(days, [], "one daily counter row per device")

    def test_agent_killed_before_delivery_delivers_after_its_restart(self):
        manager, admin, agent, agent_id, devices = self.start_fleet(3)
        device_id = devices["127.16.0.3"]["id"]
        last = self.poll_while_manager_away(manager, admin, agent, [device_id])
        agent.stop(signal.SIGKILL)
        manager.start()
        admin = manager.admin()
        self.assertFalse(admin.request("GET", f"/api/v1/devices/{device_id}/status")
                         .json()["polled"])
        self.agent().start()
        wait_until(lambda: self.position(manager, agent_id)[0] >= last, timeout=60,
                   what="readings delivered by the restarted Agent")
        status = admin.request("GET", f"/api/v1/devices/{device_id}/status").json()
        self.assertTrue(status["polled"])
        self.assertIn(status["power"], ("on", "sleep", "unknown"))


if __name__ == "__main__":
    unittest.main()
