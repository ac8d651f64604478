"""End to end: the Manager and Agent binaries as processes on loopback.

Pairing with an activation key, heartbeats, the command channel, restarts of either side,
deactivation and deletion, refusal of a wrong key, clean stops, and no secret in any log.
"""
import hashlib
import json
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import ADMIN_PASSWORD, PrintwardenTestCase, wait_until  # noqa: E402


class AgentPairingTest(PrintwardenTestCase):
    def pair(self, manager, admin, name="site-a"):
        created = admin.create_agent(name)
        agent_id = created["agent"]["id"]
        key = created["activationKey"]
        agent = self.agent().start(manager.url, key)
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
        return agent, agent_id, key

    def ping(self, admin, agent_id):
        return admin.request("POST", f"/api/v1/agents/{agent_id}/ping", {})

    def test_pairs_heartbeats_and_round_trips_a_command(self):
        manager = self.manager()
        admin = manager.admin()
        agent, agent_id, key = self.pair(manager, admin)

        info = admin.agent(agent_id)
        self.assertEqual(info["version"], "0.1.0")
        self.assertTrue(info["activated"])
        self.assertIsNotNone(info["lastContact"])
        details = admin.request("GET", f"/api/v1/agents/{agent_id}").json()
        self.assertNotIn("activationKey", details)  # consumed by the enrolment

        resp = self.ping(admin, agent_id)
        self.assertEqual(resp.status, 200, resp.body)
        self.assertGreaterEqual(resp.json()["roundTripMs"], 0)

        # The key is single-use: a second Agent with it is refused and changes nothing.
        intruder = self.agent("intruder").start(manager.url, key)
        self.assertNotEqual(intruder.process.proc.wait(60), 0)
        self.assertIn("refused the enrolment", intruder.process.output())
        self.assertEqual(len(admin.request("GET", "/api/v1/agents").json()["items"]), 1)

        # Stopping is clean on SIGINT (Ctrl-C) and SIGTERM.
        self.assertEqual(agent.stop(signal.SIGINT), 0)
        self.assertEqual(manager.stop(signal.SIGTERM), 0)

        # No secret ever reaches a log.
        logs = ""
        for path in [os.path.join(manager.data_dir, "logs", "manager.log"),
                     os.path.join(agent.data_dir, "logs", "agent.log"),
                     manager.process.log_path, agent.process.log_path]:
            with open(path, encoding="utf-8", errors="replace") as f:
                logs += f.read()
        self.assertIn("activated as Agent", logs)
        self.assertNotIn(key, logs)
        self.assertNotIn(key.split(".")[1], logs)
        self.assertNotIn(ADMIN_PASSWORD, logs)

    def test_agent_restart_needs_no_key(self):
        manager = self.manager()
        admin = manager.admin()
        agent, agent_id, _ = self.pair(manager, admin)
        agent.stop()
        restarted = self.agent().start()  # same data dir, no --manager, no key
        wait_until(lambda: "connected to the Manager" in restarted.process.output(), what="reconnect")
        self.assertEqual(self.ping(admin, agent_id).status, 200)

    def test_silent_agent_becomes_unreachable_then_active_again(self):
        manager = self.manager()  # heartbeats every second: unreachable after 3 missed
        admin = manager.admin()
        agent, agent_id, _ = self.pair(manager, admin)
        wait_until(lambda: "connected to the Manager" in agent.process.output(), what="connected")
        agent.stop(signal.SIGKILL)  # no goodbye
        wait_until(lambda: admin.agent(agent_id)["status"] == "unreachable", what="unreachable")
        self.assertEqual(self.ping(admin, agent_id).status, 504)  # nobody answers
        self.agent().start()
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="active again")

    def test_agent_killed_before_saving_its_enrolment_recovers_with_the_same_key(self):
        manager = self.manager()
        admin = manager.admin()
        agent, agent_id, key = self.pair(manager, admin)
        wait_until(lambda: "connected to the Manager" in agent.process.output(), what="connected")
        agent.stop(signal.SIGKILL)
        with open(os.path.join(agent.data_dir, "agent.crt")) as f:
            certificate = f.read()
        # Put the data directory back to where a kill between the Manager's answer and the
        # Agent's saving of it leaves it: the key pair is pending, nothing else is saved.
        with open(os.path.join(agent.data_dir, "agent.key")) as f:
            private_key = f.read()
        for name in ("enrollment.json", "agent.crt", "manager-ca.crt", "agent.key"):
            os.remove(os.path.join(agent.data_dir, name))
        with open(os.path.join(agent.data_dir, "enrollment-pending.json"), "w") as f:
            json.dump({"activationKeyHash": hashlib.sha256(key.encode()).hexdigest(),
                       "privateKey": private_key}, f)

        restarted = self.agent().start(manager.url, key)  # the service's command line is unchanged
        wait_until(lambda: "connected to the Manager" in restarted.process.output(), what="reconnected")
        with open(os.path.join(agent.data_dir, "agent.crt")) as f:
            self.assertEqual(f.read(), certificate)  # the same certificate, not a second one
        self.assertFalse(os.path.exists(os.path.join(agent.data_dir, "enrollment-pending.json")))
        self.assertEqual(self.ping(admin, agent_id).status, 200)

    def test_manager_restart_is_survived(self):
        manager = self.manager()
        admin = manager.admin()
        agent, agent_id, _ = self.pair(manager, admin)
        manager.stop()
        # Same ports are not guaranteed after a restart with port 0; pin them.
        manager.config["listen"] = f"127.0.0.1:{manager.port}"
        manager.config["agent_listen"] = f"127.0.0.1:{manager.agent_port}"
        manager.start()
        admin = manager.admin()
        wait_until(lambda: self.ping(admin, agent_id).status == 200, timeout=60, what="ping after restart")
        self.assertEqual(admin.agent(agent_id)["status"], "active")

    def test_deactivated_and_deleted_agents_are_refused(self):
        manager = self.manager()
        admin = manager.admin()
        agent, agent_id, _ = self.pair(manager, admin)

        resp = admin.request("POST", f"/api/v1/agents/{agent_id}/deactivate", {})
        self.assertEqual(resp.status, 200)
        new_key = resp.json()["activationKey"]
        self.assertEqual(resp.json()["agent"]["status"], "inactive")
        self.assertEqual(self.ping(admin, agent_id).status, 409)
        wait_until(lambda: "cannot reach the Manager" in agent.process.output(), what="agent refused")
        self.assertIn("refused client certificate", manager.process.output())

        # The same Agent comes back with the new key (e.g. after moving to another computer).
        agent.stop()
        moved = self.agent().start(manager.url, new_key)
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="re-activated")
        self.assertEqual(self.ping(admin, agent_id).status, 200)

        log_size = len(moved.process.output())
        self.assertEqual(admin.request("DELETE", f"/api/v1/agents/{agent_id}").status, 204)
        self.assertEqual(admin.request("GET", f"/api/v1/agents/{agent_id}").status, 404)
        wait_until(lambda: "cannot reach the Manager" in moved.process.output()[log_size:],
                   what="deleted agent refused")

    def test_malformed_key_and_wrong_manager_fail_clearly(self):
        manager = self.manager()
        bad = self.agent("bad").start(manager.url, "not-a-key")
        self.assertEqual(bad.process.proc.wait(30), 1)
        self.assertIn("activation key is malformed", bad.process.output())

        other = self.manager(name="other-manager")
        key_for_other = other.admin().create_agent("x")["activationKey"]
        wrong = self.agent("wrong").start(manager.url, key_for_other)
        self.assertEqual(wrong.process.proc.wait(30), 1)
        self.assertIn("does not match the activation key", wrong.process.output())

        never = self.agent("never").start()
        self.assertEqual(never.process.proc.wait(30), 1)
        self.assertIn("not activated yet", never.process.output())

        misconfigured = self.agent("misconfigured").start(config={"poll_wait_seconds": 0, "color": "red"})
        self.assertEqual(misconfigured.process.proc.wait(30), 1)
        self.assertIn("poll_wait_seconds: 0 is below 1", misconfigured.process.output())


if __name__ == "__main__":
    unittest.main()
