"""End to end: store and forward through the Agent's durable outbox (decision 0012).

The Agent's own status records ("agent-status", every status_interval_ms) flow through the
outbox; the tests stop and kill either side while they do and then read the Manager's
database: every record the Agent numbered is stored exactly once, in sequence order, and
nothing the Agent forgot (acknowledged) is missing.
"""
import os
import shutil
import signal
import sqlite3
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "harness"))
from printwarden import PrintwardenTestCase, wait_until  # noqa: E402


def outbox_sequences(agent):
    """Sequences in the Agent's outbox files (record framing: agent/outbox/outbox.hpp)."""
    directory = os.path.join(agent.data_dir, "outbox")
    sequences = []
    for name in sorted(os.listdir(directory)):
        if not name.startswith("seg-"):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            data = f.read()
        offset = 0
        while offset + 8 <= len(data):
            length = struct.unpack_from("<I", data, offset)[0]
            if offset + 8 + length > len(data):
                break  # being written right now
            sequences.append(struct.unpack_from("<Q", data, offset + 8)[0])
            offset += 8 + length
    return sequences


class OutboxTest(PrintwardenTestCase):
    def start_pair(self, agent_config):
        manager = self.manager()
        admin = manager.admin()
        created = admin.create_agent("site-a")
        agent_id = created["agent"]["id"]
        agent = self.agent().start(manager.url, created["activationKey"], config=agent_config)
        wait_until(lambda: admin.agent(agent_id)["status"] == "active", what="agent active")
        # Later restarts must find the Manager where the Agent remembers it.
        manager.config["listen"] = f"127.0.0.1:{manager.port}"
        manager.config["agent_listen"] = f"127.0.0.1:{manager.agent_port}"
        return manager, agent, agent_id

    def stored(self, manager, agent_id):
        """(sequences in insertion order, position) as the Manager's database holds them."""
        db = sqlite3.connect(f"file:{os.path.join(manager.data_dir, 'manager.db')}?mode=ro",
                             uri=True, timeout=30)
        try:
            rows = [r[0] for r in db.execute(
                "SELECT sequence FROM agent_self_status WHERE agent_id = ? ORDER BY rowid",
                (agent_id,))]
            position = db.execute("SELECT sequence FROM agent_outbox_positions WHERE agent_id = ?",
                                  (agent_id,)).fetchone()
            return rows, position[0] if position else 0
        finally:
            db.close()

    def position(self, manager, agent_id):
        try:
            return self.stored(manager, agent_id)[1]
        except sqlite3.OperationalError:  # the Manager is creating the database
            return 0

    def assert_exactly_once_in_order(self, manager, agent_id, through):
        rows, position = self.stored(manager, agent_id)
        self.assertGreaterEqual(position, through)
        self.assertEqual(rows, list(range(1, position + 1)),
                         "every record once, in sequence order, none missing")

    def build_backlog(self, manager, agent, agent_id, records):
        """Stops the Manager and lets the Agent queue at least `records` records."""
        wait_until(lambda: self.position(manager, agent_id) > 0, what="first records stored")
        manager.stop()
        wait_until(lambda: len(outbox_sequences(agent)) >= records, timeout=120,
                   what=f"{records} records queued")

    def test_records_queued_while_the_manager_is_stopped_arrive_in_order(self):
        manager, agent, agent_id = self.start_pair({"status_interval_ms": 20})
        self.build_backlog(manager, agent, agent_id, 200)
        queued = outbox_sequences(agent)
        self.assertIn("cannot deliver to the Manager", agent.process.output())

        manager.start()
        wait_until(lambda: self.position(manager, agent_id) >= queued[-1], timeout=60,
                   what="backlog delivered")
        self.assert_exactly_once_in_order(manager, agent_id, queued[-1])
        # Logged once the Agent has the answer, which may come just after the commit.
        wait_until(lambda: "delivering again" in agent.process.output(), what="link back")
        # The Manager shows the Agent's latest self-status and where its outbox stands.
        details = manager.admin().request("GET", f"/api/v1/agents/{agent_id}").json()
        self.assertGreater(details["agent"]["selfStatus"]["rssBytes"], 0)
        self.assertGreaterEqual(details["agent"]["outbox"]["position"], queued[-1])
        self.assertEqual(details["agent"]["outbox"]["droppedRecords"], 0)

    def test_manager_killed_during_ingest_loses_and_duplicates_nothing(self):
        manager, agent, agent_id = self.start_pair(
            {"status_interval_ms": 1, "outbox_batch_records": 2000})
        self.build_backlog(manager, agent, agent_id, 8000)
        for _ in range(5):
            before = self.position(manager, agent_id)
            manager.start()
            wait_until(lambda: self.position(manager, agent_id) > before, timeout=60,
                       what="ingest under way")
            manager.stop(signal.SIGKILL)  # in the middle of the backlog's batches
        manager.start()
        # Stop producing, then everything the Agent holds must arrive.
        agent.stop()
        last = max(outbox_sequences(agent) or [0])
        self.agent().start(config={"status_interval_ms": 3_600_000})
        wait_until(lambda: self.position(manager, agent_id) >= last, timeout=120,
                   what="backlog delivered")
        self.assert_exactly_once_in_order(manager, agent_id, last)

    def test_agent_killed_mid_send_resends_and_the_manager_deduplicates(self):
        manager, agent, agent_id = self.start_pair(
            {"status_interval_ms": 1, "outbox_batch_records": 500})
        self.build_backlog(manager, agent, agent_id, 6000)
        agent.stop()
        last = max(outbox_sequences(agent))
        quiet = {"status_interval_ms": 3_600_000, "outbox_batch_records": 500}
        # The outbox as it was before delivery: restoring it later is an Agent whose
        # acknowledgements were all lost, so it sends everything again.
        snapshot = os.path.join(self.workdir, "outbox-snapshot")
        shutil.copytree(os.path.join(agent.data_dir, "outbox"), snapshot)

        manager.start()
        for _ in range(3):
            before = self.position(manager, agent_id)
            agent = self.agent().start(config=quiet)
            wait_until(lambda: self.position(manager, agent_id) > before, timeout=60,
                       what="delivery under way")
            agent.stop(signal.SIGKILL)
        agent = self.agent().start(config=quiet)
        wait_until(lambda: self.position(manager, agent_id) >= last, timeout=120,
                   what="backlog delivered")
        self.assert_exactly_once_in_order(manager, agent_id, last)

        agent.stop()
        shutil.rmtree(os.path.join(agent.data_dir, "outbox"))
        shutil.copytree(snapshot, os.path.join(agent.data_dir, "outbox"))
        agent = self.agent().start(config=quiet)
        wait_until(lambda: not outbox_sequences(agent), timeout=120,
                   what="resent records acknowledged")
        self.assert_exactly_once_in_order(manager, agent_id, last)
        self.assertEqual(self.stored(manager, agent_id)[1], last)


if __name__ == "__main__":
    unittest.main()
